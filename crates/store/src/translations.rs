//! What needs translating, as rows: `translation_need` holds one row per text (item
//! and field) and language that needs a translator, kept in step with the item in
//! the transaction of every write (from `links::after_save`), so the workspace's
//! dashboard, its "to translate" pages and the reminders count and page them by
//! query instead of reading every item of a partnership.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, QueryResult};
use serde_json::Value;
use zusterstad_core::query::Page;
use zusterstad_core::store::Untranslated;
use zusterstad_core::{Error, Kind, Lang, Result, TextStatus};

use crate::errors;

pub(crate) const TABLE: &str = "translation_need";

/// The kinds whose texts are translated in the workspace.
pub(crate) const KINDS: [Kind; 10] = [
    Kind::Partnership,
    Kind::Agreement,
    Kind::Event,
    Kind::NewsPost,
    Kind::Activity,
    Kind::Programme,
    Kind::Organisation,
    Kind::OrganisationPair,
    Kind::Document,
    Kind::Landmark,
];

fn col(name: &str) -> Expr {
    Expr::col(Alias::new(name))
}

fn status_code(status: TextStatus) -> &'static str {
    match status {
        TextStatus::Stale => "stale",
        _ => "missing",
    }
}

/// After an item is written: its rows follow its texts (`replaced`: it had rows
/// before, which go first).
pub(crate) async fn after_save<C: ConnectionTrait>(
    db: &C,
    kind: Kind,
    record_id: i64,
    item: &Value,
    replaced: bool,
) -> Result<()> {
    if !KINDS.contains(&kind) {
        return Ok(());
    }
    if replaced {
        forget(db, kind, record_id).await?;
    }
    let partnership =
        if kind == Kind::Partnership { Some(record_id) } else { item.get("partnership_id").and_then(Value::as_i64) };
    let Some(partnership) = partnership else { return Ok(()) };
    let needs = zusterstad_core::i18n::untranslated(item);
    if needs.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns(["partnership_id", "item_kind", "record_id", "field", "lang", "status"].map(Alias::new))
        .to_owned();
    for (field, lang, status) in needs {
        insert
            .values([
                partnership.into(),
                kind.as_str().into(),
                record_id.into(),
                field.into(),
                lang.code().into(),
                status_code(status).into(),
            ])
            .map_err(|e| Error::Internal(e.to_string()))?;
    }
    db.execute(&insert).await.map_err(errors::map)?;
    Ok(())
}

/// Before an item is deleted (and before it is written again): its rows go.
pub(crate) async fn forget<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<()> {
    if !KINDS.contains(&kind) {
        return Ok(());
    }
    let delete = Query::delete()
        .from_table(Alias::new(TABLE))
        .and_where(col("item_kind").eq(kind.as_str()))
        .and_where(col("record_id").eq(record_id))
        .to_owned();
    db.execute(&delete).await.map_err(errors::map)?;
    Ok(())
}

/// See [`zusterstad_core::store::TranslationStore::untranslated`].
pub(crate) async fn untranslated<C: ConnectionTrait>(
    db: &C,
    partnership: i64,
    lang: Lang,
    stale_only: bool,
    offset: u64,
    limit: Option<u64>,
) -> Result<Page<Untranslated>> {
    let mut base = Query::select()
        .from(Alias::new(TABLE))
        .and_where(col("partnership_id").eq(partnership))
        .and_where(col("lang").eq(lang.code()))
        .to_owned();
    if stale_only {
        base.and_where(col("status").eq("stale"));
    }
    let count = base.clone().expr(Expr::cust("COUNT(*)")).to_owned();
    let total: i64 = match db.query_one(&count).await.map_err(errors::map)? {
        Some(row) => row.try_get_by_index(0).map_err(errors::map)?,
        None => 0,
    };
    let mut rows = base
        .columns(["item_kind", "record_id", "field", "status"].map(Alias::new))
        .order_by(Alias::new("item_kind"), Order::Asc)
        .order_by(Alias::new("record_id"), Order::Asc)
        .order_by(Alias::new("field"), Order::Asc)
        .to_owned();
    // SQLite takes an offset only after a limit.
    if limit.is_some() || offset > 0 {
        rows.limit(limit.unwrap_or(i64::MAX as u64)).offset(offset);
    }
    let found = db.query_all(&rows).await.map_err(errors::map)?;
    let items = found.iter().filter_map(|r| row(r).transpose()).collect::<Result<Vec<_>>>()?;
    Ok(Page { items, total: u64::try_from(total).unwrap_or(0) })
}

/// One row as a text to translate (`None`: a kind this version doesn't know).
fn row(r: &QueryResult) -> Result<Option<Untranslated>> {
    let kind: String = r.try_get_by_index(0).map_err(errors::map)?;
    let Some(kind) = Kind::ALL.into_iter().find(|k| k.as_str() == kind) else { return Ok(None) };
    let status: String = r.try_get_by_index(3).map_err(errors::map)?;
    Ok(Some(Untranslated {
        kind,
        record_id: r.try_get_by_index(1).map_err(errors::map)?,
        field: r.try_get_by_index(2).map_err(errors::map)?,
        status: if status == "stale" { TextStatus::Stale } else { TextStatus::Missing },
    }))
}
