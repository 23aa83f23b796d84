//! News posts and landmarks (the symbols and gifts of the partnership).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::documents::DocumentId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::partnerships::{CityId, PartnershipId};
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, check_coordinates, is_slug};

pub type NewsPostId = Id<NewsPost>;
pub type LandmarkId = Id<Landmark>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewsPost {
    pub partnership_id: PartnershipId,
    pub slug: String,
    pub title: Localized,
    pub summary: Localized,
    /// Markdown, sanitised when rendered.
    pub body: Localized,
    pub published_at: DateTime<Utc>,
    pub photo_id: Option<DocumentId>,
    pub publication: Publication,
    pub example: bool,
}

impl Record for NewsPost {
    const KIND: Kind = Kind::NewsPost;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_slug(&self.slug), "slug", "use lowercase letters, digits and hyphens");
        self.title.check(&mut p, "title", true, 300);
        self.summary.check(&mut p, "summary", false, 1000);
        self.body.check(&mut p, "body", true, 100_000);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [Some(Reference::to("partnership_id", self.partnership_id)), Reference::optional("photo_id", self.photo_id)]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// How precisely a landmark's coordinates are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    /// Within some tens of metres (a park, a courtyard).
    Approximate,
    /// Only the city is known; the point is the city centre.
    CityCentre,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Landmark {
    pub partnership_id: PartnershipId,
    pub city_id: CityId,
    pub name: Localized,
    pub description: Localized,
    pub location: Localized,
    pub latitude: f64,
    pub longitude: f64,
    pub precision: Precision,
    pub given_year: Option<i32>,
    pub given_by: Localized,
    pub occasion: Localized,
    pub photo_id: Option<DocumentId>,
    pub publication: Publication,
}

impl Record for Landmark {
    const KIND: Kind = Kind::Landmark;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        self.name.check(&mut p, "name", true, 300);
        self.description.check(&mut p, "description", false, 5000);
        self.location.check(&mut p, "location", false, 500);
        self.given_by.check(&mut p, "given_by", false, 300);
        self.occasion.check(&mut p, "occasion", false, 300);
        check_coordinates(&mut p, self.latitude, self.longitude);
        if let Some(y) = self.given_year {
            p.check((1500..=2200).contains(&y), "given_year", "is not a plausible year");
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Some(Reference::to("city_id", self.city_id)),
            Reference::optional("photo_id", self.photo_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
