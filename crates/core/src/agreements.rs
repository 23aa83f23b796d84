//! Agreements between the two cities or between two organisations, and their status,
//! which is derived from dates and renewals, never stored.

use crate::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::documents::DocumentId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::organisations::OrganisationPairId;
use crate::partnerships::PartnershipId;
use crate::record::{DatePrecision, Kind, Publication, Record, Reference};
use crate::validate::Problems;

pub type AgreementId = Id<Agreement>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    SisterCityDeclaration,
    DeclarationOfIntent,
    Mou,
    InstitutionalAgreement,
    JointStatement,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub partnership_id: PartnershipId,
    pub kind: AgreementKind,
    pub title: Localized,
    pub summary: Localized,
    /// `None`: the two cities are the parties. Otherwise the organisation pair.
    pub organisation_pair_id: Option<OrganisationPairId>,
    pub signed_on: Option<NaiveDate>,
    /// Where only the year of signing is known.
    pub signed_year: Option<i32>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Where only the month or year of the period is known (see [`DatePrecision`]).
    #[serde(default)]
    pub date_precision: Option<DatePrecision>,
    pub document_id: Option<DocumentId>,
    /// The agreement this one renews or replaces.
    pub renews_id: Option<AgreementId>,
    /// Published only when a coordinator of each side has approved it.
    pub joint: bool,
    pub publication: Publication,
    pub example: bool,
}

impl Record for Agreement {
    const KIND: Kind = Kind::Agreement;

    fn validate(&self) -> Result<()> {
        use chrono::Datelike;
        let mut p = Problems::new();
        self.title.check(&mut p, "title", true, 300);
        self.summary.check(&mut p, "summary", false, 5000);
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until) {
            p.check(until >= from, "valid_until", Problem::BeforeValidFrom);
        }
        if let Some(precision) = self.date_precision {
            p.check(precision.fits(self.valid_from, self.valid_until), "date_precision", Problem::Precision);
        }
        if let (Some(on), Some(year)) = (self.signed_on, self.signed_year) {
            p.check(on.year() == year, "signed_year", Problem::SignedYear);
        }
        p.check(
            (self.kind == AgreementKind::InstitutionalAgreement) == self.organisation_pair_id.is_some(),
            "organisation_pair_id",
            Problem::AgreementPair,
        );
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Reference::optional("organisation_pair_id", self.organisation_pair_id),
            Reference::optional("document_id", self.document_id),
            Reference::optional("renews_id", self.renews_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Signed, but its period has not started.
    Upcoming,
    /// In force with no end date, or an end date outside the expiry window.
    InForce,
    /// In force, ending within the window: time to renew.
    Expiring {
        days_left: i64,
    },
    Expired,
    /// A later agreement that renews this one is in force.
    Superseded,
}

impl Agreement {
    /// The status on `today`. `superseded` says whether an agreement renewing this
    /// one has come into force (the store knows; see `is_in_force_on`).
    pub fn status(&self, today: NaiveDate, window_days: i32, superseded: bool) -> AgreementStatus {
        if superseded {
            return AgreementStatus::Superseded;
        }
        if self.valid_from.is_some_and(|from| today < from) {
            return AgreementStatus::Upcoming;
        }
        match self.valid_until {
            Some(until) if today > until => AgreementStatus::Expired,
            Some(until) => {
                let days_left = (until - today).num_days();
                if days_left <= i64::from(window_days) {
                    AgreementStatus::Expiring { days_left }
                } else {
                    AgreementStatus::InForce
                }
            }
            None => AgreementStatus::InForce,
        }
    }

    /// Whether a renewal has taken over on `today`, superseding what it renews.
    pub fn is_in_force_on(&self, today: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= today) && self.valid_until.is_none_or(|until| today <= until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn mou() -> Agreement {
        Agreement {
            partnership_id: Id::new(1),
            kind: AgreementKind::Mou,
            title: Localized::tri("MoU", "覚書", "MoU", Lang::En),
            summary: Localized::default(),
            organisation_pair_id: None,
            signed_on: Some(day(2021, 10, 1)),
            signed_year: Some(2021),
            valid_from: Some(day(2021, 10, 1)),
            valid_until: Some(day(2026, 12, 31)),
            date_precision: None,
            document_id: None,
            renews_id: None,
            joint: true,
            publication: Publication::Published,
            example: false,
        }
    }

    #[test]
    fn a_period_known_to_the_month_or_year_runs_from_its_first_day_to_its_last() {
        use crate::record::DatePrecision::{Month, Year};
        let with = |precision| Agreement { date_precision: Some(precision), ..mou() };
        assert!(with(Month).validate().is_ok(), "1 October to 31 December: whole months");
        let Err(crate::Error::Invalid { fields }) = with(Year).validate() else {
            panic!("1 October is no year's start")
        };
        assert_eq!(fields[0].field, "date_precision");
        let year = Agreement { valid_from: Some(day(2021, 1, 1)), ..with(Year) };
        assert!(year.validate().is_ok());
        let short = Agreement { valid_until: Some(day(2026, 12, 30)), ..year };
        assert!(short.validate().is_err(), "30 December ends no year");
        assert!(Month.fits(Some(day(2024, 2, 1)), Some(day(2024, 2, 29))), "a leap February");
        assert!(!Month.fits(None, Some(day(2024, 2, 28))));
    }

    #[test]
    fn the_mou_is_expiring_in_its_last_year() {
        let m = mou();
        assert_eq!(m.status(day(2026, 11, 28), 180, false), AgreementStatus::Expiring { days_left: 33 });
        assert_eq!(m.status(day(2025, 1, 1), 180, false), AgreementStatus::InForce);
        assert_eq!(m.status(day(2021, 9, 30), 180, false), AgreementStatus::Upcoming);
        assert_eq!(m.status(day(2027, 1, 1), 180, false), AgreementStatus::Expired);
        assert_eq!(m.status(day(2026, 12, 31), 180, false), AgreementStatus::Expiring { days_left: 0 });
        assert_eq!(m.status(day(2026, 11, 28), 180, true), AgreementStatus::Superseded);
    }

    #[test]
    fn an_institutional_agreement_needs_its_pair() {
        let bad = Agreement { kind: AgreementKind::InstitutionalAgreement, ..mou() };
        assert!(matches!(bad.validate(), Err(crate::Error::Invalid { .. })));
        let backwards = Agreement { valid_until: Some(day(2020, 1, 1)), ..mou() };
        let Err(crate::Error::Invalid { fields }) = backwards.validate() else {
            panic!("expected invalid");
        };
        assert_eq!(fields[0].field, "valid_until");
    }
}
