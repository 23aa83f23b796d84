//! What the person running the server watches: Prometheus metrics (requests by route
//! and status, latency, page-cache hits, the database pool, mails, reminders), served
//! on an address of their own (`--metrics-bind`), never on the public one; and a
//! request id on every request, in its log lines and its answer (`x-request-id`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::{AppState, WebStore};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The instance's metrics. One per server, shared by every handler.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    cache: Family<OutcomeLabels, Counter>,
    mails: Family<OutcomeLabels, Counter>,
    reminders: Counter,
    pool: Family<PoolLabels, Gauge>,
    unsent: Gauge,
    search_lag: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("zusterstad");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let cache = Family::<OutcomeLabels, Counter>::default();
        let mails = Family::<OutcomeLabels, Counter>::default();
        let reminders = Counter::default();
        let pool = Family::<PoolLabels, Gauge>::default();
        let unsent = Gauge::default();
        let search_lag = Gauge::default();
        registry.register("http_requests", "HTTP requests answered, by route and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time from request to answer, by route", latency.clone());
        registry.register("page_cache_requests", "Public pages asked for, served from the cache or not", cache.clone());
        registry.register("mails", "Mail delivery tries, sent or failed", mails.clone());
        registry.register("reminders_sent", "Reminder mails queued for coordinators", reminders.clone());
        registry.register("db_pool_connections", "Database connections, in use and idle", pool.clone());
        registry.register("mail_outbox_unsent", "Mails waiting for a retry or given up", unsent.clone());
        registry.register(
            "search_index_lag_changes",
            "Changes the search indexes in memory are behind their partnerships, at most",
            search_lag.clone(),
        );
        Metrics { registry, requests, latency, cache, mails, reminders, pool, unsent, search_lag }
    }
}

impl Metrics {
    pub(crate) fn cache(&self, hit: bool) {
        self.cache.get_or_create(&OutcomeLabels { outcome: if hit { "hit" } else { "miss" } }).inc();
    }

    pub(crate) fn mail(&self, sent: bool) {
        self.mails.get_or_create(&OutcomeLabels { outcome: if sent { "sent" } else { "failed" } }).inc();
    }

    pub fn reminders_sent(&self, n: u64) {
        self.reminders.inc_by(n);
    }

    /// The text the `/metrics` endpoint answers.
    fn render(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::warn!(error = %e, "metrics could not be written");
        }
        out
    }
}

/// Where the route that answered writes its name, for the outer layer to read.
#[derive(Clone, Default)]
pub(crate) struct RouteSlot(Arc<Mutex<Option<String>>>);

impl RouteSlot {
    pub(crate) fn set(&self, route: &str) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(route.to_owned());
        }
    }

    fn get(&self) -> Option<String> {
        self.0.lock().ok().and_then(|s| s.clone())
    }
}

/// Counts and times every request (cache hits included), by the route's pattern.
pub async fn layer<S: Clone + Send + Sync + 'static>(
    State(state): State<AppState<S>>,
    mut request: Request,
    next: Next,
) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = slot.get().unwrap_or_else(|| "unmatched".to_owned());
    let status = response.status().as_u16();
    state.metrics.requests.get_or_create(&RequestLabels { method, route: route.clone(), status }).inc();
    state.metrics.latency.get_or_create(&RouteLabels { route }).observe(started.elapsed().as_secs_f64());
    response
}

/// Names the matched route (`/{lang}/{partnership}/events/{id}`, never the address
/// itself: the label set stays small) for [`layer`].
pub async fn name_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) =
        (request.extensions().get::<RouteSlot>(), request.extensions().get::<MatchedPath>())
    {
        slot.set(path.as_str());
    }
    next.run(request).await
}

/// `GET /metrics` on the metrics address.
pub fn router<S: WebStore>(state: AppState<S>) -> Router {
    Router::new().route("/metrics", get(scrape::<S>)).with_state(state)
}

async fn scrape<S: WebStore>(State(state): State<AppState<S>>) -> Response {
    let (size, idle) = state.store.pool_connections();
    let m = &state.metrics;
    m.pool.get_or_create(&PoolLabels { state: "idle" }).set(i64::try_from(idle).unwrap_or(i64::MAX));
    let in_use = (size as usize).saturating_sub(idle);
    m.pool.get_or_create(&PoolLabels { state: "in_use" }).set(i64::try_from(in_use).unwrap_or(0));
    if let Ok(counts) = state.store.count_unsent_mails(None).await {
        m.unsent.set(i64::try_from(counts.unsent).unwrap_or(i64::MAX));
    }
    if let Ok(lag) = state.store.search_index_lag().await {
        m.search_lag.set(lag);
    }
    let mut r = m.render().into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    r
}

/// Request ids: a prefix per server (from its randomness) and a counter, so ids from
/// two servers behind one balancer don't collide. An id the request brings (from a
/// proxy) is kept.
#[derive(Clone)]
pub struct RequestIds {
    prefix: String,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    pub fn new(random: [u8; 32]) -> Self {
        RequestIds { prefix: random[..4].iter().map(|b| format!("{b:02x}")).collect(), next: Default::default() }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix)).ok().map(RequestId::new)
    }
}

/// The path for a log line, with secrets left out: a segment that looks like a token
/// (32 or more hex digits: cancellation and password links) is shown as `…`.
pub fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|s| if s.len() >= 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) { "…" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The span every request's log lines carry: its id, method and (redacted) path.
pub fn span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method(), path = %loggable_path(request.uri().path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_stay_out_of_log_lines() {
        let token = "ab".repeat(32);
        assert_eq!(loggable_path(&format!("/nl/cancel/{token}")), "/nl/cancel/…");
        assert_eq!(loggable_path("/nl/gent-kanazawa/events/12"), "/nl/gent-kanazawa/events/12");
    }
}
