//! Conflicts, constraints and validation: bad input gets a clear message and
//! changes nothing.

use zusterstad_core::agreements::AgreementStatus;
use zusterstad_core::organisations::Organisation;
use zusterstad_core::partnerships::City;
use zusterstad_core::store::{AgreementStore, AuditStore, RecordStore, UserStore};
use zusterstad_core::users::{Role, RoleGrant};
use zusterstad_core::{Error, Id, Stored};

use crate::fixtures::*;
use crate::support::on_both;

fn fields(result: Result<impl std::fmt::Debug, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Invalid { fields }) => fields.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

on_both! {
    async fn a_stale_edit_is_refused_and_nothing_is_overwritten(db: &Db) {
        let base = base(db).await;
        let org = db.create(&change(), organisation(&base, "HOGENT")).await.expect("org");
        // Ghent and Kanazawa both open version 1; Ghent saves first.
        let ghent = Organisation { short_name: Some("HOGENT".into()), ..org.item.clone() };
        let kanazawa = Organisation { short_name: Some("ホーヘント".into()), ..org.item.clone() };
        db.update(&change(), org.id, 1, ghent.clone()).await.expect("first save");
        let second = db.update(&change(), org.id, 1, kanazawa).await;
        match second {
            Err(Error::Conflict(message)) => assert!(message.contains("version 1") && message.contains("version 2"), "{message}"),
            other => panic!("expected a conflict, got {other:?}"),
        }
        let now: Stored<Organisation> = db.get(org.id).await.expect("get");
        assert_eq!((now.version, now.item), (2, ghent));
        let stale_delete = zusterstad_core::store::RecordStore::<Organisation>::delete(db, &change(), org.id, 1).await;
        assert!(matches!(stale_delete, Err(Error::Conflict(_))));
        assert!(db.get(org.id).await.is_ok(), "a stale delete removes nothing");
    }

    async fn a_reference_to_nothing_is_a_field_error(db: &Db) {
        let base = base(db).await;
        let seq = db.latest_seq().await.expect("seq");
        let lost = Organisation { city_id: Id::new(9999), ..organisation(&base, "Nergens") };
        let problems = fields(db.create(&change(), lost).await);
        assert_eq!(problems, [("city_id".to_owned(), "refers to city 9999, which does not exist".to_owned())]);
        assert_eq!(db.latest_seq().await.expect("seq"), seq, "nothing was written");
        let orgs: Vec<Stored<Organisation>> = db.list().await.expect("list");
        assert!(orgs.is_empty());
    }

    async fn a_duplicate_slug_names_the_field(db: &Db) {
        db.create(&change(), city("gent")).await.expect("first");
        let problems = fields(db.create(&change(), city("gent")).await);
        assert_eq!(problems, [("slug".to_owned(), "is already used by another item".to_owned())]);
        let cities: Vec<Stored<City>> = db.list().await.expect("list");
        assert_eq!(cities.len(), 1);
    }

    async fn an_item_in_use_cannot_be_deleted(db: &Db) {
        let base = base(db).await;
        let result = zusterstad_core::store::RecordStore::<City>::delete(db, &change(), base.a.id, 1).await;
        assert!(matches!(result, Err(Error::Conflict(ref m)) if m.contains("refer")), "{result:?}");
        assert!(zusterstad_core::store::RecordStore::<City>::get(db, base.a.id).await.is_ok());
    }

    async fn an_organisation_an_activity_names_cannot_be_deleted_and_the_refusal_names_it(db: &Db) {
        use zusterstad_core::activities::Activity;
        let base = base(db).await;
        let (hogent, ugent) = (
            db.create(&change(), organisation(&base, "HOGENT")).await.expect("org"),
            db.create(&change(), organisation(&base, "UGent")).await.expect("org"),
        );
        let exchange = db.create(&change(), activity(&base, vec![hogent.id, ugent.id])).await.expect("activity");
        let refused = RecordStore::<Organisation>::delete(db, &change(), hogent.id, hogent.version).await;
        match refused {
            Err(Error::Conflict(message)) => {
                assert!(message.contains(&format!("activity {}", exchange.id)), "names what refers to it: {message}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(RecordStore::<Organisation>::get(db, hogent.id).await.is_ok(), "still there");
        // The activity still saves; once it no longer names HOGENT, HOGENT may go.
        let fewer = Activity { organisation_ids: vec![ugent.id], ..exchange.item.clone() };
        let exchange = db.update(&change(), exchange.id, exchange.version, fewer).await.expect("save");
        RecordStore::<Organisation>::delete(db, &change(), hogent.id, hogent.version).await.expect("delete");
        // Deleting the activity takes its own references along, and frees UGent.
        RecordStore::<Activity>::delete(db, &change(), exchange.id, exchange.version).await.expect("delete activity");
        RecordStore::<Organisation>::delete(db, &change(), ugent.id, ugent.version).await.expect("delete ugent");
    }

    async fn invalid_input_lists_every_field_and_changes_nothing(db: &Db) {
        let bad = City {
            slug: "Gent Centrum".into(),
            country: "Belgium".into(),
            time_zone: "Europe/Gent".into(),
            latitude: 95.0,
            ..city("gent")
        };
        let problems: Vec<String> = fields(db.create(&change(), bad).await).into_iter().map(|(f, _)| f).collect();
        assert_eq!(problems, ["slug", "country", "time_zone", "latitude"]);
        assert_eq!(db.latest_seq().await.expect("seq"), 0);
    }

    async fn agreement_status_follows_the_dates(db: &Db) {
        let base = base(db).await;
        let older = db.create(&change(), agreement(&base, day(2011, 5, 1), Some(day(2021, 9, 30)))).await.expect("older");
        let old_open = db.create(&change(), agreement(&base, day(1971, 1, 1), None)).await.expect("declaration");
        let mou = db
            .create(&change(), zusterstad_core::agreements::Agreement { renews_id: Some(old_open.id), ..agreement(&base, day(2021, 10, 1), Some(day(2026, 12, 31))) })
            .await
            .expect("mou");
        let statuses = db.agreements_with_status(base.p.id, day(2026, 11, 28)).await.expect("statuses");
        let by_id = |id| statuses.iter().find(|(a, _)| a.id == id).map(|(_, s)| *s);
        assert_eq!(by_id(mou.id), Some(AgreementStatus::Expiring { days_left: 33 }));
        assert_eq!(by_id(older.id), Some(AgreementStatus::Expired));
        assert_eq!(by_id(old_open.id), Some(AgreementStatus::Superseded));
        assert_eq!(statuses[0].0.id, mou.id, "the newest comes first");
    }

    async fn a_user_and_their_roles_are_created_together_or_not_at_all(db: &Db) {
        let base = base(db).await;
        let broken = RoleGrant { role: Role::Editor, ..coordinator(&base) };
        let problems = fields(db.create_user_with_roles(&change(), user("kenji@example.jp"), vec![coordinator(&base), broken]).await);
        assert_eq!(problems[0].0, "roles.1.organisation_id");
        assert!(db.user_by_email("kenji@example.jp").await.expect("lookup").is_none(), "no half-created user");
        let made = db.create_user_with_roles(&change(), user("kenji@example.jp"), vec![coordinator(&base)]).await.expect("create");
        let found = db.user_by_email("  Kenji@Example.JP ").await.expect("lookup").expect("found");
        assert_eq!(found.id, made.id);
        let grants: Vec<Stored<RoleGrant>> = db.list().await.expect("grants");
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].item.user_id, made.id);
        let again = fields(db.create_user_with_roles(&change(), user("kenji@example.jp"), vec![]).await);
        assert_eq!(again[0].0, "email");
    }
}
