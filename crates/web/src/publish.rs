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
pub async fn publish<S: WebStore + 'static, O: SiteOutput + Clone + 'static>(
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
    // Partnerships where only activities and news posts changed: of their items' pages
    // only those of the changed ones are made again.
    let mut narrow: BTreeMap<String, Changed> = BTreeMap::new();
    for slug in &published {
        let seq = seqs.get(slug).copied().unwrap_or(0);
        match old.partnerships.get(slug) {
            Some(part) if same_pages && part.seq == seq => {
                report.kept += part.files.len();
                report.unchanged_partnerships += 1;
                next.partnerships.insert(slug.clone(), part.clone());
                skipped.insert(slug.clone());
            }
            Some(part) => {
                report.partnerships += 1;
                if same_pages && let Some(items) = items_changed(&state.store, slug, part.seq, seq).await? {
                    narrow.insert(slug.clone(), items);
                }
                next.partnerships.insert(slug.clone(), Part { seq, files: BTreeMap::new() });
            }
            None => {
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
        narrow,
        kept: Vec::new(),
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
            crawl.push(format!("/{lang}/{slug}/search"), Some(slug.clone()), "");
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
    // The texts of each partnership's pages per language, for the copy's search.
    let mut texts: BTreeMap<(String, Lang), Vec<SearchEntry>> = BTreeMap::new();
    // The item pages kept as they were, and (until the next full run) the photos and
    // documents of a partnership read narrowly, which kept pages may name.
    let mut kept_pages: HashSet<String> = HashSet::new();
    // Pages are made a few at a time (each on the runtime's workers: rendering,
    // reading its links, writing its file), and their links followed as they finish.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8) * 2;
    let known: std::sync::Arc<std::collections::HashMap<String, String>> =
        std::sync::Arc::new(before.iter().map(|(f, h)| ((*f).to_owned(), (*h).to_owned())).collect());
    let mut running: tokio::task::JoinSet<Result<Made>> = tokio::task::JoinSet::new();
    loop {
        while running.len() < workers
            && let Some((path, group, from)) = crawl.queue.pop_front()
        {
            let (app, host, out, known) = (crawl.app.clone(), crawl.host.clone(), out.clone(), known.clone());
            running.spawn(async move { make(app, &host, &out, &known, path, group, from).await });
        }
        let Some(finished) = running.join_next().await else {
            // Nothing left to make: a page to keep that the last copy does not have
            // is made after all; then it is done.
            let kept = std::mem::take(&mut crawl.kept);
            if kept.is_empty() {
                break;
            }
            for (slug, path) in kept {
                let is_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
                let file = file_of(&path, if is_file { "application/octet-stream" } else { "text/html" });
                match file.and_then(|f| before.get(f.as_str()).map(|h| (f, (*h).to_owned()))) {
                    Some((file, hash)) => {
                        files_of(&mut next, Some(&slug)).insert(file, hash);
                        report.kept += 1;
                        kept_pages.insert(path);
                    }
                    None => crawl.queue.push_back((path, Some(slug), String::new())),
                }
            }
            continue;
        };
        let made = finished.map_err(|e| Error::Internal(format!("a page could not be made: {e}")))??;
        let Made { path, group, from, status, location, file, page } = made;
        report.rendered += 1;
        if status.is_redirection() {
            let Some(target) = location.as_deref().and_then(|l| crawl.internal(l)) else {
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
        if status != StatusCode::OK {
            report.problems.push(format!("{from} → {path} ({})", status.as_u16()));
            continue;
        }
        let Some((file, hash, written)) = file else {
            report.problems.push(format!("{from} → {path} (no file name)"));
            continue;
        };
        if written {
            report.written += 1;
        }
        files_of(&mut next, group.as_deref()).insert(file, hash);
        if let Some(slug) = &group
            && let Some((lang, entry)) = search_entry(&path, slug, &page)
        {
            texts.entry((slug.clone(), lang)).or_default().push(entry);
        }
        for link in page.links {
            match crawl.internal(&link) {
                // The search indexes are made here, after the crawl, not asked of the server.
                Some(target) if target.ends_with("/search.json") => {}
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
    }
    for slug in crawl.narrow.keys() {
        let Some(old_part) = old.partnerships.get(slug) else { continue };
        let files = files_of(&mut next, Some(slug));
        for (file, hash) in &old_part.files {
            if (file.starts_with("files/") || file.starts_with("images/")) && !files.contains_key(file) {
                files.insert(file.clone(), hash.clone());
                report.kept += 1;
            }
        }
        // The search index keeps its entries of the pages kept.
        for lang in Lang::ALL {
            let Some(bytes) = out.read(&format!("{lang}/{slug}/search.json")).await? else { continue };
            let entries: Vec<SearchEntry> = serde_json::from_slice(&bytes).unwrap_or_default();
            let fresh = texts.entry((slug.clone(), lang)).or_default();
            fresh.extend(entries.into_iter().filter(|e| kept_pages.contains(&e.u)));
        }
    }
    for ((slug, lang), mut entries) in texts {
        entries.sort_by(|a, b| a.u.cmp(&b.u));
        // Pages without a description of their own carry the partnership's: said once,
        // on its overview, it does not make every page match its words.
        let overview = format!("/{lang}/{slug}/");
        if let Some(motto) = entries.iter().find(|e| e.u == overview).map(|e| e.d.clone()) {
            entries.iter_mut().filter(|e| e.u != overview && e.d == motto).for_each(|e| e.d.clear());
        }
        let json = serde_json::to_vec(&entries).map_err(|e| Error::Internal(format!("cannot write an index: {e}")))?;
        let files = files_of(&mut next, Some(&slug));
        let file = format!("{lang}/{slug}/search.json");
        write(out, &before, files, &mut report, &file, "application/json", json).await?;
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

/// The activities, news posts and events that changed (an event also by its
/// registrations) in a partnership where nothing else did.
#[derive(Default)]
struct Changed {
    /// Activity ids as in their addresses.
    activities: HashSet<String>,
    /// Event ids.
    events: HashSet<String>,
    /// News posts' addresses (slugs) as they are now.
    news: HashSet<String>,
}

impl Changed {
    /// Whether `path` is the page (or calendar file) of an activity, news post or
    /// event that did not change: such a page shows only its own item (an event: and
    /// its registrations) and the partnership's frame (names, cities, organisations),
    /// which did not change either, so it is kept.
    fn keeps(&self, path: &str, slug: &str) -> bool {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            [lang, s, "activities", id] if *s == slug && lang.parse::<Lang>().is_ok() => {
                id.bytes().all(|b| b.is_ascii_digit()) && !self.activities.contains(*id)
            }
            [lang, s, "news", post] if *s == slug && lang.parse::<Lang>().is_ok() => {
                !post.is_empty() && *post != "page" && !self.news.contains(*post)
            }
            [lang, s, "events", file] if *s == slug && lang.parse::<Lang>().is_ok() => {
                let id = file.strip_suffix(".ics").unwrap_or(file);
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && !self.events.contains(id)
            }
            _ => false,
        }
    }
}

/// What changed in partnership `slug` from counter `after` to `upto`, when it was only
/// activities, news posts, events and registrations; `None` when anything else
/// changed (or the notes are gone), so the whole partnership is made again.
async fn items_changed<S: WebStore>(store: &S, slug: &str, after: i64, upto: i64) -> Result<Option<Changed>> {
    use zusterstad_core::Kind;
    let Some(notes) = store.partnership_changes(slug, after, upto).await? else { return Ok(None) };
    let mut changed = Changed::default();
    for (kind, id) in notes {
        if kind == Kind::Activity.as_str() {
            changed.activities.insert(id.to_string());
        } else if kind == Kind::NewsPost.as_str() {
            match zusterstad_core::store::RecordStore::<zusterstad_core::news::NewsPost>::get(
                store,
                zusterstad_core::Id::new(id),
            )
            .await
            {
                Ok(post) => {
                    changed.news.insert(post.item.slug);
                }
                // Gone: its page is no longer linked, so it leaves the copy.
                Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        } else if kind == Kind::Event.as_str() {
            changed.events.insert(id.to_string());
        } else if kind == Kind::Registration.as_str() {
            // A registration changes its event's places left.
            match zusterstad_core::store::RecordStore::<zusterstad_core::registrations::EventRegistration>::get(
                store,
                zusterstad_core::Id::new(id),
            )
            .await
            {
                Ok(r) => {
                    changed.events.insert(r.item.event_id.to_string());
                }
                Err(Error::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(e),
            }
        } else {
            return Ok(None);
        }
    }
    Ok(Some(changed))
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
    /// Partnerships where only some activities and news posts changed.
    narrow: BTreeMap<String, Changed>,
    /// Item pages of those not asked again: (partnership, path).
    kept: Vec<(String, String)>,
    seen: HashSet<String>,
    /// Addresses to ask: (path, partnership it belongs to, the page that named it).
    queue: VecDeque<(String, Option<String>, String)>,
}

impl Crawl {
    fn push(&mut self, path: String, group: Option<String>, from: &str) {
        if group.as_ref().is_some_and(|g| self.skipped.contains(g)) || !self.seen.insert(path.clone()) {
            return;
        }
        if let Some(slug) = &group
            && let Some(changed) = self.narrow.get(slug)
            && changed.keeps(&path, slug)
        {
            // An event's page names its calendar file, which only it links to.
            let calendar = format!("{path}.ics");
            if path.contains("/events/") && !path.ends_with(".ics") && self.seen.insert(calendar.clone()) {
                self.kept.push((slug.clone(), calendar));
            }
            self.kept.push((slug.clone(), path));
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
        fetch(self.app.clone(), &self.host, path).await
    }
}

/// One address made: what the server answered, the file written for it (its name,
/// SHA-256, and whether its bytes were new), and what the page says.
struct Made {
    path: String,
    group: Option<String>,
    from: String,
    status: StatusCode,
    location: Option<String>,
    file: Option<(String, String, bool)>,
    page: PageText,
}

/// Asks the application for `path`, and writes its file unless the last copy has the
/// same bytes (`known`: file → SHA-256).
async fn make<O: SiteOutput>(
    app: axum::Router,
    host: &str,
    out: &O,
    known: &std::collections::HashMap<String, String>,
    path: String,
    group: Option<String>,
    from: String,
) -> Result<Made> {
    let answer = fetch(app, host, &path).await?;
    let mut made = Made {
        path,
        group,
        from,
        status: answer.status,
        location: answer.location,
        file: None,
        page: PageText::default(),
    };
    if answer.status != StatusCode::OK {
        return Ok(made);
    }
    made.page = read_page(&answer.body, &answer.media_type);
    if let Some(file) = file_of(&made.path, &answer.media_type) {
        let hash = format!("{:x}", sha2::Sha256::digest(&answer.body));
        let changed = known.get(&file) != Some(&hash);
        if changed {
            out.write(&file, &answer.media_type, answer.body).await?;
        }
        made.file = Some((file, hash, changed));
    }
    Ok(made)
}

async fn fetch(app: axum::Router, host: &str, path: &str) -> Result<Answer> {
    let request = Request::get(path)
        .header(header::HOST, host)
        .body(Body::empty())
        .map_err(|e| Error::Internal(format!("cannot ask for {path}: {e}")))?;
    let response = match app.oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = |name: header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let media_type = text(header::CONTENT_TYPE).unwrap_or_else(|| "application/octet-stream".to_owned());
    let location = text(header::LOCATION);
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|e| Error::Internal(format!("cannot read the answer for {path}: {e}")))?
        .to_vec();
    Ok(Answer { status, media_type, location, body })
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

/// What a page or feed says that publishing needs: its links (`href`, `src`,
/// `srcset`, `content` (link previews) and `data-*` attributes, a sitemap's
/// `<loc>`s), and a page's heading and description for the copy's search.
/// (Stylesheets and scripts name only assets, which are published whole.)
#[derive(Default)]
struct PageText {
    links: Vec<String>,
    heading: String,
    description: String,
}

fn read_page(body: &[u8], media_type: &str) -> PageText {
    let markup = ["text/html", "application/xml", "application/atom+xml", "text/xml"];
    let Ok(text) = std::str::from_utf8(body) else { return PageText::default() };
    if !markup.iter().any(|m| media_type.starts_with(m)) {
        return PageText::default();
    }
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(PageSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.page.take()
}

#[derive(Default)]
struct PageSink {
    page: std::cell::RefCell<PageText>,
    /// Inside `<loc>` or the first `<h1>`.
    in_loc: std::cell::Cell<bool>,
    in_heading: std::cell::Cell<bool>,
    headed: std::cell::Cell<bool>,
}

impl html5ever::tokenizer::TokenSink for PageSink {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::{TagKind, Token};
        let mut page = self.page.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let start = tag.kind == TagKind::StartTag;
                match &*tag.name {
                    "loc" => self.in_loc.set(start),
                    "h1" if start && !self.headed.get() => self.in_heading.set(true),
                    "h1" if !start && self.in_heading.get() => {
                        self.in_heading.set(false);
                        self.headed.set(true);
                    }
                    _ => {}
                }
                let attr = |name: &str| tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string());
                if &*tag.name == "meta" && attr("name").as_deref() == Some("description") {
                    page.description = attr("content").unwrap_or_default();
                }
                for a in &tag.attrs {
                    let name = &*a.name.local;
                    let value = a.value.to_string();
                    match name {
                        "href" | "src" | "content" => page.links.push(value),
                        "srcset" => page
                            .links
                            .extend(value.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_owned)),
                        _ if name.starts_with("data-") => page.links.push(value),
                        _ => {}
                    }
                }
            }
            Token::CharacterTokens(text) if self.in_loc.get() => page.links.push(text.trim().to_owned()),
            Token::CharacterTokens(text) if self.in_heading.get() => page.heading.push_str(&text),
            _ => {}
        }
        html5ever::tokenizer::TokenSinkResult::Continue
    }
}

/// One page in the copy's search index: address, title, kind, description.
#[derive(Serialize, Deserialize)]
struct SearchEntry {
    u: String,
    t: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    k: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    d: String,
}

/// Longest description kept in the index, in characters.
const ENTRY_TEXT: usize = 300;

/// The index entry of a partnership's page: its sections and its items' pages, not
/// the further pages of a list, the search page or the about pages.
fn search_entry(path: &str, slug: &str, page: &PageText) -> Option<(Lang, SearchEntry)> {
    let mut segments = path.trim_start_matches('/').split('/');
    let lang: Lang = segments.next()?.parse().ok()?;
    if segments.next()? != slug {
        return None;
    }
    let rest: Vec<&str> = segments.filter(|s| !s.is_empty()).collect();
    let kind = match rest.as_slice() {
        [] => "",
        [section] if !["search", "reports"].contains(section) => "",
        ["activities", _] => "activity",
        ["events", _] => "event",
        ["news", _] => "news",
        ["organisations", _] => "organisation",
        ["programmes", _] => "",
        _ => return None,
    };
    let heading = page.heading.split_whitespace().collect::<Vec<_>>().join(" ");
    if heading.is_empty() {
        return None;
    }
    let tr = crate::Tr::new(lang);
    Some((
        lang,
        SearchEntry {
            u: path.to_owned(),
            t: heading,
            k: if kind.is_empty() { String::new() } else { tr.word(crate::words::Word::SearchKind, kind) },
            d: page.description.chars().take(ENTRY_TEXT).collect(),
        },
    ))
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
#[allow(clippy::unwrap_used)]
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
    fn links_headings_and_descriptions_are_read_from_pages_and_sitemaps() {
        let page = br#"<a href="/nl/x/">x</a><img src="/images/1/320.jpg" srcset="/images/1/320.jpg 320w, /images/1/960.jpg 960w"><div data-geojson="/x/symbols.geojson"></div><meta property="og:image" content="https://s.example/images/1/960.jpg">"#;
        let found = read_page(page, "text/html").links;
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
        assert_eq!(read_page(sitemap, "application/xml").links, vec!["https://s.example/nl/x/"]);
        let item = read_page(
            b"<head><meta name=\"description\" content=\"Tien studenten\"></head><h1>Zomer <span>school</span></h1><h1>Other</h1>",
            "text/html",
        );
        let (lang, entry) = search_entry("/nl/x/activities/5", "x", &item).unwrap();
        assert_eq!((lang, entry.t.as_str(), entry.d.as_str()), (Lang::Nl, "Zomer school", "Tien studenten"));
        assert_eq!(entry.k, "Activiteit");
        for not_indexed in ["/nl/x/activities/page/2", "/nl/x/search", "/nl/x/about/contact", "/nl/y/activities/5"] {
            assert!(search_entry(not_indexed, "x", &item).is_none(), "{not_indexed}");
        }
    }
}
