//! Importing the spreadsheets coordinators keep today: a table of text cells (read
//! from CSV by the web layer) becomes a plan of items to create or update. Every
//! problem is reported by line and column, and a plan exists only when there are
//! none, so an import is all or nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::activities::{Activity, ParticipantCount};
use crate::i18n::{Lang, Localized};
use crate::organisations::Organisation;
use crate::partnerships::{City, Partnership};
use crate::people::{Consents, Person};
use crate::problem::Problem;
use crate::record::{Publication, Record, Stored};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Activities,
    Organisations,
    People,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Activities, Target::Organisations, Target::People];

    pub fn code(self) -> &'static str {
        match self {
            Target::Activities => "activities",
            Target::Organisations => "organisations",
            Target::People => "people",
        }
    }

    pub fn parse(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The columns a file may have; those marked `true` are required.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            Target::Organisations => &[
                ("name_nl", false),
                ("name_ja", false),
                ("name_en", false),
                ("short_name", false),
                ("kind", true),
                ("city", true),
                ("website", false),
            ],
            Target::People => &[
                ("family_name", true),
                ("given_name", true),
                ("family_name_reading", false),
                ("given_name_reading", false),
                ("family_name_romaji", false),
                ("given_name_romaji", false),
                ("city", false),
                ("email", false),
                ("phone", false),
            ],
            Target::Activities => &[
                ("title_nl", false),
                ("title_ja", false),
                ("title_en", false),
                ("summary_nl", false),
                ("summary_ja", false),
                ("summary_en", false),
                ("focus", true),
                ("direction", true),
                ("starts_on", true),
                ("ends_on", false),
                ("participants", false),
            ],
        }
    }
}

/// A problem at a line (1 is the header) and column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub line: usize,
    pub column: String,
    /// In English; `code` and `params` say it in the reader's language.
    pub message: String,
    pub code: Option<&'static str>,
    pub params: Vec<(&'static str, String)>,
}

impl CellError {
    pub fn new(line: usize, column: &str, problem: Problem) -> Self {
        Self::from_field(line, problem.on(column))
    }

    /// A message already in the reader's words.
    pub fn said(line: usize, message: String) -> Self {
        CellError { line, column: String::new(), message, code: None, params: Vec::new() }
    }

    /// A problem of the item a row makes, at the row's line.
    pub fn from_field(line: usize, f: crate::error::FieldError) -> Self {
        CellError { line, column: f.field, message: f.message, code: f.code, params: f.params }
    }
}

/// One item to create (`existing` none) or update (id and the version it was read at).
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    Organisation { line: usize, existing: Option<(i64, i64)>, item: Organisation },
    Person { line: usize, existing: Option<(i64, i64)>, item: Person },
    Activity { line: usize, existing: Option<(i64, i64)>, item: Activity },
}

impl Planned {
    /// Whether this row updates an item that exists (else it creates one).
    pub fn updates(&self) -> bool {
        match self {
            Planned::Organisation { existing, .. }
            | Planned::Person { existing, .. }
            | Planned::Activity { existing, .. } => existing.is_some(),
        }
    }
}

/// What is there already, to match rows against and to resolve names.
pub struct Context<'a> {
    pub partnership: &'a Stored<Partnership>,
    pub cities: &'a [Stored<City>],
    pub organisations: &'a [Stored<Organisation>],
    pub people: &'a [Stored<Person>],
    pub activities: &'a [Stored<Activity>],
}

/// A date as people type it: 2024-05-31, 31/05/2024 or 31-05-2024.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// A value of one of the record's enums (focus area, direction, kinds), by its code.
fn code<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.trim().to_lowercase().replace([' ', '-'], "_"))).ok()
}

fn enum_codes<T: serde::Serialize>(values: &[T]) -> String {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `rows` (each with its line number) under `headers` into a plan.
pub fn plan(
    target: Target,
    headers: &[String],
    rows: &[(usize, Vec<String>)],
    ctx: &Context<'_>,
) -> Result<Vec<Planned>, Vec<CellError>> {
    let mut errors = Vec::new();
    let columns = target.columns();
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    for h in &names {
        if !columns.iter().any(|(c, _)| c == h) {
            let known = columns.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
            errors.push(CellError::new(1, h, Problem::UnknownColumn { known }));
        }
    }
    for (c, required) in columns {
        if *required && !names.iter().any(|h| h == c) {
            errors.push(CellError::new(1, c, Problem::MissingColumn));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![CellError::new(2, "", Problem::NoRows)]);
    }
    // Existing items by what a row is matched on, each key to the first item that has
    // it: one pass over the items, then a lookup per row (not a scan per row).
    let mut organisation_by_name: HashMap<String, usize> = HashMap::new();
    for (i, o) in ctx.organisations.iter().enumerate().filter(|(_, o)| o.item.partnership_id == ctx.partnership.id) {
        for l in Lang::ALL {
            organisation_by_name.entry(o.item.name.get(l).value.to_lowercase()).or_insert(i);
        }
    }
    let mut person_by_email: HashMap<&str, usize> = HashMap::new();
    let mut person_by_name: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, p) in ctx.people.iter().enumerate().filter(|(_, p)| p.item.partnership_id == ctx.partnership.id) {
        if let Some(email) = p.item.email.as_deref() {
            person_by_email.entry(email).or_insert(i);
        }
        person_by_name.entry((p.item.family_name.as_str(), p.item.given_name.as_str())).or_insert(i);
    }
    let mut activity_by_day_title: HashMap<(NaiveDate, &str), usize> = HashMap::new();
    for (i, a) in ctx.activities.iter().enumerate().filter(|(_, a)| a.item.partnership_id == ctx.partnership.id) {
        for l in Lang::ALL {
            activity_by_day_title.entry((a.item.starts_on, a.item.title.get(l).value.as_str())).or_insert(i);
        }
    }
    let mut planned = Vec::new();
    for (line, cells) in rows {
        let cell = |name: &str| -> String {
            names
                .iter()
                .position(|h| h == name)
                .and_then(|i| cells.get(i))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let mut bad = |f: crate::error::FieldError| errors.push(CellError::from_field(*line, f));
        if cells.len() > names.len() && cells[names.len()..].iter().any(|c| !c.trim().is_empty()) {
            bad(Problem::CellCount { cells: cells.len(), header: names.len() }.on(""));
            continue;
        }
        let city = |value: &str| -> Option<crate::partnerships::CityId> {
            let v = value.trim().to_lowercase();
            ctx.cities
                .iter()
                .find(|c| {
                    c.item.slug == v
                        || c.item.native_name.to_lowercase() == v
                        || Lang::ALL.iter().any(|l| c.item.name.get(*l).value.to_lowercase() == v)
                })
                .map(|c| c.id)
        };
        let texts = |prefix: &str, base: &Localized| -> Localized {
            let mut t = base.clone();
            for lang in Lang::ALL {
                let v = cell(&format!("{prefix}_{}", lang.code()));
                if !v.is_empty() {
                    t.edit(lang, v);
                }
            }
            t
        };
        match target {
            Target::Organisations => {
                let given: Vec<String> = Lang::ALL
                    .iter()
                    .map(|l| cell(&format!("name_{}", l.code())).to_lowercase())
                    .filter(|v| !v.is_empty())
                    .collect();
                if given.is_empty() {
                    bad(Problem::TextRequired.on("name_nl"));
                    continue;
                }
                let existing = given
                    .iter()
                    .filter(|name| !name.is_empty())
                    .filter_map(|name| organisation_by_name.get(name.as_str()).copied())
                    .min()
                    .and_then(|i| ctx.organisations.get(i));
                let Some(kind) = code(&cell("kind")) else {
                    bad(Problem::NotOneOf {
                        value: cell("kind"),
                        allowed: enum_codes(&crate::organisations::OrganisationKind::ALL),
                    }
                    .on("kind"));
                    continue;
                };
                let Some(city_id) = city(&cell("city")) else {
                    bad(Problem::NotACity { value: cell("city") }.on("city"));
                    continue;
                };
                let base = existing.map(|o| o.item.clone()).unwrap_or(Organisation {
                    partnership_id: ctx.partnership.id,
                    city_id,
                    name: Localized::default(),
                    short_name: None,
                    kind,
                    website: None,
                    description: Localized::default(),
                    publication: Publication::Draft,
                    example: false,
                });
                let short = cell("short_name");
                let website = cell("website");
                let item = Organisation {
                    name: texts("name", &base.name),
                    city_id,
                    kind,
                    short_name: if short.is_empty() { base.short_name.clone() } else { Some(short) },
                    website: if website.is_empty() { base.website.clone() } else { Some(website) },
                    ..base
                };
                match item.check() {
                    Ok(()) => planned.push(Planned::Organisation {
                        line: *line,
                        existing: existing.map(|o| (o.id.get(), o.version)),
                        item,
                    }),
                    Err(crate::Error::Invalid { fields }) => fields.into_iter().for_each(&mut bad),
                    Err(e) => bad(Problem::Unreadable { detail: e.to_string() }.on("")),
                }
            }
            Target::People => {
                let email = cell("email").to_lowercase();
                let (family, given) = (cell("family_name"), cell("given_name"));
                let found = if email.is_empty() {
                    person_by_name.get(&(family.as_str(), given.as_str()))
                } else {
                    person_by_email.get(email.as_str())
                };
                let existing = found.and_then(|i| ctx.people.get(*i));
                let city_text = cell("city");
                let city_id = if city_text.is_empty() {
                    None
                } else {
                    match city(&city_text) {
                        Some(c) => Some(c),
                        None => {
                            bad(Problem::NotACity { value: city_text.clone() }.on("city"));
                            continue;
                        }
                    }
                };
                let opt = |name: &str| Some(cell(name)).filter(|v| !v.is_empty());
                let base = existing.map(|p| p.item.clone()).unwrap_or(Person {
                    partnership_id: ctx.partnership.id,
                    family_name: String::new(),
                    given_name: String::new(),
                    family_name_reading: None,
                    given_name_reading: None,
                    family_name_romaji: None,
                    given_name_romaji: None,
                    city_id: None,
                    organisation_id: None,
                    email: None,
                    phone: None,
                    consents: Consents::default(),
                    example: false,
                });
                let item = Person {
                    family_name: family,
                    given_name: given,
                    family_name_reading: opt("family_name_reading").or(base.family_name_reading.clone()),
                    given_name_reading: opt("given_name_reading").or(base.given_name_reading.clone()),
                    family_name_romaji: opt("family_name_romaji").or(base.family_name_romaji.clone()),
                    given_name_romaji: opt("given_name_romaji").or(base.given_name_romaji.clone()),
                    city_id: city_id.or(base.city_id),
                    email: opt("email").map(|e| e.to_lowercase()).or(base.email.clone()),
                    phone: opt("phone").or(base.phone.clone()),
                    ..base
                };
                match item.check() {
                    Ok(()) => planned.push(Planned::Person {
                        line: *line,
                        existing: existing.map(|p| (p.id.get(), p.version)),
                        item,
                    }),
                    Err(crate::Error::Invalid { fields }) => fields.into_iter().for_each(&mut bad),
                    Err(e) => bad(Problem::Unreadable { detail: e.to_string() }.on("")),
                }
            }
            Target::Activities => {
                // Every cell of the row is checked, so one look shows all its problems.
                let starts_on = parse_date(&cell("starts_on"));
                if starts_on.is_none() {
                    bad(Problem::NotADate { value: cell("starts_on") }.on("starts_on"));
                }
                let ends_text = cell("ends_on");
                let ends_on = if ends_text.is_empty() { None } else { parse_date(&ends_text) };
                if !ends_text.is_empty() && ends_on.is_none() {
                    bad(Problem::NotADate { value: ends_text.clone() }.on("ends_on"));
                }
                let focus: Option<crate::partnerships::FocusArea> = code(&cell("focus"));
                if focus.is_none() {
                    bad(Problem::NotOneOf {
                        value: cell("focus"),
                        allowed: enum_codes(&crate::partnerships::FocusArea::ALL),
                    }
                    .on("focus"));
                }
                let direction: Option<crate::activities::Direction> = code(&cell("direction"));
                if direction.is_none() {
                    bad(Problem::NotOneOf { value: cell("direction"), allowed: "a_to_b, b_to_a, both, online".into() }
                        .on("direction"));
                }
                let mut participants = Vec::new();
                let mut counts_ok = true;
                for part in cell("participants").split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                    let parsed = part
                        .split_once(['=', ':'])
                        .and_then(|(k, n)| Some(ParticipantCount { kind: code(k)?, count: n.trim().parse().ok()? }));
                    match parsed {
                        Some(p) => participants.push(p),
                        None => {
                            bad(Problem::NotACount { value: part.to_string() }.on("participants"));
                            counts_ok = false;
                        }
                    }
                }
                let (Some(starts_on), Some(focus), Some(direction), true, true) =
                    (starts_on, focus, direction, counts_ok, ends_text.is_empty() || ends_on.is_some())
                else {
                    continue;
                };
                let titles: Vec<String> =
                    Lang::ALL.iter().map(|l| cell(&format!("title_{}", l.code()))).filter(|v| !v.is_empty()).collect();
                let existing = titles
                    .iter()
                    .filter(|t| !t.is_empty())
                    .filter_map(|t| activity_by_day_title.get(&(starts_on, t.as_str())).copied())
                    .min()
                    .and_then(|i| ctx.activities.get(i));
                let base = existing.map(|a| a.item.clone()).unwrap_or(Activity {
                    partnership_id: ctx.partnership.id,
                    title: Localized::default(),
                    summary: Localized::default(),
                    body: Localized::default(),
                    focus,
                    direction,
                    starts_on,
                    ends_on,
                    participants: Vec::new(),
                    organisation_ids: Vec::new(),
                    sdgs: Vec::new(),
                    programme_id: None,
                    publication: Publication::Draft,
                    example: false,
                });
                let item = Activity {
                    title: texts("title", &base.title),
                    summary: texts("summary", &base.summary),
                    focus,
                    direction,
                    starts_on,
                    ends_on,
                    participants: if participants.is_empty() { base.participants.clone() } else { participants },
                    ..base
                };
                match item.check() {
                    Ok(()) => planned.push(Planned::Activity {
                        line: *line,
                        existing: existing.map(|a| (a.id.get(), a.version)),
                        item,
                    }),
                    Err(crate::Error::Invalid { fields }) => fields.into_iter().for_each(&mut bad),
                    Err(e) => bad(Problem::Unreadable { detail: e.to_string() }.on("")),
                }
            }
        }
    }
    if errors.is_empty() { Ok(planned) } else { Err(errors) }
}
