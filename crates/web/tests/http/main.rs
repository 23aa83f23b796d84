#![allow(clippy::unwrap_used, clippy::expect_used)]
//! HTTP tests in-process: the router is called with `oneshot`, against a real SQLite
//! database with the demo loaded.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use tower::ServiceExt;
use zusterstad_core::audit::Change;
use zusterstad_store::{Db, demo};
use zusterstad_web::{AppState, Tiles, app};

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

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

async fn get(
    db: &Db,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    get_with(AppState::new(db.clone(), today, Tiles::default()), uri, headers).await
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
    assert!(body.contains("1971年 姉妹都市提携"));
    assert!(body.contains("友好55年"), "the age of the partnership is computed from today");
    assert!(body.contains(r#"hreflang="nl" href="/nl/gent-kanazawa/""#));
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
