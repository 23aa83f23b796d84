//! Registrations for events: capacity, waiting list, deadline, one registration per
//! e-mail address, confirmation and cancellation by a secret link.
//!
//! A registration from the public form is *unconfirmed* until the person opens the
//! link mailed to them: it holds a place for [`HOLD`] only, so a script typing other
//! people's addresses can't fill an event. Unconfirmed registrations are forgotten
//! after [`FORGET_UNCONFIRMED`].

use crate::problem::Problem;
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
    /// Sent from the form, not yet confirmed from the mail.
    Unconfirmed,
}

/// How long an unconfirmed registration holds its place.
pub const HOLD: chrono::Duration = chrono::Duration::minutes(30);

/// How long an unconfirmed registration is kept (its confirmation link works as long,
/// though it may find the event full once its hold is over).
pub const FORGET_UNCONFIRMED: chrono::Duration = chrono::Duration::hours(24);

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
    /// Unconfirmed: the place it holds until then (none when it would join the
    /// waiting list, or once the hold is over).
    #[serde(default)]
    pub held_until: Option<DateTime<Utc>>,
}

impl EventRegistration {
    /// Takes one of the event's places at `now`: confirmed, or unconfirmed and held.
    pub fn takes_place(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            RegistrationStatus::Confirmed => true,
            RegistrationStatus::Unconfirmed => self.held_until.is_some_and(|until| now < until),
            RegistrationStatus::Waiting | RegistrationStatus::Cancelled => false,
        }
    }

    /// Counts as this address's registration: a second one is refused.
    fn registers_address(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, RegistrationStatus::Confirmed | RegistrationStatus::Waiting) || self.takes_place(now)
    }
}

impl Record for EventRegistration {
    const KIND: Kind = Kind::Registration;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        let name = self.name.trim();
        p.check(!name.is_empty(), "name", Problem::Required);
        p.check(name.chars().count() <= 200, "name", Problem::TooLong { max: 200 });
        p.check(!name.chars().any(char::is_control), "name", Problem::Control);
        p.check(is_email(&self.email), "email", Problem::Email);
        p.check(self.email == self.email.to_lowercase(), "email", Problem::LowerCase);
        p.check(
            self.cancel_token.len() == 64 && self.cancel_token.bytes().all(|b| b.is_ascii_hexdigit()),
            "cancel_token",
            Problem::Malformed,
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
    p.check_coded(!name.is_empty(), "name", "reg-error-name", "Please fill in your name.");
    p.check_coded(name.chars().count() <= 200, "name", "reg-error-name", "Your name is longer than 200 characters.");
    p.check_coded(is_email(form.email.trim()), "email", "reg-error-email", "Please fill in a valid e-mail address.");
    p.check_coded(
        form.consent.is_some(),
        "consent",
        "reg-error-consent",
        "Please agree that we keep your name and address for this event.",
    );
    p.finish()
}

/// Where a registration lands once confirmed, given the event and the other
/// registrations: a place if one is free and nobody waits for it, else the waiting list.
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
    if existing.iter().any(|r| r.email == email && r.registers_address(now)) {
        return Err(Error::coded("email", "reg-error-duplicate", "This address is already registered for this event."));
    }
    let waiting = existing.iter().any(|r| r.status == RegistrationStatus::Waiting);
    match places_left(event, now, existing) {
        Some(0) => {}
        Some(_) if waiting => {}
        _ => return Ok(RegistrationStatus::Confirmed),
    }
    if rules.waiting_list { Ok(RegistrationStatus::Waiting) } else { Err(Error::Conflict("this event is full".into())) }
}

/// A registration sent from the form at `now`: unconfirmed, holding a place for
/// [`HOLD`] if it would get one.
pub fn unconfirmed(
    event: &Event,
    now: DateTime<Utc>,
    email: &str,
    existing: &[EventRegistration],
) -> Result<Option<DateTime<Utc>>> {
    Ok(match place(event, now, email, existing)? {
        RegistrationStatus::Confirmed => Some(now + HOLD),
        _ => None,
    })
}

/// What `this` unconfirmed registration becomes when the person confirms at `now`: a
/// place it still holds is theirs; after the hold it is placed as a new one would be.
/// `others` are the event's other registrations.
pub fn confirm(
    event: &Event,
    now: DateTime<Utc>,
    this: &EventRegistration,
    others: &[EventRegistration],
) -> Result<RegistrationStatus> {
    if now >= event.starts_at {
        return Err(Error::Conflict("registration for this event has closed".into()));
    }
    if this.takes_place(now) {
        return Ok(RegistrationStatus::Confirmed);
    }
    place(event, now, &this.email, others)
}

/// Places left at an event at `now`, if it has a limit (held places are taken).
pub fn places_left(event: &Event, now: DateTime<Utc>, existing: &[EventRegistration]) -> Option<u32> {
    let cap = event.registration.as_ref()?.capacity?;
    let taken = existing.iter().filter(|r| r.takes_place(now)).count() as u32;
    Some(cap.saturating_sub(taken))
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
            held_until: None,
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
        assert_eq!(places_left(&event(Some(2), true), at(1, 9), &one), Some(1));
    }

    #[test]
    fn an_unconfirmed_registration_holds_its_place_only_briefly() {
        let now = at(1, 9);
        let held = EventRegistration { held_until: Some(now + HOLD), ..reg("a@x.be", RegistrationStatus::Unconfirmed) };
        let one_place = event(Some(1), true);
        // While held, the place is taken, and the address can't register again.
        assert_eq!(places_left(&one_place, now, std::slice::from_ref(&held)), Some(0));
        assert_eq!(unconfirmed(&one_place, now, "b@x.be", std::slice::from_ref(&held)), Ok(None));
        assert!(matches!(place(&one_place, now, "a@x.be", std::slice::from_ref(&held)), Err(Error::Invalid { .. })));
        assert_eq!(confirm(&one_place, now + HOLD / 2, &held, &[]), Ok(RegistrationStatus::Confirmed));
        // Once the hold is over the place is free again, for whoever confirms first.
        let later = now + HOLD;
        assert_eq!(places_left(&one_place, later, std::slice::from_ref(&held)), Some(1));
        assert_eq!(unconfirmed(&one_place, later, "b@x.be", std::slice::from_ref(&held)), Ok(Some(later + HOLD)));
        let taken = [reg("b@x.be", RegistrationStatus::Confirmed)];
        assert_eq!(confirm(&one_place, later, &held, &taken), Ok(RegistrationStatus::Waiting));
        // Nobody jumps the waiting list: a free place with people waiting goes to them.
        let waiting = [reg("w@x.be", RegistrationStatus::Waiting)];
        assert_eq!(place(&one_place, later, "c@x.be", &waiting), Ok(RegistrationStatus::Waiting));
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
