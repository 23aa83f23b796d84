//! CSV downloads: UTF-8 with a byte-order mark (so Excel reads Japanese correctly),
//! comma separated, as an attachment, never cached. A cell that a spreadsheet would
//! read as a formula (`=HYPERLINK(…)` typed into a public form) is written as text.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub fn csv_response(rows: &[Vec<String>], filename: &str) -> Response {
    let mut out = csv::Writer::from_writer(vec![0xef, 0xbb, 0xbf]);
    let written =
        rows.iter().all(|row| out.write_record(row.iter().map(|cell| as_text(cell).into_owned().into_bytes())).is_ok());
    let bytes = match (written, out.into_inner()) {
        (true, Ok(b)) => b,
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let safe: String = filename.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A cell as text a spreadsheet won't run: one starting like a formula gets a `'`
/// in front (numbers such as `-3` stay numbers).
fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn formulas_become_text_and_numbers_stay() {
        assert_eq!(as_text("=HYPERLINK(\"https://evil.example\")"), "'=HYPERLINK(\"https://evil.example\")");
        assert_eq!(as_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(as_text("+31 9 123"), "'+31 9 123");
        assert_eq!(as_text("-3"), "-3");
        assert_eq!(as_text("Tanaka"), "Tanaka");
    }
}
