//! Search across the published texts of every partnership, in all three languages.
//! Matches in the page's language rank first; the matched passage is highlighted.
//!
//! This scans the cached read model. It matches Japanese inside words (伝統 finds
//! 伝統工芸) but does not yet stem Dutch or English; the tantivy index of DESIGN.md
//! replaces it (see the portal issue).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Localized, Publication};

use super::{Layout, fail, not_found, render};
use crate::assets;
use crate::i18n::{Tr, escape};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/{top}/search", get(search::<S>))
}

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
    score: u32,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    summary: String,
    hits: Vec<Hit>,
}

/// Where `needle` occurs in `text`, ignoring case.
fn find(text: &str, needle: &str) -> Option<usize> {
    text.to_lowercase().find(needle)
}

/// About 160 characters around the match, with the match in `<mark>`.
fn excerpt(text: &str, needle: &str) -> String {
    let lower = text.to_lowercase();
    let Some(at) = lower.find(needle) else { return escape(&text.chars().take(160).collect::<String>()) };
    // Lowercasing can change byte lengths; fall back to characters when it does.
    if lower.len() != text.len() {
        return escape(&text.chars().take(160).collect::<String>());
    }
    let chars_before = text[..at].chars().count();
    let start_char = chars_before.saturating_sub(60);
    let start = text.char_indices().nth(start_char).map_or(0, |(i, _)| i);
    let end_match = at + needle.len();
    let end = text[end_match..].char_indices().nth(100).map_or(text.len(), |(i, _)| end_match + i);
    format!(
        "{}{}<mark>{}</mark>{}{}",
        if start > 0 { "…" } else { "" },
        escape(&text[start..at]),
        escape(&text[at..end_match]),
        escape(&text[end_match..end]),
        if end < text.len() { "…" } else { "" },
    )
}

/// Scores a record's texts: title matches weigh more; the page's language first.
fn score(page: Lang, needle: &str, title: &Localized, texts: &[&Localized]) -> Option<(u32, Lang, String, String)> {
    let mut best: Option<(u32, Lang, String, String)> = None;
    for lang in Lang::ALL {
        let t = &title.get(lang).value;
        let bonus = if lang == page { 5 } else { 0 };
        let mut s = 0;
        let mut passage = String::new();
        if find(t, needle).is_some() {
            s += 10;
            passage = t.clone();
        }
        for text in texts {
            let v = &text.get(lang).value;
            if find(v, needle).is_some() {
                s += 3;
                if passage.is_empty() || passage == *t {
                    passage = v.clone();
                }
            }
        }
        if s > 0 && best.as_ref().is_none_or(|(b, ..)| s + bonus > *b) {
            best = Some((s + bonus, lang, t.clone(), passage));
        }
    }
    best
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
    let needle = q.to_lowercase();
    let mut hits = Vec::new();
    if !needle.is_empty() {
        let partnerships = RecordStore::<Partnership>::list(&state.store).await.map_err(|e| fail(tr, e.into()))?;
        for partnership in partnerships.iter().filter(|p| p.item.publication == Publication::Published) {
            let slug = &partnership.item.slug;
            let p = state.portal(slug).await.map_err(|e| fail(tr, e))?;
            let base = format!("/{}/{slug}", tr.code());
            let mut add = |kind: &str, href: String, title: &Localized, texts: &[&Localized]| {
                if query.kind.as_deref().is_some_and(|k| !k.is_empty() && k != kind) {
                    return;
                }
                if let Some((score, shown, title, passage)) = score(lang, &needle, title, texts) {
                    hits.push(Hit {
                        href,
                        kind: tr.t(&format!("kind-{kind}")),
                        title,
                        excerpt_html: excerpt(&passage, &needle),
                        lang: shown.code(),
                        score,
                    });
                }
            };
            for a in &p.activities {
                add("activity", format!("{base}/activities/{}", a.id), &a.item.title, &[&a.item.summary, &a.item.body]);
            }
            for e in &p.events {
                add("event", format!("{base}/events/{}", e.id), &e.item.title, &[&e.item.description, &e.item.venue]);
            }
            for n in &p.news {
                add("news", format!("{base}/news/{}", n.item.slug), &n.item.title, &[&n.item.summary, &n.item.body]);
            }
            for o in &p.organisations {
                add("organisation", format!("{base}/organisations/{}", o.id), &o.item.name, &[&o.item.description]);
            }
            for (a, _) in &p.agreements {
                add("agreement", format!("{base}/agreements"), &a.item.title, &[&a.item.summary]);
            }
            for l in &p.landmarks {
                add("symbol", format!("{base}/symbols"), &l.item.name, &[&l.item.description, &l.item.location]);
            }
            for c in [&p.city_a, &p.city_b] {
                let mut texts: Vec<&Localized> = vec![&c.item.description];
                texts.extend(c.item.facts.iter().map(|f| &f.text));
                add("symbol", format!("{base}/"), &c.item.name, &texts);
            }
        }
    }
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.title.cmp(&b.title)));
    let summary = if q.is_empty() {
        String::new()
    } else if hits.is_empty() {
        tr.ta("search-none", &[("q", &q)])
    } else {
        tr.ta("search-results", &[("q", &q), ("n", &hits.len().to_string())])
    };
    let layout = Layout {
        tr,
        lang: tr.code(),
        title: tr.t("search-title"),
        description: String::new(),
        path: format!("/search?q={}", q.replace(['&', '#', '?', ' '], "+")),
        partnership: None,
        nav: Vec::new(),
        css: assets::css_url(),
        scripts: Vec::new(),
        json_ld: None,
        og_type: "website",
        feeds: Vec::new(),
    };
    render(&SearchPage { layout, q, summary, hits }, &headers).map_err(|e| fail(tr, e))
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn highlights_the_match() {
        assert_eq!(excerpt("金沢の伝統工芸", "伝統"), "金沢の<mark>伝統</mark>工芸");
        assert_eq!(excerpt("Gentse <feesten>", "feest"), "Gentse &lt;<mark>feest</mark>en&gt;");
    }
}
