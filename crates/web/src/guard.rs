//! What every response carries and every request must name: security headers on
//! every response (a Content-Security-Policy without inline script, no framing, no
//! sniffing, a referrer policy, HSTS when the public address is https), and a `Host`
//! that is this server's, so no absolute link (in a mail, a feed, a cached page)
//! can point at a host a request made up.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// The host name of an authority (`Host` header or URL), lower case, without port.
fn host_name(authority: &str) -> String {
    let a = authority.trim().to_ascii_lowercase();
    if let Some(rest) = a.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_owned();
    }
    a.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(a.clone(), |(h, _)| h.to_owned())
}

impl<S> AppState<S> {
    /// Whether a request naming `host` is for this server: the configured public
    /// address's host, or this machine (`localhost`, loopback addresses: health checks
    /// and the demo). Without a public address, links are built from such a host only.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host);
        if matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1") {
            return true;
        }
        self.public_url
            .as_deref()
            .and_then(|u| u.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or_default()))
            .is_some_and(|authority| host_name(authority) == name)
    }

    /// The Content-Security-Policy: our own scripts, styles and fonts only; images
    /// from us and from the configured map tile host.
    fn content_security_policy(&self) -> String {
        let tiles = tile_origin(&self.tiles.url).map(|o| format!(" {o}")).unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; \
             font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors 'none'"
        )
    }
}

/// `https://tile.openstreetmap.org` from a tile URL template.
fn tile_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty() && !host.contains('{')).then(|| format!("{scheme}://{host}"))
}

fn set_default(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if !headers.contains_key(&name)
        && let Ok(v) = HeaderValue::from_str(value)
    {
        headers.insert(name, v);
    }
}

/// The language of the page asked for: its path's first segment (`/ja/…`), else the
/// visitor's choice (cookie, `Accept-Language`).
fn page_language(request: &Request) -> zusterstad_core::Lang {
    let first = request.uri().path().trim_start_matches('/').split('/').next().unwrap_or_default();
    if let Ok(lang) = first.parse() {
        return lang;
    }
    crate::lang::from_headers(request.headers())
}

pub async fn layer<S: Clone + Send + Sync + 'static>(
    State(state): State<AppState<S>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{0}").to_owned());
    let lang = page_language(&request);
    let mut response = match host {
        Some(h) if !state.host_allowed(&h) => (
            StatusCode::MISDIRECTED_REQUEST,
            "This server does not answer for that host name. (Operators: set --public-url to the address \
             the public uses.)\n",
        )
            .into_response(),
        _ => next.run(request).await,
    };
    if response.extensions().get::<crate::error::StorageUnavailable>().is_some() {
        response = crate::pages::unavailable(crate::i18n::Tr::new(lang));
    }
    let h = response.headers_mut();
    set_default(h, header::CONTENT_SECURITY_POLICY, &state.content_security_policy());
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if state.public_url.as_deref().is_some_and(|u| u.starts_with("https://")) {
        set_default(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    response
}

/// A request body must start within [`BODY_GRACE`] and then arrive at
/// [`BODY_MIN_RATE`] bytes a second on average: a client trickling its body (a byte a
/// second) can't hold a connection and a worker for long. A 20 MB spreadsheet over a
/// slow line (10 kB/s) still gets through.
pub const BODY_GRACE: std::time::Duration = std::time::Duration::from_secs(10);
pub const BODY_MIN_RATE: f64 = 10_000.0;

pub async fn body_deadline(request: Request, next: Next) -> Response {
    use axum::body::HttpBody as _;
    use futures_util::StreamExt;
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let started = tokio::time::Instant::now();
    let data = body.into_data_stream();
    // State: the body's stream, bytes received, and whether it was cut off.
    let paced = futures_util::stream::unfold((data, 0usize, false), move |(mut data, got, cut)| async move {
        if cut {
            return None;
        }
        let due = started + BODY_GRACE + std::time::Duration::from_secs_f64(got as f64 / BODY_MIN_RATE);
        match tokio::time::timeout_at(due, data.next()).await {
            Ok(Some(Ok(bytes))) => {
                let got = got + bytes.len();
                Some((Ok(bytes), (data, got, false)))
            }
            Ok(Some(Err(e))) => Some((Err(e), (data, got, true))),
            Ok(None) => None,
            Err(_) => {
                tracing::info!(received = got, "a request body arrived too slowly; stopped reading it");
                Some((Err(axum::Error::new("the request body arrived too slowly")), (data, got, true)))
            }
        }
    });
    let request = Request::from_parts(parts, axum::body::Body::from_stream(paced));
    let mut response = next.run(request).await;
    // The connection is not kept: the rest of a cut-off body must not be read as a
    // next request.
    if started.elapsed() >= BODY_GRACE {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_without_ports() {
        assert_eq!(host_name("Partners.Gent.be:443"), "partners.gent.be");
        assert_eq!(host_name("[::1]:8080"), "::1");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert_eq!(
            tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(tile_origin(""), None);
    }
}
