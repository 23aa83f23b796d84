//! "To translate": per language, every text of a partnership that is missing or
//! stale while another language has it, so Ghent works through the Dutch and
//! Kanazawa through the Japanese.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::documents::Document;
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::query::Paging;
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Kind, Lang, Localized, Record, Stored, TextStatus};

use super::{Ctx, Desk, not_found, page};
use crate::error::WebError;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/{slug}/translate/{lang}", get(to_translate::<S>))
}

/// One text to translate.
pub struct Work {
    pub kind: Kind,
    pub id: i64,
    pub field: String,
    pub status: TextStatus,
    /// The text to translate from (the original, else any language that has it).
    pub source: String,
    pub source_lang: Lang,
    /// The item's title (or name), when it has one.
    pub title: Option<Localized>,
}

/// Texts to translate shown on one page.
const PER_PAGE: u64 = 50;

/// The items of `kind` with these ids, as JSON, by id.
async fn items<S, T: Record + Serialize>(
    state: &AppState<S>,
    ids: &[i64],
) -> Result<HashMap<i64, serde_json::Value>, WebError>
where
    S: WebStore + RecordStore<T>,
{
    let found = zusterstad_core::store::by_ids::<T, S>(&state.store, ids.iter().copied()).await?;
    Ok(found.into_iter().filter_map(|s| Some((s.id.get(), serde_json::to_value(&s.item).ok()?))).collect())
}

/// The texts of partnership `p` that need `lang` (`stale_only`: only those out of
/// date), `limit` of them from `offset` (`None`: all), with how many there are: read
/// from the store's list of what needs translating, and the page's items by id.
pub async fn work<S: WebStore>(
    state: &AppState<S>,
    p: &Stored<Partnership>,
    lang: Lang,
    stale_only: bool,
    offset: u64,
    limit: Option<u64>,
) -> Result<(Vec<Work>, u64), WebError> {
    let page = state.store.untranslated(p.id, lang, stale_only, offset, limit).await?;
    let mut found: HashMap<(Kind, i64), serde_json::Value> = HashMap::new();
    for kind in Kind::ALL {
        let ids: Vec<i64> = page.items.iter().filter(|u| u.kind == kind).map(|u| u.record_id).collect();
        if ids.is_empty() {
            continue;
        }
        let by_id = match kind {
            Kind::Partnership => HashMap::from([(
                p.id.get(),
                serde_json::to_value(&p.item).map_err(|e| WebError(zusterstad_core::Error::Internal(e.to_string())))?,
            )]),
            Kind::Agreement => items::<S, Agreement>(state, &ids).await?,
            Kind::Event => items::<S, Event>(state, &ids).await?,
            Kind::NewsPost => items::<S, NewsPost>(state, &ids).await?,
            Kind::Activity => items::<S, Activity>(state, &ids).await?,
            Kind::Programme => items::<S, Programme>(state, &ids).await?,
            Kind::Organisation => items::<S, Organisation>(state, &ids).await?,
            Kind::OrganisationPair => items::<S, OrganisationPair>(state, &ids).await?,
            Kind::Document => items::<S, Document>(state, &ids).await?,
            Kind::Landmark => items::<S, Landmark>(state, &ids).await?,
            _ => HashMap::new(),
        };
        found.extend(by_id.into_iter().map(|(id, v)| ((kind, id), v)));
    }
    let text = |item: Option<&serde_json::Value>, field: &str| -> Option<Localized> {
        serde_json::from_value(item?.get(field)?.clone()).ok()
    };
    let out = page
        .items
        .into_iter()
        .map(|u| {
            let item = found.get(&(u.kind, u.record_id));
            let source = text(item, &u.field).unwrap_or_default();
            let source_lang = source
                .original_lang()
                .filter(|l| *l != lang)
                .or_else(|| Lang::ALL.into_iter().find(|l| *l != lang && !source.get(*l).value.trim().is_empty()))
                .unwrap_or(Lang::En);
            Work {
                kind: u.kind,
                id: u.record_id,
                status: u.status,
                source: source.get(source_lang).value.clone(),
                source_lang,
                title: text(item, "title").or_else(|| text(item, "name")),
                field: u.field,
            }
        })
        .collect();
    Ok((out, page.total))
}

pub struct Line {
    pub href: String,
    pub what: String,
    pub field: String,
    pub status: String,
    pub status_class: &'static str,
    pub source: String,
    pub source_lang: &'static str,
}

#[derive(Template)]
#[template(path = "manage/translate.html")]
struct TranslatePage {
    desk: Desk,
    heading: String,
    lines: Vec<Line>,
    langs: Vec<(String, String, bool)>,
    count: String,
    pager: Option<crate::pages::Pager>,
}

async fn to_translate<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, lang)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return not_found(&ctx) };
    let Ok(lang) = lang.parse::<Lang>() else { return not_found(&ctx) };
    let number = crate::pages::page_number(q.get("page").map(String::as_str)).unwrap_or(1);
    let offset = number.saturating_sub(1).saturating_mul(PER_PAGE);
    let (work, total) = match work(&state, p, lang, false, offset, Some(PER_PAGE)).await {
        Ok(w) => w,
        Err(e) => return e.into_response(),
    };
    let paging = Paging::new(Some(number), PER_PAGE, total);
    let pager = crate::pages::pager(tr, &format!("/manage/{slug}/translate/{}", lang.code()), &[], &paging);
    let count = tr.ta("translate-count", &[("n", &total.to_string())]);
    let lines = work
        .into_iter()
        .map(|w| {
            let code = match w.status {
                TextStatus::Stale => "stale",
                _ => "missing",
            };
            Line {
                href: match w.kind {
                    Kind::Event => format!("/manage/{slug}/events/{}", w.id),
                    kind if super::records::SPECS.iter().any(|s| s.kind == kind) => {
                        format!("/manage/{slug}/records/{}/{}", kind.as_str(), w.id)
                    }
                    kind => format!("/manage/{slug}/history/{}/{}", kind.as_str(), w.id),
                },
                what: match &w.title {
                    Some(title) if !title.is_empty() => {
                        format!(
                            "{}{}{}",
                            tr.word(crate::words::Word::Kind, w.kind.as_str()),
                            tr.t("colon"),
                            tr.text(title).text
                        )
                    }
                    _ => format!("{} #{}", tr.word(crate::words::Word::Kind, w.kind.as_str()), w.id),
                },
                field: tr.label(&w.field),
                status: tr.word(crate::words::Word::TextStatus, code),
                status_class: code,
                source: w.source.chars().take(160).collect(),
                source_lang: w.source_lang.code(),
            }
        })
        .collect();
    let heading =
        tr.ta("translate-title", &[("language", &tr.word(crate::words::Word::DocumentLanguage, lang.code()))]);
    let langs = Lang::ALL
        .iter()
        .map(|l| {
            (
                format!("/manage/{slug}/translate/{}", l.code()),
                tr.word(crate::words::Word::LangName, l.code()),
                *l == lang,
            )
        })
        .collect();
    page(&TranslatePage { desk: Desk::new(&ctx, heading.clone(), "translate"), heading, lines, langs, count, pager })
}
