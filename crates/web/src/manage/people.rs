//! People and the Supporters Club: the list by cohort, consents with their dates,
//! appointing a participant as ambassador, and each person's export and erasure.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Datelike;
use zusterstad_core::activities::Activity;
use zusterstad_core::audit::Change;
use zusterstad_core::partnerships::City;
use zusterstad_core::people::{Ambassador, AmbassadorStatus, Consent, Consents, Person};
use zusterstad_core::query::{Cond, ListQuery, Paging, Value as QValue};
use zusterstad_core::store::{RecordStore, of_partnership, where_in};
use zusterstad_core::{Error, Id, Localized, Publication, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, not_found, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/{slug}/people", get(list::<S>))
        .route("/manage/{slug}/people/{id}", get(detail::<S>).post(act::<S>))
        .route("/manage/{slug}/people/{id}/export.json", get(export::<S>))
}

fn name(p: &Person) -> String {
    let japanese = p.family_name.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
    if japanese { format!("{} {}", p.family_name, p.given_name) } else { format!("{} {}", p.given_name, p.family_name) }
}

fn consent_text(tr: Tr, c: Option<Consent>) -> String {
    match c {
        Some(Consent { given: true, on }) => tr.ta("people-consent-given", &[("date", &tr.date(on))]),
        Some(Consent { given: false, on }) => tr.ta("people-consent-withdrawn", &[("date", &tr.date(on))]),
        None => tr.t("people-consent-none"),
    }
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub cohorts: String,
    pub profile: String,
}

#[derive(Template)]
#[template(path = "manage/people.html")]
struct ListPage {
    desk: Desk,
    rows: Vec<Row>,
    cohorts: Vec<(String, bool)>,
    pager: Option<crate::pages::Pager>,
    slug: String,
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    let store = &state.store;
    let csv = field(&q, "format") == "csv";
    let cohort = field(&q, "cohort").parse::<i32>().ok();
    let paging = Paging::new(crate::pages::page_number(Some(field(&q, "page"))), PEOPLE_PER_PAGE, 0);
    // The club's members of this partnership (for the cohorts), then one page of its people.
    let members: Vec<Stored<Ambassador>> = match of_partnership(store, p.id).await {
        Ok(m) => m,
        Err(e) => return WebError(e).into_response(),
    };
    let mut years: Vec<i32> = members.iter().map(|a| a.item.cohort_year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut query = ListQuery::of(p.id).asc("family_name").asc("given_name");
    if let Some(c) = cohort {
        let ids = members.iter().filter(|a| a.item.cohort_year == c).map(|a| QValue::Int(a.item.person_id.get()));
        query = query.with(Cond::In("id", ids.collect()));
    }
    let query = if csv { query } else { query.page(paging.page, paging.per_page) };
    let found = match RecordStore::<Person>::query(store, &query).await {
        Ok(found) => found,
        Err(e) => return WebError(e).into_response(),
    };
    let paging = Paging { total: found.total, ..paging };
    let rows = found
        .items
        .iter()
        .map(|person| {
            let mine: Vec<&Stored<Ambassador>> = members.iter().filter(|a| a.item.person_id == person.id).collect();
            Row {
                href: format!("/manage/{}/people/{}", p.item.slug, person.id.get()),
                name: name(&person.item),
                cohorts: mine.iter().map(|a| a.item.cohort_year.to_string()).collect::<Vec<_>>().join(", "),
                profile: consent_text(tr, person.item.consents.publish_profile),
            }
        })
        .collect::<Vec<Row>>();
    if csv {
        let mut table = vec![vec![tr.t("users-name"), tr.t("people-cohort"), tr.t("people-consent-publish_profile")]];
        table.extend(rows.iter().map(|r| vec![r.name.clone(), r.cohorts.clone(), r.profile.clone()]));
        return crate::csv_out::csv_response(&table, &format!("{}-people.csv", p.item.slug));
    }
    page(&ListPage {
        desk: Desk::new(&ctx, tr.t("people-title"), "people"),
        rows,
        cohorts: years.iter().map(|y| (y.to_string(), Some(*y) == cohort)).collect(),
        pager: crate::pages::pager(
            tr,
            &format!("/manage/{}/people", p.item.slug),
            &[("cohort", cohort.map(|c| c.to_string()).unwrap_or_default())],
            &paging,
        ),
        slug: p.item.slug.clone(),
    })
}

/// People on one page of the workspace's list.
const PEOPLE_PER_PAGE: u64 = 50;

#[derive(Template)]
#[template(path = "manage/person.html")]
struct PersonPage {
    desk: Desk,
    name: String,
    email: String,
    consents: Vec<(&'static str, String, bool, String)>,
    memberships: Vec<String>,
    cities: Vec<(String, String, bool)>,
    activities: Vec<(String, String)>,
    year: i32,
    export: String,
    people: String,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

async fn load<S: WebStore>(state: &AppState<S>, ctx: &Ctx, id: &str) -> Result<Stored<Person>, Response> {
    let Some(p) = &ctx.partnership else { return Err(forbidden(ctx)) };
    let Ok(id) = id.parse::<i64>() else { return Err(not_found(ctx)) };
    match RecordStore::<Person>::get(&state.store, Id::new(id)).await {
        Ok(person) if person.item.partnership_id == p.id => Ok(person),
        Ok(_) | Err(Error::NotFound { .. }) => Err(not_found(ctx)),
        Err(e) => Err(WebError(e).into_response()),
    }
}

/// The exchanges offered when appointing a member of the club: the latest ones.
const EXCHANGES_TO_CHOOSE: u64 = 200;

async fn person_page<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    person: &Stored<Person>,
    errors: Vec<(String, String)>,
    notice: Option<String>,
) -> Result<PersonPage, WebError> {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return Err(WebError(Error::Forbidden)) };
    let ambassadors: Vec<Stored<Ambassador>> = where_in(&state.store, "person_id", [person.id.get()]).await?;
    let a: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_a_id).await?;
    let b: Stored<City> = RecordStore::<City>::get(&state.store, p.item.city_b_id).await?;
    let activities: Vec<Stored<Activity>> =
        RecordStore::<Activity>::query(&state.store, &ListQuery::of(p.id).desc("starts_on").limit(EXCHANGES_TO_CHOOSE))
            .await?
            .items;
    let c = person.item.consents;
    let base = format!("/manage/{}/people/{}", p.item.slug, person.id.get());
    Ok(PersonPage {
        desk: Desk::new(ctx, name(&person.item), "people"),
        name: name(&person.item),
        email: person.item.email.clone().unwrap_or_default(),
        consents: [("publish_profile", c.publish_profile), ("photos", c.photos), ("contact", c.contact)]
            .into_iter()
            .map(|(k, v)| {
                (k, tr.word(crate::words::Word::PeopleConsent, k), v.is_some_and(|c| c.given), consent_text(tr, v))
            })
            .collect(),
        memberships: ambassadors
            .iter()
            .filter(|x| x.item.person_id == person.id)
            .map(|x| {
                let city = if x.item.home_city_id == a.id { &a } else { &b };
                tr.ta(
                    "people-membership",
                    &[("year", &x.item.cohort_year.to_string()), ("city", &tr.text(&city.item.name).text)],
                )
            })
            .collect(),
        cities: [&a, &b]
            .iter()
            .map(|c| (c.id.get().to_string(), tr.text(&c.item.name).text, person.item.city_id == Some(c.id)))
            .collect(),
        activities: activities
            .iter()
            .map(|x| (x.id.get().to_string(), format!("{} ({})", tr.text(&x.item.title).text, x.item.starts_on.year())))
            .collect(),
        year: (state.clock)().year(),
        export: format!("{base}/export.json"),
        people: format!("/manage/{}/people", p.item.slug),
        errors,
        notice,
    })
}

async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, id)): Path<(String, String)>,
    Query(q): Query<Fields>,
) -> Response {
    let person = match load(&state, &ctx, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let notice = match field(&q, "saved") {
        "" => None,
        what => Some(
            ctx.tr()
                .word(crate::words::Word::PeopleSaved, if what == "ambassador" { "ambassador" } else { "consents" }),
        ),
    };
    match person_page(&state, &ctx, &person, Vec::new(), notice).await {
        Ok(p) => page(&p),
        Err(e) => e.into_response(),
    }
}

async fn act<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let person = match load(&state, &ctx, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = (state.clock)();
    let change = Change::by_user(account.id(), now);
    let base = format!("/manage/{slug}/people/{}", person.id.get());
    let mut errors = Vec::new();
    match field(&fields, "action") {
        "consents" => {
            let today = now.date_naive();
            let set = |old: Option<Consent>, name: &str| {
                let given = field(&fields, name) == "yes";
                match old {
                    Some(c) if c.given == given => Some(c),
                    None if !given => None,
                    _ => Some(Consent { given, on: today }),
                }
            };
            let c = person.item.consents;
            let consents = Consents {
                publish_profile: set(c.publish_profile, "publish_profile"),
                photos: set(c.photos, "photos"),
                contact: set(c.contact, "contact"),
            };
            let item = Person { consents, ..person.item.clone() };
            match RecordStore::<Person>::update(&state.store, &change, person.id, person.version, item).await {
                Ok(_) | Err(Error::Conflict(_)) => {
                    state.pages.changed();
                    return Redirect::to(&format!("{base}?saved=consents")).into_response();
                }
                Err(e) => return WebError(e).into_response(),
            }
        }
        "appoint" => {
            let year = field(&fields, "cohort_year").trim().parse::<i32>().ok().filter(|y| (1971..=2200).contains(y));
            let city = field(&fields, "home_city_id").parse::<i64>().ok().map(Id::new).filter(|c| p.item.has_city(*c));
            let activity = field(&fields, "activity_id").parse::<i64>().ok().map(Id::new);
            if year.is_none() {
                errors.push(("cohort_year".to_owned(), tr.t("people-error-year")));
            }
            if city.is_none() {
                errors.push(("home_city_id".to_owned(), tr.t("desk-error-choose")));
            }
            if let (Some(year), Some(city)) = (year, city) {
                let ambassador = Ambassador {
                    partnership_id: p.id,
                    person_id: person.id,
                    cohort_year: year,
                    home_city_id: city,
                    activity_id: activity,
                    status: AmbassadorStatus::Active,
                    profile: Localized::default(),
                    publication: Publication::Published,
                    example: false,
                };
                match RecordStore::<Ambassador>::create(&state.store, &change, ambassador).await {
                    Ok(_) => {
                        state.pages.changed();
                        return Redirect::to(&format!("{base}?saved=ambassador")).into_response();
                    }
                    Err(Error::Invalid { fields }) => {
                        errors.extend(fields.into_iter().map(|f| (f.field.clone(), tr.field_problem(&f))));
                    }
                    Err(e) => return WebError(e).into_response(),
                }
            }
        }
        "erase" => {
            if field(&fields, "confirm") != "yes" {
                errors.push(("confirm".to_owned(), tr.t("people-error-confirm")));
            } else {
                return match state.store.erase_person(&change, person.id).await {
                    Ok(()) => {
                        state.pages.changed();
                        Redirect::to(&format!("/manage/{slug}/people?erased=1")).into_response()
                    }
                    Err(e) => WebError(e).into_response(),
                };
            }
        }
        _ => errors.push(("action".to_owned(), tr.t("desk-error-choose"))),
    }
    match person_page(&state, &ctx, &person, errors, None).await {
        Ok(view) => {
            let mut r = page(&view);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => e.into_response(),
    }
}

/// Everything stored about the person, as a JSON download (logged).
async fn export<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let person = match load(&state, &ctx, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let change = Change::by_user(account.id(), (state.clock)());
    match state.store.export_person(&change, person.id).await {
        Ok(json) => {
            let body = serde_json::to_string_pretty(&json).unwrap_or_default();
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"person-{}.json\"", person.id.get())) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(e) => WebError(e).into_response(),
    }
}
