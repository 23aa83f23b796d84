//! Writing through the API: with a token (`Authorization: Bearer zst_…`) that an
//! admin issued for one role of one account, a client creates, changes, deletes and
//! approves items of a partnership under the workspace's rules: the same permission
//! check (`Principal::may_edit_item`), the same validation (the store's), the same
//! translation statuses (`Localized::edit`), optimistic concurrency by version, and
//! every change in the audit log (`via: api`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};
use zusterstad_core::access::{Permission, Principal};
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::{Approval, approved_sides, cleared};
use zusterstad_core::audit::Change;
use zusterstad_core::documents::Document;
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::portal::Portal;
use zusterstad_core::store::RecordStore;
use zusterstad_core::store::approvals_of;
use zusterstad_core::users::{RoleGrant, User};
use zusterstad_core::{Error, Id, Lang, Localized, Record, Stored, tokens};

use super::{FieldProblem, from_error, json as json_response, problem};
use crate::{AppState, WebStore};

/// A kind of item the API writes.
pub trait Writable: Record + ToSchema {
    /// The path segment of its list, e.g. `events`.
    const SEGMENT: &'static str;
    /// The published item `id` of this kind, as the portal shows it.
    fn published<S: WebStore>(
        store: &S,
        p: &Portal,
        id: i64,
    ) -> impl Future<Output = zusterstad_core::Result<Option<Stored<Self>>>> + Send;
}

macro_rules! writable {
    ($($ty:ty, $segment:literal, |$p:ident| $published:expr;)*) => {$(
        impl Writable for $ty {
            const SEGMENT: &'static str = $segment;
            async fn published<S: WebStore>(_: &S, $p: &Portal, id: i64) -> zusterstad_core::Result<Option<Stored<Self>>> {
                let shown: Vec<&Stored<Self>> = $published;
                Ok(shown.into_iter().find(|s| s.id.get() == id).cloned())
            }
        }
    )*};
}

impl Writable for Activity {
    const SEGMENT: &'static str = "activities";
    async fn published<S: WebStore>(store: &S, p: &Portal, id: i64) -> zusterstad_core::Result<Option<Stored<Self>>> {
        p.activity(store, id).await
    }
}

impl Writable for Event {
    const SEGMENT: &'static str = "events";
    async fn published<S: WebStore>(store: &S, p: &Portal, id: i64) -> zusterstad_core::Result<Option<Stored<Self>>> {
        p.event(store, id).await
    }
}

impl Writable for NewsPost {
    const SEGMENT: &'static str = "news";
    async fn published<S: WebStore>(store: &S, p: &Portal, id: i64) -> zusterstad_core::Result<Option<Stored<Self>>> {
        p.news_by_id(store, id).await
    }
}

writable! {
    Agreement, "agreements", |p| p.agreements.iter().map(|(a, _)| a).collect();
    Organisation, "organisations", |p| p.organisations.iter().collect();
    OrganisationPair, "pairs", |p| p.pairs.iter().collect();
    Programme, "programmes", |p| p.programmes.iter().collect();
    Landmark, "symbols", |p| p.landmarks.iter().collect();
    Document, "documents", |p| p.documents.iter().map(|(d, _)| d).collect();
}

/// The body that creates an item: its fields, texts as [`TextInput`]s.
pub struct New<T>(PhantomData<T>);

/// The body of a change: any fields of the item, and the version it was made from.
pub struct Patch<T>(PhantomData<T>);

fn integer(description: &str, minimum: i64) -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(minimum))
            .description(Some(description))
            .build(),
    ))
}

/// `T`'s schema with its texts written as inputs (a string or `{value}` per language).
fn input_schema<T: ToSchema>() -> RefOr<Schema> {
    let mut s = T::schema();
    if let RefOr::T(Schema::Object(o)) = &mut s {
        for (_, property) in o.properties.iter_mut() {
            if is_text(property) {
                *property = RefOr::Ref(utoipa::openapi::Ref::from_schema_name("LocalizedInput"));
            }
        }
    }
    s
}

/// A text as written through the API: per language, the text itself or an object
/// with its `value` (a `status` given there is checked, and then derived as in the
/// workspace).
fn text_input_schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    use utoipa::openapi::schema::OneOfBuilder;
    let entry = OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String))
        .item(
            ObjectBuilder::new()
                .property("value", ObjectBuilder::new().schema_type(Type::String))
                .required("value")
                .property("status", RefOr::Ref(utoipa::openapi::Ref::from_schema_name("TextStatus"))),
        )
        .description(Some("The text in this language: a string, or an object with its value"))
        .build();
    let mut localized = ObjectBuilder::new().description(Some(
        "A text in the languages given. A new text in the original's language makes translations stale; \
         a text in another language is a translation; an empty one is missing.",
    ));
    for lang in ["nl", "ja", "en"] {
        localized = localized.property(lang, RefOr::Ref(utoipa::openapi::Ref::from_schema_name("TextInput")));
    }
    schemas.push(("TextInput".into(), RefOr::T(Schema::OneOf(entry))));
    schemas.push(("LocalizedInput".into(), RefOr::T(Schema::Object(localized.build()))));
    schemas.push((zusterstad_core::TextStatus::name().into_owned(), zusterstad_core::TextStatus::schema()));
}

impl<T: ToSchema> PartialSchema for New<T> {
    fn schema() -> RefOr<Schema> {
        let mut s = input_schema::<T>();
        if let RefOr::T(Schema::Object(o)) = &mut s {
            // The path names the partnership; a new item is a draft and not an example
            // unless the body says otherwise.
            o.required.retain(|f| !matches!(f.as_str(), "partnership_id" | "publication" | "example"));
        }
        s
    }
}

impl<T: ToSchema> ToSchema for New<T> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("New{}", T::name()))
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        T::schemas(schemas);
        text_input_schemas(schemas);
    }
}

impl<T: ToSchema> PartialSchema for Patch<T> {
    fn schema() -> RefOr<Schema> {
        let mut s = input_schema::<T>();
        if let RefOr::T(Schema::Object(o)) = &mut s {
            o.required = vec!["version".into()];
            o.properties.insert("version".into(), integer("The version this change was made from", 1));
            o.description = Some(
                "The fields to change (the others stay as they are) and the version they were read in. \
                 A text may name only the languages that change."
                    .into(),
            );
        }
        s
    }
}

impl<T: ToSchema> ToSchema for Patch<T> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("{}Patch", T::name()))
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        T::schemas(schemas);
        text_input_schemas(schemas);
    }
}

/// Approving a joint item's version on behalf of the token's city.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // read as JSON by `approve`, which also takes `3.0` for 3
pub struct ApprovalRequest {
    /// The version being approved: the one the coordinator read.
    #[schema(minimum = 1)]
    pub version: i64,
}

/// Who approved an item's version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalState {
    pub version: i64,
    /// The cities (ids) that approved this version.
    pub approved_by: Vec<i64>,
    /// Both cities approved: the item may be public.
    pub cleared: bool,
}

/// A `401` with the reason and the `WWW-Authenticate` challenge.
fn unauthorized(reason: &str) -> Response {
    let mut r = problem(StatusCode::UNAUTHORIZED, reason, Vec::new());
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"zusterstad\", error=\"invalid_token\""),
    );
    r
}

/// Who calls: `None` without an `Authorization` header; a `401` when the header is
/// there but names no usable token (unknown, revoked, the account disabled or no
/// longer holding the token's role).
pub async fn caller<S: WebStore>(state: &AppState<S>, headers: &HeaderMap) -> Result<Option<Principal>, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(unauthorized("send the token as: Authorization: Bearer zst_…"));
    };
    let found = state.store.api_token_by_hash(&tokens::hash(token)).await.map_err(from_error)?;
    let Some(found) = found else { return Err(unauthorized("this token is not known")) };
    if found.item.revoked_at.is_some() {
        return Err(unauthorized("this token was revoked"));
    }
    let user = RecordStore::<User>::get(&state.store, found.item.user_id).await.map_err(from_error)?;
    if user.item.disabled {
        return Err(unauthorized("the account of this token is disabled"));
    }
    let grants: Vec<RoleGrant> = zusterstad_core::store::grants_of(&state.store, found.item.user_id)
        .await
        .map_err(from_error)?
        .into_iter()
        .map(|g| g.item)
        .collect();
    match found.item.principal(&grants) {
        Some(p) => Ok(Some(p)),
        None => Err(unauthorized("the account of this token no longer has the token's role")),
    }
}

/// The token's principal and the partnership of the path, for a write.
async fn target<S: WebStore>(
    state: &AppState<S>,
    headers: &HeaderMap,
    slug: &str,
) -> Result<(Principal, Stored<Partnership>), Response> {
    let Some(principal) = caller(state, headers).await? else {
        return Err(unauthorized("writing needs an API token: Authorization: Bearer zst_…"));
    };
    match state.store.partnership_by_slug(slug).await {
        Ok(p) => Ok((principal, p)),
        Err(Error::NotFound { .. }) => {
            Err(problem(StatusCode::NOT_FOUND, &format!("there is no partnership {slug}"), Vec::new()))
        }
        Err(e) => Err(from_error(e)),
    }
}

/// The token's principal, the partnership and its item `id`, for a change.
async fn target_item<S: WebStore + RecordStore<T>, T: Writable>(
    state: &AppState<S>,
    headers: &HeaderMap,
    slug: &str,
    id: &str,
) -> Result<(Principal, Stored<Partnership>, Stored<T>), Response> {
    let (principal, p) = target(state, headers, slug).await?;
    let item = existing::<S, T>(state, &p, id).await?;
    Ok((principal, p, item))
}

fn forbidden(what: &str) -> Response {
    problem(StatusCode::FORBIDDEN, &format!("this token's role may not {what}"), Vec::new())
}

fn not_found<T: Writable>(id: &str) -> Response {
    problem(StatusCode::NOT_FOUND, &format!("there is no {} {id} in this partnership", T::KIND), Vec::new())
}

/// The item `id` of partnership `p`, or a 404.
async fn existing<S: WebStore + RecordStore<T>, T: Writable>(
    state: &AppState<S>,
    p: &Stored<Partnership>,
    id: &str,
) -> Result<Stored<T>, Response> {
    let Ok(num) = id.parse::<i64>() else { return Err(not_found::<T>(id)) };
    match RecordStore::<T>::get(&state.store, Id::new(num)).await {
        Ok(s) if partnership_of(&s.item) == Some(p.id.get()) => Ok(s),
        Ok(_) | Err(Error::NotFound { .. }) => Err(not_found::<T>(id)),
        Err(e) => Err(from_error(e)),
    }
}

fn partnership_of<T: Record>(item: &T) -> Option<i64> {
    serde_json::to_value(item).ok()?.get("partnership_id")?.as_i64()
}

fn bad_request(detail: &str) -> Response {
    problem(StatusCode::BAD_REQUEST, detail, Vec::new())
}

fn unprocessable(errors: Vec<FieldProblem>) -> Response {
    problem(StatusCode::UNPROCESSABLE_ENTITY, "the item has errors; nothing was saved", errors)
}

fn field(name: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field: name.into(), message: message.into(), code: None }
}

/// The body as a JSON object, or why not.
fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(e) => Err(format!("the body is not JSON: {e}")),
    }
}

/// The fields of a kind, which of them are texts, from its schema.
struct Shape {
    fields: Vec<String>,
    texts: Vec<String>,
}

fn is_text(s: &RefOr<Schema>) -> bool {
    match s {
        RefOr::Ref(r) => r.ref_location.ends_with("/Localized"),
        RefOr::T(Schema::OneOf(o)) => o.items.iter().any(is_text),
        RefOr::T(_) => false,
    }
}

fn shape<T: ToSchema>() -> Shape {
    match T::schema() {
        RefOr::T(Schema::Object(o)) => Shape {
            texts: o.properties.iter().filter(|(_, s)| is_text(s)).map(|(k, _)| k.clone()).collect(),
            fields: o.properties.into_keys().collect(),
        },
        _ => Shape { fields: Vec::new(), texts: Vec::new() },
    }
}

/// The language of the writer's city (a coordinator's side), if the writer has one.
async fn home_language<S: WebStore>(
    state: &AppState<S>,
    principal: &Principal,
    p: &Stored<Partnership>,
) -> Option<Lang> {
    let side = principal.side(p.id)?;
    let city: Stored<zusterstad_core::partnerships::City> = RecordStore::get(&state.store, side).await.ok()?;
    Some(Lang::of_country(&city.item.country))
}

/// Applies a body to an item (as JSON): fields replace, texts change per language
/// the way a translator's form does. Of several languages given for a new text, the
/// one the writer marks `"status": "original"` is the original, else `home` (the
/// language of the writer's city), else the first. Problems are collected by field.
fn apply<T: Writable>(
    base: &mut Map<String, Value>,
    body: Map<String, Value>,
    p: &Stored<Partnership>,
    home: Option<Lang>,
) -> Vec<FieldProblem> {
    let shape = shape::<T>();
    let mut errors = Vec::new();
    for (name, value) in body {
        if matches!(name.as_str(), "id" | "version" | "created_at" | "updated_at") {
            continue;
        }
        if !shape.fields.contains(&name) {
            errors.push(field(&name, format!("is not a field of {}", T::KIND)));
        } else if name == "partnership_id" {
            if value.as_i64() != Some(p.id.get()) {
                errors.push(field(&name, format!("must be {}, the id of partnership {}", p.id, p.item.slug)));
            }
        } else if shape.texts.contains(&name) {
            let mut text: Localized =
                base.get(&name).and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
            let Value::Object(langs) = value else {
                errors.push(field(&name, "must be an object with a text per language (nl, ja, en)"));
                continue;
            };
            let marked = |entry: &Value| entry.get("status").and_then(Value::as_str) == Some("original");
            let mut langs: Vec<(String, Value)> = langs.into_iter().collect();
            langs.sort_by_key(|(code, entry)| (!marked(entry), home.is_none_or(|h| h.code() != code)));
            for (code, entry) in langs {
                let Ok(lang) = code.parse::<Lang>() else {
                    errors.push(field(format!("{name}.{code}"), "is not a language: use nl, ja or en"));
                    continue;
                };
                let written = match &entry {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(o) => {
                        if let Some(status) = o.get("status")
                            && serde_json::from_value::<zusterstad_core::TextStatus>(status.clone()).is_err()
                        {
                            errors.push(field(
                                format!("{name}.{code}.status"),
                                "is not a status: original, translated, machine, stale or missing",
                            ));
                        }
                        o.get("value").and_then(Value::as_str)
                    }
                    _ => None,
                };
                match written {
                    Some(s) => text.edit(lang, s.replace("\r\n", "\n").trim_end().to_owned()),
                    None => errors.push(field(format!("{name}.{code}"), "must be a text, or an object with a value")),
                }
            }
            base.insert(name, serde_json::to_value(text).unwrap_or(Value::Null));
        } else {
            base.insert(name, value);
        }
    }
    errors
}

/// A whole number, also when written as `3.0`.
fn whole(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15).map(|f| f as i64))
}

/// The item from its JSON, or the field that is wrong.
fn typed<T: Record>(value: Value) -> Result<T, FieldProblem> {
    let top = |path: &str| path == ".";
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        match message.strip_prefix("missing field `").and_then(|m| m.split_once('`')) {
            Some((name, _)) => {
                let name = if top(&path) { name.to_owned() } else { format!("{path}.{name}") };
                field(name, "is required")
            }
            None => field(if top(&path) { "body".to_owned() } else { path }, message),
        }
    })
}

/// Checks and saves `value` as a `T` of partnership `p`: new (`existing` none) or
/// a change of `existing` made from `version`.
async fn save<S: WebStore + RecordStore<T>, T: Writable>(
    state: &AppState<S>,
    principal: &Principal,
    p: &Stored<Partnership>,
    existing: Option<(Id<T>, i64)>,
    value: Value,
) -> Response {
    let item = match typed::<T>(value) {
        Ok(item) => item,
        Err(e) => return unprocessable(vec![e]),
    };
    match crate::scope::outside(&state.store, p, &item.references()).await {
        Ok(fields) if fields.is_empty() => {}
        Ok(fields) => {
            return unprocessable(
                fields
                    .into_iter()
                    .map(|f| field(f, format!("must be an item of partnership {}", p.item.slug)))
                    .collect(),
            );
        }
        Err(e) => return from_error(e),
    }
    let change = Change::by_token(principal.user, (state.clock)());
    let result = match existing {
        Some((id, version)) => RecordStore::<T>::update(&state.store, &change, id, version, item).await,
        None => RecordStore::<T>::create(&state.store, &change, item).await,
    };
    match result {
        Ok(saved) => {
            state.pages.changed();
            let body = serde_json::to_string(&saved).unwrap_or_default();
            let status = if existing.is_some() { StatusCode::OK } else { StatusCode::CREATED };
            let mut r = (status, body).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            let location = format!("/api/v1/partnerships/{}/{}/{}", p.item.slug, T::SEGMENT, saved.id);
            if let Ok(v) = HeaderValue::from_str(&location) {
                h.insert(header::LOCATION, v);
            }
            r
        }
        Err(e) => write_error(e),
    }
}

fn write_error(e: Error) -> Response {
    match e {
        Error::Invalid { fields } => unprocessable(
            fields
                .into_iter()
                .map(|f| FieldProblem { field: f.field, message: f.message, code: f.code.map(str::to_owned) })
                .collect(),
        ),
        Error::Conflict(message) => problem(StatusCode::CONFLICT, &message, Vec::new()),
        other => from_error(other),
    }
}

pub async fn create<S: WebStore + RecordStore<T>, T: Writable>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (principal, p) = match target(&state, &headers, &slug).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !principal.may_edit_item(p.id, T::KIND, None) {
        return forbidden(&format!("create {} items in {slug}", T::KIND));
    }
    let body = match object(&body) {
        Ok(b) => b,
        Err(why) => return bad_request(&why),
    };
    let mut base = Map::new();
    base.insert("partnership_id".into(), json!(p.id.get()));
    base.insert("publication".into(), json!("draft"));
    base.insert("example".into(), json!(false));
    let errors = apply::<T>(&mut base, body, &p, home_language(&state, &principal, &p).await);
    if !errors.is_empty() {
        return unprocessable(errors);
    }
    save::<S, T>(&state, &principal, &p, None, Value::Object(base)).await
}

/// One item: published ones for everyone; with a token that may see the
/// partnership's workspace, drafts and unapproved joint items too.
pub async fn one<S: WebStore + RecordStore<T>, T: Writable>(
    State(state): State<AppState<S>>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    // Without a token, only what the portal shows.
    if headers.contains_key(header::AUTHORIZATION) {
        let (principal, p) = match target(&state, &headers, &slug).await {
            Ok(x) => x,
            Err(r) => return r,
        };
        if principal.may(Permission::ViewPartnership(p.id)) {
            return match existing::<S, T>(&state, &p, &id).await {
                Ok(s) => json_response(&s, &headers),
                Err(r) => r,
            };
        }
    }
    let portal = match state.portal(&slug).await {
        Ok(p) => p,
        Err(e) => return from_error(e.0),
    };
    let found = match id.parse::<i64>() {
        Ok(n) => T::published(&state.store, &portal, n).await,
        Err(_) => Ok(None),
    };
    match found {
        Ok(Some(s)) => json_response(&s, &headers),
        Ok(None) => problem(StatusCode::NOT_FOUND, &format!("there is no published {} {id}", T::KIND), Vec::new()),
        Err(e) => from_error(e),
    }
}

pub async fn update<S: WebStore + RecordStore<T>, T: Writable>(
    State(state): State<AppState<S>>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (principal, p, current) = match target_item::<S, T>(&state, &headers, &slug, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !principal.may_edit_item(p.id, T::KIND, Some(current.id.get())) {
        return forbidden(&format!("change {} {id}", T::KIND));
    }
    let body = match object(&body) {
        Ok(b) => b,
        Err(why) => return bad_request(&why),
    };
    let version = match body.get("version").map(whole) {
        Some(Some(v)) if v >= 1 => v,
        Some(_) => return unprocessable(vec![field("version", "must be a whole number from 1")]),
        None => return unprocessable(vec![field("version", "is required: the version the change was made from")]),
    };
    let Ok(Value::Object(mut base)) = serde_json::to_value(&current.item) else {
        return problem(StatusCode::INTERNAL_SERVER_ERROR, "could not read the item", Vec::new());
    };
    let errors = apply::<T>(&mut base, body, &p, home_language(&state, &principal, &p).await);
    if !errors.is_empty() {
        return unprocessable(errors);
    }
    save::<S, T>(&state, &principal, &p, Some((current.id, version)), Value::Object(base)).await
}

pub async fn remove<S: WebStore + RecordStore<T>, T: Writable>(
    State(state): State<AppState<S>>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let (principal, p, current) = match target_item::<S, T>(&state, &headers, &slug, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !principal.may(Permission::EditPartnership(p.id)) {
        return forbidden(&format!("delete {} {id}", T::KIND));
    }
    let unknown: Vec<FieldProblem> =
        q.keys().filter(|k| *k != "version").map(|k| field(k, "is not a parameter of this request")).collect();
    let version = q.get("version").and_then(|v| v.trim().parse::<i64>().ok()).filter(|v| *v >= 1);
    let Some(version) = version.filter(|_| unknown.is_empty()) else {
        let mut errors = unknown;
        if version.is_none() {
            errors.push(field("version", "is required: a whole number from 1, the version being deleted"));
        }
        return problem(StatusCode::BAD_REQUEST, "the query has errors", errors);
    };
    let item = serde_json::to_value(&current.item).unwrap_or_default();
    match crate::manage::joint_allows_delete(&state, &principal, T::KIND, current.id.get(), version, &item).await {
        Ok(true) => {}
        Ok(false) => {
            return problem(
                StatusCode::CONFLICT,
                &format!(
                    "{} {id} is joint: both cities approve archiving it first (then it can be deleted), \
                     or an admin deletes it",
                    T::KIND
                ),
                Vec::new(),
            );
        }
        Err(e) => return from_error(e),
    }
    let change = Change::by_token(principal.user, (state.clock)());
    match RecordStore::<T>::delete(&state.store, &change, current.id, version).await {
        Ok(()) => {
            state.pages.changed();
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => write_error(e),
    }
}

/// Approves a joint item's version for the token's city (coordinators only, as in
/// the workspace).
pub async fn approve<S: WebStore + RecordStore<T>, T: Writable>(
    State(state): State<AppState<S>>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (principal, p, current) = match target_item::<S, T>(&state, &headers, &slug, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(side) = principal.side(p.id).filter(|s| principal.may(Permission::Approve(p.id, *s))) else {
        return forbidden("approve on behalf of a city (only its coordinators can)");
    };
    let version = match object(&body).map(|b| b.get("version").and_then(whole)) {
        Ok(Some(v)) if v >= 1 => v,
        Ok(_) => return unprocessable(vec![field("version", "is required: a whole number from 1")]),
        Err(why) => return bad_request(&why),
    };
    let joint = serde_json::to_value(&current.item).ok().and_then(|v| v.get("joint")?.as_bool()).unwrap_or(false);
    let governed = match crate::manage::under_joint_control(&state, T::KIND, current.id.get(), joint).await {
        Ok(g) => g,
        Err(e) => return from_error(e),
    };
    if !governed {
        return problem(StatusCode::CONFLICT, &format!("{} {id} is not a joint item", T::KIND), Vec::new());
    }
    if version != current.version {
        return problem(
            StatusCode::CONFLICT,
            &format!(
                "{} {id} is at version {}, not {}: read it again before approving",
                T::KIND,
                current.version,
                version
            ),
            Vec::new(),
        );
    }
    let change = Change::by_token(principal.user, (state.clock)());
    let recorded =
        crate::manage::record_approval(&state, &change, side, T::KIND, current.id.get(), current.version).await;
    if let Err(e) = recorded {
        return from_error(e);
    }
    let all: Vec<Stored<Approval>> = match approvals_of(&state.store, T::KIND, [current.id.get()]).await {
        Ok(a) => a,
        Err(e) => return from_error(e),
    };
    let state_body = ApprovalState {
        version: current.version,
        cleared: cleared(&p.item, &all, T::KIND, true, current.id.get(), current.version),
        approved_by: approved_sides(&all, T::KIND, current.id.get(), current.version).iter().map(|c| c.get()).collect(),
    };
    json_response(&state_body, &headers)
}

/// A file's bytes, as the body of an upload.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // only documents the body; `upload` reads the bytes
pub struct FileBytes(Vec<u8>);

/// A stored file, for a document to name by `file_id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoredFile {
    pub file_id: i64,
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
}

/// Stores a file (PDF, JPEG or PNG, the type read from the content, at most 25 MB)
/// sent as the body; the same bytes sent twice are one file. A document then names it.
pub async fn upload<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (principal, p) = match target(&state, &headers, &slug).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !principal.may(Permission::EditPartnership(p.id)) {
        return forbidden(&format!("upload files to {slug}"));
    }
    let media_type = match crate::manage::uploads::sniff(crate::i18n::Tr::new(Lang::En), &body) {
        Ok(t) => t,
        Err(message) => return unprocessable(vec![field("body", message)]),
    };
    let size_bytes = body.len() as i64;
    let change = Change::by_token(principal.user, (state.clock)());
    match crate::manage::uploads::keep_file(&state, &change, p.id, media_type, body.to_vec()).await {
        Ok(id) => {
            let stored = StoredFile {
                file_id: id.get(),
                sha256: tokens::hash_bytes(&body),
                media_type: media_type.to_owned(),
                size_bytes,
            };
            let mut r = (StatusCode::CREATED, serde_json::to_string(&stored).unwrap_or_default()).into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            r
        }
        Err(e) => write_error(e),
    }
}

/// Schemas the path macros refer to by name.
pub type NewEvent = New<Event>;
pub type NewNews = New<NewsPost>;
pub type NewActivity = New<Activity>;
pub type NewAgreement = New<Agreement>;
pub type NewOrganisation = New<Organisation>;
pub type NewPair = New<OrganisationPair>;
pub type NewProgramme = New<Programme>;
pub type NewSymbol = New<Landmark>;
pub type EventPatch = Patch<Event>;
pub type NewsPatch = Patch<NewsPost>;
pub type ActivityPatch = Patch<Activity>;
pub type AgreementPatch = Patch<Agreement>;
pub type OrganisationPatch = Patch<Organisation>;
pub type PairPatch = Patch<OrganisationPair>;
pub type ProgrammePatch = Patch<Programme>;
pub type SymbolPatch = Patch<Landmark>;
pub type NewDocument = New<Document>;
pub type DocumentPatch = Patch<Document>;
