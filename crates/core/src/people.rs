//! People (personal data) and the Supporters Club's ambassadors.

use crate::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::activities::ActivityId;
use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::organisations::OrganisationId;
use crate::partnerships::{CityId, PartnershipId};
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, is_email};

pub type PersonId = Id<Person>;
pub type AmbassadorId = Id<Ambassador>;

/// A consent given (or withdrawn) on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub given: bool,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Consents {
    pub publish_profile: Option<Consent>,
    pub photos: Option<Consent>,
    pub contact: Option<Consent>,
}

impl Consents {
    pub fn may_publish_profile(&self) -> bool {
        self.publish_profile.is_some_and(|c| c.given)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub partnership_id: PartnershipId,
    pub family_name: String,
    pub given_name: String,
    /// Reading of a Japanese name in kana (かなざわ).
    pub family_name_reading: Option<String>,
    pub given_name_reading: Option<String>,
    /// The name in Latin letters, for a name written in another script.
    pub family_name_romaji: Option<String>,
    pub given_name_romaji: Option<String>,
    pub city_id: Option<CityId>,
    pub organisation_id: Option<OrganisationId>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consents: Consents,
    pub example: bool,
}

impl Record for Person {
    const KIND: Kind = Kind::Person;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        for (field, value) in [("family_name", &self.family_name), ("given_name", &self.given_name)] {
            p.check(!value.trim().is_empty(), field, Problem::Required);
            p.check(value.chars().count() <= 100, field, Problem::TooLong { max: 100 });
        }
        if let Some(e) = &self.email {
            p.check(is_email(e), "email", Problem::Email);
        }
        if let Some(phone) = &self.phone {
            p.check(
                phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
                    && phone.chars().filter(char::is_ascii_digit).count() >= 6,
                "phone",
                Problem::Phone,
            );
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Reference::optional("city_id", self.city_id),
            Reference::optional("organisation_id", self.organisation_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmbassadorStatus {
    Active,
    Alumni,
    Inactive,
}

/// A person's membership of the Supporters Club.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ambassador {
    pub partnership_id: PartnershipId,
    pub person_id: PersonId,
    pub cohort_year: i32,
    pub home_city_id: CityId,
    /// The exchange that brought them to the club.
    pub activity_id: Option<ActivityId>,
    pub status: AmbassadorStatus,
    /// Shown on the portal only when the person consented to a public profile.
    pub profile: Localized,
    pub publication: Publication,
    pub example: bool,
}

impl Record for Ambassador {
    const KIND: Kind = Kind::Ambassador;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check((1971..=2200).contains(&self.cohort_year), "cohort_year", Problem::Year);
        self.profile.check(&mut p, "profile", false, 5000);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("partnership_id", self.partnership_id)),
            Some(Reference::to("person_id", self.person_id)),
            Some(Reference::to("home_city_id", self.home_city_id)),
            Reference::optional("activity_id", self.activity_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// How a person's name is written for a reader: Japanese names family name first
/// without a space; others given name first.
pub fn display_name(person: &Person, japanese_order: bool) -> String {
    if japanese_order {
        format!("{}{}", person.family_name, person.given_name)
    } else {
        format!("{} {}", person.given_name, person.family_name)
    }
}

/// What erasure leaves of a name.
pub const ERASED_NAME: &str = "—";

/// The person with their personal data removed: names, readings, contact details
/// and links to organisations go; the partnership and home city stay, so counts in
/// reports stay right. Consents are recorded as withdrawn on `today`.
pub fn erase(person: &Person, today: NaiveDate) -> Person {
    let withdrawn = |c: Option<Consent>| c.map(|_| Consent { given: false, on: today });
    Person {
        partnership_id: person.partnership_id,
        family_name: ERASED_NAME.into(),
        given_name: ERASED_NAME.into(),
        family_name_reading: None,
        given_name_reading: None,
        family_name_romaji: None,
        given_name_romaji: None,
        city_id: person.city_id,
        organisation_id: None,
        email: None,
        phone: None,
        consents: Consents {
            publish_profile: withdrawn(person.consents.publish_profile),
            photos: withdrawn(person.consents.photos),
            contact: withdrawn(person.consents.contact),
        },
        example: person.example,
    }
}

/// The ambassador membership without its profile text, no longer public; cohort,
/// home city and status stay for the club's figures.
pub fn erase_ambassador(a: &Ambassador) -> Ambassador {
    Ambassador { profile: Localized::default(), publication: Publication::Archived, ..a.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn erasure_keeps_what_reports_count_and_nothing_that_identifies() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let person = Person {
            partnership_id: Id::new(1),
            family_name: "山田".into(),
            given_name: "花子".into(),
            family_name_reading: Some("やまだ".into()),
            given_name_reading: Some("はなこ".into()),
            family_name_romaji: Some("Yamada".into()),
            given_name_romaji: Some("Hanako".into()),
            city_id: Some(Id::new(2)),
            organisation_id: Some(Id::new(3)),
            email: Some("hanako@example.jp".into()),
            phone: Some("+81 76 000 0000".into()),
            consents: Consents {
                publish_profile: Some(Consent { given: true, on: today }),
                photos: None,
                contact: Some(Consent { given: true, on: today }),
            },
            example: false,
        };
        let erased = erase(&person, today);
        assert!(erased.validate().is_ok());
        let text = serde_json::to_string(&erased).unwrap_or_default();
        for secret in ["山田", "花子", "やまだ", "Yamada", "hanako@", "+81"] {
            assert!(!text.contains(secret), "{secret} is gone: {text}");
        }
        assert_eq!(erased.city_id, Some(Id::new(2)), "the home city still counts");
        assert!(!erased.consents.may_publish_profile());
        let ambassador = Ambassador {
            partnership_id: Id::new(1),
            person_id: Id::new(4),
            cohort_year: 2024,
            home_city_id: Id::new(2),
            activity_id: None,
            status: AmbassadorStatus::Active,
            profile: Localized::tri("Hallo", "こんにちは", "Hello", Lang::Ja),
            publication: Publication::Published,
            example: false,
        };
        let a = erase_ambassador(&ambassador);
        assert!(a.profile.is_empty() && a.publication == Publication::Archived && a.cohort_year == 2024);
    }
}
