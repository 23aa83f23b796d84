//! The partnership's mails that have not gone out: waiting for another try, or given
//! up after every try failed. Coordinators see them here (and a count on the
//! dashboard), to reach those people another way.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Ctx, Desk, forbidden, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/{slug}/mail", get(list::<S>))
}

pub struct MailRow {
    pub to: String,
    pub subject: String,
    pub queued: String,
    pub state: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "manage/mail.html")]
struct MailPage {
    desk: Desk,
    rows: Vec<MailRow>,
    /// Not sent, beyond the rows shown.
    more: u64,
}

/// How many unsent mails the page lists (the oldest first); it counts the rest.
const SHOWN: u64 = 200;

/// A moment in the reader's time zone (`zone`), as date and time.
fn moment(tr: Tr, at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{} {}", tr.date(local.date_naive()), local.format("%H:%M"))
}

async fn list<S: WebStore>(State(state): State<AppState<S>>, Extension(ctx): Extension<Ctx>) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let (mails, counts) =
        match tokio::try_join!(state.store.unsent_mails(Some(p.id), SHOWN), state.store.count_unsent_mails(Some(p.id)))
        {
            Ok(found) => found,
            Err(e) => return WebError(e).into_response(),
        };
    let zone = match account.principal.side(p.id) {
        Some(city) => {
            zusterstad_core::store::RecordStore::<zusterstad_core::partnerships::City>::get(&state.store, city)
                .await
                .ok()
                .and_then(|c| c.item.time_zone.parse().ok())
                .unwrap_or(chrono_tz::UTC)
        }
        None => chrono_tz::UTC,
    };
    let rows = mails
        .iter()
        .map(|m| MailRow {
            to: m.mail.to.clone(),
            subject: m.mail.subject.clone(),
            queued: moment(tr, m.created_at, zone),
            state: match m.next_attempt_at {
                _ if m.gave_up() => tr.ta("mail-gave-up", &[("tries", &m.attempts.to_string())]),
                Some(next) => {
                    tr.ta("mail-retry", &[("tries", &m.attempts.to_string()), ("when", &moment(tr, next, zone))])
                }
                None => String::new(),
            },
            error: m.last_error.clone().unwrap_or_default(),
        })
        .collect();
    let more = counts.unsent.saturating_sub(mails.len() as u64);
    page(&MailPage { desk: Desk::new(&ctx, tr.t("mail-title"), "dashboard"), rows, more })
}
