//! The demo partnership (Ghent–Kanazawa), loaded from `demo/gent-kanazawa.json`.
//!
//! The demo file lists items in order, each with a `key`; a field value `"@key"`
//! refers to an earlier item. A text written as `{"original": "nl", "nl": …, "ja": …,
//! "en": …}` is the original in one language, translated by us into the others.
//! Loading runs in one transaction and does nothing if the partnership exists.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::approvals::Approval;
use zusterstad_core::audit::Change;
use zusterstad_core::documents::{Document, File};
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::{Ambassador, Person};
use zusterstad_core::store::{PartnershipStore, RecordStore};
use zusterstad_core::{Error, Kind, Result};

use crate::db::{Db, Tx};
use crate::records::Table;

/// The Ghent–Kanazawa demo as shipped.
pub const GENT_KANAZAWA: &str = include_str!("../../../demo/gent-kanazawa.json");
/// The files the demo refers to by name.
pub const FILES: &[(&str, &[u8])] = &[
    ("mou-2021-2026.pdf", include_bytes!("../../../demo/mou-2021-2026.pdf")),
    ("kotoji-lantern.jpg", include_bytes!("../../../demo/kotoji-lantern.jpg")),
    ("ransho-garden.jpg", include_bytes!("../../../demo/ransho-garden.jpg")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    format: String,
    version: u32,
    items: Vec<DemoItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoItem {
    kind: Kind,
    key: String,
    data: Value,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Loaded { items: usize },
    AlreadyLoaded,
}

fn bad(message: String) -> Error {
    Error::invalid("demo", message)
}

/// Replaces `"@key"` references with ids and expands shorthand texts.
fn resolve(value: Value, ids: &HashMap<String, i64>) -> Result<Value> {
    Ok(match value {
        Value::String(s) if s.starts_with('@') => {
            let id = ids.get(&s[1..]).ok_or_else(|| bad(format!("unknown reference {s}")))?;
            Value::from(*id)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| resolve(v, ids)).collect::<Result<_>>()?),
        Value::Object(obj) if obj.contains_key("original") => expand_text(obj)?,
        Value::Object(obj) => {
            Value::Object(obj.into_iter().map(|(k, v)| Ok((k, resolve(v, ids)?))).collect::<Result<Map<_, _>>>()?)
        }
        other => other,
    })
}

fn expand_text(obj: Map<String, Value>) -> Result<Value> {
    let original = obj.get("original").and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut out = Map::new();
    for lang in ["nl", "ja", "en"] {
        let text = obj.get(lang).and_then(Value::as_str).unwrap_or_default();
        let status = if text.is_empty() {
            "missing"
        } else if lang == original {
            "original"
        } else {
            "translated"
        };
        out.insert(lang.into(), serde_json::json!({"status": status, "value": text}));
    }
    if !["nl", "ja", "en"].contains(&original.as_str()) {
        return Err(bad(format!("a text names {original:?} as its original language")));
    }
    Ok(Value::Object(out))
}

async fn create<T: Table>(tx: &Tx, change: &Change, data: Value) -> Result<i64>
where
    Tx: RecordStore<T>,
{
    let item: T = serde_json::from_value(data).map_err(|e| bad(format!("{}: {e}", T::KIND)))?;
    Ok(tx.create(change, item).await?.id.get())
}

fn file_item(data: &Value) -> Result<Value> {
    let path = data.get("path").and_then(Value::as_str).unwrap_or_default();
    let media_type = data.get("media_type").and_then(Value::as_str).unwrap_or_default();
    let (_, bytes) =
        FILES.iter().find(|(name, _)| *name == path).ok_or_else(|| bad(format!("the demo has no file {path:?}")))?;
    let file = File {
        sha256: format!("{:x}", Sha256::digest(bytes)),
        media_type: media_type.to_owned(),
        size_bytes: bytes.len() as i64,
        content: bytes.to_vec(),
        partnership_id: None,
    };
    serde_json::to_value(file).map_err(|e| bad(e.to_string()))
}

/// Loads `source` (a demo file) unless its partnership already exists.
pub async fn load(db: &Db, change: &Change, source: &str) -> Result<Outcome> {
    let demo: DemoFile =
        serde_json::from_str(source).map_err(|e| bad(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if demo.format != "zusterstad-demo" || demo.version != 1 {
        return Err(bad(format!("unsupported demo format {} version {}", demo.format, demo.version)));
    }
    let slug = demo
        .items
        .iter()
        .find(|i| i.kind == Kind::Partnership)
        .and_then(|i| i.data.get("slug"))
        .and_then(Value::as_str)
        .ok_or_else(|| bad("the demo has no partnership".into()))?;
    let tx = db.begin().await?;
    match tx.partnership_by_slug(slug).await {
        Ok(_) => return Ok(Outcome::AlreadyLoaded),
        Err(Error::NotFound { .. }) => {}
        Err(e) => return Err(e),
    }
    let mut ids = HashMap::new();
    for item in &demo.items {
        let data = if item.kind == Kind::File { file_item(&item.data)? } else { resolve(item.data.clone(), &ids)? };
        let named = |e: Error| match e {
            Error::Invalid { fields } => bad(format!(
                "{} {:?}: {}",
                item.kind,
                item.key,
                fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
            )),
            other => other,
        };
        let id = match item.kind {
            Kind::File => create::<File>(&tx, change, data).await,
            Kind::City => create::<City>(&tx, change, data).await,
            Kind::Partnership => create::<Partnership>(&tx, change, data).await,
            Kind::Organisation => create::<Organisation>(&tx, change, data).await,
            Kind::OrganisationPair => create::<OrganisationPair>(&tx, change, data).await,
            Kind::Programme => create::<Programme>(&tx, change, data).await,
            Kind::Activity => create::<Activity>(&tx, change, data).await,
            Kind::Document => create::<Document>(&tx, change, data).await,
            Kind::Agreement => create::<Agreement>(&tx, change, data).await,
            Kind::Person => create::<Person>(&tx, change, data).await,
            Kind::Ambassador => create::<Ambassador>(&tx, change, data).await,
            Kind::Event => create::<Event>(&tx, change, data).await,
            Kind::NewsPost => create::<NewsPost>(&tx, change, data).await,
            Kind::Landmark => create::<Landmark>(&tx, change, data).await,
            Kind::Approval => create::<Approval>(&tx, change, data).await,
            Kind::User | Kind::RoleGrant | Kind::Registration | Kind::ApiToken => {
                Err(bad("the demo holds no accounts or registrations".into()))
            }
        }
        .map_err(named)?;
        if ids.insert(item.key.clone(), id).is_some() {
            return Err(bad(format!("the key {:?} is used twice", item.key)));
        }
    }
    tx.commit().await?;
    Ok(Outcome::Loaded { items: demo.items.len() })
}
