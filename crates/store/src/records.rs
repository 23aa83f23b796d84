//! One code path for every kind of item: create, read, update, delete with
//! validation, reference checks, optimistic concurrency and the audit log, written
//! once over SeaORM and used for both backends.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    ModelTrait, QueryFilter, QueryOrder, TryIntoModel,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use zusterstad_core::audit::{Action, Change, diff};
use zusterstad_core::{Error, FieldError, Id, Record, Reference, Result, Stored};

use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::Approval;
use zusterstad_core::documents::{Document, File};
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::{Ambassador, Person};
use zusterstad_core::registrations::EventRegistration;
use zusterstad_core::tokens::ApiToken;
use zusterstad_core::users::{RoleGrant, User};

use crate::entities::{self, audit_log};
use crate::errors;
use crate::files::Files;

/// Connects a `core` record type to its table.
pub trait Table: Record {
    type Entity: EntityTrait<Model = Self::Row, ActiveModel = Self::Active>;
    type Row: ModelTrait<Entity = Self::Entity>
        + FromQueryResult
        + Serialize
        + DeserializeOwned
        + IntoActiveModel<Self::Active>
        + Send
        + Sync;
    type Active: ActiveModelTrait<Entity = Self::Entity> + ActiveModelBehavior + TryIntoModel<Self::Row> + Send + Sync;
}

macro_rules! tables {
    ($($ty:ty => $module:ident),* $(,)?) => {
        $(impl Table for $ty {
            type Entity = entities::$module::Entity;
            type Row = entities::$module::Model;
            type Active = entities::$module::ActiveModel;
        })*
    };
}

tables! {
    File => file,
    City => city,
    Partnership => partnership,
    Organisation => organisation,
    OrganisationPair => organisation_pair,
    Programme => programme,
    Activity => activity,
    Document => document,
    Agreement => agreement,
    Person => person,
    Ambassador => ambassador,
    Event => event,
    NewsPost => news_post,
    Landmark => landmark,
    User => user_account,
    RoleGrant => role_grant,
    EventRegistration => event_registration,
    Approval => approval,
    ApiToken => api_token,
}

/// Both backends keep microseconds; cutting here makes what we return equal what a
/// later read returns.
pub(crate) fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

fn id_col() -> Expr {
    Expr::col(Alias::new("id"))
}

fn to_json<S: Serialize>(value: &S) -> Result<Value> {
    serde_json::to_value(value).map_err(errors::json)
}

pub(crate) fn row_to_stored<T: Table>(row: T::Row) -> Result<Stored<T>> {
    serde_json::from_value(to_json(&row)?).map_err(errors::json)
}

fn active_from<T: Table>(mut value: Value, keep_id: bool) -> Result<T::Active> {
    if !keep_id && let Some(obj) = value.as_object_mut() {
        obj.remove("id");
    }
    T::Active::from_json(value).map_err(errors::map)
}

/// Refuses a change whose references point to no item, naming the field.
async fn check_references<C: ConnectionTrait>(db: &C, refs: &[Reference]) -> Result<()> {
    let mut fields = Vec::new();
    for r in refs {
        let query = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new(r.kind.as_str()))
            .and_where(id_col().eq(r.id))
            .to_owned();
        if db.query_one(&query).await.map_err(errors::map)?.is_none() {
            fields.push(FieldError {
                field: r.field.to_owned(),
                message: format!("refers to {} {}, which does not exist", r.kind, r.id),
            });
        }
    }
    if fields.is_empty() { Ok(()) } else { Err(Error::Invalid { fields }) }
}

pub(crate) async fn write_audit<C: ConnectionTrait>(
    db: &C,
    change: &Change,
    kind: zusterstad_core::Kind,
    record_id: i64,
    action: Action,
    changes: Value,
) -> Result<i64> {
    let entry = audit_log::ActiveModel {
        seq: ActiveValue::NotSet,
        at: ActiveValue::Set(micros(change.at)),
        actor_id: ActiveValue::Set(change.actor.map(|a| a.get())),
        via: ActiveValue::Set(change.via.clone()),
        kind: ActiveValue::Set(kind.as_str().to_owned()),
        record_id: ActiveValue::Set(record_id),
        action: ActiveValue::Set(action.as_str().to_owned()),
        changes: ActiveValue::Set(changes),
    };
    let saved = entry.insert(db).await.map_err(errors::map)?;
    Ok(saved.seq)
}

pub(crate) async fn get<T: Table, C: ConnectionTrait>(db: &C, id: Id<T>) -> Result<Stored<T>> {
    get_in(None, db, id).await
}

pub(crate) async fn list<T: Table, C: ConnectionTrait>(db: &C) -> Result<Vec<Stored<T>>> {
    list_in(None, db).await
}

pub(crate) async fn create<T: Table, C: ConnectionTrait>(db: &C, change: &Change, item: T) -> Result<Stored<T>> {
    create_in(None, db, change, item).await
}

/// A row as an item, with a file's bytes fetched from the file store.
async fn load_row<T: Table>(files: Option<&Files>, row: T::Row) -> Result<Stored<T>> {
    let mut value = to_json(&row)?;
    crate::files::fill(files, T::KIND, &mut value).await?;
    serde_json::from_value(value).map_err(errors::json)
}

/// An item as a row to write: a file's bytes go to the file store first. Returns the
/// row's JSON and the content it had (to give back to the caller unchanged).
async fn store_row<T: Table, S: Serialize>(files: Option<&Files>, stored: &S) -> Result<(Value, Option<Value>)> {
    let mut value = to_json(stored)?;
    let original = value.get("content").cloned();
    crate::files::offload(files, T::KIND, &mut value).await?;
    Ok((value, original))
}

fn restore(mut value: Value, original: Option<Value>) -> Value {
    if let (Some(obj), Some(content)) = (value.as_object_mut(), original)
        && obj.contains_key("content")
    {
        obj.insert("content".into(), content);
    }
    value
}

pub(crate) async fn get_in<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    id: Id<T>,
) -> Result<Stored<T>> {
    let row = T::Entity::find().filter(id_col().eq(id.get())).one(db).await.map_err(errors::map)?;
    match row {
        Some(row) => load_row::<T>(files, row).await,
        None => Err(Error::NotFound { kind: T::KIND.as_str(), id: id.to_string() }),
    }
}

pub(crate) async fn list_in<T: Table, C: ConnectionTrait>(files: Option<&Files>, db: &C) -> Result<Vec<Stored<T>>> {
    let rows = T::Entity::find().order_by_asc(id_col()).all(db).await.map_err(errors::map)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(load_row::<T>(files, row).await?);
    }
    Ok(out)
}

pub(crate) async fn create_in<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    change: &Change,
    item: T,
) -> Result<Stored<T>> {
    item.validate()?;
    check_references(db, &item.references()).await?;
    let at = micros(change.at);
    let draft = Stored { id: Id::new(0), version: 1, created_at: at, updated_at: at, item };
    let (value, original) = store_row::<T, _>(files, &draft).await?;
    let active = active_from::<T>(value, false)?;
    let row = active.insert(db).await.map_err(errors::map)?;
    let stored: Stored<T> = serde_json::from_value(restore(to_json(&row)?, original)).map_err(errors::json)?;
    let after = to_json(&stored.item)?;
    write_audit(db, change, T::KIND, stored.id.get(), Action::Create, diff(None, Some(&after))).await?;
    Ok(stored)
}

fn conflict<T: Record>(id: Id<T>, expected: i64, current: i64) -> Error {
    Error::Conflict(format!(
        "{} {id} was changed by someone else (you edited version {expected}, it is now at version {current}); \
         nothing was saved",
        T::KIND
    ))
}

/// The row with this id, only while it still has the version the change was made from.
fn same_version<T>(id: Id<T>, expected_version: i64) -> sea_orm::Condition {
    sea_orm::Condition::all().add(id_col().eq(id.get())).add(Expr::col(Alias::new("version")).eq(expected_version))
}

/// A guarded write touched no row: another writer got in between our read and our
/// write, so the change is refused rather than applied over theirs.
async fn exactly_one<T: Table, C: ConnectionTrait>(db: &C, id: Id<T>, expected: i64, affected: u64) -> Result<()> {
    if affected == 1 {
        return Ok(());
    }
    let now = get(db, id).await?;
    Err(conflict(id, expected, now.version))
}

pub(crate) async fn update<T: Table, C: ConnectionTrait>(
    db: &C,
    change: &Change,
    id: Id<T>,
    expected_version: i64,
    item: T,
) -> Result<Stored<T>> {
    update_in(None, db, change, id, expected_version, item).await
}

pub(crate) async fn update_in<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    change: &Change,
    id: Id<T>,
    expected_version: i64,
    item: T,
) -> Result<Stored<T>> {
    item.validate()?;
    let current = get_in(files, db, id).await?;
    if current.version != expected_version {
        return Err(conflict(id, expected_version, current.version));
    }
    check_references(db, &item.references()).await?;
    let next = Stored {
        id,
        version: current.version + 1,
        created_at: current.created_at,
        updated_at: micros(change.at),
        item,
    };
    let (value, _) = store_row::<T, _>(files, &next).await?;
    let active = active_from::<T>(value, false)?;
    let result = T::Entity::update_many()
        .set(active)
        .filter(same_version(id, expected_version))
        .exec(db)
        .await
        .map_err(errors::map)?;
    exactly_one(db, id, expected_version, result.rows_affected).await?;
    let changes = diff(Some(&to_json(&current.item)?), Some(&to_json(&next.item)?));
    write_audit(db, change, T::KIND, id.get(), Action::Update, changes).await?;
    Ok(next)
}

pub(crate) async fn delete<T: Table, C: ConnectionTrait>(
    db: &C,
    change: &Change,
    id: Id<T>,
    expected_version: i64,
) -> Result<()> {
    let current = get(db, id).await?;
    if current.version != expected_version {
        return Err(conflict(id, expected_version, current.version));
    }
    let result =
        T::Entity::delete_many().filter(same_version(id, expected_version)).exec(db).await.map_err(errors::map)?;
    exactly_one(db, id, expected_version, result.rows_affected).await?;
    write_audit(db, change, T::KIND, id.get(), Action::Delete, diff(Some(&to_json(&current.item)?), None)).await?;
    Ok(())
}

/// Inserts a row exactly as exported (id, version and timestamps included). Only for
/// import into an empty database.
pub(crate) async fn insert_exact<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    row: Value,
) -> Result<()> {
    let stored: Stored<T> = serde_json::from_value(row).map_err(|e| Error::invalid(T::KIND.as_str(), e.to_string()))?;
    stored.item.validate()?;
    let (value, _) = store_row::<T, _>(files, &stored).await?;
    let active = active_from::<T>(value, true)?;
    T::Entity::insert(active).exec_without_returning(db).await.map_err(errors::map)?;
    Ok(())
}
