//! A new partnership (instance admins): its name and its two cities, chosen from
//! those already in the instance or described here. Coordinators are then given
//! their side on the users page.

use crate::Tr;
use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::partnerships::{City, CityId, NewSide, Partnership};
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

async fn view<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    fields: Fields,
    errors: Vec<(String, String)>,
) -> Result<NewPage, WebError> {
    let tr = ctx.tr();
    // The instance's register of cities (at most two per partnership), by address:
    // only this admin form reads all of it.
    let cities: Vec<Stored<City>> =
        RecordStore::<City>::query(&state.store, &zusterstad_core::query::ListQuery::all().asc("slug")).await?.items;
    Ok(NewPage {
        desk: Desk::new(ctx, tr.t("partnership-new"), "home"),
        cities: cities.iter().map(|c| (c.id.get().to_string(), tr.text(&c.item.name).text)).collect(),
        fields,
        errors,
    })
}

async fn form<S: WebStore>(State(state): State<AppState<S>>, Extension(ctx): Extension<Ctx>) -> Response {
    match view(&state, &ctx, Fields::new(), Vec::new()).await {
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
        return match view(&state, &ctx, fields, errors).await {
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
            match view(state, ctx, fields, errors).await {
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
