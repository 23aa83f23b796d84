//! Every word from the catalogues: a crawl of every page type of the portal and the
//! workspace, in nl, ja and en, as every role, finds no text the catalogues lack
//! (keys built at run time that no catalogue has show as "Unknown localization key").

use std::collections::{BTreeSet, HashSet, VecDeque};

use axum::http::StatusCode;
use zusterstad_core::Lang;
use zusterstad_core::store::{RecordStore, UserStore};
use zusterstad_core::users::User;

use super::manage::{Browser, users};
use super::{demo_db, state};

const MISSING: &str = "Unknown localization key";

/// The links of a page to follow: ours, pages (not files or feeds).
fn links(body: &str, under: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&").replace("&#38;", "&"))
        .filter(|href| href.starts_with(under))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| {
            let path = href.split('?').next().unwrap_or_default();
            let file = [".pdf", ".csv", ".ics", ".json", ".atom", ".geojson", ".xml", ".jpg", ".png", ".css", ".js"];
            !file.iter().any(|ext| path.ends_with(ext)) && !path.ends_with("/logout")
        })
        .collect()
}

/// What makes two addresses the same page type: numbers become `N`, a query keeps
/// its names, not its values.
fn page_type(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let path: Vec<String> = path
        .split('/')
        .map(|s| if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) { "N".to_owned() } else { s.to_owned() })
        .collect();
    let names: BTreeSet<&str> =
        query.split('&').filter_map(|p| p.split('=').next()).filter(|n| !n.is_empty()).collect();
    format!("{}?{}", path.join("/"), names.into_iter().collect::<Vec<_>>().join("&"))
}

/// Visits one page of each type reachable from `start` (links under `under`), and
/// returns the page types seen; fails on a page with a missing word or a server error.
async fn crawl(browser: &mut Browser, start: &str, under: &str, who: &str) -> usize {
    let mut seen_types = HashSet::new();
    let mut queue = VecDeque::from([start.to_owned()]);
    seen_types.insert(page_type(start));
    while let Some(href) = queue.pop_front() {
        let page = browser.get(&href).await;
        assert!(!page.status.is_server_error(), "{who}: {href}: {}", page.status);
        if let Some(at) = page.body.find(MISSING) {
            let around = &page.body[at.saturating_sub(80)..(at + 120).min(page.body.len())];
            panic!("{who}: {href} lacks a word: …{around}…");
        }
        if page.status != StatusCode::OK {
            continue;
        }
        for link in links(&page.body, under) {
            if seen_types.insert(page_type(&link)) {
                queue.push_back(link);
            }
        }
    }
    seen_types.len()
}

#[tokio::test]
async fn every_page_type_in_every_language_and_for_every_role_has_all_its_words() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    for lang in Lang::ALL {
        let mut visitor = Browser::new(&st);
        let top = format!("/{}/", lang.code());
        let types = crawl(&mut visitor, &format!("{top}gent-kanazawa/"), &top, &format!("visitor in {lang}")).await;
        assert!(types >= 15, "the portal in {lang}: only {types} page types reached");
        crawl(&mut visitor, &top, &top, &format!("visitor at the instance home in {lang}")).await;
    }
    for who in ["admin", "ghent", "kanazawa", "editor", "ambassador"] {
        for lang in Lang::ALL {
            // The workspace speaks the account's language.
            let user = db.user_by_email(&format!("{who}@example.org")).await.unwrap().unwrap();
            let change = zusterstad_core::audit::Change::by_system("test", super::today());
            db.update(&change, user.id, user.version, User { language: lang, ..user.item.clone() }).await.unwrap();
            let mut b = Browser::new(&st);
            let login = b.login(who).await;
            assert_eq!(login.status, StatusCode::SEE_OTHER, "{who} logs in");
            let types = crawl(&mut b, "/manage", "/manage", &format!("{who} in {lang}")).await;
            let least = if who == "ambassador" { 4 } else { 40 };
            assert!(types >= least, "{who} in {lang}: only {types} workspace page types reached");
        }
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}
