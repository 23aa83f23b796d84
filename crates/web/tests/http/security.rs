//! The guarantees the two city halls rely on, tried as an attacker would: one
//! partnership's people can't see or change another's record; a city is edited only
//! by its own side. Each test runs on SQLite and on PostgreSQL.

use axum::http::StatusCode;
use zusterstad_core::audit::Change;
use zusterstad_core::events::Event;
use zusterstad_core::partnerships::{City, NewSide, Partnership};
use zusterstad_core::store::{PartnershipStore, RecordStore, UserStore};
use zusterstad_core::users::{Role, RoleGrant, User, hash_password};
use zusterstad_core::{Id, Lang, Localized, Stored};
use zusterstad_store::Db;

use super::manage::{Browser, PASSWORD, backends, event_form, event_id, expected, mou_id, users};
use super::{rand_suffix, state, today};

/// A draft's words that only Ghent–Kanazawa's people may read.
const SECRET: &str = "Vertrouwelijk ontwerp Kotoji";

/// Buffalo–Kanazawa beside Ghent–Kanazawa (Kanazawa is in both), with a
/// coordinator of Buffalo's side, `buffalo@example.org`. Answers Buffalo's city id.
async fn second_partnership(db: &Db) -> Id<City> {
    let change = Change::by_system("test", today());
    let gk = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let buffalo = City {
        slug: "buffalo".into(),
        name: Localized::tri("Buffalo", "バッファロー", "Buffalo", Lang::En),
        native_name: "Buffalo".into(),
        native_reading: None,
        romaji: None,
        country: "US".into(),
        time_zone: "America/New_York".into(),
        latitude: 42.886,
        longitude: -78.878,
        founded_year: None,
        population: None,
        description: Localized::default(),
        facts: Vec::new(),
        mail_signature: None,
    };
    let partnership = Partnership {
        slug: "buffalo-kanazawa".into(),
        name: Localized::tri("Buffalo – Kanazawa", "バッファロー・金沢", "Buffalo – Kanazawa", Lang::En),
        ..gk.item.clone()
    };
    let bk = db
        .create_partnership(&change, NewSide::New(Box::new(buffalo)), NewSide::Existing(gk.item.city_b_id), partnership)
        .await
        .unwrap();
    let user = User {
        email: "buffalo@example.org".into(),
        display_name: "buffalo user".into(),
        password_hash: hash_password(PASSWORD, &[7; 16]).unwrap(),
        language: Lang::En,
        disabled: false,
        session_epoch: 0,
    };
    let grant = RoleGrant {
        user_id: Id::new(0),
        role: Role::Coordinator,
        partnership_id: Some(bk.id),
        side_city_id: Some(bk.item.city_a_id),
        organisation_id: None,
        person_id: None,
    };
    db.create_user_with_roles(&change, user, vec![grant]).await.unwrap();
    bk.item.city_a_id
}

/// A draft event of Ghent–Kanazawa's whose title is [`SECRET`].
async fn secret_draft(db: &Db) -> Stored<Event> {
    let first: Stored<Event> = db.get(Id::new(event_id(db).await)).await.unwrap();
    let draft = Event {
        title: Localized::default().with(Lang::Nl, SECRET.to_owned(), zusterstad_core::TextStatus::Original),
        publication: zusterstad_core::Publication::Draft,
        ..first.item.clone()
    };
    db.create(&Change::by_system("test", today()), draft).await.unwrap()
}

#[tokio::test]
async fn another_partnerships_coordinator_sees_and_changes_nothing_of_this_one() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        second_partnership(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        // A draft of Ghent–Kanazawa's, changed once, so its history holds the words.
        let change = Change::by_system("test", today());
        let draft = secret_draft(&db).await;
        let mut second = draft.item.clone();
        second.description = Localized::default().with(
            Lang::Nl,
            format!("{SECRET}, tweede versie"),
            zusterstad_core::TextStatus::Original,
        );
        let draft = db.update(&change, draft.id, draft.version, second).await.unwrap();
        let orgs: Vec<Stored<zusterstad_core::organisations::Organisation>> = db.list().await.unwrap();
        let people: Vec<Stored<zusterstad_core::people::Person>> = db.list().await.unwrap();
        let (org, person, mou) = (orgs[0].clone(), people.last().unwrap().clone(), mou_id(&db).await);

        let mut buffalo = Browser::new(&st);
        assert_eq!(buffalo.login("buffalo").await.status, StatusCode::SEE_OTHER, "{backend}");
        for (method, path, _) in expected() {
            if !path.contains("{slug}") {
                continue;
            }
            let id = if path.contains("/records/") {
                org.id.get()
            } else if path.contains("agreements") {
                mou
            } else if path.contains("people") {
                person.id.get()
            } else {
                draft.id.get()
            };
            let kind = if path.contains("/records/") { "organisation" } else { "event" };
            for slug in ["gent-kanazawa", "buffalo-kanazawa"] {
                let uri = path
                    .replace("{slug}", slug)
                    .replace("{id}", &id.to_string())
                    .replace("{kind}", kind)
                    .replace("{lang}", "nl");
                let a = if method == "GET" { buffalo.get(&uri).await } else { buffalo.post(&uri, &[]).await };
                assert!(!a.status.is_server_error(), "{backend}: {method} {uri}: {}", a.status);
                assert!(!a.body.contains(SECRET), "{backend}: {method} {uri} shows Ghent–Kanazawa's draft");
                if slug == "gent-kanazawa" {
                    assert_eq!(a.status, StatusCode::FORBIDDEN, "{backend}: {method} {uri}");
                } else if path.contains("{id}") {
                    assert!(
                        matches!(a.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                        "{backend}: {method} {uri} is another partnership's item: {}",
                        a.status
                    );
                }
            }
        }
        // The history of the draft, and of Ghent–Kanazawa itself, through Buffalo's slug.
        let gk = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        for uri in [
            format!("/manage/buffalo-kanazawa/history/event/{}", draft.id.get()),
            format!("/manage/buffalo-kanazawa/history/partnership/{}", gk.id.get()),
            format!("/manage/buffalo-kanazawa/history/organisation/{}", org.id.get()),
        ] {
            let a = buffalo.get(&uri).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{backend}: {uri}");
        }
        // Buffalo's dashboard lists only Buffalo–Kanazawa's recent changes.
        let dash = buffalo.get("/manage/buffalo-kanazawa").await;
        assert_eq!(dash.status, StatusCode::OK, "{backend}");
        assert!(
            !dash.body.contains(&format!("/history/event/{}", draft.id.get())),
            "{backend}: Ghent–Kanazawa's change on Buffalo's dashboard"
        );
        // Ghent's coordinator still reads the history of their own draft.
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let own = ghent.get(&format!("/manage/gent-kanazawa/history/event/{}", draft.id.get())).await;
        assert_eq!(own.status, StatusCode::OK, "{backend}");
        assert!(own.body.contains(SECRET), "{backend}");
        let dash = ghent.get("/manage/gent-kanazawa").await;
        assert!(dash.body.contains(&format!("/history/event/{}", draft.id.get())), "{backend}: own recent change");

        // Nothing of Ghent–Kanazawa's changed.
        let after: Stored<Event> = db.get(draft.id).await.unwrap();
        assert_eq!(after.version, draft.version, "{backend}");
        let org_after: Stored<zusterstad_core::organisations::Organisation> = db.get(org.id).await.unwrap();
        assert_eq!(org_after.version, org.version, "{backend}");
        let person_after: Stored<zusterstad_core::people::Person> = db.get(person.id).await.unwrap();
        assert_eq!(person_after.version, person.version, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_city_is_edited_only_by_its_own_side() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let buffalo_city = second_partnership(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let gk = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        let kanazawa_id = gk.item.city_b_id;
        let kanazawa: Stored<City> = db.get(kanazawa_id).await.unwrap();
        let form = [
            ("version", kanazawa.version.to_string()),
            ("description_en", "Changed by someone who does not speak for Kanazawa.".to_owned()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // Buffalo's coordinator, through Buffalo–Kanazawa (which has Kanazawa as a side),
        // and Ghent's coordinator, through Ghent–Kanazawa: neither speaks for Kanazawa.
        let mut buffalo = Browser::new(&st);
        buffalo.login("buffalo").await;
        let a = buffalo.post(&format!("/manage/buffalo-kanazawa/records/city/{}", kanazawa_id.get()), &form).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{backend}: Buffalo edits Kanazawa");
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let a = ghent.post(&format!("/manage/gent-kanazawa/records/city/{}", kanazawa_id.get()), &form).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{backend}: Ghent edits Kanazawa");
        let same: Stored<City> = db.get(kanazawa_id).await.unwrap();
        assert_eq!(same.version, kanazawa.version, "{backend}: Kanazawa unchanged");
        // The form doesn't even offer it to them.
        let page = ghent.get(&format!("/manage/gent-kanazawa/records/city/{}", kanazawa_id.get())).await;
        assert!(!page.body.contains("name=\"preview\""), "{backend}: no save button for another side's city");

        // Buffalo's own city: Buffalo's coordinator edits it.
        let uri = format!("/manage/buffalo-kanazawa/records/city/{}", buffalo_city.get());
        let page = buffalo.get(&uri).await;
        assert!(page.body.contains("name=\"preview\""), "{backend}: a save button for one's own city");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

/// A joint event both cities approved, made through the workspace: its edit address.
async fn approved_joint_event(ghent: &mut Browser, kanazawa: &mut Browser) -> (String, i64) {
    let a = ghent
        .post("/manage/gent-kanazawa/events/new", &event_form("Netwerkavond in de Stadshal", "交流の夕べ", "0"))
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let edit = a.location.split('?').next().unwrap().to_owned();
    let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
    for side in [ghent, kanazawa] {
        let a = side.post(&format!("{edit}/approve"), &[("version", "1")]).await;
        assert_eq!(a.location, format!("{edit}?approved=1"));
    }
    (edit, id)
}

#[tokio::test]
async fn one_city_cannot_change_unjoin_archive_or_delete_a_joint_item_alone() {
    use super::api::P;
    use super::api::writing::{call, token};
    use serde_json::json;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let (mut ghent, mut kanazawa) = (Browser::new(&st), Browser::new(&st));
        ghent.login("ghent").await;
        kanazawa.login("kanazawa").await;
        let (edit, id) = approved_joint_event(&mut ghent, &mut kanazawa).await;
        let public = format!("/nl/gent-kanazawa/events/{id}");
        let portal = || {
            let st = st.clone();
            let public = public.clone();
            async move { Browser::new(&st).get(&public).await }
        };
        let shown = portal().await;
        assert_eq!(shown.status, StatusCode::OK, "{backend}");
        assert!(shown.body.contains("Netwerkavond in de Stadshal"), "{backend}");

        // Ghent alone: a new text, then "joint" unticked, then archived. The portal keeps
        // the version both approved; the new words are not public.
        let a = ghent.post(&edit, &event_form("Eenzijdig gewijzigde titel", "交流の夕べ", "1")).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let mut one_sided = event_form("Eenzijdig gewijzigde titel", "交流の夕べ", "2");
        one_sided.retain(|(k, _)| *k != "joint");
        assert_eq!(ghent.post(&edit, &one_sided).await.status, StatusCode::SEE_OTHER, "{backend}");
        let stored: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        assert!(!stored.item.joint, "{backend}: the new version is one-sided");
        let shown = portal().await;
        assert_eq!(shown.status, StatusCode::OK, "{backend}: still on the portal");
        assert!(shown.body.contains("Netwerkavond in de Stadshal"), "{backend}: the version both approved");
        assert!(!shown.body.contains("Eenzijdig"), "{backend}: not the one-sided text");
        let workspace = ghent.get(&edit).await.body;
        assert!(workspace.contains("toont het portaal versie 1"), "{backend}: the workspace says what is public");

        // Through the API, with Ghent's token: unticking and deleting.
        let ghent_token = token(&db, "ghent", 3).await;
        let item = format!("{P}/events/{id}");
        let (status, _, _) = call(
            &db,
            "PATCH",
            &item,
            Some(&ghent_token),
            &json!({"version": 3, "joint": false, "publication": "archived"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: saved, but not public");
        assert!(portal().await.body.contains("Netwerkavond in de Stadshal"), "{backend}: still the approved version");
        let (status, _, problem) =
            call(&db, "DELETE", &format!("{item}?version=4"), Some(&ghent_token), &json!(null)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {problem}");
        let a = ghent.post(&format!("{edit}/delete"), &[("version", "4")]).await;
        assert!(a.location.ends_with("undeletable=joint"), "{backend}: {} {}", a.status, a.location);
        assert!(RecordStore::<Event>::get(&db, Id::new(id)).await.is_ok(), "{backend}: not deleted");
        assert_eq!(portal().await.status, StatusCode::OK, "{backend}");

        // Kanazawa agrees: both approve the archived, one-sided version. Now it is gone
        // from the portal, and Ghent may delete it.
        for side in [&mut ghent, &mut kanazawa] {
            let a = side.post(&format!("{edit}/approve"), &[("version", "4")]).await;
            assert_eq!(a.location, format!("{edit}?approved=1"), "{backend}");
        }
        assert_eq!(portal().await.status, StatusCode::NOT_FOUND, "{backend}: archived by both");
        let a = ghent.post(&format!("{edit}/delete"), &[("version", "4")]).await;
        assert!(a.location.ends_with("/events?deleted=1"), "{backend}: {} {}", a.status, a.location);
        let approvals: Vec<Stored<zusterstad_core::approvals::Approval>> = db.list().await.unwrap();
        assert!(
            !approvals.iter().any(|a| a.item.item_kind == zusterstad_core::Kind::Event && a.item.record_id == id),
            "{backend}: its approvals went with it"
        );

        // An admin may delete a joint item outright.
        let (edit, id) = approved_joint_event(&mut ghent, &mut kanazawa).await;
        let mut admin = Browser::new(&st);
        admin.login("admin").await;
        let a = admin.post(&format!("{edit}/delete"), &[("version", "1")]).await;
        assert!(a.location.ends_with("/events?deleted=1"), "{backend}: {} {}", a.status, a.location);
        assert!(RecordStore::<Event>::get(&db, Id::new(id)).await.is_err(), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_document_names_only_its_own_partnerships_files() {
    use super::api::writing::{call, token};
    use serde_json::{Value, json};
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        second_partnership(&db).await;
        let outbox = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let upload = |token: String, slug: &'static str, bytes: Vec<u8>| {
            let st = state(&db, &outbox);
            async move {
                use axum::body::Body;
                use axum::http::{Request, header};
                use tower::ServiceExt;
                let req = Request::builder()
                    .method("POST")
                    .uri(format!("/api/v1/partnerships/{slug}/files"))
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .header(header::CONTENT_TYPE, "application/pdf")
                    .body(Body::from(bytes))
                    .unwrap();
                let res = zusterstad_web::app(st).oneshot(req).await.unwrap();
                let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null)
            }
        };
        let (ghent, buffalo) = (token(&db, "ghent", 21).await, token(&db, "buffalo", 22).await);
        // Ghent's draft report, not public.
        let pdf = b"%PDF-1.4\n% Ontwerpverslag Gent\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
        let ghent_file = upload(ghent.clone(), "gent-kanazawa", pdf.clone()).await["file_id"].clone();
        let draft = json!({"title": {"nl": "Ontwerpverslag"}, "file_id": ghent_file, "file_name": "ontwerp.pdf"});
        let (status, _, _) =
            call(&db, "POST", "/api/v1/partnerships/gent-kanazawa/documents", Some(&ghent), &draft).await;
        assert_eq!(status, StatusCode::CREATED, "{backend}");

        // Buffalo's coordinator names Ghent's file in a published document of Buffalo's.
        let steal = json!({"title": {"en": "Report"}, "file_id": ghent_file, "file_name": "report.pdf",
            "publication": "published"});
        let (status, _, problem) =
            call(&db, "POST", "/api/v1/partnerships/buffalo-kanazawa/documents", Some(&buffalo), &steal).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {problem}");
        assert!(problem.to_string().contains("another partnership"), "{backend}: {problem}");
        let docs: Vec<Stored<zusterstad_core::documents::Document>> = db.list().await.unwrap();
        assert!(!docs.iter().any(|d| d.item.file_name == "report.pdf"), "{backend}: nothing saved");

        // The same bytes uploaded by Buffalo are Buffalo's own file.
        let own = upload(buffalo.clone(), "buffalo-kanazawa", pdf).await["file_id"].clone();
        assert!(own.is_i64() && own != ghent_file, "{backend}: {own} vs {ghent_file}");
        std::fs::remove_dir_all(&outbox).ok();
        db.close().await.ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn another_partnerships_token_reads_and_changes_nothing_of_this_one_through_the_api() {
    use super::api::writing::{call, token};
    use serde_json::{Value, json};
    use zusterstad_core::store::AuditStore;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        second_partnership(&db).await;
        let draft = secret_draft(&db).await;
        let (ghent, buffalo) = (token(&db, "ghent", 31).await, token(&db, "buffalo", 32).await);
        // One item of Ghent–Kanazawa's of each kind the API has, by its path segment.
        let mut ids = std::collections::HashMap::new();
        ids.insert("events".to_owned(), draft.id.get());
        let (_, _, doc) = call(&db, "GET", "/api/openapi.json", None, &Value::Null).await;
        let paths: Vec<(String, Vec<String>)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(path, ops)| (path.clone(), ops.as_object().unwrap().keys().map(|m| m.to_uppercase()).collect()))
            .collect();
        for (path, _) in &paths {
            let Some(segment) = path.strip_prefix("/api/v1/partnerships/{slug}/").filter(|s| !s.contains('/')) else {
                continue;
            };
            if ids.contains_key(segment) {
                continue;
            }
            let uri = format!("/api/v1/partnerships/gent-kanazawa/{segment}");
            let (_, _, list) = call(&db, "GET", &uri, Some(&ghent), &Value::Null).await;
            if let Some(id) = list["items"][0]["id"].as_i64() {
                ids.insert(segment.to_owned(), id);
            }
        }
        assert!(ids.len() >= 8, "{backend}: an item of most kinds: {ids:?}");
        let before = db.partnership_seq("gent-kanazawa").await.unwrap();
        let body = json!({"title": {"nl": "Overgenomen"}, "joint": false, "publication": "published"});
        let mut walked = 0;
        for (path, methods) in &paths {
            if !path.contains("{slug}") {
                continue;
            }
            let segment = path.trim_start_matches("/api/v1/partnerships/{slug}/").split('/').next().unwrap_or_default();
            let Some(id) = ids.get(segment).copied().or((!path.contains("{id}")).then_some(0)) else { continue };
            let uri = path.replace("{slug}", "gent-kanazawa").replace("{id}", &id.to_string());
            for method in methods {
                let sent = if method == "GET" || method == "DELETE" { Value::Null } else { body.clone() };
                let (status, _, answer) = call(&db, method, &uri, Some(&buffalo), &sent).await;
                walked += 1;
                assert!(!status.is_server_error(), "{backend}: {method} {uri}: {status}");
                assert!(!answer.to_string().contains(SECRET), "{backend}: {method} {uri} shows Ghent–Kanazawa's draft");
                if method != "GET" {
                    assert!(
                        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                        "{backend}: Buffalo's token: {method} {uri}: {status} {answer}"
                    );
                }
            }
            // The same, through Buffalo's own slug with Ghent–Kanazawa's item.
            if path.contains("{id}") {
                let uri = path.replace("{slug}", "buffalo-kanazawa").replace("{id}", &id.to_string());
                for method in methods {
                    let sent = if method == "GET" || method == "DELETE" { Value::Null } else { body.clone() };
                    let (status, _, answer) = call(&db, method, &uri, Some(&buffalo), &sent).await;
                    assert!(
                        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                        "{backend}: {method} {uri} is Ghent–Kanazawa's item: {status} {answer}"
                    );
                }
            }
        }
        assert!(walked >= 30, "{backend}: walked {walked} calls");
        assert_eq!(db.partnership_seq("gent-kanazawa").await.unwrap(), before, "{backend}: nothing of it changed");
        // The draft stays readable to its own partnership's token.
        let (status, _, own) = call(
            &db,
            "GET",
            &format!("/api/v1/partnerships/gent-kanazawa/events/{}", draft.id.get()),
            Some(&ghent),
            &Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {own}");
        db.close().await.ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_made_up_host_is_refused_and_every_answer_carries_the_security_headers() {
    use axum::http::header;
    let (db, dir) = super::demo_db().await;
    let outbox = dir.join("outbox");
    // Without a public address: only this machine's names.
    let local = state(&db, &outbox);
    let (status, _, body) =
        super::send(local.clone(), "GET", "/nl/gent-kanazawa/", "", &[(header::HOST, "evil.example")]).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(!body.contains("evil.example"));
    let (status, headers, _) =
        super::send(local.clone(), "GET", "/nl/gent-kanazawa/", "", &[(header::HOST, "127.0.0.1:8080")]).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "strict-origin-when-cross-origin");
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "plain http: no HSTS");

    // With one: its host, and links only to it; HSTS because it is https.
    let public = state(&db, &outbox).with_public_url(Some("https://partners.gent.be".into()));
    for evil in ["evil.example", "partners.gent.be.evil.example", "evil.example:443"] {
        let (status, _, _) =
            super::send(public.clone(), "GET", "/nl/gent-kanazawa/news", "", &[(header::HOST, evil)]).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{evil}");
    }
    let (status, headers, body) =
        super::send(public.clone(), "GET", "/nl/gent-kanazawa/", "", &[(header::HOST, "Partners.Gent.be")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::STRICT_TRANSPORT_SECURITY].to_str().unwrap().starts_with("max-age="));
    assert!(!body.contains("http://localhost"), "absolute links come from the public address");
    // A health check on the machine itself still answers.
    let (status, _, _) = super::send(public, "GET", "/healthz", "", &[(header::HOST, "localhost:8080")]).await;
    assert_eq!(status, StatusCode::OK);
    // No page of ours carries inline script or style the policy would block.
    for uri in ["/nl/gent-kanazawa/", "/ja/gent-kanazawa/activities", "/en/gent-kanazawa/news", "/manage/login"] {
        let (_, _, body) = super::send(local.clone(), "GET", uri, "", &[]).await;
        assert!(!body.contains(" style=\""), "{uri}: an inline style");
        let inline_script = body.match_indices("<script").any(|(i, _)| {
            let tag = &body[i..body[i..].find('>').map_or(body.len(), |e| i + e)];
            !tag.contains("src=") && !tag.contains("application/ld+json")
        });
        assert!(!inline_script, "{uri}: an inline script");
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn personal_data_downloads_are_not_cached_and_formulas_arrive_as_text() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let page = super::network_event(&db).await;
        let event = page.rsplit('/').next().unwrap().to_owned();
        // Someone registers from the public form with a formula as their name.
        let form = "name=%3DHYPERLINK(%22https%3A%2F%2Fevil.example%22)&email=formula%40example.org&consent=yes";
        let (status, _, body) = super::send(st.clone(), "POST", &page, form, &[]).await;
        assert!(status.is_success() || status.is_redirection(), "{backend}: {status} {body}");
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let csv = ghent.send("GET", &format!("/manage/gent-kanazawa/events/{event}/registrations.csv"), "", &[]).await;
        assert_eq!(csv.status, StatusCode::OK, "{backend}");
        assert!(csv.body.contains("'=HYPERLINK"), "{backend}: {}", csv.body);
        let export = ghent.get("/manage/gent-kanazawa/export.json").await;
        assert_eq!(export.status, StatusCode::OK, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_wrong_passwords_at_once_are_counted_before_any_is_checked() {
    use zusterstad_core::store::SessionStore;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        // Signed in before the burst (the burst's address is then locked out for a while).
        let mut kanazawa = Browser::new(&st);
        assert_eq!(kanazawa.login("kanazawa").await.status, StatusCode::SEE_OTHER, "{backend}");
        let tries = 60;
        let mut all = Vec::new();
        for n in 0..tries {
            let st = st.clone();
            all.push(tokio::spawn(async move {
                let mut b = Browser::new(&st);
                let guess = format!("guess-number-{n}");
                b.post("/manage/login", &[("email", "ghent@example.org"), ("password", &guess)]).await.status
            }));
        }
        let mut checked = 0;
        for t in all {
            let status = t.await.unwrap();
            assert!(matches!(status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS), "{backend}: {status}");
            checked += usize::from(status == StatusCode::UNAUTHORIZED);
        }
        let free = zusterstad_core::login::ACCOUNT.free as usize;
        assert!(checked <= free + 1, "{backend}: {checked} of {tries} passwords were checked");
        let stored = db.login_failures("account:ghent@example.org|address:unknown").await.unwrap();
        assert_eq!(stored.count as usize, tries, "{backend}: every attempt counted");

        // The current password on the account page is throttled the same way.
        let mut last = StatusCode::OK;
        for n in 0..12 {
            let wrong = format!("not-it-{n}");
            let form = [("action", "password"), ("current", wrong.as_str()), ("new", "x"), ("repeat", "x")];
            last = kanazawa.post("/manage/account", &form).await.status;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_planted_signed_in_session_does_not_become_the_admins() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        // The attacker signs in as themselves (an ambassador) and plants that cookie.
        let mut attacker = Browser::new(&st);
        attacker.login("ambassador").await;
        let planted = attacker.cookie.clone().unwrap();
        let mut admins_browser = Browser::new(&st);
        admins_browser.cookie = Some(planted.clone());
        let a = admins_browser.login("admin").await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}");
        assert_ne!(admins_browser.cookie.as_deref(), Some(planted.as_str()), "{backend}: a new session id at login");
        // The attacker's copy opens nothing of the admin's.
        let a = attacker.get("/manage/users").await;
        assert!(
            a.location.starts_with("/manage/login") || a.status == StatusCode::FORBIDDEN,
            "{backend}: {}",
            a.status
        );
        assert_eq!(admins_browser.get("/manage/users").await.status, StatusCode::OK, "{backend}");

        // The database holds no session id a copy of it could use: only its hash.
        use zusterstad_core::store::SessionStore;
        let id = admins_browser.cookie.clone().unwrap().split_once('=').unwrap().1.to_owned();
        assert!(db.load_session(&id, today()).await.unwrap().is_none(), "{backend}: not kept as is");
        let hashed = zusterstad_core::tokens::hash_bytes(id.as_bytes());
        assert!(db.load_session(&hashed, today()).await.unwrap().is_some(), "{backend}: kept by its hash");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

fn hours_later<const H: i64>() -> chrono::DateTime<chrono::Utc> {
    today() + chrono::Duration::hours(H)
}

#[tokio::test]
async fn a_busy_session_still_ends_a_day_after_its_login() {
    use std::sync::Arc;
    let (db, dir) = super::demo_db().await;
    users(&db).await;
    let at = |clock: fn() -> chrono::DateTime<chrono::Utc>| {
        let mailer =
            Arc::new(zusterstad_store::mail::Outbox::new(&dir.join("outbox"), "Zusterstad <noreply@gent.be>").unwrap());
        zusterstad_web::AppState::new(db.clone(), clock, zusterstad_web::Tiles::default(), mailer, super::pinned_random)
    };
    let mut ghent = Browser::new(&at(today));
    ghent.login("ghent").await;
    let cookie = ghent.cookie.clone();
    // Active every seven hours: the inactivity limit (eight) is never reached.
    for clock in [hours_later::<7> as fn() -> _, hours_later::<14>, hours_later::<21>] {
        let mut b = Browser::new(&at(clock));
        b.cookie = cookie.clone();
        assert_eq!(b.get("/manage/gent-kanazawa").await.status, StatusCode::OK);
    }
    let mut b = Browser::new(&at(hours_later::<25>));
    b.cookie = cookie;
    let a = b.get("/manage/gent-kanazawa").await;
    assert!(a.location.starts_with("/manage/login"), "{} {}", a.status, a.location);
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// A login from `ip` through the proxy at 10.0.0.2 (which names `ip` in X-Forwarded-For).
async fn login_via_proxy(st: &zusterstad_web::AppState<Db>, who: &str, password: &str, ip: &str) -> StatusCode {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    let body = format!("email={who}%40example.org&password={password}");
    let mut req = Request::builder()
        .method("POST")
        .uri("/manage/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("203.0.113.99, {ip}"))
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 2], 40000))));
    zusterstad_web::app(st.clone()).oneshot(req).await.unwrap().status()
}

#[tokio::test]
async fn behind_a_proxy_one_address_locks_out_neither_others_nor_the_owner() {
    let (db, dir) = super::demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox")).with_trusted_proxies(vec!["10.0.0.2".parse().unwrap()]);
    // An attacker at 198.51.100.7 guesses Ghent's password 31 times.
    let mut last = StatusCode::OK;
    for n in 0..31 {
        last = login_via_proxy(&st, "ghent", &format!("guess-{n}"), "198.51.100.7").await;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "the attacker is stopped");
    // The owner, at the city hall, still logs in; so do colleagues behind the same proxy.
    assert_eq!(login_via_proxy(&st, "ghent", PASSWORD, "192.0.2.10").await, StatusCode::SEE_OTHER);
    assert_eq!(login_via_proxy(&st, "kanazawa", PASSWORD, "192.0.2.11").await, StatusCode::SEE_OTHER);
    // The first entry of X-Forwarded-For (203.0.113.99) is the client's claim: ignored.
    assert_eq!(
        st.client_address(Some("10.0.0.2".parse().unwrap()), &{
            let mut h = axum::http::HeaderMap::new();
            h.insert("x-forwarded-for", "203.0.113.99, 198.51.100.7".parse().unwrap());
            h
        }),
        "198.51.100.7"
    );
    // A peer that is not a trusted proxy can't name another address.
    let mut h = axum::http::HeaderMap::new();
    h.insert("x-forwarded-for", "192.0.2.10".parse().unwrap());
    assert_eq!(st.client_address(Some("198.51.100.7".parse().unwrap()), &h), "198.51.100.7");
    h.clear();
    h.insert(axum::http::header::FORWARDED, "for=\"[2001:db8::7]:4711\";proto=https".parse().unwrap());
    assert_eq!(st.client_address(Some("10.0.0.2".parse().unwrap()), &h), "2001:db8::7");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_newer_password_link_replaces_the_older_ones() {
    use zusterstad_core::store::SessionStore;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let user = db.user_by_email("ghent@example.org").await.unwrap().unwrap();
        let later = today() + chrono::Duration::days(2);
        db.create_link("a".repeat(64).as_str(), user.id, today(), later, None).await.unwrap();
        db.create_link("b".repeat(64).as_str(), user.id, today(), later, None).await.unwrap();
        assert_eq!(db.peek_link(&"a".repeat(64), today()).await.unwrap(), None, "{backend}: the older link is void");
        assert_eq!(db.peek_link(&"b".repeat(64), today()).await.unwrap(), Some(user.id), "{backend}");
        db.close().await.ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn one_address_cannot_fill_an_event_with_registrations() {
    let (db, dir) = super::demo_db().await;
    let outbox = dir.join("outbox");
    let event = super::network_event(&db).await;
    // Each registration its own cancellation token: randomness that moves.
    fn counting() -> [u8; 32] {
        static N: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);
        [N.fetch_add(1, std::sync::atomic::Ordering::SeqCst); 32]
    }
    let mailer =
        std::sync::Arc::new(zusterstad_store::mail::Outbox::new(&outbox, "Zusterstad <noreply@gent.be>").unwrap());
    let st = zusterstad_web::AppState::new(db.clone(), today, zusterstad_web::Tiles::default(), mailer, counting);
    let mut accepted = 0;
    let mut refused = None;
    for n in 0..40 {
        let form = format!("name=Robin+{n}&email=robin{n}%40example.be&consent=yes");
        let (status, _, body) = super::send(st.clone(), "POST", &event, &form, &[]).await;
        match status {
            StatusCode::SEE_OTHER => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => refused = Some(body),
            other => panic!("{n}: {other}: {body}"),
        }
    }
    let free = zusterstad_core::login::REGISTRATIONS.free as usize;
    assert!(accepted <= free + 1, "{accepted} registrations from one address went through");
    let body = refused.expect("the rest are refused");
    assert!(body.contains("Probeer het opnieuw over"), "said in Dutch: {body}");
    assert!(super::outbox_mails(&outbox).len() <= free + 1, "no mail for refused registrations");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// A registration from `ip` through the proxy at 10.0.0.2.
async fn register_via_proxy(
    st: &zusterstad_web::AppState<Db>,
    event: &str,
    n: usize,
    ip: &str,
) -> (StatusCode, String) {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    let body = format!("name=Robin+{n}&email=robin{n}%40example.be&consent=yes");
    let mut req = Request::builder()
        .method("POST")
        .uri(event)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", ip)
        .body(Body::from(body))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 2], 40000))));
    let response = zusterstad_web::app(st.clone()).oneshot(req).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn many_addresses_cannot_fill_an_event_places_count_once_confirmed() {
    let (db, dir) = super::demo_db().await;
    let outbox = dir.join("outbox");
    let event = super::network_event(&db).await;
    fn counting() -> [u8; 32] {
        static N: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst).to_be_bytes();
        std::array::from_fn(|i| n[i % 2])
    }
    let at = |clock: fn() -> chrono::DateTime<chrono::Utc>| {
        let mailer =
            std::sync::Arc::new(zusterstad_store::mail::Outbox::new(&outbox, "Zusterstad <noreply@gent.be>").unwrap());
        zusterstad_web::AppState::new(db.clone(), clock, zusterstad_web::Tiles::default(), mailer, counting)
            .with_trusted_proxies(vec!["10.0.0.2".parse().unwrap()])
    };
    let st = at(today);
    let (_, _, page) = super::get(&db, &event, &[]).await;
    assert!(page.contains("nog 120 plaatsen vrij"), "{page}");
    // A script behind 130 addresses, each under the per-address limit.
    let mut accepted = 0;
    let mut refused = None;
    for n in 0..130 {
        match register_via_proxy(&st, &event, n, &format!("198.51.100.{n}")).await {
            (StatusCode::SEE_OTHER, _) => accepted += 1,
            (StatusCode::TOO_MANY_REQUESTS, body) => refused = Some(body),
            (other, body) => panic!("{n}: {other}: {body}"),
        }
    }
    let free = zusterstad_core::login::event_registrations(Some(120)).free as usize;
    assert!(accepted <= free + 1, "{accepted} registrations for one event in a minute went through");
    let body = refused.expect("the rest are refused");
    assert!(body.contains("Er schrijven zich net heel veel mensen in"), "said in Dutch: {body}");
    assert!(super::outbox_mails(&outbox).len() <= free + 1, "no mail for refused registrations");
    // The places are only held: nobody confirmed, so an hour later they are free again.
    let (_, _, page) = super::send(st.clone(), "GET", &event, "", &[]).await;
    assert!(!page.contains("plaatsen vrij"), "held for now: {page}");
    let later = at(hours_later::<1>);
    zusterstad_web::release_lapsed_registrations(&later, "http://localhost").await.expect("release");
    let (_, _, page) = super::send(later.clone(), "GET", &event, "", &[]).await;
    assert!(page.contains("nog 120 plaatsen vrij"), "{page}");
    // A day later nothing of them is kept.
    let next_day = at(hours_later::<25>);
    zusterstad_web::release_lapsed_registrations(&next_day, "http://localhost").await.expect("forget");
    let id = zusterstad_core::events::EventId::new(event.rsplit('/').next().unwrap().parse().unwrap());
    let kept = zusterstad_core::store::RegistrationStore::registrations(&db, id).await.unwrap();
    assert!(kept.iter().all(|r| !r.item.email.starts_with("robin")), "unconfirmed registrations forgotten");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn control_characters_are_refused_everywhere_text_enters_and_nothing_is_stored() {
    use zusterstad_core::store::RegistrationStore;
    for (backend, db, cleanup) in backends().await {
        let outbox = std::env::temp_dir().join(format!("zt_ctl_{}", super::rand_suffix()));
        let st = super::state(&db, &outbox);
        let event = super::network_event(&db).await;
        let events: Vec<Stored<Event>> = db.list().await.unwrap();
        let network =
            events.iter().find(|e| e.item.title.nl.value.contains("Netwerkevent Gent-Kanazawa 2026")).unwrap().id;
        let before = db.registrations(network).await.unwrap().len();

        // A registration whose address or name holds a NUL byte or an escape: a message
        // in Dutch, nothing stored, no mail.
        for form in
            ["name=Robin&email=robin%00%40example.be&consent=yes", "name=Rob%1Bin&email=robin%40example.be&consent=yes"]
        {
            let (status, _, body) = super::send(st.clone(), "POST", &event, form, &[]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {form}: {body}");
            assert!(body.contains("lang=\"nl\""), "{backend}: the answer is the Dutch page");
        }
        assert_eq!(db.registrations(network).await.unwrap().len(), before, "{backend}: nothing registered");
        assert!(super::outbox_mails(&outbox).is_empty(), "{backend}: no mail");

        // A login with a NUL in the address is a wrong login, not a server error.
        let (status, _, _) =
            super::send(st.clone(), "POST", "/manage/login", "email=ghent%00%40example.org&password=x", &[]).await;
        assert!(status.is_client_error() || status == StatusCode::OK || status.is_redirection(), "{backend}: {status}");

        // An item through the store: the field is named, nothing written.
        let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        let mut item = events.iter().find(|e| e.item.partnership_id == p.id).unwrap().item.clone();
        item.title = Localized::tri("Nacht\u{0}markt", "夜市", "Night market", Lang::Nl);
        let Err(zusterstad_core::Error::Invalid { fields }) =
            db.create(&Change::by_system("test", today()), item).await
        else {
            panic!("{backend}: a NUL byte in a title is refused")
        };
        assert!(fields.iter().any(|f| f.field == "title"), "{backend}: {fields:?}");
        assert_eq!(db.list::<Event>().await.unwrap().len(), events.len(), "{backend}: nothing stored");
        db.close().await.ok();
        cleanup.run().await;
        std::fs::remove_dir_all(outbox).ok();
    }
}
