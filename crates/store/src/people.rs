//! `PeopleStore`: a person's data exported, or erased, in one transaction.

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ActiveValue, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use zusterstad_core::audit::{Action, Change, scrub};
use zusterstad_core::people::{self, Ambassador, Person, PersonId};
use zusterstad_core::query::{Cond, ListQuery, Value as QValue};
use zusterstad_core::registrations::EventRegistration;
use zusterstad_core::store::PeopleStore;
use zusterstad_core::users::{RoleGrant, User};
use zusterstad_core::{Kind, Result, Stored};

use crate::db::Db;
use crate::entities::audit_log;
use crate::errors;
use crate::records;

struct Found {
    person: Stored<Person>,
    ambassadors: Vec<Stored<Ambassador>>,
    registrations: Vec<Stored<EventRegistration>>,
    users: Vec<Stored<User>>,
}

async fn find<C: ConnectionTrait>(db: &C, id: PersonId) -> Result<Found> {
    let person: Stored<Person> = records::get(db, id).await?;
    // Everything that names this person, read by query.
    let by = |field: &'static str, value: QValue| ListQuery::all().with(Cond::Eq(field, value));
    let ambassadors: Vec<Stored<Ambassador>> =
        records::query_in(None, db, &by("person_id", QValue::Int(id.get()))).await?.items;
    let registrations: Vec<Stored<EventRegistration>> = match person.item.email.as_deref() {
        Some(email) => records::query_in(None, db, &by("email", QValue::Text(email.to_lowercase()))).await?.items,
        None => Vec::new(),
    };
    let grants: Vec<Stored<RoleGrant>> = records::query_in(
        None,
        db,
        &by("person_id", QValue::Int(id.get())).with(Cond::Eq("role", QValue::from("ambassador"))),
    )
    .await?
    .items;
    let user_ids: Vec<QValue> = grants.iter().map(|g| QValue::Int(g.item.user_id.get())).collect();
    let users: Vec<Stored<User>> =
        records::query_in(None, db, &ListQuery::all().with(Cond::In("id", user_ids))).await?.items;
    Ok(Found { person, ambassadors, registrations, users })
}

/// The (kind, id) pairs whose log entries concern the person.
fn subjects(f: &Found) -> Vec<(Kind, i64)> {
    let mut out = vec![(Kind::Person, f.person.id.get())];
    out.extend(f.ambassadors.iter().map(|a| (Kind::Ambassador, a.id.get())));
    out.extend(f.registrations.iter().map(|r| (Kind::Registration, r.id.get())));
    out.extend(f.users.iter().map(|u| (Kind::User, u.id.get())));
    out
}

async fn log_of<C: ConnectionTrait>(db: &C, kind: Kind, id: i64) -> Result<Vec<audit_log::Model>> {
    audit_log::Entity::find()
        .filter(Expr::col(Alias::new("kind")).eq(kind.as_str()))
        .filter(Expr::col(Alias::new("record_id")).eq(id))
        .order_by_asc(Expr::col(Alias::new("seq")))
        .all(db)
        .await
        .map_err(errors::map)
}

/// Keeps in the log of item `id` of `kind` that it changed and when, not what it held.
pub(crate) async fn scrub_log<C: ConnectionTrait>(db: &C, kind: Kind, id: i64) -> Result<()> {
    for e in log_of(db, kind, id).await? {
        let scrubbed = scrub(&e.changes);
        let mut row: audit_log::ActiveModel = e.into();
        row.changes = ActiveValue::Set(scrubbed);
        row.update(db).await.map_err(errors::map)?;
    }
    Ok(())
}

impl PeopleStore for Db {
    async fn export_person(&self, change: &Change, id: PersonId) -> Result<Value> {
        let tx = self.begin().await?;
        let f = find(&tx.txn, id).await?;
        let mut log = Vec::new();
        for (kind, rid) in subjects(&f) {
            for e in log_of(&tx.txn, kind, rid).await? {
                log.push(json!({"at": e.at, "kind": e.kind, "record_id": e.record_id, "action": e.action, "changes": e.changes}));
            }
        }
        let users: Vec<Value> = f
            .users
            .iter()
            .map(|u| json!({"id": u.id, "email": u.item.email, "display_name": u.item.display_name, "language": u.item.language, "disabled": u.item.disabled, "created_at": u.created_at}))
            .collect();
        let out = json!({
            "format": "zusterstad-person",
            "version": 1,
            "exported_at": change.at,
            "person": f.person,
            "ambassador": f.ambassadors,
            "event_registrations": f.registrations,
            "accounts": users,
            "changes": log,
        });
        let scope = [f.person.item.partnership_id.get()];
        records::write_audit(&tx.txn, change, Kind::Person, id.get(), Action::Export, json!({}), &scope).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn erase_person(&self, change: &Change, id: PersonId) -> Result<()> {
        let tx = self.begin().await?;
        let f = find(&tx.txn, id).await?;
        let today = change.at.date_naive();
        records::update(&tx.txn, change, f.person.id, f.person.version, people::erase(&f.person.item, today)).await?;
        for a in &f.ambassadors {
            records::update(&tx.txn, change, a.id, a.version, people::erase_ambassador(&a.item)).await?;
        }
        for r in &f.registrations {
            let erased = EventRegistration {
                name: people::ERASED_NAME.into(),
                email: format!("erased-{}@erased.invalid", r.id.get()),
                ..r.item.clone()
            };
            records::update(&tx.txn, change, r.id, r.version, erased).await?;
        }
        for u in &f.users {
            let erased = User {
                email: format!("erased-{}@erased.invalid", u.id.get()),
                display_name: people::ERASED_NAME.into(),
                disabled: true,
                session_epoch: u.item.session_epoch + 1,
                ..u.item.clone()
            };
            records::update(&tx.txn, change, u.id, u.version, erased).await?;
        }
        // The log keeps that these items changed and when, not what they held.
        for (kind, rid) in subjects(&f) {
            scrub_log(&tx.txn, kind, rid).await?;
        }
        let scope = [f.person.item.partnership_id.get()];
        records::write_audit(&tx.txn, change, Kind::Person, id.get(), Action::Erase, json!({}), &scope).await?;
        tx.commit().await
    }
}

/// Creates (no `existing`) or updates one planned item; `true` when it was created.
async fn apply_one<T: crate::records::Table>(
    tx: &crate::db::Tx,
    change: &Change,
    line: usize,
    existing: Option<(i64, i64)>,
    item: T,
) -> Result<bool> {
    // A problem on one line stops the whole import; the line says where.
    let at = |e: zusterstad_core::Error| match e {
        zusterstad_core::Error::Invalid { fields } => zusterstad_core::Error::Invalid {
            fields: fields
                .into_iter()
                .map(|f| zusterstad_core::FieldError { field: format!("line {line}: {}", f.field), ..f })
                .collect(),
        },
        other => other,
    };
    match existing {
        Some((id, version)) => {
            records::update_in(tx.files.as_ref(), &tx.txn, change, zusterstad_core::Id::new(id), version, item)
                .await
                .map_err(at)?;
            Ok(false)
        }
        None => {
            records::create_in(tx.files.as_ref(), &tx.txn, change, item).await.map_err(at)?;
            Ok(true)
        }
    }
}

impl zusterstad_core::store::ImportStore for Db {
    async fn apply_import(
        &self,
        change: &Change,
        plan: &[zusterstad_core::imports::Planned],
    ) -> Result<(usize, usize)> {
        use zusterstad_core::imports::Planned;
        let tx = self.begin().await?;
        let (mut created, mut updated) = (0, 0);
        for p in plan {
            let new = match p {
                Planned::Organisation { line, existing, item } => {
                    apply_one(&tx, change, *line, *existing, item.clone()).await?
                }
                Planned::Person { line, existing, item } => {
                    apply_one(&tx, change, *line, *existing, item.clone()).await?
                }
                Planned::Activity { line, existing, item } => {
                    apply_one(&tx, change, *line, *existing, item.clone()).await?
                }
            };
            if new {
                created += 1;
            } else {
                updated += 1;
            }
        }
        tx.commit().await?;
        Ok((created, updated))
    }
}
