//! Event registration: capacity, waiting list, duplicates, deadline, confirmation from
//! the mail, places held only briefly, cancellation, and no overbooking when people
//! register at the same moment.

use zusterstad_core::audit::Change;
use zusterstad_core::events::{Event, Registration};
use zusterstad_core::registrations::{EventRegistration, RegistrationStatus};
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

/// Registers and confirms from the mail at once.
async fn confirmed(
    db: &Db,
    c: &Change,
    e: &Stored<Event>,
    name: &str,
    email: &str,
    n: u32,
) -> Stored<EventRegistration> {
    db.register(c, e.id, name, email, &token(n), Lang::Nl, None).await.expect("register");
    db.confirm_registration(c, &token(n), None).await.expect("confirm")
}

on_both! {
    async fn places_fill_then_the_waiting_list_then_cancelling_moves_people_up(db: &Db) {
        let e = event_with(db, Some(2), true).await;
        let c = before_deadline();
        let a = confirmed(db, &c, &e, "An", "AN@gent.be", 1).await;
        let b = confirmed(db, &c, &e, "佐藤 美咲", "misaki@example.jp", 2).await;
        let w = confirmed(db, &c, &e, "Wim", "wim@gent.be", 3).await;
        assert_eq!(
            [a.item.status, b.item.status, w.item.status],
            [RegistrationStatus::Confirmed, RegistrationStatus::Confirmed, RegistrationStatus::Waiting]
        );
        assert_eq!(a.item.email, "an@gent.be");
        let dup = db.register(&c, e.id, "An again", "an@gent.be", &token(4), Lang::Nl, None).await;
        assert!(matches!(dup, Err(Error::Invalid { ref fields }) if fields[0].field == "email"), "{dup:?}");

        let (cancelled, promoted) = db.cancel(&c, &token(1), None).await.expect("cancel");
        assert_eq!(cancelled.item.status, RegistrationStatus::Cancelled);
        assert_eq!(promoted.iter().map(|p| (p.id, p.item.status)).collect::<Vec<_>>(), [(w.id, RegistrationStatus::Confirmed)]);
        let (again, nobody) = db.cancel(&c, &token(1), None).await.expect("cancelling twice is harmless");
        assert_eq!((again.item.status, nobody.len()), (RegistrationStatus::Cancelled, 0));
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
        assert_eq!(ok, 3, "exactly the capacity holds a place");
        assert_eq!(db.registrations(e.id).await.expect("list").len(), 3);
    }

    async fn an_unconfirmed_registration_holds_its_place_briefly_and_is_forgotten(db: &Db) {
        use zusterstad_core::registrations::{FORGET_UNCONFIRMED, HOLD};
        let e = event_with(db, Some(1), true).await;
        let t0 = before_deadline();
        let later = |d: chrono::Duration| Change::by_system("web", t0.at + d);
        // Somebody typed Dirk's address: the one place is held, not given.
        let dirk = db.register(&t0, e.id, "Dirk", "dirk@gent.be", &token(1), Lang::Nl, None).await.expect("dirk");
        assert_eq!((dirk.item.status, dirk.item.held_until), (RegistrationStatus::Unconfirmed, Some(t0.at + HOLD)));
        // Eva confirms while the place is held: the waiting list.
        let eva = confirmed(db, &t0, &e, "Eva", "eva@gent.be", 2).await;
        assert_eq!(eva.item.status, RegistrationStatus::Waiting);
        assert!(db.events_with_lapsed_registrations(t0.at).await.expect("none yet").is_empty());

        // Once the hold is over, the place goes to Eva (with her mail).
        let after_hold = later(HOLD + chrono::Duration::minutes(1));
        assert_eq!(db.events_with_lapsed_registrations(after_hold.at).await.expect("lapsed"), [e.id]);
        let moved = db.release_lapsed_registrations(&after_hold, e.id, Some(&mail_to)).await.expect("release");
        assert_eq!(moved.iter().map(|r| (r.id, r.item.status)).collect::<Vec<_>>(), [(eva.id, RegistrationStatus::Confirmed)]);
        assert!(db.events_with_lapsed_registrations(after_hold.at).await.expect("released").is_empty());
        // Dirk's link still works, but the place is gone: the waiting list.
        let late = db.confirm_registration(&after_hold, &token(1), None).await.expect("late confirm");
        assert_eq!(late.item.status, RegistrationStatus::Waiting);
        let twice = db.confirm_registration(&after_hold, &token(1), None).await.expect("confirming twice");
        assert_eq!((twice.item.status, twice.version), (late.item.status, late.version), "changes nothing");

        // Nobody confirms Finn's: forgotten after a day, personal data and all.
        let finn = db.register(&after_hold, e.id, "Finn", "finn@gent.be", &token(3), Lang::Nl, None).await.expect("finn");
        let next_day = later(FORGET_UNCONFIRMED + HOLD * 2);
        assert_eq!(db.events_with_lapsed_registrations(next_day.at).await.expect("stale"), [e.id]);
        db.release_lapsed_registrations(&next_day, e.id, None).await.expect("forget");
        let emails: Vec<_> = db.registrations(e.id).await.expect("list").into_iter().map(|r| r.item.email).collect();
        assert_eq!(emails, ["dirk@gent.be", "eva@gent.be"]);
        use zusterstad_core::store::AuditStore;
        let log = db.history(zusterstad_core::Kind::Registration, finn.id.get()).await.expect("log");
        assert!(!log.is_empty(), "the log keeps that it was made and deleted");
        let kept = serde_json::to_string(&log.iter().map(|e| &e.changes).collect::<Vec<_>>()).expect("json");
        assert!(!kept.contains("finn@gent.be") && !kept.contains("Finn"), "but not who: {kept}");
        assert!(matches!(db.confirm_registration(&next_day, &token(3), None).await, Err(Error::NotFound { .. })));
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
        let queued = db.unsent_mails(Some(e.item.partnership_id), 100).await.expect("unsent");
        assert_eq!(queued.iter().map(|q| (q.mail.to.as_str(), q.mail.subject.as_str())).collect::<Vec<_>>(),
            [("an@gent.be", "Unconfirmed"), ("bo@gent.be", "Unconfirmed")]);

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
        let unsent = db.unsent_mails(Some(e.item.partnership_id), 100).await.expect("unsent");
        assert_eq!(unsent.len(), 1, "only Bo's is unsent");
        let counts = db.count_unsent_mails(Some(e.item.partnership_id)).await.expect("count");
        assert_eq!((counts.unsent, counts.failed), (1, 1), "counted in the database");
        assert!(unsent[0].gave_up() && unsent[0].last_error.as_deref() == Some("550 mailbox unavailable"));
        assert!(db.claim_due_mails(at + chrono::Duration::days(1), 10).await.expect("later").is_empty(), "given up");

        // A cancellation's mail to whoever moves up is queued with it.
        db.confirm_registration(&c, &token(1), None).await.expect("an confirms");
        db.confirm_registration(&c, &token(2), None).await.expect("bo confirms");
        db.cancel(&c, &token(1), Some(&mail_to)).await.expect("cancel");
        let due = db.claim_due_mails(now, 10).await.expect("promoted");
        assert_eq!(due.iter().map(|q| (q.mail.to.as_str(), q.mail.subject.as_str())).collect::<Vec<_>>(),
            [("bo@gent.be", "Confirmed")]);
    }
}
