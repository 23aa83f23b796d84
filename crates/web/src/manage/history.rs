//! The change history of one item: who, when, which fields, before and after.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use zusterstad_core::users::User;
use zusterstad_core::{Kind, Stored};

use super::{Ctx, Desk, not_found, page};
use crate::error::WebError;
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

/// A value as a person reads it: text as is, anything else as compact JSON.
fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
    let entries = entries
        .into_iter()
        .rev()
        .map(|e| Entry {
            when: tr.moment(e.at, zone),
            who: e
                .actor_id
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map(|u| u.item.display_name.clone())
                .unwrap_or_else(|| e.via.clone()),
            action: tr.word(crate::words::Word::History, e.action.as_str()),
            fields: e
                .changes
                .as_object()
                .map(|o| o.iter().map(|(k, v)| (k.clone(), shown(&v["before"]), shown(&v["after"]))).collect())
                .unwrap_or_default(),
        })
        .collect();
    let heading = format!("{} #{id}", tr.word(crate::words::Word::Kind, kind.as_str()));
    page(&HistoryPage { desk: Desk::new(&ctx, tr.t("history-title"), ""), heading, entries })
}
