//! Uploading documents and photos. The type is read from the content (never from
//! the name or what the browser claims), the size is limited with a clear message,
//! and photos get their resized variants from `photos.rs` when first shown.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use zusterstad_core::audit::Change;
use zusterstad_core::documents::{Document, File, FileId, MAX_FILE_BYTES};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Lang, Localized, Publication};

use super::{Ctx, Desk, Fields, field, forbidden, page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::{AppState, WebStore};

/// What may be uploaded, by the type found in the content.
pub const ACCEPTED: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new()
        .route("/manage/{slug}/documents/new", get(form).post(upload::<S>))
        // A little more than the largest file, for the form around it; larger
        // uploads stop early and get the same message.
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024))
}

#[derive(Template)]
#[template(path = "manage/upload.html")]
struct UploadPage {
    desk: Desk,
    fields: Fields,
    errors: Vec<(String, String)>,
}

impl UploadPage {
    fn value(&self, name: &str) -> &str {
        field(&self.fields, name)
    }
    fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }
}

fn view(ctx: &Ctx, fields: Fields, errors: Vec<(String, String)>) -> UploadPage {
    UploadPage { desk: Desk::new(ctx, ctx.tr().t("upload-title"), "records"), fields, errors }
}

async fn form(Extension(ctx): Extension<Ctx>) -> Response {
    page(&view(&ctx, Fields::new(), Vec::new()))
}

/// The media type of `bytes` if it is one we accept, else a message for the person.
pub fn sniff(tr: Tr, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err(tr.t("upload-error-empty"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(tr.ta("upload-error-size", &[("mb", &(MAX_FILE_BYTES / (1024 * 1024)).to_string())]));
    }
    let found = match infer::get(bytes).map(|t| t.mime_type()) {
        Some(found) => ACCEPTED.iter().find(|a| **a == found).copied().ok_or_else(|| tr.t("upload-error-type"))?,
        None => return Err(tr.t("upload-error-type")),
    };
    if found.starts_with("image/") && crate::photos::too_many_pixels(bytes) {
        // Millions for nl/en, units of ten thousand (万) for Japanese.
        let millions = (crate::photos::MAX_PIXELS / 1_000_000).to_string();
        let man = (crate::photos::MAX_PIXELS / 10_000).to_string();
        return Err(tr.ta("upload-error-pixels", &[("megapixels", &millions), ("man", &man)]));
    }
    Ok(found)
}

/// Stores accepted bytes (see `sniff`), once per content: the same bytes uploaded
/// twice are one file. Returns the file's id.
pub async fn keep_file<S: WebStore>(
    state: &AppState<S>,
    change: &Change,
    partnership: zusterstad_core::partnerships::PartnershipId,
    media_type: &str,
    bytes: Vec<u8>,
) -> Result<FileId, Error> {
    let sha256 = zusterstad_core::tokens::hash_bytes(&bytes);
    match state.store.file_by_sha256(partnership, &sha256).await? {
        Some(id) => Ok(id),
        None => {
            let new = File {
                sha256: sha256.clone(),
                media_type: media_type.to_owned(),
                size_bytes: bytes.len() as i64,
                content: bytes,
                partnership_id: Some(partnership),
            };
            let id = RecordStore::<File>::create(&state.store, change, new).await?.id;
            if matches!(media_type, "image/jpeg" | "image/png") {
                crate::photos::make_variants_soon(state, id, sha256);
            }
            Ok(id)
        }
    }
}

async fn upload<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(ctx): Extension<Ctx>,
    mut multipart: Multipart,
) -> Response {
    let tr = ctx.tr();
    let (Some(account), Some(p)) = (&ctx.account, &ctx.partnership) else { return forbidden(&ctx) };
    let mut fields = Fields::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut errors = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_owned();
                if name == "file" {
                    let file_name = part.file_name().unwrap_or_default().to_owned();
                    match part.bytes().await {
                        Ok(b) => file = Some((file_name, b.to_vec())),
                        Err(_) => {
                            errors.push((
                                "file".to_owned(),
                                tr.ta("upload-error-size", &[("mb", &(MAX_FILE_BYTES / (1024 * 1024)).to_string())]),
                            ));
                            break;
                        }
                    }
                } else if let Ok(text) = part.text().await {
                    fields.insert(name, text);
                }
            }
            Ok(None) => break,
            Err(_) => {
                errors.push((
                    "file".to_owned(),
                    tr.ta("upload-error-size", &[("mb", &(MAX_FILE_BYTES / (1024 * 1024)).to_string())]),
                ));
                break;
            }
        }
    }
    let mut title = Localized::default();
    for lang in Lang::ALL {
        title.edit(lang, field(&fields, &format!("title_{}", lang.code())).trim().to_owned());
    }
    if title.is_empty() {
        errors.push(("title".to_owned(), tr.t("upload-error-title")));
    }
    let media_type = match &file {
        Some((_, bytes)) if errors.iter().all(|(f, _)| f != "file") => match sniff(tr, bytes) {
            Ok(t) => Some(t),
            Err(message) => {
                errors.push(("file".to_owned(), message));
                None
            }
        },
        Some(_) => None,
        None => {
            errors.push(("file".to_owned(), tr.t("upload-error-empty")));
            None
        }
    };
    let (Some(media_type), Some((name, bytes)), true) = (media_type, file, errors.is_empty()) else {
        let mut r = page(&view(&ctx, fields, errors));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return r;
    };
    // The name people see: theirs, without folders, with the extension of what it is.
    let base: String = name.rsplit(['/', '\\']).next().unwrap_or_default().chars().take(150).collect();
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(&base).trim();
    let extension = match media_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    let file_name = format!("{}.{extension}", if stem.is_empty() { "document" } else { stem });
    let change = Change::by_user(account.id(), (state.clock)());
    let file_id = match keep_file(&state, &change, p.id, media_type, bytes).await {
        Ok(id) => id,
        Err(e) => return WebError(e).into_response(),
    };
    let language = field(&fields, "language").parse::<Lang>().ok();
    let document = Document {
        partnership_id: p.id,
        title,
        language,
        file_id,
        file_name,
        activity_id: None,
        publication: if field(&fields, "publication") == "published" {
            Publication::Published
        } else {
            Publication::Draft
        },
        example: false,
    };
    match RecordStore::<Document>::create(&state.store, &change, document).await {
        Ok(d) => {
            state.pages.changed();
            Redirect::to(&format!("/manage/{}/records/document/{}?done=saved", p.item.slug, d.id.get())).into_response()
        }
        Err(Error::Invalid { fields: problems }) => {
            let errors = problems.into_iter().map(|f| (f.field.clone(), tr.field_problem(&f))).collect();
            let mut r = page(&view(&ctx, fields, errors));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => WebError(e).into_response(),
    }
}
