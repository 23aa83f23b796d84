//! Registering for an event from its page, confirming and cancelling by the links in
//! the mails. Bad input shows the form again with a message per field and registers
//! nothing. A registration counts once its person confirms from the mail (see
//! `zusterstad_core::registrations`).

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

use zusterstad_core::{Error, Lang, Stored};

use super::{Layout, context, event_date, event_times, fail, not_found};
use crate::i18n::Tr;
use crate::words::Word;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/cancel/{token}", get(cancel_page::<S>).post(cancel::<S>))
        .route("/{top}/confirm/{token}", get(confirm_page::<S>).post(confirm::<S>))
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
    match places_left(&event.item, now, &existing) {
        Some(0) if rules.waiting_list => view.status_note = Some(tr.t("reg-full-waiting")),
        Some(0) => {
            view.open = false;
            view.status_note = Some(tr.t("reg-full"));
        }
        Some(n) => view.status_note = Some(tr.ta("reg-places-left", &[("n", &n.to_string())])),
        None => {}
    }
    view.notice = match notice {
        Some("unconfirmed") => Some(tr.ta(
            "reg-done-unconfirmed",
            &[("minutes", &zusterstad_core::registrations::HOLD.num_minutes().to_string())],
        )),
        Some("unconfirmed-waiting") => Some(tr.t("reg-done-unconfirmed-waiting")),
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
        ("minutes", &zusterstad_core::registrations::HOLD.num_minutes().to_string()),
    ];
    // Signed by the city whose event it is (where it takes place), else the first.
    let host = [&p.city_a, &p.city_b].into_iter().find(|c| c.item.time_zone == event.time_zone).unwrap_or(&p.city_a);
    let body = tr.word_with(crate::words::Word::MailBody, kind, &args);
    Mail {
        to: r.email.clone(),
        subject: tr.word_with(crate::words::Word::MailSubject, kind, &args),
        body: tr.signed(&body, host.item.mail_signature.as_ref(), &tr.text(&p.partnership.item.name).text),
    }
}

/// The mail of `kind` to the person of `r`, in their language, with the link that
/// confirms (for `confirm`) or cancels their registration.
pub(crate) fn mail_to(base: &str, p: &Portal, event: &Event, r: &EventRegistration, kind: &str) -> Mail {
    let their = Tr::new(r.language);
    let action = if kind == "confirm" { "confirm" } else { "cancel" };
    let link = format!("{base}/{}/{action}/{}", their.code(), r.cancel_token);
    mail_for(their, p, event, r, kind, &link)
}

/// The kind of mail a confirmed registration gets: a place or the waiting list.
fn registered_kind(r: &EventRegistration) -> &'static str {
    if r.status == RegistrationStatus::Waiting { "waiting" } else { "confirmed" }
}

/// Refuses with `message` (minutes to wait) when `policy` says `key` has tried too often.
async fn too_often<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    key: &str,
    policy: zusterstad_core::login::Policy,
) -> Result<Option<String>, Response> {
    use zusterstad_core::login::Verdict;
    let now = (state.clock)();
    let before = state.store.count_login_attempt(key, now, policy.window).await.map_err(|e| fail(tr, e.into()))?;
    let seconds = match policy.verdict(before, now) {
        Verdict::Allowed => return Ok(None),
        Verdict::Wait(s) => s,
        Verdict::Locked(until) => (until - now).num_seconds(),
    };
    Ok(Some(((seconds.max(1) + 59) / 60).to_string()))
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
    let found = match id.parse::<i64>() {
        Ok(id) => p.event(&state.store, id).await.map_err(|e| super::fail(tr, crate::error::WebError(e)))?,
        Err(_) => None,
    };
    let Some(event) = found else { return Err(not_found(tr)) };
    if !same_origin(&headers) {
        return Err((StatusCode::FORBIDDEN, "This form was sent from another site.").into_response());
    }
    // Counted before anything is checked, like logins: many at once can't slip through.
    // Per address (a script), then per event (a script behind many addresses).
    let peer = extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let address = format!("registration:{}", state.client_address(peer, &headers));
    let capacity = event.item.registration.as_ref().and_then(|r| r.capacity);
    let mut refusal = too_often(&state, tr, &address, zusterstad_core::login::REGISTRATIONS)
        .await?
        .map(|minutes| tr.ta("reg-error-too-many", &[("minutes", &minutes)]));
    if refusal.is_none() {
        let per_event = zusterstad_core::login::event_registrations(capacity);
        refusal = too_often(&state, tr, &format!("registration-event:{}", event.id), per_event)
            .await?
            .map(|minutes| tr.ta("reg-error-busy", &[("minutes", &minutes)]));
    }
    if let Some(message) = refusal {
        let mut view = form_view(&state, tr, &event, None).await?.unwrap_or_default();
        view.name = form.name.chars().take(200).collect();
        view.email = form.email.chars().take(254).collect();
        view.errors.push(("email", message));
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
            let mail = |stored: &Stored<EventRegistration>| mail_to(&base, &p, &event.item, &stored.item, "confirm");
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
            let notice = if stored.item.held_until.is_some() { "unconfirmed" } else { "unconfirmed-waiting" };
            crate::outbox::deliver_due(&state).await;
            let to = format!("/{}/{slug}/events/{}?registered={notice}#register", tr.code(), event.id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(Error::Invalid { fields }) => {
            let mut view = form_view(&state, tr, &event, None).await?.unwrap_or_default();
            keep(&mut view);
            for f in fields {
                let field = match f.field.as_str() {
                    "name" => "name",
                    "consent" => "consent",
                    _ => "email",
                };
                let said = match f.code {
                    Some(_) => tr.field_problem(&f),
                    None => tr.t(match field {
                        "name" => "reg-error-name",
                        "consent" => "reg-error-consent",
                        _ => "reg-error-email",
                    }),
                };
                if view.error(field).is_none() {
                    view.errors.push((field, said));
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

/// The page behind a link in a registration mail: a question with a button (links in
/// mails get opened by scanners; only the button acts), or what happened.
#[derive(Template)]
#[template(path = "link_action.html")]
struct LinkPage {
    layout: Layout,
    title: String,
    text: String,
    button: Option<String>,
}

fn page(tr: Tr, action: &str, token: &str, text: String, button: bool, status: StatusCode) -> Response {
    let title = tr.word(Word::LinkTitle, action);
    let layout = Layout::plain(tr, title.clone(), String::new(), format!("/{action}/{token}"));
    let button = button.then(|| tr.word(Word::LinkButton, action));
    match (LinkPage { layout, title, text, button }).render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

fn valid_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The registration behind a link, with its event, for the GET pages.
async fn by_link<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    action: &str,
    token: &str,
) -> Result<(Stored<EventRegistration>, Stored<Event>), Response> {
    let unknown = || page(tr, action, token, tr.t(&format!("{action}-unknown")), false, StatusCode::NOT_FOUND);
    if !valid_token(token) {
        return Err(unknown());
    }
    let r = match state.store.registration_by_token(token).await {
        Ok(r) => r,
        Err(Error::NotFound { .. }) => return Err(unknown()),
        Err(e) => return Err(fail(tr, e.into())),
    };
    match zusterstad_core::store::RecordStore::<Event>::get(&state.store, r.item.event_id).await {
        Ok(e) => Ok((r, e)),
        Err(e) => Err(fail(tr, e.into())),
    }
}

/// `GET /{lang}/cancel/{token}`: asks before cancelling.
async fn cancel_page<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
) -> Response {
    let Ok(lang) = top.parse::<Lang>() else { return not_found(Tr::new(Lang::En)) };
    let tr = Tr::new(lang);
    match by_link(&state, tr, "cancel", &token).await {
        Ok((r, _)) if r.item.status == RegistrationStatus::Cancelled => {
            page(tr, "cancel", &token, tr.t("cancel-done"), false, StatusCode::OK)
        }
        Ok((r, event)) => {
            let title = tr.text(&event.item.title).text;
            let text = tr.ta("cancel-text", &[("name", &r.item.name), ("event", &title)]);
            page(tr, "cancel", &token, text, true, StatusCode::OK)
        }
        Err(response) => response,
    }
}

/// `GET /{lang}/confirm/{token}`: asks the person to confirm.
async fn confirm_page<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
) -> Response {
    let Ok(lang) = top.parse::<Lang>() else { return not_found(Tr::new(Lang::En)) };
    let tr = Tr::new(lang);
    match by_link(&state, tr, "confirm", &token).await {
        Ok((r, _)) if r.item.status == RegistrationStatus::Cancelled => {
            page(tr, "confirm", &token, tr.t("confirm-unknown"), false, StatusCode::NOT_FOUND)
        }
        Ok((r, _)) if r.item.status != RegistrationStatus::Unconfirmed => page(
            tr,
            "confirm",
            &token,
            tr.word(crate::words::Word::ConfirmDone, registered_kind(&r.item)),
            false,
            StatusCode::OK,
        ),
        Ok((r, event)) => {
            let title = tr.text(&event.item.title).text;
            let text = tr.ta("confirm-text", &[("name", &r.item.name), ("event", &title)]);
            page(tr, "confirm", &token, text, true, StatusCode::OK)
        }
        Err(response) => response,
    }
}

/// What a link's POST needs: the language, the registration's event and the event's
/// page data (for the mails it queues).
async fn link_context<S: WebStore>(
    state: &AppState<S>,
    action: &str,
    top: &str,
    token: &str,
    headers: &HeaderMap,
) -> Result<(Tr, Stored<Event>, std::sync::Arc<Portal>), Response> {
    let Ok(lang) = top.parse::<Lang>() else { return Err(not_found(Tr::new(Lang::En))) };
    let tr = Tr::new(lang);
    if !same_origin(headers) {
        return Err((StatusCode::FORBIDDEN, "This form was sent from another site.").into_response());
    }
    let (_, event) = by_link(state, tr, action, token).await?;
    let slug = partnership_slug(state, &event).await.map_err(|e| fail(tr, e.into()))?;
    let p = state.portal(&slug).await.map_err(|e| fail(tr, e))?;
    Ok((tr, event, p))
}

/// `POST /{lang}/confirm/{token}`: confirms; the person gets the mail with their place
/// (or their turn on the waiting list) and the link to cancel.
async fn confirm<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (tr, event, p) = match link_context(&state, "confirm", &top, &token, &headers).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let change = Change::by_system("portal", (state.clock)());
    let base = state.base_url(&headers);
    let mail = |r: &Stored<EventRegistration>| mail_to(&base, &p, &event.item, &r.item, registered_kind(&r.item));
    let result = state.store.confirm_registration(&change, &token, Some(&mail)).await;
    state.pages.changed();
    match result {
        Ok(r) => {
            crate::outbox::deliver_due(&state).await;
            let text = tr.word(crate::words::Word::ConfirmDone, registered_kind(&r.item));
            page(tr, "confirm", &token, text, false, StatusCode::OK)
        }
        Err(Error::NotFound { .. }) => {
            page(tr, "confirm", &token, tr.t("confirm-unknown"), false, StatusCode::NOT_FOUND)
        }
        Err(Error::Conflict(_)) => page(tr, "confirm", &token, tr.t("confirm-too-late"), false, StatusCode::CONFLICT),
        Err(e) => fail(tr, e.into()),
    }
}

/// `POST /{lang}/cancel/{token}`: cancels, and tells the people who move up.
async fn cancel<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (tr, event, p) = match link_context(&state, "cancel", &top, &token, &headers).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let change = Change::by_system("portal", (state.clock)());
    let base = state.base_url(&headers);
    let mail = |next: &Stored<EventRegistration>| mail_to(&base, &p, &event.item, &next.item, "promoted");
    let result = state.store.cancel(&change, &token, Some(&mail)).await;
    state.pages.changed();
    match result {
        Ok(_) => {
            crate::outbox::deliver_due(&state).await;
            page(tr, "cancel", &token, tr.t("cancel-done"), false, StatusCode::OK)
        }
        Err(Error::NotFound { .. }) => page(tr, "cancel", &token, tr.t("cancel-unknown"), false, StatusCode::NOT_FOUND),
        Err(e) => fail(tr, e.into()),
    }
}

/// Ends the holds of unconfirmed registrations that are over, forgets those nobody
/// confirmed within a day, and gives freed places to the people waiting (mailing
/// them, with links under `base_url`). Run by the server every few seconds; returns
/// how many people moved up.
pub async fn release_lapsed_registrations<S: WebStore>(
    state: &AppState<S>,
    base_url: &str,
) -> zusterstad_core::Result<usize> {
    let now = (state.clock)();
    let mut moved = 0;
    for event_id in state.store.events_with_lapsed_registrations(now).await? {
        let event: Stored<Event> = zusterstad_core::store::RecordStore::get(&state.store, event_id).await?;
        let slug = partnership_slug(state, &event).await?;
        let p = state.portal(&slug).await.map_err(|e| e.0)?;
        let mail = |next: &Stored<EventRegistration>| mail_to(base_url, &p, &event.item, &next.item, "promoted");
        let change = Change::by_system("portal", now);
        moved += state.store.release_lapsed_registrations(&change, event_id, Some(&mail)).await?.len();
        state.pages.changed();
    }
    if moved > 0 {
        crate::outbox::deliver_due(state).await;
    }
    Ok(moved)
}

async fn partnership_slug<S: WebStore>(state: &AppState<S>, event: &Stored<Event>) -> Result<String, Error> {
    let p: Stored<zusterstad_core::partnerships::Partnership> =
        zusterstad_core::store::RecordStore::get(&state.store, event.item.partnership_id).await?;
    Ok(p.item.slug)
}
