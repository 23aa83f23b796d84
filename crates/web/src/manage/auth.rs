//! Logging in and out, "log out everywhere", and the account page (password and
//! workspace language). Failed logins are slowed down, then refused for a while.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Extension, Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Router, extract::Request};
use zusterstad_core::audit::Change;
use zusterstad_core::login::{self, Verdict};
use zusterstad_core::store::RecordStore;
use zusterstad_core::users::{User, hash_password, verify_password};
use zusterstad_core::{Error, Lang};

use super::session::{Credentials, account};
use super::{Auth, Ctx, Desk, Fields, field, page};
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/login", get(login_form::<S>).post(login::<S>))
        .route("/manage/logout", post(logout::<S>))
        .route("/manage/logout-everywhere", post(logout_everywhere::<S>))
        .route("/manage/account", get(account_page).post(account_save::<S>))
}

#[derive(Template)]
#[template(path = "manage/login.html")]
struct LoginPage {
    desk: Desk,
    email: String,
    next: String,
    error: Option<String>,
    notice: Option<String>,
}

/// Only a workspace address may follow the login (no open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with("/manage") && !next.starts_with("//") && !next.contains("\\") {
        next.to_owned()
    } else {
        "/manage".into()
    }
}

fn login_tr(headers: &HeaderMap) -> Tr {
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let cookie = headers
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').find_map(|p| p.trim().strip_prefix("lang=")));
    Tr::new(crate::lang::negotiate(cookie, accept))
}

fn login_page(tr: Tr, email: &str, next: &str, error: Option<String>, notice: Option<String>) -> LoginPage {
    let ctx = Ctx { account: None, partnership: None };
    let mut desk = Desk::new(&ctx, tr.t("login-title"), "");
    desk.tr = tr;
    desk.lang = tr.code();
    desk.title = format!("{} · {}", tr.t("login-title"), tr.t("desk-name"));
    desk.nav.clear();
    LoginPage { desk, email: email.to_owned(), next: safe_next(next), error, notice }
}

async fn login_form<S: WebStore>(auth: Auth<S>, headers: HeaderMap, Query(q): Query<Fields>) -> Response {
    if auth.user.is_some() {
        return Redirect::to(&safe_next(field(&q, "next"))).into_response();
    }
    let tr = login_tr(&headers);
    let notice = match field(&q, "done") {
        "logout" => Some(tr.t("login-logged-out")),
        "everywhere" => Some(tr.t("login-logged-out-everywhere")),
        "password" => Some(tr.t("login-password-set")),
        _ => None,
    };
    page(&login_page(tr, "", field(&q, "next"), None, notice))
}

fn verdict_message(tr: Tr, verdict: Verdict) -> Option<String> {
    match verdict {
        Verdict::Allowed => None,
        Verdict::Wait(seconds) => Some(tr.ta("login-wait", &[("seconds", &seconds.to_string())])),
        Verdict::Locked(until) => Some(tr.ta("login-locked", &[("time", &until.format("%H:%M UTC").to_string())])),
    }
}

async fn login<S: WebStore>(
    State(state): State<AppState<S>>,
    mut auth: Auth<S>,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let fields: Fields =
        match <Form<Fields> as axum::extract::FromRequest<AppState<S>>>::from_request(request, &state).await {
            Ok(Form(f)) => f,
            Err(_) => Fields::new(),
        };
    let tr = login_tr(&headers);
    let email = field(&fields, "email").trim().to_lowercase();
    let next = field(&fields, "next");
    let now = (state.clock)();
    let account_key = format!("account:{email}");
    let address_key = format!("address:{}", peer.as_deref().unwrap_or("unknown"));
    let (Ok(by_account), Ok(by_address)) =
        (state.store.login_failures(&account_key).await, state.store.login_failures(&address_key).await)
    else {
        return crate::error::WebError(Error::Internal("login failures unavailable".into())).into_response();
    };
    let verdict = login::worst(login::ACCOUNT.verdict(by_account, now), login::ADDRESS.verdict(by_address, now));
    if let Some(message) = verdict_message(tr, verdict) {
        let body = login_page(tr, &email, next, Some(message), None);
        return (StatusCode::TOO_MANY_REQUESTS, page(&body)).into_response();
    }
    let creds = Credentials { email: email.clone(), password: field(&fields, "password").to_owned() };
    match auth.authenticate(creds).await {
        Ok(Some(account)) => {
            let _ = state.store.clear_login_failures(&account_key).await;
            if auth.login(&account).await.is_err() {
                return crate::error::WebError(Error::Internal("cannot start a session".into())).into_response();
            }
            Redirect::to(&safe_next(next)).into_response()
        }
        Ok(None) => {
            let window = login::ACCOUNT.window;
            let a = state.store.record_login_failure(&account_key, now, window).await;
            let b = state.store.record_login_failure(&address_key, now, login::ADDRESS.window).await;
            let mut message = tr.t("login-wrong");
            if let (Ok(a), Ok(b)) = (a, b) {
                let after = login::worst(login::ACCOUNT.verdict(a, now), login::ADDRESS.verdict(b, now));
                if let Some(more) = verdict_message(tr, after) {
                    message = format!("{message} {more}");
                }
            }
            let body = login_page(tr, &email, next, Some(message), None);
            (StatusCode::UNAUTHORIZED, page(&body)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "login failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn logout<S: WebStore>(mut auth: Auth<S>) -> Response {
    let _ = auth.logout().await;
    Redirect::to("/manage/login?done=logout").into_response()
}

/// Raises the user's session epoch: every session made before ends, this one too.
async fn logout_everywhere<S: WebStore>(
    State(state): State<AppState<S>>,
    mut auth: Auth<S>,
    Extension(ctx): Extension<Ctx>,
) -> Response {
    let Some(account) = ctx.account else { return Redirect::to("/manage/login").into_response() };
    let user = account.user;
    let item = User { session_epoch: user.item.session_epoch + 1, ..user.item.clone() };
    let change = Change::by_user(user.id, (state.clock)());
    if let Err(e) = RecordStore::<User>::update(&state.store, &change, user.id, user.version, item).await {
        return crate::error::WebError(e).into_response();
    }
    let _ = auth.logout().await;
    Redirect::to("/manage/login?done=everywhere").into_response()
}

#[derive(Template)]
#[template(path = "manage/account.html")]
struct AccountPage {
    desk: Desk,
    email: String,
    language: &'static str,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

impl AccountPage {
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
}

fn account_view(ctx: &Ctx, errors: Vec<(String, String)>, notice: Option<String>) -> AccountPage {
    let tr = ctx.tr();
    let (email, language) =
        ctx.account.as_ref().map(|a| (a.user.item.email.clone(), a.user.item.language.code())).unwrap_or_default();
    AccountPage { desk: Desk::new(ctx, tr.t("account-title"), "account"), email, language, errors, notice }
}

async fn account_page(Extension(ctx): Extension<Ctx>, Query(q): Query<Fields>) -> Response {
    let notice = match field(&q, "saved") {
        "password" => Some(ctx.tr().t("account-password-changed")),
        "language" => Some(ctx.tr().t("account-language-changed")),
        _ => None,
    };
    page(&account_view(&ctx, Vec::new(), notice))
}

async fn account_save<S: WebStore>(
    State(state): State<AppState<S>>,
    mut auth: Auth<S>,
    Extension(ctx): Extension<Ctx>,
    Form(fields): Form<Fields>,
) -> Response {
    let Some(current) = ctx.account.clone() else { return Redirect::to("/manage/login").into_response() };
    let tr = ctx.tr();
    let user = current.user.clone();
    let mut item = user.item.clone();
    let saved;
    let mut errors = Vec::new();
    match field(&fields, "action") {
        "language" => match field(&fields, "language").parse::<Lang>() {
            Ok(lang) => {
                item.language = lang;
                saved = "language";
            }
            Err(_) => {
                errors.push(("language".to_owned(), tr.t("account-language-unknown")));
                saved = "";
            }
        },
        _ => {
            let (old, new, repeat) = (field(&fields, "current"), field(&fields, "new"), field(&fields, "repeat"));
            if !verify_password(old, &user.item.password_hash) {
                errors.push(("current".to_owned(), tr.t("account-current-wrong")));
            }
            if let Some(message) = super::weak_password(tr, new, &user.item.email) {
                errors.push(("new".to_owned(), message));
            }
            if new != repeat {
                errors.push(("repeat".to_owned(), tr.t("account-repeat-differs")));
            }
            let random = (state.random)();
            let mut salt = [0u8; 16];
            salt.copy_from_slice(&random[..16]);
            if errors.is_empty() {
                match hash_password(new, &salt) {
                    Ok(hash) => {
                        item.password_hash = hash;
                        // Other sessions end with the old password.
                        item.session_epoch += 1;
                    }
                    Err(e) => return crate::error::WebError(e).into_response(),
                }
            }
            saved = "password";
        }
    }
    if !errors.is_empty() {
        let mut response = page(&account_view(&ctx, errors, None));
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return response;
    }
    let change = Change::by_user(user.id, (state.clock)());
    let updated = match RecordStore::<User>::update(&state.store, &change, user.id, user.version, item).await {
        Ok(u) => u,
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    // This session goes on under the new password.
    match account(&state.store, updated).await {
        Ok(a) => {
            let _ = auth.login(&a).await;
        }
        Err(e) => return crate::error::WebError(e).into_response(),
    }
    Redirect::to(&format!("/manage/account?saved={saved}")).into_response()
}
