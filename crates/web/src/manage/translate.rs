//! "To translate": per language, every text of a partnership that is missing or
//! stale while another language has it, so Ghent works through the Dutch and
//! Kanazawa through the Japanese.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, State};
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
use zusterstad_core::partnerships::{Partnership, PartnershipId};
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
}

/// The texts of `item` (its `Localized` fields, found by shape) that need `lang`.
fn texts<T: Record + Serialize>(kind: Kind, item: &Stored<T>, lang: Lang, out: &mut Vec<Work>) {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&item.item) else { return };
    for (name, value) in fields {
        let is_text = value.as_object().is_some_and(|o| Lang::ALL.iter().all(|l| o.contains_key(l.code())));
        if !is_text {
            continue;
        }
        let Ok(text) = serde_json::from_value::<Localized>(value) else { continue };
        if !text.needs_translation(lang) {
            continue;
        }
        let source_lang = text
            .original_lang()
            .filter(|l| *l != lang)
            .or_else(|| Lang::ALL.into_iter().find(|l| *l != lang && !text.get(*l).value.trim().is_empty()))
            .unwrap_or(Lang::En);
        out.push(Work {
            kind,
            id: item.id.get(),
            field: name,
            status: text.get(lang).status,
            source: text.get(source_lang).value.clone(),
            source_lang,
        });
    }
}

async fn collect<S, T: Record + Serialize>(
    state: &AppState<S>,
    lang: Lang,
    partnership: PartnershipId,
    out: &mut Vec<Work>,
) -> Result<(), WebError>
where
    S: WebStore + RecordStore<T>,
{
    for item in zusterstad_core::store::of_partnership::<T, S>(&state.store, partnership).await? {
        texts(T::KIND, &item, lang, out);
    }
    Ok(())
}

/// Everything of partnership `p` that needs a translator in `lang`.
pub async fn work<S: WebStore>(
    state: &AppState<S>,
    p: &Stored<Partnership>,
    lang: Lang,
) -> Result<Vec<Work>, WebError> {
    let pid: PartnershipId = p.id;
    let mut out = Vec::new();
    texts(Kind::Partnership, p, lang, &mut out);
    collect::<S, Agreement>(state, lang, pid, &mut out).await?;
    collect::<S, Event>(state, lang, pid, &mut out).await?;
    collect::<S, NewsPost>(state, lang, pid, &mut out).await?;
    collect::<S, Activity>(state, lang, pid, &mut out).await?;
    collect::<S, Programme>(state, lang, pid, &mut out).await?;
    collect::<S, Organisation>(state, lang, pid, &mut out).await?;
    collect::<S, OrganisationPair>(state, lang, pid, &mut out).await?;
    collect::<S, Document>(state, lang, pid, &mut out).await?;
    collect::<S, Landmark>(state, lang, pid, &mut out).await?;
    Ok(out)
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
}

async fn to_translate<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Path((slug, lang)): Path<(String, String)>,
) -> Response {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return not_found(&ctx) };
    let Ok(lang) = lang.parse::<Lang>() else { return not_found(&ctx) };
    let work = match work(&state, p, lang).await {
        Ok(w) => w,
        Err(e) => return e.into_response(),
    };
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
                what: format!("{} #{}", tr.t(&format!("kind-{}", w.kind.as_str())), w.id),
                field: w.field,
                status: tr.t(&format!("text-status-{code}")),
                status_class: code,
                source: w.source.chars().take(160).collect(),
                source_lang: w.source_lang.code(),
            }
        })
        .collect();
    let heading = tr.ta("translate-title", &[("language", &tr.t(&format!("document-language-{}", lang.code())))]);
    let langs = Lang::ALL
        .iter()
        .map(|l| {
            (format!("/manage/{slug}/translate/{}", l.code()), tr.t(&format!("lang-name-{}", l.code())), *l == lang)
        })
        .collect();
    page(&TranslatePage { desk: Desk::new(&ctx, heading.clone(), "translate"), heading, lines, langs })
}
