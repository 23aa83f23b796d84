//! Event registration: capacity, waiting list, duplicates, deadline, cancellation,
//! and no overbooking when people register at the same moment.

use zusterstad_core::audit::Change;
use zusterstad_core::events::{Event, Registration};
use zusterstad_core::registrations::RegistrationStatus;
use zusterstad_core::store::{RecordStore, RegistrationStore};
use zusterstad_core::{Error, Lang, Stored};
use zusterstad_store::Db;

use crate::fixtures::*;
use crate::support::on_both;

fn token(n: u32) -> String {
    format!("{n:064x}")
}

async fn event_with(db: &Db, capacity: Option<u32>, waiting_list: bool) -> Stored<Event> {
    let base = base(db).await;
    let rules = Registration { capacity, waiting_list, deadline: Some(at(2026, 12, 1)) };
    db.create(&change(), Event { registration: Some(rules), ..event(&base) }).await.expect("event")
}

fn before_deadline() -> Change {
    Change::by_system("web", at(2026, 11, 28))
}

on_both! {
    async fn places_fill_then_the_waiting_list_then_cancelling_moves_people_up(db: &Db) {
        let e = event_with(db, Some(2), true).await;
        let c = before_deadline();
        let a = db.register(&c, e.id, "An", "AN@gent.be", &token(1), Lang::Nl).await.expect("a");
        let b = db.register(&c, e.id, "佐藤 美咲", "misaki@example.jp", &token(2), Lang::Ja).await.expect("b");
        let w = db.register(&c, e.id, "Wim", "wim@gent.be", &token(3), Lang::Nl).await.expect("w");
        assert_eq!(
            [a.item.status, b.item.status, w.item.status],
            [RegistrationStatus::Confirmed, RegistrationStatus::Confirmed, RegistrationStatus::Waiting]
        );
        assert_eq!(a.item.email, "an@gent.be");
        let dup = db.register(&c, e.id, "An again", "an@gent.be", &token(4), Lang::Nl).await;
        assert!(matches!(dup, Err(Error::Invalid { ref fields }) if fields[0].field == "email"), "{dup:?}");

        let (cancelled, promoted) = db.cancel(&c, &token(1)).await.expect("cancel");
        assert_eq!(cancelled.item.status, RegistrationStatus::Cancelled);
        let promoted = promoted.expect("someone moves up");
        assert_eq!((promoted.id, promoted.item.status), (w.id, RegistrationStatus::Confirmed));
        let (again, nobody) = db.cancel(&c, &token(1)).await.expect("cancelling twice is harmless");
        assert_eq!((again.item.status, nobody), (RegistrationStatus::Cancelled, None));
        assert!(matches!(db.cancel(&c, &token(99)).await, Err(Error::NotFound { .. })));

        let all = db.registrations(e.id).await.expect("list");
        let confirmed = all.iter().filter(|r| r.item.status == RegistrationStatus::Confirmed).count();
        assert_eq!(confirmed, 2);
    }

    async fn a_full_event_and_a_closed_one_say_so(db: &Db) {
        let e = event_with(db, Some(1), false).await;
        let c = before_deadline();
        db.register(&c, e.id, "An", "an@gent.be", &token(1), Lang::Nl).await.expect("first");
        let full = db.register(&c, e.id, "Bo", "bo@gent.be", &token(2), Lang::Nl).await;
        assert!(matches!(full, Err(Error::Conflict(ref m)) if m.contains("full")), "{full:?}");
        let late = Change::by_system("web", at(2026, 12, 2));
        let closed = db.register(&late, e.id, "Cas", "cas@gent.be", &token(3), Lang::Nl).await;
        assert!(matches!(closed, Err(Error::Conflict(ref m)) if m.contains("closed")), "{closed:?}");
        assert_eq!(db.registrations(e.id).await.expect("list").len(), 1, "refusals register nothing");
    }

    async fn simultaneous_registrations_never_overbook(db: &Db) {
        let e = event_with(db, Some(3), false).await;
        let mut tasks = Vec::new();
        for i in 0..12u32 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                db.register(&before_deadline(), e.id, "X", &format!("p{i}@gent.be"), &token(100 + i), Lang::En).await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.expect("task") {
                Ok(_) => ok += 1,
                Err(Error::Conflict(_)) => {}
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(ok, 3, "exactly the capacity is confirmed");
        assert_eq!(db.registrations(e.id).await.expect("list").len(), 3);
    }
}
