//! The public portal's entry: `/` picks a language, `/{lang}/` lists the
//! partnerships of the instance. The full portal grows from here.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Localized, Publication};

use crate::error::WebError;
use crate::lang::negotiate;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/", get(root)).route("/{lang}/", get(index::<S>))
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
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

/// Interface texts of this page (the message catalogues come with the portal).
struct Texts {
    title: &'static str,
    intro: &'static str,
    since: &'static str,
    years: &'static str,
    empty: &'static str,
    languages: &'static str,
}

fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Nl => Texts {
            title: "Zusterstad",
            intro: "De stedenbanden van deze stad, gedeeld door beide stadhuizen.",
            since: "zustersteden sinds",
            years: "jaar",
            empty: "Er zijn nog geen stedenbanden gepubliceerd.",
            languages: "Talen",
        },
        Lang::Ja => Texts {
            title: "Zusterstad（姉妹都市）",
            intro: "両市の市役所が共に記録する姉妹都市交流のページです。",
            since: "姉妹都市提携",
            years: "年",
            empty: "公開されている姉妹都市はまだありません。",
            languages: "言語",
        },
        Lang::En => Texts {
            title: "Zusterstad",
            intro: "The sister-city partnerships of this city, kept by both city halls.",
            since: "sister cities since",
            years: "years",
            empty: "No partnership has been published yet.",
            languages: "Languages",
        },
    }
}

struct Shown {
    text: String,
    /// Set when the text is shown in another language than the page's.
    lang: Option<&'static str>,
}

fn show(text: &Localized, page: Lang) -> Shown {
    match text.resolve(page) {
        Some((shown, value)) => Shown { text: value.clone(), lang: (shown != page).then_some(shown.code()) },
        None => Shown { text: String::new(), lang: None },
    }
}

struct PartnershipCard {
    name: Shown,
    cities: (Shown, Shown),
    established_year: i32,
    years: i32,
    summary: Shown,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    lang: &'static str,
    t: Texts,
    partnerships: Vec<PartnershipCard>,
    alternates: Vec<(&'static str, &'static str)>,
}

async fn index<S: WebStore>(State(state): State<AppState<S>>, Path(lang): Path<String>) -> Result<Response, WebError> {
    let Ok(lang) = lang.parse::<Lang>() else {
        return Ok((axum::http::StatusCode::NOT_FOUND, "Not found").into_response());
    };
    let today = (state.clock)().date_naive();
    let partnerships = RecordStore::<Partnership>::list(&state.store).await?;
    let cities = RecordStore::<City>::list(&state.store).await?;
    let city_name = |id| {
        cities
            .iter()
            .find(|c| c.id == id)
            .map_or(Shown { text: String::new(), lang: None }, |c| show(&c.item.name, lang))
    };
    let cards = partnerships
        .iter()
        .filter(|p| p.item.publication == Publication::Published)
        .map(|p| PartnershipCard {
            name: show(&p.item.name, lang),
            cities: (city_name(p.item.city_a_id), city_name(p.item.city_b_id)),
            established_year: p.item.established_year,
            years: p.item.years(today),
            summary: show(&p.item.summary, lang),
        })
        .collect();
    let page = IndexPage {
        lang: lang.code(),
        t: texts(lang),
        partnerships: cards,
        alternates: vec![("nl", "Nederlands"), ("ja", "日本語"), ("en", "English")],
    };
    Ok(Html(page.render()?).into_response())
}
