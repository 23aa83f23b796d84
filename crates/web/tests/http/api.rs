//! The JSON API: lists with paging, filters, ETags and CORS; problems as
//! `application/problem+json`; the OpenAPI document, kept as a snapshot so a change
//! to the API shows in review. Each test runs on SQLite and PostgreSQL.

use axum::http::{StatusCode, header};

use super::manage::backends;
use super::{get, today};

pub(crate) const P: &str = "/api/v1/partnerships/gent-kanazawa";

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

        for list in
            ["news", "agreements", "organisations", "pairs", "programmes", "symbols", "documents", "ambassadors"]
        {
            let (status, _, body) = get(&db, &format!("{P}/{list}?page=1&per_page=100"), &[]).await;
            assert_eq!(status, StatusCode::OK, "{backend} {list}");
            let page: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(page["total"].as_u64().unwrap() > 0, "{backend} {list}");
        }
        // Ambassadors: names and profile, nothing else about the person.
        let (_, _, body) = get(&db, &format!("{P}/ambassadors"), &[]).await;
        for private in ["email", "phone", "person_id", "consents"] {
            assert!(!body.contains(private), "{backend}: {private} stays private");
        }
        let (_, _, body) = get(&db, "/api/v1/partnerships", &[]).await;
        assert!(body.contains("\"slug\":\"gent-kanazawa\""), "{backend}");
        let (_, _, body) = get(&db, P, &[]).await;
        assert!(body.contains("\"native_name\":\"金沢市\"") || body.contains("金沢"), "{backend}");
        db.close().await.ok();
        cleanup.run().await;
    }
}

pub(crate) mod writing {
    use axum::http::{StatusCode, header};
    use serde_json::{Value, json};
    use zusterstad_core::audit::Change;
    use zusterstad_core::events::Event;
    use zusterstad_core::organisations::Organisation;
    use zusterstad_core::partnerships::{City, Partnership};
    use zusterstad_core::store::{AuditStore, PartnershipStore, RecordStore, UserStore};
    use zusterstad_core::tokens::{ApiToken, new_token};
    use zusterstad_core::users::{RoleGrant, User};
    use zusterstad_core::{Id, Kind, Stored};
    use zusterstad_store::Db;

    use super::P;
    use crate::manage::{backends, users};
    use crate::{rand_suffix, state, today};

    /// A token for the one role of `who@example.org` (see `manage::users`).
    pub(crate) async fn token(db: &Db, who: &str, n: u8) -> String {
        let user = db.user_by_email(&format!("{who}@example.org")).await.unwrap().unwrap();
        let grants: Vec<Stored<RoleGrant>> = db.list().await.unwrap();
        let grant = grants.iter().find(|g| g.item.user_id == user.id).unwrap();
        let secret = new_token([n; 32]);
        db.create(&Change::by_system("test", today()), ApiToken::for_grant(&grant.item, who, &secret)).await.unwrap();
        secret
    }

    pub(crate) async fn call(
        db: &Db,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: &Value,
    ) -> (StatusCode, axum::http::HeaderMap, Value) {
        let outbox = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![];
        if let Some(b) = &bearer {
            headers.push((header::AUTHORIZATION, b.as_str()));
        }
        let text = if body.is_null() { String::new() } else { body.to_string() };
        let (status, h, text) = crate::send(state(db, &outbox), method, uri, &text, &headers).await;
        std::fs::remove_dir_all(outbox).ok();
        (status, h, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn fields(problem: &Value) -> Vec<String> {
        problem["errors"]
            .as_array()
            .map(|a| a.iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }

    fn event_body() -> Value {
        json!({
            "title": {"nl": "Kalligrafie-workshop met Kanazawa"},
            "description": {"nl": "Een avond penseel en inkt in de Vooruit."},
            "kind": "workshop",
            "starts_at": "2027-02-10T18:00:00Z",
            "ends_at": "2027-02-10T20:00:00Z",
            "time_zone": "Europe/Brussels",
            "venue": {"nl": "Vooruit, Gent"},
            "joint": false
        })
    }

    #[tokio::test]
    async fn a_coordinators_token_creates_changes_and_deletes_under_the_workspace_rules() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let ghent = token(&db, "ghent", 1).await;

            // Without a token, or with a wrong one: 401 with the challenge; nothing written.
            let (status, headers, problem) = call(&db, "POST", &format!("{P}/events"), None, &event_body()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
            assert!(headers[header::WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer"));
            assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
            assert!(problem["detail"].as_str().unwrap().contains("token"));
            let (status, _, _) = call(&db, "POST", &format!("{P}/events"), Some("zst_guess"), &event_body()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
            let before: Vec<Stored<Event>> = db.list().await.unwrap();

            // Create: a draft, the Dutch text is the original, the others missing.
            let (status, headers, created) =
                call(&db, "POST", &format!("{P}/events"), Some(&ghent), &event_body()).await;
            assert_eq!(status, StatusCode::CREATED, "{backend}: {created}");
            let id = created["id"].as_i64().unwrap();
            assert_eq!(headers[header::LOCATION], format!("{P}/events/{id}").as_str());
            assert_eq!(created["version"], 1);
            assert_eq!(created["publication"], "draft");
            assert_eq!(created["title"]["nl"]["status"], "original");
            assert_eq!(created["title"]["ja"]["status"], "missing");
            let after: Vec<Stored<Event>> = db.list().await.unwrap();
            assert_eq!(after.len(), before.len() + 1, "{backend}");
            let log = db.history(Kind::Event, id).await.unwrap();
            assert_eq!(log[0].via, "api", "{backend}: the audit log says it came through the API");
            assert!(log[0].actor_id.is_some());

            // Texts in two languages at once: the writer's city's language is the
            // original (Dutch for Ghent, although English comes first in order), unless
            // the writer marks another as the original.
            let mut both = event_body();
            both["title"] = json!({"en": "Calligraphy with Kanazawa", "nl": "Kalligrafie met Kanazawa"});
            let (status, _, two) = call(&db, "POST", &format!("{P}/events"), Some(&ghent), &both).await;
            assert_eq!(status, StatusCode::CREATED, "{backend}: {two}");
            assert_eq!(two["title"]["nl"]["status"], "original", "{backend}: {two}");
            assert_eq!(two["title"]["en"]["status"], "translated", "{backend}");
            both["title"] = json!({"en": {"value": "Calligraphy", "status": "original"}, "nl": "Kalligrafie"});
            let (_, _, marked) = call(&db, "POST", &format!("{P}/events"), Some(&ghent), &both).await;
            assert_eq!(marked["title"]["en"]["status"], "original", "{backend}: {marked}");
            assert_eq!(marked["title"]["nl"]["status"], "translated", "{backend}");
            for extra in [&two, &marked] {
                let uri = format!("{P}/events/{}?version=1", extra["id"]);
                assert_eq!(call(&db, "DELETE", &uri, Some(&ghent), &Value::Null).await.0, StatusCode::NO_CONTENT);
            }

            // A draft is not public; the token's role sees it.
            let item = format!("{P}/events/{id}");
            assert_eq!(call(&db, "GET", &item, None, &Value::Null).await.0, StatusCode::NOT_FOUND, "{backend}");
            let (status, _, read) = call(&db, "GET", &item, Some(&ghent), &Value::Null).await;
            assert_eq!((status, read["id"].as_i64()), (StatusCode::OK, Some(id)), "{backend}");

            // Japanese is added as a translation; then the Dutch original changes and
            // the translation goes stale, as in the workspace.
            let (status, _, v2) = call(
                &db,
                "PATCH",
                &item,
                Some(&ghent),
                &json!({"version": 1, "title": {"ja": {"value": "金沢との書道ワークショップ"}}}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}: {v2}");
            assert_eq!((v2["version"].as_i64(), v2["title"]["ja"]["status"].as_str()), (Some(2), Some("translated")));
            let (status, _, v3) = call(
                &db,
                "PATCH",
                &item,
                Some(&ghent),
                &json!({"version": 2, "title": {"nl": "Kalligrafie-avond met Kanazawa"}, "publication": "published"}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}: {v3}");
            assert_eq!(v3["title"]["ja"]["status"], "stale", "{backend}");
            assert_eq!(v3["title"]["ja"]["value"], "金沢との書道ワークショップ");
            assert_eq!(call(&db, "GET", &item, None, &Value::Null).await.0, StatusCode::OK, "{backend}: published");

            // From an old version: 409, nothing overwritten.
            let (status, _, problem) =
                call(&db, "PATCH", &item, Some(&ghent), &json!({"version": 2, "joint": true})).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend}");
            assert!(problem["detail"].as_str().unwrap().contains("version 3"), "{problem}");
            let stored: Stored<Event> = db.get(Id::new(id)).await.unwrap();
            assert_eq!((stored.version, stored.item.joint), (3, false), "{backend}");

            // Bad input: every field named, nothing saved.
            let (status, headers, problem) = call(
                &db,
                "PATCH",
                &item,
                Some(&ghent),
                &json!({
                    "version": 3, "colour": "red", "partnership_id": 9999,
                "title": {"fr": "Calligraphie", "nl": {"value": "Kalligrafie", "status": "final"}}
                }),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
            assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
            let names = fields(&problem);
            for f in ["colour", "partnership_id", "title.fr", "title.nl.status"] {
                assert!(names.contains(&f.to_owned()), "{backend}: {f} in {names:?}");
            }
            let (status, _, problem) =
                call(&db, "PATCH", &item, Some(&ghent), &json!({"version": 3, "ends_at": "2027-02-10T17:00:00Z"}))
                    .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: the store's validation");
            assert_eq!(fields(&problem), ["ends_at"], "{backend}");
            assert_eq!(problem["errors"][0]["code"], "problem-before-start", "{backend}: the code, for any language");
            assert_eq!(problem["errors"][0]["message"], "must not be before the start", "{backend}: and English");
            let (status, _, problem) =
                call(&db, "PATCH", &item, Some(&ghent), &json!({"version": 3, "kind": "karaoke"})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
            assert_eq!(fields(&problem), ["kind"], "{backend}: {problem}");
            let (status, _, problem) =
                call(&db, "POST", &format!("{P}/events"), Some(&ghent), &json!({"kind": "workshop"})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
            assert!(problem["errors"][0]["message"].as_str().unwrap().contains("required"), "{problem}");
            let (status, _, _) = call(&db, "PATCH", &item, Some(&ghent), &json!([1, 2])).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
            assert_eq!(db.get(Id::<Event>::new(id)).await.unwrap().version, 3, "{backend}: nothing saved");

            // Delete: the version is needed and must be current.
            let (status, _, _) = call(&db, "DELETE", &format!("{item}?version=2"), Some(&ghent), &Value::Null).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend}");
            let (status, _, _) = call(&db, "DELETE", &item, Some(&ghent), &Value::Null).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");
            let (status, _, _) = call(&db, "DELETE", &format!("{item}?version=3"), Some(&ghent), &Value::Null).await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{backend}");
            assert_eq!(call(&db, "GET", &item, Some(&ghent), &Value::Null).await.0, StatusCode::NOT_FOUND);
            db.close().await.ok();
            cleanup.run().await;
        }
    }

    #[tokio::test]
    async fn each_token_may_do_what_its_role_may_and_no_more() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
            let editor = token(&db, "editor", 2).await;
            let ambassador = token(&db, "ambassador", 3).await;
            let kanazawa = token(&db, "kanazawa", 4).await;
            let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
            let own = format!("{P}/organisations/{}", orgs[0].id);
            let other = format!("{P}/organisations/{}", orgs[1].id);

            // The editor keeps their own organisation, nothing else.
            let (status, _, body) = call(
                &db,
                "PATCH",
                &own,
                Some(&editor),
                &json!({"version": orgs[0].version, "website": "https://www.ugent.be/en"}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}: {body}");
            let (status, _, _) = call(
                &db,
                "PATCH",
                &other,
                Some(&editor),
                &json!({"version": orgs[1].version, "website": "https://example.org"}),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
            assert_eq!(
                call(&db, "POST", &format!("{P}/events"), Some(&editor), &event_body()).await.0,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                call(&db, "DELETE", &format!("{own}?version=2"), Some(&editor), &Value::Null).await.0,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                call(&db, "POST", &format!("{P}/news"), Some(&ambassador), &json!({})).await.0,
                StatusCode::FORBIDDEN,
                "{backend}"
            );

            // Another partnership's items cannot be linked to, nor reached.
            let cities: Vec<Stored<City>> = db.list().await.unwrap();
            let change = Change::by_system("test", today());
            let brugge = db.create(&change, City { slug: "brugge".into(), ..cities[0].item.clone() }).await.unwrap();
            let toyama = db.create(&change, City { slug: "toyama".into(), ..cities[1].item.clone() }).await.unwrap();
            let other_p = db
                .create(
                    &change,
                    Partnership {
                        slug: "brugge-toyama".into(),
                        city_a_id: brugge.id,
                        city_b_id: toyama.id,
                        ..p.item.clone()
                    },
                )
                .await
                .unwrap();
            let foreign = db
                .create(
                    &change,
                    Organisation { partnership_id: other_p.id, city_id: brugge.id, ..orgs[0].item.clone() },
                )
                .await
                .unwrap();
            let activity = json!({
                "title": {"ja": "金沢の高校生がゲントを訪問"}, "summary": {"ja": "一週間の交流"}, "body": {},
                "focus": "youth_exchange", "direction": "b_to_a", "starts_on": "2027-03-20",
                "participants": [{"kind": "students", "count": 12}],
                "organisation_ids": [foreign.id.get()], "sdgs": [4]
            });
            let (status, _, problem) = call(&db, "POST", &format!("{P}/activities"), Some(&kanazawa), &activity).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {problem}");
            assert_eq!(fields(&problem), ["organisation_ids"], "{backend}");
            let mut fine = activity.clone();
            fine["organisation_ids"] = json!([orgs[0].id.get()]);
            let (status, _, created) = call(&db, "POST", &format!("{P}/activities"), Some(&kanazawa), &fine).await;
            assert_eq!(status, StatusCode::CREATED, "{backend}: {created}");
            assert_eq!(created["title"]["ja"]["status"], "original");
            let there = format!("/api/v1/partnerships/brugge-toyama/organisations/{}", orgs[0].id);
            assert_eq!(
                call(&db, "PATCH", &there, Some(&kanazawa), &json!({"version": 1})).await.0,
                StatusCode::NOT_FOUND,
                "{backend}: not that partnership's"
            );
            db.close().await.ok();
            cleanup.run().await;
        }
    }

    #[tokio::test]
    async fn a_joint_event_goes_public_when_both_cities_approve_its_version() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let ghent = token(&db, "ghent", 5).await;
            let kanazawa = token(&db, "kanazawa", 6).await;
            let admin = token(&db, "admin", 7).await;
            let mut body = event_body();
            body["joint"] = json!(true);
            body["publication"] = json!("published");
            let (_, _, created) = call(&db, "POST", &format!("{P}/events"), Some(&ghent), &body).await;
            let item = format!("{P}/events/{}", created["id"]);
            assert_eq!(call(&db, "GET", &item, None, &Value::Null).await.0, StatusCode::NOT_FOUND, "{backend}: waits");

            let approve = format!("{item}/approvals");
            let (status, _, _) = call(&db, "POST", &approve, Some(&admin), &json!({"version": 1})).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: approving is a side's, not the admin's");
            let (status, _, state) = call(&db, "POST", &approve, Some(&ghent), &json!({"version": 1})).await;
            assert_eq!(status, StatusCode::OK, "{backend}: {state}");
            assert_eq!(state["cleared"], false);
            let (status, _, _) = call(&db, "POST", &approve, Some(&kanazawa), &json!({"version": 9})).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend}: not the current version");
            let (_, _, state) = call(&db, "POST", &approve, Some(&kanazawa), &json!({"version": 1})).await;
            assert_eq!(
                (state["cleared"].as_bool(), state["approved_by"].as_array().map(Vec::len)),
                (Some(true), Some(2))
            );
            assert_eq!(call(&db, "GET", &item, None, &Value::Null).await.0, StatusCode::OK, "{backend}: public now");

            // A change asks both again.
            let (status, _, _) = call(
                &db,
                "PATCH",
                &item,
                Some(&kanazawa),
                &json!({"version": 1, "venue": {"ja": "ゲント、フォールイト"}}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}");
            let (status, _, public) = call(&db, "GET", &item, None, &Value::Null).await;
            assert_eq!(status, StatusCode::OK, "{backend}: the version both approved stays public");
            assert_eq!(public["version"], 1, "{backend}: {public}");
            assert!(!public.to_string().contains("フォールイト"), "{backend}: not the unapproved change");
            db.close().await.ok();
            cleanup.run().await;
        }
    }

    #[tokio::test]
    async fn a_token_stops_working_when_revoked_disabled_or_its_role_is_gone() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let change = Change::by_system("test", today());
            let patch = |v: i64| json!({"version": v, "website": "https://www.ugent.be"});
            let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
            let org = format!("{P}/organisations/{}", orgs[0].id);

            let ghent = token(&db, "ghent", 8).await;
            let tokens: Vec<Stored<ApiToken>> = db.list().await.unwrap();
            let t = tokens.iter().find(|t| t.item.label == "ghent").unwrap();
            db.update(&change, t.id, t.version, ApiToken { revoked_at: Some(today()), ..t.item.clone() })
                .await
                .unwrap();
            let (status, _, problem) = call(&db, "PATCH", &org, Some(&ghent), &patch(1)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
            assert!(problem["detail"].as_str().unwrap().contains("revoked"));

            let kanazawa = token(&db, "kanazawa", 9).await;
            let user = db.user_by_email("kanazawa@example.org").await.unwrap().unwrap();
            db.update(&change, user.id, user.version, User { disabled: true, ..user.item.clone() }).await.unwrap();
            assert_eq!(
                call(&db, "PATCH", &org, Some(&kanazawa), &patch(1)).await.0,
                StatusCode::UNAUTHORIZED,
                "{backend}"
            );

            let editor = token(&db, "editor", 10).await;
            let grants: Vec<Stored<RoleGrant>> = db.list().await.unwrap();
            let who = db.user_by_email("editor@example.org").await.unwrap().unwrap();
            let g = grants.iter().find(|g| g.item.user_id == who.id).unwrap();
            RecordStore::<RoleGrant>::delete(&db, &change, g.id, g.version).await.unwrap();
            let (status, _, problem) = call(&db, "PATCH", &org, Some(&editor), &patch(1)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
            assert!(problem["detail"].as_str().unwrap().contains("role"));
            assert_eq!(db.get(orgs[0].id).await.unwrap().version, orgs[0].version, "{backend}: nothing changed");
            db.close().await.ok();
            cleanup.run().await;
        }
    }

    /// Every writing endpoint, for every kind: create, read, a refused change, a
    /// change, delete.
    #[tokio::test]
    async fn every_kind_is_written_read_refused_and_deleted_through_the_api() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let ghent = token(&db, "ghent", 11).await;
            let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
            let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
            let (a, b) = (p.item.city_a_id.get(), p.item.city_b_id.get());
            let kanazawa_org = orgs.iter().find(|o| o.item.city_id == p.item.city_b_id).unwrap().id.get();
            let bodies = [
                ("events", event_body()),
                (
                    "news",
                    json!({"slug": "kaga-thee", "title": {"nl": "Kaga-thee in Gent"}, "summary": {"nl": "Thee uit Kanazawa."},
                    "body": {"nl": "Een namiddag thee."}, "published_at": "2026-11-28T09:00:00Z"}),
                ),
                (
                    "activities",
                    json!({"title": {"ja": "書道交流"}, "summary": {"ja": "ゲントで書道"}, "body": {}, "focus": "cultural",
                    "direction": "b_to_a", "starts_on": "2027-04-01", "participants": [{"kind": "artists", "count": 3}],
                    "organisation_ids": [], "sdgs": [4, 17]}),
                ),
                (
                    "agreements",
                    json!({"kind": "joint_statement", "title": {"en": "Joint statement on youth exchange"}, "summary": {},
                    "signed_on": "2027-05-01", "joint": false}),
                ),
                (
                    "organisations",
                    json!({"name": {"nl": "Design Museum Gent"}, "kind": "museum", "city_id": a, "description": {}}),
                ),
                (
                    "pairs",
                    json!({"organisation_a_id": orgs[0].id.get(), "organisation_b_id": kanazawa_org, "description": {"en": "Museum partners"}}),
                ),
                (
                    "programmes",
                    json!({"slug": "kunstenaars-2027", "title": {"nl": "Kunstenaars 2027"}, "description": {},
                    "starts_on": "2027-01-01", "ends_on": "2027-12-31"}),
                ),
                (
                    "symbols",
                    json!({"name": {"ja": "ゲントの灯籠"}, "city_id": b, "description": {}, "location": {"ja": "金沢市"},
                    "latitude": 36.56, "longitude": 136.65, "precision": "approximate", "given_by": {}, "occasion": {}}),
                ),
            ];
            for (kind, body) in bodies {
                let list = format!("{P}/{kind}");
                let (status, _, created) = call(&db, "POST", &list, Some(&ghent), &body).await;
                assert_eq!(status, StatusCode::CREATED, "{backend} {kind}: {created}");
                let item = format!("{list}/{}", created["id"]);
                let (status, _, read) = call(&db, "GET", &item, Some(&ghent), &Value::Null).await;
                assert_eq!((status, &read), (StatusCode::OK, &created), "{backend} {kind}");
                assert_eq!(
                    call(&db, "GET", &item, None, &Value::Null).await.0,
                    StatusCode::NOT_FOUND,
                    "{backend} {kind}: a draft"
                );
                let (status, _, problem) =
                    call(&db, "PATCH", &item, Some(&ghent), &json!({"version": 1, "publication": "hidden"})).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend} {kind}");
                assert_eq!(fields(&problem), ["publication"], "{backend} {kind}: {problem}");
                let (status, _, changed) =
                    call(&db, "PATCH", &item, Some(&ghent), &json!({"version": 1, "publication": "published"})).await;
                assert_eq!(
                    (status, changed["version"].as_i64()),
                    (StatusCode::OK, Some(2)),
                    "{backend} {kind}: {changed}"
                );
                let (status, _, public) = call(&db, "GET", &item, None, &Value::Null).await;
                assert_eq!(status, StatusCode::OK, "{backend} {kind}: published");
                assert_eq!(public["id"], created["id"]);
                let (_, _, page) = call(&db, "GET", &format!("{list}?per_page=100"), None, &Value::Null).await;
                assert!(
                    page["items"].as_array().unwrap().iter().any(|i| i["id"] == created["id"]),
                    "{backend} {kind}: listed"
                );
                let (status, _, _) =
                    call(&db, "DELETE", &format!("{item}?version=2"), Some(&ghent), &Value::Null).await;
                assert_eq!(status, StatusCode::NO_CONTENT, "{backend} {kind}");
                assert_eq!(
                    call(&db, "GET", &item, Some(&ghent), &Value::Null).await.0,
                    StatusCode::NOT_FOUND,
                    "{backend} {kind}"
                );
            }
            // Referred to: not deleted, and the problem says why.
            let org = format!("{P}/organisations/{}", orgs[0].id);
            let (status, _, problem) =
                call(&db, "DELETE", &format!("{org}?version={}", orgs[0].version), Some(&ghent), &Value::Null).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend}");
            assert!(problem["detail"].as_str().unwrap().contains("refer"), "{problem}");
            db.close().await.ok();
            cleanup.run().await;
        }
    }

    #[tokio::test]
    async fn a_document_is_a_file_sent_first_then_its_description() {
        for (backend, db, cleanup) in backends().await {
            users(&db).await;
            let ghent = token(&db, "ghent", 12).await;
            let editor = token(&db, "editor", 13).await;
            let outbox = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
            let upload = |token: String, bytes: Vec<u8>| {
                let st = state(&db, &outbox);
                async move {
                    use axum::body::Body;
                    use axum::http::Request;
                    use tower::ServiceExt;
                    let req = Request::builder()
                        .method("POST")
                        .uri(format!("{P}/files"))
                        .header(header::AUTHORIZATION, format!("Bearer {token}"))
                        .header(header::CONTENT_TYPE, "application/pdf")
                        .body(Body::from(bytes))
                        .unwrap();
                    let res = zusterstad_web::app(st).oneshot(req).await.unwrap();
                    let status = res.status();
                    let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                    (status, serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null))
                }
            };
            let pdf = b"%PDF-1.4\n% Zusterstad\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
            let (status, stored) = upload(ghent.clone(), pdf.clone()).await;
            assert_eq!(status, StatusCode::CREATED, "{backend}: {stored}");
            assert_eq!(stored["media_type"], "application/pdf");
            let (_, again) = upload(ghent.clone(), pdf.clone()).await;
            assert_eq!(again["file_id"], stored["file_id"], "{backend}: the same bytes are one file");
            let (status, problem) = upload(ghent.clone(), b"\x7fELF\x02\x01\x01 pretending to be a PDF".to_vec()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {problem}");
            assert_eq!(upload(ghent.clone(), Vec::new()).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
            let too_big = vec![b'%'; zusterstad_core::documents::MAX_FILE_BYTES + 2];
            assert_eq!(upload(ghent.clone(), too_big).await.0, StatusCode::PAYLOAD_TOO_LARGE, "{backend}");
            assert_eq!(upload(editor, pdf).await.0, StatusCode::FORBIDDEN, "{backend}");

            let body = json!({"title": {"nl": "Verslag van de bezoekersweek"}, "language": "nl",
                "file_id": stored["file_id"], "file_name": "verslag.pdf", "publication": "published"});
            let (status, _, doc) = call(&db, "POST", &format!("{P}/documents"), Some(&ghent), &body).await;
            assert_eq!(status, StatusCode::CREATED, "{backend}: {doc}");
            let (status, _, public) =
                call(&db, "GET", &format!("{P}/documents/{}", doc["id"]), None, &Value::Null).await;
            assert_eq!((status, &public["file_name"]), (StatusCode::OK, &json!("verslag.pdf")), "{backend}");
            let (status, _, problem) = call(
                &db,
                "POST",
                &format!("{P}/documents"),
                Some(&ghent),
                &json!({"title": {"nl": "Niets"}, "file_id": 999_999, "file_name": "niets.pdf"}),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
            assert_eq!(fields(&problem), ["file_id"], "{backend}: {problem}");
            std::fs::remove_dir_all(&outbox).ok();
            db.close().await.ok();
            cleanup.run().await;
        }
    }
}
