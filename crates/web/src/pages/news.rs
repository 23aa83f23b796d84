//! News: the list, a page per post (Markdown, sanitised) and the Atom feed.

use askama::Template;
use atom_syndication::{ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, Text};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use zusterstad_core::query::Paging;

use super::partnership::{NewsLine, news_line};
use super::{Layout, context, fail, json_ld, layout, render};
use crate::i18n::Shown;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/{slug}/news", get(list::<S>))
        .route("/{top}/{slug}/news/{post}", get(detail::<S>))
        .route("/{top}/{slug}/news.atom", get(feed::<S>))
}

type Page = Result<Response, Response>;

#[derive(Template)]
#[template(path = "news.html")]
struct ListPage {
    layout: Layout,
    posts: Vec<NewsLine>,
    feed: String,
    pager: Option<super::Pager>,
}

/// News posts shown on one page of the list.
const PER_PAGE: u64 = 20;

#[derive(serde::Deserialize)]
struct ListQuery {
    page: Option<String>,
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let number = super::page_number(query.page.as_deref()).unwrap_or(1);
    let posts = p.news(&state.store, number, PER_PAGE).await.map_err(|e| fail(tr, crate::error::WebError(e)))?;
    let paging = Paging::new(Some(number), PER_PAGE, posts.total);
    let page = ListPage {
        layout: layout(tr, &p, "news", "news", &tr.t("news-title")),
        posts: posts.items.iter().map(|n| news_line(tr, &slug, n)).collect(),
        feed: format!("/{}/{slug}/news.atom", tr.code()),
        pager: super::pager(tr, &format!("/{}/{slug}/news", tr.code()), &[], &paging),
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

#[derive(Template)]
#[template(path = "news_post.html")]
struct DetailPage {
    layout: Layout,
    title: Shown,
    published: String,
    summary: Shown,
    body: Shown,
    example: bool,
}

async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, post)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let found = p.news_post(&state.store, &post).await.map_err(|e| fail(tr, crate::error::WebError(e)))?;
    let Some(n) = &found else { return Err(super::not_found(tr)) };
    let title = tr.text(&n.item.title);
    let mut page = DetailPage {
        layout: layout(tr, &p, "news", &format!("news/{post}"), &title.text),
        published: tr.ta("news-published", &[("date", &tr.date_full(n.item.published_at.date_naive()))]),
        summary: tr.text(&n.item.summary),
        body: tr.markdown(&n.item.body),
        example: n.item.example,
        title,
    };
    page.layout.og_type = "article";
    if let Some(photo) = n.item.photo_id {
        let alt = p.document(photo).map(|(d, _)| tr.text(&d.item.title).text).unwrap_or_default();
        if let Some(ph) = state.photo(photo, alt).await {
            page.layout.og_image = Some(format!("{}{}", state.base_url(&headers), ph.src));
        }
    }
    if !page.summary.is_empty() {
        page.layout.description = page.summary.text.clone();
    }
    page.layout.json_ld = Some(json_ld(&json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title.text,
        "datePublished": n.item.published_at.to_rfc3339(),
        "dateModified": n.updated_at.to_rfc3339(),
        "inLanguage": tr.code(),
    })));
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// How many posts the Atom feed carries: the newest (readers keep what they saw).
pub const FEED_LATEST: usize = 30;

/// The Atom feed of the newest news in one language.
async fn feed<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let base = state.base_url(&headers);
    let newest =
        p.news(&state.store, 1, FEED_LATEST as u64).await.map_err(|e| fail(tr, crate::error::WebError(e)))?.items;
    let entries: Vec<_> = newest
        .iter()
        .map(|n| {
            let url = format!("{base}/{}/{slug}/news/{}", tr.code(), n.item.slug);
            let body = tr.markdown(&n.item.body);
            EntryBuilder::default()
                .title(Text::plain(tr.text(&n.item.title).text))
                .id(url.clone())
                .updated(n.updated_at.fixed_offset())
                .published(Some(n.item.published_at.fixed_offset()))
                .links(vec![LinkBuilder::default().href(url).rel("alternate").build()])
                .summary(Some(Text::plain(tr.text(&n.item.summary).text)))
                .content(Some(
                    ContentBuilder::default().content_type(Some("html".into())).value(Some(body.html)).build(),
                ))
                .build()
        })
        .collect();
    let updated = newest.iter().map(|n| n.updated_at).max().unwrap_or(p.partnership.updated_at);
    let self_url = format!("{base}/{}/{slug}/news.atom", tr.code());
    let feed = FeedBuilder::default()
        .title(Text::plain(
            tr.ta("page-title", &[("page", &tr.t("news-title")), ("site", &tr.text(&p.partnership.item.name).text)]),
        ))
        .id(self_url.clone())
        .lang(Some(tr.code().to_owned()))
        .updated(updated.fixed_offset())
        .links(vec![
            LinkBuilder::default().href(self_url).rel("self").build(),
            LinkBuilder::default().href(format!("{base}/{}/{slug}/news", tr.code())).rel("alternate").build(),
        ])
        .entries(entries)
        .build();
    let mut response = feed.to_string().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    Ok(response)
}
