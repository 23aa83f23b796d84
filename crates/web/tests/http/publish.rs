//! The published copy of the portal (`publish`): files a plain web server can serve.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use zusterstad_core::audit::Change;
use zusterstad_core::store::{PartnershipStore, RecordStore};
use zusterstad_store::files::Files;
use zusterstad_web::publish::{MANIFEST, Site, publish};

use super::{demo_db, get_with, state, today};

const SITE: &str = "https://partners.example";
const LIVE: &str = "https://live.example";

/// Every file under `root`, as paths relative to it.
fn files(root: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                found.insert(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(root, root, &mut found);
    found
}

/// The addresses of ours that a page names in `href`, `src`, `srcset` and
/// `data-geojson` (absolute ones on the site included).
fn links_in(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\"", "srcset=\"", "data-geojson=\""] {
        for rest in html.split(attr).skip(1) {
            let value = rest.split('"').next().unwrap_or_default();
            let values: Vec<&str> = if attr == "srcset=\"" {
                value.split(',').filter_map(|c| c.split_whitespace().next()).collect()
            } else {
                vec![value]
            };
            for v in values {
                let v = v.strip_prefix(SITE).unwrap_or(v);
                if v.starts_with('/') && !v.starts_with("//") {
                    found.push(v.split('#').next().unwrap().to_owned());
                }
            }
        }
    }
    found
}

/// The file a plain web server sends for `address`: the file itself, or the folder's
/// `index.html`.
fn served(root: &Path, address: &str) -> Option<PathBuf> {
    assert!(!address.contains('?'), "a query a plain web server cannot answer: {address}");
    let decoded = percent_decode(address);
    let path = root.join(decoded.trim_start_matches('/'));
    if path.is_file() {
        return Some(path);
    }
    let index = path.join("index.html");
    index.is_file().then_some(index)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned()
}

/// Checks that every link, picture and script of every page of the copy at `root`
/// resolves to a file in it; says how many it checked.
fn links_resolve(root: &Path) -> usize {
    let mut checked = 0;
    for file in files(root).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(root.join(file)).unwrap();
        for link in links_in(&html) {
            assert!(served(root, &link).is_some(), "{file} links to {link}, which the copy does not have");
            checked += 1;
        }
    }
    checked
}

#[tokio::test]
async fn the_published_copy_has_every_page_its_links_resolve_and_it_is_the_servers_bytes() {
    let (db, dir) = demo_db().await;
    let root = dir.join("site");
    let out = Files::folder(&root).unwrap();
    let site = Site { url: SITE.into(), live: Some(LIVE.into()) };
    let shared = state(&db, &dir.join("outbox"));
    let done = publish(shared.clone(), &out, &site, today()).await.unwrap();
    assert!(done.problems.is_empty(), "every link leads somewhere: {:#?}", done.problems);
    assert_eq!(shared.pages.weight(), 0, "pages asked for once are not kept in the page cache");
    let written = files(&root);
    assert_eq!(done.written, written.len() - 1, "every file made once (and the manifest)");
    assert!(written.contains(MANIFEST));

    // Every page type in the three languages, feeds, sitemaps, assets, the root.
    for lang in ["nl", "ja", "en"] {
        for page in [
            "",
            "agreements/",
            "activities/",
            "community/",
            "supporters/",
            "symbols/",
            "timeline/",
            "sdgs/",
            "events/",
            "news/",
            "reports/",
            "about/contact/",
            "about/privacy/",
            "about/accessibility/",
        ] {
            let file = format!("{lang}/gent-kanazawa/{page}index.html");
            assert!(written.contains(&file), "{file}");
        }
        assert!(written.contains(&format!("{lang}/index.html")));
        assert!(written.contains(&format!("{lang}/gent-kanazawa/news.atom")));
        assert!(written.contains(&format!("{lang}/gent-kanazawa/events.ics")));
    }
    for file in ["index.html", "404.html", "sitemap.xml", "sitemaps/gent-kanazawa-1.xml", "favicon.ico"] {
        assert!(written.contains(file), "{file}");
    }
    assert!(written.iter().any(|f| f.starts_with("nl/gent-kanazawa/activities/") && f.ends_with("/index.html")));
    assert!(written.iter().any(|f| f.starts_with("nl/gent-kanazawa/events/") && f.ends_with(".ics")));
    assert!(written.iter().any(|f| f.starts_with("files/") && f.ends_with(".pdf")), "documents: {written:?}");
    assert!(written.iter().any(|f| f.starts_with("images/") && f.ends_with(".jpg")), "photos: {written:?}");

    // Every link, picture and script of every page resolves to a file.
    let checked = links_resolve(&root);
    assert!(checked > 1000, "{checked} links checked");

    // Feeds parse, and name the site's address.
    let atom = std::fs::read_to_string(root.join("ja/gent-kanazawa/news.atom")).unwrap();
    let feed: atom_syndication::Feed = atom.parse().expect("an Atom feed");
    assert!(feed.entries().iter().all(|e| e.links().iter().all(|l| l.href().starts_with(SITE))), "{atom}");
    let ics = std::fs::read_to_string(root.join("nl/gent-kanazawa/events.ics")).unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR") && ics.contains("BEGIN:VEVENT") && ics.trim_end().ends_with("END:VCALENDAR")
    );
    let geo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("gent-kanazawa/symbols.geojson")).unwrap()).unwrap();
    assert!(!geo["features"].as_array().unwrap().is_empty());
    let sitemap = std::fs::read_to_string(root.join("sitemaps/gent-kanazawa-1.xml")).unwrap();
    for loc in sitemap.split("<loc>").skip(1).map(|l| l.split("</loc>").next().unwrap()) {
        let address = loc.strip_prefix(SITE).expect("the site's address");
        assert!(served(&root, address).is_some(), "the sitemap names {loc}, which the copy does not have");
    }

    // A page is the server's answer for the same address, but for what a copy has
    // no server for: its forms go to the live server, its language links go
    // straight to the page (no cookie to set).
    let live = state(&db, &dir.join("outbox")).with_public_url(Some(SITE.into()));
    for address in [
        "/nl/gent-kanazawa/",
        "/ja/gent-kanazawa/activities",
        "/en/gent-kanazawa/timeline",
        "/ja/gent-kanazawa/symbols",
        "/nl/gent-kanazawa/reports",
        "/en/gent-kanazawa/events",
    ] {
        let (status, _, server) = get_with(live.clone(), address, &[]).await;
        assert_eq!(status, StatusCode::OK);
        let mut expected = server.replace("action=\"/", &format!("action=\"{LIVE}/")).replace(
            &format!("action=\"{LIVE}/{}/gent-kanazawa/search\"", &address[1..3]),
            &format!("action=\"/{}/gent-kanazawa/search\"", &address[1..3]),
        );
        for lang in ["nl", "ja", "en"] {
            expected = expected.replace(&format!("href=\"/lang/{lang}?to="), "href=\"");
        }
        let copy = std::fs::read_to_string(served(&root, address).unwrap()).unwrap();
        if let Some(at) = copy.bytes().zip(expected.bytes()).position(|(a, b)| a != b) {
            let around = |s: &str| s[at.saturating_sub(200)..(at + 200).min(s.len())].to_owned();
            panic!("{address} differs:\ncopy:   {}\nserver: {}", around(&copy), around(&expected));
        }
        assert_eq!(copy.len(), expected.len(), "{address}");
    }
    // With one partnership, a language's home sends visitors on to it: so does the copy.
    let (status, headers, _) = get_with(live.clone(), "/ja/", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let home = std::fs::read_to_string(root.join("ja/index.html")).unwrap();
    let target = headers[axum::http::header::LOCATION].to_str().unwrap();
    assert!(home.contains(&format!("content=\"0; url={target}\"")), "{home}");
    // The copy searches in the browser, in an index per partnership and language.
    for lang in ["nl", "ja", "en"] {
        let index: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.join(format!("{lang}/gent-kanazawa/search.json"))).unwrap())
                .unwrap();
        let entries = index.as_array().unwrap();
        assert!(entries.len() > 20, "{lang}: {} entries", entries.len());
        for e in entries {
            let u = e["u"].as_str().unwrap();
            assert!(served(&root, u).is_some(), "{lang}: the index names {u}");
            assert!(!e["t"].as_str().unwrap().is_empty());
        }
    }
    let ja: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("ja/gent-kanazawa/search.json")).unwrap()).unwrap();
    let entries = ja.as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["d"].as_str().unwrap_or_default().contains("伝統料理") && e["k"] == "交流事業"),
        "{ja}"
    );
    // A page that has no description of its own does not repeat the partnership's.
    let motto = entries.iter().find(|e| e["u"] == "/ja/gent-kanazawa/").unwrap()["d"].as_str().unwrap();
    assert_eq!(entries.iter().filter(|e| e["d"] == motto).count(), 1, "{ja}");
    let search = std::fs::read_to_string(root.join("ja/gent-kanazawa/search/index.html")).unwrap();
    assert!(search.contains(r#"data-index="/ja/gent-kanazawa/search.json""#), "{search}");
    assert!(search.contains(r#"data-other="「{q}」の検索結果：{n}件""#), "{search}");
    assert!(search.contains("/static/search."), "the page loads its script");
    assert!(search.contains(&format!(r#"href="{LIVE}/ja/gent-kanazawa/search""#)), "and links the live search");
    // The header's search on a partnership's page goes to the copy's own search.
    let overview = std::fs::read_to_string(root.join("ja/gent-kanazawa/index.html")).unwrap();
    assert!(overview.contains(r#"action="/ja/gent-kanazawa/search""#));
    // The registration form is on the live server: the copy's event page links to it.
    let event = written
        .iter()
        .filter(|f| f.starts_with("nl/gent-kanazawa/events/") && f.ends_with("/index.html"))
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .find(|html| html.contains(LIVE) && html.contains("#register"));
    assert!(event.is_some(), "an event open for registration links to the live form");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn publishing_again_writes_only_what_changed_and_removes_what_is_gone() {
    use zusterstad_core::activities::Activity;
    use zusterstad_core::news::NewsPost;
    use zusterstad_core::query::ListQuery;
    let (db, dir) = demo_db().await;
    let root = dir.join("site");
    let out = Files::folder(&root).unwrap();
    let site = Site { url: SITE.into(), live: None };
    let first = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert!(first.problems.is_empty(), "{:#?}", first.problems);

    // Nothing changed: nothing is read again or written.
    let again = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert_eq!((again.written, again.removed, again.partnerships, again.unchanged_partnerships), (0, 0, 0, 1));
    assert!(again.rendered < first.rendered / 5, "only the pages outside the partnership: {again:?} after {first:?}");
    assert!(again.kept > first.rendered / 2, "{again:?}");

    // One news post's title changes: its pages, the lists and feeds that show it.
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let posts = RecordStore::<NewsPost>::query(&db, &ListQuery::all().limit(1)).await.unwrap();
    let mut post = posts.items[0].clone();
    post.item.title.edit(zusterstad_core::Lang::Nl, "Een nieuwe titel voor dit bericht".into());
    let slug = post.item.slug.clone();
    db.update(&Change::by_system("workspace", today()), post.id, post.version, post.item).await.unwrap();
    let changed = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert!(changed.problems.is_empty(), "{:#?}", changed.problems);
    assert!(changed.written > 0 && changed.written < first.written / 5, "{changed:?}");
    // Only a news post changed: the pages of the other activities, posts and events
    // are kept without being made again.
    assert!(changed.kept > 60 && changed.rendered < first.rendered * 2 / 3, "{changed:?} after {first:?}");
    links_resolve(&root);
    let index = |lang: &str| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.join(format!("{lang}/gent-kanazawa/search.json"))).unwrap())
                .unwrap();
        v.as_array().unwrap().iter().map(|e| e["t"].as_str().unwrap().to_owned()).collect()
    };
    let nl = index("nl");
    assert!(nl.iter().any(|t| t == "Een nieuwe titel voor dit bericht"), "{nl:?}");
    assert!(nl.len() > 40, "the kept pages stay in the search: {nl:?}");
    let page = std::fs::read_to_string(root.join(format!("nl/gent-kanazawa/news/{slug}/index.html"))).unwrap();
    assert!(page.contains("Een nieuwe titel voor dit bericht"));
    let list = std::fs::read_to_string(root.join("nl/gent-kanazawa/news/index.html")).unwrap();
    assert!(list.contains("Een nieuwe titel voor dit bericht"));

    // An activity is deleted: its pages leave the copy.
    let activities = RecordStore::<Activity>::query(
        &db,
        &ListQuery::of(p.id).publication(&[zusterstad_core::Publication::Published]),
    )
    .await
    .unwrap();
    let gone = activities.items.last().unwrap().clone();
    let page = root.join(format!("ja/gent-kanazawa/activities/{}/index.html", gone.id));
    assert!(page.is_file());
    RecordStore::<Activity>::delete(&db, &Change::by_system("workspace", today()), gone.id, gone.version)
        .await
        .unwrap();
    let after = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert!(after.removed >= 3, "its page in three languages: {after:?}");
    assert!(!page.exists());
    assert!(after.problems.is_empty(), "{:#?}", after.problems);
    links_resolve(&root);
    let gone_title = gone.item.title.get(zusterstad_core::Lang::Nl).value.clone();
    assert!(!index("nl").contains(&gone_title), "the deleted activity leaves the search");

    // What the runs after each change left is what one run from nothing makes.
    let fresh_root = dir.join("fresh");
    let fresh = Files::folder(&fresh_root).unwrap();
    publish(state(&db, &dir.join("outbox")), &fresh, &site, today()).await.unwrap();
    let (ours, theirs) = (files(&root), files(&fresh_root));
    assert_eq!(ours, theirs, "the same files");
    for file in ours.iter().filter(|f| *f != MANIFEST) {
        assert!(std::fs::read(root.join(file)).unwrap() == std::fs::read(fresh_root.join(file)).unwrap(), "{file}");
    }

    // A change to the partnership's frame (here a city) makes every page again.
    let city = db.get(p.item.city_a_id).await.unwrap();
    let mut renamed = city.item.clone();
    renamed.name.edit(zusterstad_core::Lang::En, "Ghent (City)".into());
    db.update(&Change::by_system("workspace", today()), city.id, city.version, renamed).await.unwrap();
    let frame = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert_eq!(frame.kept, 0, "{frame:?}");
    use zusterstad_core::activities::Direction;
    let one_way = activities.items.iter().find(|a| matches!(a.item.direction, Direction::AToB | Direction::BToA));
    let one_way = one_way.expect("an activity from one city to the other");
    let page = root.join(format!("en/gent-kanazawa/activities/{}/index.html", one_way.id));
    let activity = std::fs::read_to_string(page).unwrap();
    assert!(activity.contains("Ghent (City)"), "an activity's page names its cities");

    // An hour later, pages are made again (they say what is upcoming), but only the
    // files whose bytes differ are written.
    let later =
        publish(state(&db, &dir.join("outbox")), &out, &site, today() + chrono::Duration::hours(1)).await.unwrap();
    assert_eq!(later.partnerships, 1);
    assert!(later.written < later.rendered / 5, "{later:?}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_copy_without_a_live_server_leaves_out_its_forms_and_says_how_to_register() {
    let (db, dir) = demo_db().await;
    let root = dir.join("site");
    let out = Files::folder(&root).unwrap();
    let site = Site { url: SITE.into(), live: None };
    let done = publish(state(&db, &dir.join("outbox")), &out, &site, today()).await.unwrap();
    assert!(done.problems.is_empty(), "{:#?}", done.problems);
    // The only forms left are the searches, which the copy answers in the browser.
    for file in files(&root).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(root.join(file)).unwrap();
        for form in html.split("<form").skip(1) {
            let action = form.split("action=\"").nth(1).and_then(|a| a.split('"').next()).unwrap_or_default();
            assert!(
                action.ends_with("/gent-kanazawa/search") && !action.contains("://"),
                "{file} has a form to {action:?}, which no server would answer"
            );
        }
    }
    let events = files(&root);
    let open = events
        .iter()
        .filter(|f| f.starts_with("nl/gent-kanazawa/events/") && f.ends_with("/index.html"))
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .find(|html| html.contains("Op deze kopie van de website kun je je niet inschrijven"));
    let open = open.expect("an event open for registration says how to register");
    assert!(open.contains(r#"href="/nl/gent-kanazawa/about/contact""#));
    // The root sends visitors to their language, and links all three.
    let root_page = std::fs::read_to_string(root.join("index.html")).unwrap();
    for lang in ["nl", "ja", "en"] {
        assert!(root_page.contains(&format!(r#"href="/{lang}/""#)), "{root_page}");
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// The copy can go to S3-compatible storage (CI: moto) as well as to a folder: the
/// same files, the second run writing nothing.
#[tokio::test]
async fn the_copy_goes_to_a_bucket_as_well() {
    use zusterstad_core::store::SiteOutput;
    let Ok(url) = std::env::var("ZUSTERSTAD_TEST_S3_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must publish to S3 too (ZUSTERSTAD_TEST_S3_URL)");
        eprintln!("ZUSTERSTAD_TEST_S3_URL is not set: publishing to a bucket was not tested");
        return;
    };
    let (db, dir) = demo_db().await;
    let bucket = Files::from_url(&format!("{}/publish-{}", url.trim_end_matches('/'), super::rand_suffix())).unwrap();
    let folder = Files::folder(&dir.join("site")).unwrap();
    let site = Site { url: SITE.into(), live: None };
    let to_bucket = publish(state(&db, &dir.join("outbox")), &bucket, &site, today()).await.unwrap();
    let to_folder = publish(state(&db, &dir.join("outbox")), &folder, &site, today()).await.unwrap();
    assert!(to_bucket.problems.is_empty(), "{:#?}", to_bucket.problems);
    assert_eq!(to_bucket.written, to_folder.written);
    for file in ["nl/gent-kanazawa/index.html", "ja/gent-kanazawa/search.json", "index.html", "sitemap.xml"] {
        assert_eq!(bucket.read(file).await.unwrap(), folder.read(file).await.unwrap(), "{file}");
    }
    let again = publish(state(&db, &dir.join("outbox")), &bucket, &site, today()).await.unwrap();
    assert_eq!((again.written, again.removed), (0, 0), "the manifest in the bucket is read back");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}
