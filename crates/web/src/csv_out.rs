//! CSV downloads: UTF-8 with a byte-order mark (so Excel reads Japanese correctly),
//! comma separated, as an attachment.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub fn csv_response(rows: &[Vec<String>], filename: &str) -> Response {
    let mut out = csv::Writer::from_writer(vec![0xef, 0xbb, 0xbf]);
    let written = rows.iter().all(|row| out.write_record(row).is_ok());
    let bytes = match (written, out.into_inner()) {
        (true, Ok(b)) => b,
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let safe: String = filename.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
