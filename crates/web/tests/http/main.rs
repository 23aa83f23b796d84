#![allow(clippy::unwrap_used, clippy::expect_used)]
//! HTTP tests in-process: the router is called with `oneshot`, against a real SQLite
//! database with the demo loaded.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use std::sync::Arc;
use tower::ServiceExt;
use zusterstad_core::audit::Change;
use zusterstad_store::{Db, demo};

use zusterstad_store::mail::Outbox;
use zusterstad_web::{AppState, Tiles, app};

mod api;
mod manage;
mod publish;
mod scale;
mod security;
mod words;

fn today() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).single().expect("date")
}

async fn demo_db() -> (Db, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("zt_web_{}_{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::open(&format!("sqlite://{}?mode=rwc", dir.join("t.db").display())).await.unwrap();
    demo::load(&db, &Change::by_system("test", today()), demo::GENT_KANAZAWA).await.unwrap();
    (db, dir)
}

/// Unique within the process (a counter) and across runs (the time).
fn rand_suffix() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{nanos}_{n}")
}

async fn get(
    db: &Db,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    get_with(state(db, &std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()))), uri, headers).await
}

fn pinned_random() -> [u8; 32] {
    [0xab; 32]
}

fn state(db: &Db, outbox: &std::path::Path) -> AppState<Db> {
    let mailer = Arc::new(Outbox::new(outbox, "Zusterstad <noreply@gent.be>").unwrap());
    AppState::new(db.clone(), today, Tiles::default(), mailer, pinned_random)
}

async fn send(
    state: AppState<Db>,
    method: &str,
    uri: &str,
    body: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req =
        Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = app(state).oneshot(req.body(Body::from(body.to_owned())).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

pub(crate) fn outbox_mails(dir: &std::path::Path) -> Vec<String> {
    let mut mails: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                // Undo quoted-printable's soft line breaks, so links can be searched.
                .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
                .collect()
        })
        .unwrap_or_default();
    mails.sort();
    mails
}

async fn get_with(
    state: AppState<Db>,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::builder().uri(uri);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = app(state).oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_japanese_visitor_is_sent_to_the_japanese_portal() {
    let (db, dir) = demo_db().await;
    let (status, headers, _) = get(&db, "/", &[(header::ACCEPT_LANGUAGE, "ja-JP,ja;q=0.9,en;q=0.8")]).await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], "/ja/");
    let (_, headers, _) = get(&db, "/", &[(header::ACCEPT_LANGUAGE, "ja"), (header::COOKIE, "theme=x; lang=nl")]).await;
    assert_eq!(headers[header::LOCATION], "/nl/", "a chosen language (cookie) wins over the browser's");

    let (status, headers, _) = get(&db, "/ja/", &[]).await;
    assert!(status.is_redirection(), "an instance with one partnership opens on it");
    assert_eq!(headers[header::LOCATION], "/ja/gent-kanazawa/");
    let (status, _, body) = get(&db, "/ja/gent-kanazawa/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="ja">"#));
    assert!(body.contains("ゲント・金沢"));
    assert!(body.contains("1971年に姉妹都市提携"));
    assert!(body.contains("友好55年"), "the age of the partnership is computed from today");
    assert!(
        body.contains(r#"hreflang="nl" href="http://localhost/nl/gent-kanazawa/""#),
        "alternates by absolute address"
    );
    assert!(body.contains(r#"<link rel="icon" href="/static/favicon."#), "a favicon");
    let (status, headers, icon) = get(&db, "/favicon.ico", &[]).await;
    assert_eq!(status, StatusCode::OK, "where a browser looks for it unasked");
    assert_eq!(headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(icon.starts_with("<svg"));
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_period_known_only_to_the_year_is_shown_as_years() {
    let (db, dir) = demo_db().await;
    // The MoU runs 2021–2026: the facts give no day, so none is shown or counted.
    let (_, _, nl) = get(&db, "/nl/gent-kanazawa/", &[]).await;
    assert!(nl.contains("eind 2026") && !nl.contains("31 december 2026"), "{nl}");
    assert!(!nl.contains("nog 33 dagen"));
    let (_, _, ja) = get(&db, "/ja/gent-kanazawa/agreements", &[]).await;
    assert!(ja.contains("2026年末") && !ja.contains("12月31日"), "{ja}");
    // The anniversary programme is "2021", not 1 January – 31 December 2021.
    let (status, _, programme) = get(&db, "/nl/gent-kanazawa/programmes/50-jaar-gent-kanazawa", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!programme.contains("1 januari") && !programme.contains("31 december"), "{programme}");
    let (_, _, ja) = get(&db, "/ja/gent-kanazawa/programmes/50-jaar-gent-kanazawa", &[]).await;
    assert!(ja.contains("2021年") && !ja.contains("2021年1月1日"), "{ja}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn every_partnership_has_a_contact_page_a_privacy_notice_and_an_accessibility_statement() {
    use zusterstad_core::store::{PartnershipStore, RecordStore};
    use zusterstad_core::{Lang, Localized};
    let (db, dir) = demo_db().await;
    let (_, _, overview) = get(&db, "/nl/gent-kanazawa/", &[]).await;
    for page in ["contact", "privacy", "accessibility"] {
        assert!(overview.contains(&format!(r#"href="/nl/gent-kanazawa/about/{page}""#)), "the footer links {page}");
    }
    // Zusterstad's own texts until the partnership writes its own.
    let (status, _, privacy) = get(&db, "/ja/gent-kanazawa/about/privacy", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(privacy.contains("お名前とメールアドレス") && privacy.contains("ゲントと金沢"), "{privacy}");
    let (_, _, contact) = get(&db, "/nl/gent-kanazawa/about/contact", &[]).await;
    assert!(contact.contains("Stad Gent") && contact.contains("afdeling Internationale Uitwisseling"), "{contact}");
    let (status, _, _) = get(&db, "/nl/gent-kanazawa/about/cookies", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The registration form links the notice next to its consent box.
    let event = network_event(&db).await;
    let (_, _, form) = get(&db, &event, &[]).await;
    assert!(form.contains(r#"<a href="/nl/gent-kanazawa/about/privacy">"#), "{form}");
    // A partnership's own text replaces the default.
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let own =
        Localized::tri("Bel **09 210 10 10**.", "**09 210 10 10**までお電話ください。", "Call 09 210 10 10.", Lang::Nl);
    let changed = zusterstad_core::partnerships::Partnership { contact: Some(own), ..p.item.clone() };
    db.update(&Change::by_system("test", today()), p.id, p.version, changed).await.unwrap();
    let (_, _, contact) = get(&db, "/nl/gent-kanazawa/about/contact", &[]).await;
    assert!(contact.contains("<strong>09 210 10 10</strong>") && !contact.contains("helpen je graag"), "{contact}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_unknown_language_is_not_found_not_an_error() {
    let (db, dir) = demo_db().await;
    let (status, _, body) = get(&db, "/fr/", &[(header::ACCEPT_LANGUAGE, "nl")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Pagina niet gevonden"), "a 404 in the visitor's language");
    let (status, headers, _) = get(&db, "/gent-kanazawa/", &[(header::ACCEPT_LANGUAGE, "ja")]).await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], "/ja/gent-kanazawa/");
    let (status, _, _) = get(&db, "/en/gent-kanazawa/activities/99999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&db, "/en/gent-kanazawa/activities/%F0%9F%8E%89", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn health_follows_the_database() {
    let (db, dir) = demo_db().await;
    let (status, _, _) = get(&db, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    db.clone().close().await.ok();
    let (status, _, _) = get(&db, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "a closed database is reported, not hidden");
    std::fs::remove_dir_all(dir).ok();
}

/// The id of the 2026 network event (capacity 120, deadline 6 December).
async fn network_event(db: &Db) -> String {
    let (_, _, body) = get(db, "/nl/gent-kanazawa/events", &[]).await;
    let at = body.find("Netwerkevent Gent-Kanazawa 2026").expect("event listed");
    let href_start = body[..at].rfind("/nl/gent-kanazawa/events/").expect("link");
    body[href_start..at].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_visitor_registers_gets_a_mail_and_can_cancel() {
    let (db, dir) = demo_db().await;
    let outbox = dir.join("outbox");
    let event = network_event(&db).await;

    // Nothing filled in: a message per field, in Dutch, and nothing registered.
    let (status, _, body) = send(state(&db, &outbox), "POST", &event, "name=&email=nope", &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Vul je naam in.") && body.contains("Vul een geldig e-mailadres in."), "{body}");
    assert!(body.contains("Geef aan dat we je naam en adres"));
    assert!(body.contains(r#"value="nope""#), "what the visitor typed is kept");
    assert!(outbox_mails(&outbox).is_empty());

    let form = "name=Lotte+De+Clercq&email=Lotte%40example.be&consent=yes";
    let (status, headers, _) = send(state(&db, &outbox), "POST", &event, form, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.ends_with("?registered=unconfirmed#register"), "{location}");
    let location = location.split('#').next().unwrap();
    let (_, _, page) = get(&db, location, &[]).await;
    assert!(page.contains("Bijna klaar: open de link in de mail"), "{page}");
    assert!(page.contains("We houden 30 minuten een plaats voor je vrij."), "{page}");
    assert!(page.contains("nog 119 plaatsen vrij"), "the place is held");
    assert!(!page.contains(r#"name="email""#), "the filled form is not shown again");

    // The mail asks to confirm; it carries nothing typed but the name.
    let mails = outbox_mails(&outbox);
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: lotte@example.be"));
    assert!(mails[0].contains("Bevestig je inschrijving"), "{}", mails[0]);
    let token = "ab".repeat(32);
    assert!(mails[0].contains(&format!("/nl/confirm/{token}")), "{}", mails[0]);
    assert!(!mails[0].contains("/cancel/"), "{}", mails[0]);
    assert!(
        mails[0].contains("Met vriendelijke groeten") && mails[0].contains("Stad Gent"),
        "signed by Ghent, whose event it is: {}",
        mails[0]
    );

    let again = send(state(&db, &outbox), "POST", &event, form, &[]).await;
    assert_eq!(again.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.2.contains("al ingeschreven"), "a second registration with the same address is refused");

    // The link asks (scanners open links); the button confirms, once.
    let (status, _, body) = get(&db, &format!("/nl/confirm/{token}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Lotte De Clercq, bevestig je je inschrijving"), "{body}");
    assert_eq!(outbox_mails(&outbox).len(), 1, "opening the link confirms nothing");
    for _ in 0..2 {
        let (status, _, body) = send(state(&db, &outbox), "POST", &format!("/nl/confirm/{token}"), "", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Je inschrijving is bevestigd."), "{body}");
    }
    let mails = outbox_mails(&outbox);
    assert_eq!(mails.len(), 2, "one mail for the confirmation, not one per click");
    let confirmed = mails.iter().find(|m| m.contains("Inschrijving bevestigd")).expect("the confirmed mail");
    assert!(confirmed.contains(&format!("/nl/cancel/{token}")), "{confirmed}");
    let (status, _, _) = get(&db, &format!("/nl/confirm/{}", "0".repeat(64)), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, body) = get(&db, &format!("/nl/cancel/{token}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Lotte De Clercq, wil je je inschrijving"), "{body}");
    let (status, _, body) = send(state(&db, &outbox), "POST", &format!("/nl/cancel/{token}"), "", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Je inschrijving is geannuleerd."));
    let (_, _, page) = get(&db, &event, &[]).await;
    assert!(page.contains("nog 120 plaatsen vrij"));
    let (status, _, _) = get(&db, &format!("/nl/cancel/{}", "0".repeat(64)), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused() {
    let (db, dir) = demo_db().await;
    let event = network_event(&db).await;
    let form = "name=X&email=x%40example.be&consent=yes";
    let (status, _, _) = send(
        state(&db, &dir.join("outbox")),
        "POST",
        &event,
        form,
        &[(header::ORIGIN, "https://evil.example"), (header::HOST, "localhost")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(outbox_mails(&dir.join("outbox")).is_empty());
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn feeds_and_open_data_parse() {
    let (db, dir) = demo_db().await;
    let (status, headers, atom) = get(&db, "/ja/gent-kanazawa/news.atom", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/atom+xml"));
    let feed: atom_syndication::Feed = atom.parse().expect("a valid Atom feed");
    assert_eq!(feed.lang(), Some("ja"));
    assert!(feed.entries().iter().any(|e| e.title().as_str() == "覚書の期間満了へ、更新に向けて"), "{atom}");
    assert!(feed.entries().iter().all(|e| e.published().is_some() && !e.links().is_empty()));

    let (_, headers, ics) = get(&db, "/gent-kanazawa/events.ics", &[]).await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    // Six published events; the joint MoU renewal talk still waits for Kanazawa's
    // approval, so the public calendar has five.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
    assert!(!ics.contains("vernieuwing van het MoU") && !ics.contains("renewing the MoU"), "{ics}");
    // 18:00 UTC on 10 December is 19:00 in Ghent (winter time).
    assert!(ics.contains("DTSTART;TZID=Europe/Brussels:20261210T190000"), "{ics}");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels") && ics.contains("TZID:Asia/Tokyo"), "{ics}");
    let event = network_event(&db).await;
    let id = event.rsplit('/').next().unwrap();
    let (status, _, one) = get(&db, &format!("/gent-kanazawa/events/{id}.ics"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
    // In the page's language, linking to that language's page.
    let (_, _, ja) = get(&db, &format!("/gent-kanazawa/events/{id}.ics?lang=ja"), &[]).await;
    assert!(ja.contains("SUMMARY:ゲント・金沢 ネットワークイベント2026"), "{ja}");
    assert!(ja.contains(&format!("/ja/gent-kanazawa/events/{id}")), "{ja}");
    assert!(!ja.contains("\\nnl: ") && !ja.contains("\\nen: "), "no other languages appended: {ja}");
    let (_, _, page) = get(&db, &event.replacen("/nl/", "/ja/", 1), &[]).await;
    let linked = format!("/ja/gent-kanazawa/events/{id}.ics");
    assert!(page.contains(&format!("href=\"{linked}\"")), "the page links its language's file, as a path");
    let (status, _, by_path) = get(&db, &linked, &[]).await;
    assert_eq!((status, by_path), (StatusCode::OK, ja.clone()), "the same file as with ?lang=ja");
    let (_, _, all_ja) = get(&db, "/gent-kanazawa/events.ics?lang=ja", &[]).await;
    let (status, _, all_by_path) = get(&db, "/ja/gent-kanazawa/events.ics", &[]).await;
    assert_eq!((status, all_by_path), (StatusCode::OK, all_ja));

    let (_, _, geojson) = get(&db, "/gent-kanazawa/symbols.geojson", &[]).await;
    let geo: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 4);
    let lantern = features.iter().find(|f| f["properties"]["given_year"] == 2006).unwrap();
    assert_eq!(lantern["geometry"]["coordinates"], serde_json::json!([3.722, 51.038]));
    assert_eq!(lantern["properties"]["precision"], "approximate");
    assert_eq!(lantern["properties"]["name"]["ja"], "徽軫灯籠（ことじとうろう）");
    // Places are written the reader's way, with the decimals they were given.
    for (lang, written) in [
        ("ja", "北緯51.038度、東経3.722度（おおよその位置）"),
        ("nl", "51,038° NB, 3,722° OL (bij benadering)"),
        ("en", "51.038° N, 3.722° E (approximate)"),
    ] {
        let (_, _, page) = get(&db, &format!("/{lang}/gent-kanazawa/symbols"), &[]).await;
        assert!(page.contains(written), "{lang}: {written}");
    }

    let (_, _, index) = get(&db, "/sitemap.xml", &[]).await;
    assert!(index.contains("<sitemapindex"), "{index}");
    assert!(index.contains("<loc>http://localhost/sitemaps/gent-kanazawa-1.xml</loc>"), "{index}");
    let (_, _, sitemap) = get(&db, "/sitemaps/gent-kanazawa-1.xml", &[]).await;
    assert!(sitemap.contains(r#"hreflang="ja" href="http://localhost/ja/gent-kanazawa/agreements""#), "{sitemap}");
    let (status, _, _) = get(&db, "/sitemaps/gent-kanazawa-2.xml", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no file past the last");

    let (_, _, page) = get(&db, &event, &[]).await;
    let ld = page.split(r#"<script type="application/ld+json">"#).nth(1).unwrap().split("</script>").next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "Event");
    assert!(page.contains(r#"<meta property="og:title""#));
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_overview_is_small_compressed_and_revalidates() {
    let (db, dir) = demo_db().await;
    let (status, headers, _) = get(&db, "/nl/gent-kanazawa/", &[(header::ACCEPT_ENCODING, "br")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    // Measure the compressed bytes of the page and its stylesheet.
    let compressed = |uri: String| {
        let db = db.clone();
        async move {
            let req = Request::builder().uri(uri).header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
            let res = app(state(&db, &std::env::temp_dir())).oneshot(req).await.unwrap();
            axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap().len()
        }
    };
    let (_, _, html) = get(&db, "/nl/gent-kanazawa/", &[]).await;
    let css = html.split(r#"<link rel="stylesheet" href=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let total = compressed("/nl/gent-kanazawa/".into()).await + compressed(css.clone()).await;
    assert!(total <= 30 * 1024, "overview + CSS are {total} bytes compressed");
    // Its own absolute addresses (alternates, the shared picture) are of this site.
    let elsewhere = html.replace("http://localhost/", "");
    assert!(!elsewhere.contains("http://") && !elsewhere.contains("https://"), "the overview refers to no other host");
    assert!(
        html.contains(r#"<meta property="og:image" content="http://localhost/images/"#),
        "a shared link shows a picture"
    );

    let (_, headers, _) = get(&db, &css, &[]).await;
    assert!(headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    let (_, headers, _) = get(&db, "/nl/gent-kanazawa/", &[]).await;
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, _, body) = get(&db, "/nl/gent-kanazawa/", &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn search_finds_word_parts_in_japanese_and_words_in_dutch() {
    let (db, dir) = demo_db().await;
    let (_, _, ja) = get(&db, "/ja/search?q=%E4%BC%9D%E7%B5%B1", &[]).await;
    assert!(ja.contains("<mark>伝統</mark>工芸"), "伝統 finds 伝統工芸: {ja}");
    let (_, _, nl) = get(&db, "/nl/search?q=zusterbigbands", &[]).await;
    assert!(nl.contains("GYJO en JAZZ-21 worden zusterbigbands"), "{nl}");
    // Word forms: the plural finds the singular and the other way round.
    let (_, _, nl) = get(&db, "/nl/search?q=uitwisselingen", &[]).await;
    assert!(nl.contains("<mark>uitwisseling</mark>") || nl.contains("<mark>Uitwisseling</mark>"), "{nl}");
    let (_, _, en) = get(&db, "/en/search?q=exchange", &[]).await;
    assert!(en.contains("<mark>exchanges</mark>"), "{en}");
    // Dutch results on a Dutch page come first, Japanese ones on a Japanese page.
    let (_, _, first_nl) = get(&db, "/nl/search?q=Kanazawa", &[]).await;
    let first = first_nl.split("<ol class=\"plain\" id=\"search-results\">").nth(1).unwrap();
    assert!(!first.split("</li>").next().unwrap().contains(" lang="), "the first hit is in Dutch: {first}");
    let (_, _, none) = get(&db, "/en/search?q=%3Cscript%3E", &[]).await;
    assert!(none.contains("Nothing found for “&#60;script&#62;”") && !none.contains("<script>"), "{none}");
    let (_, _, only_news) = get(&db, "/en/search?q=Kanazawa&kind=news", &[]).await;
    assert!(only_news.contains("/news/") && !only_news.contains("/activities/"));
    // From a partnership's page, the search stays in the partnership, with its header
    // and menu, and leads on to the search over all of them.
    let (_, _, overview) = get(&db, "/ja/gent-kanazawa/", &[]).await;
    assert!(overview.contains(r#"action="/ja/gent-kanazawa/search""#));
    let (status, _, within) = get(&db, "/ja/gent-kanazawa/search?q=%E4%BC%9D%E7%B5%B1", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(within.contains("<mark>伝統</mark>工芸"), "{within}");
    assert!(within.contains(r#"<nav class="nav wide""#) && within.contains("/ja/gent-kanazawa/timeline"), "{within}");
    assert!(within.contains(r#"href="/ja/search?q=%E4%BC%9D%E7%B5%B1""#), "{within}");
    assert!(!within.contains("static-search") && !within.contains("/static/search."), "the server searches itself");
    let (status, _, _) = get(&db, "/ja/no-such-partnership/search?q=x", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// The same page on PostgreSQL, when the suite has one: the portal reads through the
/// same Store traits, so the pages must be byte for byte the same.
#[tokio::test]
async fn pages_are_the_same_on_postgres() {
    let Ok(admin_url) = std::env::var("ZUSTERSTAD_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests");
        return;
    };
    use sea_orm::ConnectionTrait;
    let name = format!("zt_web_{}", rand_suffix());
    let admin = sea_orm::Database::connect(&admin_url).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    let pg = Db::open(&format!("{base}/{name}")).await.unwrap();
    demo::load(&pg, &Change::by_system("test", today()), demo::GENT_KANAZAWA).await.unwrap();
    let (sqlite, dir) = demo_db().await;
    for uri in [
        "/ja/search?q=%E4%BC%9D%E7%B5%B1",
        "/nl/search?q=uitwisseling",
        "/en/gent-kanazawa/",
        "/nl/gent-kanazawa/agreements",
        "/ja/gent-kanazawa/timeline",
        "/en/gent-kanazawa/activities?year=2024",
    ] {
        let (_, _, a) = get(&sqlite, uri, &[]).await;
        let (_, _, b) = get(&pg, uri, &[]).await;
        assert!(a == b, "{uri} differs between SQLite and PostgreSQL");
    }
    pg.close().await.ok();
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
    sqlite.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// Pages are served from memory, and an edit made elsewhere (another server, the
/// workspace) shows within a second, without a restart.
#[tokio::test]
async fn cached_pages_follow_the_record_within_a_second() {
    use zusterstad_core::news::NewsPost;
    use zusterstad_core::store::{PartnershipStore, RecordStore};
    use zusterstad_core::{Lang, Localized, Publication};
    let (db, dir) = demo_db().await;
    let shared = state(&db, &dir.join("outbox"));
    let (_, _, before) = get_with(shared.clone(), "/nl/gent-kanazawa/news", &[]).await;
    assert!(!before.contains("Nieuwe lantaarn"));
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let post = NewsPost {
        partnership_id: p.id,
        slug: "nieuwe-lantaarn".into(),
        title: Localized::tri("Nieuwe lantaarn", "新しい灯籠", "New lantern", Lang::Nl),
        summary: Localized::default(),
        body: Localized::tri("Tekst", "本文", "Text", Lang::Nl),
        published_at: today() - chrono::Duration::hours(1),
        photo_id: None,
        publication: Publication::Published,
        example: true,
    };
    db.create(&Change::by_system("workspace", today()), post).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (_, _, after) = get_with(shared.clone(), "/nl/gent-kanazawa/news", &[]).await;
    assert!(after.contains("Nieuwe lantaarn"), "the new post shows within a second");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_language_switcher_remembers_the_choice_and_stays_on_this_site() {
    let (db, dir) = demo_db().await;
    let (status, headers, _) = get(&db, "/lang/ja?to=/ja/gent-kanazawa/agreements", &[]).await;
    assert!(status.is_redirection());
    assert_eq!(headers[header::LOCATION], "/ja/gent-kanazawa/agreements");
    assert!(headers[header::SET_COOKIE].to_str().unwrap().starts_with("lang=ja;"));
    let (_, headers, _) = get(&db, "/", &[(header::COOKIE, "lang=ja"), (header::ACCEPT_LANGUAGE, "nl")]).await;
    assert_eq!(headers[header::LOCATION], "/ja/");
    for evil in ["//evil.example/x", "https://evil.example/", "/\\evil.example"] {
        let (_, headers, _) = get(&db, &format!("/lang/nl?to={evil}"), &[]).await;
        assert_eq!(headers[header::LOCATION], "/nl/", "{evil} is not followed");
    }
    let (_, _, page) = get(&db, "/nl/gent-kanazawa/agreements", &[]).await;
    assert!(page.contains(r#"href="/lang/ja?to=/ja/gent-kanazawa/agreements""#), "the switcher keeps the page");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_report_shows_the_same_figures_in_chart_table_and_csv() {
    let (db, dir) = demo_db().await;
    let (status, _, page) = get(&db, "/nl/gent-kanazawa/reports?from=2024&to=2024", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("4 activiteiten in deze periode"), "{page}");
    assert!(page.contains(r#"<svg class="chart" role="img""#) && page.contains("<title id=\"participants-t\">"));
    assert!(page.contains("<th scope=\"row\">Studenten</th><td>11</td>"), "table row");
    assert!(page.contains(">Studenten</text>") && page.contains(">11</text>"), "the chart has the same figure");
    let (status, headers, csv) =
        get(&db, "/nl/gent-kanazawa/reports.csv?table=participants&from=2024&to=2024", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(csv.contains("Studenten,11"), "{csv}");
    let (_, _, ja) = get(&db, "/ja/gent-kanazawa/reports?from=2016&to=2026", &[]).await;
    assert!(ja.contains("この期間の交流事業：13件"), "{ja}");
    assert!(ja.contains("<h2>2016年～2026年</h2>"), "years as Japanese writes them: {ja}");
    // Headline figures first; an event without registration here has no attendance
    // to report, which is not the same as nobody coming.
    let (_, _, y2021) = get(&db, "/nl/gent-kanazawa/reports?from=2021&to=2021", &[]).await;
    assert!(y2021.contains(r#"<dl class="headline">"#), "{y2021}");
    assert!(!y2021.contains("<th scope=\"row\">50 jaar Gent-Kanazawa: online viering</th><td>0</td>"), "{y2021}");
    assert!(y2021.contains("aantal deelnemers niet bijgehouden"), "{y2021}");
    let (status, _, _) = get(&db, "/nl/gent-kanazawa/reports?from=abc&to=%F0%9F%8E%89", &[]).await;
    assert_eq!(status, StatusCode::OK, "nonsense years fall back to this year");
    let (status, _, _) = get(&db, "/nl/gent-kanazawa/reports.csv?table=nope", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The page links each table as a file a plain web server can serve as well.
    assert!(page.contains(r#"href="/nl/gent-kanazawa/reports/participants-2024-2024.csv""#), "{page}");
    let (status, _, by_path) = get(&db, "/nl/gent-kanazawa/reports/participants-2024-2024.csv", &[]).await;
    assert_eq!((status, by_path), (StatusCode::OK, csv));
    for wrong in ["nope-2024-2024.csv", "participants-2024.csv", "participants-2024-2024.txt", "x"] {
        let (status, _, _) = get(&db, &format!("/nl/gent-kanazawa/reports/{wrong}"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{wrong}");
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_database_that_is_gone_is_a_503_in_the_visitors_language_with_retry_after() {
    let (db, dir) = demo_db().await;
    let st = state(&db, &dir.join("outbox"));
    db.clone().close().await.unwrap();
    let (status, headers, body) = get_with(st.clone(), "/ja/gent-kanazawa/", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(headers.contains_key(header::RETRY_AFTER));
    assert!(body.contains("lang=\"ja\"") && body.contains("一時的にご利用いただけません"), "{body}");
    let (status, _, body) = get_with(st.clone(), "/manage/login", &[(header::ACCEPT_LANGUAGE, "nl-BE,nl;q=0.9")]).await;
    assert!(status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE, "{status}");
    if status == StatusCode::SERVICE_UNAVAILABLE {
        assert!(body.contains("Tijdelijk niet beschikbaar"), "{body}");
    }
    let (status, headers, body) = get_with(st.clone(), "/api/v1/partnerships/gent-kanazawa/events", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    assert!(headers.contains_key(header::RETRY_AFTER));
    let (status, _, _) = get_with(st, "/healthz", &[]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_events_time_reads_naturally_in_both_cities_and_languages() {
    let (db, dir) = demo_db().await;
    let event = network_event(&db).await;
    for (lang, written) in [
        ("nl", "19.00 uur in Gent (in Kanazawa: 3.00 uur, de volgende dag)"),
        ("ja", "ゲント時間 19:00（金沢時間 翌日3:00）"),
        ("en", "19:00 in Ghent (03:00 the next day in Kanazawa)"),
    ] {
        let (_, _, page) = get(&db, &event.replacen("/nl/", &format!("/{lang}/"), 1), &[]).await;
        assert!(page.contains(written), "{lang}: {written}");
    }
    let (_, _, page) = get(&db, &event, &[]).await;
    assert!(page.contains("Inschrijven tot en met"), "the deadline day is still a day to register");
    assert!(page.contains("tot 22.00 uur"), "the end is shown");
    // A description written in Markdown reads as text, not as asterisks.
    use zusterstad_core::store::RecordStore;
    let id = zusterstad_core::events::EventId::new(event.rsplit('/').next().unwrap().parse().unwrap());
    let stored: zusterstad_core::Stored<zusterstad_core::events::Event> = db.get(id).await.unwrap();
    let mut item = stored.item.clone();
    item.description.edit(zusterstad_core::Lang::Nl, "We komen **samen** in de Stadshal.".into());
    item.joint = false; // (a joint item shows the version both approved)
    db.update(&zusterstad_core::audit::Change::by_system("test", today()), id, stored.version, item).await.unwrap();
    let (_, _, page) = get(&db, &event, &[]).await;
    let lead = page.split("class=\"lead\"").nth(1).unwrap_or_default().chars().take(300).collect::<String>();
    assert!(page.contains("<strong>samen</strong>") && !page.contains("**samen**"), "Markdown rendered: {lead}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_city_cards_name_the_country_and_time_zone_as_people_say_them() {
    let (db, dir) = demo_db().await;
    for (lang, said, not_said) in [
        (
            "nl",
            ["België", "UTC+1 (zomer: UTC+2)", "UTC+9", "meer dan 465.000", "金沢市（かなざわし）"],
            // Founding year and population once, not again among the facts.
            ["Europe/Brussels", "Gent Gent", "Gesticht in 1583", "Meer dan 465.000 inwoners"],
        ),
        (
            "ja",
            ["ベルギー", "UTC+1（夏時間：UTC+2）", "1583年", "465,000人以上", "（かなざわし）"],
            ["Asia/Tokyo", "金沢市（かなざわし", "1583年、城下町として開かれる", "人口46万5千人以上"],
        ),
        (
            "en",
            ["Belgium", "Japan", "UTC+9", "more than 465,000", "Gent"],
            ["Europe/Brussels", "Kanazawa）", "Founded in 1583", "More than 465,000 inhabitants"],
        ),
    ] {
        let (status, _, page) = get(&db, &format!("/{lang}/gent-kanazawa/"), &[]).await;
        assert_eq!(status, StatusCode::OK);
        for s in said {
            assert!(page.contains(s), "{lang}: {s}");
        }
        for s in not_said {
            assert!(!page.contains(s), "{lang}: not {s}");
        }
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}
