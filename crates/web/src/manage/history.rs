//! The change history of one item: who, when, which fields, before and after.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono_tz::Tz;
use serde_json::Value;
use zusterstad_core::partnerships::City;
use zusterstad_core::store::RecordStore;
use zusterstad_core::users::{User, UserId};
use zusterstad_core::{Kind, Lang, Stored};

use super::records::{self, F};
use super::{Ctx, Desk, not_found, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::words::Word;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/{slug}/history/{kind}/{id}", get(history::<S>))
}

pub struct Entry {
    pub when: String,
    pub who: String,
    pub action: String,
    /// (field, before, after)
    pub fields: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "manage/history.html")]
struct HistoryPage {
    desk: Desk,
    heading: String,
    entries: Vec<Entry>,
}

/// Who made a change, as the reader says it: the user's name, else where it came
/// from (the demo data, the server's command line, a visitor of the website).
pub(super) fn who(tr: Tr, users: &[Stored<User>], actor: Option<UserId>, via: &str) -> String {
    if let Some(user) = actor.and_then(|id| users.iter().find(|u| u.id == id)) {
        return user.item.display_name.clone();
    }
    let known = Word::Via.values().iter().any(|v| v == via);
    tr.word(Word::Via, if known { via } else { "system" })
}

/// A text in three languages, as stored (`{"nl": {"value": …, "status": …}, …}`).
fn is_localized(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| !o.is_empty() && o.iter().all(|(k, t)| k.parse::<Lang>().is_ok() && t.get("value").is_some()))
}

/// How one reader reads values: their language, their city's zone, and the
/// partnership's two cities by name (a direction is "Gent → Kanazawa").
struct Reader {
    tr: Tr,
    zone: Tz,
    a: String,
    b: String,
}

/// The rows of one changed field: (label, before, after). A text in three languages
/// gives a row per language whose words changed (a status alone is no change to read).
fn rows(r: &Reader, kind: Kind, field: &str, before: &Value, after: &Value) -> Vec<(String, String, String)> {
    let tr = r.tr;
    let spec = records::SPECS
        .iter()
        .find(|s| s.kind == kind)
        .and_then(|s| s.fields.iter().find(|(name, _)| *name == field))
        .map(|(_, f)| f);
    let label = tr.label(field);
    if is_localized(before) || is_localized(after) {
        let text = |v: &Value, lang: Lang| {
            v.get(lang.code()).and_then(|t| t.get("value")).and_then(Value::as_str).unwrap_or_default().to_owned()
        };
        let dash = |t: String| if t.is_empty() { "—".to_owned() } else { t };
        return Lang::ALL
            .into_iter()
            .filter(|&l| text(before, l) != text(after, l))
            .map(|l| {
                let named =
                    tr.ta("history-field-lang", &[("field", &label), ("lang", &tr.word(Word::LangName, l.code()))]);
                (named, dash(text(before, l)), dash(text(after, l)))
            })
            .collect();
    }
    vec![(label, shown(r, spec, field, before), shown(r, spec, field, after))]
}

/// A value as a person reads it: words for states and kinds, dates and times in the
/// reader's language (times in its city's zone), references by number, lists and
/// parts of a value with their labels; never JSON.
fn shown(r: &Reader, spec: Option<&F>, field: &str, v: &Value) -> String {
    let (tr, zone) = (r.tr, r.zone);
    let word = |family: Word, s: &str| {
        if family.values().iter().any(|x| x == s) {
            tr.word_with(family, s, &[("a", &r.a), ("b", &r.b)])
        } else {
            s.to_owned()
        }
    };
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => tr.t(if *b { "history-true" } else { "history-false" }),
        Value::Number(n) => match spec {
            Some(F::Ref(_) | F::OptRef(_)) => format!("#{n}"),
            _ if field.ends_with("_id") => format!("#{n}"),
            _ if field.ends_with("year") => n.as_i64().map(|y| tr.year(y as i32)).unwrap_or_else(|| n.to_string()),
            _ => n.to_string(),
        },
        Value::String(s) if s == zusterstad_core::audit::HIDDEN => tr.t("history-hidden"),
        Value::String(s) => match spec {
            Some(F::Choice(_, family) | F::Choices(_, family)) => word(*family, s),
            _ => {
                if let Ok(day) = s.parse::<chrono::NaiveDate>() {
                    tr.date(day)
                } else if let Ok(at) = s.parse::<chrono::DateTime<chrono::Utc>>() {
                    tr.moment(at, zone)
                } else {
                    s.clone()
                }
            }
        },
        Value::Array(items) => {
            let each: Vec<String> = items
                .iter()
                .map(|item| match (spec, item) {
                    (Some(F::Participants), Value::Object(o)) => {
                        let kind = o.get("kind").and_then(Value::as_str).unwrap_or_default();
                        let count = o.get("count").map(|c| c.to_string()).unwrap_or_default();
                        tr.ta("history-count", &[("what", &word(Word::Participant, kind)), ("n", &count)])
                    }
                    (Some(F::RefList(_)), Value::Number(n)) => format!("#{n}"),
                    _ => shown(r, spec, field, item),
                })
                .collect();
            if each.is_empty() { "—".into() } else { each.join(&tr.t("list-separator")) }
        }
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, x)| {
                    let value = if is_localized(x) { tr.text(&localized(x)).text } else { shown(r, None, k, x) };
                    tr.problem_line(k, &value)
                })
                .collect();
            parts.join(&tr.t("list-separator"))
        }
    }
}

/// A stored text in three languages, read back (empty where it does not parse).
fn localized(v: &Value) -> zusterstad_core::Localized {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

async fn history<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((_, kind, id)): Path<(String, String, String)>,
) -> Response {
    let Some(p) = &ctx.partnership else { return not_found(&ctx) };
    let tr = ctx.tr();
    let kind = Kind::ALL.into_iter().find(|k| k.as_str() == kind && !k.is_personal());
    let (Some(kind), Ok(id)) = (kind, id.parse::<i64>()) else { return not_found(&ctx) };
    let entries = match state.store.history(kind, id).await {
        Ok(e) => e,
        Err(e) => return WebError(e).into_response(),
    };
    let actors = entries.iter().filter_map(|e| e.actor_id.map(|a| a.get()));
    let users: Vec<Stored<User>> = match zusterstad_core::store::by_ids(&state.store, actors).await {
        Ok(u) => u,
        Err(e) => return WebError(e).into_response(),
    };
    // Only this partnership's changes: the partnership itself, its two cities, its items.
    let ours = |e: &zusterstad_core::audit::AuditEntry| match kind {
        Kind::City => p.item.has_city(zusterstad_core::Id::new(id)),
        _ => e.partnership_id == Some(p.id.get()),
    };
    let entries: Vec<_> = entries.into_iter().filter(ours).collect();
    if entries.is_empty() {
        return not_found(&ctx);
    }
    let zone = match super::records::entry_zone(&state, &ctx, p).await {
        Ok(z) => z,
        Err(e) => return WebError(e).into_response(),
    };
    let city = |id| RecordStore::<City>::get(&state.store, id);
    let (a, b) = match (city(p.item.city_a_id).await, city(p.item.city_b_id).await) {
        (Ok(a), Ok(b)) => (tr.text(&a.item.name).text, tr.text(&b.item.name).text),
        (Err(e), _) | (_, Err(e)) => return WebError(e).into_response(),
    };
    let reader = Reader { tr, zone, a, b };
    let entries = entries
        .into_iter()
        .rev()
        .map(|e| Entry {
            when: tr.moment(e.at, zone),
            who: who(tr, &users, e.actor_id, &e.via),
            action: tr.word(Word::History, e.action.as_str()),
            fields: e
                .changes
                .as_object()
                .map(|o| o.iter().flat_map(|(k, v)| rows(&reader, kind, k, &v["before"], &v["after"])).collect())
                .unwrap_or_default(),
        })
        .collect();
    let heading = format!("{} #{id}", tr.word(Word::Kind, kind.as_str()));
    page(&HistoryPage { desk: Desk::new(&ctx, tr.t("history-title"), ""), heading, entries })
}
