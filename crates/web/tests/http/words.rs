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
        if who.starts_with("visitor in ja") {
            let main = page.body.split("<main").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or_default();
            assert!(!main.contains('·'), "{who}: {href}: a Latin middle dot in Japanese text");
            assert!(!main.contains("}}: ") && !main.contains("</dt><dd>:"), "{who}: {href}");
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

/// Words that are English and neither Dutch nor Japanese: an error list holding one
/// is an English sentence on a page in another language.
const ENGLISH: [&str; 14] = [
    " must ", " the ", " not ", "please", "refers", "already", "longer", "between", "required", " should ", "cannot",
    "can't", " which ", " is a ",
];

/// The error lists of a page (forms put their problems in `class="errors"`, imports in
/// its table).
fn error_texts(body: &str) -> Vec<String> {
    body.split(r#"class="errors""#)
        .skip(1)
        .filter_map(|rest| rest.split("</div>").next())
        .map(|block| {
            // Tags out, what a person reads kept.
            let mut text = String::new();
            let mut in_tag = false;
            for c in block.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

#[tokio::test]
async fn forms_sent_with_errors_answer_in_the_readers_language() {
    use super::manage::{event_form, upload_to};
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let bad_record = [
        ("slug", "Geen Slug"),
        ("website", "ftp://example.org"),
        ("email", "nope"),
        ("latitude", "999"),
        ("longitude", "999"),
        ("starts_on", "2027-05-01"),
        ("ends_on", "2027-04-01"),
        ("valid_from", "2027-05-01"),
        ("valid_until", "2026-01-01"),
        ("since_year", "99"),
        ("given_year", "12"),
        ("cohort_year", "12"),
        ("country", "Belgium"),
        ("time_zone", "Mars/Olympus"),
        ("established_year", "12"),
        ("publication", "draft"),
        ("focus", "academic"),
        ("direction", "both"),
        ("precision", "exact"),
        ("title_nl", "Iets"),
    ];
    for (who, lang) in [("ghent", Lang::Nl), ("ghent", Lang::Ja), ("admin", Lang::Nl), ("admin", Lang::Ja)] {
        let user = db.user_by_email(&format!("{who}@example.org")).await.unwrap().unwrap();
        let change = zusterstad_core::audit::Change::by_system("test", super::today());
        db.update(&change, user.id, user.version, User { language: lang, ..user.item.clone() }).await.unwrap();
        let mut b = Browser::new(&st);
        b.login(who).await;
        let mut answers = Vec::new();
        if who == "ghent" {
            for kind in
                ["activity", "agreement", "news_post", "organisation", "organisation_pair", "programme", "landmark"]
            {
                let uri = format!("/manage/gent-kanazawa/records/{kind}/new");
                answers.push((uri.clone(), b.post(&uri, &bad_record).await));
            }
            let mut event = event_form("", "", "0");
            event.retain(|(k, _)| !["ends", "online_url", "capacity"].contains(k));
            event.extend([("ends", "2027-03-12T18:00"), ("online_url", "ftp://x"), ("capacity", "0")]);
            answers.push(("event".into(), b.post("/manage/gent-kanazawa/events/new", &event).await));
            let csv = "title_nl,focus,direction,starts_on,participants\n\
                       Workshop,crafts,sideways,2027-02-30,students=many\n";
            let import = "/manage/gent-kanazawa/import";
            answers.push((
                "import".into(),
                upload_to(&mut b, import, &[("target", "activities")], "a.csv", csv.as_bytes()).await,
            ));
        } else {
            answers.push(("new partnership".into(), b.post("/manage/partnerships/new", &bad_record).await));
        }
        for (what, answer) in answers {
            assert!(answer.status.is_client_error(), "{who} in {lang}: {what}: {}", answer.status);
            let errors = error_texts(&answer.body);
            assert!(!errors.is_empty(), "{who} in {lang}: {what} shows its errors: {}", answer.body);
            for text in errors {
                let lower = format!(" {} ", text.to_lowercase());
                let english: Vec<_> = ENGLISH.iter().filter(|w| lower.contains(*w)).collect();
                assert!(english.is_empty(), "{who} in {lang}: {what}: English {english:?} in: {text}");
                assert!(!text.contains(MISSING), "{who} in {lang}: {what}: {text}");
                if lang == Lang::Ja {
                    assert!(!text.contains(": "), "{who}: {what}: a Japanese list uses the full-width colon: {text}");
                }
            }
        }
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}
