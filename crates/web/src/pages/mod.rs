//! The public portal's pages, per language: the layout they share, the read model
//! cache, and rendering with `ETag`s.

mod activities;
mod events;
mod home;
pub(crate) mod news;
pub(crate) mod partnership;
pub(crate) mod registrations;
pub(crate) mod reports;
mod search;

pub(crate) use search::KINDS as SEARCH_KINDS;

pub use partnership::geojson_response;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Timelike, Utc};
use zusterstad_core::events::{Event, local_time};
use zusterstad_core::partnerships::City;
use zusterstad_core::portal::{self, Portal, PublicAmbassador};
use zusterstad_core::query::Paging;
use zusterstad_core::{Error, Lang, Stored};

use crate::assets;
use crate::error::WebError;
use crate::i18n::{Shown, Tr, escape};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .merge(home::router())
        .merge(partnership::router())
        .merge(activities::router())
        .merge(events::router())
        .merge(news::router())
        .merge(search::router())
        .merge(registrations::router())
        .merge(reports::router())
}

/// Read models per partnership, rebuilt when that partnership changes (its change
/// counter moves) or the hour turns (statuses and scheduled news depend on the
/// time). Bounded by the number of items they hold; requests that miss the same
/// model at once wait for one build instead of each building it.
#[derive(Clone)]
pub struct PortalCache {
    entries: Arc<quick_cache::sync::Cache<PortalKey, Arc<Portal>, PortalWeight>>,
}

/// (partnership, its change counter, hour)
type PortalKey = (String, i64, DateTime<Utc>);

/// Items held by all cached read models together, at most.
const PORTAL_ITEMS: u64 = 400_000;

#[derive(Clone)]
struct PortalWeight;

impl quick_cache::Weighter<PortalKey, Arc<Portal>> for PortalWeight {
    fn weight(&self, _key: &PortalKey, p: &Arc<Portal>) -> u64 {
        (1 + p.organisations.len()
            + p.pairs.len()
            + p.agreements.len()
            + p.documents.len()
            + p.programmes.len()
            + p.events.len()
            + p.landmarks.len()
            + p.ambassadors.len()) as u64
    }
}

impl Default for PortalCache {
    fn default() -> Self {
        PortalCache { entries: Arc::new(quick_cache::sync::Cache::with_weighter(256, PORTAL_ITEMS, PortalWeight)) }
    }
}

fn hour(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now)
}

impl<S: WebStore> AppState<S> {
    /// The public read model of a partnership, from the cache when still current.
    pub(crate) async fn portal(&self, slug: &str) -> Result<Arc<Portal>, WebError> {
        let Some(version) = self.partnership_version(slug).await? else {
            return Err(Error::NotFound { kind: "partnership", id: slug.to_owned() }.into());
        };
        let now = (self.clock)();
        let key = (slug.to_owned(), version, hour(now));
        let built = std::sync::atomic::AtomicBool::new(false);
        let portal = self
            .portals
            .entries
            .get_or_insert_async(&key, async {
                built.store(true, std::sync::atomic::Ordering::Relaxed);
                portal::load(&self.store, slug, now).await.map(Arc::new)
            })
            .await?;
        if built.load(std::sync::atomic::Ordering::Relaxed) {
            // An older model of this partnership is not read again: let it go now.
            self.portals.entries.retain(|(s, v, h), _| s != slug || (*v >= version && *h >= key.2));
        }
        Ok(portal)
    }
}

/// Links to the neighbouring pages of a paged list; plain links, so they work
/// without JavaScript. `None` when everything fits on one page.
pub struct Pager {
    /// The names of the pager, its status and its links, in the reader's language.
    pub label: String,
    pub previous_label: String,
    pub next_label: String,
    pub status: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// The page number asked for in the address; anything unreadable means the first.
pub fn page_number(raw: Option<&str>) -> Option<u64> {
    raw.and_then(|p| p.trim().parse::<u64>().ok()).filter(|&p| p >= 1)
}

/// The pager of `paging` for the list at `base`, keeping the `params` (filters) in
/// its links, as path segments (`…/year/2024/page/2`, see `addresses`). Their values
/// are codes the page has already read (years, focus areas, directions), so they need
/// no escaping beyond the template's.
pub fn pager(tr: Tr, base: &str, params: &[(&str, String)], paging: &Paging) -> Option<Pager> {
    if paging.pages() <= 1 {
        return None;
    }
    let href = |page: u64| crate::addresses::list(base, params, page);
    Some(Pager {
        label: tr.t("pager-label"),
        previous_label: tr.t("pager-previous"),
        next_label: tr.t("pager-next"),
        status: tr.ta(
            "pager-status",
            &[("page", &tr.number(paging.page as i64)), ("pages", &tr.number(paging.pages() as i64))],
        ),
        previous: paging.has_previous().then(|| href(paging.page.min(paging.pages() + 1) - 1)),
        next: paging.has_next().then(|| href(paging.page + 1)),
    })
}

/// One link of the partnership navigation.
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What every page shares: language, title, navigation, alternates.
pub struct Layout {
    pub tr: Tr,
    pub lang: &'static str,
    pub title: String,
    pub description: String,
    /// The path after `/{lang}`, so the language switcher keeps the visitor in place.
    pub path: String,
    pub partnership: Option<(String, Shown)>,
    pub nav: Vec<NavItem>,
    pub css: &'static str,
    pub scripts: Vec<&'static str>,
    pub json_ld: Option<String>,
    pub og_type: &'static str,
    /// An absolute address of a picture for shared links.
    pub og_image: Option<String>,
    pub feeds: Vec<(String, String, &'static str)>,
}

impl Layout {
    /// The layout of a page outside any partnership (home, search, 404, cancelling).
    pub fn plain(tr: Tr, title: String, description: String, path: String) -> Layout {
        Layout {
            tr,
            lang: tr.code(),
            title,
            description,
            path,
            partnership: None,
            nav: Vec::new(),
            css: assets::css_url(),
            scripts: Vec::new(),
            json_ld: None,
            og_type: "website",
            og_image: None,
            feeds: Vec::new(),
        }
    }

    /// The switcher's link to this page in `code`: through `/lang/`, which remembers
    /// the choice.
    pub fn switch_href(&self, code: &str, href: &str) -> String {
        if self.published().is_some() {
            // A published copy sets no cookie: the link leads to the page itself.
            return href.to_owned();
        }
        let encoded: String = href
            .bytes()
            .map(|b| match b {
                b'/' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                b if b.is_ascii_alphanumeric() => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect();
        format!("/lang/{code}?to={encoded}")
    }

    /// The page in each language by its absolute address, as search engines want
    /// them (the request's base, or relative where it is not known).
    pub fn absolute_alternates(&self) -> Vec<(&'static str, String)> {
        let base = crate::request_base();
        Lang::ALL.iter().map(|l| (l.code(), format!("{base}/{}{}", l.code(), self.path))).collect()
    }

    /// In a published copy (`Some`), the live server's address if there is one.
    pub fn published(&self) -> Option<Option<String>> {
        match crate::serving() {
            crate::Serving::Live => None,
            crate::Serving::Published { live } => Some(live),
        }
    }

    /// Where a form of this site that asks `path` is sent: here, the live server of a
    /// published copy, or nowhere (the form is left out).
    pub fn form_action(&self, path: &str) -> Option<String> {
        match self.published() {
            None => Some(path.to_owned()),
            Some(live) => live.map(|live| format!("{live}{path}")),
        }
    }

    /// Where the header's search form goes: a partnership's page searches that
    /// partnership (in a published copy too, in the browser), other pages all of them.
    pub fn search_action(&self) -> Option<String> {
        match &self.partnership {
            Some((slug, _)) => Some(format!("/{}/{slug}/search", self.lang)),
            None => self.form_action(&format!("/{}/search", self.lang)),
        }
    }

    /// Where a form that asks this page again (its filters) goes.
    pub fn here_action(&self) -> Option<String> {
        let path = self.path.split('?').next().unwrap_or_default();
        self.form_action(&format!("/{}{path}", self.lang))
    }

    pub fn favicon(&self) -> &'static str {
        assets::favicon_url()
    }

    pub fn alternates(&self) -> Vec<(&'static str, String, String)> {
        Lang::ALL
            .iter()
            .map(|l| {
                (l.code(), format!("/{}{}", l.code(), self.path), self.tr.word(crate::words::Word::LangName, l.code()))
            })
            .collect()
    }
}

pub const NAV: [(&str, &str); 11] = [
    ("", "nav-overview"),
    ("agreements", "nav-agreements"),
    ("activities", "nav-activities"),
    ("community", "nav-community"),
    ("supporters", "nav-supporters"),
    ("events", "nav-events"),
    ("news", "nav-news"),
    ("symbols", "nav-symbols"),
    ("timeline", "nav-timeline"),
    ("sdgs", "nav-sdgs"),
    ("reports", "nav-reports"),
];

/// The layout of a page of partnership `p`; `section` is its navigation entry and
/// `rest` the path below the partnership (`agreements`, `news/some-slug`).
pub fn layout(tr: Tr, p: &Portal, section: &str, rest: &str, title: &str) -> Layout {
    let slug = &p.partnership.item.slug;
    let name = tr.text(&p.partnership.item.name);
    let nav = NAV
        .iter()
        .map(|(href, key)| NavItem {
            href: format!("/{}/{slug}/{href}", tr.code()),
            label: tr.t(key),
            current: *href == section,
        })
        .collect();
    let full_title = if title.is_empty() {
        name.text.clone()
    } else {
        tr.ta("page-title", &[("page", title), ("site", &name.text)])
    };
    Layout {
        tr,
        lang: tr.code(),
        title: full_title,
        description: tr.text(&p.partnership.item.summary).text,
        path: format!("/{slug}/{rest}"),
        partnership: Some((slug.clone(), name)),
        nav,
        css: assets::css_url(),
        scripts: Vec::new(),
        json_ld: None,
        og_type: "website",
        og_image: None,
        feeds: vec![(format!("/{}/{slug}/news.atom", tr.code()), tr.t("news-feed"), "application/atom+xml")],
    }
}

/// Renders a page with an `ETag`; answers 304 when the visitor already has it.
pub fn render<T: Template>(page: &T, headers: &HeaderMap) -> Result<Response, WebError> {
    let body = page.render()?;
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches { StatusCode::NOT_MODIFIED.into_response() } else { Html(body).into_response() };
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// An event's time in its own zone and in the other city's, as
/// `19.00 uur in Gent (in Kanazawa: 3.00 uur, de volgende dag)`.
pub fn event_times(tr: Tr, p: &Portal, event: &Event) -> String {
    let zone: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let cities = [&p.city_a, &p.city_b];
    let home = cities.iter().find(|c| c.item.time_zone == event.time_zone).copied();
    let others: Vec<&Stored<City>> = cities.iter().filter(|c| Some(c.id) != home.map(|h| h.id)).copied().collect();
    let clock = |t: chrono::NaiveDateTime| tr.clock(t);
    let (home_time, _) = local_time(event.starts_at, zone, zone);
    let home_name = home.map(|c| tr.text(&c.item.name).text).unwrap_or_else(|| event.time_zone.clone());
    let at_home = tr.ta("event-time-home", &[("time", &clock(home_time)), ("city", &home_name)]);
    let elsewhere: Vec<String> = others
        .into_iter()
        .filter_map(|other| {
            let other_zone = other.item.time_zone.parse::<chrono_tz::Tz>().ok()?;
            let (t, offset) = local_time(event.starts_at, other_zone, zone);
            let day = match offset {
                1.. => "next",
                ..=-1 => "previous",
                0 => "same",
            };
            let city = tr.text(&other.item.name).text;
            Some(tr.ta("event-time-other", &[("time", &clock(t)), ("city", &city), ("day", day)]))
        })
        .collect();
    if elsewhere.is_empty() {
        return at_home;
    }
    tr.ta("event-times", &[("home", &at_home), ("others", &elsewhere.join(tr.t("list-separator").as_str()))])
}

/// The event's date in its own time zone.
pub fn event_date(tr: Tr, event: &Event) -> String {
    let zone: chrono_tz::Tz = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
    tr.date(event.starts_at.with_timezone(&zone).date_naive())
}

/// An ambassador's name for a reader: Japanese names family name first; on pages in
/// other languages the romaji comes first, with the name in its own script after it.
pub fn person_name(tr: Tr, a: &PublicAmbassador) -> String {
    let japanese = a.family_name.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
    if !japanese {
        return escape(&format!("{} {}", a.given_name, a.family_name));
    }
    let native = format!("{} {}", a.family_name, a.given_name);
    match (tr.lang, &a.family_name_romaji, &a.given_name_romaji) {
        (Lang::Ja, _, _) | (_, None, _) | (_, _, None) => format!(r#"<span lang="ja">{}</span>"#, escape(&native)),
        (_, Some(f), Some(g)) => {
            format!(r#"{} {} (<span lang="ja">{}</span>)"#, escape(f), escape(g), escape(&native))
        }
    }
}

/// A page with a title and one sentence, in the visitor's language ("not found",
/// "temporarily unavailable").
#[derive(Template)]
#[template(path = "plain_message.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub text: String,
    /// Whether to offer a link to the overview.
    pub home: bool,
}

fn message_page(tr: Tr, key: &str, home: bool) -> Option<String> {
    let layout = Layout::plain(tr, tr.t(&format!("{key}-title")), String::new(), "/".into());
    MessagePage { layout, text: tr.t(&format!("{key}-text")), home }.render().ok()
}

pub fn not_found(tr: Tr) -> Response {
    match message_page(tr, "not-found", true) {
        Some(body) => (StatusCode::NOT_FOUND, Html(body)).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A "temporarily unavailable" page (503 with `Retry-After`).
pub fn unavailable(tr: Tr) -> Response {
    match message_page(tr, "unavailable", false) {
        Some(body) => crate::error::unavailable(Html(body)),
        None => crate::error::unavailable(()),
    }
}

/// JSON for a `<script type="application/ld+json">`: `<` is escaped so the text can't
/// end the script element.
pub fn json_ld(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The language and public read model for `/{lang}/{partnership}/…`, or the page
/// to answer instead (a localized 404 for an unknown language or partnership).
pub async fn context<S: WebStore>(state: &AppState<S>, top: &str, slug: &str) -> Result<(Tr, Arc<Portal>), Response> {
    let Ok(lang) = top.parse::<Lang>() else { return Err(not_found(Tr::new(Lang::En))) };
    let tr = Tr::new(lang);
    match state.portal(slug).await {
        Ok(p) => Ok((tr, p)),
        Err(e) => Err(fail(tr, e)),
    }
}

/// The response for an error on a page in `tr`'s language.
pub fn fail(tr: Tr, e: WebError) -> Response {
    match e.0 {
        Error::NotFound { .. } => not_found(tr),
        _ => e.into_response(),
    }
}

/// Any address no route knows: a 404 page in the language of its first segment, else
/// the visitor's.
pub async fn fallback(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let first = uri.path().trim_start_matches('/').split('/').next().unwrap_or_default();
    let lang = first.parse::<Lang>().unwrap_or_else(|_| {
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        crate::lang::negotiate(home::cookie(&headers, "lang"), accept)
    });
    not_found(Tr::new(lang))
}
