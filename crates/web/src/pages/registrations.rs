//! Registering for an event from its page, and cancelling by the link in the mail.
//! Bad input shows the form again with a message per field and registers nothing.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::events::Event;
use zusterstad_core::portal::Portal;
use zusterstad_core::registrations::{
    EventRegistration, Mail, RegistrationForm, RegistrationStatus, check_form, places_left,
};

use zusterstad_core::{Error, Id, Lang, Stored};

use super::{Layout, context, event_date, event_times, fail, not_found};
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/{top}/cancel/{token}", get(cancel_page::<S>).post(cancel::<S>))
}

/// The registration part of an event page.
#[derive(Default)]
pub struct FormView {
    pub open: bool,
    pub status_note: Option<String>,
    pub notice: Option<String>,
    pub name: String,
    pub email: String,
    pub consent: bool,
    pub errors: Vec<(&'static str, String)>,
}

impl FormView {
    pub fn error(&self, field: &str) -> Option<&String> {
        self.errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }
}

/// How registration stands for `event` now, for the form.
pub async fn form_view<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    event: &Stored<Event>,
    notice: Option<&str>,
) -> Result<Option<FormView>, Response> {
    let Some(rules) = &event.item.registration else { return Ok(None) };
    let now = (state.clock)();
    let mut view = FormView::default();
    if now >= event.item.starts_at || rules.deadline.is_some_and(|d| now > d) {
        view.status_note = Some(tr.t("reg-closed"));
        return Ok(Some(view));
    }
    let existing: Vec<EventRegistration> = state
        .store
        .registrations(event.id)
        .await
        .map_err(|e| fail(tr, e.into()))?
        .into_iter()
        .map(|r| r.item)
        .collect();
    view.open = true;
    match places_left(&event.item, &existing) {
        Some(0) if rules.waiting_list => view.status_note = Some(tr.t("reg-full-waiting")),
        Some(0) => {
            view.open = false;
            view.status_note = Some(tr.t("reg-full"));
        }
        Some(n) => view.status_note = Some(tr.ta("reg-places-left", &[("n", &n.to_string())])),
        None => {}
    }
    view.notice = match notice {
        Some("confirmed") => Some(tr.t("reg-done-confirmed")),
        Some("waiting") => Some(tr.t("reg-done-waiting")),
        _ => None,
    };
    Ok(Some(view))
}

fn token(bytes: [u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses a form posted from another site (the Origin names another host).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    origin.split("://").nth(1) == Some(host)
}

pub(crate) fn mail_for(tr: Tr, p: &Portal, event: &Event, r: &EventRegistration, kind: &str, link: &str) -> Mail {
    let title = tr.text(&event.title).text;
    let args = [
        ("name", r.name.as_str()),
        ("event", title.as_str()),
        ("date", &event_date(tr, event)),
        ("times", &event_times(tr, p, event)),
        ("link", link),
    ];
    Mail {
        to: r.email.clone(),
        subject: tr.ta(&format!("mail-subject-{kind}"), &args),
        body: tr.ta(&format!("mail-body-{kind}"), &args),
    }
}

/// The kind of mail a new registration gets: confirmed or on the waiting list.
fn registered_kind(r: &EventRegistration) -> &'static str {
    if r.status == RegistrationStatus::Waiting { "waiting" } else { "confirmed" }
}

/// `POST /{lang}/{partnership}/events/{id}`: register.
pub async fn register<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, id)): Path<(String, String, String)>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(form): Form<RegistrationForm>,
) -> Result<Response, Response> {
    let (tr, p) = context(&state, &top, &slug).await?;
    let Some(event) = id.parse::<i64>().ok().and_then(|id| p.events.iter().find(|e| e.id == Id::new(id))).cloned()
    else {
        return Err(not_found(tr));
    };
    if !same_origin(&headers) {
        return Err((StatusCode::FORBIDDEN, "This form was sent from another site.").into_response());
    }
    // Counted before anything is checked, like logins: many at once can't slip through.
    let peer = extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let key = format!("registration:{}", state.client_address(peer, &headers));
    let now = (state.clock)();
    let limit = zusterstad_core::login::REGISTRATIONS;
    let before = state.store.count_login_attempt(&key, now, limit.window).await.map_err(|e| fail(tr, e.into()))?;
    let wait = match limit.verdict(before, now) {
        zusterstad_core::login::Verdict::Allowed => None,
        zusterstad_core::login::Verdict::Wait(s) => Some(s),
        zusterstad_core::login::Verdict::Locked(until) => Some((until - now).num_seconds()),
    };
    if let Some(seconds) = wait {
        let minutes = ((seconds.max(1) + 59) / 60).to_string();
        let mut view = form_view(&state, tr, &event, None).await?.unwrap_or_default();
        view.name = form.name.chars().take(200).collect();
        view.email = form.email.chars().take(254).collect();
        view.errors.push(("email", tr.ta("reg-error-too-many", &[("minutes", &minutes)])));
        let page = super::events::event_page(&state, tr, &p, &event, Some(view), &slug).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let keep = |view: &mut FormView| {
        view.name = form.name.chars().take(200).collect();
        view.email = form.email.chars().take(254).collect();
        view.consent = form.consent.is_some();
    };
    let result = match check_form(&form) {
        Err(e) => Err(e),
        Ok(()) => {
            let change = Change::by_system("portal", (state.clock)());
            let base = state.base_url(&headers);
            // The mail is queued with the registration: both commit, or neither.
            let mail = |stored: &Stored<EventRegistration>| {
                let link = format!("{base}/{}/cancel/{}", tr.code(), stored.item.cancel_token);
                mail_for(tr, &p, &event.item, &stored.item, registered_kind(&stored.item), &link)
            };
            state
                .store
                .register(&change, event.id, &form.name, &form.email, &token((state.random)()), tr.lang, Some(&mail))
                .await
        }
    };
    if !matches!(result, Err(Error::Invalid { .. }) | Err(Error::Conflict(_))) {
        state.pages.changed();
    }
    match result {
        Ok(stored) => {
            let kind = registered_kind(&stored.item);
            crate::outbox::deliver_due(&state).await;
            Ok(Redirect::to(&format!("/{}/{slug}/events/{}?registered={kind}", tr.code(), event.id)).into_response())
        }
        Err(Error::Invalid { fields }) => {
            let mut view = form_view(&state, tr, &event, None).await?.unwrap_or_default();
            keep(&mut view);
            for f in fields {
                let (field, key) = match (f.field.as_str(), f.message.contains("already")) {
                    ("name", _) => ("name", "reg-error-name"),
                    ("consent", _) => ("consent", "reg-error-consent"),
                    ("email", true) => ("email", "reg-error-duplicate"),
                    _ => ("email", "reg-error-email"),
                };
                if view.error(field).is_none() {
                    view.errors.push((field, tr.t(key)));
                }
            }
            let page = super::events::event_page(&state, tr, &p, &event, Some(view), &slug).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Error::Conflict(_)) => {
            // Full, or closed in the meantime: the page says which.
            let mut view = form_view(&state, tr, &event, None).await?.unwrap_or_default();
            keep(&mut view);
            view.open = false;
            let page = super::events::event_page(&state, tr, &p, &event, Some(view), &slug).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(fail(tr, e.into())),
    }
}

#[derive(Template)]
#[template(path = "cancel.html")]
struct CancelPage {
    layout: Layout,
    text: String,
    can_cancel: bool,
}

fn cancel_layout(tr: Tr, token: &str) -> Layout {
    Layout::plain(tr, tr.t("cancel-title"), String::new(), format!("/cancel/{token}"))
}

fn page(tr: Tr, token: &str, text: String, can_cancel: bool, status: StatusCode) -> Response {
    match (CancelPage { layout: cancel_layout(tr, token), text, can_cancel }).render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /{lang}/cancel/{token}`: asks before cancelling (links in mails get opened by
/// scanners; only the button cancels).
async fn cancel_page<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
) -> Response {
    let Ok(lang) = top.parse::<Lang>() else { return not_found(Tr::new(Lang::En)) };
    let tr = Tr::new(lang);
    if !valid_token(&token) {
        return page(tr, &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND);
    }
    match state.store.registration_by_token(&token).await {
        Ok(r) if r.item.status == RegistrationStatus::Cancelled => {
            page(tr, &token, tr.t("cancel-done"), false, StatusCode::OK)
        }
        Ok(r) => {
            let title = match zusterstad_core::store::RecordStore::<Event>::get(&state.store, r.item.event_id).await {
                Ok(e) => tr.text(&e.item.title).text,
                Err(e) => return fail(tr, e.into()),
            };
            let text = tr.ta("cancel-text", &[("name", &r.item.name), ("event", &title)]);
            page(tr, &token, text, true, StatusCode::OK)
        }
        Err(Error::NotFound { .. }) => page(tr, &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND),
        Err(e) => fail(tr, e.into()),
    }
}

/// `POST /{lang}/cancel/{token}`: cancels, and tells the person who moves up.
async fn cancel<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Ok(lang) = top.parse::<Lang>() else { return not_found(Tr::new(Lang::En)) };
    let tr = Tr::new(lang);
    if !valid_token(&token) {
        return page(tr, &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND);
    }
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "This form was sent from another site.").into_response();
    }
    let change = Change::by_system("portal", (state.clock)());
    // The mail to whoever moves up is built from the event's page data, and queued
    // with the cancellation.
    let found = match state.store.registration_by_token(&token).await {
        Ok(r) => r,
        Err(Error::NotFound { .. }) => return page(tr, &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND),
        Err(e) => return fail(tr, e.into()),
    };
    let event = match zusterstad_core::store::RecordStore::<Event>::get(&state.store, found.item.event_id).await {
        Ok(e) => e,
        Err(e) => return fail(tr, e.into()),
    };
    let slug = match partnership_slug(&state, &event).await {
        Ok(slug) => slug,
        Err(e) => return fail(tr, e.into()),
    };
    let p = match state.portal(&slug).await {
        Ok(p) => p,
        Err(e) => return fail(tr, e),
    };
    let base = state.base_url(&headers);
    let mail = |next: &Stored<EventRegistration>| {
        let their = Tr::new(next.item.language);
        let link = format!("{base}/{}/cancel/{}", their.code(), next.item.cancel_token);
        mail_for(their, &p, &event.item, &next.item, "promoted", &link)
    };
    let result = state.store.cancel(&change, &token, Some(&mail)).await;
    state.pages.changed();
    match result {
        Ok(_) => {
            crate::outbox::deliver_due(&state).await;
            page(tr, &token, tr.t("cancel-done"), false, StatusCode::OK)
        }
        Err(Error::NotFound { .. }) => page(tr, &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND),
        Err(e) => fail(tr, e.into()),
    }
}

async fn partnership_slug<S: WebStore>(state: &AppState<S>, event: &Stored<Event>) -> Result<String, Error> {
    let p: Stored<zusterstad_core::partnerships::Partnership> =
        zusterstad_core::store::RecordStore::get(&state.store, event.item.partnership_id).await?;
    Ok(p.item.slug)
}
