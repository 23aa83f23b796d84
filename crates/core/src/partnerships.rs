//! Cities and the partnerships between them.

use crate::problem::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::i18n::Localized;
use crate::ids::Id;
use crate::record::{Kind, Publication, Record, Reference};
use crate::validate::{Problems, check_coordinates, check_sdgs, is_slug, is_time_zone};

pub type CityId = Id<City>;
pub type PartnershipId = Id<Partnership>;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub slug: String,
    pub name: Localized,
    /// The name in the city's own script (金沢市), with its reading and romaji.
    pub native_name: String,
    pub native_reading: Option<String>,
    pub romaji: Option<String>,
    /// ISO 3166-1 alpha-2, upper case (`BE`, `JP`).
    pub country: String,
    /// IANA time zone, e.g. `Europe/Brussels`.
    pub time_zone: String,
    pub latitude: f64,
    pub longitude: f64,
    pub founded_year: Option<i32>,
    pub population: Option<i64>,
    pub description: Localized,
    pub facts: Vec<Fact>,
    /// How mails sent on this city's behalf end (the office, its address), per
    /// language; set by the city's own side. None: the partnership's name.
    #[serde(default)]
    pub mail_signature: Option<Localized>,
}

/// One fact about a city, such as a UNESCO designation or a visitor count.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// A stable key (`unesco`, `visitors_per_year`, `crafts`).
    pub key: String,
    pub text: Localized,
    pub number: Option<i64>,
    /// The number is a lower bound ("more than 465,000").
    pub at_least: bool,
}

impl Record for City {
    const KIND: Kind = Kind::City;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_slug(&self.slug), "slug", Problem::Slug);
        self.name.check(&mut p, "name", true, 200);
        p.check(!self.native_name.trim().is_empty(), "native_name", Problem::Required);
        p.check(
            self.country.len() == 2 && self.country.bytes().all(|b| b.is_ascii_uppercase()),
            "country",
            Problem::Country,
        );
        p.check(is_time_zone(&self.time_zone), "time_zone", Problem::TimeZone);
        check_coordinates(&mut p, self.latitude, self.longitude);
        p.check(self.population.is_none_or(|n| n > 0), "population", Problem::Positive);
        self.description.check(&mut p, "description", false, 5000);
        for (i, fact) in self.facts.iter().enumerate() {
            p.check(is_slug(&fact.key.replace('_', "-")), &format!("facts.{i}.key"), Problem::FactKey);
            fact.text.check(&mut p, &format!("facts.{i}.text"), true, 1000);
        }
        if let Some(signature) = &self.mail_signature {
            signature.check(&mut p, "mail_signature", false, 1000);
        }
        p.finish()
    }
}

/// The four areas of cooperation of the Ghent–Kanazawa MoU, and a few more that
/// other partnerships use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusArea {
    YouthExchange,
    Academic,
    Cultural,
    Culinary,
    KnowledgeSharing,
    Sport,
    Economic,
}

impl FocusArea {
    pub const ALL: [FocusArea; 7] = [
        FocusArea::YouthExchange,
        FocusArea::Academic,
        FocusArea::Cultural,
        FocusArea::Culinary,
        FocusArea::KnowledgeSharing,
        FocusArea::Sport,
        FocusArea::Economic,
    ];
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partnership {
    pub slug: String,
    pub name: Localized,
    /// Side A and side B; coordinators belong to one side.
    pub city_a_id: CityId,
    pub city_b_id: CityId,
    pub established_year: i32,
    /// The exact day, where it is known.
    pub established_on: Option<NaiveDate>,
    pub summary: Localized,
    pub description: Localized,
    pub focus_areas: Vec<FocusArea>,
    pub sdgs: Vec<u8>,
    /// Days before `valid_until` in which an agreement counts as expiring.
    pub expiry_window_days: i32,
    pub publication: Publication,
    /// The portal's contact page, privacy notice and accessibility statement
    /// (Markdown, per language); None: the texts Zusterstad gives.
    #[serde(default)]
    pub contact: Option<Localized>,
    #[serde(default)]
    pub privacy: Option<Localized>,
    #[serde(default)]
    pub accessibility: Option<Localized>,
}

impl Record for Partnership {
    const KIND: Kind = Kind::Partnership;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_slug(&self.slug), "slug", Problem::Slug);
        self.name.check(&mut p, "name", true, 200);
        p.check(self.city_a_id != self.city_b_id, "city_b_id", Problem::OwnPartner);
        p.check((1800..=2200).contains(&self.established_year), "established_year", Problem::Year);
        if let Some(d) = self.established_on {
            use chrono::Datelike;
            p.check(d.year() == self.established_year, "established_on", Problem::EstablishedYear);
        }
        self.summary.check(&mut p, "summary", false, 1000);
        self.description.check(&mut p, "description", false, 20000);
        check_sdgs(&mut p, &self.sdgs);
        p.check(
            (1..=3650).contains(&self.expiry_window_days),
            "expiry_window_days",
            Problem::Between { min: 1, max: 3650 },
        );
        for (field, text) in
            [("contact", &self.contact), ("privacy", &self.privacy), ("accessibility", &self.accessibility)]
        {
            if let Some(text) = text {
                text.check(&mut p, field, false, 20000);
            }
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        vec![Reference::to("city_a_id", self.city_a_id), Reference::to("city_b_id", self.city_b_id)]
    }
}

impl Partnership {
    /// Whole years the partnership has lasted on `today`.
    pub fn years(&self, today: NaiveDate) -> i32 {
        use chrono::Datelike;
        let mut years = today.year() - self.established_year;
        if let Some(on) = self.established_on
            && (today.month(), today.day()) < (on.month(), on.day())
        {
            years -= 1;
        }
        years.max(0)
    }

    pub fn has_city(&self, city: CityId) -> bool {
        city == self.city_a_id || city == self.city_b_id
    }
}

/// One city of a new partnership: one already in the record, or one to add with it.
#[derive(Debug, Clone, PartialEq)]
pub enum NewSide {
    Existing(CityId),
    New(Box<City>),
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::Lang;

    /// Ghent (city 1) and Kanazawa (city 2).
    pub(crate) fn partnership() -> Partnership {
        Partnership {
            slug: "gent-kanazawa".into(),
            name: Localized::tri("Gent–Kanazawa", "ゲント・金沢", "Ghent–Kanazawa", Lang::Nl),
            city_a_id: Id::new(1),
            city_b_id: Id::new(2),
            established_year: 1971,
            established_on: None,
            summary: Localized::default(),
            description: Localized::default(),
            focus_areas: vec![FocusArea::YouthExchange],
            sdgs: vec![4, 11],
            expiry_window_days: 365,
            publication: Publication::Published,
            contact: None,
            privacy: None,
            accessibility: None,
        }
    }

    #[test]
    fn counts_the_years_of_the_bond() {
        let p = partnership();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(p.years(day(2026, 11, 28)), 55);
        let exact = Partnership { established_on: Some(day(1971, 12, 1)), ..p };
        assert_eq!(exact.years(day(2026, 11, 28)), 54);
        assert_eq!(exact.years(day(2026, 12, 1)), 55);
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = Partnership {
            slug: "Gent Kanazawa".into(),
            city_b_id: Id::new(1),
            sdgs: vec![0, 18],
            expiry_window_days: 0,
            ..partnership()
        };
        let Err(crate::Error::Invalid { fields }) = bad.validate() else {
            panic!("expected invalid");
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["slug", "city_b_id", "sdgs", "expiry_window_days"]);
    }
}
