//! Export and import of a whole instance as one versioned JSON document (files
//! included, base64). An export imported into an empty database of either backend
//! exports to the same bytes again.

use sea_orm::sea_query::{Alias, Expr};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Statement};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::Approval;
use zusterstad_core::audit::{Action, Change};
use zusterstad_core::documents::{Document, File};
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::PartnershipId;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::{Ambassador, Person};
use zusterstad_core::registrations::EventRegistration;
use zusterstad_core::tokens::ApiToken;
use zusterstad_core::users::{RoleGrant, User};
use zusterstad_core::{Error, Kind, Result};

use crate::db::{Backend, Db};
use crate::entities::audit_log;
use crate::errors;
use crate::files::Files;
use crate::records::{self, Table};

pub const FORMAT: &str = "zusterstad-export";
pub const VERSION: u32 = 1;
const AUDIT_TABLE: &str = "audit_log";
/// Joint items under both cities' control; absent from exports made before it was kept
/// (then the joint items come under control as they are, see `import`).
const JOINT_TABLE: &str = "joint_release";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportFile {
    format: String,
    version: u32,
    tables: Vec<TableDump>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDump {
    name: String,
    rows: Vec<Value>,
}

async fn rows_of<T: Table, C: ConnectionTrait>(files: Option<&Files>, db: &C) -> Result<Vec<Value>> {
    records::list_in::<T, C>(files, db).await?.iter().map(|s| serde_json::to_value(s).map_err(errors::json)).collect()
}

async fn dump_kind<C: ConnectionTrait>(files: Option<&Files>, db: &C, kind: Kind) -> Result<Vec<Value>> {
    match kind {
        Kind::File => rows_of::<File, C>(files, db).await,
        Kind::City => rows_of::<City, C>(files, db).await,
        Kind::Partnership => rows_of::<Partnership, C>(files, db).await,
        Kind::Organisation => rows_of::<Organisation, C>(files, db).await,
        Kind::OrganisationPair => rows_of::<OrganisationPair, C>(files, db).await,
        Kind::Programme => rows_of::<Programme, C>(files, db).await,
        Kind::Activity => rows_of::<Activity, C>(files, db).await,
        Kind::Document => rows_of::<Document, C>(files, db).await,
        Kind::Agreement => rows_of::<Agreement, C>(files, db).await,
        Kind::Person => rows_of::<Person, C>(files, db).await,
        Kind::Ambassador => rows_of::<Ambassador, C>(files, db).await,
        Kind::Event => rows_of::<Event, C>(files, db).await,
        Kind::NewsPost => rows_of::<NewsPost, C>(files, db).await,
        Kind::Landmark => rows_of::<Landmark, C>(files, db).await,
        Kind::User => rows_of::<User, C>(files, db).await,
        Kind::RoleGrant => rows_of::<RoleGrant, C>(files, db).await,
        Kind::Registration => rows_of::<EventRegistration, C>(files, db).await,
        Kind::Approval => rows_of::<Approval, C>(files, db).await,
        Kind::ApiToken => rows_of::<ApiToken, C>(files, db).await,
    }
}

async fn load_kind<C: ConnectionTrait>(files: Option<&Files>, db: &C, kind: Kind, row: Value) -> Result<()> {
    match kind {
        Kind::File => records::insert_exact::<File, C>(files, db, row).await,
        Kind::City => records::insert_exact::<City, C>(files, db, row).await,
        Kind::Partnership => records::insert_exact::<Partnership, C>(files, db, row).await,
        Kind::Organisation => records::insert_exact::<Organisation, C>(files, db, row).await,
        Kind::OrganisationPair => records::insert_exact::<OrganisationPair, C>(files, db, row).await,
        Kind::Programme => records::insert_exact::<Programme, C>(files, db, row).await,
        Kind::Activity => records::insert_exact::<Activity, C>(files, db, row).await,
        Kind::Document => records::insert_exact::<Document, C>(files, db, row).await,
        Kind::Agreement => records::insert_exact::<Agreement, C>(files, db, row).await,
        Kind::Person => records::insert_exact::<Person, C>(files, db, row).await,
        Kind::Ambassador => records::insert_exact::<Ambassador, C>(files, db, row).await,
        Kind::Event => records::insert_exact::<Event, C>(files, db, row).await,
        Kind::NewsPost => records::insert_exact::<NewsPost, C>(files, db, row).await,
        Kind::Landmark => records::insert_exact::<Landmark, C>(files, db, row).await,
        Kind::User => records::insert_exact::<User, C>(files, db, row).await,
        Kind::RoleGrant => records::insert_exact::<RoleGrant, C>(files, db, row).await,
        Kind::Registration => records::insert_exact::<EventRegistration, C>(files, db, row).await,
        Kind::Approval => records::insert_exact::<Approval, C>(files, db, row).await,
        Kind::ApiToken => records::insert_exact::<ApiToken, C>(files, db, row).await,
    }
}

/// The whole instance as JSON bytes, read in one snapshot so it is consistent while
/// the server goes on writing (a backup).
pub async fn export(db: &Db) -> Result<Vec<u8>> {
    let tx = db.snapshot().await?;
    let mut tables = Vec::new();
    for kind in Kind::ALL {
        tables.push(TableDump {
            name: kind.as_str().to_owned(),
            rows: dump_kind(db.files.as_ref(), &tx.txn, kind).await?,
        });
    }
    let audit =
        audit_log::Entity::find().order_by_asc(Expr::col(Alias::new("seq"))).all(&tx.txn).await.map_err(errors::map)?;
    tables.push(TableDump {
        name: AUDIT_TABLE.to_owned(),
        rows: audit.iter().map(|r| serde_json::to_value(r).map_err(errors::json)).collect::<Result<_>>()?,
    });
    tables.push(TableDump { name: JOINT_TABLE.to_owned(), rows: joint_rows(&tx.txn, None).await? });
    tx.commit().await?;
    let doc = ExportFile { format: FORMAT.to_owned(), version: VERSION, tables };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(errors::json)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// One partnership as an export file: its two cities, its items, the files of its
/// documents, the registrations of its events and the approvals of its joint items
/// (without who approved: accounts are not part of it). It imports into an empty
/// instance like a whole export. The download is noted in the audit log.
pub async fn export_partnership(db: &Db, change: &Change, partnership: PartnershipId) -> Result<Vec<u8>> {
    let tx = db.begin().await?;
    let pid = partnership.get();
    let mut dumps = Vec::new();
    for kind in Kind::ALL {
        dumps.push((kind, dump_kind(db.files.as_ref(), &tx.txn, kind).await?));
    }
    let rows = |kind: Kind| dumps.iter().find(|(k, _)| *k == kind).map(|(_, r)| r.as_slice()).unwrap_or_default();
    let id = |v: &Value, field: &str| v.get(field).and_then(Value::as_i64);
    let p = rows(Kind::Partnership)
        .iter()
        .find(|r| id(r, "id") == Some(pid))
        .ok_or_else(|| Error::NotFound { kind: Kind::Partnership.as_str(), id: pid.to_string() })?;
    let cities = [id(p, "city_a_id"), id(p, "city_b_id")];
    let ours = |r: &&Value| id(r, "partnership_id") == Some(pid);
    let ids_of = |kind: Kind| -> Vec<i64> { rows(kind).iter().filter(ours).filter_map(|r| id(r, "id")).collect() };
    let (documents, events, agreements) = (ids_of(Kind::Document), ids_of(Kind::Event), ids_of(Kind::Agreement));
    let files: Vec<i64> = rows(Kind::Document)
        .iter()
        .filter(|r| id(r, "id").is_some_and(|d| documents.contains(&d)))
        .filter_map(|r| id(r, "file_id"))
        .collect();
    let mut tables = Vec::new();
    for (kind, all) in &dumps {
        let kept: Vec<Value> = match kind {
            Kind::File => all.iter().filter(|r| id(r, "id").is_some_and(|f| files.contains(&f))).cloned().collect(),
            Kind::City => all.iter().filter(|r| cities.contains(&id(r, "id"))).cloned().collect(),
            Kind::Partnership => vec![p.clone()],
            Kind::Registration => {
                all.iter().filter(|r| id(r, "event_id").is_some_and(|e| events.contains(&e))).cloned().collect()
            }
            Kind::Approval => all
                .iter()
                .filter(|r| {
                    let of = |ids: &[i64]| id(r, "record_id").is_some_and(|x| ids.contains(&x));
                    match r.get("item_kind").and_then(Value::as_str) {
                        Some("event") => of(&events),
                        Some("agreement") => of(&agreements),
                        _ => false,
                    }
                })
                .map(|r| {
                    let mut r = r.clone();
                    r["user_id"] = Value::Null;
                    r
                })
                .collect(),
            Kind::User | Kind::RoleGrant | Kind::ApiToken => Vec::new(),
            _ => all.iter().filter(ours).cloned().collect(),
        };
        tables.push(TableDump { name: kind.as_str().to_owned(), rows: kept });
    }
    tables.push(TableDump { name: JOINT_TABLE.to_owned(), rows: joint_rows(&tx.txn, Some(pid)).await? });
    records::write_audit(&tx.txn, change, Kind::Partnership, pid, Action::Export, serde_json::json!({}), &[pid])
        .await?;
    tx.commit().await?;
    let doc = ExportFile { format: FORMAT.to_owned(), version: VERSION, tables };
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(errors::json)?;
    bytes.push(b'\n');
    Ok(bytes)
}

impl zusterstad_core::store::PartnershipExport for Db {
    async fn export_partnership(&self, change: &Change, partnership: PartnershipId) -> Result<Vec<u8>> {
        export_partnership(self, change, partnership).await
    }
}

/// Counts of imported rows per table.
pub type ImportSummary = Vec<(String, usize)>;

fn refuse(message: impl Into<String>) -> Error {
    Error::invalid("file", message)
}

/// Imports an export into an empty database, all or nothing. A malformed file, a
/// wrong format or version, or a bad row is refused with the position of the problem.
pub async fn import(db: &Db, bytes: &[u8]) -> Result<ImportSummary> {
    let doc: ExportFile = serde_json::from_slice(bytes)
        .map_err(|e| refuse(format!("not a Zusterstad export: line {}, column {}: {e}", e.line(), e.column())))?;
    if doc.format != FORMAT {
        return Err(refuse(format!("format is {:?}, expected {FORMAT:?}", doc.format)));
    }
    if doc.version != VERSION {
        return Err(refuse(format!(
            "export version {} is not supported by this Zusterstad (it reads version {VERSION})",
            doc.version
        )));
    }
    for t in &doc.tables {
        if t.name != AUDIT_TABLE && t.name != JOINT_TABLE && !Kind::ALL.iter().any(|k| k.as_str() == t.name) {
            return Err(refuse(format!("unknown table {:?}", t.name)));
        }
    }
    let tx = db.begin().await?;
    for kind in Kind::ALL {
        if !dump_kind(db.files.as_ref(), &tx.txn, kind).await?.is_empty() {
            return Err(Error::Conflict(format!(
                "the database is not empty (it has {kind} items); import only into a new database"
            )));
        }
    }
    let mut summary = Vec::new();
    let kinds = Kind::ALL.iter().map(|k| k.as_str()).chain([AUDIT_TABLE, JOINT_TABLE]);
    for name in kinds {
        let rows: Vec<&Value> = doc.tables.iter().filter(|t| t.name == name).flat_map(|t| &t.rows).collect();
        for (i, row) in rows.iter().enumerate() {
            let at = |e: Error| match e {
                Error::Invalid { fields } => refuse(format!(
                    "table {name}, row {}: {}",
                    i + 1,
                    fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
                )),
                // A row is inserted before anything could refer to it: a refused
                // reference is this row naming an item the file does not have.
                Error::Conflict(_) => refuse(format!(
                    "table {name}, row {}: refers to an item that is not in the file (or not before this row)",
                    i + 1
                )),
                other => refuse(format!("table {name}, row {}: {other}", i + 1)),
            };
            match Kind::ALL.into_iter().find(|k| k.as_str() == name) {
                Some(kind) => load_kind(db.files.as_ref(), &tx.txn, kind, (*row).clone()).await.map_err(at)?,
                None if name == JOINT_TABLE => insert_joint(&tx.txn, (*row).clone()).await.map_err(at)?,
                None => insert_audit(&tx.txn, (*row).clone()).await.map_err(at)?,
            }
        }
        summary.push((name.to_owned(), rows.len()));
    }
    if !doc.tables.iter().any(|t| t.name == JOINT_TABLE) {
        crate::joint::adopt(&tx.txn).await?;
    }
    continue_ids(&tx.txn, db.backend()).await?;
    tx.commit().await?;
    Ok(summary)
}

async fn joint_rows<C: ConnectionTrait>(db: &C, partnership: Option<i64>) -> Result<Vec<Value>> {
    crate::joint::all(db)
        .await?
        .into_iter()
        .filter(|r| partnership.is_none_or(|p| r.partnership_id == p))
        .map(|r| serde_json::to_value(r).map_err(errors::json))
        .collect()
}

async fn insert_joint<C: ConnectionTrait>(db: &C, row: Value) -> Result<()> {
    let model: crate::entities::joint_release::Model =
        serde_json::from_value(row).map_err(|e| Error::invalid(JOINT_TABLE, e.to_string()))?;
    let active: crate::entities::joint_release::ActiveModel = model.into();
    crate::entities::joint_release::Entity::insert(active).exec_without_returning(db).await.map_err(errors::map)?;
    Ok(())
}

async fn insert_audit<C: ConnectionTrait>(db: &C, row: Value) -> Result<()> {
    let model: audit_log::Model =
        serde_json::from_value(row).map_err(|e| Error::invalid("audit_log", e.to_string()))?;
    let active: audit_log::ActiveModel = model.into();
    audit_log::Entity::insert(active).exec_without_returning(db).await.map_err(errors::map)?;
    Ok(())
}

/// New ids continue after every id the instance ever gave: the rows' own and those
/// the audit log names (items deleted before the export), so an id is never given to
/// a second item, and nothing that named a deleted item (a link, a mail, an old
/// approval elsewhere) can come to name a new one.
async fn continue_ids<C: ConnectionTrait>(db: &C, backend: Backend) -> Result<()> {
    let tables = Kind::ALL.iter().map(|k| (k.as_str(), "id", Some(k.as_str()))).chain([(AUDIT_TABLE, "seq", None)]);
    for (table, column, kind) in tables {
        let logged = kind.map_or(String::new(), |kind| {
            format!(" UNION ALL SELECT MAX(record_id) FROM {AUDIT_TABLE} WHERE kind = '{kind}'")
        });
        let highest = format!(
            "(SELECT COALESCE(MAX(v), 0) FROM (SELECT MAX(\"{column}\") AS v FROM \"{table}\"{logged}) AS ids)"
        );
        let (backend, statements) = match backend {
            Backend::Postgres => (
                sea_orm::DatabaseBackend::Postgres,
                vec![format!("SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), {highest} + 1, false)")],
            ),
            // AUTOINCREMENT's counter: raised (never lowered) to the highest id.
            Backend::Sqlite => (
                sea_orm::DatabaseBackend::Sqlite,
                vec![
                    format!(
                        "INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', 0 \
                         WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}')"
                    ),
                    format!("UPDATE sqlite_sequence SET seq = MAX(seq, {highest}) WHERE name = '{table}'"),
                ],
            ),
        };
        for sql in statements {
            db.execute_raw(Statement::from_string(backend, sql)).await.map_err(errors::map)?;
        }
    }
    Ok(())
}
