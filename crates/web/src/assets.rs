//! Static assets, built into the binary and served under names that carry a hash of
//! their content, so browsers may keep them for a year.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{AppState, WebStore};

struct Asset {
    name: &'static str,
    media_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset { name: "site.css", media_type: "text/css; charset=utf-8", bytes: include_bytes!("../static/site.css") },
    Asset { name: "map.js", media_type: "text/javascript; charset=utf-8", bytes: include_bytes!("../static/map.js") },
    Asset {
        name: "search.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/search.js"),
    },
    Asset { name: "favicon.svg", media_type: "image/svg+xml", bytes: include_bytes!("../static/favicon.svg") },
    Asset {
        name: "leaflet.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/vendor/leaflet/leaflet.js"),
    },
    Asset {
        name: "leaflet.css",
        media_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/vendor/leaflet/leaflet.css"),
    },
    Asset {
        name: "marker-icon.png",
        media_type: "image/png",
        bytes: include_bytes!("../static/vendor/leaflet/images/marker-icon.png"),
    },
    Asset {
        name: "marker-icon-2x.png",
        media_type: "image/png",
        bytes: include_bytes!("../static/vendor/leaflet/images/marker-icon-2x.png"),
    },
    Asset {
        name: "marker-shadow.png",
        media_type: "image/png",
        bytes: include_bytes!("../static/vendor/leaflet/images/marker-shadow.png"),
    },
];

fn fingerprint(bytes: &[u8]) -> String {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// `site.css` → `/static/site.1a2b3c4d5e6f.css`. Leaflet's images keep their names:
/// its stylesheet refers to them by name.
static URLS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let url = match a.name.rsplit_once('.') {
                Some((stem, ext)) if !a.name.ends_with(".png") => {
                    format!("/static/{stem}.{}.{ext}", fingerprint(a.bytes))
                }
                _ => format!("/static/{}", a.name),
            };
            (a.name, url)
        })
        .collect()
});

pub fn url(name: &str) -> &'static str {
    URLS.iter().find(|(n, _)| *n == name).map_or("/static/missing", |(_, u)| u.as_str())
}

/// Every asset's address.
pub fn urls() -> impl Iterator<Item = String> {
    URLS.iter().map(|(_, u)| u.clone())
}

pub fn css_url() -> &'static str {
    url("site.css")
}

pub fn favicon_url() -> &'static str {
    url("favicon.svg")
}

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/static/{file}", get(serve_asset)).route("/favicon.ico", get(favicon))
}

/// Browsers ask for `/favicon.ico` where a page names no icon (feeds, files): the
/// same picture as the pages name.
async fn favicon() -> Response {
    serve_asset(Path(favicon_url().trim_start_matches("/static/").to_owned())).await
}

async fn serve_asset(Path(file): Path<String>) -> Response {
    let requested = format!("/static/{file}");
    let Some(asset) = URLS.iter().position(|(_, u)| *u == requested).map(|i| &ASSETS[i]) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = asset.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.media_type));
    let cache =
        if asset.name.ends_with(".png") { "public, max-age=86400" } else { "public, max-age=31536000, immutable" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
