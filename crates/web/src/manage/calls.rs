//! The call planner: the hours both city halls are at work on a given day.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use zusterstad_core::calls::{OfficeHours, overlap};
use zusterstad_core::partnerships::City;
use zusterstad_core::store::RecordStore;

use super::{Ctx, Desk, Fields, field, forbidden, page};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/calls", get(calls::<S>))
}

pub struct Pair {
    pub name: String,
    pub home: String,
    pub other: String,
    /// (time at home, time in the other city)
    pub slots: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "manage/calls.html")]
struct CallsPage {
    pager: Option<crate::pages::Pager>,
    desk: Desk,
    date: String,
    from: u32,
    until: u32,
    error: Option<String>,
    pairs: Vec<Pair>,
}

async fn calls<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let tr = ctx.tr();
    let today = (state.clock)().date_naive();
    let mut error = None;
    let date = match field(&q, "date") {
        "" => today,
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
            error = Some(tr.t("desk-error-date"));
            today
        }),
    };
    let hour = |name: &str, default: u32| field(&q, name).parse::<u32>().ok().filter(|h| *h <= 24).unwrap_or(default);
    let mut hours = OfficeHours { from: hour("from", 8), until: hour("until", 18) };
    if hours.from >= hours.until {
        error = Some(tr.t("calls-error-hours"));
        hours = OfficeHours::default();
    }
    let Some(account) = &ctx.account else { return forbidden(&ctx) };
    let (partnerships, paging) = match super::visible_partnerships(&state, &account.principal, &q).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let mut pairs = Vec::new();
    for p in partnerships {
        let (Ok(a), Ok(b)) = (
            RecordStore::<City>::get(&state.store, p.item.city_a_id).await,
            RecordStore::<City>::get(&state.store, p.item.city_b_id).await,
        ) else {
            continue;
        };
        // Seen from the user's own side, when they coordinate one.
        let mine = ctx.account.as_ref().and_then(|acc| acc.principal.side(p.id));
        let (home, other) = if mine == Some(b.id) { (b, a) } else { (a, b) };
        let (Ok(hz), Ok(oz)) =
            (home.item.time_zone.parse::<chrono_tz::Tz>(), other.item.time_zone.parse::<chrono_tz::Tz>())
        else {
            continue;
        };
        let slots = overlap(date, hz, oz, hours)
            .into_iter()
            .map(|s| {
                let h = s.start.with_timezone(&hz);
                let o = s.start.with_timezone(&oz);
                let day = if o.date_naive() != h.date_naive() {
                    format!(" ({})", tr.date(o.date_naive()))
                } else {
                    String::new()
                };
                (h.format("%H:%M").to_string(), format!("{}{day}", o.format("%H:%M")))
            })
            .collect();
        pairs.push(Pair {
            name: tr.text(&p.item.name).text,
            home: tr.text(&home.item.name).text,
            other: tr.text(&other.item.name).text,
            slots,
        });
    }
    let pager = crate::pages::pager(
        tr,
        "/manage/calls",
        &[
            ("date", date.format("%Y-%m-%d").to_string()),
            ("from", hours.from.to_string()),
            ("until", hours.until.to_string()),
        ],
        &paging,
    );
    page(&CallsPage {
        pager,
        desk: Desk::new(&ctx, tr.t("desk-nav-calls"), "calls"),
        date: date.format("%Y-%m-%d").to_string(),
        from: hours.from,
        until: hours.until,
        error,
        pairs,
    })
}
