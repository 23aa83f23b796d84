//! One form engine for the kinds of item that have no page of their own: each kind
//! lists its fields (`SPECS`), and the same code renders the form, reads it back
//! (keeping what was typed when something is wrong), lists, exports, archives and
//! deletes. Texts are edited in nl / ja / en side by side with their status, and
//! long texts (Markdown) can be previewed before saving.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{Value, json};
use zusterstad_core::access::Permission;
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::{Approval, approved_sides};
use zusterstad_core::audit::Change;
use zusterstad_core::documents::Document;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::query::{Cond, ListQuery, Paging, Value as QValue};
use zusterstad_core::store::{RecordStore, approvals_of, by_ids, of_partnership};
use zusterstad_core::{Error, Id, Kind, Lang, Localized, Record, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, not_found, page};
use crate::error::WebError;
use crate::i18n::{Tr, markdown_html};
use crate::words::Word;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/{slug}/records", get(index))
        .route("/manage/{slug}/export.json", get(export::<S>))
        .route("/manage/{slug}/records/{kind}", get(list::<S>))
        .route("/manage/{slug}/records/{kind}/new", get(new_form::<S>).post(create::<S>))
        .route("/manage/{slug}/records/{kind}/{id}", get(edit_form::<S>).post(update::<S>))
        .route("/manage/{slug}/records/{kind}/{id}/delete", post(delete::<S>))
        .route("/manage/{slug}/records/{kind}/{id}/approve", post(approve::<S>))
}

/// How a field is shown and read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum F {
    /// A short text in three languages.
    Text,
    /// A long text (Markdown) in three languages.
    Long,
    Str,
    OptStr,
    Int,
    OptInt,
    Float,
    Date,
    OptDate,
    /// An instant, entered in UTC.
    Instant,
    Bool,
    /// One of these values; labels are the family's words (`words.rs`).
    Choice(&'static [&'static str], Word),
    Ref(Kind),
    OptRef(Kind),
    RefList(Kind),
    /// Several of these values (checkboxes); labels are the family's words.
    Choices(&'static [&'static str], Word),
    Sdgs,
    Participants,
}

pub struct Spec {
    pub kind: Kind,
    /// Personal data: only for those who may see people (not organisation editors).
    pub personal: bool,
    /// The field that names an item in lists.
    pub title: &'static str,
    pub fields: &'static [(&'static str, F)],
}

const PUBLICATION: F = F::Choice(&["draft", "published", "archived"], Word::Publication);
const FOCUS: &[&str] =
    &["youth_exchange", "academic", "cultural", "culinary", "knowledge_sharing", "sport", "economic"];
const PARTICIPANTS: &[&str] =
    &["students", "academics", "musicians", "artists", "athletes", "chefs", "officials", "ambassadors", "citizens"];

pub const SPECS: &[Spec] = &[
    Spec {
        personal: false,
        kind: Kind::Agreement,
        title: "title",
        fields: &[
            (
                "kind",
                F::Choice(
                    &[
                        "sister_city_declaration",
                        "declaration_of_intent",
                        "mou",
                        "institutional_agreement",
                        "joint_statement",
                    ],
                    Word::AgreementKind,
                ),
            ),
            ("title", F::Text),
            ("summary", F::Long),
            ("organisation_pair_id", F::OptRef(Kind::OrganisationPair)),
            ("signed_on", F::OptDate),
            ("signed_year", F::OptInt),
            ("valid_from", F::OptDate),
            ("valid_until", F::OptDate),
            ("date_precision", F::Choice(&["", "month", "year"], Word::DatePrecision)),
            ("document_id", F::OptRef(Kind::Document)),
            ("renews_id", F::OptRef(Kind::Agreement)),
            ("joint", F::Bool),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::NewsPost,
        title: "title",
        fields: &[
            ("slug", F::Str),
            ("title", F::Text),
            ("summary", F::Text),
            ("body", F::Long),
            ("published_at", F::Instant),
            ("photo_id", F::OptRef(Kind::Document)),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Activity,
        title: "title",
        fields: &[
            ("title", F::Text),
            ("summary", F::Text),
            ("body", F::Long),
            ("focus", F::Choice(FOCUS, Word::Focus)),
            ("direction", F::Choice(&["a_to_b", "b_to_a", "both", "online"], Word::Direction)),
            ("starts_on", F::Date),
            ("ends_on", F::OptDate),
            ("participants", F::Participants),
            ("organisation_ids", F::RefList(Kind::Organisation)),
            ("sdgs", F::Sdgs),
            ("programme_id", F::OptRef(Kind::Programme)),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Organisation,
        title: "name",
        fields: &[
            ("name", F::Text),
            ("short_name", F::OptStr),
            (
                "kind",
                F::Choice(
                    &[
                        "university",
                        "school_of_arts",
                        "museum",
                        "orchestra",
                        "school",
                        "company",
                        "association",
                        "city_department",
                        "government",
                    ],
                    Word::OrgKind,
                ),
            ),
            ("city_id", F::Ref(Kind::City)),
            ("website", F::OptStr),
            ("description", F::Long),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::OrganisationPair,
        title: "description",
        fields: &[
            ("organisation_a_id", F::Ref(Kind::Organisation)),
            ("organisation_b_id", F::Ref(Kind::Organisation)),
            ("description", F::Long),
            ("since_year", F::OptInt),
            ("publication", PUBLICATION),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Programme,
        title: "title",
        fields: &[
            ("slug", F::Str),
            ("title", F::Text),
            ("description", F::Long),
            ("starts_on", F::Date),
            ("ends_on", F::Date),
            ("date_precision", F::Choice(&["", "month", "year"], Word::DatePrecision)),
            ("publication", PUBLICATION),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Landmark,
        title: "name",
        fields: &[
            ("name", F::Text),
            ("city_id", F::Ref(Kind::City)),
            ("description", F::Long),
            ("location", F::Text),
            ("latitude", F::Float),
            ("longitude", F::Float),
            ("precision", F::Choice(&["exact", "approximate", "city_centre"], Word::SymbolPrecision)),
            ("given_year", F::OptInt),
            ("given_by", F::Text),
            ("occasion", F::Text),
            ("photo_id", F::OptRef(Kind::Document)),
            ("publication", PUBLICATION),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Partnership,
        title: "name",
        fields: &[
            ("name", F::Text),
            ("summary", F::Text),
            ("description", F::Long),
            ("established_year", F::Int),
            ("established_on", F::OptDate),
            ("focus_areas", F::Choices(FOCUS, Word::Focus)),
            ("sdgs", F::Sdgs),
            ("expiry_window_days", F::Int),
            ("publication", PUBLICATION),
            ("contact", F::Long),
            ("privacy", F::Long),
            ("accessibility", F::Long),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::City,
        title: "name",
        fields: &[
            ("name", F::Text),
            ("native_name", F::Str),
            ("native_reading", F::OptStr),
            ("romaji", F::OptStr),
            ("country", F::Str),
            ("time_zone", F::Str),
            ("latitude", F::Float),
            ("longitude", F::Float),
            ("founded_year", F::OptInt),
            ("population", F::OptInt),
            ("description", F::Long),
            ("mail_signature", F::Long),
        ],
    },
    Spec {
        personal: false,
        kind: Kind::Document,
        title: "title",
        fields: &[
            ("title", F::Text),
            ("language", F::Choice(&["", "nl", "ja", "en"], Word::DocumentLanguage)),
            ("file_name", F::Str),
            ("activity_id", F::OptRef(Kind::Activity)),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: true,
        kind: Kind::Person,
        title: "family_name",
        fields: &[
            ("family_name", F::Str),
            ("given_name", F::Str),
            ("family_name_reading", F::OptStr),
            ("given_name_reading", F::OptStr),
            ("family_name_romaji", F::OptStr),
            ("given_name_romaji", F::OptStr),
            ("city_id", F::OptRef(Kind::City)),
            ("organisation_id", F::OptRef(Kind::Organisation)),
            ("email", F::OptStr),
            ("phone", F::OptStr),
            ("example", F::Bool),
        ],
    },
    Spec {
        personal: true,
        kind: Kind::Ambassador,
        title: "profile",
        fields: &[
            ("person_id", F::Ref(Kind::Person)),
            ("cohort_year", F::OptInt),
            ("home_city_id", F::Ref(Kind::City)),
            ("activity_id", F::OptRef(Kind::Activity)),
            ("status", F::Choice(&["active", "alumni", "inactive"], Word::AmbassadorStatus)),
            ("profile", F::Long),
            ("publication", PUBLICATION),
            ("example", F::Bool),
        ],
    },
];

#[derive(Template)]
#[template(path = "manage/records_index.html")]
struct IndexPage {
    desk: Desk,
    kinds: Vec<(String, String)>,
    import_href: String,
    /// The whole partnership as JSON, for those who may see personal data.
    export_href: Option<String>,
}

async fn index(Extension(ctx): Extension<Ctx>) -> Response {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    let personal = ctx.account.as_ref().is_some_and(|a| a.principal.may(Permission::PersonalData(p.id)));
    let kinds = SPECS
        .iter()
        .filter(|s| personal || !s.personal)
        .map(|s| {
            (
                format!("/manage/{}/records/{}", p.item.slug, s.kind.as_str()),
                tr.word(crate::words::Word::Records, s.kind.as_str()),
            )
        })
        .collect();
    let import_href = format!("/manage/{}/import", p.item.slug);
    let export_href = personal.then(|| format!("/manage/{}/export.json", p.item.slug));
    page(&IndexPage { desk: Desk::new(&ctx, tr.t("records-title"), "records"), kinds, import_href, export_href })
}

/// The whole partnership as one JSON file (the export format, without accounts).
async fn export<S: WebStore>(State(state): State<AppState<S>>, Extension(ctx): Extension<Ctx>) -> Response {
    use axum::http::{HeaderValue, header};
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let change = Change::by_user(account.id(), (state.clock)());
    match state.store.export_partnership(&change, p.id).await {
        Ok(bytes) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            let day = (state.clock)().format("%Y-%m-%d");
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}-{day}.json\"", p.item.slug)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(e) => WebError(e).into_response(),
    }
}

fn spec(kind: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.kind.as_str() == kind)
}

/// The spec for `kind` if this user may see such items here; else the page to
/// answer with.
fn visible(ctx: &Ctx, kind: &str) -> Result<&'static Spec, fn(&Ctx) -> Response> {
    let Some(spec) = spec(kind) else { return Err(not_found) };
    let allowed = match (&ctx.account, &ctx.partnership) {
        (Some(a), Some(p)) => !spec.personal || a.principal.may(Permission::PersonalData(p.id)),
        _ => false,
    };
    if allowed { Ok(spec) } else { Err(forbidden) }
}

/// Calls `$f::<S, T>(args…)` for the record type of `$spec`.
macro_rules! by_kind {
    ($spec:expr, $f:ident, $($arg:expr),*) => {
        match $spec.kind {
            Kind::Agreement => $f::<S, Agreement>($($arg),*).await,
            Kind::NewsPost => $f::<S, NewsPost>($($arg),*).await,
            Kind::Activity => $f::<S, Activity>($($arg),*).await,
            Kind::Organisation => $f::<S, Organisation>($($arg),*).await,
            Kind::OrganisationPair => $f::<S, OrganisationPair>($($arg),*).await,
            Kind::Programme => $f::<S, Programme>($($arg),*).await,
            Kind::Landmark => $f::<S, Landmark>($($arg),*).await,
            Kind::Document => $f::<S, Document>($($arg),*).await,
            Kind::Partnership => $f::<S, Partnership>($($arg),*).await,
            Kind::City => $f::<S, City>($($arg),*).await,
            Kind::Person => $f::<S, zusterstad_core::people::Person>($($arg),*).await,
            Kind::Ambassador => $f::<S, zusterstad_core::people::Ambassador>($($arg),*).await,
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    };
}

/// Whether an item is part of partnership `p` (the partnership itself, its two
/// cities, or an item with its `partnership_id`).
fn belongs(kind: Kind, id: i64, item: &Value, p: &Stored<Partnership>) -> bool {
    match kind {
        Kind::Partnership => id == p.id.get(),
        Kind::City => p.item.has_city(Id::new(id)),
        _ => item.get("partnership_id").and_then(Value::as_i64) == Some(p.id.get()),
    }
}

/// Kinds that exist once per partnership (or are shared): edited, never created or
/// deleted here.
fn fixed(kind: Kind) -> bool {
    matches!(kind, Kind::Partnership | Kind::City)
}

/// Options for references: the items of the partnership (cities: its two).
struct Options {
    by_kind: Vec<(Kind, Vec<(i64, String)>)>,
}

impl Options {
    fn of(&self, kind: Kind) -> &[(i64, String)] {
        self.by_kind.iter().find(|(k, _)| *k == kind).map(|(_, v)| v.as_slice()).unwrap_or_default()
    }
}

/// An item's name for lists: a text in the reader's language, or a plain string.
fn label(tr: Tr, item: &Value, name: &str) -> String {
    let Some(v) = item.get(name) else { return String::new() };
    serde_json::from_value::<Localized>(v.clone())
        .map(|l| tr.text(&l).text)
        .unwrap_or_else(|_| v.as_str().unwrap_or_default().to_owned())
}

fn named<T: Record>(tr: Tr, items: Vec<Stored<T>>, p: &Stored<Partnership>, name: &str) -> Vec<(i64, String)> {
    items
        .into_iter()
        .filter_map(|s| {
            let v = serde_json::to_value(&s.item).ok()?;
            if v.get("partnership_id").and_then(Value::as_i64).is_some_and(|x| x != p.id.get()) {
                return None;
            }
            let label = label(tr, &v, name);
            Some((s.id.get(), if label.trim().is_empty() { format!("#{}", s.id.get()) } else { label }))
        })
        .collect()
}

/// The choices for the references `spec`'s form has: only the kinds it names.
async fn options<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    p: &Stored<Partnership>,
    spec: &Spec,
) -> Result<Options, WebError> {
    let store = &state.store;
    let mut by_kind = Vec::new();
    let mut wanted: Vec<Kind> = Vec::new();
    for (_, f) in spec.fields {
        if let F::Ref(k) | F::OptRef(k) | F::RefList(k) = f
            && !wanted.contains(k)
        {
            wanted.push(*k);
        }
    }
    for kind in wanted {
        let choices = match kind {
            Kind::City => {
                named(tr, by_ids::<City, _>(store, [p.item.city_a_id.get(), p.item.city_b_id.get()]).await?, p, "name")
            }
            Kind::Organisation => named(tr, of_partnership::<Organisation, _>(store, p.id).await?, p, "name"),
            Kind::OrganisationPair => {
                let orgs = named(tr, of_partnership::<Organisation, _>(store, p.id).await?, p, "name");
                let name = |id: i64| orgs.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_default();
                of_partnership::<OrganisationPair, _>(store, p.id)
                    .await?
                    .into_iter()
                    .map(|x| {
                        let (a, b) = (name(x.item.organisation_a_id.get()), name(x.item.organisation_b_id.get()));
                        (x.id.get(), format!("{a} ⇄ {b}"))
                    })
                    .collect()
            }
            Kind::Document => named(tr, of_partnership::<Document, _>(store, p.id).await?, p, "title"),
            Kind::Agreement => named(tr, of_partnership::<Agreement, _>(store, p.id).await?, p, "title"),
            Kind::Programme => named(tr, of_partnership::<Programme, _>(store, p.id).await?, p, "title"),
            Kind::Activity => named(tr, of_partnership::<Activity, _>(store, p.id).await?, p, "title"),
            Kind::Person => of_partnership::<zusterstad_core::people::Person, _>(store, p.id)
                .await?
                .into_iter()
                .map(|x| (x.id.get(), format!("{} {}", x.item.given_name, x.item.family_name)))
                .collect(),
            _ => Vec::new(),
        };
        by_kind.push((kind, choices));
    }
    Ok(Options { by_kind })
}

/// One field as the form shows it.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub widget: Widget,
    pub error: Option<String>,
}

pub enum Widget {
    /// (lang, language name, value, status label, status class)
    Texts {
        multiline: bool,
        cells: Vec<(&'static str, String, String, String, &'static str)>,
        previews: Vec<(&'static str, String)>,
    },
    Input {
        kind: &'static str,
        value: String,
    },
    Check {
        checked: bool,
    },
    Select {
        options: Vec<(String, String, bool)>,
    },
    Checks {
        options: Vec<(String, String, bool)>,
    },
    Participants {
        rows: Vec<(String, String)>,
        kinds: Vec<(String, String)>,
    },
}

fn as_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

struct Names {
    a: String,
    b: String,
    /// Where instants are entered and shown: the user's own city's zone.
    zone: chrono_tz::Tz,
}

/// The time zone a user reads times in where no partnership is at hand (the audit
/// log, accounts): the city of their first side, else the zone their workspace
/// language suggests (Brussels for Dutch, Tokyo for Japanese, UTC for English).
pub(super) async fn reader_zone<S: WebStore>(state: &AppState<S>, ctx: &Ctx) -> Result<chrono_tz::Tz, Error> {
    let side = ctx.account.as_ref().and_then(|a| a.principal.grants.iter().find_map(|g| g.side_city_id));
    if let Some(side) = side {
        let city: Stored<City> = RecordStore::<City>::get(&state.store, side).await?;
        return Ok(city.item.time_zone.parse().unwrap_or(chrono_tz::UTC));
    }
    Ok(match ctx.tr().lang {
        zusterstad_core::Lang::Nl => chrono_tz::Europe::Brussels,
        zusterstad_core::Lang::Ja => chrono_tz::Asia::Tokyo,
        zusterstad_core::Lang::En => chrono_tz::UTC,
    })
}

/// The time zone a user enters times in: their side's city, else the partnership's
/// first city.
pub(super) async fn entry_zone<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    p: &Stored<Partnership>,
) -> Result<chrono_tz::Tz, Error> {
    let side = ctx.account.as_ref().and_then(|a| a.principal.side(p.id)).unwrap_or(p.item.city_a_id);
    let city: Stored<City> = RecordStore::<City>::get(&state.store, side).await?;
    Ok(city.item.time_zone.parse().unwrap_or(chrono_tz::UTC))
}

fn views(
    tr: Tr,
    spec: &Spec,
    item: &Value,
    opts: &Options,
    errors: &[(String, String)],
    preview: bool,
    names: &Names,
) -> Vec<FieldView> {
    spec.fields
        .iter()
        .map(|(name, f)| {
            let v = item.get(*name);
            let error =
                errors.iter().find(|(e, _)| e == name || e.starts_with(&format!("{name}."))).map(|(_, m)| m.clone());
            let widget = match f {
                F::Text | F::Long => {
                    let text: Localized = v.and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
                    Widget::Texts {
                        multiline: *f == F::Long,
                        cells: super::text_cells(tr, &text),
                        previews: if preview && *f == F::Long {
                            Lang::ALL
                                .iter()
                                .filter(|l| !text.get(**l).value.trim().is_empty())
                                .map(|l| (l.code(), markdown_html(&text.get(*l).value)))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    }
                }
                F::Str | F::OptStr => Widget::Input { kind: "text", value: as_text(v) },
                F::Int | F::OptInt | F::Float => Widget::Input { kind: "number", value: as_text(v) },
                F::Date | F::OptDate => Widget::Input { kind: "date", value: as_text(v) },
                F::Instant => Widget::Input {
                    kind: "datetime-local",
                    value: v
                        .and_then(Value::as_str)
                        .and_then(|s| s.parse::<DateTime<Utc>>().ok())
                        .map(|t| t.with_timezone(&names.zone).format("%Y-%m-%dT%H:%M").to_string())
                        .unwrap_or_else(|| as_text(v)),
                },
                F::Bool => Widget::Check { checked: v.and_then(Value::as_bool).unwrap_or(false) },
                F::Choice(values, family) => Widget::Select {
                    options: values
                        .iter()
                        .map(|c| {
                            let label = tr.word_with(*family, c, &[("a", &names.a), ("b", &names.b)]);
                            let chosen = v.and_then(Value::as_str).unwrap_or_default() == *c;
                            ((*c).to_owned(), label, chosen)
                        })
                        .collect(),
                },
                F::Ref(kind) | F::OptRef(kind) => {
                    let chosen = v.and_then(Value::as_i64);
                    let mut options: Vec<(String, String, bool)> = opts
                        .of(*kind)
                        .iter()
                        .map(|(id, label)| (id.to_string(), label.clone(), chosen == Some(*id)))
                        .collect();
                    if matches!(f, F::OptRef(_)) || chosen.is_none() {
                        options.insert(0, (String::new(), "—".into(), chosen.is_none()));
                    }
                    Widget::Select { options }
                }
                F::RefList(kind) => {
                    let chosen: Vec<i64> = v
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default();
                    Widget::Checks {
                        options: opts
                            .of(*kind)
                            .iter()
                            .map(|(id, label)| (id.to_string(), label.clone(), chosen.contains(id)))
                            .collect(),
                    }
                }
                F::Choices(values, family) => {
                    let chosen: Vec<&str> = v
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    Widget::Checks {
                        options: values
                            .iter()
                            .map(|c| ((*c).to_owned(), tr.word(*family, c), chosen.contains(c)))
                            .collect(),
                    }
                }
                F::Sdgs => {
                    let chosen: Vec<i64> = v
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default();
                    Widget::Checks {
                        options: (1..=17)
                            .map(|n| {
                                (n.to_string(), tr.word(crate::words::Word::Sdg, n.to_string()), chosen.contains(&n))
                            })
                            .collect(),
                    }
                }
                F::Participants => {
                    let mut rows: Vec<(String, String)> = v
                        .and_then(Value::as_array)
                        .map(|a| a.iter().map(|r| (as_text(r.get("kind")), as_text(r.get("count")))).collect())
                        .unwrap_or_default();
                    rows.extend(std::iter::repeat_n((String::new(), String::new()), 2));
                    Widget::Participants {
                        rows,
                        kinds: PARTICIPANTS
                            .iter()
                            .map(|k| ((*k).to_owned(), tr.word(crate::words::Word::Participant, k)))
                            .collect(),
                    }
                }
            };
            let label = match f {
                F::Instant => tr
                    .ta("records-time-in-zone", &[("field", &tr.word(Word::Field, name)), ("zone", names.zone.name())]),
                _ => tr.word(Word::Field, name),
            };
            FieldView { name, label, widget, error }
        })
        .collect()
}

/// Reads the form onto `base` (the item as it was, or a new one). Every field
/// keeps what was typed; problems are returned by field.
fn read(tr: Tr, spec: &Spec, fields: &Fields, base: &Value, zone: chrono_tz::Tz) -> (Value, Vec<(String, String)>) {
    let mut item = base.as_object().cloned().unwrap_or_default();
    let mut errors = Vec::new();
    let text = |name: &str| field(fields, name).trim().to_owned();
    for (name, f) in spec.fields {
        let raw = text(name);
        let value = match f {
            F::Text | F::Long => {
                let mut t: Localized =
                    item.get(*name).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
                for lang in Lang::ALL {
                    if let Some(v) = fields.get(&format!("{name}_{}", lang.code())) {
                        t.edit(lang, v.replace("\r\n", "\n").trim_end().to_owned());
                    }
                }
                serde_json::to_value(t).unwrap_or(Value::Null)
            }
            F::Str => Value::String(raw),
            F::OptStr => {
                if raw.is_empty() {
                    Value::Null
                } else {
                    Value::String(raw)
                }
            }
            F::Int | F::OptInt => match raw.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) if raw.is_empty() && *f == F::OptInt => Value::Null,
                Err(_) => {
                    errors.push(((*name).to_owned(), tr.t("records-error-whole-number")));
                    Value::Null
                }
            },
            F::Float => match raw.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => json!(n),
                _ => {
                    errors.push(((*name).to_owned(), tr.t("records-error-number")));
                    Value::Null
                }
            },
            F::Date | F::OptDate => match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
                Ok(d) => json!(d),
                Err(_) if raw.is_empty() && *f == F::OptDate => Value::Null,
                Err(_) => {
                    errors.push(((*name).to_owned(), tr.t("desk-error-date")));
                    Value::String(raw)
                }
            },
            F::Instant => match NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M") {
                // Entered in the user's zone; a time the clock skips is refused.
                Ok(t) => match zone.from_local_datetime(&t).earliest() {
                    Some(t) => json!(t.with_timezone(&Utc)),
                    None => {
                        errors.push(((*name).to_owned(), tr.t("desk-error-clock-change")));
                        Value::String(raw)
                    }
                },
                Err(_) => {
                    errors.push(((*name).to_owned(), tr.t("desk-error-date-time")));
                    Value::String(raw)
                }
            },
            F::Bool => Value::Bool(field(fields, name) == "yes"),
            F::Choice(values, _) => {
                if !values.contains(&raw.as_str()) {
                    errors.push(((*name).to_owned(), tr.t("desk-error-choose")));
                }
                // An empty choice, where offered, means "none".
                if raw.is_empty() { Value::Null } else { Value::String(raw) }
            }
            F::Ref(_) | F::OptRef(_) => match raw.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) if raw.is_empty() && matches!(f, F::OptRef(_)) => Value::Null,
                Err(_) => {
                    errors.push(((*name).to_owned(), tr.t("desk-error-choose")));
                    Value::Null
                }
            },
            F::Choices(values, _) => {
                let picked: Vec<&str> =
                    field(fields, name).split(',').map(str::trim).filter(|x| !x.is_empty()).collect();
                if picked.iter().any(|x| !values.contains(x)) {
                    errors.push(((*name).to_owned(), tr.t("desk-error-choose")));
                }
                json!(picked)
            }
            F::RefList(_) | F::Sdgs => {
                // Checkboxes arrive as `name=1&name=4`: the form layer joins them with commas.
                let ids: Vec<i64> = field(fields, name).split(',').filter_map(|x| x.trim().parse().ok()).collect();
                json!(ids)
            }
            F::Participants => {
                let mut rows = Vec::new();
                for i in 0..40 {
                    let kind = text(&format!("{name}_{i}_kind"));
                    let count = text(&format!("{name}_{i}_count"));
                    if kind.is_empty() && count.is_empty() {
                        continue;
                    }
                    match count.parse::<u32>() {
                        Ok(n) if PARTICIPANTS.contains(&kind.as_str()) => rows.push(json!({"kind": kind, "count": n})),
                        _ => errors.push(((*name).to_owned(), tr.t("records-error-participants"))),
                    }
                }
                Value::Array(rows)
            }
        };
        item.insert((*name).to_owned(), value);
    }
    (Value::Object(item), errors)
}

fn field_errors(tr: Tr, e: Error) -> Result<Vec<(String, String)>, WebError> {
    match e {
        Error::Invalid { fields } => Ok(fields.into_iter().map(|f| (f.field.clone(), tr.field_problem(&f))).collect()),
        other => Err(WebError(other)),
    }
}

pub struct Row {
    pub href: String,
    pub title: String,
    pub publication: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "manage/records.html")]
struct ListPage {
    desk: Desk,
    heading: String,
    base: String,
    rows: Vec<Row>,
    may_edit: bool,
    show: String,
    sort: String,
    pager: Option<crate::pages::Pager>,
    csv: String,
    new_href: String,
}

const PER_PAGE: u64 = 25;

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind)): Path<(String, String)>,
    Query(q): Query<Fields>,
) -> Response {
    let spec = match visible(&ctx, kind.trim_end_matches(".csv")) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    by_kind!(spec, list_of, &state, &ctx, spec, &q, kind.ends_with(".csv"))
}

async fn list_of<S: WebStore + RecordStore<T>, T: Record>(
    state: &AppState<S>,
    ctx: &Ctx,
    spec: &Spec,
    q: &Fields,
    csv: bool,
) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(ctx) };
    // Codes only: they go back into the page's links.
    let show = match field(q, "show") {
        code @ ("draft" | "published" | "archived" | "all") => code.to_owned(),
        _ => String::new(),
    };
    let sort = match field(q, "sort") {
        code @ ("title" | "updated") => code.to_owned(),
        _ => String::new(),
    };
    // This partnership's items of the kind, filtered, sorted and paged by the database.
    let mut scope = match spec.kind {
        Kind::Partnership => ListQuery::all().with(Cond::Eq("id", QValue::Int(p.id.get()))),
        Kind::City => ListQuery::all()
            .with(Cond::In("id", vec![QValue::Int(p.item.city_a_id.get()), QValue::Int(p.item.city_b_id.get())])),
        _ => ListQuery::of(p.id),
    };
    if spec.fields.iter().any(|(name, _)| *name == "publication") {
        scope = match show.as_str() {
            "" => scope.with(Cond::Ne("publication", QValue::from("archived"))),
            "all" => scope,
            state => scope.with(Cond::Eq("publication", QValue::from(state))),
        };
    }
    if sort == "updated" {
        scope = scope.desc("updated_at");
    }
    // Titles are texts in three languages: sorted by the reader's, here, over this
    // partnership's items of the kind (and for the download, every one of them).
    let whole = csv || sort == "title";
    let requested = crate::pages::page_number(Some(field(q, "page")));
    let paging = Paging::new(requested, PER_PAGE, 0);
    let found = if whole {
        RecordStore::<T>::query(&state.store, &scope).await
    } else {
        RecordStore::<T>::query(&state.store, &scope.page(paging.page, PER_PAGE)).await
    };
    let found = match found {
        Ok(a) => a,
        Err(e) => return WebError(e).into_response(),
    };
    let paging = Paging { total: found.total, ..paging };
    let mut items: Vec<(Stored<T>, Value, String)> = found
        .items
        .into_iter()
        .filter_map(|s| {
            let v = serde_json::to_value(&s.item).ok()?;
            let title = label(tr, &v, spec.title);
            Some((s, v, if title.trim().is_empty() { "—".into() } else { title }))
        })
        .collect();
    if sort == "title" {
        items.sort_by_key(|x| x.2.to_lowercase());
    }
    let base = format!("/manage/{}/records/{}", p.item.slug, spec.kind.as_str());
    let publication = |v: &Value| {
        v.get("publication")
            .and_then(Value::as_str)
            .map(|c| tr.word(crate::words::Word::Publication, c))
            .unwrap_or_default()
    };
    if csv {
        let mut rows = vec![vec![
            "id".to_owned(),
            tr.word(Word::Field, spec.title),
            tr.t("event-field-publication"),
            tr.t("records-updated"),
        ]];
        rows.extend(items.iter().map(|(s, v, t)| {
            vec![
                s.id.get().to_string(),
                t.clone(),
                publication(v),
                s.updated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            ]
        }));
        return crate::csv_out::csv_response(&rows, &format!("{}-{}.csv", p.item.slug, spec.kind.as_str()));
    }
    let shown = if whole { paging.slice(&items) } else { &items[..] };
    let zone = match entry_zone(state, ctx, p).await {
        Ok(z) => z,
        Err(e) => return WebError(e).into_response(),
    };
    let rows = shown
        .iter()
        .map(|(s, v, t)| Row {
            href: format!("{base}/{}", s.id.get()),
            title: t.clone(),
            publication: publication(v),
            updated: tr.date(s.updated_at.with_timezone(&zone).date_naive()),
        })
        .collect();
    let heading = tr.word(crate::words::Word::Records, spec.kind.as_str());
    page(&ListPage {
        desk: Desk::new(ctx, heading.clone(), "records"),
        heading,
        csv: format!("{base}.csv?show={show}&sort={sort}"),
        // Documents start with their file.
        new_href: if spec.kind == Kind::Document {
            format!("/manage/{}/documents/new", p.item.slug)
        } else {
            format!("{base}/new")
        },
        pager: crate::pages::pager(tr, &base, &[("show", show.clone()), ("sort", sort.clone())], &paging),
        base,
        rows,
        may_edit: account.principal.may(Permission::EditPartnership(p.id)) && !fixed(spec.kind),
        show,
        sort,
    })
}

#[derive(Template)]
#[template(path = "manage/record_form.html")]
struct FormPage {
    desk: Desk,
    heading: String,
    action: String,
    version: i64,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
    may_edit: bool,
    conflict: bool,
    approvals: Vec<(String, bool)>,
    approve: Option<String>,
    delete: Option<String>,
    /// What the portal shows while this version waits for both cities.
    portal_note: Option<String>,
    history: Option<String>,
    notice: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    spec: &Spec,
    item: &Value,
    stored: Option<(i64, i64)>,
    errors: Vec<(String, String)>,
    preview: bool,
    notice: Option<String>,
) -> Result<FormPage, WebError> {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return Err(WebError(Error::Forbidden)) };
    let opts = options(state, tr, p, spec).await?;
    let a: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_a_id).await?;
    let b: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_b_id).await?;
    let names =
        Names { a: tr.text(&a.item.name).text, b: tr.text(&b.item.name).text, zone: entry_zone(state, ctx, p).await? };
    let base = format!("/manage/{}/records/{}", p.item.slug, spec.kind.as_str());
    let title = label(tr, item, spec.title);
    let may_edit = ctx.account.as_ref().is_some_and(|acc| may_edit_item(acc, p, spec.kind, stored.map(|s| s.0)));
    let joint = item.get("joint").and_then(Value::as_bool).unwrap_or(false);
    let side = ctx.account.as_ref().and_then(|acc| acc.principal.side(p.id));
    let control = match stored {
        Some((id, _)) if zusterstad_core::approvals::JOINT_KINDS.contains(&spec.kind) => {
            state.store.joint_state(spec.kind, id).await?
        }
        _ => None,
    };
    let (approvals, approve, portal_note) = match stored {
        Some((id, version)) if joint || control.is_some() => {
            let all: Vec<Stored<Approval>> = approvals_of(&state.store, spec.kind, [id]).await?;
            let sides = approved_sides(&all, spec.kind, id, version);
            let list = vec![(names.a.clone(), sides.contains(&a.id)), (names.b.clone(), sides.contains(&b.id))];
            let approve = side.filter(|s| !sides.contains(s)).map(|_| format!("{base}/{id}/approve"));
            let cleared = sides.contains(&a.id) && sides.contains(&b.id);
            let note = (!cleared).then(|| super::portal_note(tr, control.as_ref(), version));
            (list, approve, note)
        }
        _ => (Vec::new(), None, None),
    };
    Ok(FormPage {
        desk: Desk::new(ctx, if title.is_empty() { tr.t("records-new") } else { title.clone() }, "records"),
        heading: if stored.is_none() {
            tr.t("records-new")
        } else if title.is_empty() {
            "—".into()
        } else {
            title
        },
        action: match stored {
            Some((id, _)) => format!("{base}/{id}"),
            None => format!("{base}/new"),
        },
        version: stored.map(|s| s.1).unwrap_or(0),
        fields: views(tr, spec, item, &opts, &errors, preview, &names),
        errors,
        may_edit,
        conflict: false,
        approvals,
        approve,
        portal_note,
        delete: stored.filter(|_| may_edit && !fixed(spec.kind)).map(|(id, _)| format!("{base}/{id}/delete")),
        history: stored.map(|(id, _)| format!("/manage/{}/history/{}/{id}", p.item.slug, spec.kind.as_str())),
        notice,
    })
}

fn may_edit_item(account: &super::session::Account, p: &Stored<Partnership>, kind: Kind, id: Option<i64>) -> bool {
    account.principal.may_edit_item(p.id, kind, id)
}

fn respond(view: Result<FormPage, WebError>, status: StatusCode) -> Response {
    match view {
        Ok(v) => {
            let mut r = page(&v);
            *r.status_mut() = status;
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn new_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind)): Path<(String, String)>,
) -> Response {
    let spec = match visible(&ctx, &kind) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    if fixed(spec.kind) {
        return not_found(&ctx);
    }
    let item = json!({"partnership_id": p.id.get(), "publication": "draft", "example": false});
    respond(form_page(&state, &ctx, spec, &item, None, Vec::new(), false, None).await, StatusCode::OK)
}

async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let spec = match visible(&ctx, &kind) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    if fixed(spec.kind) {
        return not_found(&ctx);
    }
    let fields = joined(fields);
    by_kind!(spec, save, &state, &ctx, spec, None, &fields)
}

/// Form fields, with repeated names (checkboxes) joined by commas.
fn joined(pairs: Vec<(String, String)>) -> Fields {
    let mut out = Fields::new();
    for (k, v) in pairs {
        out.entry(k)
            .and_modify(|x: &mut String| {
                x.push(',');
                x.push_str(&v);
            })
            .or_insert(v);
    }
    out
}

async fn load<S: WebStore + RecordStore<T>, T: Record>(
    state: &AppState<S>,
    ctx: &Ctx,
    id: &str,
) -> Result<(Stored<T>, Value), Response> {
    let Some(p) = &ctx.partnership else { return Err(forbidden(ctx)) };
    let Ok(id) = id.parse::<i64>() else { return Err(not_found(ctx)) };
    match RecordStore::<T>::get(&state.store, Id::new(id)).await {
        Ok(s) => {
            let v = serde_json::to_value(&s.item).unwrap_or(Value::Null);
            if belongs(T::KIND, s.id.get(), &v, p) { Ok((s, v)) } else { Err(not_found(ctx)) }
        }
        Err(Error::NotFound { .. }) => Err(not_found(ctx)),
        Err(e) => Err(WebError(e).into_response()),
    }
}

async fn edit_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind, id)): Path<(String, String, String)>,
    Query(q): Query<Fields>,
) -> Response {
    let spec = match visible(&ctx, &kind) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    by_kind!(spec, show, &state, &ctx, spec, &id, &q)
}

async fn show<S: WebStore + RecordStore<T>, T: Record>(
    state: &AppState<S>,
    ctx: &Ctx,
    spec: &Spec,
    id: &str,
    q: &Fields,
) -> Response {
    let (stored, value) = match load::<S, T>(state, ctx, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let notice = match field(q, "done") {
        "saved" => Some(ctx.tr().t("records-saved")),
        "approved" => Some(ctx.tr().t("approval-given")),
        _ => None,
    };
    respond(
        form_page(state, ctx, spec, &value, Some((stored.id.get(), stored.version)), Vec::new(), false, notice).await,
        StatusCode::OK,
    )
}

async fn update<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind, id)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let spec = match visible(&ctx, &kind) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    let fields = joined(fields);
    by_kind!(spec, save, &state, &ctx, spec, Some(id.as_str()), &fields)
}

/// Creates (`id` none) or updates an item from the form; `preview` shows the
/// Markdown rendered, without saving.
async fn save<S: WebStore + RecordStore<T>, T: Record>(
    state: &AppState<S>,
    ctx: &Ctx,
    spec: &Spec,
    id: Option<&str>,
    fields: &Fields,
) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(ctx) };
    let existing = match id {
        Some(id) => match load::<S, T>(state, ctx, id).await {
            Ok(x) => Some(x),
            Err(r) => return r,
        },
        None => None,
    };
    if !may_edit_item(account, p, spec.kind, existing.as_ref().map(|(s, _)| s.id.get())) {
        return forbidden(ctx);
    }
    let base = match &existing {
        Some((_, v)) => v.clone(),
        None => json!({"partnership_id": p.id.get(), "example": false, "consents": {}}),
    };
    let zone = match entry_zone(state, ctx, p).await {
        Ok(z) => z,
        Err(e) => return WebError(e).into_response(),
    };
    let (mut value, mut errors) = read(tr, spec, fields, &base, zone);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("partnership_id".into(), json!(p.id.get()));
    }
    let stored_ids = existing.as_ref().map(|(s, _)| (s.id.get(), s.version));
    let version = field(fields, "version").parse::<i64>().unwrap_or(0);
    if field(fields, "preview") == "yes" {
        return respond(
            form_page(state, ctx, spec, &value, stored_ids.map(|(i, _)| (i, version)), errors, true, None).await,
            StatusCode::OK,
        );
    }
    let item: Option<T> = if errors.is_empty() {
        match serde_json::from_value::<T>(value.clone()) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(("form".into(), tr.ta("records-error-form", &[("detail", &e.to_string())])));
                None
            }
        }
    } else {
        None
    };
    // Links only within this partnership (a crafted form could name any id).
    if let Some(item) = &item {
        match crate::scope::outside(&state.store, p, &item.references()).await {
            Ok(outside) => {
                errors.extend(outside.into_iter().map(|f| (f.to_owned(), tr.t("records-error-other-partnership"))))
            }
            Err(e) => return WebError(e).into_response(),
        }
    }
    let Some(item) = item.filter(|_| errors.is_empty()) else {
        return respond(
            form_page(state, ctx, spec, &value, stored_ids.map(|(i, _)| (i, version)), errors, false, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let change = Change::by_user(account.id(), (state.clock)());
    let result = match &existing {
        Some((s, _)) => RecordStore::<T>::update(&state.store, &change, s.id, version, item).await,
        None => RecordStore::<T>::create(&state.store, &change, item).await,
    };
    match result {
        Ok(saved) => {
            state.pages.changed();
            Redirect::to(&format!(
                "/manage/{}/records/{}/{}?done=saved",
                p.item.slug,
                spec.kind.as_str(),
                saved.id.get()
            ))
            .into_response()
        }
        Err(Error::Conflict(_)) if existing.is_some() => {
            // Someone saved first: show their version next to this one; keep what
            // this person typed, on top of the current version.
            let Some((current, current_value)) = existing else { return StatusCode::CONFLICT.into_response() };
            let mut view = match form_page(
                state,
                ctx,
                spec,
                &value,
                Some((current.id.get(), current.version)),
                Vec::new(),
                false,
                None,
            )
            .await
            {
                Ok(v) => v,
                Err(e) => return e.into_response(),
            };
            view.conflict = true;
            let theirs = views(
                tr,
                spec,
                &current_value,
                &options(state, tr, p, spec).await.unwrap_or(Options { by_kind: Vec::new() }),
                &[],
                false,
                &Names { a: String::new(), b: String::new(), zone },
            );
            view.errors = theirs
                .iter()
                .zip(&view.fields)
                .filter_map(|(t, m)| {
                    let a = summary(&t.widget);
                    let b = summary(&m.widget);
                    (a != b)
                        .then(|| (t.label.clone(), tr.ta("records-conflict-field", &[("theirs", &a), ("yours", &b)])))
                })
                .collect();
            let mut r = page(&view);
            *r.status_mut() = StatusCode::CONFLICT;
            r
        }
        Err(e) => match field_errors(ctx.tr(), e) {
            Ok(errors) => respond(
                form_page(state, ctx, spec, &value, stored_ids.map(|(i, _)| (i, version)), errors, false, None).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(e) => e.into_response(),
        },
    }
}

/// A widget's value as one line, for the conflict list.
fn summary(w: &Widget) -> String {
    match w {
        Widget::Texts { cells, .. } => {
            cells.iter().map(|c| format!("{}: {}", c.0, c.2)).collect::<Vec<_>>().join(" / ")
        }
        Widget::Input { value, .. } => value.clone(),
        Widget::Check { checked } => checked.to_string(),
        Widget::Select { options } | Widget::Checks { options } => {
            options.iter().filter(|o| o.2).map(|o| o.1.clone()).collect::<Vec<_>>().join(", ")
        }
        Widget::Participants { rows, .. } => {
            rows.iter().filter(|r| !r.0.is_empty()).map(|r| format!("{} {}", r.1, r.0)).collect::<Vec<_>>().join(", ")
        }
    }
}

async fn delete<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind, id)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let spec = match visible(&ctx, &kind) {
        Ok(s) => s,
        Err(refuse) => return refuse(&ctx),
    };
    if fixed(spec.kind) {
        return not_found(&ctx);
    }
    by_kind!(spec, remove, &state, &ctx, spec, &id, &fields)
}

async fn remove<S: WebStore + RecordStore<T>, T: Record>(
    state: &AppState<S>,
    ctx: &Ctx,
    spec: &Spec,
    id: &str,
    fields: &Fields,
) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(ctx) };
    let (stored, value) = match load::<S, T>(state, ctx, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let version = field(fields, "version").parse::<i64>().unwrap_or(0);
    match super::joint_allows_delete(state, &account.principal, spec.kind, stored.id.get(), version, &value).await {
        Ok(true) => {}
        Ok(false) => {
            let notice = Some(tr.t("records-joint-delete"));
            return respond(
                form_page(state, ctx, spec, &value, Some((stored.id.get(), stored.version)), Vec::new(), false, notice)
                    .await,
                StatusCode::CONFLICT,
            );
        }
        Err(e) => return WebError(e).into_response(),
    }
    let change = Change::by_user(account.id(), (state.clock)());
    match RecordStore::<T>::delete(&state.store, &change, stored.id, version).await {
        Ok(()) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{}/records/{}?deleted=1", p.item.slug, spec.kind.as_str())).into_response()
        }
        Err(Error::Conflict(_)) => {
            // Still referred to, or changed meanwhile: say so, suggest archiving.
            let notice = Some(tr.t("records-cannot-delete"));
            respond(
                form_page(state, ctx, spec, &value, Some((stored.id.get(), stored.version)), Vec::new(), false, notice)
                    .await,
                StatusCode::CONFLICT,
            )
        }
        Err(e) => WebError(e).into_response(),
    }
}

async fn approve<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, kind, id)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let Some(spec) = spec(&kind).filter(|s| s.kind == Kind::Agreement) else { return not_found(&ctx) };
    let (stored, value) = match load::<S, Agreement>(&state, &ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let target = format!("/manage/{slug}/records/{}/{}", spec.kind.as_str(), stored.id.get());
    let joint = value.get("joint").and_then(Value::as_bool) == Some(true);
    super::approve_version(
        &state,
        &ctx,
        spec.kind,
        stored.id.get(),
        stored.version,
        joint,
        &fields,
        &target,
        "done=approved",
    )
    .await
}
