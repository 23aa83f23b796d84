//! References between items as rows. An activity's organisations are kept in
//! `activity_organisation` (in step with the activity's `organisation_ids`), so the
//! database refuses to delete an organisation still named; and before any delete, the
//! items still referring to it are found through the schema's foreign keys and named
//! in the refusal.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::Value;
use zusterstad_core::{Error, Kind, Result};

use crate::errors;

const ACTIVITY_ORGANISATION: &str = "activity_organisation";
const ACTIVITY_SDG: &str = "activity_sdg";

/// A list field kept as rows: (field, join table, the item's column, the value's
/// column). A condition that a list has a value reads the rows (`records::condition`).
pub(crate) const LISTS_AS_ROWS: [(&str, &str, &str, &str); 2] = [
    ("organisation_ids", ACTIVITY_ORGANISATION, "activity_id", "organisation_id"),
    ("sdgs", ACTIVITY_SDG, "activity_id", "sdg"),
];

/// After an item is written: its reference rows (and what needs translating, see
/// `translations.rs`) follow its fields.
/// `replaced`: the item had rows before (an update); a new or imported one has none.
pub(crate) async fn after_save<C: ConnectionTrait>(
    db: &C,
    kind: Kind,
    record_id: i64,
    item: &Value,
    replaced: bool,
) -> Result<()> {
    crate::translations::after_save(db, kind, record_id, item, replaced).await?;
    if kind != Kind::Activity {
        return Ok(());
    }
    if replaced {
        forget_references(db, record_id).await?;
    }
    for (field, table, owner, column) in LISTS_AS_ROWS {
        let mut ids: Vec<i64> =
            item.get(field).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_i64).collect();
        ids.sort_unstable();
        ids.dedup();
        for value in ids {
            let insert = Query::insert()
                .into_table(Alias::new(table))
                .columns([Alias::new(owner), Alias::new(column)])
                .values([record_id.into(), value.into()])
                .map_err(|e| Error::Internal(e.to_string()))?
                .to_owned();
            db.execute(&insert).await.map_err(errors::map)?;
        }
    }
    Ok(())
}

/// Before an item is deleted: its own reference rows go with it.
pub(crate) async fn forget<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<()> {
    crate::translations::forget(db, kind, record_id).await?;
    if kind != Kind::Activity {
        return Ok(());
    }
    forget_references(db, record_id).await
}

/// An activity's rows in `activity_organisation` and `activity_sdg`.
async fn forget_references<C: ConnectionTrait>(db: &C, record_id: i64) -> Result<()> {
    for (_, table, owner, _) in LISTS_AS_ROWS {
        let delete = Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new(owner)).eq(record_id))
            .to_owned();
        db.execute(&delete).await.map_err(errors::map)?;
    }
    Ok(())
}

/// The tables and columns whose foreign keys point at `table`, read from the schema.
async fn referring_columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<(String, String)>> {
    let stmt = match db.get_database_backend() {
        DatabaseBackend::Postgres => Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT cl.relname::text, att.attname::text FROM pg_constraint con \
             JOIN pg_class cl ON cl.oid = con.conrelid \
             JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] \
             WHERE con.contype = 'f' AND con.confrelid = to_regclass(quote_ident($1)) \
             ORDER BY 1, 2",
            [table.into()],
        ),
        _ => Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p \
             WHERE m.type = 'table' AND p.\"table\" = ? ORDER BY 1, 2",
            [table.into()],
        ),
    };
    let rows = db.query_all_raw(stmt).await.map_err(errors::map)?;
    rows.iter()
        .map(|r| Ok((r.try_get_by_index(0).map_err(errors::map)?, r.try_get_by_index(1).map_err(errors::map)?)))
        .collect()
}

/// The items (kind and id) that still refer to item `id` of `kind`, a few per table.
pub(crate) async fn referrers<C: ConnectionTrait>(db: &C, kind: Kind, id: i64) -> Result<Vec<(String, i64)>> {
    const A_FEW: u64 = 3;
    let mut found = Vec::new();
    for (table, column) in referring_columns(db, kind.as_str()).await? {
        if kind == Kind::Activity && (table == ACTIVITY_ORGANISATION || table == ACTIVITY_SDG) {
            continue; // the activity's own rows, which go with it
        }
        // The join table names its activity; item tables their item; other tables (a
        // user's one-time links) are named as a whole.
        let item_table = Kind::ALL.iter().any(|k| k.as_str() == table);
        let (name, id_column) = match table.as_str() {
            ACTIVITY_ORGANISATION => ("activity".to_owned(), Some("activity_id")),
            _ if item_table => (table.clone(), Some("id")),
            _ => (table.clone(), None),
        };
        let mut query = Query::select();
        query.from(Alias::new(table.as_str())).and_where(Expr::col(Alias::new(column.as_str())).eq(id)).limit(A_FEW);
        match id_column {
            Some(c) => query.column(Alias::new(c)).order_by(Alias::new(c), sea_orm::sea_query::Order::Asc),
            None => query.expr(Expr::val(0i64)),
        };
        for row in db.query_all(&query).await.map_err(errors::map)? {
            found.push((name.clone(), row.try_get_by_index::<i64>(0).map_err(errors::map)?));
        }
    }
    Ok(found)
}

/// Refuses deleting item `id` of `kind` while other items refer to it, naming them.
pub(crate) async fn refuse_if_referred<C: ConnectionTrait>(db: &C, kind: Kind, id: i64) -> Result<()> {
    let found = referrers(db, kind, id).await?;
    if found.is_empty() {
        return Ok(());
    }
    let mut named: Vec<String> =
        found.iter().map(|(k, id)| if *id > 0 { format!("{k} {id}") } else { k.clone() }).collect();
    named.dedup();
    let named = named.join(", ");
    Err(Error::Conflict(format!("{kind} {id} is still referred to by {named}; change or remove those first")))
}
