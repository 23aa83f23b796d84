//! The JSON API: lists with paging, filters, ETags and CORS; problems as
//! `application/problem+json`; the OpenAPI document, kept as a snapshot so a change
//! to the API shows in review. Each test runs on SQLite and PostgreSQL.

use axum::http::{StatusCode, header};

use super::manage::backends;
use super::{get, today};

const P: &str = "/api/v1/partnerships/gent-kanazawa";

#[tokio::test]
async fn the_openapi_document_is_generated_from_the_code() {
    let (db, dir) = super::demo_db().await;
    let (status, headers, body) = get(&db, "/api/openapi.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "OpenAPI 3.1");
    for path in ["/api/v1/partnerships", "/api/v1/partnerships/{slug}", "/api/v1/partnerships/{slug}/events"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} is documented");
    }
    insta::assert_snapshot!("openapi", body);
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn lists_page_filter_and_revalidate_on_both_backends() {
    for (backend, db, cleanup) in backends().await {
        let (status, headers, body) = get(&db, &format!("{P}/events?per_page=2"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {body}");
        assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "other sites may show it");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 2);
        assert_eq!(page["total"], 5, "{backend}: the joint renewal talk awaits approval, so five");
        assert!(page["items"][0]["title"]["ja"]["status"].as_str().is_some(), "texts come with their status");
        let etag = headers[header::ETAG].to_str().unwrap().to_owned();
        let (status, _, _) = get(&db, &format!("{P}/events?per_page=2"), &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{backend}");

        // Upcoming only, from the test's "today".
        let from = today().to_rfc3339().replace('+', "%2B");
        let (_, _, body) = get(&db, &format!("{P}/events?from={from}"), &[]).await;
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            page["items"].as_array().unwrap().iter().all(|e| e["ends_at"].as_str().unwrap() >= "2026-11-28"),
            "{backend}"
        );

        let (_, _, body) = get(&db, &format!("{P}/activities?year=2024&focus=academic"), &[]).await;
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(page["total"].as_u64().unwrap() >= 1, "{backend}: {body}");
        assert!(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["focus"] == "academic" && a["starts_on"].as_str().unwrap().starts_with("2024"))
        );

        // Bad input: a problem with a message per field; nothing else.
        let (status, headers, body) =
            get(&db, &format!("{P}/activities?year=soon&focus=karaoke&per_page=1000&colour=red"), &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        let fields: Vec<&str> =
            problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        for f in ["year", "focus", "per_page", "colour"] {
            assert!(fields.contains(&f), "{backend}: {f} in {fields:?}");
        }
        let (status, _, body) = get(&db, "/api/v1/partnerships/atlantis/news", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}");
        assert!(body.contains("\"status\":404"));

        for list in ["news", "agreements", "organisations", "programmes", "symbols", "documents"] {
            let (status, _, body) = get(&db, &format!("{P}/{list}?page=1&per_page=100"), &[]).await;
            assert_eq!(status, StatusCode::OK, "{backend} {list}");
            let page: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(page["total"].as_u64().unwrap() > 0, "{backend} {list}");
        }
        let (_, _, body) = get(&db, "/api/v1/partnerships", &[]).await;
        assert!(body.contains("\"slug\":\"gent-kanazawa\""), "{backend}");
        let (_, _, body) = get(&db, P, &[]).await;
        assert!(body.contains("\"native_name\":\"金沢市\"") || body.contains("金沢"), "{backend}");
        db.close().await.ok();
        cleanup.run().await;
    }
}
