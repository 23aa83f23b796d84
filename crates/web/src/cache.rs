//! The page cache: a rendered public page is kept per (address, content version,
//! hour) and served from memory until the record changes. The content version is
//! the change sequence, read from the database at most every quarter second, so an
//! edit made on another server instance shows here within a second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Timelike, Utc};

use crate::{AppState, WebStore};

/// How often the change sequence is read again.
const POLL: Duration = Duration::from_millis(250);
/// Pages kept at most; past that the cache starts over (a few tens of MB at most).
const MAX_PAGES: usize = 2000;
/// Largest page kept.
const MAX_BODY: usize = 512 * 1024;

#[derive(Clone)]
struct Page {
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Inner {
    seq: Option<(i64, Instant)>,
    pages: HashMap<(String, i64, DateTime<Utc>), Page>,
}

#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Mutex<Inner>>,
}

fn hour(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0)).unwrap_or(now)
}

impl PageCache {
    /// Forget the known sequence, so the next request reads it again (after a write).
    pub fn changed(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.seq = None;
        }
    }

    fn known_seq(&self) -> Option<i64> {
        let inner = self.inner.lock().ok()?;
        inner.seq.filter(|(_, at)| at.elapsed() < POLL).map(|(s, _)| s)
    }

    fn set_seq(&self, seq: i64) {
        if let Ok(mut inner) = self.inner.lock() {
            if inner.seq.map(|(s, _)| s) != Some(seq) {
                inner.pages.clear();
            }
            inner.seq = Some((seq, Instant::now()));
        }
    }
}

impl<S: WebStore> AppState<S> {
    /// The change sequence number, re-read at most every [`POLL`].
    pub(crate) async fn content_version(&self) -> Result<i64, zusterstad_core::Error> {
        if let Some(seq) = self.pages.known_seq() {
            return Ok(seq);
        }
        let seq = self.store.latest_seq().await?;
        self.pages.set_seq(seq);
        Ok(seq)
    }
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
    // Search results are not kept: every query would be a new page, and the index
    // answers quickly anyway.
    let cacheable = request.method() == Method::GET && {
        let path = request.uri().path();
        path.len() > 3
            && path.as_bytes()[3] == b'/'
            && path[1..3].parse::<zusterstad_core::Lang>().is_ok()
            && &path[3..] != "/search"
    };
    if !cacheable {
        return next.run(request).await;
    }
    let Ok(seq) = state.content_version().await else { return next.run(request).await };
    let key = (request.uri().to_string(), seq, hour((state.clock)()));
    let hit = state.pages.inner.lock().ok().and_then(|inner| inner.pages.get(&key).cloned());
    if let Some(page) = hit {
        return from_cache(&page, request.headers());
    }
    let request_headers = request.headers().clone();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = Page { headers: parts.headers, body: bytes };
    if let Ok(mut inner) = state.pages.inner.lock() {
        if inner.pages.len() >= MAX_PAGES {
            inner.pages.clear();
        }
        inner.pages.insert(key, page.clone());
    }
    from_cache(&page, &request_headers)
}
