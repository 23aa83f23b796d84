//! The page cache: a rendered public page is kept per (address, content version,
//! hour) and served from memory until its partnership changes. The content version
//! of `/{lang}/{partnership}/…` is that partnership's change counter, so a write to
//! one partnership leaves every other partnership's pages warm; other pages follow
//! the whole instance. Versions are read from the database at most every quarter
//! second, so an edit made on another server instance shows here within a second.
//!
//! The cache is bounded in bytes; a page larger than one entry may be is served
//! without being kept, never refused. Only the query parameters that pages read are
//! part of the key, so made-up parameters can't fill the memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Timelike, Utc};

use crate::{AppState, WebStore};

/// How often a content version is read again.
const POLL: Duration = Duration::from_millis(250);
/// All cached pages together stay under this.
const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Largest page kept; a larger one is served uncached.
const MAX_BODY: u64 = 2 * 1024 * 1024;
/// The query parameters public pages read; others don't make a new page.
const KEPT_PARAMS: [&str; 13] = [
    "year",
    "focus",
    "direction",
    "organisation",
    "programme",
    "sdg",
    "page",
    "registered",
    "table",
    "from",
    "to",
    "lang",
    "theme",
];

/// Whether the address carries words a visitor typed (`q`): such pages are not kept.
fn has_typed_words(uri: &axum::http::Uri) -> bool {
    uri.query().unwrap_or_default().split('&').any(|pair| pair.split('=').next() == Some("q"))
}

#[derive(Clone)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
}

/// (address with its kept parameters, content version, hour)
type Key = (String, i64, DateTime<Utc>);

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Key, Page> for Weight {
    fn weight(&self, key: &Key, page: &Page) -> u64 {
        (key.0.len() + page.body.len() + 64 * page.headers.len() + 64) as u64
    }
}

/// Where a page's content version comes from.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Scope {
    /// `/{lang}/{slug}/…`: the partnership's change counter.
    Partnership(String),
    /// Any other page: every change anywhere.
    Instance,
}

#[derive(Clone)]
pub struct PageCache {
    pages: Arc<quick_cache::sync::Cache<Key, Page, Weight>>,
    /// The versions read last, and when.
    versions: Arc<Mutex<HashMap<Scope, (i64, Instant)>>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            pages: Arc::new(quick_cache::sync::Cache::with_weighter(4096, MAX_BYTES, Weight)),
            versions: Default::default(),
        }
    }
}

fn hour(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now)
}

impl PageCache {
    /// Forget the versions read, so the next request reads them again (after a write
    /// through this instance, which must show at once).
    pub fn changed(&self) {
        if let Ok(mut versions) = self.versions.lock() {
            versions.clear();
        }
    }

    fn known(&self, scope: &Scope) -> Option<i64> {
        let versions = self.versions.lock().ok()?;
        versions.get(scope).filter(|(_, at)| at.elapsed() < POLL).map(|(v, _)| *v)
    }

    fn remember(&self, scope: Scope, version: i64) {
        if let Ok(mut versions) = self.versions.lock() {
            versions.insert(scope, (version, Instant::now()));
        }
    }

    /// Bytes the kept pages take (for tests and metrics).
    pub fn weight(&self) -> u64 {
        self.pages.weight()
    }
}

impl<S: WebStore> AppState<S> {
    /// The content version of the partnership `slug` (`None`: there is none), re-read
    /// at most every [`POLL`].
    pub(crate) async fn partnership_version(&self, slug: &str) -> Result<Option<i64>, zusterstad_core::Error> {
        let scope = Scope::Partnership(slug.to_owned());
        if let Some(v) = self.pages.known(&scope) {
            return Ok(Some(v));
        }
        let version = self.store.partnership_seq(slug).await?;
        // Only partnerships that exist are remembered, so unknown names can't grow the map.
        if let Some(v) = version {
            self.pages.remember(scope, v);
        }
        Ok(version)
    }

    /// The version of the whole instance: moves with every change anywhere.
    pub(crate) async fn instance_version(&self) -> Result<i64, zusterstad_core::Error> {
        if let Some(v) = self.pages.known(&Scope::Instance) {
            return Ok(v);
        }
        let version = self.store.latest_seq().await?;
        self.pages.remember(Scope::Instance, version);
        Ok(version)
    }

    /// The version a public page's content follows: its partnership's, if its address
    /// names one, else the instance's.
    async fn page_version(&self, path: &str) -> Result<i64, zusterstad_core::Error> {
        let slug = path.split('/').nth(2).filter(|s| !s.is_empty());
        if let Some(slug) = slug
            && let Some(v) = self.partnership_version(slug).await?
        {
            return Ok(v);
        }
        self.instance_version().await
    }
}

/// The address as a cache key: the path and the parameters pages read, sorted.
fn cache_address(uri: &axum::http::Uri) -> String {
    let mut kept: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| KEPT_PARAMS.contains(&pair.split('=').next().unwrap_or_default()))
        .collect();
    kept.sort_unstable();
    if kept.is_empty() { uri.path().to_owned() } else { format!("{}?{}", uri.path(), kept.join("&")) }
}

fn not_modified(headers: &HeaderMap, etag: Option<&HeaderValue>) -> bool {
    let (Some(wanted), Some(etag)) = (headers.get(header::IF_NONE_MATCH), etag) else { return false };
    let (Ok(wanted), Ok(etag)) = (wanted.to_str(), etag.to_str()) else { return false };
    wanted.split(',').any(|t| t.trim() == etag || t.trim() == "*")
}

fn from_cache(page: &Page, request: &HeaderMap) -> Response {
    if not_modified(request, page.headers.get(header::ETAG)) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        if let Some(e) = page.headers.get(header::ETAG) {
            r.headers_mut().insert(header::ETAG, e.clone());
        }
        return r;
    }
    let mut r = Response::new(Body::from(page.body.clone()));
    *r.headers_mut() = page.headers.clone();
    r
}

/// Serves public GET pages from memory; renders and keeps them on a miss.
pub async fn layer<S: WebStore>(State(state): State<AppState<S>>, request: Request, next: Next) -> Response {
    // Search results and lists filtered by typed words are not kept: every query
    // would be a new page, and the database or index answers quickly anyway.
    let cacheable = request.method() == Method::GET && !has_typed_words(request.uri()) && {
        let path = request.uri().path();
        path.len() > 3
            && path.as_bytes()[3] == b'/'
            && path[1..3].parse::<zusterstad_core::Lang>().is_ok()
            && &path[3..] != "/search"
    };
    // A published copy asks for each page once: keeping them would only take memory.
    if !cacheable || state.serving != crate::Serving::Live {
        return next.run(request).await;
    }
    let Ok(version) = state.page_version(request.uri().path()).await else { return next.run(request).await };
    let key = (cache_address(request.uri()), version, hour((state.clock)()));
    if let Some(page) = state.pages.pages.get(&key) {
        state.metrics.cache(true);
        if let Some(slot) = request.extensions().get::<crate::metrics::RouteSlot>() {
            slot.set("(page cache)");
        }
        return from_cache(&page, request.headers());
    }
    state.metrics.cache(false);
    let request_headers = request.headers().clone();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Pages are rendered whole, so their size is known before reading the body.
    let small = response.body().size_hint().exact().is_some_and(|n| n <= MAX_BODY);
    if response.status() != StatusCode::OK || !is_html || !small {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY as usize).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a rendered page failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let page = Page { headers: parts.headers, body: bytes };
    state.pages.pages.insert(key, page.clone());
    from_cache(&page, &request_headers)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parameters_pages_read_are_part_of_the_key() {
        let uri: axum::http::Uri =
            "/nl/gent-kanazawa/activities?utm_source=x&year=2021&page=2&fbclid=y".parse().unwrap();
        assert_eq!(cache_address(&uri), "/nl/gent-kanazawa/activities?page=2&year=2021");
        let uri: axum::http::Uri = "/nl/gent-kanazawa/activities?utm_source=123".parse().unwrap();
        assert_eq!(cache_address(&uri), "/nl/gent-kanazawa/activities");
    }
}
