//! `/` picks a language; `/{lang}/` lists the instance's partnerships, or goes
//! straight to the one partnership an instance has.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::partnerships::{City, FocusArea, Partnership};
use zusterstad_core::query::{Cond, ListQuery, Paging, Value};
use zusterstad_core::store::{RecordStore, by_ids};
use zusterstad_core::{Lang, Publication, Stored};

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
    since: String,
    years: String,
    summary: Shown,
}

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    partnerships: Vec<Card>,
    words: String,
    themes: Vec<super::activities::Choice>,
    count: String,
    pager: Option<super::Pager>,
    filtered: bool,
    /// The map of every partnership, on the unfiltered home.
    show_map: bool,
    tiles: String,
    attribution: String,
}

/// The home's filter, as typed in the address bar; anything unknown is ignored.
#[derive(serde::Deserialize, Default)]
struct Filter {
    q: Option<String>,
    theme: Option<String>,
    page: Option<String>,
}

fn query_is_plain(f: &Filter) -> bool {
    f.q.as_deref().is_none_or(|q| q.trim().is_empty()) && f.theme.as_deref().is_none_or(str::is_empty)
}

/// Partnerships on one page of the instance's home.
const PER_PAGE: u64 = 24;

async fn index<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(top): Path<String>,
    axum::extract::Query(filter): axum::extract::Query<Filter>,
    headers: HeaderMap,
) -> Response {
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
        let store = &state.store;
        let published = || ListQuery::all().publication(&[Publication::Published]);
        // One published partnership: the instance is that partnership's site.
        let first_two = RecordStore::<Partnership>::query(store, &published().asc("slug").limit(2)).await?;
        if let [only] = first_two.items.as_slice() {
            return Ok(Redirect::to(&format!("/{lang}/{}/", only.item.slug)).into_response());
        }
        // A filter by words (partnership, city or country) and by theme, read in SQL.
        let words: String = filter.q.as_deref().unwrap_or_default().trim().chars().take(100).collect();
        let theme = FocusArea::ALL.into_iter().find(|f| Some(super::activities::code(*f)) == filter.theme);
        let mut query = published().asc("slug");
        if !words.is_empty() {
            let cities = RecordStore::<City>::query(
                store,
                &ListQuery::all().with(Cond::Any(vec![
                    Cond::Contains("slug", words.clone()),
                    Cond::Contains("name", words.clone()),
                    Cond::Contains("native_name", words.clone()),
                    Cond::Eq("country", Value::Text(words.to_uppercase())),
                ])),
            )
            .await?
            .items;
            let ids = || cities.iter().map(|c| Value::Int(c.id.get())).collect::<Vec<_>>();
            query = query.with(Cond::Any(vec![
                Cond::Contains("slug", words.clone()),
                Cond::Contains("name", words.clone()),
                Cond::In("city_a_id", ids()),
                Cond::In("city_b_id", ids()),
            ]));
        }
        if let Some(f) = theme {
            query = query.with(Cond::Contains("focus_areas", format!("\"{}\"", super::activities::code(f))));
        }
        let paging = Paging::new(super::page_number(filter.page.as_deref()), PER_PAGE, 0);
        let found = RecordStore::<Partnership>::query(store, &query.page(paging.page, PER_PAGE)).await?;
        let paging = Paging { total: found.total, ..paging };
        let cities: Vec<Stored<City>> =
            by_ids(store, found.items.iter().flat_map(|p| [p.item.city_a_id.get(), p.item.city_b_id.get()])).await?;
        let city = |id| cities.iter().find(|c| c.id == id).map(|c| tr.text(&c.item.name)).unwrap_or_default();
        let cards = found
            .items
            .iter()
            .map(|p| Card {
                slug: p.item.slug.clone(),
                name: tr.text(&p.item.name),
                cities: (city(p.item.city_a_id), city(p.item.city_b_id)),
                since: tr.ta("home-since", &[("year", &p.item.established_year.to_string())]),
                years: tr.ta("years-of-friendship", &[("years", &p.item.years(today).to_string())]),
                summary: tr.text(&p.item.summary),
            })
            .collect();
        let theme_code = theme.map(super::activities::code).unwrap_or_default();
        let pager = super::pager(
            tr,
            &format!("/{lang}/"),
            &[("q", crate::manage::urlencode(&words)), ("theme", theme_code.clone())],
            &paging,
        );
        let themes = FocusArea::ALL
            .iter()
            .map(|f| {
                super::activities::Choice::new(
                    super::activities::code(*f),
                    super::activities::focus_label(tr, *f),
                    Some(*f) == theme,
                )
            })
            .collect();
        let mut layout = Layout::plain(tr, tr.t("home-title"), tr.t("home-intro"), "/".into());
        let show_map = query_is_plain(&filter) && paging.page == 1 && found.total > 0;
        if show_map {
            layout.scripts = vec![crate::assets::url("leaflet.js"), crate::assets::url("map.js")];
        }
        let count = tr.ta("home-count", &[("n", &tr.number(found.total as i64))]);
        render(
            &HomePage {
                layout,
                partnerships: cards,
                words,
                themes,
                count,
                pager,
                filtered: !query_is_plain(&filter),
                show_map,
                tiles: state.tiles.url.clone(),
                attribution: state.tiles.attribution.clone(),
            },
            &headers,
        )
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
