//! Events: an instant in UTC plus the IANA time zone the event happens in, so each
//! city can be shown its own local time.

use crate::problem::Problem;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::activities::ProgrammeId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::partnerships::PartnershipId;
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, is_http_url, is_time_zone};

pub type EventId = Id<Event>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    NetworkEvent,
    Anniversary,
    Concert,
    Exhibition,
    OfficialVisit,
    Lecture,
    Workshop,
    Other,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// `None`: no limit.
    pub capacity: Option<u32>,
    /// When full, further people join a waiting list instead of being refused.
    pub waiting_list: bool,
    pub deadline: Option<DateTime<Utc>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub partnership_id: PartnershipId,
    pub title: Localized,
    pub description: Localized,
    pub kind: EventKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Where the event happens; online events use the organising city's zone.
    pub time_zone: String,
    pub venue: Localized,
    pub online_url: Option<String>,
    pub registration: Option<Registration>,
    pub programme_id: Option<ProgrammeId>,
    pub joint: bool,
    pub publication: Publication,
    pub example: bool,
}

impl Record for Event {
    const KIND: Kind = Kind::Event;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        self.title.check(&mut p, "title", true, 300);
        self.description.check(&mut p, "description", false, 20000);
        self.venue.check(&mut p, "venue", false, 500);
        p.check(self.ends_at >= self.starts_at, "ends_at", Problem::BeforeStart);
        p.check(is_time_zone(&self.time_zone), "time_zone", Problem::TimeZone);
        if let Some(url) = &self.online_url {
            p.check(is_http_url(url), "online_url", Problem::Https);
        }
        p.check(!self.venue.is_empty() || self.online_url.is_some(), "venue", Problem::VenueOrLink);
        if let Some(r) = &self.registration {
            p.check(r.capacity != Some(0), "registration.capacity", Problem::Capacity);
            if let Some(deadline) = r.deadline {
                p.check(deadline <= self.ends_at, "registration.deadline", Problem::AfterEventEnd);
            }
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Reference::optional("programme_id", self.programme_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The wall-clock time of `instant` in `zone`, and how many calendar days it lies
/// after the same instant's date in `reference` (1 = "next day", -1 = "previous day").
pub fn local_time(instant: DateTime<Utc>, zone: Tz, reference: Tz) -> (NaiveDateTime, i64) {
    let here = instant.with_timezone(&zone).naive_local();
    let there = instant.with_timezone(&reference).naive_local();
    (here, (here.date() - there.date()).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn evening_in_ghent_is_next_morning_in_kanazawa_across_dst() {
        let gent: Tz = chrono_tz::Europe::Brussels;
        let kanazawa: Tz = chrono_tz::Asia::Tokyo;
        // Winter: UTC+1 vs UTC+9, eight hours apart.
        let winter = gent.with_ymd_and_hms(2026, 11, 28, 19, 0, 0).single().map(|t| t.with_timezone(&Utc));
        let Some(winter) = winter else { panic!("valid time") };
        let (k, offset) = local_time(winter, kanazawa, gent);
        assert_eq!(k.format("%H:%M").to_string(), "03:00");
        assert_eq!(offset, 1);
        // Summer: UTC+2, seven hours apart.
        let Some(summer) = gent.with_ymd_and_hms(2026, 7, 1, 19, 0, 0).single() else { panic!("valid time") };
        let (k, _) = local_time(summer.with_timezone(&Utc), kanazawa, gent);
        assert_eq!(k.format("%H:%M").to_string(), "02:00");
    }
}
