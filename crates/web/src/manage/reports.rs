//! The workspace's report: the same figures, charts and tables as the portal's
//! annual report, but counting drafts and joint items still waiting for approval
//! (archived items do not count), for coordinators preparing a council report.

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use zusterstad_core::portal;

use super::{Ctx, Desk, Fields, forbidden, not_found, page};
use crate::error::WebError;
use crate::pages::reports::{Period, ReportParts, period, report_csv, report_parts};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/manage/{slug}/reports", get(show::<S>))
}

#[derive(Template)]
#[template(path = "manage/reports.html")]
struct ReportsPage {
    desk: Desk,
    parts: ReportParts,
}

async fn show<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Fields>,
) -> Response {
    let tr = ctx.tr();
    let Some(p) = &ctx.partnership else { return forbidden(&ctx) };
    let slug = p.item.slug.clone();
    let view = match portal::load_workspace(&state.store, &slug, (state.clock)()).await {
        Ok(v) => v,
        Err(e) => return WebError(e).into_response(),
    };
    let q = Period { from: q.get("from").cloned(), to: q.get("to").cloned(), table: q.get("table").cloned() };
    let (from, to) = match period(&state, &view, &q).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Some(wanted) = q.table.as_deref() {
        return match report_csv(&state, tr, &view, from, to, wanted).await {
            Ok(Some(rows)) => {
                crate::csv_out::csv_response(&rows, &format!("{slug}-workspace-{wanted}-{from}-{to}.csv"))
            }
            Ok(None) => not_found(&ctx),
            Err(r) => r,
        };
    }
    let csv = |id: &str| format!("/manage/{slug}/reports?table={id}&from={from}&to={to}");
    match report_parts(&state, tr, &view, from, to, csv).await {
        Ok(parts) => page(&ReportsPage { desk: Desk::new(&ctx, tr.t("reports-title"), "reports"), parts }),
        Err(r) => r,
    }
}
