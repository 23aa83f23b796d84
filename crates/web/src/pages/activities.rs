//! Activities and exchanges: a list with filters (year, area, direction) that works
//! without JavaScript, and a page per activity.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use zusterstad_core::Id;
use zusterstad_core::activities::Direction;
use zusterstad_core::partnerships::FocusArea;
use zusterstad_core::portal::{ActivityFilter, Portal};
use zusterstad_core::query::Paging;

use super::partnership::{ActivityLine, activity_line};
use super::{Layout, context, fail, layout, render};
use crate::i18n::{Shown, Tr};
use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/{top}/{slug}/activities", get(list::<S>))
        .route("/{top}/{slug}/activities/{id}", get(detail::<S>))
}

type Page = Result<Response, Response>;

const DIRECTIONS: [Direction; 4] = [Direction::AToB, Direction::BToA, Direction::Both, Direction::Online];

pub fn code<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn focus_label(tr: Tr, f: FocusArea) -> String {
    tr.word(crate::words::Word::Focus, code(f))
}

pub fn direction_label(tr: Tr, p: &Portal, d: Direction) -> String {
    let a = tr.text(&p.city_a.item.name).text;
    let b = tr.text(&p.city_b.item.name).text;
    tr.word_with(crate::words::Word::Direction, code(d), &[("a", &a), ("b", &b)])
}

/// The filter as typed in the address bar; anything unknown is ignored, never an error.
#[derive(Deserialize, Default)]
pub struct Filter {
    year: Option<String>,
    focus: Option<String>,
    direction: Option<String>,
    /// An organisation's or a programme's activities (their pages link here).
    organisation: Option<String>,
    programme: Option<String>,
    sdg: Option<String>,
    page: Option<String>,
}

/// Activities shown on one page of the list.
const PER_PAGE: u64 = 24;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: String, label: String, selected: bool) -> Self {
        Choice { value, label, selected }
    }
}

struct Card {
    line: ActivityLine,
    summary: Shown,
    focus: String,
    direction: String,
    participants: u32,
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ListPage {
    layout: Layout,
    years: Vec<Choice>,
    focus: Vec<Choice>,
    directions: Vec<Choice>,
    count: String,
    cards: Vec<Card>,
    pager: Option<super::Pager>,
    /// Kept by the filter form (an organisation's or programme's list).
    organisation: String,
    programme: String,
    sdg: String,
}

async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug)): Path<(String, String)>,
    Query(filter): Query<Filter>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let year: Option<i32> = filter.year.as_deref().and_then(|y| y.parse().ok());
    let focus = FocusArea::ALL.into_iter().find(|f| Some(code(*f)) == filter.focus);
    let direction = DIRECTIONS.into_iter().find(|d| Some(code(*d)) == filter.direction);
    let id = |raw: &Option<String>| raw.as_deref().and_then(|v| v.parse::<i64>().ok());
    let organisation = id(&filter.organisation).and_then(|o| p.organisation(Id::new(o))).map(|o| o.id);
    let programme = id(&filter.programme).and_then(|x| p.programmes.iter().find(|g| g.id.get() == x)).map(|g| g.id);
    let sdg = filter.sdg.as_deref().and_then(|g| g.parse::<u8>().ok()).filter(|g| (1..=17).contains(g));
    let wanted = ActivityFilter { year, focus, direction, organisation, programme, sdg, ..ActivityFilter::default() };
    let number = super::page_number(filter.page.as_deref()).unwrap_or(1);
    let store = |e| fail(tr, crate::error::WebError(e));
    let shown = p.activities(&state.store, &wanted, number, PER_PAGE).await.map_err(store)?;
    let years = p.activity_years(&state.store).await.map_err(store)?;
    let paging = Paging::new(Some(number), PER_PAGE, shown.total);
    let params = [
        ("year", year.map(|y| y.to_string()).unwrap_or_default()),
        ("focus", focus.map(code).unwrap_or_default()),
        ("direction", direction.map(code).unwrap_or_default()),
        ("organisation", organisation.map(|o| o.to_string()).unwrap_or_default()),
        ("programme", programme.map(|x| x.to_string()).unwrap_or_default()),
        ("sdg", sdg.map(|g| g.to_string()).unwrap_or_default()),
    ];
    let pager = super::pager(tr, &format!("/{}/{slug}/activities", tr.code()), &params, &paging);
    let choice = |value: String, label: String, selected: bool| Choice { value, label, selected };
    let page = ListPage {
        layout: layout(tr, &p, "activities", "activities", &tr.t("activities-title")),
        years: years.into_iter().map(|(y, _)| choice(y.to_string(), tr.year(y), Some(y) == year)).collect(),
        focus: FocusArea::ALL.iter().map(|f| choice(code(*f), focus_label(tr, *f), Some(*f) == focus)).collect(),
        directions: DIRECTIONS
            .iter()
            .map(|d| choice(code(*d), direction_label(tr, &p, *d), Some(*d) == direction))
            .collect(),
        count: tr.ta("activities-count", &[("n", &shown.total.to_string())]),
        pager,
        cards: shown
            .items
            .iter()
            .map(|a| Card {
                line: activity_line(tr, &slug, a),
                summary: tr.text(&a.item.summary),
                focus: focus_label(tr, a.item.focus),
                direction: direction_label(tr, &p, a.item.direction),
                participants: a.item.participants.iter().map(|c| c.count).sum(),
            })
            .collect(),
        organisation: organisation.map(|o| o.to_string()).unwrap_or_default(),
        programme: programme.map(|x| x.to_string()).unwrap_or_default(),
        sdg: sdg.map(|g| g.to_string()).unwrap_or_default(),
    };
    render(&page, &headers).map_err(|e| fail(tr, e))
}

#[derive(Template)]
#[template(path = "activity.html")]
struct DetailPage {
    layout: Layout,
    line: ActivityLine,
    summary: Shown,
    body: Shown,
    focus: String,
    direction: String,
    participants: Vec<(String, u32)>,
    organisations: Vec<(String, Shown)>,
    sdgs: Vec<(u8, String)>,
    programme: Option<(String, Shown)>,
    slug: String,
}

async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((top, slug, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Page {
    let (tr, p) = context(&state, &top, &slug).await?;
    let found = match id.parse::<i64>() {
        Ok(id) => p.activity(&state.store, id).await.map_err(|e| fail(tr, crate::error::WebError(e)))?,
        Err(_) => None,
    };
    let Some(a) = &found else { return Err(super::not_found(tr)) };
    let line = activity_line(tr, &slug, a);
    let mut page = DetailPage {
        layout: layout(tr, &p, "activities", &format!("activities/{}", a.id), &line.title.text),
        summary: tr.text(&a.item.summary),
        body: tr.markdown(&a.item.body),
        focus: focus_label(tr, a.item.focus),
        direction: direction_label(tr, &p, a.item.direction),
        participants: a
            .item
            .participants
            .iter()
            .map(|c| (tr.word(crate::words::Word::Participant, code(c.kind)), c.count))
            .collect(),
        organisations: a
            .item
            .organisation_ids
            .iter()
            .filter_map(|id| p.organisation(*id))
            .map(|o| (format!("/{}/{slug}/organisations/{}", tr.code(), o.id), tr.text(&o.item.name)))
            .collect(),
        sdgs: a.item.sdgs.iter().map(|g| (*g, tr.word(crate::words::Word::Sdg, g.to_string()))).collect(),
        programme: a
            .item
            .programme_id
            .and_then(|id| p.programmes.iter().find(|x| x.id == id))
            .map(|x| (format!("/{}/{slug}/programmes/{}", tr.code(), x.item.slug), tr.text(&x.item.title))),
        line,
        slug,
    };
    // Link previews and search engines read what the activity was, not the partnership's motto.
    if !page.summary.is_empty() {
        page.layout.description = page.summary.text.clone();
    }
    render(&page, &headers).map_err(|e| fail(tr, e))
}
