//! Photos: served as resized variants (a thumbnail and a medium size) with their
//! sizes known for the page, so it can set `srcset`, `width` and `height`. The
//! variants are made once, when the photo is uploaded (in the background, one photo
//! at a time), and kept in the store next to the file; pages and requests read them,
//! never the original. A photo from before (or whose making was cut short) gets its
//! variants on first use, once.

use std::io::Cursor;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use zusterstad_core::documents::{Document, DocumentId, File, FileId};
use zusterstad_core::store::{FileInfo, ORIGINAL_SIZE, PhotoVariant, RecordStore};
use zusterstad_core::{Error, Id, Publication, Stored};

use crate::{AppState, WebStore};

/// The widths we make; never wider than the original.
pub const WIDTHS: [u32; 2] = [320, 960];

/// What a page needs to show a photo.
#[derive(Debug, Clone)]
pub struct PhotoView {
    pub src: String,
    pub srcset: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The most pixels a photo may have (a 48-megapixel phone photo fits): decoding one
/// takes about 4 bytes a pixel, so this bounds the memory a photo can take.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Whether an image's header says it has more pixels than we decode (read without
/// decoding it). An image that can't be read counts as too large.
pub fn too_many_pixels(bytes: &[u8]) -> bool {
    upright_size(bytes).map_or(true, |(w, h)| u64::from(w) * u64::from(h) > MAX_PIXELS)
}

/// Variants are made one at a time: a burst of requests for large photos can't
/// decode many at once.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(12_000);
    l.max_image_height = Some(12_000);
    l.max_alloc = Some(256 * 1024 * 1024);
    l
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, Error> {
    let mut r =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| Error::Internal(e.to_string()))?;
    r.limits(limits());
    Ok(r)
}

/// The upright size of an image (EXIF orientation applied), read from its header.
fn upright_size(bytes: &[u8]) -> Result<(u32, u32), Error> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| Error::Internal(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    let turned = decoder.orientation().map(|o| {
        use image::metadata::Orientation::*;
        matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    });
    Ok(if turned.unwrap_or(false) { (h, w) } else { (w, h) })
}

/// Decodes once, turns upright, and makes every variant: the original's size
/// ([`ORIGINAL_SIZE`], no bytes) and a JPEG per width in [`WIDTHS`] (never wider
/// than the original).
fn make_variants(bytes: &[u8]) -> Result<Vec<(PhotoVariant, Vec<u8>)>, Error> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| Error::Internal(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Error::Internal(format!("a photo of {w}×{h} pixels is larger than we decode")));
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| Error::Internal(e.to_string()))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let original = PhotoVariant { target: ORIGINAL_SIZE, width: img.width(), height: img.height() };
    let mut made = vec![(original, Vec::new())];
    for width in WIDTHS {
        let scaled = if img.width() > width {
            img.resize(width, u32::MAX, image::imageops::FilterType::Triangle)
        } else {
            img.clone()
        };
        let rgb = scaled.to_rgb8();
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&rgb)
            .map_err(|e| Error::Internal(e.to_string()))?;
        made.push((PhotoVariant { target: width, width: rgb.width(), height: rgb.height() }, out));
    }
    Ok(made)
}

/// The published photo `id`: its file's hash and type, without its bytes.
async fn image_file<S: WebStore>(state: &AppState<S>, id: DocumentId) -> Result<(FileId, FileInfo), Error> {
    let doc: Stored<Document> = RecordStore::<Document>::get(&state.store, id).await?;
    if doc.item.publication != Publication::Published {
        return Err(Error::NotFound { kind: "document", id: id.to_string() });
    }
    let info = state.store.file_info(doc.item.file_id).await?;
    if !matches!(info.media_type.as_str(), "image/jpeg" | "image/png") {
        return Err(Error::NotFound { kind: "photo", id: id.to_string() });
    }
    Ok((doc.item.file_id, info))
}

/// The variants of file `file` (a photo with content `sha256`), made now if they
/// are not yet: one photo at a time, and once, however many ask at the same moment.
pub(crate) async fn ensure_variants<S: WebStore>(
    state: &AppState<S>,
    file: FileId,
    sha256: &str,
) -> Result<Vec<PhotoVariant>, Error> {
    let complete = |v: &[PhotoVariant]| v.len() > WIDTHS.len();
    let known = state.store.photo_variants(sha256).await?;
    if complete(&known) {
        return Ok(known);
    }
    let _turn = DECODING.acquire().await.map_err(|e| Error::Internal(e.to_string()))?;
    // Someone else may have made them while this one waited.
    let known = state.store.photo_variants(sha256).await?;
    if complete(&known) {
        return Ok(known);
    }
    let original: Stored<File> = RecordStore::<File>::get(&state.store, file).await?;
    let content = original.item.content;
    let made = tokio::task::spawn_blocking(move || make_variants(&content))
        .await
        .map_err(|e| Error::Internal(format!("the photo task failed: {e}")))??;
    let sizes = made.iter().map(|(v, _)| *v).collect();
    state.store.put_photo_variants(sha256, made).await?;
    Ok(sizes)
}

/// After an upload: the photo's variants are made in the background, so the
/// coordinator does not wait and no visitor's request decodes the original.
pub(crate) fn make_variants_soon<S: WebStore>(state: &AppState<S>, file: FileId, sha256: String) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = ensure_variants(&state, file, &sha256).await {
            tracing::warn!(file = file.get(), error = %e, "cannot make a photo's variants");
        }
    });
}

impl<S: WebStore> AppState<S> {
    /// The `<img>` attributes for photo `id`, or `None` if it can't be shown.
    pub(crate) async fn photo(&self, id: DocumentId, alt: String) -> Option<PhotoView> {
        let (file, info) = image_file(self, id).await.ok()?;
        let variants = match ensure_variants(self, file, &info.sha256).await {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(document = id.get(), error = %e, "a photo can't be shown");
                return None;
            }
        };
        let size = |target: u32| variants.iter().find(|v| v.target == target).map(|v| (v.width, v.height));
        let (mw, mh) = size(WIDTHS[1])?;
        let srcset = WIDTHS
            .iter()
            .filter_map(|t| Some(format!("/images/{id}/{t}.jpg {}w", size(*t)?.0)))
            .collect::<Vec<_>>()
            .join(", ");
        Some(PhotoView { src: format!("/images/{id}/{}.jpg", WIDTHS[1]), srcset, width: mw, height: mh, alt })
    }
}

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/images/{id}/{variant}", get(variant::<S>))
}

async fn variant<S: WebStore>(
    State(state): State<AppState<S>>,
    Path((id, variant)): Path<(String, String)>,
) -> Response {
    let width = variant.strip_suffix(".jpg").and_then(|w| w.parse::<u32>().ok()).filter(|w| WIDTHS.contains(w));
    let (Some(width), Ok(id)) = (width, id.parse::<i64>()) else { return StatusCode::NOT_FOUND.into_response() };
    let found = async {
        let (file, info) = image_file(&state, Id::new(id)).await?;
        if let Some(bytes) = state.store.photo_variant_bytes(&info.sha256, width).await? {
            return Ok(bytes);
        }
        ensure_variants(&state, file, &info.sha256).await?;
        state
            .store
            .photo_variant_bytes(&info.sha256, width)
            .await?
            .ok_or(Error::NotFound { kind: "photo", id: id.to_string() })
    };
    let bytes = match found.await {
        Ok(bytes) => bytes,
        Err(Error::NotFound { .. }) => return StatusCode::NOT_FOUND.into_response(),
        Err(e @ (Error::Unavailable(_) | Error::Conflict(_) | Error::Forbidden)) => {
            return crate::error::WebError(e).into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot make a photo variant");
            return StatusCode::UNPROCESSABLE_ENTITY.into_response();
        }
    };
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_keep_the_proportions_and_never_grow() {
        let small = image::RgbImage::from_pixel(200, 100, image::Rgb([10, 20, 30]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(small)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap_or_default();
        let made = make_variants(&png).unwrap_or_default();
        assert!(made.iter().all(|(v, _)| (v.width, v.height) == (200, 100)), "never wider than the original");

        let img = image::RgbImage::from_pixel(1200, 800, image::Rgb([10, 20, 30]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap_or_default();
        assert_eq!(upright_size(&png).ok(), Some((1200, 800)));
        let made = make_variants(&png).unwrap_or_default();
        let sizes: Vec<_> = made.iter().map(|(v, _)| (v.target, v.width, v.height)).collect();
        assert_eq!(sizes, [(ORIGINAL_SIZE, 1200, 800), (320, 320, 213), (960, 960, 640)]);
        assert!(made[0].1.is_empty(), "the original's size only");
        assert!(made[1..].iter().all(|(_, bytes)| bytes.starts_with(&[0xff, 0xd8])), "JPEGs");
        assert!(make_variants(b"not an image").is_err());
    }
}
