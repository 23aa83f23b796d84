//! Importing a spreadsheet (CSV) of activities, organisations or people: upload, see
//! what will be created or updated, then confirm. A file with any error is refused
//! as a whole, with the errors by line and column. UTF-8 with or without a BOM,
//! commas or semicolons (a Dutch Excel), CRLF and quoted line breaks all work.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Form, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zusterstad_core::Stored;
use zusterstad_core::activities::Activity;
use zusterstad_core::audit::Change;
use zusterstad_core::imports::{CellError, Context, Planned, Target, plan};
use zusterstad_core::organisations::Organisation;
use zusterstad_core::partnerships::City;
use zusterstad_core::people::Person;
use zusterstad_core::problem::Problem;
use zusterstad_core::store::RecordStore;

use super::{Ctx, Desk, Fields, field, forbidden, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

/// The largest spreadsheet taken: 20 MB and 100,000 rows (said in the form).
pub const MAX_BYTES: usize = 20_000_000;
pub const MAX_ROWS: usize = 100_000;
/// The preview lists this many rows, and counts the rest.
const PREVIEW_ROWS: usize = 500;

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    // The confirmation carries the file back as base64 (4/3 of its size).
    Router::new()
        .route("/manage/{slug}/import", get(form).post(upload::<S>))
        .route("/manage/{slug}/import/confirm", post(confirm::<S>))
        .layer(DefaultBodyLimit::max(MAX_BYTES / 3 * 4 + 64 * 1024))
}

/// A file's header, and its rows, each with the line it starts on.
pub type Table = (Vec<String>, Vec<(usize, Vec<String>)>);

/// The header and the rows of a CSV file.
pub fn read_csv(bytes: &[u8]) -> Result<Table, Vec<CellError>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(vec![CellError::new(line, "", Problem::NotUtf8)]);
        }
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t'].into_iter().max_by_key(|d| first.matches(*d as char).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(vec![CellError::new(1, "", Problem::Unreadable { detail: e.to_string() })]),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        if rows.len() >= MAX_ROWS {
            return Err(vec![CellError::new(0, "", Problem::TooManyRows { rows: MAX_ROWS })]);
        }
        match record {
            Ok(r) => {
                let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                if r.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                rows.push((line, r.iter().map(str::to_owned).collect()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(CellError::new(line, "", Problem::Unreadable { detail: e.to_string() }));
            }
        }
    }
    if errors.is_empty() { Ok((headers, rows)) } else { Err(errors) }
}

/// `errors` in the reader's language.
fn shown(tr: Tr, errors: Vec<CellError>) -> Vec<CellError> {
    errors
        .into_iter()
        .map(|mut e| {
            e.message = tr.problem(e.code, &e.params, &e.message);
            e
        })
        .collect()
}

pub struct PreviewRow {
    pub line: usize,
    pub action: String,
    pub name: String,
    pub details: String,
}

#[derive(Template)]
#[template(path = "manage/import.html")]
struct ImportPage {
    desk: Desk,
    targets: Vec<(&'static str, String, String, bool)>,
    errors: Vec<CellError>,
    preview: Vec<PreviewRow>,
    /// How many rows of the plan the preview does not list, if any.
    more: String,
    summary: String,
    limit: String,
    target: String,
    data: String,
    notice: Option<String>,
}

fn view(ctx: &Ctx, chosen: &str) -> ImportPage {
    let tr = ctx.tr();
    ImportPage {
        desk: Desk::new(ctx, tr.t("import-title"), "records"),
        targets: Target::ALL
            .iter()
            .map(|t| {
                let columns = t
                    .columns()
                    .iter()
                    .map(|(c, required)| if *required { format!("{c}*") } else { (*c).to_owned() })
                    .collect::<Vec<_>>()
                    .join(", ");
                (t.code(), tr.word(crate::words::Word::ImportTarget, t.code()), columns, t.code() == chosen)
            })
            .collect(),
        errors: Vec::new(),
        preview: Vec::new(),
        more: String::new(),
        summary: String::new(),
        limit: tr
            .ta("import-limit", &[("rows", &tr.number(MAX_ROWS as i64)), ("size", &tr.file_size(MAX_BYTES as i64))]),
        target: chosen.to_owned(),
        data: String::new(),
        notice: None,
    }
}

async fn form(Extension(ctx): Extension<Ctx>, Query(q): Query<Fields>) -> Response {
    let mut v = view(&ctx, "activities");
    if let Some((c, u)) = field(&q, "done").split_once(',') {
        v.notice = Some(ctx.tr().ta("import-done", &[("created", c), ("updated", u)]));
    }
    page(&v)
}

/// The plan for `bytes`, or the errors by line and column.
async fn planned<S: WebStore>(
    state: &AppState<S>,
    ctx: &Ctx,
    target: Target,
    bytes: &[u8],
) -> Result<Result<Vec<Planned>, Vec<CellError>>, WebError> {
    let Some(p) = &ctx.partnership else { return Err(WebError(zusterstad_core::Error::Forbidden)) };
    let (headers, rows) = match read_csv(bytes) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let cities: Vec<Stored<City>> = vec![
        RecordStore::<City>::get(&state.store, p.item.city_a_id).await?,
        RecordStore::<City>::get(&state.store, p.item.city_b_id).await?,
    ];
    // Rows are matched against this partnership's items only, read by query.
    let mine = zusterstad_core::query::ListQuery::of(p.id);
    let organisations: Vec<Stored<Organisation>> = RecordStore::<Organisation>::query(&state.store, &mine).await?.items;
    let people: Vec<Stored<Person>> = RecordStore::<Person>::query(&state.store, &mine).await?.items;
    let activities: Vec<Stored<Activity>> = RecordStore::<Activity>::query(&state.store, &mine).await?.items;
    let context = Context {
        partnership: p,
        cities: &cities,
        organisations: &organisations,
        people: &people,
        activities: &activities,
    };
    Ok(plan(target, &headers, &rows, &context))
}

fn preview(tr: Tr, plan: &[Planned]) -> Vec<PreviewRow> {
    plan.iter()
        .take(PREVIEW_ROWS)
        .map(|p| {
            let (line, existing, name, details) = match p {
                Planned::Organisation { line, existing, item } => {
                    (*line, existing.is_some(), tr.text(&item.name).text, item.website.clone().unwrap_or_default())
                }
                Planned::Person { line, existing, item } => (
                    *line,
                    existing.is_some(),
                    format!("{} {}", item.given_name, item.family_name),
                    item.email.clone().unwrap_or_default(),
                ),
                Planned::Activity { line, existing, item } => (
                    *line,
                    existing.is_some(),
                    tr.text(&item.title).text,
                    format!(
                        "{}{}{}",
                        item.starts_on,
                        tr.t("sep"),
                        item.participants.iter().map(|c| c.count.to_string()).collect::<Vec<_>>().join(" + ")
                    ),
                ),
            };
            PreviewRow { line, action: tr.t(if existing { "import-update" } else { "import-create" }), name, details }
        })
        .collect()
}

async fn upload<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    mut multipart: Multipart,
) -> Response {
    let tr = ctx.tr();
    let mut target = String::new();
    let mut bytes = Vec::new();
    let mut too_large = false;
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) => {
                too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                break;
            }
        };
        match part.name().unwrap_or_default() {
            "file" => match part.bytes().await {
                Ok(b) => bytes = b.to_vec(),
                Err(e) => {
                    too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                    break;
                }
            },
            "target" => target = part.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let refuse = |v: &mut ImportPage, message: String| {
        v.errors = vec![CellError::said(0, message)];
        let mut r = page(&*v);
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    if too_large || bytes.len() > MAX_BYTES {
        let mut v = view(&ctx, Target::parse(&target).map_or("activities", Target::code));
        return refuse(&mut v, tr.ta("import-error-size", &[("size", &tr.file_size(MAX_BYTES as i64))]));
    }
    let Some(t) = Target::parse(&target) else { return page(&view(&ctx, "activities")) };
    let mut v = view(&ctx, t.code());
    if bytes.is_empty() {
        return refuse(&mut v, tr.t("upload-error-empty"));
    }
    match planned(&state, &ctx, t, &bytes).await {
        Ok(Ok(plan)) => {
            v.preview = preview(tr, &plan);
            let more = plan.len().saturating_sub(v.preview.len());
            if more > 0 {
                v.more = tr.ta("import-more", &[("rows", &tr.number(more as i64))]);
            }
            let created = plan.iter().filter(|p| !p.updates()).count();
            v.summary = tr.ta(
                "import-summary",
                &[("created", &tr.number(created as i64)), ("updated", &tr.number((plan.len() - created) as i64))],
            );
            v.data = STANDARD.encode(&bytes);
            page(&v)
        }
        Ok(Err(errors)) => {
            v.errors = shown(tr, errors);
            let mut r = page(&v);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn confirm<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    Form(fields): Form<Fields>,
) -> Response {
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let (Some(t), Ok(bytes)) = (Target::parse(field(&fields, "target")), STANDARD.decode(field(&fields, "data")))
    else {
        return Redirect::to(&format!("/manage/{}/import", p.item.slug)).into_response();
    };
    // Planned again: the record may have changed since the preview.
    let plan = match planned(&state, &ctx, t, &bytes).await {
        Ok(Ok(plan)) => plan,
        Ok(Err(errors)) => {
            let mut v = view(&ctx, t.code());
            v.errors = shown(ctx.tr(), errors);
            let mut r = page(&v);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return r;
        }
        Err(e) => return e.into_response(),
    };
    let change = Change::by_user(account.id(), (state.clock)());
    match state.store.apply_import(&change, &plan).await {
        Ok((created, updated)) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{}/import?done={created},{updated}", p.item.slug)).into_response()
        }
        Err(zusterstad_core::Error::Conflict(_)) => {
            // Someone changed one of the items since the preview: nothing imported.
            let mut v = view(&ctx, t.code());
            v.errors = vec![CellError::said(0, ctx.tr().t("import-conflict"))];
            let mut r = page(&v);
            *r.status_mut() = StatusCode::CONFLICT;
            r
        }
        Err(zusterstad_core::Error::Invalid { fields }) => {
            let mut v = view(&ctx, t.code());
            v.errors = shown(ctx.tr(), fields.into_iter().map(|f| CellError::from_field(0, f)).collect());
            let mut r = page(&v);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => WebError(e).into_response(),
    }
}
