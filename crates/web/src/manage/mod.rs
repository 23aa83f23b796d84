//! The coordination workspace under `/manage/`: sessions, the permission guard and
//! the pages where coordinators keep the record.
//!
//! Every route is listed in `ROUTES` with the rule it needs. The guard refuses a
//! route that has no rule, and the permission test walks the list with every role.

mod auth;
mod calls;
mod dashboard;
mod events;
mod history;
mod imports;
mod mail;
mod partnerships;
mod people;
mod profile;
mod records;
mod registrations;
pub mod reminders;
mod reports;
pub mod session;
mod translate;
pub(crate) mod uploads;
mod users;

/// The event form's fields named by `event-field-{name}`.
pub(crate) fn event_fields() -> Vec<String> {
    events::TEXTS.iter().map(|t| (*t).to_owned()).collect()
}

/// The fields of the workspace's record forms, each named by `field-{name}`.
pub(crate) fn record_fields() -> Vec<String> {
    let mut names: Vec<String> =
        records::SPECS.iter().flat_map(|s| s.fields.iter().map(|(name, _)| (*name).to_owned())).collect();
    names.sort();
    names.dedup();
    names
}

/// The kinds the workspace's record forms edit (each has a list, `records-{kind}`).
pub(crate) fn record_kinds() -> Vec<zusterstad_core::Kind> {
    records::SPECS.iter().map(|s| s.kind).collect()
}

use askama::Template;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_login::{AuthManagerLayerBuilder, AuthSession};
use tower_sessions::{Expiry, SessionManagerLayer};
use zusterstad_core::access::Permission;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::query::{ListQuery, Paging};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Stored};

use crate::assets;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};
use session::{Account, Backend, DbSessions};

/// What a route needs from the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not (the login form).
    Anyone,
    SignedIn,
    /// Read a partnership's workspace pages (`{slug}` in the path).
    View,
    /// Change a partnership's record.
    Edit,
    /// Approve joint items: a coordinator of one of the partnership's sides.
    Approve,
    /// People's personal data in a partnership (registrations, export, erasure).
    PersonalData,
    Admin,
}

/// One workspace route and its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    pub method: &'static str,
    pub path: &'static str,
    pub rule: Rule,
}

const fn r(method: &'static str, path: &'static str, rule: Rule) -> RouteRule {
    RouteRule { method, path, rule }
}

/// Every workspace route. A route missing here is refused to everyone.
pub const ROUTES: &[RouteRule] = &[
    r("GET", "/manage/login", Rule::Anyone),
    r("POST", "/manage/login", Rule::Anyone),
    r("POST", "/manage/logout", Rule::SignedIn),
    r("POST", "/manage/logout-everywhere", Rule::SignedIn),
    r("GET", "/manage/account", Rule::SignedIn),
    r("POST", "/manage/account", Rule::SignedIn),
    r("GET", "/manage", Rule::SignedIn),
    r("GET", "/manage/calls", Rule::SignedIn),
    r("GET", "/manage/partnerships/new", Rule::Admin),
    r("POST", "/manage/partnerships/new", Rule::Admin),
    // An ambassador's own profile (the handler finds theirs; others are refused).
    r("GET", "/manage/profile", Rule::SignedIn),
    r("POST", "/manage/profile", Rule::SignedIn),
    r("GET", "/manage/{slug}", Rule::View),
    r("POST", "/manage/{slug}/agreements/{id}/renew", Rule::Edit),
    r("GET", "/manage/{slug}/events", Rule::View),
    r("GET", "/manage/{slug}/events/new", Rule::Edit),
    r("POST", "/manage/{slug}/events/new", Rule::Edit),
    r("GET", "/manage/{slug}/events/{id}", Rule::View),
    r("POST", "/manage/{slug}/events/{id}", Rule::Edit),
    r("POST", "/manage/{slug}/events/{id}/approve", Rule::Approve),
    r("POST", "/manage/{slug}/events/{id}/delete", Rule::Edit),
    r("GET", "/manage/{slug}/events/{id}/registrations", Rule::PersonalData),
    r("POST", "/manage/{slug}/events/{id}/registrations", Rule::PersonalData),
    r("GET", "/manage/{slug}/events/{id}/registrations.csv", Rule::PersonalData),
    r("GET", "/manage/{slug}/people", Rule::PersonalData),
    r("GET", "/manage/{slug}/people/{id}", Rule::PersonalData),
    r("POST", "/manage/{slug}/people/{id}", Rule::PersonalData),
    r("GET", "/manage/{slug}/people/{id}/export.json", Rule::PersonalData),
    r("GET", "/manage/{slug}/export.json", Rule::PersonalData),
    r("GET", "/manage/{slug}/mail", Rule::PersonalData),
    r("GET", "/manage/{slug}/documents/new", Rule::Edit),
    r("POST", "/manage/{slug}/documents/new", Rule::Edit),
    r("GET", "/manage/{slug}/import", Rule::Edit),
    r("POST", "/manage/{slug}/import", Rule::Edit),
    r("POST", "/manage/{slug}/import/confirm", Rule::Edit),
    r("GET", "/manage/{slug}/records", Rule::View),
    r("GET", "/manage/{slug}/records/{kind}", Rule::View),
    r("GET", "/manage/{slug}/records/{kind}/new", Rule::Edit),
    r("POST", "/manage/{slug}/records/{kind}/new", Rule::Edit),
    r("GET", "/manage/{slug}/records/{kind}/{id}", Rule::View),
    // Coordinators edit every item; an editor only their organisation (checked per item).
    r("POST", "/manage/{slug}/records/{kind}/{id}", Rule::View),
    r("POST", "/manage/{slug}/records/{kind}/{id}/delete", Rule::Edit),
    r("POST", "/manage/{slug}/records/{kind}/{id}/approve", Rule::Approve),
    r("GET", "/manage/{slug}/reports", Rule::View),
    r("GET", "/manage/{slug}/history/{kind}/{id}", Rule::View),
    r("GET", "/manage/{slug}/translate/{lang}", Rule::View),
    r("GET", "/manage/reset/{token}", Rule::Anyone),
    r("POST", "/manage/reset/{token}", Rule::Anyone),
    r("GET", "/manage/users", Rule::Admin),
    r("POST", "/manage/users", Rule::Admin),
    r("GET", "/manage/users/{id}", Rule::Admin),
    r("POST", "/manage/users/{id}", Rule::Admin),
    r("GET", "/manage/audit", Rule::Admin),
];

pub type Auth<S> = AuthSession<Backend<S>>;

/// What the guard found out, for the handler: who asks, and the partnership.
#[derive(Clone)]
pub struct Ctx {
    pub account: Option<Account>,
    pub partnership: Option<Stored<Partnership>>,
}

impl Ctx {
    /// The workspace language: the user's choice, else English.
    pub fn tr(&self) -> Tr {
        Tr::new(self.account.as_ref().map(|a| a.user.item.language).unwrap_or(Lang::En))
    }
}

pub fn router<S: WebStore>(state: &AppState<S>) -> Router<AppState<S>> {
    let sessions = DbSessions { store: state.store.clone(), clock: state.clock };
    let secure = state.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    // Over https the cookie is `__Host-`: only this host, only secure, for the whole site.
    let (name, cookie_path) =
        if secure { ("__Host-zusterstad_session", "/") } else { ("zusterstad_session", "/manage") };
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(name)
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_path(cookie_path)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let auth_layer = AuthManagerLayerBuilder::new(Backend { store: state.store.clone() }, session_layer).build();
    Router::new()
        .merge(auth::router())
        .merge(dashboard::router())
        .merge(events::router())
        .merge(history::router())
        .merge(imports::router())
        .merge(mail::router())
        .merge(people::router())
        .merge(partnerships::router())
        .merge(profile::router())
        .merge(records::router())
        .merge(uploads::router())
        .merge(registrations::router())
        .merge(reports::router())
        .merge(translate::router())
        .merge(calls::router())
        .merge(users::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), guard::<S>))
        .layer(auth_layer)
}

/// When a session's login was (Unix seconds), kept in the session.
const STARTED: &str = "started_at";
/// A session's absolute lifetime, whatever its activity.
const SESSION_LIFETIME: chrono::Duration = chrono::Duration::hours(24);

/// Signs `account` in with a new session id (whatever session the browser brought,
/// even a signed-in one: no id chosen by someone else survives a login or a change of
/// password) and notes when, for the absolute lifetime.
pub(crate) async fn sign_in<S: WebStore>(
    auth: &mut Auth<S>,
    account: &Account,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), zusterstad_core::Error> {
    let failed = |e: String| zusterstad_core::Error::Internal(format!("cannot start a session: {e}"));
    auth.session.cycle_id().await.map_err(|e| failed(e.to_string()))?;
    auth.login(account).await.map_err(|e| failed(e.to_string()))?;
    auth.session.insert(STARTED, now.timestamp()).await.map_err(|e| failed(e.to_string()))
}

/// The one permission check for every workspace route.
async fn guard<S: WebStore>(
    State(state): State<AppState<S>>,
    auth: Auth<S>,
    mut request: Request,
    next: Next,
) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let path = matched.as_ref().map(|m| m.as_str()).unwrap_or_default();
    let method = request.method().clone();
    let rule = ROUTES.iter().find(|r| r.path == path && r.method == method.as_str()).map(|r| r.rule);
    let mut auth = auth;
    // However active, a session ends a day after its login.
    if auth.user.is_some() {
        let started: Option<i64> = auth.session.get(STARTED).await.ok().flatten();
        let now = (state.clock)().timestamp();
        if started.is_none_or(|s| now - s > SESSION_LIFETIME.num_seconds()) {
            let _ = auth.logout().await;
        }
    }
    let account = auth.user.clone();
    let mut ctx = Ctx { account: account.clone(), partnership: None };
    let Some(rule) = rule else {
        tracing::warn!(path, %method, "workspace route without a rule: refused");
        return forbidden(&ctx);
    };
    if rule != Rule::Anyone && account.is_none() {
        let next_path = if method == Method::GET { request.uri().path().to_owned() } else { "/manage".into() };
        return Redirect::to(&format!("/manage/login?next={}", urlencode(&next_path))).into_response();
    }
    // Every route with a partnership has it as the second segment: /manage/{slug}/…
    let slug = path
        .starts_with("/manage/{slug}")
        .then(|| request.uri().path().split('/').nth(2).unwrap_or_default().to_owned());
    if let Some(slug) = slug {
        match zusterstad_core::store::PartnershipStore::partnership_by_slug(&state.store, &slug).await {
            Ok(p) => ctx.partnership = Some(p),
            Err(zusterstad_core::Error::NotFound { .. }) => return not_found(&ctx),
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    }
    let allowed = match (&account, rule, &ctx.partnership) {
        (_, Rule::Anyone, _) => true,
        (Some(_), Rule::SignedIn, _) => true,
        (Some(a), Rule::View, Some(p)) => a.principal.may(Permission::ViewPartnership(p.id)),
        (Some(a), Rule::Edit, Some(p)) => a.principal.may(Permission::EditPartnership(p.id)),
        (Some(a), Rule::Approve, Some(p)) => {
            a.principal.side(p.id).is_some_and(|side| a.principal.may(Permission::Approve(p.id, side)))
        }
        (Some(a), Rule::PersonalData, Some(p)) => a.principal.may(Permission::PersonalData(p.id)),
        (Some(a), Rule::Admin, _) => a.principal.may(Permission::Admin),
        _ => false,
    };
    if !allowed {
        return forbidden(&ctx);
    }
    request.extensions_mut().insert(ctx);
    next.run(request).await
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'/' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b if b.is_ascii_alphanumeric() => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// One link of the workspace navigation.
pub struct DeskNav {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What every workspace page shares.
pub struct Desk {
    pub tr: Tr,
    pub lang: &'static str,
    pub title: String,
    pub css: &'static str,
    pub user: Option<String>,
    pub nav: Vec<DeskNav>,
}

impl Desk {
    pub fn favicon(&self) -> &'static str {
        assets::favicon_url()
    }

    pub fn new(ctx: &Ctx, title: String, current: &str) -> Desk {
        let tr = ctx.tr();
        let mut nav = vec![(String::from("/manage"), tr.t("desk-nav-home"), "home")];
        if let Some(p) = &ctx.partnership {
            let slug = &p.item.slug;
            nav.push((format!("/manage/{slug}"), tr.text(&p.item.name).text, "dashboard"));
            nav.push((format!("/manage/{slug}/events"), tr.t("desk-nav-events"), "events"));
            nav.push((format!("/manage/{slug}/records"), tr.t("records-title"), "records"));
            nav.push((format!("/manage/{slug}/reports"), tr.t("reports-title"), "reports"));
            nav.push((format!("/manage/{slug}/translate/{}", tr.code()), tr.t("desk-nav-translate"), "translate"));
            if ctx.account.as_ref().is_some_and(|a| a.principal.may(Permission::PersonalData(p.id))) {
                nav.push((format!("/manage/{slug}/people"), tr.t("people-title"), "people"));
            }
        }
        nav.push(("/manage/calls".into(), tr.t("desk-nav-calls"), "calls"));
        if ctx
            .account
            .as_ref()
            .is_some_and(|a| a.principal.grants.iter().any(|g| g.role == zusterstad_core::users::Role::Ambassador))
        {
            nav.push(("/manage/profile".into(), tr.t("profile-title"), "profile"));
        }
        if ctx.account.as_ref().is_some_and(|a| a.principal.is_admin()) {
            nav.push(("/manage/users".into(), tr.t("users-title"), "users"));
            nav.push(("/manage/audit".into(), tr.t("audit-title"), "audit"));
        }
        nav.push(("/manage/account".into(), tr.t("desk-nav-account"), "account"));
        Desk {
            tr,
            lang: tr.code(),
            title: tr.ta("page-title", &[("page", &title), ("site", &tr.t("desk-name"))]),
            css: assets::css_url(),
            user: ctx.account.as_ref().map(|a| a.user.item.display_name.clone()),
            nav: nav.into_iter().map(|(href, label, key)| DeskNav { href, label, current: key == current }).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "manage/message.html")]
struct MessagePage {
    desk: Desk,
    heading: String,
    text: String,
}

fn message(ctx: &Ctx, status: StatusCode, heading_key: &str, text_key: &str) -> Response {
    let tr = ctx.tr();
    let page =
        MessagePage { desk: Desk::new(ctx, tr.t(heading_key), ""), heading: tr.t(heading_key), text: tr.t(text_key) };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}

pub fn forbidden(ctx: &Ctx) -> Response {
    message(ctx, StatusCode::FORBIDDEN, "desk-forbidden-title", "desk-forbidden-text")
}

pub fn not_found(ctx: &Ctx) -> Response {
    message(ctx, StatusCode::NOT_FOUND, "not-found-title", "not-found-text")
}

/// Renders a workspace page; errors become a plain error response.
pub fn page<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(body) => {
            let mut response = Html(body).into_response();
            response
                .headers_mut()
                .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            response
        }
        Err(e) => crate::error::WebError::from(e).into_response(),
    }
}

/// Form fields as sent: repeated names keep their last value.
pub type Fields = std::collections::HashMap<String, String>;

pub fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map(String::as_str).unwrap_or_default()
}

/// Records this coordinator's side's approval of version `current` of a joint item,
/// if the form was made from that version (else the page is shown again, so nobody
/// approves a version they have not seen). Answers with a redirect to `target`,
/// with `done` added to its query when approved.
#[allow(clippy::too_many_arguments)]
pub(super) async fn approve_version<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    kind: zusterstad_core::Kind,
    id: i64,
    current: i64,
    joint: bool,
    fields: &Fields,
    target: &str,
    done: &str,
) -> Response {
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(ctx) };
    let Some(side) = account.principal.side(p.id) else { return forbidden(ctx) };
    if field(fields, "version").parse::<i64>().ok() != Some(current) {
        return Redirect::to(&format!("{target}?changed=1")).into_response();
    }
    match under_joint_control(state, kind, id, joint).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to(target).into_response(),
        Err(e) => return crate::error::WebError(e).into_response(),
    }
    let change = zusterstad_core::audit::Change::by_user(account.id(), (state.clock)());
    match record_approval(state, &change, side, kind, id, current).await {
        Ok(()) => Redirect::to(&format!("{target}?{done}")).into_response(),
        Err(e) => crate::error::WebError(e).into_response(),
    }
}

/// Whether an item is under both cities' control: joint now, or joint before and
/// both have not yet approved a one-sided version (see `approvals::JointState`).
pub(crate) async fn under_joint_control<S: WebStore>(
    state: &AppState<S>,
    kind: zusterstad_core::Kind,
    id: i64,
    joint: bool,
) -> Result<bool, zusterstad_core::Error> {
    if !zusterstad_core::approvals::JOINT_KINDS.contains(&kind) {
        return Ok(false);
    }
    Ok(joint || state.store.joint_state(kind, id).await?.is_some())
}

/// What the portal shows of a joint item while its current version waits for approval.
pub(super) fn portal_note(tr: Tr, control: Option<&zusterstad_core::approvals::JointState>, current: i64) -> String {
    match control.and_then(|c| c.released_version).filter(|v| *v != current) {
        Some(v) => tr.ta("approval-portal-shows", &[("version", &v.to_string())]),
        None => tr.t("approval-portal-hidden"),
    }
}

/// Whether `principal` may delete version `version` of an item (`item`: its fields)
/// as far as joint control goes: admins may; others only an item not under joint
/// control, or one whose archiving both cities approved.
pub(crate) async fn joint_allows_delete<S: WebStore>(
    state: &AppState<S>,
    principal: &zusterstad_core::access::Principal,
    kind: zusterstad_core::Kind,
    id: i64,
    version: i64,
    item: &serde_json::Value,
) -> Result<bool, zusterstad_core::Error> {
    if principal.is_admin() || !zusterstad_core::approvals::JOINT_KINDS.contains(&kind) {
        return Ok(true);
    }
    let archived = item.get("publication").and_then(serde_json::Value::as_str) == Some("archived");
    let joint = state.store.joint_state(kind, id).await?;
    Ok(zusterstad_core::approvals::may_delete_alone(joint.as_ref(), version, archived))
}

/// Records that `side` approved version `version` of an item, by `change`'s user
/// (for the workspace and the API). Approving twice is the same as once.
pub(crate) async fn record_approval<S: WebStore>(
    state: &AppState<S>,
    change: &zusterstad_core::audit::Change,
    side: zusterstad_core::partnerships::CityId,
    kind: zusterstad_core::Kind,
    id: i64,
    version: i64,
) -> Result<(), zusterstad_core::Error> {
    let approval = zusterstad_core::approvals::Approval {
        item_kind: kind,
        record_id: id,
        item_version: version,
        city_id: side,
        user_id: change.actor,
    };
    match zusterstad_core::store::RecordStore::create(&state.store, change, approval).await {
        Ok(_) | Err(zusterstad_core::Error::Invalid { .. }) => {
            state.pages.changed();
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Why a new password is refused, in the reader's language; `None` if it is fine.
pub(super) fn weak_password(tr: Tr, password: &str, email: &str) -> Option<String> {
    let problem = zusterstad_core::users::password_problem(password, email)?;
    let reason = tr.word(crate::words::Word::PasswordProblem, problem.code());
    Some(tr.ta("account-new-weak", &[("reason", &reason)]))
}

/// A text's translation status as a label and a CSS class.
pub(super) fn text_status(tr: Tr, s: zusterstad_core::TextStatus) -> (String, &'static str) {
    use zusterstad_core::TextStatus;
    let code = match s {
        TextStatus::Original => "original",
        TextStatus::Translated => "translated",
        TextStatus::Machine => "machine",
        TextStatus::Stale => "stale",
        TextStatus::Missing => "missing",
    };
    (tr.word(crate::words::Word::TextStatus, code), code)
}

/// One text's three language boxes: (language, its name, value, status label, status class).
pub type TextCell = (&'static str, String, String, String, &'static str);

pub(super) fn text_cells(tr: Tr, text: &zusterstad_core::Localized) -> Vec<TextCell> {
    Lang::ALL
        .iter()
        .map(|l| {
            let t = text.get(*l);
            let (status, class) = text_status(tr, t.status);
            (l.code(), tr.word(crate::words::Word::LangName, l.code()), t.value.clone(), status, class)
        })
        .collect()
}

/// Partnerships on one page of an admin's home or call planner.
const PARTNERSHIPS_PER_PAGE: u64 = 50;

/// The partnerships a user may see, for lists across partnerships: an admin's every
/// partnership, a page at a time (`page` in `q`); anyone else's, those of their grants.
pub async fn visible_partnerships<S: WebStore>(
    state: &AppState<S>,
    principal: &zusterstad_core::access::Principal,
    q: &Fields,
) -> Result<(Vec<Stored<Partnership>>, Paging), WebError> {
    let paging = Paging::new(crate::pages::page_number(Some(field(q, "page"))), PARTNERSHIPS_PER_PAGE, 0);
    let found = if principal.is_admin() {
        RecordStore::<Partnership>::query(
            &state.store,
            &ListQuery::all().asc("slug").page(paging.page, paging.per_page),
        )
        .await?
    } else {
        let ids = principal.grants.iter().filter_map(|g| g.partnership_id.map(|p| p.get()));
        let mine: Vec<Stored<Partnership>> = zusterstad_core::store::by_ids(&state.store, ids).await?;
        let mine: Vec<_> = mine.into_iter().filter(|p| principal.may(Permission::ViewPartnership(p.id))).collect();
        zusterstad_core::query::Page { total: mine.len() as u64, items: mine }
    };
    Ok((found.items, Paging { total: found.total, ..paging }))
}
