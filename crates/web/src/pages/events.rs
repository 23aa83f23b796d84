//! Events: upcoming and past, and a page per event with its time in both cities.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use zusterstad_core::Stored;
use zusterstad_core::events::Event;
use zusterstad_core::portal::Portal;
use zusterstad_core::query::Paging;

use super::partnership::{EventLine, event_line};
use super::registrations::{FormView, form_view};
use super::{Layout, context, event_date, event_times, fail, json_ld, layout, render};
use crate::error::WebError;
use crate::i18n::{Shown, Tr};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/{slug}/events", get(list::<S>))
        .route("/{top}/{slug}/events/{id}", get(detail::<S>).post(super::registrations::register::<S>))
}

type Page = Result<Response, Response>;

#[derive(Template)]
#[template(path = "events.html")]
struct ListPage {
    layout: Layout,
    upcoming: Vec<EventLine>,
    past: Vec<EventLine>,
    ics: String,
    pager: Option<super::Pager>,
    first_page: bool,
}

/// Events shown on one page: the upcoming ones first, then the past.
const PER_PAGE: u64 = 20;

#[derive(Deserialize)]
struct ListQuery {
    page: Option<String>,
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let now = (state.clock)();
    let line = |e: &Stored<Event>| event_line(tr, &p, &slug, e);
    let number = super::page_number(query.page.as_deref()).unwrap_or(1);
    let shown = p.events_page(&state.store, now, number, PER_PAGE).await.map_err(|e| fail(tr, WebError(e)))?;
    let paging = Paging::new(Some(number), PER_PAGE, shown.total);
    let page = ListPage {
        layout: layout(tr, &p, "events", "events", &tr.t("events-title")),
        upcoming: shown.upcoming.iter().map(line).collect(),
        past: shown.past.iter().map(line).collect(),
        ics: format!("/{}/{slug}/events.ics", tr.code()),
        pager: super::pager(tr, &format!("/{}/{slug}/events", tr.code()), &[], &paging),
        first_page: paging.page == 1,
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

#[derive(Template)]
#[template(path = "event.html")]
struct DetailPage {
    layout: Layout,
    title: Shown,
    kind: String,
    date: String,
    times: String,
    /// When it ends, in the event's own time zone.
    ends: String,
    description: Shown,
    venue: Shown,
    online: Option<String>,
    registration: Vec<String>,
    form: Option<FormView>,
    ics: String,
    example: bool,
}

#[derive(Deserialize)]
struct DetailQuery {
    registered: Option<String>,
}

async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, id)): Path<(String, String, String)>,
    Query(query): Query<DetailQuery>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    if id.ends_with(".ics") {
        return Ok(crate::feeds::event_calendar(&state, tr, &slug, &id, &headers).await);
    }
    let found = match id.parse::<i64>() {
        Ok(id) => p.event(&state.store, id).await.map_err(|e| fail(tr, WebError(e)))?,
        Err(_) => None,
    };
    let Some(e) = &found else { return Err(super::not_found(tr)) };
    let form = form_view(&state, tr, e, query.registered.as_deref()).await?;
    let page = detail_page(tr, &p, e, form, &slug);
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// The event page as HTML, with the registration form in the state given (used
/// again to show a form with its errors).
pub async fn event_page<S: WebStore>(
    _state: &AppState<S>,
    tr: Tr,
    p: &Portal,
    e: &Stored<Event>,
    form: Option<FormView>,
    slug: &str,
) -> Result<Html<String>, Response> {
    let page = detail_page(tr, p, e, form, slug);
    page.render().map(Html).map_err(|err| fail(tr, err.into()))
}

/// When an event ends, in its own time zone: the hour, and the day too when that is
/// another day than the start.
fn ends(tr: Tr, event: &zusterstad_core::events::Event) -> String {
    let zone: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (start, end) = (event.starts_at.with_timezone(&zone), event.ends_at.with_timezone(&zone));
    let time = tr.clock(end);
    if end.date_naive() == start.date_naive() {
        tr.ta("event-until", &[("time", &time)])
    } else {
        tr.ta("event-until-day", &[("time", &time), ("date", &tr.date(end.date_naive()))])
    }
}

fn detail_page(tr: Tr, p: &Portal, e: &Stored<Event>, form: Option<FormView>, slug: &str) -> DetailPage {
    let kind = serde_json::to_value(e.item.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let mut registration = Vec::new();
    if let Some(r) = &e.item.registration {
        if let Some(n) = r.capacity {
            registration.push(tr.ta("event-places", &[("n", &n.to_string())]));
        }
        if r.waiting_list {
            registration.push(tr.t("event-waiting-list"));
        }
        if let Some(deadline) = r.deadline {
            let zone: chrono_tz::Tz = e.item.time_zone.parse().unwrap_or(chrono_tz::UTC);
            registration
                .push(tr.ta("event-deadline", &[("date", &tr.date(deadline.with_timezone(&zone).date_naive()))]));
        }
    }
    let title = tr.text(&e.item.title);
    let venue = tr.text(&e.item.venue);
    let mut page = DetailPage {
        layout: layout(tr, p, "events", &format!("events/{}", e.id), &title.text),
        kind: tr.word(crate::words::Word::EventKind, kind),
        date: event_date(tr, &e.item),
        times: event_times(tr, p, &e.item),
        ends: ends(tr, &e.item),
        description: tr.markdown(&e.item.description),
        online: e.item.online_url.clone(),
        registration,
        form,
        ics: format!("/{}/{slug}/events/{}.ics", tr.code(), e.id),
        example: e.item.example,
        title,
        venue,
    };
    let location = match &e.item.online_url {
        Some(url) if page.venue.is_empty() => json!({"@type": "VirtualLocation", "url": url}),
        _ => json!({"@type": "Place", "name": page.venue.text}),
    };
    page.layout.og_type = "article";
    page.layout.description = crate::i18n::markdown_plain(&tr.text(&e.item.description).text);
    page.layout.json_ld = Some(json_ld(&json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title.text,
        "startDate": e.item.starts_at.to_rfc3339(),
        "endDate": e.item.ends_at.to_rfc3339(),
        "eventAttendanceMode": if e.item.online_url.is_some() && page.venue.is_empty() {
            "https://schema.org/OnlineEventAttendanceMode"
        } else {
            "https://schema.org/OfflineEventAttendanceMode"
        },
        "location": location,
        "description": page.layout.description,
        "inLanguage": tr.code(),
    })));
    page
}
