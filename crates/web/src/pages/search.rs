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
    Router::new().route("/{top}/search", get(search::<S>)).route("/{top}/{slug}/search", get(in_partnership::<S>))
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
    /// A partnership's search: the address of the search over every partnership,
    /// with the words and without.
    everywhere: Option<(String, String)>,
    /// In a published copy, the search the page's script does in the browser.
    in_browser: Option<InBrowser>,
}

/// What the copy's search script needs: its index and its messages, with `{q}` and
/// `{n}` where the words and the count go.
struct InBrowser {
    index: String,
    one: String,
    other: String,
    none: String,
}

/// A count no page shows, put in the plural message to find where the count goes.
const COUNT_MARK: &str = "987654321";

impl InBrowser {
    fn new(tr: Tr, slug: &str) -> Self {
        let q = ("q", "{q}");
        InBrowser {
            index: format!("/{}/{slug}/search.json", tr.code()),
            one: tr.ta("search-results", &[("n", "1"), q]),
            other: tr.ta("search-results", &[("n", COUNT_MARK), q]).replace(COUNT_MARK, "{n}"),
            none: tr.ta("search-none", &[q]),
        }
    }
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
    let page = SearchPage { layout, q, kinds, summary, hits, everywhere: None, in_browser: None };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// `/{lang}/{partnership}/search`: the search within one partnership, with its
/// header and menu, and a link to the search over all of them. In a published copy
/// the page searches in the browser, in an index the copy holds
/// (`/{lang}/{partnership}/search.json`, written by `publish`).
async fn in_partnership<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let (tr, p) = super::context(&state, &top, &slug).await?;
    let q: String = query.q.unwrap_or_default().trim().chars().take(200).collect();
    let kind = query.kind.filter(|k| KINDS.contains(&k.as_str()));
    let layout = super::layout(tr, &p, "search", "search", &tr.t("search-title"));
    let published = layout.published();
    let mut hits = Vec::new();
    if !q.is_empty() && published.is_none() {
        hits = state
            .store
            .search(Some(&slug), &q, tr.lang, kind.as_deref(), (state.clock)())
            .await
            .map_err(|e| fail(tr, e.into()))?
            .into_iter()
            .map(|h| Hit {
                href: format!("/{}/{}/{}", tr.code(), h.partnership, h.path),
                kind: tr.word(crate::words::Word::SearchKind, h.kind),
                title: h.title,
                excerpt_html: h.excerpt_html,
                lang: h.lang.code(),
            })
            .collect();
    }
    let summary = match (q.is_empty(), hits.is_empty()) {
        (true, _) => String::new(),
        (false, true) => tr.ta("search-none", &[("q", &q)]),
        (false, false) => tr.ta("search-results", &[("q", &q), ("n", &hits.len().to_string())]),
    };
    let everywhere = match &published {
        None => Some(format!("/{}/search", tr.code())),
        Some(live) => live.as_ref().map(|live| format!("{live}/{}/{slug}/search", tr.code())),
    }
    .map(|base| {
        let href = if q.is_empty() { base.clone() } else { format!("{base}?q={}", crate::manage::urlencode(&q)) };
        (href, base)
    });
    let in_browser = published.is_some().then(|| InBrowser::new(tr, &slug));
    let kinds =
        KINDS.iter().map(|k| (*k, tr.word(crate::words::Word::SearchKind, k), kind.as_deref() == Some(*k))).collect();
    let mut layout = layout;
    if in_browser.is_some() {
        layout.scripts = vec![crate::assets::url("search.js")];
    }
    let page = SearchPage { layout, q, kinds, summary, hits, everywhere, in_browser };
    render(&page, &headers).map_err(|e| fail(tr, e))
}
