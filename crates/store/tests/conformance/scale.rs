//! Many partnerships in one instance: every read is scoped to one partnership, paged
//! and counted by the database, and a change moves only the change counter of the
//! partnerships it belongs to, in commit order.

use std::time::Duration;

use zusterstad_core::activities::Activity;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::portal;
use zusterstad_core::query::{Cond, ListQuery, Value};
use zusterstad_core::registrations::EventRegistration;
use zusterstad_core::store::{AuditStore, RecordStore, RegistrationStore};
use zusterstad_core::{Id, Lang, Publication, Stored};
use zusterstad_store::Db;

use crate::fixtures::*;
use crate::support::on_both;

/// Partnerships generated for the scale tests: enough that a whole-table read or a
/// leak between partnerships would show, small enough for CI on both backends.
const PARTNERSHIPS: usize = 240;

/// `PARTNERSHIPS` partnerships over a pool of 30 cities; partnership `i` has `i % 9`
/// published activities (one a year from 2000) and one draft. Written in one
/// transaction. Returns them in order.
async fn generate(db: &Db) -> Vec<Stored<Partnership>> {
    let tx = db.begin().await.expect("begin");
    let mut cities: Vec<Stored<City>> = Vec::new();
    for c in 0..30 {
        cities.push(tx.create(&change(), city(&format!("city-{c}"))).await.expect("city"));
    }
    let mut out = Vec::new();
    for i in 0..PARTNERSHIPS {
        let (a, b) = (&cities[i % 30], &cities[(i / 30 + i + 1) % 30]);
        let b = if a.id == b.id { &cities[(i + 2) % 30] } else { b };
        let p: Stored<Partnership> =
            tx.create(&change(), partnership(a.id, b.id, &format!("p-{i}"))).await.expect("partnership");
        let base = Base { a: a.clone(), b: b.clone(), p: p.clone() };
        for n in 0..=(i % 9) {
            let mut activity = activity(&base, Vec::new());
            activity.starts_on = day(2000 + n as i32, 3, 1);
            activity.ends_on = None;
            if n == i % 9 {
                activity.publication = Publication::Draft;
            }
            tx.create(&change(), activity).await.expect("activity");
        }
        out.push(p);
    }
    tx.commit().await.expect("commit");
    out
}

on_both! {
    async fn every_partnership_reads_only_its_own_rows_page_by_page(db: &Db) {
        let all = generate(db).await;
        for (i, p) in all.iter().enumerate().filter(|(i, _)| i % 37 == 5 || *i == PARTNERSHIPS - 1) {
            let published = (i % 9) as u64;
            let mine = || ListQuery::of(p.id).publication(&[Publication::Published]).desc("starts_on");
            let first = RecordStore::<Activity>::query(db, &mine().page(1, 3)).await.expect("page 1");
            assert_eq!(first.total, published, "partnership {i} counts its own published activities");
            let mut seen = Vec::new();
            for n in 1..=published.div_ceil(3).max(1) {
                let page = RecordStore::<Activity>::query(db, &mine().page(n, 3)).await.expect("page");
                assert!(page.items.len() <= 3);
                assert!(page.items.iter().all(|a| a.item.partnership_id == p.id), "no other partnership's rows");
                seen.extend(page.items);
            }
            assert_eq!(seen.len() as u64, published, "the pages hold every row once");
            assert!(seen.windows(2).all(|w| w[0].item.starts_on > w[1].item.starts_on), "newest first across pages");
            let past = RecordStore::<Activity>::query(db, &mine().page(published / 3 + 2, 3)).await.expect("past");
            assert!(past.items.is_empty() && past.total == published, "a page past the end is empty, not an error");

            let view = portal::load(db, &p.item.slug, at(2026, 12, 2)).await.expect("portal");
            let shown = view.all_activities(db, &Default::default()).await.expect("activities");
            assert_eq!(shown.len() as u64, published, "the portal of {i} shows its own published activities");
            assert!(shown.iter().all(|a| a.item.partnership_id == p.id));
        }
        let in_2003 = ListQuery::all()
            .with(Cond::Ge("starts_on", day(2003, 1, 1).into()))
            .with(Cond::Lt("starts_on", day(2004, 1, 1).into()))
            .with(Cond::In("partnership_id", all[..20].iter().map(|p| Value::Int(p.id.get())).collect()));
        let found = RecordStore::<Activity>::query(db, &in_2003).await.expect("year filter");
        // Partnerships 0..20 with at least four activities (n = 3 exists when i % 9 >= 3).
        let expected = (0..20).filter(|i| i % 9 >= 3).count() as u64;
        assert_eq!(found.total, expected);
        assert!(found.items.iter().all(|a| a.item.starts_on.format("%Y").to_string() == "2003"));
    }

    async fn a_change_moves_only_the_counters_of_its_partnerships(db: &Db) {
        let base = base(db).await;
        let other_city = db.create(&change(), city("buffalo")).await.expect("city");
        // A second partnership shares Kanazawa (city b) with the first.
        let second =
            db.create(&change(), partnership(other_city.id, base.b.id, "buffalo-kanazawa")).await.expect("second");
        let seqs = || async {
            let one_by_one = (
                db.partnership_seq("gent-kanazawa").await.expect("seq").expect("exists"),
                db.partnership_seq("buffalo-kanazawa").await.expect("seq").expect("exists"),
            );
            // All of them in one query say the same.
            let all = db.partnership_seqs().await.expect("seqs");
            assert_eq!(
                all,
                vec![("buffalo-kanazawa".to_owned(), one_by_one.1), ("gent-kanazawa".to_owned(), one_by_one.0)]
            );
            (one_by_one.0, one_by_one.1, db.instance_seq().await.expect("instance"))
        };
        assert_eq!(db.partnership_seq("no-such-partnership").await.expect("seq"), None);
        let (g0, b0, i0) = seqs().await;

        let a = db.create(&change(), activity(&base, Vec::new())).await.expect("activity");
        let (g1, b1, i1) = seqs().await;
        assert_eq!((g1, b1, i1), (g0 + 1, b0, i0), "an activity moves only its own partnership");

        db.update(&change(), a.id, a.version, Activity { publication: Publication::Draft, ..a.item.clone() })
            .await
            .expect("update");
        RecordStore::<Activity>::delete(db, &change(), a.id, a.version + 1).await.expect("delete");
        let (g2, b2, _) = seqs().await;
        assert_eq!((g2, b2), (g1 + 2, b0), "updates and deletes too");

        let gent: Stored<City> = db.get(base.a.id).await.expect("gent");
        db.update(&change(), gent.id, gent.version, City { population: Some(265_000), ..gent.item.clone() })
            .await
            .expect("gent");
        let (g3, b3, i3) = seqs().await;
        assert_eq!((g3, b3), (g2 + 1, b0), "a city moves the partnerships it is in");
        assert_eq!(i3, i1 + 1, "and the instance's list of partnerships");

        let kanazawa: Stored<City> = db.get(base.b.id).await.expect("kanazawa");
        db.update(&change(), kanazawa.id, kanazawa.version, City { founded_year: Some(1584), ..kanazawa.item.clone() })
            .await
            .expect("kanazawa");
        let (g4, b4, _) = seqs().await;
        assert_eq!((g4, b4), (g3 + 1, b0 + 1), "a shared city moves both partnerships");

        let e = db.create(&change(), event(&base)).await.expect("event");
        let (g5, ..) = seqs().await;
        let _r: Stored<EventRegistration> = db
            .register(&change(), e.id, "Jan Peeters", "jan@example.be", &"a".repeat(64), Lang::Nl, None)
            .await
            .expect("register");
        let (g6, b6, _) = seqs().await;
        assert_eq!((g6, b6), (g5 + 1, b4), "a registration moves its event's partnership");
        assert!(second.id != base.p.id);
    }

    async fn a_reader_never_sees_a_later_change_before_an_earlier_one(db: &Db) {
        let base = base(db).await;
        let before = db.partnership_seq("gent-kanazawa").await.expect("seq").expect("exists");
        // A slow writer: its change is made but not yet committed.
        let slow = db.begin().await.expect("begin");
        slow.create(&change(), activity(&base, Vec::new())).await.expect("slow write");
        // A second writer to the same partnership waits for the first to commit.
        let fast_db = db.clone();
        let fast_base = Base { a: base.a.clone(), b: base.b.clone(), p: base.p.clone() };
        let fast = tokio::spawn(async move { fast_db.create(&change(), activity(&fast_base, Vec::new())).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!fast.is_finished(), "the second writer waits for the first");
        assert_eq!(
            db.partnership_seq("gent-kanazawa").await.expect("seq"),
            Some(before),
            "nothing uncommitted is visible"
        );
        slow.commit().await.expect("commit");
        fast.await.expect("task").expect("fast write");
        assert_eq!(db.partnership_seq("gent-kanazawa").await.expect("seq"), Some(before + 2));
        let activities = RecordStore::<Activity>::query(db, &ListQuery::of(base.p.id)).await.expect("query");
        assert_eq!(activities.total, 2, "a reader that sees the counter sees both changes");
        let id: Id<Activity> = activities.items[0].id;
        assert!(id.get() > 0);
    }
}

on_both! {
    async fn search_follows_the_changes_partnership_by_partnership_and_survives_a_restart(db: &Db) {
        use zusterstad_core::news::NewsPost;
        use zusterstad_core::store::SearchStore;
        let all = generate(db).await;
        let now = at(2026, 12, 2);
        let dir = std::env::temp_dir().join(format!("zt-search-{}-{}", std::process::id(), rand_part()));
        let first = db.clone().with_search_dir(dir.clone());
        assert_eq!(first.refresh_search(now).await.expect("build").partnerships, PARTNERSHIPS, "every published partnership");
        assert_eq!(first.refresh_search(now).await.expect("again").partnerships, 0, "nothing changed, nothing indexed");

        // One partnership changes: only it is indexed again, and a one-character
        // Japanese query finds the change.
        let (seven, three) = (&all[7], &all[3]);
        let mine = RecordStore::<Activity>::query(db, &ListQuery::of(seven.id).limit(1)).await.expect("activity").items;
        let a = &mine[0];
        let mut changed = a.item.clone();
        changed.title = zusterstad_core::Localized::tri("De draak", "鐘楼の竜のポスト", "The dragon", Lang::Ja);
        changed.publication = Publication::Published;
        db.update(&change(), a.id, a.version, changed).await.expect("update");
        assert_eq!(first.refresh_search(now).await.expect("refresh").partnerships, 1, "only the partnership that changed");
        let hits = first.search(None, "竜", Lang::Ja, None, now).await.expect("search");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].partnership, seven.item.slug);
        assert!(hits[0].excerpt_html.contains("<mark>竜</mark>") || hits[0].title.contains('竜'), "{hits:?}");
        let elsewhere = first.search(Some(&three.item.slug), "竜", Lang::Ja, None, now).await.expect("search");
        assert!(elsewhere.is_empty(), "another partnership's search finds nothing of it");
        let pair = first.search(None, "鐘楼", Lang::Ja, None, now).await.expect("search");
        assert_eq!(pair.len(), 1);
        drop(first);

        // After a restart the index is read from the folder: nothing is rebuilt.
        let second = db.clone().with_search_dir(dir.clone());
        assert_eq!(second.refresh_search(now).await.expect("refresh").partnerships, 0, "a restart rebuilds nothing");
        assert_eq!(second.search(None, "draak", Lang::Nl, None, now).await.expect("search").len(), 1);
        assert_eq!(second.search_index_lag().await.expect("lag"), 0);

        // A post scheduled for later is found once its time has come.
        let base = Base {
            a: db.get(three.item.city_a_id).await.expect("a"),
            b: db.get(three.item.city_b_id).await.expect("b"),
            p: three.clone(),
        };
        let later = NewsPost {
            title: zusterstad_core::Localized::tri("Lantaarnfeest", "灯籠祭り", "Lantern festival", Lang::Nl),
            published_at: now + chrono::Duration::hours(1),
            ..news(&base, "lantaarnfeest")
        };
        db.create(&change(), later).await.expect("news");
        assert!(second.search(None, "lantaarnfeest", Lang::Nl, None, now).await.expect("search").is_empty());
        let after = now + chrono::Duration::hours(2);
        assert_eq!(second.search(None, "lantaarnfeest", Lang::Nl, None, after).await.expect("search").len(), 1);

        // A partnership taken offline leaves the index.
        let current: Stored<Partnership> = db.get(seven.id).await.expect("p");
        db.update(&change(), seven.id, current.version, Partnership { publication: Publication::Draft, ..current.item.clone() })
            .await
            .expect("unpublish");
        assert!(second.search(None, "竜", Lang::Ja, None, after).await.expect("search").is_empty());
        let gone = second.search(Some(&seven.item.slug), "竜", Lang::Ja, None, after).await;
        assert!(matches!(gone, Err(zusterstad_core::Error::NotFound { .. })), "{gone:?}");
        drop(second);
        std::fs::remove_dir_all(&dir).ok();
    }
}

on_both! {
    async fn search_indexes_again_only_the_items_that_changed(db: &Db) {
        use zusterstad_core::approvals::Approval;
        use zusterstad_core::events::Event;
        use zusterstad_core::store::SearchStore;
        use zusterstad_store::search::Refreshed;
        const ACTIVITIES: usize = 150;
        let base = base(db).await;
        let tx = db.begin().await.expect("begin");
        let mut activities = Vec::new();
        for n in 0..ACTIVITIES {
            let mut a = activity(&base, Vec::new());
            a.title = zusterstad_core::Localized::tri(&format!("Uitwisseling {n}"), "交流", "Exchange", Lang::Nl);
            activities.push(tx.create(&change(), a).await.expect("activity"));
        }
        tx.commit().await.expect("commit");
        let now = at(2026, 12, 2);
        let dir = std::env::temp_dir().join(format!("zt-items-{}-{}", std::process::id(), rand_part()));
        let (index, behind) = (db.clone(), db.clone().with_search_dir(dir.clone()));
        let built = index.refresh_search(now).await.expect("build");
        assert_eq!(built.partnerships, 1);
        assert!(built.documents > ACTIVITIES, "{built:?}");
        assert_eq!(behind.refresh_search(now).await.expect("build"), built);
        let found = |q: &'static str| {
            let index = index.clone();
            async move { index.search(None, q, Lang::Nl, None, now).await.expect("search") }
        };

        // One activity edited: its document alone is written again, the old text is gone.
        let a = &activities[5];
        let mut edited = a.item.clone();
        edited.title.nl.value = "Lampionnenstoet".into();
        let a = db.update(&change(), a.id, a.version, edited.clone()).await.expect("edit");
        assert_eq!(index.refresh_search(now).await.expect("refresh"), Refreshed { partnerships: 1, documents: 1 });
        assert_eq!(found("lampionnenstoet").await.len(), 1);
        edited.title.nl.value = "Theeceremonie".into();
        let a = db.update(&change(), a.id, a.version, edited.clone()).await.expect("edit");
        assert_eq!(index.refresh_search(now).await.expect("refresh").documents, 1);
        assert!(found("lampionnenstoet").await.is_empty(), "the old text left the index");
        let hits = found("theeceremonie").await;
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path, format!("activities/{}", a.id));

        // Taken back to draft, or deleted: written nowhere, found nowhere.
        edited.publication = Publication::Draft;
        db.update(&change(), a.id, a.version, edited).await.expect("draft");
        assert_eq!(index.refresh_search(now).await.expect("refresh"), Refreshed { partnerships: 1, documents: 0 });
        assert!(found("theeceremonie").await.is_empty(), "a draft is not searchable");
        let doomed = &activities[9];
        RecordStore::<Activity>::delete(db, &change(), doomed.id, doomed.version).await.expect("delete");
        index.refresh_search(now).await.expect("refresh");
        assert!(found("uitwisseling 9").await.is_empty(), "a deleted activity is not found");
        assert_eq!(found("uitwisseling 7").await.len(), 1, "an untouched one is, once");

        // A registration is not searchable: nothing to write.
        let e = db.create(&change(), event(&base)).await.expect("event");
        assert_eq!(index.refresh_search(now).await.expect("refresh").documents, 1, "the new event");
        let _r: Stored<EventRegistration> = db
            .register(&change(), e.id, "Jan Peeters", "jan@example.be", &"b".repeat(64), Lang::Nl, None)
            .await
            .expect("register");
        assert_eq!(index.refresh_search(now).await.expect("refresh"), Refreshed { partnerships: 1, documents: 0 });

        // An organisation: the read model's few documents, not the activities.
        let mut org = organisation(&base, "Kunstacademie");
        org.name.nl.value = "Kunstacademie".into();
        db.create(&change(), org).await.expect("organisation");
        let model = index.refresh_search(now).await.expect("refresh").documents;
        assert!((1..10).contains(&model), "{model} documents");
        assert_eq!(found("kunstacademie").await.len(), 1);

        // A joint event is found once both cities approved it; the approvals name it.
        let joint = Event {
            title: zusterstad_core::Localized::tri("Kaga-keuken", "加賀料理", "Kaga cuisine", Lang::Ja),
            joint: true,
            ..event(&base)
        };
        let joint = db.create(&change(), joint).await.expect("joint event");
        index.refresh_search(now).await.expect("refresh");
        assert!(found("kaga").await.is_empty(), "not approved yet");
        for city in [base.a.id, base.b.id] {
            let approval =
                Approval { item_kind: zusterstad_core::Kind::Event, record_id: joint.id.get(), item_version: 1, city_id: city, user_id: None };
            db.create(&change(), approval).await.expect("approve");
        }
        assert_eq!(index.refresh_search(now).await.expect("refresh").documents, 1);
        assert_eq!(found("kaga").await.len(), 1, "approved by both");

        // An index that did not follow for longer than the notes are kept reads
        // the partnership again whole; one that did follow has nothing to do.
        let later = now + chrono::Duration::days(40);
        assert_eq!(index.refresh_search(later).await.expect("refresh").partnerships, 0);
        let caught_up = behind.refresh_search(later).await.expect("refresh");
        assert!(caught_up.documents > ACTIVITIES, "{caught_up:?}");
        assert_eq!(
            behind.search(None, "kaga", Lang::Nl, None, later).await.expect("search").len(),
            1,
            "the whole partnership, with what changed"
        );
        drop(behind);
        std::fs::remove_dir_all(&dir).ok();
    }
}

fn rand_part() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos() as i64).unwrap_or(0)
}
