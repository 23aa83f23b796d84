//! Choosing the visitor's language: the `lang` cookie, then `Accept-Language`, then
//! English.

use zusterstad_core::Lang;

/// The language for a visitor who asked for `/`.
pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    asked_for(cookie, accept_language).unwrap_or(Lang::En)
}

/// The language the visitor chose (cookie) or their browser asks for, if it is one of ours.
fn asked_for(cookie: Option<&str>, accept_language: Option<&str>) -> Option<Lang> {
    if let Some(lang) = cookie.and_then(|c| c.parse().ok()) {
        return Some(lang);
    }
    let mut best: Option<(f32, usize, Lang)> = None;
    for (position, part) in accept_language.unwrap_or_default().split(',').enumerate() {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or_default();
        let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let Ok(lang) = primary.parse::<Lang>() else { continue };
        if q <= 0.0 {
            continue;
        }
        // Highest quality wins; among equals, the first listed.
        if best.is_none_or(|(bq, bp, _)| q > bq || (q == bq && position < bp)) {
            best = Some((q, position, lang));
        }
    }
    best.map(|(_, _, lang)| lang)
}

/// The visitor's language from a request's headers: the `lang` cookie, else
/// `Accept-Language`.
pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
    asked(headers).unwrap_or(Lang::En)
}

/// The language a request asks for (the `lang` cookie, else `Accept-Language`), if
/// it asks for one of ours.
pub fn asked(headers: &axum::http::HeaderMap) -> Option<Lang> {
    use axum::http::header;
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').find_map(|p| p.trim().strip_prefix("lang=")));
    asked_for(cookie, accept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_then_header_then_english() {
        assert_eq!(negotiate(Some("ja"), Some("nl-BE,nl;q=0.9")), Lang::Ja);
        assert_eq!(negotiate(None, Some("nl-BE,nl;q=0.9,en;q=0.8")), Lang::Nl);
        assert_eq!(negotiate(None, Some("fr-BE, ja;q=0.5, en;q=0.7")), Lang::En);
        assert_eq!(negotiate(None, Some("ja-JP")), Lang::Ja);
        assert_eq!(negotiate(None, Some("de, nl;q=0")), Lang::En);
        assert_eq!(negotiate(Some("xx"), None), Lang::En);
        assert_eq!(negotiate(None, Some(";;;,q=,")), Lang::En);
    }

    #[test]
    fn a_request_asks_for_a_language_only_when_it_names_one_of_ours() {
        let with = |accept: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(
                axum::http::header::ACCEPT_LANGUAGE,
                accept.parse().unwrap_or(axum::http::HeaderValue::from_static("")),
            );
            asked(&h)
        };
        assert_eq!(with("ja-JP,ja;q=0.9,en;q=0.5"), Some(Lang::Ja));
        assert_eq!(with("fr-BE,de"), None, "none of ours: the account's language stays");
        assert_eq!(asked(&axum::http::HeaderMap::new()), None);
    }
}
