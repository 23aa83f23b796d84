//! Feeds and open data outside the language tree: the events calendar (one feed per
//! partnership and one file per event), the symbols as GeoJSON, and the sitemap.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::portal::ActivityFilter;
use zusterstad_core::query::ListQuery;
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Publication, Stored};

use crate::i18n::{Tr, escape};
use crate::pages::NAV;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/sitemap.xml", get(sitemap::<S>))
        .route("/partnerships.geojson", get(partnerships_geojson::<S>))
        .route("/sitemaps/{file}", get(sitemap_file::<S>))
        .route("/{top}/{file}", get(partnership_file::<S>))
        .route("/{top}/events/{file}", get(event_file::<S>))
        .route("/{top}/{slug}/events.ics", get(events_calendar_in::<S>))
}

fn with_type(body: String, media_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

/// A text value for iCalendar: every line break as `\n` (which the writer escapes
/// per RFC 5545, as it does `;` and `,`), other control characters dropped, so no
/// text can end its line and start a property or an event of its own.
fn ical_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}

/// An event for calendars in the language of `tr`, at its local time in its own
/// IANA zone, linking to its page in that language.
fn ical_event(tr: Tr, e: &Stored<Event>, url: &str) -> icalendar::Event {
    let zone: chrono_tz::Tz = e.item.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = |t: chrono::DateTime<chrono::Utc>| CalendarDateTime::WithTimezone {
        date_time: t.with_timezone(&zone).naive_local(),
        tzid: e.item.time_zone.clone(),
    };
    let description = crate::i18n::markdown_plain(&tr.text(&e.item.description).text);
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("event-{}@zusterstad", e.id))
        .summary(&ical_text(&tr.text(&e.item.title).text))
        .description(&ical_text(description.trim()))
        .starts(local(e.item.starts_at))
        .ends(local(e.item.ends_at))
        .timestamp(e.updated_at)
        .url(url);
    let venue = tr.text(&e.item.venue).text;
    if !venue.is_empty() {
        event.location(&ical_text(&venue));
    } else if let Some(online) = &e.item.online_url {
        event.location(&ical_text(online));
    }
    event.done()
}

/// A `VTIMEZONE` for `zone` covering `from`..`to`: each change of UTC offset in that
/// span (from the bundled tz database), so calendars that do not know IANA names
/// still place the events right. RFC 5545 asks for one per `TZID` used.
fn vtimezone(zone: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    use chrono::Offset;
    let Ok(tz) = zone.parse::<chrono_tz::Tz>() else { return String::new() };
    let offset = |t: DateTime<Utc>| t.with_timezone(&tz).offset().fix().local_minus_utc();
    let fmt_offset = |secs: i32| {
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.abs();
        format!("{sign}{:02}{:02}", secs / 3600, (secs % 3600) / 60)
    };
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n");
    let start = from - chrono::Duration::days(366);
    let end = to + chrono::Duration::days(366);
    let mut transitions = Vec::new();
    let mut day = start;
    while day < end {
        let next = day + chrono::Duration::days(1);
        if offset(day) != offset(next) {
            // Narrow the change down to the second.
            let (mut lo, mut hi) = (day, next);
            while hi - lo > chrono::Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset(mid) == offset(lo) { lo = mid } else { hi = mid }
            }
            transitions.push((hi, offset(lo), offset(hi)));
        }
        day = next;
    }
    if transitions.is_empty() {
        let o = fmt_offset(offset(from));
        out.push_str(&format!(
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:{o}\r\nTZOFFSETTO:{o}\r\nEND:STANDARD\r\n"
        ));
    }
    let standard = transitions.iter().map(|(_, a, b)| (*a).min(*b)).min().unwrap_or(0);
    for (at, before, after) in transitions {
        let kind = if after > standard { "DAYLIGHT" } else { "STANDARD" };
        let local = (at + chrono::Duration::seconds(i64::from(before))).naive_utc();
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{kind}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            fmt_offset(before),
            fmt_offset(after)
        ));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn calendar(name: &str, events: &[&Stored<Event>], ical: Vec<icalendar::Event>) -> Response {
    let mut cal = Calendar::new();
    cal.name(name);
    for e in ical {
        cal.push(e);
    }
    let mut text = cal.done().to_string();
    let mut zones: Vec<&str> = events.iter().map(|e| e.item.time_zone.as_str()).collect();
    zones.sort_unstable();
    zones.dedup();
    let from = events.iter().map(|e| e.item.starts_at).min().unwrap_or_default();
    let to = events.iter().map(|e| e.item.ends_at).max().unwrap_or_default();
    let timezones: String = zones.iter().map(|z| vtimezone(z, from, to)).collect();
    let at = text.find("BEGIN:VEVENT").or_else(|| text.find("END:VCALENDAR")).unwrap_or(text.len());
    text.insert_str(at, &timezones);
    with_type(text, "text/calendar; charset=utf-8")
}

/// The most events a partnership's calendar carries.
pub const CALENDAR_MOST: usize = 500;

/// The events a subscribed calendar carries: the latest [`CALENDAR_MOST`] by start
/// (everything to come, and the most recent past), in order of start.
fn in_calendar(events: &[Stored<Event>]) -> impl Iterator<Item = &Stored<Event>> {
    let mut kept: Vec<&Stored<Event>> = events.iter().collect();
    kept.sort_by_key(|e| e.item.starts_at);
    let skip = kept.len().saturating_sub(CALENDAR_MOST);
    kept.into_iter().skip(skip)
}

/// `/partnerships.geojson`: every published partnership at its two cities, as open
/// data and for the instance home's map. Read 500 partnerships at a time.
async fn partnerships_geojson<S: WebStore>(State(state): State<AppState<S>>, headers: HeaderMap) -> Response {
    use sha2::Digest;
    use zusterstad_core::partnerships::City;
    let names = |text: &zusterstad_core::Localized| -> serde_json::Map<String, serde_json::Value> {
        Lang::ALL
            .iter()
            .filter_map(|lang| text.resolve(*lang).map(|(_, v)| (lang.code().to_owned(), serde_json::json!(v))))
            .collect()
    };
    let mut features = Vec::new();
    for page in 1.. {
        let query = ListQuery::all().publication(&[Publication::Published]).asc("slug").page(page, 500);
        let found = match RecordStore::<Partnership>::query(&state.store, &query).await {
            Ok(found) => found,
            Err(e) => return crate::error::WebError(e).into_response(),
        };
        let ids = found.items.iter().flat_map(|p| [p.item.city_a_id.get(), p.item.city_b_id.get()]);
        let cities: Vec<Stored<City>> = match zusterstad_core::store::by_ids(&state.store, ids).await {
            Ok(c) => c,
            Err(e) => return crate::error::WebError(e).into_response(),
        };
        for p in &found.items {
            for city in cities.iter().filter(|c| c.id == p.item.city_a_id || c.id == p.item.city_b_id) {
                features.push(serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [city.item.longitude, city.item.latitude]},
                    "properties": {
                        "name": names(&city.item.name),
                        "country": city.item.country,
                        "partnership": names(&p.item.name),
                        "path": p.item.slug,
                    }
                }));
            }
        }
        if page * 500 >= found.total {
            break;
        }
    }
    let body = serde_json::json!({"type": "FeatureCollection", "features": features}).to_string();
    let etag = format!("\"{:x}\"", sha2::Sha256::digest(body.as_bytes()));
    let mut r = if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    r
}

/// `?lang=nl|ja|en`: the language of a calendar (English without one).
#[derive(serde::Deserialize)]
struct InLanguage {
    lang: Option<String>,
}

impl InLanguage {
    fn tr(&self) -> Tr {
        Tr::new(self.lang.as_deref().and_then(|l| l.parse().ok()).unwrap_or(Lang::En))
    }
}

/// `/{partnership}/events.ics` and `/{partnership}/symbols.geojson`.
async fn partnership_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((slug, file)): Path<(String, String)>,
    axum::extract::Query(lang): axum::extract::Query<InLanguage>,
    headers: HeaderMap,
) -> Response {
    let tr = lang.tr();
    if slug.parse::<Lang>().is_ok() {
        // `/{lang}/{partnership}` without the slash.
        return axum::response::Redirect::permanent(&format!("/{slug}/{file}/")).into_response();
    }
    match file.as_str() {
        "symbols.geojson" => crate::pages::geojson_response(&state, &slug).await,
        "events.ics" => events_calendar(&state, tr, &slug, &headers).await,
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A partnership's events calendar in the language of `tr`: `/{partnership}/events.ics?lang=…`
/// (for calendars subscribed to before) and `/{lang}/{partnership}/events.ics`, which pages link to.
pub(crate) async fn events_calendar<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    slug: &str,
    headers: &HeaderMap,
) -> Response {
    match state.portal(slug).await {
        Ok(p) => {
            // The latest by start, read by query.
            let latest = p.events_query().desc("starts_at").limit(CALENDAR_MOST as u64);
            let found = match p.events_where(&state.store, &latest).await {
                Ok(found) => found.items,
                Err(e) => return crate::error::WebError(e).into_response(),
            };
            let base = state.base_url(headers);
            let ical = in_calendar(&found)
                .map(|e| ical_event(tr, e, &format!("{base}/{}/{slug}/events/{}", tr.code(), e.id)))
                .collect();
            let events: Vec<&Stored<Event>> = in_calendar(&found).collect();
            calendar(&tr.text(&p.partnership.item.name).text, &events, ical)
        }
        Err(e) => e.into_response(),
    }
}

/// `/{lang}/{partnership}/events.ics`.
async fn events_calendar_in<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match top.parse::<Lang>() {
        Ok(lang) => events_calendar(&state, Tr::new(lang), &slug, &headers).await,
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/{partnership}/events/{id}.ics?lang=…`.
async fn event_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((slug, file)): Path<(String, String)>,
    axum::extract::Query(lang): axum::extract::Query<InLanguage>,
    headers: HeaderMap,
) -> Response {
    event_calendar(&state, lang.tr(), &slug, &file, &headers).await
}

/// One event's calendar file (`{id}.ics`) in the language of `tr`; also at
/// `/{lang}/{partnership}/events/{id}.ics`, which its page links to.
pub(crate) async fn event_calendar<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    slug: &str,
    file: &str,
    headers: &HeaderMap,
) -> Response {
    let Some(id) = file.strip_suffix(".ics").and_then(|id| id.parse::<i64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let p = match state.portal(slug).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match p.event(&state.store, id).await {
        Ok(Some(e)) => {
            let url = format!("{}/{}/{slug}/events/{id}", state.base_url(headers), tr.code());
            let name = tr.text(&e.item.title).text;
            calendar(&name, &[&e], vec![ical_event(tr, &e, &url)])
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => crate::error::WebError(e).into_response(),
    }
}

/// Every public page in every language, each with its alternates.
/// Addresses in one sitemap file at most (the protocol's limit).
const SITEMAP_URLS: usize = 50_000;
/// Pages per sitemap file: each page is listed once per language.
const SITEMAP_PAGES: usize = SITEMAP_URLS / Lang::ALL.len();

/// How many pages each published partnership has, counted by the database, so the
/// index can name every file without building any of them.
/// Pages per published partnership (address, pages), for the sitemap index.
pub type PageCounts = Arc<Vec<(String, usize)>>;

/// The page counts per published partnership, counted again only when anything
/// changed since (counting reads every item table).
async fn page_counts<S: WebStore>(state: &AppState<S>) -> zusterstad_core::Result<PageCounts> {
    let seq = state.store.latest_seq().await?;
    if let Ok(held) = state.sitemap_counts.lock()
        && let Some((at, counts)) = held.as_ref()
        && *at == seq
    {
        return Ok(counts.clone());
    }
    let counts = Arc::new(count_pages(state).await?);
    if let Ok(mut held) = state.sitemap_counts.lock() {
        *held = Some((seq, counts.clone()));
    }
    Ok(counts)
}

async fn count_pages<S: WebStore>(state: &AppState<S>) -> zusterstad_core::Result<Vec<(String, usize)>> {
    use std::collections::HashMap;
    use zusterstad_core::activities::{Activity, Programme};
    use zusterstad_core::news::NewsPost;
    use zusterstad_core::organisations::Organisation;
    use zusterstad_core::query::{Cond, Value};
    let public = [Cond::Eq("publication", Value::from(Publication::Published))];
    let mut counts: HashMap<i64, u64> = HashMap::new();
    for per in [
        RecordStore::<Activity>::count_by_partnership(&state.store, &public).await?,
        RecordStore::<Event>::count_by_partnership(&state.store, &public).await?,
        RecordStore::<NewsPost>::count_by_partnership(&state.store, &public).await?,
        RecordStore::<Organisation>::count_by_partnership(&state.store, &public).await?,
        RecordStore::<Programme>::count_by_partnership(&state.store, &public).await?,
    ] {
        for (p, n) in per {
            *counts.entry(p).or_default() += n;
        }
    }
    let partnerships = RecordStore::<Partnership>::query(
        &state.store,
        &ListQuery::all().publication(&[Publication::Published]).asc("slug"),
    )
    .await?
    .items;
    Ok(partnerships
        .into_iter()
        .map(|p| {
            let items = counts.get(&p.id.get()).copied().unwrap_or(0) as usize;
            (p.item.slug, NAV.len() + items)
        })
        .collect())
}

/// Rows read at once for a sitemap file.
const WINDOW: usize = 1000;

/// The page numbers (of [`WINDOW`] rows) that hold the rows `window`.
fn pages_of(window: &std::ops::Range<usize>) -> std::ops::Range<u64> {
    if window.is_empty() {
        return 1..1;
    }
    (window.start / WINDOW + 1) as u64..((window.end - 1) / WINDOW + 2) as u64
}

/// The rows of page `number` that fall in `window`.
fn in_window<T>(number: u64, rows: Vec<T>, window: &std::ops::Range<usize>) -> Vec<T> {
    let first = (number as usize - 1) * WINDOW;
    rows.into_iter().enumerate().filter(|(i, _)| window.contains(&(first + i))).map(|(_, row)| row).collect()
}

/// `/sitemap.xml`: a sitemap index naming each partnership's sitemap files.
async fn sitemap<S: WebStore>(State(state): State<AppState<S>>, headers: HeaderMap) -> Response {
    let base = state.base_url(&headers);
    let counts = match page_counts(&state).await {
        Ok(c) => c,
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&format!("{base}/sitemaps/home.xml"))));
    for (slug, pages) in counts.iter() {
        for n in 1..=pages.div_ceil(SITEMAP_PAGES).max(1) {
            let loc = format!("{base}/sitemaps/{slug}-{n}.xml");
            xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&loc)));
        }
    }
    xml.push_str("</sitemapindex>\n");
    with_type(xml, "application/xml; charset=utf-8")
}

/// The addresses of `paths` in every language, with their alternates.
fn urlset(base: &str, paths: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in paths {
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
    xml
}

/// `/sitemaps/home.xml` (the home page) and `/sitemaps/{slug}-{n}.xml`: the `n`th
/// file of a partnership's pages, at most [`SITEMAP_URLS`] addresses each.
async fn sitemap_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let base = state.base_url(&headers);
    let Some(name) = file.strip_suffix(".xml") else { return StatusCode::NOT_FOUND.into_response() };
    if name == "home" {
        return with_type(urlset(&base, &["/".to_owned()]), "application/xml; charset=utf-8");
    }
    let Some((slug, n)) = name.rsplit_once('-') else { return StatusCode::NOT_FOUND.into_response() };
    let Some(n) = n.parse::<usize>().ok().filter(|&n| n >= 1) else { return StatusCode::NOT_FOUND.into_response() };
    let portal = match state.portal(slug).await {
        Ok(p) => p,
        Err(crate::error::WebError(zusterstad_core::Error::NotFound { .. })) => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(e) => return e.into_response(),
    };
    // The partnership's addresses in a fixed order: its sections, its activities,
    // news and events (read by query, only the rows this file holds), its
    // organisations and programmes. File `n` holds positions `start..end` of that order.
    let start = (n - 1).saturating_mul(SITEMAP_PAGES);
    let end = start.saturating_add(SITEMAP_PAGES);
    let mut at = 0;
    let mut chunk: Vec<String> = Vec::new();
    // The positions of a part of `total` addresses that this file holds, from its own first.
    let mut part = |total: usize| {
        let window = start.saturating_sub(at).min(total)..end.saturating_sub(at).min(total);
        at += total;
        window
    };
    let sections: Vec<String> = NAV.iter().map(|(section, _)| format!("/{slug}/{section}")).collect();
    chunk.extend(sections[part(sections.len())].iter().cloned());
    let all = ActivityFilter::default();
    let counted = async {
        let activities = portal.activities(&state.store, &all, 1, 1).await?.total as usize;
        let news = portal.news(&state.store, 1, 1).await?.total as usize;
        let events = portal.events_where(&state.store, &portal.events_query().limit(1)).await?;
        Ok::<_, zusterstad_core::Error>((activities, news, events.total as usize))
    };
    let (activities, news, events) = match counted.await {
        Ok(x) => x,
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let window = part(activities);
    for number in pages_of(&window) {
        match portal.activities(&state.store, &all, number, WINDOW as u64).await {
            Ok(page) => chunk.extend(
                in_window(number, page.items, &window).into_iter().map(|a| format!("/{slug}/activities/{}", a.id)),
            ),
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    }
    let window = part(news);
    for number in pages_of(&window) {
        match portal.news(&state.store, number, WINDOW as u64).await {
            Ok(page) => chunk.extend(
                in_window(number, page.items, &window).into_iter().map(|n| format!("/{slug}/news/{}", n.item.slug)),
            ),
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    }
    let window = part(events);
    for number in pages_of(&window) {
        let page = portal.events_query().asc("starts_at").page(number, WINDOW as u64);
        match portal.events_where(&state.store, &page).await {
            Ok(page) => chunk
                .extend(in_window(number, page.items, &window).into_iter().map(|e| format!("/{slug}/events/{}", e.id))),
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    }
    let rest: Vec<String> = (portal.organisations.iter().map(|o| format!("/{slug}/organisations/{}", o.id)))
        .chain(portal.programmes.iter().map(|x| format!("/{slug}/programmes/{}", x.item.slug)))
        .collect();
    chunk.extend(rest[part(rest.len())].iter().cloned());
    if chunk.is_empty() && n > 1 {
        return StatusCode::NOT_FOUND.into_response();
    }
    with_type(urlset(&base, &chunk), "application/xml; charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::vtimezone;
    use chrono::TimeZone;

    /// A published event `id` at `at`, titled `title`.
    fn stored_event(
        id: i64,
        at: chrono::DateTime<chrono::Utc>,
        title: zusterstad_core::Localized,
    ) -> zusterstad_core::Stored<zusterstad_core::events::Event> {
        use zusterstad_core::{Id, Localized, Stored};
        let event = zusterstad_core::events::Event {
            partnership_id: Id::new(1),
            title,
            description: Localized::default(),
            kind: zusterstad_core::events::EventKind::Other,
            starts_at: at,
            ends_at: at,
            time_zone: "Europe/Brussels".into(),
            venue: Localized::default(),
            online_url: None,
            registration: None,
            programme_id: None,
            joint: false,
            publication: zusterstad_core::Publication::Published,
            example: false,
        };
        Stored { id: Id::new(id), version: 1, created_at: at, updated_at: at, item: event }
    }

    #[test]
    fn a_calendar_carries_the_latest_events_in_order() {
        use zusterstad_core::{Localized, Stored};
        let first = chrono::Utc.with_ymd_and_hms(2000, 1, 1, 18, 0, 0).single().unwrap_or_default();
        let events: Vec<Stored<zusterstad_core::events::Event>> = (0..super::CALENDAR_MOST as i64 + 100)
            .rev()
            .map(|n| {
                let at = first + chrono::Duration::days(n * 7);
                stored_event(n + 1, at, Localized::default())
            })
            .collect();
        let kept: Vec<i64> = super::in_calendar(&events).map(|e| e.id.get()).collect();
        assert_eq!(kept.len(), super::CALENDAR_MOST);
        assert_eq!(kept.first(), Some(&101), "the oldest hundred are left out");
        assert_eq!(kept.last(), Some(&(super::CALENDAR_MOST as i64 + 100)), "the latest is in");
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "in order of start");
    }

    #[test]
    fn a_sitemap_window_reads_the_pages_that_hold_it_and_keeps_only_its_rows() {
        use super::{WINDOW, in_window, pages_of};
        assert!(pages_of(&(0..0)).is_empty());
        assert_eq!(pages_of(&(0..1)).collect::<Vec<_>>(), [1]);
        assert_eq!(pages_of(&(0..WINDOW)).collect::<Vec<_>>(), [1]);
        assert_eq!(pages_of(&(WINDOW - 1..WINDOW + 1)).collect::<Vec<_>>(), [1, 2]);
        // Rows 1,500..4,200 of a list: pages 2 to 5, and of each only the rows inside.
        let window = 1_500..4_200;
        let mut kept = Vec::new();
        for number in pages_of(&window) {
            let first = (number as usize - 1) * WINDOW;
            let rows: Vec<usize> = (first..first + WINDOW).collect();
            kept.extend(in_window(number, rows, &window));
        }
        assert_eq!(kept, window.collect::<Vec<_>>());
    }

    #[test]
    fn a_line_break_in_a_title_does_not_start_another_event() {
        use zusterstad_core::{Lang, Localized, TextStatus};
        let at = chrono::Utc.with_ymd_and_hms(2027, 3, 12, 18, 0, 0).single().unwrap_or_default();
        let title = "Avond\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Gratis; bier, hier";
        let stored = stored_event(7, at, Localized::default().with(Lang::En, title.to_owned(), TextStatus::Original));
        let ical = super::ical_event(super::Tr::new(Lang::En), &stored, "https://partners.gent.be/en/x/events/7");
        let mut cal = icalendar::Calendar::new();
        cal.push(ical);
        let text = cal.done().to_string();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 1, "{text}");
        assert!(lines.iter().all(|l| !l.contains('\r') && !l.contains('\n')), "no bare line breaks: {text:?}");
        assert!(text.contains("\\;") && text.contains("\\,"), "text values escaped per RFC 5545: {text}");
    }

    #[test]
    fn brussels_has_its_summer_and_winter_time_and_tokyo_one_offset() {
        let from = chrono::Utc.with_ymd_and_hms(2026, 12, 10, 18, 0, 0).single().unwrap_or_default();
        let brussels = vtimezone("Europe/Brussels", from, from);
        assert!(
            brussels.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"),
            "{brussels}"
        );
        assert!(
            brussels.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"),
            "{brussels}"
        );
        let tokyo = vtimezone("Asia/Tokyo", from, from);
        assert!(tokyo.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900"), "{tokyo}");
    }
}
