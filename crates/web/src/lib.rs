//! HTTP: the axum router, the public portal's pages and feeds, health. Handlers
//! extract, call one `core` function, render. This crate knows no SQL: it sees the
//! store only through the `core` Store traits.

mod addresses;
pub mod api;
mod assets;
mod cache;
mod csv_out;
mod error;
mod feeds;
mod guard;
mod health;
mod i18n;
mod lang;
pub mod manage;
pub mod metrics;
pub mod outbox;
mod pages;
mod photos;
pub mod publish;
mod scope;
mod words;

use axum::Router;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;

use zusterstad_core::portal::PortalStore;
use zusterstad_core::registrations::Mailer;
use zusterstad_core::store::{
    AuditStore, Health, ImportStore, MailQueue, PartnershipExport, PeopleStore, PhotoStore, RegistrationStore,
    ReminderStore, SearchStore, SessionStore, TranslationStore, UserStore,
};

pub use i18n::{Tr, markdown_html};
pub use lang::negotiate;
pub use manage::reminders::send_reminders;
pub use pages::PortalCache;
pub use pages::news::FEED_LATEST;
pub use pages::registrations::release_lapsed_registrations;

/// What the web layer needs from storage.
pub trait WebStore:
    Health
    + PortalStore
    + AuditStore
    + RegistrationStore
    + SearchStore
    + SessionStore
    + UserStore
    + PeopleStore
    + ImportStore
    + PartnershipExport
    + ReminderStore
    + MailQueue
    + PhotoStore
    + TranslationStore
    + Clone
    + Send
    + Sync
    + 'static
{
}
impl<S> WebStore for S where
    S: Health
        + PortalStore
        + AuditStore
        + RegistrationStore
        + SearchStore
        + SessionStore
        + UserStore
        + PeopleStore
        + ImportStore
        + PartnershipExport
        + ReminderStore
        + MailQueue
        + PhotoStore
        + TranslationStore
        + Clone
        + Send
        + Sync
        + 'static
{
}

/// The map's tile server. Empty `url`: markers without a background map, and no
/// request to another host.
#[derive(Clone, Debug, Default)]
pub struct Tiles {
    pub url: String,
    pub attribution: String,
}

impl Tiles {
    pub fn openstreetmap() -> Self {
        Tiles {
            url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState<S> {
    pub store: S,
    /// "Now" comes from here, so tests can pin it.
    pub clock: fn() -> chrono::DateTime<chrono::Utc>,
    pub tiles: Tiles,
    pub portals: PortalCache,
    pub pages: cache::PageCache,
    /// Registration confirmations and waiting-list news go out through this.
    pub mailer: Arc<dyn Mailer>,
    /// Random bytes (for cancellation links) come from here, so tests can pin them.
    pub random: fn() -> [u8; 32],
    /// The address the public reaches this server at (`https://partners.gent.be`),
    /// for links in mails and feeds. Without it, the request's `Host` is used.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` name the visitor.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub metrics: Arc<metrics::Metrics>,
    /// The sitemap index's page counts, with the change sequence they were counted at.
    sitemap_counts: Arc<std::sync::Mutex<Option<(i64, feeds::PageCounts)>>>,
    /// Pages are answered by this server, or written as files for a static copy.
    pub serving: Serving,
}

/// Who answers the portal's pages: this server, or a plain web server holding a
/// published copy (`publish`). A copy has no server behind its forms: they go to the
/// live server when there is one, else they are left out (the registration form
/// becomes a note), and the language links lead straight to the page in the other
/// language (there is no cookie to set).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Serving {
    #[default]
    Live,
    /// A static copy; forms go to the live server at this address, if any.
    Published { live: Option<String> },
}

impl<S> AppState<S> {
    pub fn new(
        store: S,
        clock: fn() -> chrono::DateTime<chrono::Utc>,
        tiles: Tiles,
        mailer: Arc<dyn Mailer>,
        random: fn() -> [u8; 32],
    ) -> Self {
        AppState {
            store,
            clock,
            tiles,
            portals: PortalCache::default(),
            pages: Default::default(),
            mailer,
            random,
            public_url: None,
            trusted_proxies: Vec::new(),
            metrics: Default::default(),
            sitemap_counts: Default::default(),
            serving: Serving::Live,
        }
    }

    /// Bytes the page cache holds now (it stays under its bound whatever is asked).
    pub fn cached_page_bytes(&self) -> u64 {
        self.pages.weight()
    }

    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// The visitor's address: the connection's peer, or, when the peer is a trusted
    /// proxy, the nearest address before it in `X-Forwarded-For` (else `Forwarded`)
    /// that is not a trusted proxy itself. Anyone else's forwarding headers are ignored.
    pub fn client_address(&self, peer: Option<std::net::IpAddr>, headers: &axum::http::HeaderMap) -> String {
        let Some(peer) = peer else { return "unknown".into() };
        if !self.trusted_proxies.contains(&peer) {
            return peer.to_string();
        }
        let forwarded_for = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().to_owned())
            .collect::<Vec<_>>();
        let forwarded = headers
            .get_all(axum::http::header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split([',', ';']))
            .filter_map(|part| {
                let (k, v) = part.trim().split_once('=')?;
                k.eq_ignore_ascii_case("for").then(|| {
                    let v = v.trim_matches('"');
                    let v = v.strip_prefix('[').map_or(v, |r| r.split(']').next().unwrap_or_default());
                    v.to_owned()
                })
            })
            .collect::<Vec<_>>();
        let chain = if forwarded_for.is_empty() { forwarded } else { forwarded_for };
        chain
            .iter()
            .rev()
            .filter_map(|a| {
                a.parse::<std::net::IpAddr>().ok().or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
            })
            .find(|ip| !self.trusted_proxies.contains(ip))
            .unwrap_or(peer)
            .to_string()
    }

    pub fn with_public_url(mut self, url: Option<String>) -> Self {
        self.public_url = url.map(|u| u.trim_end_matches('/').to_owned()).filter(|u| !u.is_empty());
        self
    }

    /// Where absolute links point: the configured public address, else the host the
    /// request named (`guard` lets only this machine's names through then).
    pub(crate) fn base_url(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
            .unwrap_or("localhost");
        let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
        format!("{}://{host}", if https { "https" } else { "http" })
    }
}

tokio::task_local! {
    /// The address this request reaches the site at (`AppState::base_url`), and
    /// who answers the pages (`AppState::serving`).
    static REQUEST_BASE: (String, Serving);
}

/// The base address of the request being answered (empty outside one).
pub(crate) fn request_base() -> String {
    REQUEST_BASE.try_with(|(base, _)| base.clone()).unwrap_or_default()
}

/// Who answers the page being rendered (the live server outside a request).
pub(crate) fn serving() -> Serving {
    REQUEST_BASE.try_with(|(_, serving)| serving.clone()).unwrap_or_default()
}

async fn with_request_base<S: WebStore>(
    axum::extract::State(state): axum::extract::State<AppState<S>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let base = state.base_url(request.headers());
    REQUEST_BASE.scope((base, state.serving.clone()), next.run(request)).await
}

/// The whole application: every router module merged in one place. A list's address
/// with its filters as path segments is read as its query form before routing
/// (`addresses`).
pub fn app<S: WebStore>(state: AppState<S>) -> Router {
    use tower::ServiceExt;
    Router::new().fallback_service(routes(state).map_request(addresses::rewrite))
}

fn routes<S: WebStore>(state: AppState<S>) -> Router {
    Router::new()
        .merge(health::router())
        .merge(assets::router())
        .merge(feeds::router())
        .merge(photos::router())
        .merge(pages::router())
        .merge(manage::router(&state))
        .merge(api::router())
        .route_layer(axum::middleware::from_fn(metrics::name_route))
        .fallback(pages::fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer::<S>))
        .layer(axum::middleware::from_fn_with_state(state.clone(), with_request_base::<S>))
        .layer(CompressionLayer::new())
        // Forms are posted only from our own pages (Fetch Metadata / Origin).
        .layer(CsrfLayer::new())
        .layer(axum::middleware::from_fn(guard::body_deadline))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::layer::<S>))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::layer::<S>))
        // Every request gets an id: in its log lines (the span) and in its answer.
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(metrics::span))
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(metrics::RequestIds::new((state.random)())))
        .with_state(state)
}
