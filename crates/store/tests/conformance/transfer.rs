//! Export and import: whole, exact, across backends, and all or nothing.

use zusterstad_core::partnerships::City;
use zusterstad_core::store::{AuditStore, RecordStore, UserStore};
use zusterstad_core::{Error, Stored};
use zusterstad_store::{Db, demo, transfer};

use crate::fixtures::*;
use crate::support::{self, on_both};

/// A realistic instance: the demo plus an account with a role.
async fn fill(db: &Db) {
    demo::load(db, &change(), demo::GENT_KANAZAWA).await.expect("demo");
    let base_city: Vec<Stored<City>> = db.list().await.expect("cities");
    let p = zusterstad_core::store::PartnershipStore::partnership_by_slug(db, "gent-kanazawa").await.expect("p");
    let grant = zusterstad_core::users::RoleGrant {
        user_id: zusterstad_core::Id::new(0),
        role: zusterstad_core::users::Role::Coordinator,
        partnership_id: Some(p.id),
        side_city_id: Some(base_city[0].id),
        organisation_id: None,
        person_id: None,
    };
    db.create_user_with_roles(&change(), user("coordinator@example.be"), vec![grant]).await.expect("user");
}

fn refusal(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Invalid { fields }) => fields[0].message.clone(),
        Err(Error::Conflict(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

on_both! {
    async fn an_export_imports_to_the_same_bytes(db: &Db) {
        fill(db).await;
        let first = transfer::export(db).await.expect("export");
        let copy = crate::support::sqlite().await;
        transfer::import(&copy.db, &first).await.expect("import");
        let second = transfer::export(&copy.db).await.expect("export again");
        assert!(first == second, "export → import → export changed the bytes");
        // New items continue after the imported ids.
        let next = copy.db.create(&change(), city("brugge")).await.expect("create after import");
        let cities: Vec<Stored<City>> = copy.db.list().await.expect("list");
        assert!(cities.iter().all(|c| c.id <= next.id));
        copy.finish().await;
    }

    async fn ids_are_never_reused_after_an_import(db: &Db) {
        fill(db).await;
        // The newest city and event are deleted before the export: their ids are taken.
        let gone_city = db.create(&change(), city("brugge")).await.expect("city");
        RecordStore::<City>::delete(db, &change(), gone_city.id, gone_city.version).await.expect("delete city");
        let events: Vec<Stored<zusterstad_core::events::Event>> = db.list().await.expect("events");
        let gone_event = db.create(&change(), events[0].item.clone()).await.expect("event");
        RecordStore::<zusterstad_core::events::Event>::delete(db, &change(), gone_event.id, gone_event.version)
            .await
            .expect("delete event");
        let bytes = transfer::export(db).await.expect("export");
        for copy in [Some(crate::support::sqlite().await), crate::support::postgres().await].into_iter().flatten() {
            transfer::import(&copy.db, &bytes).await.expect("import");
            let city = copy.db.create(&change(), city("oostende")).await.expect("city after import");
            assert!(city.id > gone_city.id, "a deleted city's id {} was given again: {}", gone_city.id, city.id);
            let event = copy.db.create(&change(), events[0].item.clone()).await.expect("event after import");
            assert!(event.id > gone_event.id, "a deleted event's id {} was given again: {}", gone_event.id, event.id);
            copy.finish().await;
        }
    }

    async fn one_partnership_exports_without_accounts_and_imports_alone(db: &Db) {
        fill(db).await;
        // A second partnership whose items must stay out of the first one's file.
        let (brugge, toyama) = (
            db.create(&change(), city("brugge")).await.expect("city"),
            db.create(&change(), city("toyama")).await.expect("city"),
        );
        let other = db.create(&change(), partnership(brugge.id, toyama.id, "brugge-toyama")).await.expect("p");
        let other_base = Base { a: brugge, b: toyama, p: other };
        db.create(&change(), organisation(&other_base, "Concertgebouw Brugge")).await.expect("org");
        let p = zusterstad_core::store::PartnershipStore::partnership_by_slug(db, "gent-kanazawa").await.expect("p");

        let bytes = transfer::export_partnership(db, &change(), p.id).await.expect("export");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(text.contains("金沢") && !text.contains("Concertgebouw Brugge") && !text.contains("brugge-toyama"));
        assert!(!text.contains("coordinator@example.be") && !text.contains("$argon2id$"), "no accounts");
        let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        let table = |name: &str| doc["tables"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["rows"].as_array().unwrap().clone();
        assert_eq!(table("city").len(), 2);
        assert!(!table("approval").is_empty() && table("approval").iter().all(|a| a["user_id"].is_null()));
        assert!(!table("file").is_empty(), "the documents' files come along");
        let log = db.history(zusterstad_core::Kind::Partnership, p.id.get()).await.expect("history");
        assert_eq!(log.last().map(|e| e.action), Some(zusterstad_core::audit::Action::Export), "the download is logged");

        // It imports into an empty instance, where the portal reads the same.
        let copy = crate::support::sqlite().await;
        transfer::import(&copy.db, &bytes).await.expect("import");
        let today = at(2026, 11, 28);
        let here = zusterstad_core::portal::load(db, "gent-kanazawa", today).await.expect("portal");
        let there = zusterstad_core::portal::load(&copy.db, "gent-kanazawa", today).await.expect("portal");
        assert_eq!(here.events.len(), there.events.len());
        assert_eq!(here.agreements.len(), there.agreements.len(), "joint agreements stay approved");
        let everything = Default::default();
        assert_eq!(
            here.activities(db, &everything, 1, 1).await.expect("here").total,
            there.activities(&copy.db, &everything, 1, 1).await.expect("there").total
        );
        assert_eq!(here.documents.len(), there.documents.len());
        copy.finish().await;
    }

    async fn a_bad_file_is_refused_with_its_position_and_imports_nothing(db: &Db) {
        let message = refusal(transfer::import(db, b"{\n  \"format\": \"zusterstad-export\",\n  \"version\": 1,\n  \"tables\": [ oops").await);
        assert!(message.contains("line 4, column"), "{message}");
        let message = refusal(transfer::import(db, br#"{"format":"zusterstad-export","version":7,"tables":[]}"#).await);
        assert!(message.contains("version 7"), "{message}");
        let message = refusal(transfer::import(db, br#"{"format":"spreadsheet","version":1,"tables":[]}"#).await);
        assert!(message.contains("spreadsheet"), "{message}");
        let message = refusal(transfer::import(db, br#"{"format":"zusterstad-export","version":1,"tables":[{"name":"cake","rows":[]}]}"#).await);
        assert!(message.contains("cake"), "{message}");

        // A good row, then a bad one: nothing at all is imported.
        let source = crate::support::sqlite().await;
        source.db.create(&change(), city("gent")).await.expect("city");
        source.db.create(&change(), city("kanazawa")).await.expect("city");
        let good = String::from_utf8(transfer::export(&source.db).await.expect("export")).expect("utf8");
        source.finish().await;
        let broken = good.replacen("Asia/Tokyo", "Asia/Gent", 2).replacen("Asia/Gent", "Asia/Tokyo", 1);
        let message = refusal(transfer::import(db, broken.as_bytes()).await);
        assert!(message.contains("table city, row 2") && message.contains("time_zone"), "{message}");
        let cities: Vec<Stored<City>> = db.list().await.expect("list");
        assert!(cities.is_empty(), "nothing half-imported");
        assert_eq!(db.latest_seq().await.expect("seq"), 0);

        // A file whose bytes are not the ones its SHA-256 names is refused.
        let source = crate::support::sqlite().await;
        source.db.create(&change(), crate::fixtures::file(b"%PDF-1.4 echt verslag")).await.expect("file");
        let with_file = String::from_utf8(transfer::export(&source.db).await.expect("export")).expect("utf8");
        source.finish().await;
        assert!(with_file.contains("\"JVBER"), "the file's bytes are in the export");
        let swapped = with_file.replacen("\"JVBER", "\"KVBER", 1);
        let message = refusal(transfer::import(db, swapped.as_bytes()).await);
        assert!(message.contains("table file, row 1") && message.contains("sha256"), "{message}");

        // A row naming an item the file does not have says so (not the opposite).
        let source = crate::support::sqlite().await;
        fill(&source.db).await;
        let full: serde_json::Value = serde_json::from_slice(&transfer::export(&source.db).await.expect("export")).expect("json");
        source.finish().await;
        let mut without = full.clone();
        for t in without["tables"].as_array_mut().expect("tables") {
            if t["name"] == "organisation" {
                t["rows"] = serde_json::json!([]);
            }
        }
        let message = refusal(transfer::import(db, without.to_string().as_bytes()).await);
        assert!(message.contains("refers to an item that is not in the file"), "{message}");
        assert!(!message.contains("still refer"), "{message}");

        transfer::import(db, good.as_bytes()).await.expect("the good file imports");
        let message = refusal(transfer::import(db, good.as_bytes()).await);
        assert!(message.contains("not empty"), "{message}");
    }
}

/// SQLite → PostgreSQL → SQLite gives the same bytes at every step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_crosses_backends_unchanged() {
    let Some(pg) = support::postgres().await else { return };
    let sqlite = support::sqlite().await;
    fill(&sqlite.db).await;
    let from_sqlite = transfer::export(&sqlite.db).await.expect("export sqlite");
    transfer::import(&pg.db, &from_sqlite).await.expect("import into postgres");
    let from_postgres = transfer::export(&pg.db).await.expect("export postgres");
    assert!(from_sqlite == from_postgres, "SQLite → PostgreSQL changed the export");
    let back = support::sqlite().await;
    transfer::import(&back.db, &from_postgres).await.expect("import back into sqlite");
    assert!(transfer::export(&back.db).await.expect("export") == from_sqlite, "PostgreSQL → SQLite changed the export");
    // And PostgreSQL's sequences moved past the imported ids.
    pg.db.create(&change(), city("brugge")).await.expect("create on postgres after import");
    for t in [sqlite, back, pg] {
        t.finish().await;
    }
}
