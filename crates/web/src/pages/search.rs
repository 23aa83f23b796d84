//! Search across the published texts of every partnership, in all three languages:
//! results ranked with the page's language first, the matched passage highlighted,
//! filtered by kind. The index itself is the store's (`SearchStore`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use zusterstad_core::Lang;

use super::{Layout, fail, not_found, render};
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/{top}/search", get(search::<S>))
}

pub(crate) const KINDS: [&str; 7] = ["activity", "event", "news", "organisation", "agreement", "symbol", "city"];

#[derive(Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
    kind: Option<String>,
}

struct Hit {
    href: String,
    kind: String,
    title: String,
    excerpt_html: String,
    lang: &'static str,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    kinds: Vec<(&'static str, String, bool)>,
    summary: String,
    hits: Vec<Hit>,
}

async fn search<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(top): Path<String>,
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let Ok(lang) = top.parse::<Lang>() else { return Err(not_found(Tr::new(Lang::En))) };
    let tr = Tr::new(lang);
    let q: String = query.q.unwrap_or_default().trim().chars().take(200).collect();
    let kind = query.kind.filter(|k| KINDS.contains(&k.as_str()));
    let mut found = Vec::new();
    if !q.is_empty() {
        // One index holds every published partnership: one query, ranked together.
        found = state
            .store
            .search(None, &q, lang, kind.as_deref(), (state.clock)())
            .await
            .map_err(|e| fail(tr, e.into()))?;
    }
    let hits: Vec<Hit> = found
        .into_iter()
        .map(|h| Hit {
            href: format!("/{}/{}/{}", tr.code(), h.partnership, h.path),
            kind: tr.word(crate::words::Word::SearchKind, h.kind),
            title: h.title,
            excerpt_html: h.excerpt_html,
            lang: h.lang.code(),
        })
        .collect();
    let summary = if q.is_empty() {
        String::new()
    } else if hits.is_empty() {
        tr.ta("search-none", &[("q", &q)])
    } else {
        tr.ta("search-results", &[("q", &q), ("n", &hits.len().to_string())])
    };
    let encoded: String = q
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let layout = Layout::plain(tr, tr.t("search-title"), String::new(), format!("/search?q={encoded}"));
    let kinds =
        KINDS.iter().map(|k| (*k, tr.word(crate::words::Word::SearchKind, k), kind.as_deref() == Some(*k))).collect();
    render(&SearchPage { layout, q, kinds, summary, hits }, &headers).map_err(|e| fail(tr, e))
}
