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
use zusterstad_core::users::{User, hash_password};
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
    Tr::new(crate::lang::from_headers(headers))
}

fn login_page(tr: Tr, email: &str, next: &str, error: Option<String>, notice: Option<String>) -> LoginPage {
    let ctx = Ctx { account: None, partnership: None };
    let mut desk = Desk::new(&ctx, tr.t("login-title"), "");
    desk.tr = tr;
    desk.lang = tr.code();
    desk.title = tr.ta("page-title", &[("page", &tr.t("login-title")), ("site", &tr.t("desk-name"))]);
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
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let fields: Fields =
        match <Form<Fields> as axum::extract::FromRequest<AppState<S>>>::from_request(request, &state).await {
            Ok(Form(f)) => f,
            Err(_) => Fields::new(),
        };
    let tr = login_tr(&headers);
    // A control character can't be in any account's address (nor stored on every
    // backend): shown as U+FFFD, so such a login is simply a wrong one, counted as such.
    let email: String = field(&fields, "email")
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    let next = field(&fields, "next");
    let now = (state.clock)();
    let address = state.client_address(peer, &headers);
    // Guessing is limited per account from one address (which locks), per account from
    // anywhere (which only slows, so nobody can lock an owner out from elsewhere) and
    // per address.
    let pair_key = format!("account:{email}|address:{address}");
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    // Counted before the password is checked, so many attempts at once can't all be
    // evaluated; a success clears the account's count.
    let unavailable =
        || crate::error::WebError(Error::Unavailable("login failures unavailable".into())).into_response();
    let (Ok(by_pair), Ok(by_address)) = (
        state.store.count_login_attempt(&pair_key, now, login::ACCOUNT.window).await,
        state.store.count_login_attempt(&address_key, now, login::ADDRESS.window).await,
    ) else {
        return unavailable();
    };
    let verdict_at = |pair, account, address| {
        login::worst(
            login::worst(login::ACCOUNT.verdict(pair, now), login::ACCOUNT_ANYWHERE.verdict(account, now)),
            login::ADDRESS.verdict(address, now),
        )
    };
    let mut verdict = verdict_at(by_pair, login::Failures::default(), by_address);
    // Only attempts its address may make count against the account as a whole, so
    // one address refused here does not slow the owner down elsewhere.
    let mut by_account = login::Failures::default();
    if verdict == login::Verdict::Allowed {
        match state.store.count_login_attempt(&account_key, now, login::ACCOUNT_ANYWHERE.window).await {
            Ok(f) => by_account = f,
            Err(_) => return unavailable(),
        }
        verdict = verdict_at(by_pair, by_account, by_address);
    }
    if let Some(message) = verdict_message(tr, verdict) {
        let body = login_page(tr, &email, next, Some(message), None);
        return (StatusCode::TOO_MANY_REQUESTS, page(&body)).into_response();
    }
    let creds = Credentials { email: email.clone(), password: field(&fields, "password").to_owned() };
    match auth.authenticate(creds).await {
        Ok(Some(account)) => {
            let _ = state.store.clear_login_failures(&pair_key).await;
            let _ = state.store.clear_login_failures(&account_key).await;
            let _ = state.store.forgive_login_attempt(&address_key).await;
            if let Err(e) = super::sign_in(&mut auth, &account, now).await {
                return crate::error::WebError(e).into_response();
            }
            Redirect::to(&safe_next(next)).into_response()
        }
        Ok(None) => {
            let counted = |f: login::Failures| login::Failures { count: f.count + 1, last_at: Some(now) };
            let mut message = tr.t("login-wrong");
            let after = verdict_at(counted(by_pair), counted(by_account), counted(by_address));
            if let Some(more) = verdict_message(tr, after) {
                message = format!("{message} {more}");
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
            // The current password is guessed no faster here than at the login.
            let now = (state.clock)();
            let key = format!("password-check:{}", user.item.email.trim().to_lowercase());
            let before = match state.store.count_login_attempt(&key, now, login::ACCOUNT.window).await {
                Ok(f) => f,
                Err(e) => return crate::error::WebError(e).into_response(),
            };
            if let Some(message) = verdict_message(tr, login::ACCOUNT.verdict(before, now)) {
                let mut response = page(&account_view(&ctx, vec![("current".to_owned(), message)], None));
                *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                return response;
            }
            let right = match super::session::verify(old, &user.item.password_hash).await {
                Ok(r) => r,
                Err(e) => return crate::error::WebError(e).into_response(),
            };
            if right {
                let _ = state.store.clear_login_failures(&key).await;
            } else {
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
                let new_owned = new.to_owned();
                let hashed = super::session::argon2(move || hash_password(&new_owned, &salt)).await;
                match hashed.and_then(|h| h) {
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
            if let Err(e) = super::sign_in(&mut auth, &a, (state.clock)()).await {
                return crate::error::WebError(e).into_response();
            }
        }
        Err(e) => return crate::error::WebError(e).into_response(),
    }
    Redirect::to(&format!("/manage/account?saved={saved}")).into_response()
}
