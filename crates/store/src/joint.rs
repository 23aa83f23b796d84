//! Joint items under both cities' control, kept in the same transaction as the
//! writes (`records.rs` calls in here): an item saved as joint comes under control;
//! the approval that completes both cities' approval of an item's current version
//! keeps that version as the one the public sees (or, if the version is one-sided,
//! releases the item); deleting the item removes its state and its approvals.
//!
//! The rules themselves are `core::approvals`; this is where they are remembered.

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::{Approval, JOINT_KINDS, JointState, approved_sides};
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::query::{Cond, ListQuery, Value as QValue};
use zusterstad_core::{Error, Id, Kind, Result, Stored};

use crate::entities::joint_release;
use crate::errors;
use crate::records;

fn key(kind: Kind, record_id: i64) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Expr::col(Alias::new("item_kind")).eq(kind.as_str()))
        .add(Expr::col(Alias::new("record_id")).eq(record_id))
}

async fn row<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<Option<joint_release::Model>> {
    joint_release::Entity::find().filter(key(kind, record_id)).one(db).await.map_err(errors::map)
}

fn state(row: joint_release::Model) -> Result<JointState> {
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == row.item_kind)
        .ok_or_else(|| Error::Internal(format!("unknown kind {} of a joint item", row.item_kind)))?;
    Ok(JointState { kind, record_id: row.record_id, released_version: row.released_version, released: row.released })
}

/// After an item of any kind was created or updated (`item`: its fields as JSON).
pub(crate) async fn after_save<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64, item: &Value) -> Result<()> {
    if kind == Kind::Approval {
        let approval: Approval = serde_json::from_value(item.clone()).map_err(errors::json)?;
        return after_approval(db, &approval).await;
    }
    if !JOINT_KINDS.contains(&kind) || item.get("joint").and_then(Value::as_bool) != Some(true) {
        return Ok(());
    }
    if row(db, kind, record_id).await?.is_some() {
        return Ok(());
    }
    let partnership = item.get("partnership_id").and_then(Value::as_i64).unwrap_or_default();
    joint_release::ActiveModel {
        item_kind: ActiveValue::Set(kind.as_str().to_owned()),
        record_id: ActiveValue::Set(record_id),
        partnership_id: ActiveValue::Set(partnership),
        released_version: ActiveValue::Set(None),
        released: ActiveValue::Set(None),
    }
    .insert(db)
    .await
    .map_err(errors::map)?;
    Ok(())
}

/// The item an approval is for, as JSON, with its version, joint flag and partnership.
async fn current<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<Option<(Value, i64, bool, i64)>> {
    fn parts<T: zusterstad_core::Record>(
        s: &Stored<T>,
        joint: bool,
        partnership: i64,
    ) -> Result<(Value, i64, bool, i64)> {
        Ok((serde_json::to_value(s).map_err(errors::json)?, s.version, joint, partnership))
    }
    let found = match kind {
        Kind::Event => match records::get::<Event, C>(db, Id::new(record_id)).await {
            Ok(e) => Some(parts(&e, e.item.joint, e.item.partnership_id.get())?),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        Kind::Agreement => match records::get::<Agreement, C>(db, Id::new(record_id)).await {
            Ok(a) => Some(parts(&a, a.item.joint, a.item.partnership_id.get())?),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    };
    Ok(found)
}

async fn after_approval<C: ConnectionTrait>(db: &C, approval: &Approval) -> Result<()> {
    let (kind, id) = (approval.item_kind, approval.record_id);
    let Some((body, version, joint, partnership_id)) = current(db, kind, id).await? else { return Ok(()) };
    if version != approval.item_version {
        return Ok(());
    }
    let partnership: Stored<Partnership> = records::get(db, Id::new(partnership_id)).await?;
    let q = ListQuery::all()
        .with(Cond::Eq("item_kind", QValue::Text(kind.as_str().to_owned())))
        .with(Cond::Eq("record_id", QValue::Int(id)))
        .with(Cond::Eq("item_version", QValue::Int(version)));
    let approvals: Vec<Stored<Approval>> = records::query_in(None, db, &q).await?.items;
    let sides = approved_sides(&approvals, kind, id, version);
    if !(sides.contains(&partnership.item.city_a_id) && sides.contains(&partnership.item.city_b_id)) {
        return Ok(());
    }
    if !joint {
        // Both cities approved making it one-sided: it leaves their joint control.
        joint_release::Entity::delete_many().filter(key(kind, id)).exec(db).await.map_err(errors::map)?;
        return Ok(());
    }
    let released = joint_release::ActiveModel {
        item_kind: ActiveValue::Set(kind.as_str().to_owned()),
        record_id: ActiveValue::Set(id),
        partnership_id: ActiveValue::Set(partnership_id),
        released_version: ActiveValue::Set(Some(version)),
        released: ActiveValue::Set(Some(body)),
    };
    if row(db, kind, id).await?.is_some() {
        released.update(db).await.map_err(errors::map)?;
    } else {
        released.insert(db).await.map_err(errors::map)?;
    }
    Ok(())
}

/// After an item was deleted: its joint state and the approvals given for it go too.
pub(crate) async fn after_delete<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<()> {
    if !JOINT_KINDS.contains(&kind) {
        return Ok(());
    }
    joint_release::Entity::delete_many().filter(key(kind, record_id)).exec(db).await.map_err(errors::map)?;
    crate::entities::approval::Entity::delete_many()
        .filter(key(kind, record_id))
        .exec(db)
        .await
        .map_err(errors::map)?;
    Ok(())
}

pub(crate) async fn states<C: ConnectionTrait>(db: &C, partnership: i64) -> Result<Vec<JointState>> {
    joint_release::Entity::find()
        .filter(Expr::col(Alias::new("partnership_id")).eq(partnership))
        .order_by_asc(Expr::col(Alias::new("record_id")))
        .all(db)
        .await
        .map_err(errors::map)?
        .into_iter()
        .map(state)
        .collect()
}

pub(crate) async fn one<C: ConnectionTrait>(db: &C, kind: Kind, record_id: i64) -> Result<Option<JointState>> {
    row(db, kind, record_id).await?.map(state).transpose()
}

/// Every joint item's state, for an export.
pub(crate) async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<joint_release::Model>> {
    joint_release::Entity::find()
        .order_by_asc(Expr::col(Alias::new("item_kind")))
        .order_by_asc(Expr::col(Alias::new("record_id")))
        .all(db)
        .await
        .map_err(errors::map)
}

/// Brings every item that is joint now under control (no version kept yet): for
/// databases and exports from before joint control was kept.
pub(crate) async fn adopt<C: ConnectionTrait>(db: &C) -> Result<()> {
    for kind in JOINT_KINDS {
        let table = kind.as_str();
        db.execute_unprepared(&format!(
            "INSERT INTO joint_release (item_kind, record_id, partnership_id) \
             SELECT '{table}', id, partnership_id FROM {table} WHERE joint = TRUE"
        ))
        .await
        .map_err(errors::map)?;
    }
    Ok(())
}
