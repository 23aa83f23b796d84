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
use zusterstad_core::problem::Problem;
use zusterstad_core::query::{self, Cond, Dir, ListQuery, Page};
use zusterstad_core::{Error, Id, Record, Reference, Result, Stored};

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

/// Refuses a change whose references point to no item, or (for an item of partnership
/// `owner`) to an item of another partnership, naming the field.
async fn check_references<C: ConnectionTrait>(db: &C, owner: Option<i64>, refs: &[Reference]) -> Result<()> {
    let mut fields = Vec::new();
    for r in refs {
        let scoped = r.kind.belongs_to_partnership();
        let mut query = Query::select();
        if scoped {
            query.column(Alias::new("partnership_id"));
        } else {
            query.expr(Expr::val(1));
        }
        query.from(Alias::new(r.kind.as_str())).and_where(id_col().eq(r.id));
        let problem = match db.query_one(&query).await.map_err(errors::map)? {
            None => Problem::RefersToNothing { kind: r.kind.as_str().to_owned(), id: r.id },
            Some(row) if scoped => {
                let theirs = row.try_get_by_index::<Option<i64>>(0).map_err(errors::map)?;
                match (owner, theirs) {
                    (Some(mine), Some(theirs)) if mine != theirs => {
                        Problem::OtherPartnership { kind: r.kind.as_str().to_owned(), id: r.id }
                    }
                    _ => continue,
                }
            }
            Some(_) => continue,
        };
        fields.push(problem.on(r.field));
    }
    if fields.is_empty() { Ok(()) } else { Err(Error::Invalid { fields }) }
}

/// The partnerships whose pages, search and feeds a change to this item moves: its
/// own partnership, the partnership of what it belongs to (a registration's event, an
/// approval's item), or every partnership of a city. `INSTANCE` stands for the list
/// of partnerships itself (a partnership or a city changed).
pub(crate) async fn touched<C: ConnectionTrait>(
    db: &C,
    kind: zusterstad_core::Kind,
    record_id: i64,
    item: &Value,
) -> Result<Vec<i64>> {
    use zusterstad_core::Kind;
    let number = |field: &str| item.get(field).and_then(Value::as_i64);
    let mut out = match kind {
        Kind::Partnership => vec![INSTANCE, record_id],
        Kind::City => {
            let query = Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("partnership"))
                .cond_where(
                    sea_orm::Condition::any()
                        .add(Expr::col(Alias::new("city_a_id")).eq(record_id))
                        .add(Expr::col(Alias::new("city_b_id")).eq(record_id)),
                )
                .to_owned();
            let mut ids = vec![INSTANCE];
            for row in db.query_all(&query).await.map_err(errors::map)? {
                ids.push(row.try_get_by_index::<i64>(0).map_err(errors::map)?);
            }
            ids
        }
        Kind::Registration => match number("event_id") {
            Some(event) => partnership_of(db, Kind::Event, event).await?.into_iter().collect(),
            None => Vec::new(),
        },
        Kind::Approval => {
            let of = item
                .get("item_kind")
                .and_then(Value::as_str)
                .and_then(|k| Kind::ALL.into_iter().find(|x| x.as_str() == k));
            match (of, number("record_id")) {
                (Some(Kind::Partnership), Some(id)) => vec![id],
                (Some(of), Some(id)) => partnership_of(db, of, id).await?.into_iter().collect(),
                _ => Vec::new(),
            }
        }
        _ => number("partnership_id").into_iter().collect(),
    };
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The key of the instance-wide change counter (partnership ids start at 1).
pub(crate) const INSTANCE: i64 = 0;

async fn partnership_of<C: ConnectionTrait>(db: &C, kind: zusterstad_core::Kind, id: i64) -> Result<Option<i64>> {
    let query = Query::select()
        .column(Alias::new("partnership_id"))
        .from(Alias::new(kind.as_str()))
        .and_where(id_col().eq(id))
        .to_owned();
    match db.query_one(&query).await.map_err(errors::map)? {
        Some(row) => Ok(row.try_get_by_index::<Option<i64>>(0).map_err(errors::map)?),
        None => Ok(None),
    }
}

/// The table that says what moved each change counter value: (partnership, value)
/// → the item's kind and id, and when (see `search.rs`, which reads it).
pub(crate) const CHANGES: &str = "partnership_change";

/// Moves the change counters of `keys` (ascending, so concurrent writers lock them in
/// the same order) and notes, for each partnership, which item moved it to which
/// value. The counter's row stays locked until the transaction ends, so within one
/// partnership the counter grows in commit order: a reader that has seen N has seen
/// every change up to N, and the notes between two values are complete.
async fn bump<C: ConnectionTrait>(
    db: &C,
    keys: &[i64],
    kind: zusterstad_core::Kind,
    record_id: i64,
    at: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::sea_query::OnConflict;
    let internal = |e: sea_orm::sea_query::error::Error| Error::Internal(e.to_string());
    for &key in keys {
        let table = Alias::new("change_counter");
        let insert = Query::insert()
            .into_table(table.clone())
            .columns([Alias::new("partnership_id"), Alias::new("seq")])
            .values([key.into(), 1i64.into()])
            .map_err(internal)?
            .on_conflict(
                OnConflict::column(Alias::new("partnership_id"))
                    .value(Alias::new("seq"), Expr::col((table, Alias::new("seq"))).add(1))
                    .to_owned(),
            )
            .returning_col(Alias::new("seq"))
            .to_owned();
        let row = db.query_one(&insert).await.map_err(errors::map)?;
        if key == INSTANCE {
            continue;
        }
        let Some(seq) = row.map(|r| r.try_get_by_index::<i64>(0)).transpose().map_err(errors::map)? else {
            return Err(Error::Internal("a change counter was not moved".into()));
        };
        let note = Query::insert()
            .into_table(Alias::new(CHANGES))
            .columns(["partnership_id", "seq", "item_kind", "record_id", "at"].map(Alias::new))
            .values([key.into(), seq.into(), kind.as_str().into(), record_id.into(), at.timestamp_micros().into()])
            .map_err(internal)?
            .to_owned();
        db.execute(&note).await.map_err(errors::map)?;
    }
    Ok(())
}

/// Writes one audit entry and moves the change counters of the partnerships the
/// change `touches` (see [`touched`]); both in the caller's transaction.
pub(crate) async fn write_audit<C: ConnectionTrait>(
    db: &C,
    change: &Change,
    kind: zusterstad_core::Kind,
    record_id: i64,
    action: Action,
    changes: Value,
    touches: &[i64],
) -> Result<i64> {
    let own: Vec<i64> = touches.iter().copied().filter(|&k| k != INSTANCE).collect();
    let entry = audit_log::ActiveModel {
        seq: ActiveValue::NotSet,
        at: ActiveValue::Set(micros(change.at)),
        actor_id: ActiveValue::Set(change.actor.map(|a| a.get())),
        via: ActiveValue::Set(change.via.clone()),
        kind: ActiveValue::Set(kind.as_str().to_owned()),
        record_id: ActiveValue::Set(record_id),
        action: ActiveValue::Set(action.as_str().to_owned()),
        changes: ActiveValue::Set(changes),
        partnership_id: ActiveValue::Set(if own.len() == 1 { Some(own[0]) } else { None }),
    };
    let saved = entry.insert(db).await.map_err(errors::map)?;
    bump(db, touches, kind, record_id, change.at).await?;
    Ok(saved.seq)
}

pub(crate) async fn get<T: Table, C: ConnectionTrait>(db: &C, id: Id<T>) -> Result<Stored<T>> {
    get_in(None, db, id).await
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

fn sea_value(value: &query::Value) -> sea_orm::Value {
    match value {
        query::Value::Int(v) => (*v).into(),
        query::Value::Text(v) => v.clone().into(),
        query::Value::Date(v) => (*v).into(),
        query::Value::Instant(v) => micros(*v).into(),
        query::Value::Bool(v) => (*v).into(),
    }
}

fn condition(cond: &Cond, backend: sea_orm::DbBackend, kind: zusterstad_core::Kind) -> sea_orm::Condition {
    let col = |field: &'static str| Expr::col(Alias::new(field));
    let all = sea_orm::Condition::all();
    match cond {
        Cond::Eq(f, v) => all.add(col(f).eq(sea_value(v))),
        Cond::Ne(f, v) => all.add(col(f).ne(sea_value(v))),
        Cond::Lt(f, v) => all.add(col(f).lt(sea_value(v))),
        Cond::Le(f, v) => all.add(col(f).lte(sea_value(v))),
        Cond::Gt(f, v) => all.add(col(f).gt(sea_value(v))),
        Cond::Ge(f, v) => all.add(col(f).gte(sea_value(v))),
        Cond::In(f, vs) if vs.is_empty() => all.add(Expr::val(1).eq(0)),
        Cond::In(f, vs) => all.add(col(f).is_in(vs.iter().map(sea_value))),
        Cond::NotIn(_, vs) if vs.is_empty() => all,
        Cond::NotIn(f, vs) => all.add(col(f).is_not_in(vs.iter().map(sea_value))),
        Cond::IsNull(f) => all.add(col(f).is_null()),
        Cond::Contains(f, text) => {
            use sea_orm::sea_query::{Func, LikeExpr};
            let escaped: String = text
                .to_lowercase()
                .chars()
                .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
                .collect();
            let text = Func::lower(Expr::col(Alias::new(*f)).cast_as(Alias::new("text")));
            all.add(Expr::expr(text).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')))
        }
        Cond::Has(f, n) => {
            // A list kept as rows too is read through them (and their index).
            let rows =
                crate::links::LISTS_AS_ROWS.iter().find(|l| kind == zusterstad_core::Kind::Activity && l.0 == *f);
            if let Some((_, table, owner, column)) = rows {
                return all.add(
                    Expr::col(Alias::new("id")).in_subquery(
                        Query::select()
                            .column(Alias::new(*owner))
                            .from(Alias::new(*table))
                            .and_where(Expr::col(Alias::new(*column)).eq(*n))
                            .to_owned(),
                    ),
                );
            }
            all.add(match backend {
                sea_orm::DbBackend::Postgres => {
                    Expr::cust_with_values(format!("\"{f}\" @> CAST(? AS jsonb)"), [format!("[{n}]")])
                }
                _ => Expr::cust_with_values(
                    format!("EXISTS (SELECT 1 FROM json_each(\"{f}\") WHERE json_each.value = ?)"),
                    [*n],
                ),
            })
        }
        Cond::Any(conds) => conds.iter().fold(sea_orm::Condition::any(), |any, c| any.add(condition(c, backend, kind))),
    }
}

/// The rows that match `q`, in its order (then by id), one page, and how many match.
pub(crate) async fn query_in<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    q: &ListQuery,
) -> Result<Page<Stored<T>>> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let backend = db.get_database_backend();
    let filter = q.conds.iter().fold(sea_orm::Condition::all(), |all, c| all.add(condition(c, backend, T::KIND)));
    let mut select = T::Entity::find().filter(filter);
    let paged = q.limit.is_some() || q.offset > 0;
    let total = if paged { Some(select.clone().count(db).await.map_err(errors::map)?) } else { None };
    for (field, dir) in &q.order {
        let order = match dir {
            Dir::Asc => sea_orm::Order::Asc,
            Dir::Desc => sea_orm::Order::Desc,
        };
        select = select.order_by(Expr::col(Alias::new(*field)), order);
    }
    select = select.order_by_asc(id_col());
    if let Some(limit) = q.limit {
        select = select.limit(limit);
    }
    if q.offset > 0 {
        select = select.offset(q.offset);
    }
    let rows = select.all(db).await.map_err(errors::map)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(load_row::<T>(files, row).await?);
    }
    let total = total.unwrap_or(items.len() as u64);
    Ok(Page { items, total })
}

/// How many rows match `conds` in each partnership (kinds with a `partnership_id`).
pub(crate) async fn count_by_partnership<T: Table, C: ConnectionTrait>(
    db: &C,
    conds: &[Cond],
) -> Result<Vec<(i64, u64)>> {
    count_by::<T, C, i64>(db, Expr::col(Alias::new("partnership_id")), conds).await
}

/// How many rows match `conds` in each year of the date column `field`, oldest first.
pub(crate) async fn count_by_year<T: Table, C: ConnectionTrait>(
    db: &C,
    field: &'static str,
    conds: &[Cond],
) -> Result<Vec<(i32, u64)>> {
    let year = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => format!("CAST(EXTRACT(YEAR FROM \"{field}\") AS INTEGER)"),
        _ => format!("CAST(substr(\"{field}\", 1, 4) AS INTEGER)"),
    };
    let mut years = count_by::<T, C, i32>(db, Expr::cust(year), conds).await?;
    years.sort_unstable();
    Ok(years)
}

/// How many rows match `conds` for each value of `group`.
async fn count_by<T: Table, C: ConnectionTrait, K: sea_orm::TryGetable>(
    db: &C,
    group: sea_orm::sea_query::SimpleExpr,
    conds: &[Cond],
) -> Result<Vec<(K, u64)>> {
    use sea_orm::QuerySelect;
    let backend = db.get_database_backend();
    let filter = conds.iter().fold(sea_orm::Condition::all(), |all, c| all.add(condition(c, backend, T::KIND)));
    let rows: Vec<(K, i64)> = T::Entity::find()
        .select_only()
        .column_as(group.clone(), "k")
        .column_as(id_col().count(), "n")
        .filter(filter)
        .group_by(group)
        .into_tuple()
        .all(db)
        .await
        .map_err(errors::map)?;
    Ok(rows.into_iter().map(|(k, n)| (k, u64::try_from(n).unwrap_or(0))).collect())
}

pub(crate) async fn create_in<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    change: &Change,
    item: T,
) -> Result<Stored<T>> {
    item.check()?;
    let owner = to_json(&item)?.get("partnership_id").and_then(Value::as_i64);
    check_references(db, owner, &item.references()).await?;
    let at = micros(change.at);
    let draft = Stored { id: Id::new(0), version: 1, created_at: at, updated_at: at, item };
    let (value, original) = store_row::<T, _>(files, &draft).await?;
    let active = active_from::<T>(value, false)?;
    let row = active.insert(db).await.map_err(errors::map)?;
    let stored: Stored<T> = serde_json::from_value(restore(to_json(&row)?, original)).map_err(errors::json)?;
    let after = to_json(&stored.item)?;
    let touches = touched(db, T::KIND, stored.id.get(), &after).await?;
    write_audit(db, change, T::KIND, stored.id.get(), Action::Create, diff(None, Some(&after)), &touches).await?;
    crate::joint::after_save(db, T::KIND, stored.id.get(), &after).await?;
    crate::links::after_save(db, T::KIND, stored.id.get(), &after, false).await?;
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
    item.check()?;
    let current = get_in(files, db, id).await?;
    if current.version != expected_version {
        return Err(conflict(id, expected_version, current.version));
    }
    let owner = to_json(&item)?.get("partnership_id").and_then(Value::as_i64);
    check_references(db, owner, &item.references()).await?;
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
    let (before, after) = (to_json(&current.item)?, to_json(&next.item)?);
    // Both: an item moved to another partnership changes the pages of each.
    let mut touches = touched(db, T::KIND, id.get(), &before).await?;
    touches.extend(touched(db, T::KIND, id.get(), &after).await?);
    touches.sort_unstable();
    touches.dedup();
    write_audit(db, change, T::KIND, id.get(), Action::Update, diff(Some(&before), Some(&after)), &touches).await?;
    crate::joint::after_save(db, T::KIND, id.get(), &after).await?;
    crate::links::after_save(db, T::KIND, id.get(), &after, true).await?;
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
    let before = to_json(&current.item)?;
    crate::links::refuse_if_referred(db, T::KIND, id.get()).await?;
    // Found before the row goes (a city's partnerships, an approval's item).
    let touches = touched(db, T::KIND, id.get(), &before).await?;
    crate::links::forget(db, T::KIND, id.get()).await?;
    let result =
        T::Entity::delete_many().filter(same_version(id, expected_version)).exec(db).await.map_err(errors::map)?;
    exactly_one(db, id, expected_version, result.rows_affected).await?;
    write_audit(db, change, T::KIND, id.get(), Action::Delete, diff(Some(&before), None), &touches).await?;
    crate::joint::after_delete(db, T::KIND, id.get()).await
}

/// Inserts a row exactly as exported (id, version and timestamps included). Only for
/// import into an empty database.
pub(crate) async fn insert_exact<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    row: Value,
) -> Result<()> {
    let stored: Stored<T> = serde_json::from_value(row).map_err(|e| Error::invalid(T::KIND.as_str(), e.to_string()))?;
    stored.item.check()?;
    let (value, _) = store_row::<T, _>(files, &stored).await?;
    let active = active_from::<T>(value, true)?;
    T::Entity::insert(active).exec_without_returning(db).await.map_err(errors::map)?;
    crate::links::after_save(db, T::KIND, stored.id.get(), &to_json(&stored.item)?, false).await
}
