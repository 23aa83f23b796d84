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
        let a = db.register(&c, e.id, "An", "AN@gent.be", &token(1), Lang::Nl, None).await.expect("a");
        let b = db.register(&c, e.id, "佐藤 美咲", "misaki@example.jp", &token(2), Lang::Ja, None).await.expect("b");
        let w = db.register(&c, e.id, "Wim", "wim@gent.be", &token(3), Lang::Nl, None).await.expect("w");
        assert_eq!(
            [a.item.status, b.item.status, w.item.status],
            [RegistrationStatus::Confirmed, RegistrationStatus::Confirmed, RegistrationStatus::Waiting]
        );
        assert_eq!(a.item.email, "an@gent.be");
        let dup = db.register(&c, e.id, "An again", "an@gent.be", &token(4), Lang::Nl, None).await;
        assert!(matches!(dup, Err(Error::Invalid { ref fields }) if fields[0].field == "email"), "{dup:?}");

        let (cancelled, promoted) = db.cancel(&c, &token(1), None).await.expect("cancel");
        assert_eq!(cancelled.item.status, RegistrationStatus::Cancelled);
        let promoted = promoted.expect("someone moves up");
        assert_eq!((promoted.id, promoted.item.status), (w.id, RegistrationStatus::Confirmed));
        let (again, nobody) = db.cancel(&c, &token(1), None).await.expect("cancelling twice is harmless");
        assert_eq!((again.item.status, nobody), (RegistrationStatus::Cancelled, None));
        assert!(matches!(db.cancel(&c, &token(99), None).await, Err(Error::NotFound { .. })));

        let all = db.registrations(e.id).await.expect("list");
        let confirmed = all.iter().filter(|r| r.item.status == RegistrationStatus::Confirmed).count();
        assert_eq!(confirmed, 2);
    }

    async fn a_full_event_and_a_closed_one_say_so(db: &Db) {
        let e = event_with(db, Some(1), false).await;
        let c = before_deadline();
        db.register(&c, e.id, "An", "an@gent.be", &token(1), Lang::Nl, None).await.expect("first");
        let full = db.register(&c, e.id, "Bo", "bo@gent.be", &token(2), Lang::Nl, None).await;
        assert!(matches!(full, Err(Error::Conflict(ref m)) if m.contains("full")), "{full:?}");
        let late = Change::by_system("web", at(2026, 12, 2));
        let closed = db.register(&late, e.id, "Cas", "cas@gent.be", &token(3), Lang::Nl, None).await;
        assert!(matches!(closed, Err(Error::Conflict(ref m)) if m.contains("closed")), "{closed:?}");
        assert_eq!(db.registrations(e.id).await.expect("list").len(), 1, "refusals register nothing");
    }

    async fn simultaneous_registrations_never_overbook(db: &Db) {
        let e = event_with(db, Some(3), false).await;
        let mut tasks = Vec::new();
        for i in 0..12u32 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                db.register(&before_deadline(), e.id, "X", &format!("p{i}@gent.be"), &token(100 + i), Lang::En, None).await
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

fn mail_to(r: &Stored<zusterstad_core::registrations::EventRegistration>) -> zusterstad_core::registrations::Mail {
    zusterstad_core::registrations::Mail {
        to: r.item.email.clone(),
        subject: format!("{:?}", r.item.status),
        body: format!("Hallo {}", r.item.name),
    }
}

on_both! {
    async fn a_registrations_mail_commits_with_it_and_is_sent_once_with_retries(db: &Db) {
        use zusterstad_core::registrations::{MAIL_ATTEMPTS, mail_backoff};
        use zusterstad_core::store::MailQueue;
        let e = event_with(db, Some(1), true).await;
        let c = before_deadline();
        let now = c.at;
        db.register(&c, e.id, "An", "an@gent.be", &token(1), Lang::Nl, Some(&mail_to)).await.expect("a");
        db.register(&c, e.id, "Bo", "bo@gent.be", &token(2), Lang::Nl, Some(&mail_to)).await.expect("b");
        // Refused (a second registration of the same address): no mail either.
        assert!(db.register(&c, e.id, "An", "an@gent.be", &token(3), Lang::Nl, Some(&mail_to)).await.is_err());
        let queued = db.unsent_mails(Some(e.item.partnership_id)).await.expect("unsent");
        assert_eq!(queued.iter().map(|q| (q.mail.to.as_str(), q.mail.subject.as_str())).collect::<Vec<_>>(),
            [("an@gent.be", "Confirmed"), ("bo@gent.be", "Waiting")]);

        // Two senders at once: each mail is taken by one of them only.
        let (x, y) = tokio::join!(db.claim_due_mails(now, 10), db.claim_due_mails(now, 10));
        let (x, y) = (x.expect("x"), y.expect("y"));
        assert_eq!(x.len() + y.len(), 2, "each mail taken once: {x:?} {y:?}");
        assert!(db.claim_due_mails(now, 10).await.expect("again").is_empty(), "leased, not due");
        let all: Vec<_> = x.into_iter().chain(y).collect();
        let an = all.iter().find(|q| q.mail.to == "an@gent.be").expect("an").clone();
        let bo = all.iter().find(|q| q.mail.to == "bo@gent.be").expect("bo").clone();
        db.mail_sent(an.id, now).await.expect("sent");

        // Bo's mail fails: due again after the back-off, then given up.
        let mut at = now;
        db.mail_failed(bo.id, at, "550 mailbox unavailable").await.expect("failed");
        for attempt in 2..=MAIL_ATTEMPTS {
            assert!(db.claim_due_mails(at, 10).await.expect("early").is_empty(), "not before the back-off");
            at += mail_backoff(attempt - 1);
            let again = db.claim_due_mails(at, 10).await.expect("due");
            assert_eq!(again.iter().map(|q| (q.id, q.attempts)).collect::<Vec<_>>(), [(bo.id, attempt)]);
            db.mail_failed(bo.id, at, "550 mailbox unavailable").await.expect("failed");
        }
        let unsent = db.unsent_mails(Some(e.item.partnership_id)).await.expect("unsent");
        assert_eq!(unsent.len(), 1, "only Bo's is unsent");
        assert!(unsent[0].gave_up() && unsent[0].last_error.as_deref() == Some("550 mailbox unavailable"));
        assert!(db.claim_due_mails(at + chrono::Duration::days(1), 10).await.expect("later").is_empty(), "given up");

        // A cancellation's mail to whoever moves up is queued with it.
        db.cancel(&c, &token(1), Some(&mail_to)).await.expect("cancel");
        let due = db.claim_due_mails(now, 10).await.expect("promoted");
        assert_eq!(due.iter().map(|q| (q.mail.to.as_str(), q.mail.subject.as_str())).collect::<Vec<_>>(),
            [("bo@gent.be", "Confirmed")]);
    }
}
