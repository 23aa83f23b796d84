//! Activities and exchanges, and the programmes (such as an anniversary year) that
//! group activities and events.

use crate::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::organisations::OrganisationId;
use crate::partnerships::{FocusArea, PartnershipId};
use crate::record::{DatePrecision, Kind, Publication, Record, Reference};
use crate::validate::{Problems, check_sdgs, is_slug};

pub type ActivityId = Id<Activity>;
pub type ProgrammeId = Id<Programme>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From city A to city B (Ghent → Kanazawa in the demo).
    AToB,
    BToA,
    Both,
    Online,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantKind {
    Students,
    Academics,
    Musicians,
    Artists,
    Athletes,
    Chefs,
    Officials,
    Ambassadors,
    Citizens,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantCount {
    pub kind: ParticipantKind,
    pub count: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub partnership_id: PartnershipId,
    pub title: Localized,
    pub summary: Localized,
    /// Markdown.
    pub body: Localized,
    pub focus: FocusArea,
    pub direction: Direction,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub participants: Vec<ParticipantCount>,
    pub organisation_ids: Vec<OrganisationId>,
    pub sdgs: Vec<u8>,
    pub programme_id: Option<ProgrammeId>,
    pub publication: Publication,
    pub example: bool,
}

impl Record for Activity {
    const KIND: Kind = Kind::Activity;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        self.title.check(&mut p, "title", true, 300);
        self.summary.check(&mut p, "summary", false, 1000);
        self.body.check(&mut p, "body", false, 50000);
        if let Some(end) = self.ends_on {
            p.check(end >= self.starts_on, "ends_on", Problem::BeforeStart);
        }
        let mut kinds: Vec<_> = self.participants.iter().map(|c| c.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        p.check(kinds.len() == self.participants.len(), "participants", Problem::ParticipantTwice);
        check_sdgs(&mut p, &self.sdgs);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![Reference::to("partnership_id", self.partnership_id)];
        refs.extend(self.organisation_ids.iter().map(|id| Reference::to("organisation_ids", *id)));
        refs.extend(Reference::optional("programme_id", self.programme_id));
        refs
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub partnership_id: PartnershipId,
    pub slug: String,
    pub title: Localized,
    pub description: Localized,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Where only the month or year of the period is known (see [`DatePrecision`]).
    #[serde(default)]
    pub date_precision: Option<DatePrecision>,
    pub publication: Publication,
}

impl Record for Programme {
    const KIND: Kind = Kind::Programme;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_slug(&self.slug), "slug", Problem::Slug);
        self.title.check(&mut p, "title", true, 300);
        self.description.check(&mut p, "description", false, 20000);
        p.check(self.ends_on >= self.starts_on, "ends_on", Problem::BeforeStart);
        if let Some(precision) = self.date_precision {
            p.check(precision.fits(Some(self.starts_on), Some(self.ends_on)), "date_precision", Problem::Precision);
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::to("partnership_id", self.partnership_id)]
    }
}
