//! Events in the workspace: the list, the form (texts in nl / ja / en side by side
//! with their status), joint approval, and the conflict page when someone else
//! saved first.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use zusterstad_core::access::Permission;
use zusterstad_core::approvals::{Approval, approved_sides};
use zusterstad_core::audit::Change;
use zusterstad_core::events::{Event, EventKind, Registration};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::query::{Cond, ListQuery, Paging};
use zusterstad_core::store::{RecordStore, approvals_of};
use zusterstad_core::{Error, Id, Kind, Lang, Localized, Publication, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, not_found, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/{slug}/events", get(list::<S>))
        .route("/manage/{slug}/events/new", get(new_form::<S>).post(create::<S>))
        .route("/manage/{slug}/events/{id}", get(edit_form::<S>).post(update::<S>))
        .route("/manage/{slug}/events/{id}/approve", post(approve::<S>))
        .route("/manage/{slug}/events/{id}/delete", post(delete::<S>))
}

const KINDS: [(EventKind, &str); 8] = [
    (EventKind::NetworkEvent, "network_event"),
    (EventKind::Anniversary, "anniversary"),
    (EventKind::Concert, "concert"),
    (EventKind::Exhibition, "exhibition"),
    (EventKind::OfficialVisit, "official_visit"),
    (EventKind::Lecture, "lecture"),
    (EventKind::Workshop, "workshop"),
    (EventKind::Other, "other"),
];
const PUBLICATIONS: [(Publication, &str); 3] =
    [(Publication::Draft, "draft"), (Publication::Published, "published"), (Publication::Archived, "archived")];
pub(super) const TEXTS: [&str; 3] = ["title", "description", "venue"];

pub struct Row {
    pub href: String,
    pub title: String,
    pub when: String,
    pub publication: String,
    pub joint: String,
}

#[derive(Template)]
#[template(path = "manage/events.html")]
struct ListPage {
    desk: Desk,
    slug: String,
    rows: Vec<Row>,
    may_edit: bool,
    filter: String,
    pager: Option<crate::pages::Pager>,
}

fn local(at: DateTime<Utc>, zone: &str) -> NaiveDateTime {
    let zone: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&zone).naive_local()
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let tr = ctx.tr();
    let filter = match field(&q, "show") {
        code @ ("past" | "all") => code.to_owned(),
        _ => String::new(),
    };
    let csv = field(&q, "format") == "csv";
    let now = (state.clock)();
    // This partnership's events, filtered, sorted and paged by the database.
    let query = match filter.as_str() {
        "past" => ListQuery::of(p.id).with(Cond::Lt("ends_at", now.into())).desc("starts_at"),
        "all" => ListQuery::of(p.id).asc("starts_at"),
        _ => ListQuery::of(p.id).with(Cond::Ge("ends_at", now.into())).asc("starts_at"),
    };
    let paging = Paging::new(crate::pages::page_number(Some(field(&q, "page"))), EVENTS_PER_PAGE, 0);
    let query = if csv { query } else { query.page(paging.page, paging.per_page) };
    let found = match RecordStore::<Event>::query(&state.store, &query).await {
        Ok(found) => found,
        Err(e) => return WebError(e).into_response(),
    };
    let paging = Paging { total: found.total, ..paging };
    let events = found.items;
    let rows = events
        .iter()
        .map(|e| Row {
            href: format!("/manage/{}/events/{}", p.item.slug, e.id.get()),
            title: tr.text(&e.item.title).text,
            when: tr.moment(e.item.starts_at, e.item.time_zone.parse().unwrap_or(chrono_tz::UTC)),
            publication: tr.word(crate::words::Word::Publication, publication_code(e.item.publication)),
            joint: if e.item.joint { tr.t("desk-joint") } else { String::new() },
        })
        .collect::<Vec<Row>>();
    if csv {
        let mut table =
            vec![vec![tr.t("desk-col-title"), tr.t("desk-col-when"), tr.t("desk-col-status"), tr.t("desk-joint")]];
        table
            .extend(rows.iter().map(|r| vec![r.title.clone(), r.when.clone(), r.publication.clone(), r.joint.clone()]));
        return crate::csv_out::csv_response(&table, &format!("{}-events.csv", p.item.slug));
    }
    page(&ListPage {
        desk: Desk::new(&ctx, tr.t("desk-nav-events"), "events"),
        slug: p.item.slug.clone(),
        rows,
        may_edit: account.principal.may(Permission::EditPartnership(p.id)),
        pager: crate::pages::pager(
            tr,
            &format!("/manage/{}/events", p.item.slug),
            &[("show", filter.clone())],
            &paging,
        ),
        filter,
    })
}

/// Events on one page of the workspace's list.
const EVENTS_PER_PAGE: u64 = 50;

fn publication_code(p: Publication) -> &'static str {
    PUBLICATIONS.iter().find(|(x, _)| *x == p).map(|(_, c)| *c).unwrap_or("draft")
}

/// One text field in three languages, as shown in the form.
pub struct TextRow {
    pub name: &'static str,
    pub label: String,
    pub multiline: bool,
    /// (language code, language name, value, status label, status class)
    pub cells: Vec<(&'static str, String, String, String, &'static str)>,
}

/// One side's approval of the version on screen.
pub struct SideApproval {
    pub city: String,
    pub approved: bool,
}

#[derive(Template)]
#[template(path = "manage/event_form.html")]
struct FormPage {
    desk: Desk,
    heading: String,
    action: String,
    version: i64,
    texts: Vec<TextRow>,
    kind: String,
    kinds: Vec<(&'static str, String)>,
    starts: String,
    ends: String,
    time_zone: String,
    /// (zone, as people say it: the city and its offsets).
    zones: Vec<(String, String)>,
    online_url: String,
    capacity: String,
    registration: bool,
    joint: bool,
    publication: String,
    publications: Vec<(&'static str, String)>,
    errors: Vec<(String, String)>,
    may_edit: bool,
    /// For an existing event: approvals, the approve action, history.
    approvals: Vec<SideApproval>,
    /// What the portal shows while this version waits for both cities.
    portal_note: Option<String>,
    approve: Option<String>,
    history: Option<String>,
    registrations: Option<String>,
    public: Option<String>,
    /// The other person's saved version when a save conflicted: (field, yours, theirs).
    conflict: Vec<(String, String, String)>,
    notice: Option<String>,
    delete: Option<String>,
}

impl FormPage {
    fn times(&self) -> Vec<(&'static str, &str, &'static str)> {
        vec![("starts", self.starts.as_str(), "event-field-starts"), ("ends", self.ends.as_str(), "event-field-ends")]
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name || f.starts_with(&format!("{name}."))).map(|(_, m)| m.as_str())
    }
}

fn text_rows(tr: Tr, event: &Event) -> Vec<TextRow> {
    TEXTS
        .iter()
        .map(|name| {
            let text = texts_of(event, name);
            TextRow {
                name,
                label: tr.word(crate::words::Word::EventField, name),
                multiline: *name == "description",
                cells: super::text_cells(tr, text),
            }
        })
        .collect()
}

fn texts_of<'a>(event: &'a Event, name: &str) -> &'a Localized {
    match name {
        "description" => &event.description,
        "venue" => &event.venue,
        _ => &event.title,
    }
}

fn texts_mut<'a>(event: &'a mut Event, name: &str) -> &'a mut Localized {
    match name {
        "description" => &mut event.description,
        "venue" => &mut event.venue,
        _ => &mut event.title,
    }
}

/// A new event: starts next month at 19:00 in the first city's zone.
fn blank(p: &Stored<Partnership>, zone: &str, now: DateTime<Utc>) -> Event {
    let start = now + chrono::Duration::days(30);
    Event {
        partnership_id: p.id,
        title: Localized::default(),
        description: Localized::default(),
        kind: EventKind::NetworkEvent,
        starts_at: start,
        ends_at: start + chrono::Duration::hours(2),
        time_zone: zone.to_owned(),
        venue: Localized::default(),
        online_url: None,
        registration: None,
        programme_id: None,
        joint: false,
        publication: Publication::Draft,
        example: false,
    }
}

/// Reads the form into `event`, changing only what the form holds. Returns every
/// problem by field; the caller shows them next to what the user typed.
fn read_form(tr: Tr, fields: &Fields, event: &mut Event) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for name in TEXTS {
        for lang in Lang::ALL {
            let key = format!("{name}_{}", lang.code());
            if let Some(value) = fields.get(&key) {
                let value = value.replace("\r\n", "\n");
                texts_mut(event, name).edit(lang, value.trim_end().to_owned());
            }
        }
    }
    match KINDS.iter().find(|(_, c)| *c == field(fields, "kind")) {
        Some((k, _)) => event.kind = *k,
        None => errors.push(("kind".into(), tr.t("desk-error-choose"))),
    }
    let zone_text = field(fields, "time_zone").trim().to_owned();
    let zone: Option<chrono_tz::Tz> = zone_text.parse().ok();
    match zone {
        Some(_) => event.time_zone = zone_text,
        None => errors.push(("time_zone".into(), tr.t("desk-error-time-zone"))),
    }
    let zone = zone.unwrap_or(chrono_tz::UTC);
    let mut instant = |name: &str| -> Option<DateTime<Utc>> {
        let raw = field(fields, name).trim();
        let parsed = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"));
        match parsed {
            Err(_) => {
                errors.push((name.to_owned(), tr.t("desk-error-date-time")));
                None
            }
            Ok(t) => match zone.from_local_datetime(&t).earliest() {
                Some(t) => Some(t.with_timezone(&Utc)),
                None => {
                    errors.push((name.to_owned(), tr.t("desk-error-clock-change")));
                    None
                }
            },
        }
    };
    let starts = instant("starts");
    let ends = instant("ends");
    if let Some(s) = starts {
        event.starts_at = s;
    }
    if let Some(e) = ends {
        event.ends_at = e;
    }
    let url = field(fields, "online_url").trim();
    event.online_url = (!url.is_empty()).then(|| url.to_owned());
    let registration = field(fields, "registration") == "yes";
    let capacity = field(fields, "capacity").trim();
    let capacity = if capacity.is_empty() {
        None
    } else {
        match capacity.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(("capacity".into(), tr.t("desk-error-number")));
                None
            }
        }
    };
    event.registration = registration.then(|| Registration {
        capacity,
        waiting_list: event.registration.map(|r| r.waiting_list).unwrap_or(true),
        deadline: event.registration.and_then(|r| r.deadline),
    });
    event.joint = field(fields, "joint") == "yes";
    match PUBLICATIONS.iter().find(|(_, c)| *c == field(fields, "publication")) {
        Some((p, _)) => event.publication = *p,
        None => errors.push(("publication".into(), tr.t("desk-error-choose"))),
    }
    if errors.is_empty()
        && let Err(Error::Invalid { fields }) = zusterstad_core::Record::validate(&*event)
    {
        for f in fields {
            errors.push((f.field.replace("registration.", ""), tr.field_problem(&f)));
        }
    }
    errors
}

struct Setting<'a> {
    state_zones: Vec<String>,
    cities: Vec<Stored<City>>,
    p: &'a Stored<Partnership>,
    /// The partnership's items under both cities' control.
    joint: Vec<zusterstad_core::approvals::JointState>,
}

async fn setting<'a, S: WebStore>(state: &AppState<S>, p: &'a Stored<Partnership>) -> Result<Setting<'a>, WebError> {
    let a: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_a_id).await?;
    let b: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_b_id).await?;
    let mut zones = vec![a.item.time_zone.clone(), b.item.time_zone.clone(), "UTC".to_owned()];
    zones.dedup();
    let joint = state.store.joint_states(p.id).await?;
    Ok(Setting { state_zones: zones, cities: vec![a, b], p, joint })
}

#[allow(clippy::too_many_arguments)]
fn form_page<S: WebStore>(
    ctx: &Ctx,
    setting: &Setting<'_>,
    event: &Event,
    stored: Option<&Stored<Event>>,
    version: i64,
    errors: Vec<(String, String)>,
    approvals: &[Stored<Approval>],
    _state: &AppState<S>,
) -> FormPage {
    let tr = ctx.tr();
    let slug = &setting.p.item.slug;
    let may_edit = ctx.account.as_ref().is_some_and(|a| a.principal.may(Permission::EditPartnership(setting.p.id)));
    let side = ctx.account.as_ref().and_then(|a| a.principal.side(setting.p.id));
    let (heading, action) = match stored {
        Some(s) => (tr.text(&s.item.title).text, format!("/manage/{slug}/events/{}", s.id.get())),
        None => (tr.t("desk-event-new"), format!("/manage/{slug}/events/new")),
    };
    let mut zones = setting.state_zones.clone();
    if !zones.contains(&event.time_zone) {
        zones.push(event.time_zone.clone());
    }
    let year = chrono::Datelike::year(&event.starts_at);
    let zones = zones
        .into_iter()
        .map(|zone| {
            let city = setting.cities.iter().find(|c| c.item.time_zone == zone);
            let label = match city {
                Some(c) => {
                    let offsets = crate::pages::partnership::zone_offsets(tr, &zone, year);
                    tr.ta("event-zone-choice", &[("city", &tr.text(&c.item.name).text), ("offsets", &offsets)])
                }
                None => zone.clone(),
            };
            (zone, label)
        })
        .collect();
    let sides = stored.map(|s| approved_sides(approvals, Kind::Event, s.id.get(), s.version)).unwrap_or_default();
    let control =
        stored.and_then(|s| setting.joint.iter().find(|j| j.kind == Kind::Event && j.record_id == s.id.get()));
    let governed = stored.is_some_and(|s| s.item.joint) || control.is_some();
    let cleared = setting.cities.iter().all(|c| sides.contains(&c.id));
    FormPage {
        desk: Desk::new(ctx, heading.clone(), "events"),
        heading,
        action,
        version,
        texts: text_rows(tr, event),
        kind: KINDS.iter().find(|(k, _)| *k == event.kind).map(|(_, c)| (*c).to_owned()).unwrap_or_default(),
        kinds: KINDS.iter().map(|(_, c)| (*c, tr.word(crate::words::Word::EventKind, c))).collect(),
        starts: local(event.starts_at, &event.time_zone).format("%Y-%m-%dT%H:%M").to_string(),
        ends: local(event.ends_at, &event.time_zone).format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: event.time_zone.clone(),
        zones,
        online_url: event.online_url.clone().unwrap_or_default(),
        capacity: event.registration.and_then(|r| r.capacity).map(|c| c.to_string()).unwrap_or_default(),
        registration: event.registration.is_some(),
        joint: event.joint,
        publication: publication_code(event.publication).to_owned(),
        publications: PUBLICATIONS.iter().map(|(_, c)| (*c, tr.word(crate::words::Word::Publication, c))).collect(),
        errors,
        may_edit,
        portal_note: stored.filter(|_| governed && !cleared).map(|s| super::portal_note(tr, control, s.version)),
        approvals: if governed {
            setting
                .cities
                .iter()
                .map(|c| SideApproval { city: tr.text(&c.item.name).text, approved: sides.contains(&c.id) })
                .collect()
        } else {
            Vec::new()
        },
        approve: match (stored, side) {
            (Some(s), Some(side)) if governed && !sides.contains(&side) => {
                Some(format!("/manage/{slug}/events/{}/approve", s.id.get()))
            }
            _ => None,
        },
        history: stored.map(|s| format!("/manage/{slug}/history/event/{}", s.id.get())),
        registrations: stored
            .filter(|_| ctx.account.as_ref().is_some_and(|a| a.principal.may(Permission::PersonalData(setting.p.id))))
            .map(|s| format!("/manage/{slug}/events/{}/registrations", s.id.get())),
        public: stored
            .filter(|s| s.item.publication == Publication::Published)
            .map(|s| format!("/{}/{slug}/events/{}", tr.code(), s.id.get())),
        conflict: Vec::new(),
        notice: None,
        delete: stored.filter(|_| may_edit).map(|s| format!("/manage/{slug}/events/{}/delete", s.id.get())),
    }
}

fn unprocessable(page_view: &FormPage) -> Response {
    let mut response = page(page_view);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

async fn new_form<S: WebStore>(State(state): State<AppState<S>>, Extension(ctx): Extension<Ctx>) -> Response {
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    let setting = match setting(&state, p).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let zone = setting.state_zones.first().cloned().unwrap_or_else(|| "UTC".into());
    let event = blank(p, &zone, (state.clock)());
    page(&form_page(&ctx, &setting, &event, None, 0, Vec::new(), &[], &state))
}

async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Form(fields): Form<Fields>,
) -> Response {
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let tr = ctx.tr();
    let setting = match setting(&state, p).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let zone = setting.state_zones.first().cloned().unwrap_or_else(|| "UTC".into());
    let mut event = blank(p, &zone, (state.clock)());
    let errors = read_form(tr, &fields, &mut event);
    if !errors.is_empty() {
        return unprocessable(&form_page(&ctx, &setting, &event, None, 0, errors, &[], &state));
    }
    let change = Change::by_user(account.id(), (state.clock)());
    match RecordStore::<Event>::create(&state.store, &change, event.clone()).await {
        Ok(created) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{}/events/{}?saved=1", p.item.slug, created.id.get())).into_response()
        }
        Err(Error::Invalid { fields }) => {
            let errors = fields.into_iter().map(|f| (f.field.clone(), tr.field_problem(&f))).collect();
            unprocessable(&form_page(&ctx, &setting, &event, None, 0, errors, &[], &state))
        }
        Err(e) => WebError(e).into_response(),
    }
}

/// The form's setting (cities, zones) and the event's approvals, for its page.
async fn with_approvals<'a, S: WebStore>(
    state: &AppState<S>,
    p: &'a Stored<Partnership>,
    event: &Stored<Event>,
) -> Result<(Setting<'a>, Vec<Stored<Approval>>), Response> {
    match (setting(state, p).await, approvals_of(&state.store, Kind::Event, [event.id.get()]).await) {
        (Ok(s), Ok(a)) => Ok((s, a)),
        (Err(e), _) => Err(e.into_response()),
        (_, Err(e)) => Err(WebError(e).into_response()),
    }
}

async fn load<S: WebStore>(state: &AppState<S>, ctx: &Ctx, id: &str) -> Result<Stored<Event>, Response> {
    let Some(p) = &ctx.partnership else { return Err(forbidden(ctx)) };
    let Ok(id) = id.parse::<i64>() else { return Err(not_found(ctx)) };
    match RecordStore::<Event>::get(&state.store, Id::new(id)).await {
        Ok(e) if e.item.partnership_id == p.id => Ok(e),
        Ok(_) | Err(Error::NotFound { .. }) => Err(not_found(ctx)),
        Err(e) => Err(WebError(e).into_response()),
    }
}

async fn edit_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<Fields>,
) -> Response {
    let stored = match load(&state, &ctx, &id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    let (setting, approvals) = match with_approvals(&state, p, &stored).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut view =
        form_page(&ctx, &setting, &stored.item, Some(&stored), stored.version, Vec::new(), &approvals, &state);
    let tr = ctx.tr();
    view.notice = if q.contains_key("saved") {
        Some(tr.t("records-saved"))
    } else if q.contains_key("approved") {
        Some(tr.t("approval-given"))
    } else if q.get("undeletable").is_some_and(|v| v == "joint") {
        Some(tr.t("records-joint-delete"))
    } else if q.contains_key("undeletable") {
        Some(tr.t("records-cannot-delete"))
    } else {
        None
    };
    page(&view)
}

/// Deletes an event nothing refers to (an event with registrations is archived instead).
async fn delete<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let stored = match load(&state, &ctx, &id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let version = field(&fields, "version").parse::<i64>().unwrap_or(0);
    let item = serde_json::to_value(&stored.item).unwrap_or_default();
    match super::joint_allows_delete(&state, &account.principal, Kind::Event, stored.id.get(), version, &item).await {
        Ok(true) => {}
        Ok(false) => {
            return Redirect::to(&format!("/manage/{slug}/events/{}?undeletable=joint", stored.id.get()))
                .into_response();
        }
        Err(e) => return WebError(e).into_response(),
    }
    let change = Change::by_user(account.id(), (state.clock)());
    match RecordStore::<Event>::delete(&state.store, &change, stored.id, version).await {
        Ok(()) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{slug}/events?deleted=1")).into_response()
        }
        Err(Error::Conflict(_)) => {
            Redirect::to(&format!("/manage/{slug}/events/{}?undeletable=1", stored.id.get())).into_response()
        }
        Err(e) => WebError(e).into_response(),
    }
}

/// A value of the event for the conflict table.
fn summary(tr: Tr, e: &Event) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in TEXTS {
        for lang in Lang::ALL {
            out.push((
                format!("{} ({})", tr.word(crate::words::Word::EventField, name), lang.code()),
                texts_of(e, name).get(lang).value.clone(),
            ));
        }
    }
    out.push((tr.t("event-field-starts"), local(e.starts_at, &e.time_zone).format("%Y-%m-%d %H:%M").to_string()));
    out.push((tr.t("event-field-ends"), local(e.ends_at, &e.time_zone).format("%Y-%m-%d %H:%M").to_string()));
    out.push((tr.t("event-field-time_zone"), e.time_zone.clone()));
    out.push((tr.t("event-field-online_url"), e.online_url.clone().unwrap_or_default()));
    out.push((tr.t("event-field-joint"), if e.joint { tr.t("desk-yes") } else { tr.t("desk-no") }));
    out.push((
        tr.t("event-field-publication"),
        tr.word(crate::words::Word::Publication, publication_code(e.publication)),
    ));
    out
}

async fn update<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let stored = match load(&state, &ctx, &id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let tr = ctx.tr();
    let (setting, approvals) = match with_approvals(&state, p, &stored).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Ok(version) = field(&fields, "version").parse::<i64>() else {
        let errors = vec![("version".to_owned(), tr.t("desk-error-version"))];
        return unprocessable(&form_page(
            &ctx,
            &setting,
            &stored.item,
            Some(&stored),
            stored.version,
            errors,
            &approvals,
            &state,
        ));
    };
    // The form was made from `version`: apply the edits to that version's texts, so
    // statuses follow what this person changed.
    let mut event = stored.item.clone();
    let errors = read_form(tr, &fields, &mut event);
    if !errors.is_empty() {
        return unprocessable(&form_page(&ctx, &setting, &event, Some(&stored), version, errors, &approvals, &state));
    }
    let change = Change::by_user(account.id(), (state.clock)());
    match RecordStore::<Event>::update(&state.store, &change, stored.id, version, event.clone()).await {
        Ok(saved) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{}/events/{}?saved=1", p.item.slug, saved.id.get())).into_response()
        }
        Err(Error::Conflict(_)) => {
            // Someone saved in between: show both, overwrite nothing. The form now
            // holds this person's values on top of the current version.
            let mine = summary(tr, &event);
            let theirs = summary(tr, &stored.item);
            let mut view =
                form_page(&ctx, &setting, &event, Some(&stored), stored.version, Vec::new(), &approvals, &state);
            view.conflict = mine
                .into_iter()
                .zip(theirs)
                .filter(|((_, a), (_, b))| a != b)
                .map(|((label, a), (_, b))| (label, a, b))
                .collect();
            let mut response = page(&view);
            *response.status_mut() = StatusCode::CONFLICT;
            response
        }
        Err(Error::Invalid { fields }) => {
            let errors = fields.into_iter().map(|f| (f.field.clone(), tr.field_problem(&f))).collect();
            unprocessable(&form_page(&ctx, &setting, &event, Some(&stored), version, errors, &approvals, &state))
        }
        Err(e) => WebError(e).into_response(),
    }
}

/// Approves the version the coordinator saw, on behalf of their side.
async fn approve<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let stored = match load(&state, &ctx, &id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let target = format!("/manage/{slug}/events/{}", stored.id.get());
    super::approve_version(
        &state,
        &ctx,
        Kind::Event,
        stored.id.get(),
        stored.version,
        stored.item.joint,
        &fields,
        &target,
        "approved=1",
    )
    .await
}
