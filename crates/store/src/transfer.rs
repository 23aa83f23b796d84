//! Export and import of a whole instance as one versioned JSON document (files
//! included, base64). An export imported into an empty database of either backend
//! exports to the same bytes again.

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement};
use serde::Serialize;
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
use zusterstad_core::query::{Cond, ListQuery, Value as QValue};
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

/// Rows read per query while streaming a table: few for files (they carry their
/// bytes), more for the rest; memory stays flat whatever the table's size.
fn chunk(kind: Kind) -> u64 {
    if kind == Kind::File { 4 } else { 500 }
}

/// Sends the rows of `T` that match `scope`, in id order, a chunk at a time.
async fn stream_rows<T: Table, C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    scope: &ListQuery,
    out: &Sender,
) -> Result<usize> {
    let mut last = 0;
    let mut sent = 0;
    loop {
        let q = ListQuery { limit: Some(chunk(T::KIND)), ..scope.clone() }.with(Cond::Gt("id", QValue::Int(last)));
        let rows = records::query_in::<T, C>(files, db, &q).await?.items;
        let Some(end) = rows.last() else { return Ok(sent) };
        last = end.id.get();
        for row in &rows {
            out.row(serde_json::to_value(row).map_err(errors::json)?).await?;
            sent += 1;
        }
    }
}

async fn stream_kind<C: ConnectionTrait>(
    files: Option<&Files>,
    db: &C,
    kind: Kind,
    scope: &ListQuery,
    out: &Sender,
) -> Result<usize> {
    match kind {
        Kind::File => stream_rows::<File, C>(files, db, scope, out).await,
        Kind::City => stream_rows::<City, C>(files, db, scope, out).await,
        Kind::Partnership => stream_rows::<Partnership, C>(files, db, scope, out).await,
        Kind::Organisation => stream_rows::<Organisation, C>(files, db, scope, out).await,
        Kind::OrganisationPair => stream_rows::<OrganisationPair, C>(files, db, scope, out).await,
        Kind::Programme => stream_rows::<Programme, C>(files, db, scope, out).await,
        Kind::Activity => stream_rows::<Activity, C>(files, db, scope, out).await,
        Kind::Document => stream_rows::<Document, C>(files, db, scope, out).await,
        Kind::Agreement => stream_rows::<Agreement, C>(files, db, scope, out).await,
        Kind::Person => stream_rows::<Person, C>(files, db, scope, out).await,
        Kind::Ambassador => stream_rows::<Ambassador, C>(files, db, scope, out).await,
        Kind::Event => stream_rows::<Event, C>(files, db, scope, out).await,
        Kind::NewsPost => stream_rows::<NewsPost, C>(files, db, scope, out).await,
        Kind::Landmark => stream_rows::<Landmark, C>(files, db, scope, out).await,
        Kind::User => stream_rows::<User, C>(files, db, scope, out).await,
        Kind::RoleGrant => stream_rows::<RoleGrant, C>(files, db, scope, out).await,
        Kind::Registration => stream_rows::<EventRegistration, C>(files, db, scope, out).await,
        Kind::Approval => stream_rows::<Approval, C>(files, db, scope, out).await,
        Kind::ApiToken => stream_rows::<ApiToken, C>(files, db, scope, out).await,
    }
}

/// The ids of one partnership's items of `kind`.
async fn ids_of<C: ConnectionTrait>(db: &C, kind: Kind, partnership: i64) -> Result<Vec<QValue>> {
    let sql = format!("SELECT id FROM \"{}\" WHERE partnership_id = {partnership} ORDER BY id", kind.as_str());
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.map_err(errors::map)?;
    Ok(rows.iter().filter_map(|r| r.try_get_by_index::<i64>(0).ok()).map(QValue::Int).collect())
}

/// How many rows a table has.
async fn count_rows<C: ConnectionTrait>(db: &C, kind: Kind) -> Result<u64> {
    let sql = format!("SELECT COUNT(*) FROM \"{}\"", kind.as_str());
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.map_err(errors::map)?;
    let n = row.map(|r| r.try_get_by_index::<i64>(0).unwrap_or(0)).unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
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

/// What the database side sends the writing side of an export.
enum Piece {
    Table(String),
    Row(Value),
    TableEnd,
}

/// The database side of an export: sends tables and rows, waiting when the writer
/// is behind (so memory stays flat).
struct Sender(tokio::sync::mpsc::Sender<Piece>);

impl Sender {
    async fn send(&self, piece: Piece) -> Result<()> {
        self.0.send(piece).await.map_err(|_| Error::Internal("the export's writer stopped".into()))
    }
    async fn row(&self, row: Value) -> Result<()> {
        self.send(Piece::Row(row)).await
    }
    async fn table(&self, name: &str) -> Result<()> {
        self.send(Piece::Table(name.to_owned())).await
    }
    async fn end(&self) -> Result<()> {
        self.send(Piece::TableEnd).await
    }
}

/// The writing side: the export file's JSON, serialized as the pieces arrive (the
/// same bytes as serializing the whole document at once).
struct ExportWriter(std::cell::RefCell<tokio::sync::mpsc::Receiver<Piece>>);
struct Tables<'a>(&'a std::cell::RefCell<tokio::sync::mpsc::Receiver<Piece>>);
struct TableOut<'a>(String, &'a std::cell::RefCell<tokio::sync::mpsc::Receiver<Piece>>);
struct Rows<'a>(&'a std::cell::RefCell<tokio::sync::mpsc::Receiver<Piece>>);

impl Serialize for ExportWriter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut doc = s.serialize_struct("ExportFile", 3)?;
        doc.serialize_field("format", FORMAT)?;
        doc.serialize_field("version", &VERSION)?;
        doc.serialize_field("tables", &Tables(&self.0))?;
        doc.end()
    }
}

impl Serialize for Tables<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        loop {
            let next = self.0.borrow_mut().blocking_recv();
            match next {
                Some(Piece::Table(name)) => seq.serialize_element(&TableOut(name, self.0))?,
                None => break,
                Some(_) => return Err(S::Error::custom("a row outside a table")),
            }
        }
        seq.end()
    }
}

impl Serialize for TableOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut t = s.serialize_struct("TableDump", 2)?;
        t.serialize_field("name", &self.0)?;
        t.serialize_field("rows", &Rows(self.1))?;
        t.end()
    }
}

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = s.serialize_seq(None)?;
        loop {
            let next = self.0.borrow_mut().blocking_recv();
            match next {
                Some(Piece::Row(row)) => seq.serialize_element(&row)?,
                Some(Piece::TableEnd) => break,
                // The database side stopped (its error is the one reported).
                _ => return Err(S::Error::custom("the export stopped")),
            }
        }
        seq.end()
    }
}

/// Streams the whole instance to `out` as one export file, read in one snapshot so
/// it is consistent while the server goes on writing (a backup). Memory stays flat
/// whatever the size: rows are read a chunk at a time and written as they come.
pub async fn export_to<W: std::io::Write + Send + 'static>(db: &Db, out: W) -> Result<W> {
    let snapshot = db.snapshot().await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Piece>(64);
    let sender = Sender(tx);
    let files = db.files.as_ref();
    let txn = &snapshot.txn;
    // The block owns the sender: when it ends, the writer sees the end of the tables.
    let produce = async move {
        for kind in Kind::ALL {
            sender.table(kind.as_str()).await?;
            stream_kind(files, txn, kind, &ListQuery::all(), &sender).await?;
            sender.end().await?;
        }
        sender.table(AUDIT_TABLE).await?;
        let mut last = 0i64;
        loop {
            let rows = audit_log::Entity::find()
                .filter(Expr::col(Alias::new("seq")).gt(last))
                .order_by_asc(Expr::col(Alias::new("seq")))
                .limit(1000)
                .all(txn)
                .await
                .map_err(errors::map)?;
            let Some(end) = rows.last() else { break };
            last = end.seq;
            for r in &rows {
                sender.row(serde_json::to_value(r).map_err(errors::json)?).await?;
            }
        }
        sender.end().await?;
        sender.table(JOINT_TABLE).await?;
        for row in joint_rows(txn, None).await? {
            sender.row(row).await?;
        }
        sender.end().await
    };
    let written = write_pieces(out, rx, produce).await;
    snapshot.commit().await?;
    written
}

/// The whole instance as JSON bytes (see [`export_to`]).
pub async fn export(db: &Db) -> Result<Vec<u8>> {
    export_to(db, Vec::new()).await
}

/// Runs `produce` (the database side, sending on the channel whose receiver is
/// `rx`) while a blocking thread writes the file to `out`.
async fn write_pieces<W, F>(out: W, rx: tokio::sync::mpsc::Receiver<Piece>, produce: F) -> Result<W>
where
    W: std::io::Write + Send + 'static,
    F: std::future::Future<Output = Result<()>>,
{
    let writer = tokio::task::spawn_blocking(move || -> std::result::Result<W, String> {
        let mut out = out;
        let mut ser = serde_json::Serializer::pretty(&mut out);
        ExportWriter(std::cell::RefCell::new(rx)).serialize(&mut ser).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        Ok(out)
    });
    let produced = produce.await;
    let written = writer.await.map_err(|e| Error::Internal(format!("the export's writer failed: {e}")))?;
    produced?;
    written.map_err(|e| Error::Internal(format!("writing the export failed: {e}")))
}

/// One partnership as an export file: its two cities, its items, the files of its
/// documents, the registrations of its events and the approvals of its joint items
/// (without who approved: accounts are not part of it). It imports into an empty
/// instance like a whole export. The download is noted in the audit log. Every
/// table is read by query, scoped to the partnership.
pub async fn export_partnership(db: &Db, change: &Change, partnership: PartnershipId) -> Result<Vec<u8>> {
    let tx = db.begin().await?;
    let pid = partnership.get();
    let p: zusterstad_core::Stored<Partnership> = records::get_in(db.files.as_ref(), &tx.txn, partnership).await?;
    let documents = records::query_in::<Document, _>(None, &tx.txn, &ListQuery::of(partnership)).await?.items;
    let events = ids_of(&tx.txn, Kind::Event, pid).await?;
    let agreements = ids_of(&tx.txn, Kind::Agreement, pid).await?;
    let file_ids: Vec<QValue> = documents.iter().map(|d| QValue::Int(d.item.file_id.get())).collect();
    let (rx_tx, rx) = tokio::sync::mpsc::channel::<Piece>(64);
    let sender = Sender(rx_tx);
    let files = db.files.as_ref();
    let txn = &tx.txn;
    let (file_ids, events, agreements, p) = (&file_ids, &events, &agreements, &p);
    // The block owns the sender: when it ends, the writer sees the end of the tables.
    let produce = async move {
        for kind in Kind::ALL {
            let scope = match kind {
                Kind::File => Some(ListQuery::all().with(Cond::In("id", file_ids.clone()))),
                Kind::City => Some(ListQuery::all().with(Cond::In(
                    "id",
                    vec![QValue::Int(p.item.city_a_id.get()), QValue::Int(p.item.city_b_id.get())],
                ))),
                Kind::Partnership => Some(ListQuery::all().with(Cond::Eq("id", QValue::Int(pid)))),
                Kind::Registration => Some(ListQuery::all().with(Cond::In("event_id", events.clone()))),
                Kind::Approval | Kind::User | Kind::RoleGrant | Kind::ApiToken => None,
                _ => Some(ListQuery::of(partnership)),
            };
            sender.table(kind.as_str()).await?;
            if kind == Kind::Approval {
                // The approvals of its events and agreements, without who gave them.
                let q = ListQuery::all()
                    .with(Cond::In("item_kind", vec![QValue::from("event"), QValue::from("agreement")]))
                    .with(Cond::In("record_id", events.iter().chain(agreements.iter()).cloned().collect()));
                for a in records::query_in::<Approval, _>(None, txn, &q).await?.items {
                    let ids = if a.item.item_kind == Kind::Event { &events } else { &agreements };
                    if !ids.contains(&QValue::Int(a.item.record_id)) {
                        continue;
                    }
                    let mut row = serde_json::to_value(&a).map_err(errors::json)?;
                    row["user_id"] = Value::Null;
                    sender.row(row).await?;
                }
            } else if let Some(scope) = scope {
                stream_kind(files, txn, kind, &scope, &sender).await?;
            }
            sender.end().await?;
        }
        sender.table(JOINT_TABLE).await?;
        for row in joint_rows(txn, Some(pid)).await? {
            sender.row(row).await?;
        }
        sender.end().await
    };
    let bytes = write_pieces(Vec::new(), rx, produce).await?;
    records::write_audit(&tx.txn, change, Kind::Partnership, pid, Action::Export, serde_json::json!({}), &[pid])
        .await?;
    tx.commit().await?;
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

/// What the reading side of an import sends the database side.
enum Incoming {
    Header { format: String, version: u32 },
    Table(String),
    Row(Value),
    Failed(String),
}

type Inbox = tokio::sync::mpsc::Sender<Incoming>;

fn pass<E: serde::de::Error>(inbox: &Inbox, piece: Incoming) -> std::result::Result<(), E> {
    inbox.blocking_send(piece).map_err(|_| E::custom("the import stopped"))
}

/// Reads an export file as it streams by, sending its header, tables and rows.
struct FileSeed<'a>(&'a Inbox);
struct TablesSeed<'a>(&'a Inbox);
struct TableSeed<'a>(&'a Inbox);
struct RowsSeed<'a>(&'a Inbox);

impl<'de> serde::de::DeserializeSeed<'de> for FileSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FileSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object with format, version and tables")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        let (mut format, mut version, mut tables, mut told) = (None, None, false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value::<String>()?),
                "version" => version = Some(map.next_value::<u32>()?),
                "tables" => {
                    map.next_value_seed(TablesSeed(self.0))?;
                    tables = true;
                }
                other => return Err(A::Error::unknown_field(other, &["format", "version", "tables"])),
            }
            // The header goes over as soon as it is known (before or after the tables).
            if let (Some(format), Some(version), false) = (&format, version, told) {
                pass(self.0, Incoming::Header { format: format.clone(), version })?;
                told = true;
            }
        }
        match (format, version, tables) {
            (None, _, _) => Err(A::Error::missing_field("format")),
            (_, None, _) => Err(A::Error::missing_field("version")),
            (_, _, false) => Err(A::Error::missing_field("tables")),
            _ => Ok(()),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for TablesSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TablesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of tables")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element_seed(TableSeed(self.0))?.is_some() {}
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for TableSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TableSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a table: an object with name and rows")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        let (mut named, mut rows) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => {
                    pass(self.0, Incoming::Table(map.next_value::<String>()?))?;
                    named = true;
                }
                "rows" if named => {
                    map.next_value_seed(RowsSeed(self.0))?;
                    rows = true;
                }
                "rows" => return Err(A::Error::custom("a table's name must come before its rows")),
                other => return Err(A::Error::unknown_field(other, &["name", "rows"])),
            }
        }
        match (named, rows) {
            (false, _) => Err(A::Error::missing_field("name")),
            (_, false) => Err(A::Error::missing_field("rows")),
            _ => Ok(()),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RowsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(row) = seq.next_element::<Value>()? {
            pass(self.0, Incoming::Row(row))?;
        }
        Ok(())
    }
}

/// Imports an export into an empty database, all or nothing. A malformed file, a
/// wrong format or version, or a bad row is refused with the position of the problem.
pub async fn import(db: &Db, bytes: &[u8]) -> Result<ImportSummary> {
    import_from(db, std::io::Cursor::new(bytes.to_vec())).await
}

/// Imports an export as it is read from `input`, all or nothing: a blocking thread
/// parses the file and hands over one row at a time (waiting while the database is
/// behind), so memory stays flat whatever the size. Tables are taken in the order
/// an export writes them.
pub async fn import_from<R: std::io::Read + Send + 'static>(db: &Db, input: R) -> Result<ImportSummary> {
    let (inbox, mut incoming) = tokio::sync::mpsc::channel::<Incoming>(256);
    let reader = tokio::task::spawn_blocking(move || {
        let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
        let parsed = serde::de::DeserializeSeed::deserialize(FileSeed(&inbox), &mut de).and_then(|()| de.end());
        if let Err(e) = parsed {
            let why = format!("not a Zusterstad export: line {}, column {}: {e}", e.line(), e.column());
            // (if the database side stopped first, its reason is the one reported)
            let _ = inbox.blocking_send(Incoming::Failed(why));
        }
    });
    let outcome = apply_incoming(db, &mut incoming).await;
    drop(incoming);
    reader.await.map_err(|e| Error::Internal(format!("reading the export failed: {e}")))?;
    outcome
}

async fn apply_incoming(db: &Db, incoming: &mut tokio::sync::mpsc::Receiver<Incoming>) -> Result<ImportSummary> {
    let check = |format: &str, version: u32| {
        if format != FORMAT {
            return Err(refuse(format!("format is {format:?}, expected {FORMAT:?}")));
        }
        if version != VERSION {
            return Err(refuse(format!(
                "export version {version} is not supported by this Zusterstad (it reads version {VERSION})"
            )));
        }
        Ok(())
    };
    // An export writes its header first; a file that has it after its tables is
    // imported meanwhile, inside the same transaction, and checked before commit.
    let mut checked = false;
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).chain([AUDIT_TABLE, JOINT_TABLE]).collect();
    let tx = db.begin().await?;
    for kind in Kind::ALL {
        if count_rows(&tx.txn, kind).await? > 0 {
            return Err(Error::Conflict(format!(
                "the database is not empty (it has {kind} items); import only into a new database"
            )));
        }
    }
    let mut summary: ImportSummary = names.iter().map(|n| ((*n).to_owned(), 0)).collect();
    let mut at_table: Option<usize> = None;
    while let Some(piece) = incoming.recv().await {
        match piece {
            Incoming::Header { format, version } => {
                check(&format, version)?;
                checked = true;
            }
            Incoming::Failed(why) => return Err(refuse(why)),
            Incoming::Table(name) => {
                let Some(pos) = names.iter().position(|n| *n == name) else {
                    return Err(refuse(format!("unknown table {name:?}")));
                };
                if let Some(before) = at_table.filter(|b| *b > pos) {
                    return Err(refuse(format!(
                        "table {name} comes after table {}: the tables must be in the order an export writes them",
                        names[before]
                    )));
                }
                at_table = Some(pos);
            }
            Incoming::Row(row) => {
                let Some(pos) = at_table else { return Err(refuse("a row outside a table")) };
                let name = names[pos];
                summary[pos].1 += 1;
                let n = summary[pos].1;
                let at = |e: Error| match e {
                    Error::Invalid { fields } => refuse(format!(
                        "table {name}, row {n}: {}",
                        fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
                    )),
                    // A row is inserted before anything could refer to it: a refused
                    // reference is this row naming an item the file does not have.
                    Error::Conflict(_) => refuse(format!(
                        "table {name}, row {n}: refers to an item that is not in the file (or not before this row)"
                    )),
                    other => refuse(format!("table {name}, row {n}: {other}")),
                };
                match Kind::ALL.into_iter().find(|k| k.as_str() == name) {
                    Some(kind) => load_kind(db.files.as_ref(), &tx.txn, kind, row).await.map_err(at)?,
                    None if name == JOINT_TABLE => insert_joint(&tx.txn, row).await.map_err(at)?,
                    None => insert_audit(&tx.txn, row).await.map_err(at)?,
                }
            }
        }
    }
    if !checked {
        return Err(refuse("not a Zusterstad export: it has no format and version"));
    }
    if at_table != Some(names.len() - 1) {
        // An export from before joint control was kept: the joint items come under
        // control as they are.
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
