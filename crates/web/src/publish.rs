//! A published copy of the portal: every public page of every published partnership
//! in its three languages, the feeds, sitemaps, photos, documents and assets, written
//! as files that any plain web server, bucket or CDN can serve.
//!
//! Pages are asked of the application itself, in this process, so a file holds the
//! bytes the server answers for its address (`Serving::Published` only changes the
//! forms, which a copy has no server for, and the language links, which set no
//! cookie). What to publish is found as a visitor's crawler would: from the language
//! home pages, the sitemaps and each partnership's pages, following every link,
//! picture and script of ours. A page's address becomes `…/index.html`; other files
//! keep their names.
//!
//! The output keeps a manifest (`zusterstad-publish.json`): the SHA-256 of every file
//! and, per partnership, the change counter it was published at. A run writes only
//! the files whose bytes changed and removes the ones no page names any more; a
//! partnership whose counter has not moved since (in the same hour: pages say what is
//! upcoming) is not read again at all.

use std::collections::{BTreeMap, HashSet, VecDeque};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use tower::ServiceExt;
use zusterstad_core::store::SiteOutput;
use zusterstad_core::{Error, Lang, Result};

use crate::{AppState, Serving, WebStore};

/// The manifest's name in the output.
pub const MANIFEST: &str = "zusterstad-publish.json";
/// Bumped when the way files are laid out changes: a new format publishes afresh.
const FORMAT: u32 = 1;

/// What a publish did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    /// Files asked of the application in this run.
    pub rendered: usize,
    /// Of those, files written because their bytes are new or changed.
    pub written: usize,
    /// Files removed: no page names them any more.
    pub removed: usize,
    /// Files of partnerships that did not change, kept without reading them.
    pub kept: usize,
    /// Partnerships published in this run, and kept as they were.
    pub partnerships: usize,
    pub unchanged_partnerships: usize,
    /// Links of ours that lead nowhere, or that a plain web server cannot serve (an
    /// address with a query): `page → link (reason)`. Empty in a sound copy.
    pub problems: Vec<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct Manifest {
    format: u32,
    /// What the pages were made with: the program's version, the site's address, the
    /// live server's, and the hour. Another fingerprint reads every partnership again.
    fingerprint: String,
    /// Files outside any partnership (the home pages, assets, the sitemap index): path → SHA-256.
    shared: BTreeMap<String, String>,
    /// Per partnership address: the counter published at and its files.
    partnerships: BTreeMap<String, Part>,
}

#[derive(Serialize, Deserialize, Default, Clone)]
struct Part {
    seq: i64,
    files: BTreeMap<String, String>,
}

/// Where the published copy lives and where forms go.
#[derive(Clone, Debug)]
pub struct Site {
    /// The address the copy is served at (`https://partners.gent.be`): absolute links
    /// (alternates, feeds, sitemaps, link previews) name it.
    pub url: String,
    /// The live server's address, for forms; without one they are left out.
    pub live: Option<String>,
}

/// Publishes the portal of `state`'s store to `out`, as `site` will serve it, at `now`.
pub async fn publish<S: WebStore, O: SiteOutput>(
    state: AppState<S>,
    out: &O,
    site: &Site,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Published> {
    let url = site.url.trim_end_matches('/').to_owned();
    let host = url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or_default()).unwrap_or_default();
    if host.is_empty() {
        return Err(Error::Internal(format!("the site's address {url:?} names no host")));
    }
    let mut state = state.with_public_url(Some(url.clone()));
    state.serving = Serving::Published { live: site.live.as_ref().map(|l| l.trim_end_matches('/').to_owned()) };
    let fingerprint = format!("{}|{url}|{:?}|{}", env!("CARGO_PKG_VERSION"), site.live, now.format("%Y-%m-%dT%H"));
    let old: Manifest = match out.read(MANIFEST).await? {
        Some(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        None => Manifest::default(),
    };
    let old = if old.format == FORMAT { old } else { Manifest::default() };
    let before: std::collections::HashMap<&str, &str> = old
        .shared
        .iter()
        .chain(old.partnerships.values().flat_map(|p| p.files.iter()))
        .map(|(f, h)| (f.as_str(), h.as_str()))
        .collect();
    let same_pages = old.fingerprint == fingerprint;

    let published: Vec<String> =
        zusterstad_core::store::RecordStore::<zusterstad_core::partnerships::Partnership>::query(
            &state.store,
            &zusterstad_core::query::ListQuery::all().publication(&[zusterstad_core::record::Publication::Published]),
        )
        .await?
        .items
        .into_iter()
        .map(|p| p.item.slug)
        .collect();
    let seqs: BTreeMap<String, i64> = state.store.partnership_seqs().await?.into_iter().collect();
    let mut next = Manifest { format: FORMAT, fingerprint, ..Manifest::default() };
    let mut report = Published::default();
    let mut skipped: HashSet<String> = HashSet::new();
    for slug in &published {
        let seq = seqs.get(slug).copied().unwrap_or(0);
        match old.partnerships.get(slug) {
            Some(part) if same_pages && part.seq == seq => {
                report.kept += part.files.len();
                report.unchanged_partnerships += 1;
                next.partnerships.insert(slug.clone(), part.clone());
                skipped.insert(slug.clone());
            }
            _ => {
                report.partnerships += 1;
                next.partnerships.insert(slug.clone(), Part { seq, files: BTreeMap::new() });
            }
        }
    }

    let mut crawl = Crawl {
        app: crate::app(state),
        host: host.to_owned(),
        base: url.clone(),
        slugs: published.iter().cloned().collect(),
        skipped,
        seen: HashSet::new(),
        queue: VecDeque::new(),
    };
    for asset in crate::assets::urls() {
        crawl.push(asset, None, "");
    }
    crawl.push("/favicon.ico".to_owned(), None, "");
    crawl.push("/sitemap.xml".to_owned(), None, "");
    for lang in Lang::ALL {
        crawl.push(format!("/{lang}/"), None, "");
        for slug in &published {
            crawl.push(format!("/{lang}/{slug}/"), Some(slug.clone()), "");
        }
    }
    let root = root_page(&url);
    write(out, &before, &mut next.shared, &mut report, "index.html", "text/html; charset=utf-8", root.into_bytes())
        .await?;
    let missing = crawl.fetch("/zusterstad-publish-404").await?;
    if missing.status == StatusCode::NOT_FOUND {
        write(out, &before, &mut next.shared, &mut report, "404.html", "text/html; charset=utf-8", missing.body)
            .await?;
    }
    while let Some((path, group, from)) = crawl.queue.pop_front() {
        let answer = crawl.fetch(&path).await?;
        report.rendered += 1;
        let media_type = answer.media_type.clone();
        if answer.status.is_redirection() {
            let Some(target) = answer.location.as_deref().and_then(|l| crawl.internal(l)) else {
                report.problems.push(format!("{from} → {path} (leads off the site)"));
                continue;
            };
            crawl.push(target.clone(), crawl.group_of(&target).or_else(|| group.clone()), &path);
            let Some(file) = file_of(&path, "text/html") else { continue };
            let page = redirect_page(&url, &target);
            let files = files_of(&mut next, group.as_deref());
            write(out, &before, files, &mut report, &file, "text/html; charset=utf-8", page.into_bytes()).await?;
            continue;
        }
        if answer.status != StatusCode::OK {
            report.problems.push(format!("{from} → {path} ({})", answer.status.as_u16()));
            continue;
        }
        let Some(file) = file_of(&path, &media_type) else {
            report.problems.push(format!("{from} → {path} (no file name)"));
            continue;
        };
        for link in links(&answer.body, &media_type) {
            match crawl.internal(&link) {
                Some(target) if target.contains('?') => {
                    report.problems.push(format!("{path} → {target} (a query: a plain web server ignores it)"));
                }
                Some(target) => {
                    let owner = crawl.group_of(&target).or_else(|| {
                        match target.starts_with("/files/") || target.starts_with("/images/") {
                            true => group.clone(),
                            false => None,
                        }
                    });
                    crawl.push(target, owner, &path);
                }
                None => {}
            }
        }
        let files = files_of(&mut next, group.as_deref());
        write(out, &before, files, &mut report, &file, &media_type, answer.body).await?;
    }

    // What the last copy had and this one does not name is removed.
    let now_named: HashSet<&str> =
        next.shared.keys().chain(next.partnerships.values().flat_map(|p| p.files.keys())).map(String::as_str).collect();
    let mut gone: Vec<&str> = before.keys().copied().filter(|f| !now_named.contains(*f)).collect();
    gone.sort_unstable();
    for file in gone {
        out.remove(file).await?;
        report.removed += 1;
    }
    let manifest = serde_json::to_vec(&next).map_err(|e| Error::Internal(format!("cannot write the manifest: {e}")))?;
    out.write(MANIFEST, "application/json", manifest).await?;
    Ok(report)
}

/// The files of `group` (a partnership's address) or the shared ones.
fn files_of<'a>(next: &'a mut Manifest, group: Option<&str>) -> &'a mut BTreeMap<String, String> {
    match group.and_then(|slug| next.partnerships.get_mut(slug)) {
        Some(part) => &mut part.files,
        None => &mut next.shared,
    }
}

/// Writes `bytes` at `file` unless the last copy had the same bytes there.
async fn write<O: SiteOutput>(
    out: &O,
    before: &std::collections::HashMap<&str, &str>,
    files: &mut BTreeMap<String, String>,
    report: &mut Published,
    file: &str,
    media_type: &str,
    bytes: Vec<u8>,
) -> Result<()> {
    let hash = format!("{:x}", sha2::Sha256::digest(&bytes));
    if before.get(file) != Some(&hash.as_str()) {
        out.write(file, media_type, bytes).await?;
        report.written += 1;
    }
    files.insert(file.to_owned(), hash);
    Ok(())
}

struct Answer {
    status: StatusCode,
    media_type: String,
    location: Option<String>,
    body: Vec<u8>,
}

struct Crawl {
    app: axum::Router,
    host: String,
    /// The site's address: absolute links to it are links of ours.
    base: String,
    slugs: HashSet<String>,
    /// Partnerships that did not change: their addresses are not asked again.
    skipped: HashSet<String>,
    seen: HashSet<String>,
    /// Addresses to ask: (path, partnership it belongs to, the page that named it).
    queue: VecDeque<(String, Option<String>, String)>,
}

impl Crawl {
    fn push(&mut self, path: String, group: Option<String>, from: &str) {
        if group.as_ref().is_some_and(|g| self.skipped.contains(g)) || !self.seen.insert(path.clone()) {
            return;
        }
        self.queue.push_back((path, group, from.to_owned()));
    }

    /// The partnership an address belongs to: `/{lang}/{slug}/…`, `/{slug}/…` (its
    /// feeds) or `/sitemaps/{slug}-{n}.xml`.
    fn group_of(&self, path: &str) -> Option<String> {
        let mut segments = path.trim_start_matches('/').split('/');
        let first = segments.next().unwrap_or_default();
        let candidate = if first.parse::<Lang>().is_ok() {
            segments.next().unwrap_or_default()
        } else if first == "sitemaps" {
            segments.next().and_then(|f| f.strip_suffix(".xml")).and_then(|f| f.rsplit_once('-')).map_or("", |(s, _)| s)
        } else {
            first
        };
        self.slugs.contains(candidate).then(|| candidate.to_owned())
    }

    /// A link of ours as a path (without its fragment); `None` for other sites, mail
    /// addresses and the like.
    fn internal(&self, link: &str) -> Option<String> {
        let link = link.split('#').next().unwrap_or_default();
        let path = if let Some(rest) = link.strip_prefix(&self.base) {
            if rest.is_empty() { "/" } else { rest }
        } else {
            link
        };
        (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned())
    }

    async fn fetch(&self, path: &str) -> Result<Answer> {
        let request = Request::get(path)
            .header(header::HOST, &self.host)
            .body(Body::empty())
            .map_err(|e| Error::Internal(format!("cannot ask for {path}: {e}")))?;
        let response = match self.app.clone().oneshot(request).await {
            Ok(r) => r,
            Err(never) => match never {},
        };
        let status = response.status();
        let text =
            |name: header::HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let media_type = text(header::CONTENT_TYPE).unwrap_or_else(|| "application/octet-stream".to_owned());
        let location = text(header::LOCATION);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|e| Error::Internal(format!("cannot read the answer for {path}: {e}")))?
            .to_vec();
        Ok(Answer { status, media_type, location, body })
    }
}

/// The file that holds the answer for `path`: a page's address as `…/index.html`,
/// a file's as it is, percent-escapes decoded (a web server decodes the address it
/// is asked before it looks for the file). `None` for what cannot be a file name.
fn file_of(path: &str, media_type: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.split('/').any(|s| s == ".." || s == ".") || trimmed.contains('\\') || trimmed.contains('\0') {
        return None;
    }
    let page = media_type.starts_with("text/html");
    if trimmed.is_empty() {
        return page.then(|| "index.html".to_owned());
    }
    if trimmed.ends_with('/') {
        return page.then(|| format!("{trimmed}index.html"));
    }
    if page && !trimmed.ends_with(".html") {
        return Some(format!("{trimmed}/index.html"));
    }
    Some(trimmed.to_owned())
}

/// The links in a page or feed: `href`, `src`, `srcset`, `content` (link previews)
/// and `data-*` attributes, and a sitemap's `<loc>`s. (Stylesheets and scripts name
/// only assets, which are published whole.)
fn links(body: &[u8], media_type: &str) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(body) else { return Vec::new() };
    let markup = ["text/html", "application/xml", "application/atom+xml", "text/xml"];
    if !markup.iter().any(|m| media_type.starts_with(m)) {
        return Vec::new();
    }
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let sink = LinkSink::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

#[derive(Default)]
struct LinkSink {
    found: std::cell::RefCell<Vec<String>>,
    in_loc: std::cell::Cell<bool>,
}

impl html5ever::tokenizer::TokenSink for LinkSink {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::{TagKind, Token};
        match token {
            Token::TagToken(tag) => {
                let loc = &*tag.name == "loc";
                if loc {
                    self.in_loc.set(tag.kind == TagKind::StartTag);
                }
                let mut found = self.found.borrow_mut();
                for attr in &tag.attrs {
                    let name = &*attr.name.local;
                    let value = attr.value.to_string();
                    match name {
                        "href" | "src" | "content" => found.push(value),
                        "srcset" => found
                            .extend(value.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_owned)),
                        _ if name.starts_with("data-") => found.push(value),
                        _ => {}
                    }
                }
            }
            Token::CharacterTokens(text) if self.in_loc.get() => {
                self.found.borrow_mut().push(text.trim().to_owned());
            }
            _ => {}
        }
        html5ever::tokenizer::TokenSinkResult::Continue
    }
}

/// The copy's `/`: a page that sends the visitor on to their language (the server
/// reads the browser's languages; a copy asks the browser), with plain links for
/// anyone without scripts.
fn root_page(base: &str) -> String {
    let mut alternates = String::new();
    let mut choices = String::new();
    for lang in Lang::ALL {
        let tr = crate::Tr::new(lang);
        alternates.push_str(&format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{base}/{lang}/\">\n"));
        choices.push_str(&format!(
            "<li><a href=\"/{lang}/\" hreflang=\"{lang}\" lang=\"{lang}\">{}</a></li>\n",
            crate::i18n::escape(&tr.word(crate::words::Word::LangName, lang.code()))
        ));
    }
    let codes: Vec<String> = Lang::ALL.iter().map(|l| format!("\"{l}\"")).collect();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Zusterstad</title>\n\
         {alternates}<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/\">\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n\
         <script>(function(){{var ours=[{codes}];var wanted=navigator.languages||[navigator.language||\"\"];\
         for(var i=0;i<wanted.length;i++){{var c=String(wanted[i]).slice(0,2).toLowerCase();\
         if(ours.indexOf(c)>=0){{location.replace(\"/\"+c+\"/\");return;}}}}location.replace(\"/en/\");}})();</script>\n\
         </head>\n<body>\n<main id=\"main\" class=\"wrap\">\n<h1>Zusterstad</h1>\n<ul lang=\"en\">\n{choices}</ul>\n</main>\n</body>\n</html>\n",
        css = crate::assets::css_url(),
        codes = codes.join(",")
    )
}

/// A file for an address that the server answers with a redirect.
fn redirect_page(base: &str, target: &str) -> String {
    let target = crate::i18n::escape(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{target}</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<link rel=\"canonical\" href=\"{base}{target}\">\n\
         </head>\n<body>\n<p><a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_a_folder_with_an_index_and_a_file_keeps_its_name() {
        let html = "text/html; charset=utf-8";
        assert_eq!(file_of("/", html).as_deref(), Some("index.html"));
        assert_eq!(file_of("/nl/", html).as_deref(), Some("nl/index.html"));
        assert_eq!(file_of("/nl/x/activities/page/2", html).as_deref(), Some("nl/x/activities/page/2/index.html"));
        assert_eq!(file_of("/x/events.ics", "text/calendar").as_deref(), Some("x/events.ics"));
        assert_eq!(file_of("/files/3/%E8%A6%9A%E6%9B%B8.pdf", "application/pdf").as_deref(), Some("files/3/覚書.pdf"));
        assert_eq!(file_of("/files/3/..%2F..%2Fetc", "application/pdf"), None);
        assert_eq!(file_of("/files/3/", "application/pdf"), None);
    }

    #[test]
    fn links_are_found_in_pages_and_sitemaps() {
        let page = br#"<a href="/nl/x/">x</a><img src="/images/1/320.jpg" srcset="/images/1/320.jpg 320w, /images/1/960.jpg 960w"><div data-geojson="/x/symbols.geojson"></div><meta property="og:image" content="https://s.example/images/1/960.jpg">"#;
        let found = links(page, "text/html");
        for want in [
            "/nl/x/",
            "/images/1/320.jpg",
            "/images/1/960.jpg",
            "/x/symbols.geojson",
            "https://s.example/images/1/960.jpg",
        ] {
            assert!(found.iter().any(|f| f == want), "{want} in {found:?}");
        }
        let sitemap = b"<urlset><url><loc>https://s.example/nl/x/</loc></url></urlset>";
        assert_eq!(links(sitemap, "application/xml"), vec!["https://s.example/nl/x/"]);
    }
}
