//! Feeds and open data outside the language tree: the events calendar (one feed per
//! partnership and one file per event), the symbols as GeoJSON, and the sitemap.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Id, Lang, Publication, Stored};

use crate::i18n::{Tr, escape};
use crate::pages::NAV;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/sitemap.xml", get(sitemap::<S>))
        .route("/{top}/{file}", get(partnership_file::<S>))
        .route("/{top}/events/{file}", get(event_file::<S>))
}

fn with_type(body: String, media_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

/// An event for calendars, in English with the other languages' titles below, at
/// its local time in its own IANA zone.
fn ical_event(e: &Stored<Event>, url: &str) -> icalendar::Event {
    let tr = Tr::new(Lang::En);
    let zone: chrono_tz::Tz = e.item.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = |t: chrono::DateTime<chrono::Utc>| CalendarDateTime::WithTimezone {
        date_time: t.with_timezone(&zone).naive_local(),
        tzid: e.item.time_zone.clone(),
    };
    let mut description = tr.text(&e.item.description).text;
    for lang in [Lang::Nl, Lang::Ja] {
        let title = &e.item.title.get(lang).value;
        if !title.is_empty() {
            description.push_str(&format!("\n\n{lang}: {title}"));
        }
    }
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("event-{}@zusterstad", e.id))
        .summary(&tr.text(&e.item.title).text)
        .description(description.trim())
        .starts(local(e.item.starts_at))
        .ends(local(e.item.ends_at))
        .timestamp(e.updated_at)
        .url(url);
    let venue = tr.text(&e.item.venue).text;
    if !venue.is_empty() {
        event.location(&venue);
    } else if let Some(online) = &e.item.online_url {
        event.location(online);
    }
    event.done()
}

fn calendar(name: &str, events: Vec<icalendar::Event>) -> Response {
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        cal.push(e);
    }
    with_type(cal.done().to_string(), "text/calendar; charset=utf-8")
}

/// `/{partnership}/events.ics` and `/{partnership}/symbols.geojson`.
async fn partnership_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((slug, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if slug.parse::<Lang>().is_ok() {
        // `/{lang}/{partnership}` without the slash.
        return axum::response::Redirect::permanent(&format!("/{slug}/{file}/")).into_response();
    }
    match file.as_str() {
        "symbols.geojson" => crate::pages::geojson_response(&state, &slug).await,
        "events.ics" => match state.portal(&slug).await {
            Ok(p) => {
                let base = state.base_url(&headers);
                let events =
                    p.events.iter().map(|e| ical_event(e, &format!("{base}/en/{slug}/events/{}", e.id))).collect();
                calendar(&Tr::new(Lang::En).text(&p.partnership.item.name).text, events)
            }
            Err(e) => e.into_response(),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/{partnership}/events/{id}.ics`.
async fn event_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((slug, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(id) = file.strip_suffix(".ics").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.portal(&slug).await {
        Ok(p) => match p.events.iter().find(|e| e.id == Id::new(id)) {
            Some(e) => {
                let url = format!("{}/en/{slug}/events/{id}", state.base_url(&headers));
                let name = Tr::new(Lang::En).text(&e.item.title).text;
                calendar(&name, vec![ical_event(e, &url)])
            }
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Err(e) => e.into_response(),
    }
}

/// Every public page in every language, each with its alternates.
async fn sitemap<S: WebStore>(State(state): State<AppState<S>>, headers: HeaderMap) -> Response {
    let base = state.base_url(&headers);
    let partnerships = match RecordStore::<Partnership>::list(&state.store).await {
        Ok(p) => p,
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let mut paths = vec!["/".to_owned()];
    for p in partnerships.iter().filter(|p| p.item.publication == Publication::Published) {
        let slug = &p.item.slug;
        paths.extend(NAV.iter().map(|(section, _)| format!("/{slug}/{section}")));
        if let Ok(portal) = state.portal(slug).await {
            paths.extend(portal.activities.iter().map(|a| format!("/{slug}/activities/{}", a.id)));
            paths.extend(portal.events.iter().map(|e| format!("/{slug}/events/{}", e.id)));
            paths.extend(portal.news.iter().map(|n| format!("/{slug}/news/{}", n.item.slug)));
            paths.extend(portal.organisations.iter().map(|o| format!("/{slug}/organisations/{}", o.id)));
            paths.extend(portal.programmes.iter().map(|x| format!("/{slug}/programmes/{}", x.item.slug)));
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in &paths {
        for lang in Lang::ALL {
            xml.push_str(&format!("<url><loc>{}</loc>", escape(&format!("{base}/{lang}{path}"))));
            for alt in Lang::ALL {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>",
                    escape(&format!("{base}/{alt}{path}"))
                ));
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    with_type(xml, "application/xml; charset=utf-8")
}
