//! An ambassador keeps their own Supporters Club profile: the text in nl / ja / en
//! and whether it is public. Nothing else, and nobody else's.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::people::{Ambassador, Consent, Person};
use zusterstad_core::store::RecordStore;
use zusterstad_core::users::Role;
use zusterstad_core::{Error, Lang, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, page};
use crate::error::WebError;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/profile", get(show::<S>).post(save::<S>))
}

#[derive(Template)]
#[template(path = "manage/profile.html")]
struct ProfilePage {
    desk: Desk,
    name: String,
    cells: Vec<(&'static str, String, String)>,
    public: bool,
    notice: Option<String>,
}

async fn own<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
) -> Result<Option<(Stored<Person>, Stored<Ambassador>)>, WebError> {
    let Some(account) = &ctx.account else { return Ok(None) };
    let Some(person_id) =
        account.principal.grants.iter().find(|g| g.role == Role::Ambassador).and_then(|g| g.person_id)
    else {
        return Ok(None);
    };
    let person: Stored<Person> = RecordStore::<Person>::get(&state.store, person_id).await?;
    let membership = zusterstad_core::store::where_in::<Ambassador, _>(&state.store, "person_id", [person_id.get()])
        .await?
        .into_iter()
        .max_by_key(|a| a.item.cohort_year);
    Ok(membership.map(|m| (person, m)))
}

fn view(ctx: &Ctx, person: &Stored<Person>, m: &Stored<Ambassador>, notice: Option<String>) -> ProfilePage {
    let tr = ctx.tr();
    ProfilePage {
        desk: Desk::new(ctx, tr.t("profile-title"), "profile"),
        name: format!("{} {}", person.item.given_name, person.item.family_name),
        cells: Lang::ALL
            .iter()
            .map(|l| (l.code(), tr.word(crate::words::Word::LangName, l.code()), m.item.profile.get(*l).value.clone()))
            .collect(),
        public: person.item.consents.may_publish_profile(),
        notice,
    }
}

async fn show<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    match own(&state, &ctx).await {
        Ok(Some((person, m))) => {
            let notice = (field(&q, "saved") == "1").then(|| ctx.tr().t("records-saved"));
            page(&view(&ctx, &person, &m, notice))
        }
        Ok(None) => forbidden(&ctx),
        Err(e) => e.into_response(),
    }
}

async fn save<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Form(fields): Form<Fields>,
) -> Response {
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let (person, m) = match own(&state, &ctx).await {
        Ok(Some(x)) => x,
        Ok(None) => return forbidden(&ctx),
        Err(e) => return e.into_response(),
    };
    let now = (state.clock)();
    let change = Change::by_user(account.id(), now);
    let mut item = m.item.clone();
    for lang in Lang::ALL {
        if let Some(v) = fields.get(&format!("profile_{}", lang.code())) {
            item.profile.edit(lang, v.replace("\r\n", "\n").trim_end().to_owned());
        }
    }
    let public = field(&fields, "public") == "yes";
    let result = RecordStore::<Ambassador>::update(&state.store, &change, m.id, m.version, item).await;
    let result = match result {
        Ok(_) if public != person.item.consents.may_publish_profile() => {
            let mut p = person.item.clone();
            p.consents.publish_profile = Some(Consent { given: public, on: now.date_naive() });
            RecordStore::<Person>::update(&state.store, &change, person.id, person.version, p).await.map(|_| ())
        }
        other => other.map(|_| ()),
    };
    match result {
        Ok(()) => {
            state.pages.changed();
            Redirect::to("/manage/profile?saved=1").into_response()
        }
        Err(Error::Invalid { .. }) | Err(Error::Conflict(_)) => {
            let mut r = page(&view(&ctx, &person, &m, Some(ctx.tr().t("profile-not-saved"))));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => WebError(e).into_response(),
    }
}
