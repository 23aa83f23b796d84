//! Registrations for events: capacity, waiting list, deadline, one registration per
//! e-mail address, and cancellation by a secret link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::events::{Event, EventId};
use crate::i18n::Lang;
use crate::ids::Id;
use crate::record::{Kind, Record, Reference};
use crate::validate::{Problems, is_email};

pub type RegistrationId = Id<EventRegistration>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

/// One person's registration for one event. Personal data: kept for the event only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRegistration {
    pub event_id: EventId,
    pub name: String,
    /// Lower case.
    pub email: String,
    /// When the person agreed that their name and address are kept for this event.
    pub consent_at: DateTime<Utc>,
    pub status: RegistrationStatus,
    /// The secret in the cancellation link (64 hex digits).
    pub cancel_token: String,
    /// The language mails to this person are written in.
    pub language: Lang,
}

impl Record for EventRegistration {
    const KIND: Kind = Kind::Registration;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        let name = self.name.trim();
        p.check(!name.is_empty(), "name", "is required");
        p.check(name.chars().count() <= 200, "name", "is longer than 200 characters");
        p.check(!name.chars().any(char::is_control), "name", "contains control characters");
        p.check(is_email(&self.email), "email", "is not an e-mail address");
        p.check(self.email == self.email.to_lowercase(), "email", "must be in lower case");
        p.check(
            self.cancel_token.len() == 64 && self.cancel_token.bytes().all(|b| b.is_ascii_hexdigit()),
            "cancel_token",
            "must be 64 hex digits",
        );
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::to("event_id", self.event_id)]
    }
}

/// What a person fills in on the form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    /// The consent checkbox; absent when not ticked.
    pub consent: Option<String>,
}

/// Checks the form on its own: every failing field at once.
pub fn check_form(form: &RegistrationForm) -> Result<()> {
    let mut p = Problems::new();
    let name = form.name.trim();
    p.check(!name.is_empty(), "name", "Please fill in your name.");
    p.check(name.chars().count() <= 200, "name", "Your name is longer than 200 characters.");
    p.check(is_email(form.email.trim()), "email", "Please fill in a valid e-mail address.");
    p.check(form.consent.is_some(), "consent", "Please agree that we keep your name and address for this event.");
    p.finish()
}

/// Where a new registration lands, given the event and the registrations so far.
pub fn place(
    event: &Event,
    now: DateTime<Utc>,
    email: &str,
    existing: &[EventRegistration],
) -> Result<RegistrationStatus> {
    let Some(rules) = &event.registration else {
        return Err(Error::Conflict("this event does not take registrations".into()));
    };
    if now >= event.starts_at || rules.deadline.is_some_and(|d| now > d) {
        return Err(Error::Conflict("registration for this event has closed".into()));
    }
    let active = existing.iter().filter(|r| r.status != RegistrationStatus::Cancelled);
    if active.clone().any(|r| r.email == email) {
        return Err(Error::invalid("email", "This address is already registered for this event."));
    }
    let confirmed = active.filter(|r| r.status == RegistrationStatus::Confirmed).count();
    match rules.capacity {
        Some(cap) if confirmed >= cap as usize => {
            if rules.waiting_list {
                Ok(RegistrationStatus::Waiting)
            } else {
                Err(Error::Conflict("this event is full".into()))
            }
        }
        _ => Ok(RegistrationStatus::Confirmed),
    }
}

/// Places left at an event, if it has a limit.
pub fn places_left(event: &Event, existing: &[EventRegistration]) -> Option<u32> {
    let cap = event.registration.as_ref()?.capacity?;
    let confirmed = existing.iter().filter(|r| r.status == RegistrationStatus::Confirmed).count() as u32;
    Some(cap.saturating_sub(confirmed))
}

/// A message to one person, in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// A mail that a change sends, built from what the change stored; the store queues it
/// in the change's own transaction, so the change and its mail commit together.
pub type MailFor<'a, T> = &'a (dyn Fn(&crate::Stored<T>) -> Mail + Send + Sync);

/// A mail in the outbox: queued with the change that caused it, sent by whoever
/// delivers next (the request that queued it, then the server's sender, with retries).
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedMail {
    pub id: i64,
    pub partnership_id: Option<crate::partnerships::PartnershipId>,
    pub mail: Mail,
    pub created_at: DateTime<Utc>,
    /// Tries so far (the one under way included).
    pub attempts: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

impl QueuedMail {
    /// Given up after [`MAIL_ATTEMPTS`] failed tries: a coordinator must act.
    pub fn gave_up(&self) -> bool {
        self.sent_at.is_none() && self.next_attempt_at.is_none()
    }
}

/// How often a mail is tried before it is given up (over about four hours).
pub const MAIL_ATTEMPTS: u32 = 8;

/// How long after failed try number `attempt` (from 1) the mail is tried again:
/// 1, 2, 4, … minutes, at most an hour.
pub fn mail_backoff(attempt: u32) -> chrono::Duration {
    chrono::Duration::minutes(1i64 << attempt.saturating_sub(1).min(6)).min(chrono::Duration::hours(1))
}

/// Sends mail: through SMTP when configured, else into the outbox folder.
pub trait Mailer: Send + Sync {
    fn send(&self, mail: &Mail) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{EventKind, Registration};
    use crate::{Localized, Publication};
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).single().unwrap_or_default()
    }

    fn event(capacity: Option<u32>, waiting_list: bool) -> Event {
        Event {
            partnership_id: Id::new(1),
            title: Localized::default(),
            description: Localized::default(),
            kind: EventKind::NetworkEvent,
            starts_at: at(10, 18),
            ends_at: at(10, 21),
            time_zone: "Europe/Brussels".into(),
            venue: Localized::default(),
            online_url: None,
            registration: Some(Registration { capacity, waiting_list, deadline: Some(at(6, 23)) }),
            programme_id: None,
            joint: false,
            publication: Publication::Published,
            example: false,
        }
    }

    fn reg(email: &str, status: RegistrationStatus) -> EventRegistration {
        EventRegistration {
            event_id: Id::new(1),
            name: "x".into(),
            email: email.into(),
            consent_at: at(1, 9),
            status,
            cancel_token: "0".repeat(64),
            language: Lang::Nl,
        }
    }

    #[test]
    fn capacity_then_waiting_list_then_full() {
        let one = [reg("a@x.be", RegistrationStatus::Confirmed)];
        assert_eq!(place(&event(Some(2), true), at(1, 9), "b@x.be", &one), Ok(RegistrationStatus::Confirmed));
        assert_eq!(place(&event(Some(1), true), at(1, 9), "b@x.be", &one), Ok(RegistrationStatus::Waiting));
        assert!(matches!(place(&event(Some(1), false), at(1, 9), "b@x.be", &one), Err(Error::Conflict(_))));
        let cancelled = [reg("a@x.be", RegistrationStatus::Cancelled)];
        assert_eq!(place(&event(Some(1), false), at(1, 9), "b@x.be", &cancelled), Ok(RegistrationStatus::Confirmed));
        assert_eq!(places_left(&event(Some(2), true), &one), Some(1));
    }

    #[test]
    fn deadline_and_duplicates() {
        assert!(matches!(place(&event(None, false), at(7, 0), "b@x.be", &[]), Err(Error::Conflict(_))));
        assert_eq!(place(&event(None, false), at(6, 22), "b@x.be", &[]), Ok(RegistrationStatus::Confirmed));
        let one = [reg("a@x.be", RegistrationStatus::Waiting)];
        assert!(matches!(place(&event(None, false), at(1, 9), "a@x.be", &one), Err(Error::Invalid { .. })));
        let form = RegistrationForm { name: " ".into(), email: "nope".into(), consent: None };
        let Err(Error::Invalid { fields }) = check_form(&form) else { panic!("invalid") };
        assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["name", "email", "consent"]);
    }
}
