//! An event's registrations in the workspace: the list, a CSV export, a message to
//! everyone registered, and moving people up from the waiting list.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::events::Event;
use zusterstad_core::registrations::{EventRegistration, Mail, RegistrationStatus};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Stored};

use super::{Ctx, Desk, Fields, field, forbidden, not_found, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/{slug}/events/{id}/registrations", get(list::<S>).post(act::<S>))
        .route("/manage/{slug}/events/{id}/registrations.csv", get(csv::<S>))
}

fn status_code(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Confirmed => "confirmed",
        RegistrationStatus::Waiting => "waiting",
        RegistrationStatus::Cancelled => "cancelled",
        RegistrationStatus::Unconfirmed => "unconfirmed",
    }
}

async fn load<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    id: &str,
) -> Result<(Stored<Event>, Vec<Stored<EventRegistration>>), Response> {
    let Some(p) = &ctx.partnership else { return Err(forbidden(ctx)) };
    let Ok(id) = id.parse::<i64>() else { return Err(not_found(ctx)) };
    let event = match RecordStore::<Event>::get(&state.store, Id::new(id)).await {
        Ok(e) if e.item.partnership_id == p.id => e,
        Ok(_) | Err(Error::NotFound { .. }) => return Err(not_found(ctx)),
        Err(e) => return Err(WebError(e).into_response()),
    };
    match state.store.registrations(event.id).await {
        Ok(r) => Ok((event, r)),
        Err(e) => Err(WebError(e).into_response()),
    }
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: String,
    pub waiting: bool,
    pub at: String,
}

#[derive(Template)]
#[template(path = "manage/registrations.html")]
struct ListPage {
    desk: Desk,
    title: String,
    event_href: String,
    csv_href: String,
    rows: Vec<Row>,
    confirmed: usize,
    waiting: usize,
    capacity: String,
    form: Fields,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

impl ListPage {
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

fn view(
    ctx: &Ctx,
    event: &Stored<Event>,
    regs: &[Stored<EventRegistration>],
    form: Fields,
    errors: Vec<(String, String)>,
    notice: Option<String>,
) -> ListPage {
    let tr = ctx.tr();
    let slug = ctx.partnership.as_ref().map(|p| p.item.slug.clone()).unwrap_or_default();
    let base = format!("/manage/{slug}/events/{}", event.id.get());
    let count = |s| regs.iter().filter(|r| r.item.status == s).count();
    ListPage {
        desk: Desk::new(ctx, tr.t("registrations-title"), "events"),
        title: tr.text(&event.item.title).text,
        csv_href: format!("{base}/registrations.csv"),
        event_href: base,
        rows: regs
            .iter()
            .map(|r| Row {
                id: r.id.get(),
                name: r.item.name.clone(),
                email: r.item.email.clone(),
                status: tr.word(crate::words::Word::RegistrationStatus, status_code(r.item.status)),
                waiting: r.item.status == RegistrationStatus::Waiting,
                at: tr.moment(r.created_at, event.item.time_zone.parse().unwrap_or(chrono_tz::UTC)),
            })
            .collect(),
        confirmed: count(RegistrationStatus::Confirmed),
        waiting: count(RegistrationStatus::Waiting),
        capacity: event
            .item
            .registration
            .and_then(|r| r.capacity)
            .map(|c| c.to_string())
            .unwrap_or_else(|| tr.t("registrations-no-limit")),
        form,
        errors,
        notice,
    }
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    match load(&state, &ctx, &id).await {
        Ok((event, regs)) => page(&view(&ctx, &event, &regs, Fields::new(), Vec::new(), None)),
        Err(r) => r,
    }
}

async fn csv<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, id)): Path<(String, String)>,
) -> Response {
    let tr = ctx.tr();
    let (event, regs) = match load(&state, &ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut rows = vec![
        [
            "registrations-col-name",
            "login-email",
            "desk-col-status",
            "registrations-col-at",
            "registrations-col-language",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect::<Vec<_>>(),
    ];
    for r in &regs {
        rows.push(vec![
            r.item.name.clone(),
            r.item.email.clone(),
            tr.word(crate::words::Word::RegistrationStatus, status_code(r.item.status)),
            r.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            r.item.language.code().to_owned(),
        ]);
    }
    crate::csv_out::csv_response(&rows, &format!("{slug}-event-{}-registrations.csv", event.id.get()))
}

/// `action=promote&registration=ID`: moves one person up from the waiting list
/// (the coordinator decides, even beyond the capacity) and tells them.
/// `action=message`: writes to everyone registered (and, if chosen, the waiting list).
async fn act<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let (event, regs) = match load(&state, &ctx, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let base = format!("/manage/{slug}/events/{}/registrations", event.id.get());
    let change = Change::by_user(account.id(), (state.clock)());
    match field(&fields, "action") {
        "promote" => {
            let wanted = field(&fields, "registration").parse::<i64>().ok();
            let Some(r) =
                regs.iter().find(|r| Some(r.id.get()) == wanted && r.item.status == RegistrationStatus::Waiting)
            else {
                return Redirect::to(&base).into_response();
            };
            let p = match state.portal(&slug).await {
                Ok(p) => p,
                Err(e) => return e.into_response(),
            };
            let url = state.base_url(&headers);
            // The mail is queued with the move: both commit, or neither.
            let mail = |moved: &Stored<EventRegistration>| {
                crate::pages::registrations::mail_to(&url, &p, &event.item, &moved.item, "promoted")
            };
            match state.store.confirm_waiting(&change, r.id, r.version, Some(&mail)).await {
                Ok(_) => {
                    state.pages.changed();
                    crate::outbox::deliver_due(&state).await;
                    Redirect::to(&format!("{base}?moved=1")).into_response()
                }
                Err(Error::Conflict(_)) => Redirect::to(&base).into_response(),
                Err(e) => WebError(e).into_response(),
            }
        }
        "message" => {
            let subject = field(&fields, "subject").trim().to_owned();
            let body = field(&fields, "body").trim().replace("\r\n", "\n");
            let mut errors = Vec::new();
            if subject.is_empty() || subject.chars().count() > 200 || subject.contains(['\n', '\r']) {
                errors.push(("subject".to_owned(), tr.t("registrations-error-subject")));
            }
            if body.is_empty() {
                errors.push(("body".to_owned(), tr.t("registrations-error-body")));
            }
            if !errors.is_empty() {
                let mut r = page(&view(&ctx, &event, &regs, fields, errors, None));
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                return r;
            }
            let with_waiting = field(&fields, "waiting") == "yes";
            let mut mails = Vec::new();
            for r in regs.iter().filter(|r| {
                r.item.status == RegistrationStatus::Confirmed
                    || (with_waiting && r.item.status == RegistrationStatus::Waiting)
            }) {
                let their = Tr::new(r.item.language);
                let link = format!("{}/{}/cancel/{}", state.base_url(&headers), their.code(), r.item.cancel_token);
                let footer = their.ta("registrations-message-footer", &[("link", &link)]);
                let mail = Mail {
                    to: r.item.email.clone(),
                    subject: subject.clone(),
                    body: format!("{body}\n\n-- \n{footer}"),
                };
                mails.push((Some(event.item.partnership_id), mail));
            }
            let sent = mails.len();
            if let Err(e) = state.store.enqueue_mails(mails, (state.clock)()).await {
                return WebError(e).into_response();
            }
            crate::outbox::deliver_due(&state).await;
            let notice = Some(tr.ta("registrations-sent", &[("count", &sent.to_string())]));
            page(&view(&ctx, &event, &regs, Fields::new(), Vec::new(), notice))
        }
        _ => Redirect::to(&base).into_response(),
    }
}
