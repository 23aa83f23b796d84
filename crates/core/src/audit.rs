//! The audit log: who changed what, when. Its sequence numbers are also the change
//! log that derived data (caches, search) follows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::record::Kind;
use crate::users::UserId;

/// Who makes a change and when. Every write takes one, so tests control time.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub actor: Option<UserId>,
    /// A label for changes made by no user: `demo`, `import`, `cli`.
    pub via: String,
    pub at: DateTime<Utc>,
}

impl Change {
    pub fn by_user(user: UserId, at: DateTime<Utc>) -> Self {
        Self { actor: Some(user), via: "web".into(), at }
    }
    /// A change made through the JSON API with one of `user`'s tokens.
    pub fn by_token(user: UserId, at: DateTime<Utc>) -> Self {
        Self { actor: Some(user), via: "api".into(), at }
    }
    pub fn by_system(via: &str, at: DateTime<Utc>) -> Self {
        Self { actor: None, via: via.into(), at }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// Someone downloaded everything stored about a person.
    Export,
    /// A person's personal data was removed.
    Erase,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Create, Action::Update, Action::Delete, Action::Export, Action::Erase];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Export => "export",
            Action::Erase => "erase",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A log entry's changes with every value replaced: which fields changed stays
/// known, what they held does not (after a person's data is erased).
pub fn scrub(changes: &Value) -> Value {
    match changes.as_object() {
        Some(fields) => Value::Object(
            fields
                .keys()
                .map(|k| {
                    let mut change = Map::new();
                    change.insert("before".into(), Value::String("(erased)".into()));
                    change.insert("after".into(), Value::String("(erased)".into()));
                    (k.clone(), Value::Object(change))
                })
                .collect(),
        ),
        None => Value::Object(Map::new()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The change sequence number: grows with every committed change.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub via: String,
    pub kind: Kind,
    pub record_id: i64,
    /// The one partnership the change belongs to; `None` for instance-wide items
    /// (users, admin grants) and for a city shared by several partnerships.
    pub partnership_id: Option<i64>,
    pub action: Action,
    /// Field name → `{"before": …, "after": …}` for the fields that changed.
    pub changes: Value,
}

/// Fields whose values are secrets: the log notes that they changed, not their value.
const SECRET_FIELDS: &[&str] = &["password_hash", "content", "token_sha256"];

/// What the audit log holds in place of a secret field's value.
pub const HIDDEN: &str = "(hidden)";

/// The fields that differ between two serialized items, with before and after.
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Value {
    let empty = Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        let (old, new) = (b.get(key), a.get(key));
        if old != new {
            let shown = |v: Option<&Value>| match v {
                Some(_) if SECRET_FIELDS.contains(&key.as_str()) => Value::String(HIDDEN.into()),
                Some(v) => v.clone(),
                None => Value::Null,
            };
            let mut change = Map::new();
            change.insert("before".into(), shown(old));
            change.insert("after".into(), shown(new));
            out.insert(key.clone(), Value::Object(change));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_only_changed_fields_and_hides_secrets() {
        let before = json!({"title": "a", "year": 2021, "password_hash": "x"});
        let after = json!({"title": "b", "year": 2021, "password_hash": "y", "new": true});
        assert_eq!(
            diff(Some(&before), Some(&after)),
            json!({
                "title": {"before": "a", "after": "b"},
                "password_hash": {"before": "(hidden)", "after": "(hidden)"},
                "new": {"before": null, "after": true}
            })
        );
    }
}
