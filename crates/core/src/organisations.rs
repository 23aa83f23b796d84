//! Organisations in the two cities and the pairs they form across the partnership.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::partnerships::{CityId, PartnershipId};
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, is_http_url};

pub type OrganisationId = Id<Organisation>;
pub type OrganisationPairId = Id<OrganisationPair>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    University,
    SchoolOfArts,
    Museum,
    Orchestra,
    School,
    Company,
    Association,
    CityDepartment,
    Government,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 9] = [
        OrganisationKind::University,
        OrganisationKind::SchoolOfArts,
        OrganisationKind::Museum,
        OrganisationKind::Orchestra,
        OrganisationKind::School,
        OrganisationKind::Company,
        OrganisationKind::Association,
        OrganisationKind::CityDepartment,
        OrganisationKind::Government,
    ];
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub partnership_id: PartnershipId,
    pub city_id: CityId,
    pub name: Localized,
    /// A short name people use (UGent, KASK, S.M.A.K.).
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub website: Option<String>,
    pub description: Localized,
    pub publication: Publication,
    /// An illustrative item of the demo, not a fact.
    pub example: bool,
}

impl Record for Organisation {
    const KIND: Kind = Kind::Organisation;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        self.name.check(&mut p, "name", true, 300);
        if let Some(s) = &self.short_name {
            p.check(!s.trim().is_empty() && s.chars().count() <= 40, "short_name", Problem::ShortName);
        }
        if let Some(w) = &self.website {
            p.check(is_http_url(w), "website", Problem::Https);
        }
        self.description.check(&mut p, "description", false, 20000);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::to("partnership_id", self.partnership_id), Reference::to("city_id", self.city_id)]
    }
}

/// Two organisations, one in each city, that work together (UGent ↔ Kanazawa
/// University; two sister big bands). Agreements between them point to the pair.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationPair {
    pub partnership_id: PartnershipId,
    pub organisation_a_id: OrganisationId,
    pub organisation_b_id: OrganisationId,
    pub description: Localized,
    pub since_year: Option<i32>,
    pub publication: Publication,
}

impl Record for OrganisationPair {
    const KIND: Kind = Kind::OrganisationPair;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(self.organisation_a_id != self.organisation_b_id, "organisation_b_id", Problem::PairedWithItself);
        self.description.check(&mut p, "description", false, 5000);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        vec![
            Reference::to("partnership_id", self.partnership_id),
            Reference::to("organisation_a_id", self.organisation_a_id),
            Reference::to("organisation_b_id", self.organisation_b_id),
        ]
    }
}
