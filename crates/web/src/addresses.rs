//! Addresses that a plain web server can serve as files: the portal's lists write
//! their filters and page numbers as path segments (`/nl/gent-kanazawa/activities/sdg/4/page/2`),
//! so a published copy of the site (`publish`) has one file for each. The server
//! answers both forms: a path form is read as the query it stands for, before routing,
//! so both share a handler and the page cache.

/// The lists whose address may carry filters as segments, and the filters they read.
const LISTS: [(&str, &[&str]); 3] = [
    ("activities", &["year", "focus", "direction", "organisation", "programme", "sdg", "page"]),
    ("news", &["page"]),
    ("events", &["page"]),
];

/// The filters of a language's home page (its list of partnerships).
const HOME: &[&str] = &["theme", "page"];

/// Whether `value` is one the filter `key` can have: a number, or one of the codes of
/// its kind. Only such values are read from a path, so no other address is taken for
/// a list's (`/en/page/activities` stays the activities of a partnership `page`).
fn valid(key: &str, value: &str) -> bool {
    use zusterstad_core::activities::Direction;
    use zusterstad_core::partnerships::FocusArea;
    let code = |v: serde_json::Value| v.as_str() == Some(value);
    match key {
        "focus" | "theme" => FocusArea::ALL.iter().any(|f| serde_json::to_value(f).is_ok_and(code)),
        "direction" => [Direction::AToB, Direction::BToA, Direction::Both, Direction::Online]
            .iter()
            .any(|d| serde_json::to_value(d).is_ok_and(code)),
        _ => !value.is_empty() && value.len() <= 19 && value.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// `/{lang}/{slug}/{list}/{key}/{value}…` as `/{lang}/{slug}/{list}?{key}={value}&…`,
/// and `/{lang}/{key}/{value}…` as `/{lang}/?{key}={value}&…` (a query the request
/// already has is kept after it); `None` for any other path, which is routed as it is.
pub fn as_query(path: &str, query: Option<&str>) -> Option<String> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let (base, keys, pairs) = match segments.as_slice() {
        ["", lang, pairs @ ..] if lang.parse::<zusterstad_core::Lang>().is_ok() && HOME.contains(&pairs.first()?) => {
            (format!("/{lang}/"), HOME, pairs)
        }
        ["", lang, slug, list, pairs @ ..] => {
            let (_, keys) = LISTS.iter().find(|(name, _)| name == list)?;
            (format!("/{lang}/{slug}/{list}"), *keys, pairs)
        }
        _ => return None,
    };
    if pairs.is_empty() || pairs.len() % 2 != 0 {
        return None;
    }
    let mut params = Vec::with_capacity(pairs.len() / 2 + 1);
    for pair in pairs.chunks(2) {
        let [key, value] = pair else { return None };
        if !keys.contains(key) || !valid(key, value) {
            return None;
        }
        params.push(format!("{key}={value}"));
    }
    params.extend(query.filter(|q| !q.is_empty()).map(str::to_owned));
    Some(format!("{base}?{}", params.join("&")))
}

/// The address of a list's page with its filters (empty values left out; the first
/// page has no number): as path segments where the server reads them back
/// ([`as_query`]: the portal's lists, with filters that are codes), else as a query
/// (a search's words, the workspace's lists).
pub fn list(base: &str, params: &[(&str, String)], page: u64) -> String {
    let mut query: Vec<String> =
        params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={v}")).collect();
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        return base.to_owned();
    }
    let with_query = format!("{base}?{}", query.join("&"));
    let segments: String = query.iter().map(|kv| format!("/{}", kv.replacen('=', "/", 1))).collect();
    let path = format!("{}{segments}", base.trim_end_matches('/'));
    if as_query(&path, None).as_deref() == Some(with_query.as_str()) { path } else { with_query }
}

/// The request with a path-form list address read as its query form.
pub fn rewrite(mut request: axum::extract::Request) -> axum::extract::Request {
    let uri = request.uri();
    if let Some(target) = as_query(uri.path(), uri.query())
        && let Ok(rewritten) = target.parse::<axum::http::Uri>()
    {
        *request.uri_mut() = rewritten;
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_address_with_segments_is_read_as_its_query() {
        assert_eq!(
            as_query("/nl/gent-kanazawa/activities/sdg/4/page/2", None).as_deref(),
            Some("/nl/gent-kanazawa/activities?sdg=4&page=2")
        );
        assert_eq!(as_query("/ja/x/news/page/3/", None).as_deref(), Some("/ja/x/news?page=3"));
        assert_eq!(as_query("/en/x/events/page/2", Some("a=b")).as_deref(), Some("/en/x/events?page=2&a=b"));
        assert_eq!(as_query("/en/page/2", None).as_deref(), Some("/en/?page=2"));
        assert_eq!(as_query("/ja/theme/sport/page/2/", None).as_deref(), Some("/ja/?theme=sport&page=2"));
        // Item pages, other sections, unknown keys and odd values are left to routing.
        for path in [
            "/nl/x/activities/5",
            "/nl/x/activities",
            "/nl/x/news/page",
            "/nl/x/news/year/2020",
            "/nl/x/community/page/2",
            "/nl/x/activities/sdg/4&page=9",
            "/nl/x/activities/sdg/%26",
            "/nl/x/activities/sdg/",
            "/nl/x/activities/focus/nonsense",
            "/nl/x/activities/year/20x4",
            "/en/page/activities",
            "/en/theme/2",
            "/xx/page/2",
        ] {
            assert_eq!(as_query(path, None), None, "{path}");
        }
    }

    #[test]
    fn a_list_address_is_written_with_its_filters_then_its_page() {
        let params = [("year", "2024".to_owned()), ("focus", String::new()), ("sdg", "4".to_owned())];
        assert_eq!(list("/nl/x/activities", &params, 1), "/nl/x/activities/year/2024/sdg/4");
        assert_eq!(list("/nl/x/activities", &params, 3), "/nl/x/activities/year/2024/sdg/4/page/3");
        assert_eq!(as_query(&list("/nl/x/news", &[], 2), None).as_deref(), Some("/nl/x/news?page=2"));
        assert_eq!(list("/en/", &[("q", String::new()), ("theme", "sport".into())], 2), "/en/theme/sport/page/2");
        // Words, and lists the server does not read from a path, keep a query.
        assert_eq!(list("/en/", &[("q", "nancy".into())], 2), "/en/?q=nancy&page=2");
        assert_eq!(list("/manage/users", &[], 2), "/manage/users?page=2");
        assert_eq!(list("/manage/x", &[("show", "all".into())], 1), "/manage/x?show=all");
    }
}
