//! Landmarks: the symbols and gifts of the partnership in both cities, with how
//! precisely their location is known.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

use crate::documents::DocumentId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::partnerships::{CityId, PartnershipId};
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, check_coordinates};

pub type LandmarkId = Id<Landmark>;

/// How precisely a landmark's coordinates are known.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Exact,
    /// Within some tens of metres (a park, a courtyard).
    Approximate,
    /// Only the city is known; the point is the city centre.
    CityCentre,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
            p.check((1500..=2200).contains(&y), "given_year", Problem::Year);
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
