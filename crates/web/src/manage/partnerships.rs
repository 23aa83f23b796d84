//! A new partnership (instance admins): its name and its two cities, chosen from
//! those already in the instance or described here. Coordinators are then given
//! their side on the users page.

use crate::Tr;
use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::partnerships::{City, CityId, NewSide, Partnership};
use zusterstad_core::query::{Cond, ListQuery};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Lang, Localized, Publication, Record, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, page};
use crate::error::WebError;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/partnerships/new", get(form::<S>).post(create::<S>))
}

#[derive(Template)]
#[template(path = "manage/partnership_new.html")]
struct NewPage {
    desk: Desk,
    cities: Vec<(String, String)>,
    /// The words searched for in the city register, and how many cities match.
    search: String,
    more: Option<String>,
    fields: Fields,
    errors: Vec<(String, String)>,
}

impl NewPage {
    fn value(&self, name: &str) -> &str {
        field(&self.fields, name)
    }
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
}

/// Cities of the register offered on the form at once; a search finds the others.
const CITY_CHOICES: u64 = 50;

async fn view<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    fields: Fields,
    errors: Vec<(String, String)>,
    search: &str,
) -> Result<NewPage, WebError> {
    let tr = ctx.tr();
    // The instance's register of cities (up to two per partnership): the first by
    // address, or those the search finds, and the ones already chosen.
    let mut query = ListQuery::all().asc("slug").page(1, CITY_CHOICES);
    let words = search.trim();
    if !words.is_empty() {
        query = query.with(Cond::Any(vec![
            Cond::Contains("slug", words.to_owned()),
            Cond::Contains("name", words.to_owned()),
            Cond::Contains("native_name", words.to_owned()),
            Cond::Contains("romaji", words.to_owned()),
        ]));
    }
    let found = RecordStore::<City>::query(&state.store, &query).await?;
    let mut cities: Vec<Stored<City>> = found.items;
    let chosen: Vec<i64> = ["a_city", "b_city"].iter().filter_map(|f| field(&fields, f).parse().ok()).collect();
    for city in zusterstad_core::store::by_ids::<City, S>(&state.store, chosen).await? {
        if !cities.iter().any(|c| c.id == city.id) {
            cities.push(city);
        }
    }
    let more = (found.total > CITY_CHOICES).then(|| {
        tr.ta("partnership-city-more", &[("shown", &CITY_CHOICES.to_string()), ("n", &found.total.to_string())])
    });
    Ok(NewPage {
        desk: Desk::new(ctx, tr.t("partnership-new"), "home"),
        cities: cities.iter().map(|c| (c.id.get().to_string(), city_choice(tr, c))).collect(),
        search: words.to_owned(),
        more,
        fields,
        errors,
    })
}

/// A city as offered: its name, its own name and its country, so that two cities of
/// the same name can be told apart.
fn city_choice(tr: Tr, c: &Stored<City>) -> String {
    format!("{} ({}, {})", tr.text(&c.item.name).text, c.item.native_name, c.item.country)
}

async fn form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let search = q.get("city").map(String::as_str).unwrap_or_default();
    match view(&state, &ctx, Fields::new(), Vec::new(), search).await {
        Ok(v) => page(&v),
        Err(e) => e.into_response(),
    }
}

fn texts(fields: &Fields, prefix: &str) -> Localized {
    let mut t = Localized::default();
    for lang in Lang::ALL {
        t.edit(lang, field(fields, &format!("{prefix}_{}", lang.code())).trim().to_owned());
    }
    t
}

/// Side `a` or `b`: an existing city, or a new one described in the form.
fn side(tr: Tr, fields: &Fields, s: &str, errors: &mut Vec<(String, String)>) -> Option<NewSide> {
    let chosen = field(fields, &format!("{s}_city"));
    if let Ok(id) = chosen.parse::<i64>() {
        return Some(NewSide::Existing(Id::new(id)));
    }
    let f = |name: &str| field(fields, &format!("{s}_{name}")).trim().to_owned();
    let number = |name: &str, errors: &mut Vec<(String, String)>| match f(name).replace(',', ".").parse::<f64>() {
        Ok(n) => n,
        Err(_) => {
            errors.push((format!("{s}_{name}"), tr.t("records-error-number")));
            0.0
        }
    };
    let city = City {
        slug: f("slug"),
        name: texts(fields, &format!("{s}_name")),
        native_name: f("native_name"),
        native_reading: None,
        romaji: None,
        country: f("country").to_uppercase(),
        time_zone: f("time_zone"),
        latitude: number("latitude", errors),
        longitude: number("longitude", errors),
        founded_year: None,
        population: None,
        description: Localized::default(),
        facts: Vec::new(),
        mail_signature: None,
    };
    if let Err(Error::Invalid { fields }) = city.validate() {
        errors.extend(
            fields
                .into_iter()
                .map(|p| (format!("{s}_{}", p.field.split('.').next().unwrap_or_default()), tr.field_problem(&p))),
        );
    }
    Some(NewSide::New(Box::new(city)))
}

async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Form(fields): Form<Fields>,
) -> Response {
    let Some(admin) = &ctx.account else { return forbidden(&ctx) };
    let mut errors = Vec::new();
    let tr = ctx.tr();
    let a = side(tr, &fields, "a", &mut errors);
    let b = side(tr, &fields, "b", &mut errors);
    let year = field(&fields, "established_year").trim().parse::<i32>();
    if year.is_err() {
        errors.push(("established_year".into(), ctx.tr().t("records-error-whole-number")));
    }
    let draft = |a: CityId, b: CityId| Partnership {
        slug: field(&fields, "slug").trim().to_owned(),
        name: texts(&fields, "name"),
        city_a_id: a,
        city_b_id: b,
        established_year: *year.as_ref().unwrap_or(&0),
        established_on: None,
        summary: Localized::default(),
        description: Localized::default(),
        focus_areas: Vec::new(),
        sdgs: Vec::new(),
        expiry_window_days: 365,
        publication: Publication::Draft,
        contact: None,
        privacy: None,
        accessibility: None,
    };
    // Everything is checked before anything is written.
    if let Err(Error::Invalid { fields: problems }) = draft(Id::new(1), Id::new(2)).validate() {
        errors.extend(
            problems
                .into_iter()
                .filter(|p| !p.field.starts_with("city_"))
                .map(|p| (p.field.split('.').next().unwrap_or_default().to_owned(), tr.field_problem(&p))),
        );
    }
    let (Some(a), Some(b), true) = (a, b, errors.is_empty()) else {
        return match view(&state, &ctx, fields, errors, "").await {
            Ok(v) => {
                let mut r = page(&v);
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => e.into_response(),
        };
    };
    let change = Change::by_user(admin.id(), (state.clock)());
    let partnership = draft(Id::new(0), Id::new(0));
    let slug = partnership.slug.clone();
    match state.store.create_partnership(&change, a, b, partnership).await {
        Ok(_) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{slug}")).into_response()
        }
        Err(e) => failed(&state, &ctx, fields, e).await,
    }
}

async fn failed<S: WebStore>(state: &AppState<S>, ctx: &Ctx, fields: Fields, e: Error) -> Response {
    let tr = ctx.tr();
    match e {
        Error::Invalid { fields: problems } => {
            let errors = problems.into_iter().map(|p| (p.field.clone(), tr.field_problem(&p))).collect();
            match view(state, ctx, fields, errors, "").await {
                Ok(v) => {
                    let mut r = page(&v);
                    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    r
                }
                Err(e) => e.into_response(),
            }
        }
        other => WebError(other).into_response(),
    }
}
