//! The JSON API, version 1: the published record of each partnership, public (with
//! CORS, so the two cities' own websites can show events and news), in pages with
//! `ETag`s; and, with an API token, writing (`write.rs`). Errors are
//! `application/problem+json` with a message per field. The OpenAPI 3.1 document at
//! `/api/openapi.json` is generated from this code.

mod write;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::agreements::Agreement;
use zusterstad_core::documents::Document;
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::portal::{ActivityFilter, Portal};
use zusterstad_core::query::{Cond, ListQuery};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Publication, Stored};

use crate::{AppState, WebStore};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Zusterstad API",
        version = "1",
        description = "The published record of sister-city partnerships: public, paged. \
                       Texts are given in Dutch, Japanese and English, each with its translation status. \
                       With an API token (issued by an admin for one role of one account), items are \
                       created, changed, deleted and approved under the workspace's rules."
    ),
    paths(
        partnerships,
        partnership,
        events,
        news,
        activities,
        agreements,
        organisations,
        pairs,
        programmes,
        symbols,
        documents,
        ambassadors,
        create_event, event, update_event, delete_event, approve_event,
        create_news, news_post, update_news, delete_news,
        create_activity, activity, update_activity, delete_activity,
        create_agreement, agreement, update_agreement, delete_agreement, approve_agreement,
        create_organisation, organisation, update_organisation, delete_organisation,
        create_pair, pair, update_pair, delete_pair,
        create_programme, programme, update_programme, delete_programme,
        create_symbol, symbol, update_symbol, delete_symbol,
        upload_file, create_document, document, update_document, delete_document,
    ),
    components(schemas(Problem, FieldProblem)),
    modifiers(&TokenScheme)
)]
pub struct ApiDoc;

/// The API token as an HTTP bearer scheme.
struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("zst_ followed by 64 hex digits")
                    .description(Some("An API token, issued by an admin on the account's page in the workspace"))
                    .build(),
            ),
        );
    }
}

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/partnerships", get(partnerships::<S>))
        .route("/api/v1/partnerships/{slug}", get(partnership::<S>))
        .route("/api/v1/partnerships/{slug}/events", get(events::<S>).post(write::create::<S, Event>))
        .route("/api/v1/partnerships/{slug}/news", get(news::<S>).post(write::create::<S, NewsPost>))
        .route("/api/v1/partnerships/{slug}/activities", get(activities::<S>).post(write::create::<S, Activity>))
        .route("/api/v1/partnerships/{slug}/agreements", get(agreements::<S>).post(write::create::<S, Agreement>))
        .route(
            "/api/v1/partnerships/{slug}/organisations",
            get(organisations::<S>).post(write::create::<S, Organisation>),
        )
        .route("/api/v1/partnerships/{slug}/pairs", get(pairs::<S>).post(write::create::<S, OrganisationPair>))
        .route("/api/v1/partnerships/{slug}/programmes", get(programmes::<S>).post(write::create::<S, Programme>))
        .route("/api/v1/partnerships/{slug}/symbols", get(symbols::<S>).post(write::create::<S, Landmark>))
        .route("/api/v1/partnerships/{slug}/documents", get(documents::<S>).post(write::create::<S, Document>))
        .route(
            "/api/v1/partnerships/{slug}/files",
            post(write::upload::<S>)
                .layer(axum::extract::DefaultBodyLimit::max(zusterstad_core::documents::MAX_FILE_BYTES + 1)),
        )
        .route("/api/v1/partnerships/{slug}/ambassadors", get(ambassadors::<S>))
        .merge(items::<S, Event>())
        .merge(items::<S, NewsPost>())
        .merge(items::<S, Activity>())
        .merge(items::<S, Agreement>())
        .merge(items::<S, Organisation>())
        .merge(items::<S, OrganisationPair>())
        .merge(items::<S, Programme>())
        .merge(items::<S, Landmark>())
        .merge(items::<S, Document>())
        .route("/api/v1/partnerships/{slug}/events/{id}/approvals", post(write::approve::<S, Event>))
        .route("/api/v1/partnerships/{slug}/agreements/{id}/approvals", post(write::approve::<S, Agreement>))
        .layer(axum::middleware::map_response(cors))
}

/// One item of a kind: read, change, delete.
fn items<S: WebStore + RecordStore<T>, T: write::Writable>() -> Router<AppState<S>> {
    let path = format!("/api/v1/partnerships/{{slug}}/{}/{{id}}", T::SEGMENT);
    Router::new().route(&path, get(write::one::<S, T>).patch(write::update::<S, T>).delete(write::remove::<S, T>))
}

/// Public reads may be shown on other sites.
async fn cors(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("etag"));
    response
}

async fn openapi() -> Response {
    let mut r = ApiDoc::openapi().to_pretty_json().unwrap_or_default().into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// An error, as RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// One entry per field that is wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    /// In English.
    pub message: String,
    /// What is wrong, as a code (such as `problem-required`), where one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

fn problem(status: StatusCode, detail: &str, errors: Vec<FieldProblem>) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: detail.to_owned(),
        errors,
    };
    let mut r = (status, serde_json::to_string(&body).unwrap_or_default()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    r
}

fn from_error(e: Error) -> Response {
    match e {
        Error::NotFound { kind, id } => {
            problem(StatusCode::NOT_FOUND, &format!("there is no published {kind} {id}"), Vec::new())
        }
        Error::Unavailable(_) => unavailable(),
        other => {
            tracing::error!(error = %other, "api error");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "something went wrong on our side", Vec::new())
        }
    }
}

/// 503 with `Retry-After`: the storage can't take the request now; nothing was changed.
pub(crate) fn unavailable() -> Response {
    let mut r = problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "the storage is temporarily unavailable; nothing was changed, try again later",
        Vec::new(),
    );
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS));
    r
}

/// JSON with an `ETag`; 304 when the client has it already.
fn json<T: Serialize>(value: &T, headers: &HeaderMap) -> Response {
    let body = match serde_json::to_string(value) {
        Ok(b) => b,
        Err(_) => return problem(StatusCode::INTERNAL_SERVER_ERROR, "could not write the answer", Vec::new()),
    };
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut r = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { body.into_response() };
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    r
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The page number, from 1.
    pub page: usize,
    pub per_page: usize,
    /// Items in the whole list.
    pub total: usize,
}

/// For each kind: the item as the API gives it (id, version, timestamps and the
/// item's fields) and one page of them, as concrete schemas.
macro_rules! api_types {
    ($($item:ident, $page:ident, $ty:ty;)*) => {$(
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $item {
            pub id: i64,
            pub version: i64,
            pub created_at: DateTime<Utc>,
            pub updated_at: DateTime<Utc>,
            #[serde(flatten)]
            pub item: $ty,
        }

        impl From<&Stored<$ty>> for $item {
            fn from(s: &Stored<$ty>) -> Self {
                $item { id: s.id.get(), version: s.version, created_at: s.created_at, updated_at: s.updated_at, item: s.item.clone() }
            }
        }

        #[derive(Debug, Serialize, ToSchema)]
        pub struct $page {
            pub items: Vec<$item>,
            /// The page number, from 1.
            pub page: usize,
            pub per_page: usize,
            /// Items in the whole list.
            pub total: usize,
        }
    )*};
}

api_types! {
    PartnershipItem, PartnershipPage, Partnership;
    CityItem, CityPage, City;
    EventItem, EventPage, Event;
    NewsItem, NewsPage, NewsPost;
    ActivityItem, ActivityPage, Activity;
    AgreementItem, AgreementPage, Agreement;
    OrganisationItem, OrganisationPage, Organisation;
    PairItem, PairPage, OrganisationPair;
    ProgrammeItem, ProgrammePage, Programme;
    SymbolItem, SymbolPage, Landmark;
    DocumentItem, DocumentPage, Document;
}

/// Reads the query: only the names a list knows, each well-formed.
struct Params {
    values: HashMap<String, String>,
    errors: Vec<FieldProblem>,
}

impl Params {
    fn new(values: HashMap<String, String>, known: &[&str]) -> Params {
        let mut errors = Vec::new();
        for k in values.keys() {
            if !known.contains(&k.as_str()) && k != "page" && k != "per_page" {
                errors.push(FieldProblem {
                    field: k.clone(),
                    message: "is not a parameter of this list".into(),
                    code: None,
                });
            }
        }
        Params { values, errors }
    }

    fn number(&mut self, name: &str, min: i64, max: i64) -> Option<i64> {
        let raw = self.values.get(name)?;
        match raw.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.errors.push(FieldProblem {
                    field: name.into(),
                    message: format!("must be a whole number from {min} to {max}"),
                    code: None,
                });
                None
            }
        }
    }

    fn instant(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let raw = self.values.get(name)?;
        match raw.parse::<DateTime<Utc>>() {
            Ok(t) => Some(t),
            Err(_) => {
                self.errors.push(FieldProblem {
                    field: name.into(),
                    message: "must be an RFC 3339 date and time, such as 2026-12-10T18:00:00Z".into(),
                    code: None,
                });
                None
            }
        }
    }

    fn choice(&mut self, name: &str, values: &[&str]) -> Option<String> {
        let raw = self.values.get(name)?.clone();
        if values.contains(&raw.as_str()) {
            Some(raw)
        } else {
            self.errors.push(FieldProblem {
                field: name.into(),
                message: format!("must be one of: {}", values.join(", ")),
                code: None,
            });
            None
        }
    }

    /// The page asked for (`page`, from 1) and its size (`per_page`, 1 to 100,
    /// 20 unless asked); `None` if the query has problems (see [`Params::refusal`]).
    fn paging(&mut self) -> Option<(usize, usize)> {
        let page = self.number("page", 1, 1_000_000).unwrap_or(1) as usize;
        let per_page = self.number("per_page", 1, 100).unwrap_or(20) as usize;
        self.errors.is_empty().then_some((page, per_page))
    }

    /// The answer to a query with problems.
    fn refusal(self) -> Response {
        problem(StatusCode::BAD_REQUEST, "the query has errors", self.errors)
    }

    /// The page of `items`, or the problems with the query.
    fn page<T: Serialize>(self, items: Vec<T>, headers: &HeaderMap) -> Response {
        self.page_of(items, |t| t, headers)
    }

    /// The page of `items`, each put in its API form by `to` (only those on the page).
    fn page_of<U, T: Serialize>(mut self, items: Vec<U>, to: impl Fn(U) -> T, headers: &HeaderMap) -> Response {
        let Some((page, per_page)) = self.paging() else { return self.refusal() };
        let total = items.len();
        let items: Vec<T> = items.into_iter().skip((page - 1) * per_page).take(per_page).map(to).collect();
        self.respond(&Page { items, page, per_page, total }, page, per_page, total, headers)
    }

    /// Page `page` (of `per_page`) as read from the database, each item put in its
    /// API form by `to`.
    fn paged<U, T: Serialize>(
        self,
        (page, per_page): (usize, usize),
        found: zusterstad_core::Result<zusterstad_core::query::Page<U>>,
        to: impl Fn(U) -> T,
        headers: &HeaderMap,
    ) -> Response {
        match found {
            Ok(found) => {
                let total = found.total as usize;
                let items: Vec<T> = found.items.into_iter().map(to).collect();
                self.respond(&Page { items, page, per_page, total }, page, per_page, total, headers)
            }
            Err(e) => from_error(e),
        }
    }

    /// A page as JSON, with `Link` headers to the first, previous, next and last
    /// pages (relative to the request, keeping its other parameters).
    fn respond<T: Serialize>(
        &self,
        body: &T,
        page: usize,
        per_page: usize,
        total: usize,
        headers: &HeaderMap,
    ) -> Response {
        let mut response = json(body, headers);
        let last = total.div_ceil(per_page).max(1);
        let mut rest: Vec<(&String, &String)> =
            self.values.iter().filter(|(k, _)| k.as_str() != "page" && k.as_str() != "per_page").collect();
        rest.sort();
        let href = |n: usize| {
            let mut q: Vec<String> = rest
                .iter()
                .map(|(k, v)| format!("{}={}", crate::manage::urlencode(k), crate::manage::urlencode(v)))
                .collect();
            q.push(format!("page={n}"));
            q.push(format!("per_page={per_page}"));
            format!("?{}", q.join("&"))
        };
        let mut links = vec![format!("<{}>; rel=\"first\"", href(1)), format!("<{}>; rel=\"last\"", href(last))];
        if page > 1 {
            links.push(format!("<{}>; rel=\"prev\"", href((page - 1).min(last))));
        }
        if page < last {
            links.push(format!("<{}>; rel=\"next\"", href(page + 1)));
        }
        if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
            response.headers_mut().insert(header::LINK, v);
        }
        response
    }
}

/// A list with no filters of its own: the partnership's published items, paged.
async fn plain_list<S: WebStore, T: Serialize>(
    state: &AppState<S>,
    slug: &str,
    q: HashMap<String, String>,
    headers: &HeaderMap,
    items: impl Fn(&Portal) -> Vec<T>,
) -> Response {
    let params = Params::new(q, &[]);
    match portal(state, slug).await {
        Ok(p) => params.page(items(&p), headers),
        Err(r) => r,
    }
}

async fn portal<S: WebStore>(state: &AppState<S>, slug: &str) -> Result<std::sync::Arc<Portal>, Response> {
    state.portal(slug).await.map_err(|e| from_error(e.0))
}

/// The published partnerships, by address, a page at a time.
#[utoipa::path(get, path = "/api/v1/partnerships", tag = "partnerships",
    params(
        ("page" = Option<u32>, Query, description = "Page number, from 1", minimum = 1, maximum = 1000000),
        ("per_page" = Option<u32>, Query, description = "Items per page (1 to 100, default 20)", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "One page of the published partnerships", body = PartnershipPage),
        (status = 400, description = "The query has errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn partnerships<S: WebStore>(
    State(state): State<AppState<S>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut params = Params::new(q, &[]);
    let Some((page, per_page)) = params.paging() else { return params.refusal() };
    let query = ListQuery::all().publication(&[Publication::Published]).asc("slug").page(page as u64, per_page as u64);
    match RecordStore::<Partnership>::query(&state.store, &query).await {
        Ok(found) => {
            let total = found.total as usize;
            let items = found.items.iter().map(PartnershipItem::from).collect();
            params.respond(&PartnershipPage { items, page, per_page, total }, page, per_page, total, &headers)
        }
        Err(e) => from_error(e),
    }
}

/// A partnership with its two cities.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnershipView {
    pub partnership: PartnershipItem,
    pub cities: Vec<CityItem>,
}

#[utoipa::path(get, path = "/api/v1/partnerships/{slug}", tag = "partnerships",
    params(("slug" = String, Path, description = "The partnership, e.g. gent-kanazawa")),
    responses(
        (status = 200, description = "The partnership and its cities", body = PartnershipView),
        (status = 404, description = "No such published partnership", body = Problem, content_type = "application/problem+json"),
    ))]
async fn partnership<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    match portal(&state, &slug).await {
        Ok(p) => {
            let view = PartnershipView {
                partnership: PartnershipItem::from(&p.partnership),
                cities: vec![CityItem::from(&p.city_a), CityItem::from(&p.city_b)],
            };
            json(&view, &headers)
        }
        Err(r) => r,
    }
}

macro_rules! list_doc {
    ($name:ident, $path:literal, $what:literal, $page:ty $(, $param:tt)*) => {
        #[utoipa::path(get, path = $path, tag = "lists",
            params(
                ("slug" = String, Path, description = "The partnership, e.g. gent-kanazawa", example = "gent-kanazawa"),
                ("page" = Option<u32>, Query, description = "Page number, from 1", minimum = 1, maximum = 1000000),
                ("per_page" = Option<u32>, Query, description = "Items per page (1 to 100, default 20)", minimum = 1, maximum = 100),
                $($param,)*
            ),
            responses(
                (status = 200, description = $what, body = $page),
                (status = 400, description = "The query has errors", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such published partnership", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $name() {}
    };
}

mod docs {
    use super::*;
    list_doc!(events, "/api/v1/partnerships/{slug}/events", "Published events, soonest first", EventPage,
        ("from" = Option<String>, Query, format = DateTime, description = "Only events ending at or after this instant (RFC 3339)"),
        ("to" = Option<String>, Query, format = DateTime, description = "Only events starting before this instant (RFC 3339)"));
    list_doc!(news, "/api/v1/partnerships/{slug}/news", "Published news, newest first", NewsPage);
    list_doc!(activities, "/api/v1/partnerships/{slug}/activities", "Published activities, newest first", ActivityPage,
        ("year" = Option<i32>, Query, description = "Only activities that started in this year", minimum = 1971, maximum = 2200),
        ("focus" = Option<zusterstad_core::partnerships::FocusArea>, Query, description = "Only activities in this focus area"),
        ("direction" = Option<zusterstad_core::activities::Direction>, Query, description = "Only exchanges in this direction"));
    list_doc!(
        agreements,
        "/api/v1/partnerships/{slug}/agreements",
        "Published agreements, newest first",
        AgreementPage
    );
    list_doc!(
        organisations,
        "/api/v1/partnerships/{slug}/organisations",
        "Published partner institutions",
        OrganisationPage
    );
    list_doc!(
        pairs,
        "/api/v1/partnerships/{slug}/pairs",
        "Published pairs of partner institutions, one in each city",
        PairPage
    );
    list_doc!(
        ambassadors,
        "/api/v1/partnerships/{slug}/ambassadors",
        "The Supporters Club: published ambassadors, with a profile only where the person agreed to one",
        AmbassadorPage
    );
    list_doc!(programmes, "/api/v1/partnerships/{slug}/programmes", "Published programmes", ProgrammePage);
    list_doc!(symbols, "/api/v1/partnerships/{slug}/symbols", "Published symbols and gifts in both cities", SymbolPage);
    list_doc!(
        documents,
        "/api/v1/partnerships/{slug}/documents",
        "Published documents (metadata; the file is at /files/{id}/{file_name})",
        DocumentPage
    );
}
use docs::{
    __path_activities, __path_agreements, __path_ambassadors, __path_documents, __path_events, __path_news,
    __path_organisations, __path_pairs, __path_programmes, __path_symbols,
};

const SLUG: &str = "The partnership, e.g. gent-kanazawa";

/// The documentation of writing one kind: create, read one, change, delete.
macro_rules! write_docs {
    ($create:ident, $one:ident, $update:ident, $delete:ident, $list:literal, $item_path:literal,
     $what:literal, $new:ty, $item:ty, $patch:ty) => {
        #[utoipa::path(post, path = $list, tag = "writing", security(("token" = [])),
            description = concat!("Creates ", $what, " (a draft unless `publication` says otherwise). Texts may name one language; the others are then missing."),
            params(("slug" = String, Path, description = SLUG, example = "gent-kanazawa")),
            request_body(content = $new, description = concat!("The new ", $what)),
            responses(
                (status = 201, description = "Created; `Location` says where", body = $item,
                    headers(("location" = String, description = "The new item's address"))),
                (status = 400, description = "The body is not a JSON object", body = Problem, content_type = "application/problem+json"),
                (status = 401, description = "No token, or one that cannot be used", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = "The token's role may not do this", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such partnership", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "Fields with errors; nothing was saved", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $create() {}

        #[utoipa::path(get, path = $item_path, tag = "lists", security((), ("token" = [])),
            description = concat!("One published ", $what, "; with a token that may see the partnership's workspace, drafts too."),
            params(("slug" = String, Path, description = SLUG, example = "gent-kanazawa"), ("id" = i64, Path, description = "The item's id")),
            responses(
                (status = 200, description = "The item", body = $item),
                (status = 401, description = "A token that cannot be used", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $one() {}

        #[utoipa::path(patch, path = $item_path, tag = "writing", security(("token" = [])),
            description = concat!("Changes ", $what, ": the fields given, from the version given. A joint item needs both cities' approval again."),
            params(("slug" = String, Path, description = SLUG, example = "gent-kanazawa"), ("id" = i64, Path, description = "The item's id")),
            request_body(content = $patch),
            responses(
                (status = 200, description = "Saved, with its new version", body = $item),
                (status = 400, description = "The body is not a JSON object", body = Problem, content_type = "application/problem+json"),
                (status = 401, description = "No token, or one that cannot be used", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = "The token's role may not do this", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Someone changed it since that version; nothing was saved", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "Fields with errors; nothing was saved", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $update() {}

        #[utoipa::path(delete, path = $item_path, tag = "writing", security(("token" = [])),
            description = concat!("Deletes ", $what, " if nothing refers to it (else archive it: `publication: archived`)."),
            params(
                ("slug" = String, Path, description = SLUG, example = "gent-kanazawa"),
                ("id" = i64, Path, description = "The item's id"),
                ("version" = i64, Query, description = "The version being deleted", minimum = 1),
            ),
            responses(
                (status = 204, description = "Deleted"),
                (status = 400, description = "The query has errors", body = Problem, content_type = "application/problem+json"),
                (status = 401, description = "No token, or one that cannot be used", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = "The token's role may not do this", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Changed since that version, or still referred to; nothing was deleted", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $delete() {}
    };
}

macro_rules! approve_doc {
    ($name:ident, $path:literal, $what:literal) => {
        #[utoipa::path(post, path = $path, tag = "writing", security(("token" = [])),
            description = concat!("Approves a version of a joint ", $what, " on behalf of the token's city (coordinators only). Public once both cities approved its current version."),
            params(("slug" = String, Path, description = SLUG, example = "gent-kanazawa"), ("id" = i64, Path, description = "The item's id")),
            request_body(content = write::ApprovalRequest),
            responses(
                (status = 200, description = "Approved; who has approved this version", body = write::ApprovalState),
                (status = 400, description = "The body is not `{\"version\": n}`", body = Problem, content_type = "application/problem+json"),
                (status = 401, description = "No token, or one that cannot be used", body = Problem, content_type = "application/problem+json"),
                (status = 403, description = "The token's role is not a coordinator of a side", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Not a joint item, or changed since that version", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "The version is missing or not a whole number from 1", body = Problem, content_type = "application/problem+json"),
            ))]
        #[allow(dead_code)]
        fn $name() {}
    };
}

write_docs!(
    create_event,
    event,
    update_event,
    delete_event,
    "/api/v1/partnerships/{slug}/events",
    "/api/v1/partnerships/{slug}/events/{id}",
    "an event",
    write::NewEvent,
    EventItem,
    write::EventPatch
);
write_docs!(
    create_news,
    news_post,
    update_news,
    delete_news,
    "/api/v1/partnerships/{slug}/news",
    "/api/v1/partnerships/{slug}/news/{id}",
    "a news post",
    write::NewNews,
    NewsItem,
    write::NewsPatch
);
write_docs!(
    create_activity,
    activity,
    update_activity,
    delete_activity,
    "/api/v1/partnerships/{slug}/activities",
    "/api/v1/partnerships/{slug}/activities/{id}",
    "an activity",
    write::NewActivity,
    ActivityItem,
    write::ActivityPatch
);
write_docs!(
    create_agreement,
    agreement,
    update_agreement,
    delete_agreement,
    "/api/v1/partnerships/{slug}/agreements",
    "/api/v1/partnerships/{slug}/agreements/{id}",
    "an agreement",
    write::NewAgreement,
    AgreementItem,
    write::AgreementPatch
);
write_docs!(
    create_organisation,
    organisation,
    update_organisation,
    delete_organisation,
    "/api/v1/partnerships/{slug}/organisations",
    "/api/v1/partnerships/{slug}/organisations/{id}",
    "a partner institution",
    write::NewOrganisation,
    OrganisationItem,
    write::OrganisationPatch
);
write_docs!(
    create_pair,
    pair,
    update_pair,
    delete_pair,
    "/api/v1/partnerships/{slug}/pairs",
    "/api/v1/partnerships/{slug}/pairs/{id}",
    "a pair of institutions",
    write::NewPair,
    PairItem,
    write::PairPatch
);
write_docs!(
    create_programme,
    programme,
    update_programme,
    delete_programme,
    "/api/v1/partnerships/{slug}/programmes",
    "/api/v1/partnerships/{slug}/programmes/{id}",
    "a programme",
    write::NewProgramme,
    ProgrammeItem,
    write::ProgrammePatch
);
write_docs!(
    create_symbol,
    symbol,
    update_symbol,
    delete_symbol,
    "/api/v1/partnerships/{slug}/symbols",
    "/api/v1/partnerships/{slug}/symbols/{id}",
    "a symbol or gift",
    write::NewSymbol,
    SymbolItem,
    write::SymbolPatch
);
write_docs!(
    create_document,
    document,
    update_document,
    delete_document,
    "/api/v1/partnerships/{slug}/documents",
    "/api/v1/partnerships/{slug}/documents/{id}",
    "a document (its file first goes to `files`)",
    write::NewDocument,
    DocumentItem,
    write::DocumentPatch
);

#[utoipa::path(post, path = "/api/v1/partnerships/{slug}/files", tag = "writing", security(("token" = [])),
    description = "Stores a file for a document: a PDF, JPEG or PNG of at most 25 MB as the body (the type is read from the content). The same bytes sent twice are one file.",
    params(("slug" = String, Path, description = SLUG, example = "gent-kanazawa")),
    request_body(content(
        (write::FileBytes = "application/pdf"),
        (write::FileBytes = "image/jpeg"),
        (write::FileBytes = "image/png"),
    )),
    responses(
        (status = 201, description = "Stored; name it as a document's `file_id`", body = write::StoredFile),
        (status = 401, description = "No token, or one that cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's role may not do this", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such partnership", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 25 MB"),
        (status = 422, description = "Empty, or not a PDF, JPEG or PNG", body = Problem, content_type = "application/problem+json"),
    ))]
#[allow(dead_code)]
fn upload_file() {}

approve_doc!(approve_event, "/api/v1/partnerships/{slug}/events/{id}/approvals", "event");
approve_doc!(approve_agreement, "/api/v1/partnerships/{slug}/agreements/{id}/approvals", "agreement");

const FOCUS: [&str; 7] =
    ["youth_exchange", "academic", "cultural", "culinary", "knowledge_sharing", "sport", "economic"];
const DIRECTIONS: [&str; 4] = ["a_to_b", "b_to_a", "both", "online"];

async fn events<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut params = Params::new(q, &["from", "to"]);
    let (from, to) = (params.instant("from"), params.instant("to"));
    let p = match portal(&state, &slug).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(paging) = params.paging() else { return params.refusal() };
    let mut query = p.events_query().asc("starts_at").page(paging.0 as u64, paging.1 as u64);
    if let Some(from) = from {
        query = query.with(Cond::Ge("ends_at", from.into()));
    }
    if let Some(to) = to {
        query = query.with(Cond::Lt("starts_at", to.into()));
    }
    let found = p.events_where(&state.store, &query).await;
    params.paged(paging, found, |e| EventItem::from(&e), &headers)
}

async fn news<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut params = Params::new(q, &[]);
    let p = match portal(&state, &slug).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(paging) = params.paging() else { return params.refusal() };
    let found = p.news(&state.store, paging.0 as u64, paging.1 as u64).await;
    params.paged(paging, found, |n| NewsItem::from(&n), &headers)
}

async fn activities<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let mut params = Params::new(q, &["year", "focus", "direction"]);
    let year = params.number("year", 1971, 2200);
    let focus = params.choice("focus", &FOCUS);
    let direction = params.choice("direction", &DIRECTIONS);
    let p = match portal(&state, &slug).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    fn from_code<T: serde::de::DeserializeOwned>(v: Option<String>) -> Option<T> {
        v.and_then(|c| serde_json::from_value(serde_json::Value::String(c)).ok())
    }
    let filter = ActivityFilter {
        year: year.and_then(|y| i32::try_from(y).ok()),
        focus: from_code(focus),
        direction: from_code(direction),
        ..ActivityFilter::default()
    };
    let Some(paging) = params.paging() else { return params.refusal() };
    let found = p.activities(&state.store, &filter, paging.0 as u64, paging.1 as u64).await;
    params.paged(paging, found, |a| ActivityItem::from(&a), &headers)
}

async fn agreements<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.agreements.iter().map(|(a, _)| AgreementItem::from(a)).collect()).await
}

async fn organisations<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.organisations.iter().map(OrganisationItem::from).collect()).await
}

async fn programmes<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.programmes.iter().map(ProgrammeItem::from).collect()).await
}

async fn symbols<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.landmarks.iter().map(SymbolItem::from).collect()).await
}

async fn pairs<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.pairs.iter().map(PairItem::from).collect()).await
}

/// A member of the Supporters Club as the public may see them: names and, with the
/// person's consent, the profile. Nothing else about the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorItem {
    pub id: i64,
    pub cohort_year: i32,
    pub home_city_id: i64,
    pub status: zusterstad_core::people::AmbassadorStatus,
    pub family_name: String,
    pub given_name: String,
    pub family_name_romaji: Option<String>,
    pub given_name_romaji: Option<String>,
    pub profile: zusterstad_core::Localized,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorPage {
    pub items: Vec<AmbassadorItem>,
    /// The page number, from 1.
    pub page: usize,
    pub per_page: usize,
    /// Items in the whole list.
    pub total: usize,
}

async fn ambassadors<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| {
        p.ambassadors
            .iter()
            .map(|a| AmbassadorItem {
                id: a.ambassador.id.get(),
                cohort_year: a.ambassador.item.cohort_year,
                home_city_id: a.ambassador.item.home_city_id.get(),
                status: a.ambassador.item.status,
                family_name: a.family_name.clone(),
                given_name: a.given_name.clone(),
                family_name_romaji: a.family_name_romaji.clone(),
                given_name_romaji: a.given_name_romaji.clone(),
                profile: a.ambassador.item.profile.clone(),
            })
            .collect()
    })
    .await
}

async fn documents<S: WebStore>(
    State(state): State<AppState<S>>,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    plain_list(&state, &slug, q, &headers, |p| p.documents.iter().map(|(d, _)| DocumentItem::from(d)).collect()).await
}
