//! Photos: served as resized variants (a thumbnail and a medium size) with their
//! sizes known for the page, so it can set `srcset`, `width` and `height`. The
//! variants are derived data, made on first request and kept in memory.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use zusterstad_core::documents::{Document, DocumentId, File};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Error, Id, Publication, Stored};

use crate::{AppState, WebStore};

/// The widths we make; never wider than the original.
pub const WIDTHS: [u32; 2] = [320, 960];

/// A made variant: JPEG bytes, width, height; keyed by the file's hash and width.
type Variants = HashMap<(String, u32), (Bytes, u32, u32)>;

#[derive(Clone, Default)]
pub struct Photos {
    variants: Arc<Mutex<Variants>>,
    sizes: Arc<Mutex<HashMap<String, (u32, u32)>>>,
}

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

/// Decodes, turns upright, scales to `width` (never up) and encodes as JPEG.
fn resize(bytes: &[u8], width: u32) -> Result<(Bytes, u32, u32), Error> {
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
    let img =
        if img.width() > width { img.resize(width, u32::MAX, image::imageops::FilterType::Triangle) } else { img };
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&rgb)
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok((Bytes::from(out), rgb.width(), rgb.height()))
}

async fn image_file<S: WebStore>(state: &AppState<S>, id: DocumentId) -> Result<Stored<File>, Error> {
    let doc: Stored<Document> = RecordStore::<Document>::get(&state.store, id).await?;
    if doc.item.publication != Publication::Published {
        return Err(Error::NotFound { kind: "document", id: id.to_string() });
    }
    let file: Stored<File> = RecordStore::<File>::get(&state.store, doc.item.file_id).await?;
    if !matches!(file.item.media_type.as_str(), "image/jpeg" | "image/png") {
        return Err(Error::NotFound { kind: "photo", id: id.to_string() });
    }
    Ok(file)
}

impl<S: WebStore> AppState<S> {
    /// The `<img>` attributes for photo `id`, or `None` if it can't be shown.
    pub(crate) async fn photo(&self, id: DocumentId, alt: String) -> Option<PhotoView> {
        let file = image_file(self, id).await.ok()?;
        let sha = file.item.sha256.clone();
        let known = self.photos.sizes.lock().ok().and_then(|s| s.get(&sha).copied());
        let (w, h) = match known {
            Some(size) => size,
            None => {
                let size = upright_size(&file.item.content).ok()?;
                if let Ok(mut s) = self.photos.sizes.lock() {
                    s.insert(sha, size);
                }
                size
            }
        };
        let scaled = |target: u32| {
            let tw = target.min(w);
            (tw, ((u64::from(h) * u64::from(tw)) / u64::from(w.max(1))).max(1) as u32)
        };
        let (mw, mh) = scaled(WIDTHS[1]);
        let srcset =
            WIDTHS.iter().map(|t| format!("/images/{id}/{t}.jpg {}w", scaled(*t).0)).collect::<Vec<_>>().join(", ");
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
    let file = match image_file(&state, Id::new(id)).await {
        Ok(f) => f,
        Err(Error::NotFound { .. }) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return crate::error::WebError(e).into_response(),
    };
    let key = (file.item.sha256.clone(), width);
    let cached = || state.photos.variants.lock().ok().and_then(|v| v.get(&key).cloned());
    let mut found = cached();
    let _turn = if found.is_none() {
        let turn = DECODING.acquire().await.ok();
        // Someone else may have made it while this request waited.
        found = cached();
        turn
    } else {
        None
    };
    let (bytes, _, _) = match found {
        Some(v) => v,
        None => {
            let content = file.item.content;
            match tokio::task::spawn_blocking(move || resize(&content, width)).await {
                Ok(Ok(v)) => {
                    if let Ok(mut all) = state.photos.variants.lock() {
                        all.insert(key, v.clone());
                    }
                    v
                }
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "cannot make a photo variant");
                    return StatusCode::UNPROCESSABLE_ENTITY.into_response();
                }
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
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
        let img = image::RgbImage::from_pixel(1200, 800, image::Rgb([10, 20, 30]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap_or_default();
        assert_eq!(upright_size(&png).ok(), Some((1200, 800)));
        let (bytes, w, h) = resize(&png, 320).unwrap_or_default();
        assert_eq!((w, h), (320, 213));
        assert!(bytes.starts_with(&[0xff, 0xd8]), "a JPEG");
        let (_, w, _) = resize(&png, 2000).unwrap_or_default();
        assert_eq!(w, 1200);
        assert!(resize(b"not an image", 320).is_err());
    }
}
