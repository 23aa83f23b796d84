//! Accounts and roles (instance admins only), one-time links to set a password,
//! and the audit log browser.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{NaiveDate, TimeZone, Utc};
use sha2::{Digest, Sha256};
use zusterstad_core::audit::Change;
use zusterstad_core::organisations::Organisation;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::Person;
use zusterstad_core::query::{ListQuery, Paging};
use zusterstad_core::registrations::Mail;
use zusterstad_core::store::{AuditFilter, RecordStore, by_ids, grants_of, of_partnership, where_in};
use zusterstad_core::tokens::{self, ApiToken};
use zusterstad_core::users::{Role, RoleGrant, User, UserId, hash_password};
use zusterstad_core::{Error, Id, Kind, Lang, Stored, validate};

use super::{Ctx, Desk, Fields, field, not_found, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/users", get(list::<S>).post(create::<S>))
        .route("/manage/users/{id}", get(detail::<S>).post(change::<S>))
        .route("/manage/reset/{token}", get(reset_form::<S>).post(reset::<S>))
        .route("/manage/audit", get(audit::<S>))
}

fn sha256(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// How long a link to set a password stays valid.
const LINK_HOURS: i64 = 48;

/// Makes a one-time link for `user`, mails it to them, and returns it (the admin
/// sees it too, to pass on if the mail does not arrive).
async fn issue_link<S: WebStore>(
    state: &AppState<S>,
    headers: &HeaderMap,
    user: &Stored<User>,
) -> Result<String, WebError> {
    let token: String = (state.random)().iter().map(|b| format!("{b:02x}")).collect();
    let now = (state.clock)();
    let expires = now + chrono::Duration::hours(LINK_HOURS);
    let link = format!("{}/manage/reset/{token}", state.base_url(headers));
    let tr = Tr::new(user.item.language);
    // Signed by the city the user works for, if they work for one.
    let side = grants_of(&state.store, user.id).await?.into_iter().find_map(|g| g.item.side_city_id);
    let signature = match side {
        Some(city) => RecordStore::<City>::get(&state.store, city).await?.item.mail_signature,
        None => None,
    };
    let body = tr.ta(
        "mail-body-password-link",
        &[("name", &user.item.display_name), ("link", &link), ("hours", &LINK_HOURS.to_string())],
    );
    let mail = Mail {
        to: user.item.email.clone(),
        subject: tr.t("mail-subject-password-link"),
        body: tr.signed(&body, signature.as_ref(), &tr.t("desk-name")),
    };
    // The link and its mail commit together.
    state.store.create_link(&sha256(&token), user.id, now, expires, Some(mail)).await?;
    crate::outbox::deliver_due(state).await;
    Ok(link)
}

pub struct UserRow {
    pub href: String,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub disabled: bool,
}

/// Choices for the role form, from one partnership (its address in `slug`): its two
/// sides, its organisations, its people. An instance may hold thousands of
/// partnerships, so the form offers one partnership's choices at a time.
pub struct Choices {
    pub slug: String,
    /// The address asked for names no partnership.
    pub unknown: bool,
    pub sides: Vec<(String, String)>,
    pub organisations: Vec<(String, String)>,
    pub people: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "manage/users.html")]
struct UsersPage {
    desk: Desk,
    users: Vec<UserRow>,
    pager: Option<crate::pages::Pager>,
    choices: Choices,
    form: Fields,
    errors: Vec<(String, String)>,
    link: Option<String>,
}

impl UsersPage {
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

fn describe_grant(tr: Tr, g: &RoleGrant, names: &Names) -> String {
    let role = tr.word(crate::words::Word::Role, role_code(g.role));
    let mut parts = vec![role];
    if let Some(c) = g.side_city_id.and_then(|c| names.cities.iter().find(|x| x.id == c)) {
        parts.push(tr.text(&c.item.name).text);
    }
    if let Some(o) = g.organisation_id.and_then(|o| names.organisations.iter().find(|x| x.id == o)) {
        parts.push(tr.text(&o.item.name).text);
    }
    if let Some(p) = g.person_id.and_then(|p| names.people.iter().find(|x| x.id == p)) {
        parts.push(format!("{} {}", p.item.given_name, p.item.family_name));
    }
    parts.join(&tr.t("sep"))
}

fn role_code(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Coordinator => "coordinator",
        Role::Editor => "editor",
        Role::Ambassador => "ambassador",
    }
}

/// The names a list of grants mentions, read by their ids.
struct Names {
    cities: Vec<Stored<City>>,
    organisations: Vec<Stored<Organisation>>,
    people: Vec<Stored<Person>>,
}

async fn names<S: WebStore>(state: &AppState<S>, grants: &[&RoleGrant]) -> Result<Names, WebError> {
    let ids = |f: fn(&RoleGrant) -> Option<i64>| grants.iter().filter_map(|g| f(g)).collect::<Vec<_>>();
    Ok(Names {
        cities: by_ids(&state.store, ids(|g| g.side_city_id.map(|c| c.get()))).await?,
        organisations: by_ids(&state.store, ids(|g| g.organisation_id.map(|o| o.get()))).await?,
        people: by_ids(&state.store, ids(|g| g.person_id.map(|p| p.get()))).await?,
    })
}

/// The role form's choices from the partnership at `slug` (none asked: the first).
async fn choices<S: WebStore>(state: &AppState<S>, tr: Tr, slug: &str) -> Result<Choices, WebError> {
    let slug = slug.trim();
    let found = if slug.is_empty() {
        RecordStore::<Partnership>::query(&state.store, &ListQuery::all().asc("slug").limit(1)).await?.items.pop()
    } else {
        match state.store.partnership_by_slug(slug).await {
            Ok(p) => Some(p),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        }
    };
    let Some(p) = found else {
        return Ok(Choices {
            slug: slug.to_owned(),
            unknown: !slug.is_empty(),
            sides: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
        });
    };
    let cities: Vec<Stored<City>> = by_ids(&state.store, [p.item.city_a_id.get(), p.item.city_b_id.get()]).await?;
    let sides = [p.item.city_a_id, p.item.city_b_id]
        .iter()
        .filter_map(|id| cities.iter().find(|c| c.id == *id))
        .map(|c| {
            (
                format!("{}:{}", p.id.get(), c.id.get()),
                format!("{}{}{}", tr.text(&p.item.name).text, tr.t("sep"), tr.text(&c.item.name).text),
            )
        })
        .collect();
    let organisations: Vec<Stored<Organisation>> = of_partnership(&state.store, p.id).await?;
    let people: Vec<Stored<Person>> = of_partnership(&state.store, p.id).await?;
    Ok(Choices {
        slug: p.item.slug.clone(),
        unknown: false,
        sides,
        organisations: organisations.iter().map(|o| (o.id.get().to_string(), tr.text(&o.item.name).text)).collect(),
        people: people
            .iter()
            .map(|p| (p.id.get().to_string(), format!("{} {}", p.item.given_name, p.item.family_name)))
            .collect(),
    })
}

/// Accounts on one page of the users list.
const USERS_PER_PAGE: u64 = 50;

/// The users page: one page of accounts (every one for the download, `all`), and the
/// form to add one with the choices of the partnership asked for in `query` or `form`.
async fn users_page<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    query: &Fields,
    all: bool,
    form: Fields,
    errors: Vec<(String, String)>,
    link: Option<String>,
) -> Result<UsersPage, WebError> {
    let tr = ctx.tr();
    let scope = match field(&form, "partnership") {
        "" => field(query, "partnership").to_owned(),
        asked => asked.to_owned(),
    };
    let scope = scope.as_str();
    let paging = Paging::new(crate::pages::page_number(Some(field(query, "page"))), USERS_PER_PAGE, 0);
    let everyone = ListQuery::all().asc("display_name");
    let found = RecordStore::<User>::query(
        &state.store,
        &if all { everyone } else { everyone.page(paging.page, paging.per_page) },
    )
    .await?;
    let paging = Paging { total: found.total, ..paging };
    let users = found.items;
    let grants: Vec<Stored<RoleGrant>> = where_in(&state.store, "user_id", users.iter().map(|u| u.id.get())).await?;
    let n = names(state, &grants.iter().map(|g| &g.item).collect::<Vec<_>>()).await?;
    let users = users
        .iter()
        .map(|u| UserRow {
            href: format!("/manage/users/{}", u.id.get()),
            name: u.item.display_name.clone(),
            email: u.item.email.clone(),
            roles: grants
                .iter()
                .filter(|g| g.item.user_id == u.id)
                .map(|g| describe_grant(tr, &g.item, &n))
                .collect::<Vec<_>>()
                .join("; "),
            disabled: u.item.disabled,
        })
        .collect();
    Ok(UsersPage {
        desk: Desk::new(ctx, tr.t("users-title"), "users"),
        users,
        pager: crate::pages::pager(tr, "/manage/users", &[], &paging),
        choices: choices(state, tr, scope).await?,
        form,
        errors,
        link,
    })
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let csv = field(&q, "format") == "csv";
    match users_page(&state, &ctx, &q, csv, Fields::new(), Vec::new(), None).await {
        Ok(p) if csv => {
            let tr = ctx.tr();
            let mut table =
                vec![vec![tr.t("users-name"), tr.t("login-email"), tr.t("users-roles"), tr.t("users-disabled")]];
            table.extend(p.users.iter().map(|u| {
                vec![
                    u.name.clone(),
                    u.email.clone(),
                    u.roles.clone(),
                    if u.disabled { tr.t("desk-yes") } else { String::new() },
                ]
            }));
            crate::csv_out::csv_response(&table, "users.csv")
        }
        Ok(p) => page(&p),
        Err(e) => e.into_response(),
    }
}

/// Reads the role part of a form into a grant for `user`.
fn read_grant(tr: Tr, fields: &Fields, user: UserId, errors: &mut Vec<(String, String)>) -> Option<RoleGrant> {
    let role = match field(fields, "role").parse::<Role>() {
        Ok(r) => r,
        Err(_) => {
            errors.push(("role".into(), tr.t("desk-error-choose")));
            return None;
        }
    };
    let mut grant = RoleGrant {
        user_id: user,
        role,
        partnership_id: None,
        side_city_id: None,
        organisation_id: None,
        person_id: None,
    };
    let id = |name: &str| field(fields, name).parse::<i64>().ok();
    match role {
        Role::Admin => {}
        Role::Coordinator => match field(fields, "side").split_once(':') {
            Some((p, c)) if p.parse::<i64>().is_ok() && c.parse::<i64>().is_ok() => {
                grant.partnership_id = p.parse().ok().map(Id::new);
                grant.side_city_id = c.parse().ok().map(Id::new);
            }
            _ => errors.push(("side".into(), tr.t("users-error-side"))),
        },
        Role::Editor => match id("organisation") {
            Some(o) => grant.organisation_id = Some(Id::new(o)),
            None => errors.push(("organisation".into(), tr.t("users-error-organisation"))),
        },
        Role::Ambassador => match id("person") {
            Some(p) => grant.person_id = Some(Id::new(p)),
            None => errors.push(("person".into(), tr.t("users-error-person"))),
        },
    }
    Some(grant)
}

/// An editor's partnership is their organisation's.
async fn complete<S: WebStore>(state: &AppState<S>, mut grant: RoleGrant) -> Result<RoleGrant, WebError> {
    if let Some(org) = grant.organisation_id {
        let o: Stored<Organisation> = RecordStore::<Organisation>::get(&state.store, org).await?;
        grant.partnership_id = Some(o.item.partnership_id);
    }
    Ok(grant)
}

async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(admin) = &ctx.account else { return super::forbidden(&ctx) };
    let mut errors = Vec::new();
    let email = field(&fields, "email").trim().to_lowercase();
    if !validate::is_email(&email) {
        errors.push(("email".to_owned(), tr.t("users-error-email")));
    }
    let name = field(&fields, "name").trim().to_owned();
    if name.is_empty() {
        errors.push(("name".to_owned(), tr.t("users-error-name")));
    }
    let language = field(&fields, "language").parse::<Lang>().unwrap_or(Lang::En);
    let grant = read_grant(tr, &fields, Id::new(0), &mut errors);
    let answer = |errors: Vec<(String, String)>, fields: Fields| async {
        match users_page(&state, &ctx, &Fields::new(), false, fields, errors, None).await {
            Ok(p) => {
                let mut r = page(&p);
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => e.into_response(),
        }
    };
    let Some(grant) = grant.filter(|_| errors.is_empty()) else { return answer(errors, fields).await };
    let grant = match complete(&state, grant).await {
        Ok(g) => g,
        Err(WebError(Error::NotFound { .. })) => {
            return answer(vec![("organisation".into(), tr.t("users-error-organisation"))], fields).await;
        }
        Err(e) => return e.into_response(),
    };
    // Nobody knows this password: the new user sets their own through the link.
    let random = (state.random)();
    let secret: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&random[16..]);
    let hash = match super::session::argon2(move || hash_password(&secret, &salt)).await.and_then(|h| h) {
        Ok(h) => h,
        Err(e) => return WebError(e).into_response(),
    };
    let user = User { email, display_name: name, password_hash: hash, language, disabled: false, session_epoch: 0 };
    let change = Change::by_user(admin.id(), (state.clock)());
    match state.store.create_user_with_roles(&change, user, vec![grant]).await {
        Ok(created) => match issue_link(&state, &headers, &created).await {
            Ok(link) => {
                match users_page(&state, &ctx, &Fields::new(), false, Fields::new(), Vec::new(), Some(link)).await {
                    Ok(p) => page(&p),
                    Err(e) => e.into_response(),
                }
            }
            Err(e) => e.into_response(),
        },
        Err(Error::Invalid { fields: problems }) => {
            let errors = problems
                .into_iter()
                .map(|f| {
                    let name = f.field.trim_end_matches("_id").to_owned();
                    let message = if name == "email" { tr.t("users-error-email-taken") } else { tr.field_problem(&f) };
                    (name, message)
                })
                .collect();
            answer(errors, fields).await
        }
        Err(e) => WebError(e).into_response(),
    }
}

/// An API token as its account's page lists it.
pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub role: String,
    pub issued: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "manage/user.html")]
struct UserPage {
    desk: Desk,
    user: Stored<User>,
    grants: Vec<(i64, String)>,
    choices: Choices,
    errors: Vec<(String, String)>,
    link: Option<String>,
    history: String,
    tokens: Vec<TokenRow>,
    /// A token just issued: shown this once.
    new_token: Option<String>,
}

impl UserPage {
    fn value(&self, _name: &str) -> &str {
        ""
    }

    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
}

async fn user_page<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    id: &str,
    scope: &str,
    errors: Vec<(String, String)>,
    link: Option<String>,
    new_token: Option<String>,
) -> Result<Option<UserPage>, WebError> {
    let tr = ctx.tr();
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let user = match RecordStore::<User>::get(&state.store, Id::new(id)).await {
        Ok(u) => u,
        Err(Error::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let grants: Vec<Stored<RoleGrant>> = grants_of(&state.store, user.id).await?;
    let mut tokens: Vec<Stored<ApiToken>> = where_in(&state.store, "user_id", [user.id.get()]).await?;
    let token_grants: Vec<RoleGrant> = tokens.iter().map(|t| t.item.grant()).collect();
    let n = names(state, &grants.iter().map(|g| &g.item).chain(&token_grants).collect::<Vec<_>>()).await?;
    let grants = grants.iter().map(|g| (g.id.get(), describe_grant(tr, &g.item, &n))).collect();
    tokens.sort_by_key(|t| (t.item.revoked_at.is_some(), std::cmp::Reverse(t.created_at)));
    let zone = super::records::reader_zone(state, ctx).await?;
    let tokens = tokens
        .iter()
        .map(|t| TokenRow {
            id: t.id.get(),
            label: t.item.label.clone(),
            role: describe_grant(tr, &t.item.grant(), &n),
            issued: tr.moment(t.created_at, zone),
            revoked: t.item.revoked_at.map(|at| tr.moment(at, zone)),
        })
        .collect();
    Ok(Some(UserPage {
        tokens,
        new_token,
        desk: Desk::new(ctx, user.item.display_name.clone(), "users"),
        history: format!("/manage/audit?actor={}", user.id.get()),
        user,
        grants,
        choices: choices(state, tr, scope).await?,
        errors,
        link,
    }))
}

async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<Fields>,
) -> Response {
    match user_page(&state, &ctx, &id, field(&q, "partnership"), Vec::new(), None, None).await {
        Ok(Some(p)) => page(&p),
        Ok(None) => not_found(&ctx),
        Err(e) => e.into_response(),
    }
}

async fn change<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(admin) = &ctx.account else { return super::forbidden(&ctx) };
    let Ok(num) = id.parse::<i64>() else { return not_found(&ctx) };
    let user = match RecordStore::<User>::get(&state.store, Id::new(num)).await {
        Ok(u) => u,
        Err(Error::NotFound { .. }) => return not_found(&ctx),
        Err(e) => return WebError(e).into_response(),
    };
    let change = Change::by_user(admin.id(), (state.clock)());
    let mut errors = Vec::new();
    let mut link = None;
    let mut new_token = None;
    let outcome: Result<(), Error> = match field(&fields, "action") {
        "issue_token" => {
            let grant = match field(&fields, "grant").parse::<i64>() {
                Ok(g) => match RecordStore::<RoleGrant>::get(&state.store, Id::new(g)).await {
                    Ok(grant) if grant.item.user_id == user.id => Some(grant),
                    Ok(_) | Err(Error::NotFound { .. }) => None,
                    Err(e) => return WebError(e).into_response(),
                },
                Err(_) => None,
            };
            let label = field(&fields, "label").trim();
            if grant.is_none() {
                errors.push(("grant".to_owned(), tr.t("tokens-error-role")));
            }
            if label.is_empty() || label.chars().count() > 100 {
                errors.push(("label".to_owned(), tr.t("tokens-error-label")));
            }
            match grant {
                Some(grant) if errors.is_empty() => {
                    let token = tokens::new_token((state.random)());
                    let item = ApiToken::for_grant(&grant.item, label, &token);
                    let created = RecordStore::<ApiToken>::create(&state.store, &change, item).await.map(|_| ());
                    if created.is_ok() {
                        new_token = Some(token);
                    }
                    created
                }
                _ => Ok(()),
            }
        }
        "revoke_token" => match field(&fields, "token").parse::<i64>() {
            Ok(t) => match RecordStore::<ApiToken>::get(&state.store, Id::new(t)).await {
                Ok(token) if token.item.user_id == user.id && token.item.revoked_at.is_none() => {
                    let item = ApiToken { revoked_at: Some((state.clock)()), ..token.item.clone() };
                    RecordStore::<ApiToken>::update(&state.store, &change, token.id, token.version, item)
                        .await
                        .map(|_| ())
                }
                Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(e),
            },
            Err(_) => Ok(()),
        },
        "disable" | "enable" => {
            let disabled = field(&fields, "action") == "disable";
            if disabled && user.id == admin.id() {
                errors.push(("action".to_owned(), tr.t("users-error-self")));
                Ok(())
            } else {
                // Disabling also ends the user's sessions.
                let item = User { disabled, session_epoch: user.item.session_epoch + 1, ..user.item.clone() };
                RecordStore::<User>::update(&state.store, &change, user.id, user.version, item).await.map(|_| ())
            }
        }
        "link" => match issue_link(&state, &headers, &user).await {
            Ok(l) => {
                link = Some(l);
                Ok(())
            }
            Err(WebError(e)) => Err(e),
        },
        "add_role" => match read_grant(tr, &fields, user.id, &mut errors) {
            Some(g) if errors.is_empty() => match complete(&state, g).await {
                Ok(g) => RecordStore::<RoleGrant>::create(&state.store, &change, g).await.map(|_| ()),
                Err(WebError(e)) => Err(e),
            },
            _ => Ok(()),
        },
        "remove_role" => match field(&fields, "grant").parse::<i64>() {
            Ok(g) => match RecordStore::<RoleGrant>::get(&state.store, Id::new(g)).await {
                Ok(grant) if grant.item.user_id == user.id => {
                    RecordStore::<RoleGrant>::delete(&state.store, &change, grant.id, grant.version).await
                }
                Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(e),
            },
            Err(_) => Ok(()),
        },
        _ => {
            errors.push(("action".to_owned(), tr.t("desk-error-choose")));
            Ok(())
        }
    };
    match outcome {
        Ok(()) | Err(Error::Invalid { .. }) | Err(Error::Conflict(_)) => {}
        Err(e) => return WebError(e).into_response(),
    }
    if errors.is_empty() && link.is_none() && new_token.is_none() {
        return Redirect::to(&format!("/manage/users/{num}")).into_response();
    }
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    match user_page(&state, &ctx, &id, field(&fields, "partnership"), errors, link, new_token).await {
        Ok(Some(p)) => {
            let mut r = page(&p);
            *r.status_mut() = status;
            r
        }
        Ok(None) => not_found(&ctx),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "manage/reset.html")]
struct ResetPage {
    desk: Desk,
    valid: bool,
    errors: Vec<(String, String)>,
    /// The workspace language offered: the browser's, else the account's.
    language: String,
}

impl ResetPage {
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
}

/// The page in `tr`'s language, which the language choice offers first.
fn reset_view(tr: Tr, valid: bool, errors: Vec<(String, String)>) -> ResetPage {
    let ctx = Ctx { account: None, partnership: None };
    let mut desk = Desk::new(&ctx, tr.t("reset-title"), "");
    desk.tr = tr;
    desk.lang = tr.code();
    desk.title = tr.ta("page-title", &[("page", &tr.t("reset-title")), ("site", &tr.t("desk-name"))]);
    desk.nav.clear();
    ResetPage { desk, valid, errors, language: tr.code().to_owned() }
}

async fn link_user<S: WebStore>(state: &AppState<S>, token: &str) -> Result<Option<Stored<User>>, WebError> {
    match state.store.peek_link(&sha256(token), (state.clock)()).await? {
        Some(id) => Ok(Some(RecordStore::<User>::get(&state.store, id).await?)),
        None => Ok(None),
    }
}

/// The page behind a one-time link: the new password, and the workspace language,
/// offered in the language the browser asks for (else the account's).
async fn reset_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match link_user(&state, &token).await {
        Ok(Some(user)) => {
            let lang = crate::lang::asked(&headers).unwrap_or(user.item.language);
            page(&reset_view(Tr::new(lang), true, Vec::new()))
        }
        Ok(None) => {
            let mut r = page(&reset_view(Tr::new(Lang::En), false, Vec::new()));
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn reset<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let user = match link_user(&state, &token).await {
        Ok(Some(u)) => u,
        Ok(None) => {
            let mut r = page(&reset_view(Tr::new(Lang::En), false, Vec::new()));
            *r.status_mut() = StatusCode::NOT_FOUND;
            return r;
        }
        Err(e) => return e.into_response(),
    };
    // The language chosen on the form (else the account's) is the workspace's from now on.
    let language = field(&fields, "language").parse::<Lang>().unwrap_or(user.item.language);
    let tr = Tr::new(language);
    let (new, repeat) = (field(&fields, "new"), field(&fields, "repeat"));
    let mut errors = Vec::new();
    if let Some(message) = super::weak_password(tr, new, &user.item.email) {
        errors.push(("new".to_owned(), message));
    }
    if new != repeat {
        errors.push(("repeat".to_owned(), tr.t("account-repeat-differs")));
    }
    if !errors.is_empty() {
        let mut r = page(&reset_view(tr, true, errors));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return r;
    }
    let random = (state.random)();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&random[..16]);
    let new_owned = new.to_owned();
    let hash = match super::session::argon2(move || hash_password(&new_owned, &salt)).await.and_then(|h| h) {
        Ok(h) => h,
        Err(e) => return WebError(e).into_response(),
    };
    // Use the link only now, so a weak password does not spend it.
    match state.store.take_link(&sha256(&token), (state.clock)()).await {
        Ok(Some(id)) if id == user.id => {}
        Ok(_) => {
            let mut r = page(&reset_view(tr, false, Vec::new()));
            *r.status_mut() = StatusCode::NOT_FOUND;
            return r;
        }
        Err(e) => return WebError(e).into_response(),
    }
    let item = User { password_hash: hash, session_epoch: user.item.session_epoch + 1, language, ..user.item.clone() };
    let change = Change::by_user(user.id, (state.clock)());
    match RecordStore::<User>::update(&state.store, &change, user.id, user.version, item).await {
        Ok(_) => Redirect::to("/manage/login?done=password").into_response(),
        Err(e) => WebError(e).into_response(),
    }
}

pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub href: Option<String>,
    pub action: String,
    pub fields: String,
}

#[derive(Template)]
#[template(path = "manage/audit.html")]
struct AuditPage {
    desk: Desk,
    form: Fields,
    users: Vec<(String, String)>,
    kinds: Vec<(&'static str, String)>,
    rows: Vec<AuditRow>,
    error: Option<String>,
}

impl AuditPage {
    fn value(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

async fn audit<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let tr = ctx.tr();
    let mut error = None;
    let day = |name: &str, error: &mut Option<String>| match field(&q, name).trim() {
        "" => None,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) => d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t)),
            Err(_) => {
                *error = Some(tr.t("desk-error-date"));
                None
            }
        },
    };
    let filter = AuditFilter {
        actor: field(&q, "actor").parse::<i64>().ok().map(Id::new),
        kind: Kind::ALL.into_iter().find(|k| k.as_str() == field(&q, "kind")),
        record_id: field(&q, "record").trim().parse::<i64>().ok(),
        from: day("from", &mut error),
        until: day("until", &mut error).map(|d| d + chrono::Duration::days(1)),
        limit: 200,
    };
    let entries = match state.store.search_audit(&filter).await {
        Ok(e) => e,
        Err(e) => return WebError(e).into_response(),
    };
    // The names of the actors shown (and of the one filtered by), and the
    // partnerships the entries belong to: read by their ids.
    let actors = entries.iter().filter_map(|e| e.actor_id).chain(filter.actor).map(|a| a.get());
    let partnership_ids = entries.iter().filter_map(|e| e.partnership_id);
    let (users, partnerships) = match (
        by_ids::<User, _>(&state.store, actors).await,
        by_ids::<Partnership, _>(&state.store, partnership_ids).await,
    ) {
        (Ok(u), Ok(p)) => (u, p),
        (Err(e), _) | (_, Err(e)) => return WebError(e).into_response(),
    };
    let slug_of = |id: Option<i64>| partnerships.iter().find(|p| Some(p.id.get()) == id).map(|p| &p.item.slug);
    let zone = match super::records::reader_zone(&state, &ctx).await {
        Ok(z) => z,
        Err(e) => return WebError(e).into_response(),
    };
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: tr.moment(e.at, zone),
            who: super::history::who(tr, &users, e.actor_id, &e.via),
            what: format!("{} #{}", tr.word(crate::words::Word::Kind, e.kind.as_str()), e.record_id),
            href: slug_of(e.partnership_id)
                .filter(|_| !e.kind.is_personal())
                .map(|s| format!("/manage/{s}/history/{}/{}", e.kind.as_str(), e.record_id)),
            action: tr.word(crate::words::Word::History, e.action.as_str()),
            fields: e
                .changes
                .as_object()
                .map(|o| o.keys().map(|f| tr.label(f)).collect::<Vec<_>>().join(&tr.t("list-separator")))
                .unwrap_or_default(),
        })
        .collect();
    page(&AuditPage {
        desk: Desk::new(&ctx, tr.t("audit-title"), "audit"),
        users: users.iter().map(|u| (u.id.get().to_string(), u.item.display_name.clone())).collect(),
        kinds: Kind::ALL.iter().map(|k| (k.as_str(), tr.word(crate::words::Word::Kind, k.as_str()))).collect(),
        form: q,
        rows,
        error,
    })
}
