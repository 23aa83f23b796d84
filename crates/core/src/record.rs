//! What every kind of item in the record has in common: an id, a version for
//! optimistic concurrency, timestamps, validation and the items it refers to.

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ids::Id;

/// The kinds of item, in an order where each refers only to kinds before it
/// (the order of export and import).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    File,
    City,
    Partnership,
    Organisation,
    OrganisationPair,
    Programme,
    Activity,
    Document,
    Agreement,
    Person,
    Ambassador,
    Event,
    NewsPost,
    Landmark,
    User,
    RoleGrant,
    Registration,
    Approval,
    ApiToken,
}

impl Kind {
    pub const ALL: [Kind; 19] = [
        Kind::File,
        Kind::City,
        Kind::Partnership,
        Kind::Organisation,
        Kind::OrganisationPair,
        Kind::Programme,
        Kind::Activity,
        Kind::Document,
        Kind::Agreement,
        Kind::Person,
        Kind::Ambassador,
        Kind::Event,
        Kind::NewsPost,
        Kind::Landmark,
        Kind::User,
        Kind::RoleGrant,
        Kind::Registration,
        Kind::Approval,
        Kind::ApiToken,
    ];

    /// Also the name of its table.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::City => "city",
            Kind::Partnership => "partnership",
            Kind::Organisation => "organisation",
            Kind::OrganisationPair => "organisation_pair",
            Kind::Programme => "programme",
            Kind::Activity => "activity",
            Kind::Document => "document",
            Kind::Agreement => "agreement",
            Kind::Person => "person",
            Kind::Ambassador => "ambassador",
            Kind::Event => "event",
            Kind::NewsPost => "news_post",
            Kind::Landmark => "landmark",
            Kind::User => "user_account",
            Kind::RoleGrant => "role_grant",
            Kind::Registration => "event_registration",
            Kind::Approval => "approval",
            Kind::ApiToken => "api_token",
        }
    }

    /// Items of these kinds belong to one partnership (a `partnership_id` column): an
    /// item may refer only to items of its own partnership.
    pub fn belongs_to_partnership(self) -> bool {
        matches!(
            self,
            Kind::File
                | Kind::Organisation
                | Kind::OrganisationPair
                | Kind::Programme
                | Kind::Activity
                | Kind::Document
                | Kind::Agreement
                | Kind::Person
                | Kind::Ambassador
                | Kind::Event
                | Kind::NewsPost
                | Kind::Landmark
        )
    }

    /// Items of these kinds hold personal data (export and erasure per person).
    pub fn is_personal(self) -> bool {
        matches!(self, Kind::Person | Kind::Ambassador | Kind::User | Kind::Registration)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the public portal shows an item.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Publication {
    #[default]
    Draft,
    Published,
    Archived,
}

/// How much of a period's dates is known, where less than the day: the dates are
/// then the first and last day of the month or year (reminders count to the end),
/// and they are shown as `december 2026` or `2026`. `None` where it is used: the day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Month,
    Year,
}

impl DatePrecision {
    /// Whether `from`–`until` (either may be open) are the first and last days of
    /// their months or years.
    pub fn fits(self, from: Option<chrono::NaiveDate>, until: Option<chrono::NaiveDate>) -> bool {
        use chrono::Datelike;
        let first = |d: chrono::NaiveDate| d.day() == 1 && (self == DatePrecision::Month || d.month() == 1);
        let last = |d: chrono::NaiveDate| {
            let next = d.succ_opt();
            next.is_none_or(|n| n.day() == 1 && (self == DatePrecision::Month || n.month() == 1))
        };
        from.is_none_or(first) && until.is_none_or(last)
    }
}

/// An item refers to another item by id in one of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub field: &'static str,
    pub kind: Kind,
    pub id: i64,
}

impl Reference {
    pub fn to<T: Record>(field: &'static str, id: Id<T>) -> Self {
        Self { field, kind: T::KIND, id: id.get() }
    }

    pub fn optional<T: Record>(field: &'static str, id: Option<Id<T>>) -> Option<Self> {
        id.map(|id| Self::to(field, id))
    }
}

pub trait Record: Serialize + DeserializeOwned + Clone + Debug + PartialEq + Send + Sync + 'static {
    const KIND: Kind;

    /// Every failing field with a message; never panics.
    fn validate(&self) -> Result<()>;

    /// What the store checks before it writes: [`Record::validate`], and no text of the
    /// item holding a control character (tab and line breaks aside) — a NUL byte or an
    /// escape sequence can't be stored on every backend, nor shown or mailed safely.
    fn check(&self) -> Result<()> {
        let mut problems = match self.validate() {
            Ok(()) => Vec::new(),
            Err(crate::Error::Invalid { fields }) => fields,
            Err(other) => return Err(other),
        };
        for field in fields_with_control_characters(self) {
            if !problems.iter().any(|p| p.field == field) {
                problems.push(crate::problem::Problem::Control.on(field));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(crate::Error::Invalid { fields: problems }) }
    }

    /// The items this one points to; the store refuses a change that points nowhere.
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}

/// An item as stored: its id, version and timestamps around the item itself.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "T: Record")]
pub struct Stored<T: Record> {
    pub id: Id<T>,
    /// Starts at 1 and grows by one with each update; an update names the version it
    /// was made from and is refused if the item has moved on.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub item: T,
}

/// The fields of `item` (top-level names, as forms and the API call them) whose text
/// holds a control character other than tab, line feed or carriage return.
pub fn fields_with_control_characters<T: Serialize + ?Sized>(item: &T) -> Vec<String> {
    fn bad(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            serde_json::Value::Array(a) => a.iter().any(bad),
            serde_json::Value::Object(o) => o.iter().any(|(k, v)| bad(&serde_json::Value::String(k.clone())) || bad(v)),
            _ => false,
        }
    }
    match serde_json::to_value(item) {
        Ok(serde_json::Value::Object(fields)) => {
            fields.iter().filter(|(_, v)| bad(v)).map(|(k, _)| k.clone()).collect()
        }
        Ok(other) if bad(&other) => vec!["text".to_owned()],
        _ => Vec::new(),
    }
}
