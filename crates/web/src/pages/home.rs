//! `/` picks a language; `/{lang}/` lists the instance's partnerships, or goes
//! straight to the one partnership an instance has.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Publication};

use super::{Layout, not_found, render};
use crate::i18n::{Shown, Tr};
use crate::lang::negotiate;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/", get(root)).route("/{top}/", get(index::<S>)).route("/lang/{code}", get(choose))
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

async fn root(headers: HeaderMap) -> Redirect {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = negotiate(cookie(&headers, "lang"), accept);
    Redirect::to(&format!("/{lang}/"))
}

struct Card {
    slug: String,
    name: Shown,
    cities: (Shown, Shown),
    established_year: i32,
    years: String,
    summary: Shown,
}

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    partnerships: Vec<Card>,
}

async fn index<S: WebStore>(State(state): State<AppState<S>>, Path(top): Path<String>, headers: HeaderMap) -> Response {
    let Ok(lang) = top.parse::<Lang>() else {
        // `/{partnership}/` without a language: send the visitor to their language.
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang = negotiate(cookie(&headers, "lang"), accept);
        return match state.store.partnership_by_slug(&top).await {
            Ok(_) => Redirect::to(&format!("/{lang}/{top}/")).into_response(),
            Err(_) => not_found(Tr::new(lang)),
        };
    };
    let tr = Tr::new(lang);
    let result = async {
        let today = (state.clock)().date_naive();
        let partnerships = RecordStore::<Partnership>::list(&state.store).await?;
        let cities = RecordStore::<City>::list(&state.store).await?;
        let published: Vec<_> =
            partnerships.into_iter().filter(|p| p.item.publication == Publication::Published).collect();
        if let [only] = published.as_slice() {
            return Ok(Redirect::to(&format!("/{lang}/{}/", only.item.slug)).into_response());
        }
        let city = |id| cities.iter().find(|c| c.id == id).map(|c| tr.text(&c.item.name)).unwrap_or_default();
        let cards = published
            .iter()
            .map(|p| Card {
                slug: p.item.slug.clone(),
                name: tr.text(&p.item.name),
                cities: (city(p.item.city_a_id), city(p.item.city_b_id)),
                established_year: p.item.established_year,
                years: tr.ta("years-of-friendship", &[("years", &p.item.years(today).to_string())]),
                summary: tr.text(&p.item.summary),
            })
            .collect();
        let layout = Layout::plain(tr, tr.t("home-title"), tr.t("home-intro"), "/".into());
        render(&HomePage { layout, partnerships: cards }, &headers)
    }
    .await;
    result.unwrap_or_else(|e: crate::error::WebError| match e.0 {
        zusterstad_core::Error::NotFound { .. } => not_found(tr),
        _ => e.into_response(),
    })
}

#[derive(serde::Deserialize)]
struct Choice {
    to: Option<String>,
}

/// `/lang/{code}?to=/ja/…`: the language switcher. Remembers the choice in a cookie
/// (so `/` opens in it next time) and goes to the same page in that language.
async fn choose(Path(code): Path<String>, axum::extract::Query(choice): axum::extract::Query<Choice>) -> Response {
    let Ok(lang) = code.parse::<Lang>() else { return not_found(Tr::new(Lang::En)) };
    // Only a path on this site: never `//other.host` or a scheme.
    let to = choice
        .to
        .filter(|t| t.starts_with('/') && !t.starts_with("//") && !t.contains('\\') && !t.contains(['\r', '\n']))
        .unwrap_or_else(|| format!("/{lang}/"));
    let mut response = Redirect::to(&to).into_response();
    let cookie = format!("lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
