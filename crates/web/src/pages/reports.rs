//! The public reports: the partnership's figures for a year or a range of years, as
//! SVG bar charts (with a title and description) over tables with the same figures,
//! and each table as CSV (with a byte-order mark, so Excel reads the UTF-8).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Datelike;
use serde::Deserialize;
use zusterstad_core::Stored;
use zusterstad_core::events::Event;
use zusterstad_core::portal::{ActivityFilter, Portal};
use zusterstad_core::query::{Cond, Value};
use zusterstad_core::registrations::RegistrationStatus;
use zusterstad_core::reports::{Origin, Report, report};

use super::activities::{direction_label, focus_label};
use super::{Layout, context, fail, layout, render};
use crate::i18n::{Shown, Tr, escape};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/{slug}/reports", get(page::<S>))
        .route("/{top}/{slug}/reports.csv", get(csv_table::<S>))
        .route("/{top}/{slug}/reports/{file}", get(csv_file::<S>))
}

type Page = Result<Response, Response>;

#[derive(Deserialize, Default)]
pub(crate) struct Period {
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) table: Option<String>,
}

/// One table of figures (and its chart).
pub struct Table {
    pub id: &'static str,
    pub title: String,
    pub rows: Vec<(String, u64)>,
}

impl Table {
    /// A horizontal bar chart of the rows, as SVG with its own title and description.
    pub fn svg(&self, description: &str) -> String {
        let max = self.rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let row_h = 28;
        let height = self.rows.len() as u64 * row_h + 8;
        let mut svg = format!(
            r#"<svg class="chart" role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 640 {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>"#,
            id = self.id,
            title = escape(&self.title),
            desc = escape(description),
        );
        for (i, (label, n)) in self.rows.iter().enumerate() {
            let y = i as u64 * row_h + 4;
            // The chart has room for short labels; the table below has them in full.
            let label = if label.chars().count() > 30 {
                format!("{}…", label.chars().take(29).collect::<String>())
            } else {
                label.clone()
            };
            let w = (*n * 360) / max;
            svg.push_str(&format!(
                r##"<text x="230" y="{ty}" text-anchor="end" font-size="13" fill="currentColor">{label}</text><rect x="240" y="{y}" width="{w}" height="20" rx="3" fill="#0f4c81"></rect><text x="{nx}" y="{ty}" font-size="13" fill="currentColor">{n}</text>"##,
                ty = y + 15,
                label = escape(&label),
                nx = 246 + w,
            ));
        }
        svg.push_str("</svg>");
        svg
    }
}

/// The first year with an activity (or this year) and this year.
async fn years_of<S: WebStore>(state: &AppState<S>, p: &Portal) -> Result<(i32, i32), Response> {
    let years = p.activity_years(&state.store).await.map_err(|e| crate::error::WebError(e).into_response())?;
    let first = years.last().map(|(y, _)| *y).unwrap_or(p.today.year()).min(p.today.year());
    Ok((first, p.today.year()))
}

/// The years a report covers, as asked for in `q` (this year when not).
pub(crate) async fn period<S: WebStore>(state: &AppState<S>, p: &Portal, q: &Period) -> Result<(i32, i32), Response> {
    let (first, last) = years_of(state, p).await?;
    let parse = |v: &Option<String>| {
        v.as_deref().and_then(|y| y.parse::<i32>().ok()).map(|y| y.clamp(first.min(1971), last + 5))
    };
    let to = parse(&q.to).unwrap_or(last);
    let from = parse(&q.from).unwrap_or(to).min(to);
    Ok((from, to))
}

fn origin_label(tr: Tr, p: &Portal, o: Origin) -> String {
    let a = tr.text(&p.city_a.item.name).text;
    let b = tr.text(&p.city_b.item.name).text;
    match o {
        Origin::CityA => tr.ta("origin-city_a", &[("a", &a)]),
        Origin::CityB => tr.ta("origin-city_b", &[("b", &b)]),
        Origin::BothWays => tr.t("origin-both"),
        Origin::Online => tr.t("origin-online"),
    }
}

fn tables(tr: Tr, p: &Portal, r: &Report, events: &[Stored<Event>]) -> Vec<Table> {
    let code = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    vec![
        Table {
            id: "focus",
            title: tr.t("reports-by-focus"),
            rows: r.by_focus.iter().map(|(f, n)| (focus_label(tr, *f), u64::from(*n))).collect(),
        },
        Table {
            id: "direction",
            title: tr.t("reports-by-direction"),
            rows: r.by_direction.iter().map(|(d, n)| (direction_label(tr, p, *d), u64::from(*n))).collect(),
        },
        Table {
            id: "participants",
            title: tr.t("reports-participants-kind"),
            rows: r
                .participants_by_kind
                .iter()
                .map(|(k, n)| {
                    (tr.word(crate::words::Word::Participant, code(serde_json::to_value(k).unwrap_or_default())), *n)
                })
                .collect(),
        },
        Table {
            id: "origin",
            title: tr.t("reports-participants-origin"),
            rows: r.participants_by_origin.iter().map(|(o, n)| (origin_label(tr, p, *o), *n)).collect(),
        },
        Table {
            id: "sdgs",
            title: tr.t("reports-sdgs"),
            rows: r
                .sdgs
                .iter()
                .map(|(g, n)| (format!("{g}. {}", tr.word(crate::words::Word::Sdg, g.to_string())), u64::from(*n)))
                .collect(),
        },
        Table {
            id: "events",
            title: tr.t("reports-events"),
            // Only events people registered for here have an attendance to count.
            rows: r
                .events
                .iter()
                .filter_map(|(id, n)| {
                    let e = events.iter().find(|e| e.id == *id && e.item.registration.is_some())?;
                    Some((tr.text(&e.item.title).text, u64::from(*n)))
                })
                .collect(),
        },
    ]
}

/// The report of the years `from`–`to`, and the events it counts.
async fn build<S: WebStore>(
    state: &AppState<S>,
    p: &Portal,
    from: i32,
    to: i32,
) -> Result<(Report, Vec<Stored<Event>>), Response> {
    let fail = |e| crate::error::WebError(e).into_response();
    let (start, end) = zusterstad_core::reports::period(from, to);
    let instant = |d: chrono::NaiveDate| Value::Instant(d.and_time(chrono::NaiveTime::MIN).and_utc());
    let in_period =
        vec![Cond::Ge("starts_at", instant(start)), Cond::Lt("starts_at", instant(end.succ_opt().unwrap_or(end)))];
    let events = p.all_events(&state.store, in_period).await.map_err(fail)?;
    let mut attendance = std::collections::HashMap::new();
    for e in events.iter().filter(|e| (from..=to).contains(&e.item.starts_at.year())) {
        let regs = state.store.registrations(e.id).await.map_err(fail)?;
        attendance.insert(e.id, regs.iter().filter(|r| r.item.status == RegistrationStatus::Confirmed).count() as u32);
    }
    let filter = ActivityFilter { period: Some((start, end)), ..Default::default() };
    let activities = p.all_activities(&state.store, &filter).await.map_err(fail)?;
    let report = report(p, &activities, &events, from, to, |id| attendance.get(&id).copied().unwrap_or(0));
    Ok((report, events))
}

/// What the portal's report page and the workspace's share: the period, the charts
/// with their tables and CSV links, agreements and institution pairs.
pub struct ReportParts {
    pub tr: Tr,
    pub years: Vec<(i32, String)>,
    pub from: i32,
    pub to: i32,
    pub summary: String,
    /// The period as a heading: `2024`, `2016年～2026年`.
    pub heading: String,
    /// The period's figures at a glance: (label, figure).
    pub headline: Vec<(String, String)>,
    /// Events without registration here, whose attendance was not recorded.
    pub unrecorded: Vec<String>,
    pub charts: Vec<(Table, String, String)>,
    pub agreements: Vec<Shown>,
    pub pairs: Vec<String>,
    /// Where the period form goes: `Some("")` the page itself; `None` no form (a
    /// published copy without a live server).
    pub action: Option<String>,
}

/// The report of `p` for the years `from`–`to`; `csv` gives a table's download link.
pub(crate) async fn report_parts<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    p: &Portal,
    from: i32,
    to: i32,
    csv: impl Fn(&str) -> String,
) -> Result<ReportParts, Response> {
    let (r, events) = build(state, p, from, to).await?;
    let (first, last) = years_of(state, p).await?;
    let chart_desc = tr.t("reports-chart");
    let charts = tables(tr, p, &r, &events)
        .into_iter()
        .filter(|t| !t.rows.is_empty())
        .map(|t| {
            let svg = t.svg(&chart_desc);
            let link = csv(t.id);
            (t, svg, link)
        })
        .collect();
    let name = |id| p.organisation(id).map(|o| tr.text(&o.item.name).text).unwrap_or_default();
    let (start, end) = zusterstad_core::reports::period(from, to);
    let participants: u64 = r.participants_by_kind.iter().map(|(_, n)| n).sum();
    let headline = vec![
        (tr.t("reports-headline-activities"), tr.number(i64::from(r.activities))),
        (tr.t("reports-headline-participants"), tr.number(participants as i64)),
        (tr.t("reports-headline-events"), tr.number(r.events.len() as i64)),
        (tr.t("reports-headline-pairs"), tr.number(r.pairs.len() as i64)),
    ];
    let unrecorded = r
        .events
        .iter()
        .filter_map(|(id, _)| events.iter().find(|e| e.id == *id && e.item.registration.is_none()))
        .map(|e| tr.text(&e.item.title).text)
        .collect();
    Ok(ReportParts {
        action: Some(String::new()),
        heading: tr.period(start, end, Some(zusterstad_core::DatePrecision::Year)),
        headline,
        unrecorded,
        tr,
        years: (first.min(from)..=last.max(to)).rev().map(|y| (y, tr.year(y))).collect(),
        from,
        to,
        summary: tr.ta("reports-activities", &[("n", &r.activities.to_string())]),
        charts,
        agreements: p
            .agreements
            .iter()
            .filter(|(a, _)| r.agreements.contains(&a.id))
            .map(|(a, _)| tr.text(&a.item.title))
            .collect(),
        pairs: p
            .pairs
            .iter()
            .filter(|x| r.pairs.contains(&x.id))
            .map(|x| format!("{} ⇄ {}", name(x.item.organisation_a_id), name(x.item.organisation_b_id)))
            .collect(),
    })
}

/// One table of a report as CSV rows.
pub(crate) async fn report_csv<S: WebStore>(
    state: &AppState<S>,
    tr: Tr,
    p: &Portal,
    from: i32,
    to: i32,
    wanted: &str,
) -> Result<Option<Vec<Vec<String>>>, Response> {
    let (r, events) = build(state, p, from, to).await?;
    Ok(tables(tr, p, &r, &events).into_iter().find(|t| t.id == wanted).map(|table| {
        let mut rows = vec![vec![table.title.clone(), tr.t("reports-count")]];
        rows.extend(table.rows.iter().map(|(label, n)| vec![label.clone(), n.to_string()]));
        rows
    }))
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportPage {
    layout: Layout,
    parts: ReportParts,
}

async fn page<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(q): Query<Period>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let (from, to) = period(&state, &p, &q).await?;
    let csv = |id: &str| format!("/{}/{slug}/reports/{id}-{from}-{to}.csv", tr.code());
    let mut parts = report_parts(&state, tr, &p, from, to, csv).await?;
    let layout = layout(tr, &p, "reports", "reports", &tr.t("reports-title"));
    parts.action = layout.here_action();
    let page = ReportPage { layout, parts };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

/// One table as CSV: `reports.csv?table=…&from=…&to=…`.
async fn csv_table<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(q): Query<Period>,
) -> Page {
    csv_of(&state, &top, &slug, &q).await
}

/// One table as CSV at an address a plain web server can serve too:
/// `reports/{table}-{from}-{to}.csv`, which the report page links to.
async fn csv_file<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, file)): Path<(String, String, String)>,
) -> Page {
    let named = file.strip_suffix(".csv").and_then(|name| {
        let (rest, to) = name.rsplit_once('-')?;
        let (table, from) = rest.rsplit_once('-')?;
        Some(Period { from: Some(from.to_owned()), to: Some(to.to_owned()), table: Some(table.to_owned()) })
    });
    match named {
        Some(q) => csv_of(&state, &top, &slug, &q).await,
        None => Err(context(&state, &top, &slug).await.map(|(tr, _)| super::not_found(tr)).unwrap_or_else(|e| e)),
    }
}

/// One table as CSV: UTF-8 with a byte-order mark (Excel), comma separated.
async fn csv_of<S: WebStore>(state: &AppState<S>, top: &str, slug: &str, q: &Period) -> Page {
    let (tr, p) = context(state, top, slug).await?;
    let (from, to) = period(state, &p, q).await?;
    let wanted = q.table.as_deref().unwrap_or("focus");
    match report_csv(state, tr, &p, from, to, wanted).await? {
        Some(rows) => Ok(crate::csv_out::csv_response(&rows, &format!("{slug}-{wanted}-{from}-{to}.csv"))),
        None => Err(super::not_found(tr)),
    }
}
