//! Create, read, update and delete every kind of item, with the audit log.

use zusterstad_core::audit::Action;
use zusterstad_core::store::{AuditStore, RecordStore};
use zusterstad_core::{Error, Stored};
use zusterstad_store::{Db, Table};

use crate::fixtures::*;
use crate::support::on_both;

/// Creates `item`, reads it back, updates it to `changed`, deletes it; checks each
/// step and the audit trail. Returns nothing: the item is gone afterwards.
async fn full_cycle<T: Table>(db: &Db, item: T, changed: T)
where
    Db: RecordStore<T>,
{
    let kind = T::KIND;
    let created: Stored<T> = db.create(&change(), item.clone()).await.unwrap_or_else(|e| panic!("create {kind}: {e}"));
    assert_eq!(created.version, 1);
    assert_eq!(created.item, item, "{kind} comes back as it was written");
    let read: Stored<T> = db.get(created.id).await.expect("get");
    assert_eq!(read, created, "{kind} reads back exactly, timestamps included");
    let all: Vec<Stored<T>> = db.list().await.expect("list");
    assert!(all.contains(&created));

    let updated = db.update(&change(), created.id, 1, changed.clone()).await.expect("update");
    assert_eq!(updated.version, 2);
    assert_eq!(db.get(created.id).await.expect("get").item, changed);

    RecordStore::<T>::delete(db, &change(), created.id, 2).await.expect("delete");
    assert!(matches!(db.get(created.id).await, Err(Error::NotFound { .. })), "{kind} is gone");

    let history = db.history(kind, created.id.get()).await.expect("history");
    let actions: Vec<_> = history.iter().map(|h| h.action).collect();
    assert_eq!(actions, [Action::Create, Action::Update, Action::Delete], "{kind} history");
    assert!(history.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(history[1].changes.as_object().is_some_and(|c| !c.is_empty()), "{kind} update lists its changes");
}

on_both! {
    async fn every_kind_round_trips(db: &Db) {
        let base = base(db).await;
        full_cycle(db, city("brugge"), City { population: Some(118_000), ..city("brugge") }).await;
        let (c1, c2) = (
            db.create(&change(), city("c1")).await.expect("c1"),
            db.create(&change(), city("c2")).await.expect("c2"),
        );
        full_cycle(db, partnership(c1.id, c2.id, "c1-c2"), Partnership { sdgs: vec![1], ..partnership(c1.id, c2.id, "c1-c2") }).await;
        let org_a = db.create(&change(), organisation(&base, "UGent")).await.expect("org");
        let org_b = db.create(&change(), Organisation { city_id: base.b.id, ..organisation(&base, "金沢大学") }).await.expect("org");
        full_cycle(db, organisation(&base, "KASK"), Organisation { website: None, ..organisation(&base, "KASK") }).await;
        full_cycle(db, pair(&base, org_a.id, org_b.id), OrganisationPair { since_year: None, ..pair(&base, org_a.id, org_b.id) }).await;
        full_cycle(db, programme(&base), Programme { slug: "vijftig".into(), ..programme(&base) }).await;
        full_cycle(db, activity(&base, vec![org_a.id, org_b.id]), Activity { sdgs: vec![4, 17], ..activity(&base, vec![]) }).await;
        let f = file(b"%PDF-1.4 \xe2\x9c\x93 binary \x00\xff");
        full_cycle(db, f.clone(), file(b"%PDF-1.7 another")).await;
        let stored_file = db.create(&change(), f).await.expect("file");
        assert_eq!(db.get(stored_file.id).await.expect("file").item.content, b"%PDF-1.4 \xe2\x9c\x93 binary \x00\xff");
        full_cycle(db, document(&base, stored_file.id), Document { language: None, ..document(&base, stored_file.id) }).await;
        full_cycle(db, agreement(&base, day(2021, 10, 1), Some(day(2026, 12, 31))), agreement(&base, day(2021, 10, 1), None)).await;
        full_cycle(db, person(&base), Person { email: None, ..person(&base) }).await;
        let someone = db.create(&change(), person(&base)).await.expect("person");
        full_cycle(db, ambassador(&base, someone.id), Ambassador { cohort_year: 2026, ..ambassador(&base, someone.id) }).await;
        full_cycle(db, event(&base), Event { registration: None, ..event(&base) }).await;
        full_cycle(db, news(&base, "nieuws"), news(&base, "nieuws-2")).await;
        full_cycle(db, landmark(&base), Landmark { latitude: -33.865_143, ..landmark(&base) }).await;
        full_cycle(db, user("hanako@example.jp"), User { disabled: true, ..user("hanako@example.jp") }).await;
        let u = db.create(&change(), user("kenji@example.jp")).await.expect("user");
        let e = db.create(&change(), event(&base)).await.expect("event");
        let signup = EventRegistration {
            event_id: e.id,
            name: "Lotte De Clercq 🎷".into(),
            email: "lotte@example.be".into(),
            consent_at: at(2026, 11, 1),
            status: RegistrationStatus::Unconfirmed,
            cancel_token: "ab".repeat(32),
            language: Lang::Nl,
            held_until: Some(at(2026, 11, 2)),
        };
        let cancelled = EventRegistration { status: RegistrationStatus::Cancelled, held_until: None, ..signup.clone() };
        full_cycle(db, signup, cancelled).await;
        let grant = RoleGrant { user_id: u.id, ..coordinator(&base) };
        full_cycle(db, grant.clone(), RoleGrant { side_city_id: Some(base.a.id), ..grant.clone() }).await;
        let token = ApiToken::for_grant(&grant, "gent.be 🎐 agenda", &new_token([9; 32]));
        full_cycle(db, token.clone(), ApiToken { revoked_at: Some(at(2026, 11, 29)), ..token }).await;
    }

    async fn api_tokens_are_found_by_their_hash_only(db: &Db) {
        let base = base(db).await;
        let u = db.create(&change(), user("yuki@example.jp")).await.expect("user");
        let grant = RoleGrant { user_id: u.id, ..coordinator(&base) };
        let secret = new_token([5; 32]);
        let stored = db.create(&change(), ApiToken::for_grant(&grant, "widget", &secret)).await.expect("token");
        assert_eq!(db.api_token_by_hash(&hash(&secret)).await.expect("lookup"), Some(stored.clone()));
        assert_eq!(db.api_token_by_hash(&hash("zst_guess")).await.expect("lookup"), None);
        assert_eq!(db.api_token_by_hash(&secret).await.expect("lookup"), None, "the token itself is not stored");
        // The same token twice is refused, naming the field.
        let again = db.create(&change(), ApiToken::for_grant(&grant, "again", &secret)).await;
        assert!(matches!(again, Err(Error::Invalid { ref fields }) if fields[0].field == "token_sha256"), "{again:?}");
        // The audit log notes the hash changed, never its value.
        let history = db.history(zusterstad_core::Kind::ApiToken, stored.id.get()).await.expect("history");
        assert!(!history[0].changes.to_string().contains(&hash(&secret)));
    }

    async fn the_change_sequence_grows_with_every_commit(db: &Db) {
        assert_eq!(db.latest_seq().await.expect("seq"), 0);
        let base = base(db).await;
        let after_base = db.latest_seq().await.expect("seq");
        assert_eq!(after_base, 3, "two cities and a partnership");
        db.create(&change(), organisation(&base, "S.M.A.K.")).await.expect("org");
        assert_eq!(db.latest_seq().await.expect("seq"), after_base + 1);
    }
}

use zusterstad_core::Lang;
use zusterstad_core::activities::{Activity, Programme};
use zusterstad_core::documents::Document;
use zusterstad_core::events::Event;
use zusterstad_core::landmarks::Landmark;
use zusterstad_core::organisations::{Organisation, OrganisationPair};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::{Ambassador, Person};
use zusterstad_core::registrations::{EventRegistration, RegistrationStatus};
use zusterstad_core::store::UserStore;
use zusterstad_core::tokens::{ApiToken, hash, new_token};
use zusterstad_core::users::{RoleGrant, User};

on_both! {
    async fn what_needs_translating_follows_every_write_and_delete(db: &Db) {
        use zusterstad_core::store::TranslationStore;
        use zusterstad_core::{Kind, Lang, Localized, TextStatus};
        let base = base(db).await;
        let needs = |lang: Lang| async move {
            let page = db.untranslated(base.p.id, lang, false, 0, None).await.expect("untranslated");
            page.items.into_iter().map(|u| (u.kind, u.record_id, u.field, u.status)).collect::<Vec<_>>()
        };
        let before = needs(Lang::Ja).await;
        // A description only in Dutch: Japanese and English need it, Dutch doesn't.
        let mut only_dutch = organisation(&base, "Universiteit Gent");
        only_dutch.description = Localized::default().with(Lang::Nl, "Alleen Nederlands".into(), TextStatus::Original);
        let org = db.create(&change(), only_dutch.clone()).await.expect("create");
        let described = (Kind::Organisation, org.id.get(), "description".to_owned(), TextStatus::Missing);
        assert!(needs(Lang::Ja).await.contains(&described));
        assert!(needs(Lang::En).await.contains(&described));
        assert!(!needs(Lang::Nl).await.iter().any(|(k, id, _, _)| *k == Kind::Organisation && *id == org.id.get()));
        let counted = db.untranslated(base.p.id, Lang::Ja, false, 0, Some(0)).await.expect("count");
        assert_eq!(counted.total as usize, before.len() + 1);
        assert!(counted.items.is_empty());
        // Translated, then the Dutch original changed: the others are stale.
        let mut translated = only_dutch.clone();
        translated.description = Localized::tri("Alleen Nederlands", "オランダ語のみ", "Dutch only", Lang::Nl);
        let org = db.update(&change(), org.id, 1, translated.clone()).await.expect("update");
        assert_eq!(needs(Lang::Ja).await, before, "translated: nothing more to do");
        let mut changed = translated.clone();
        changed.description.edit(Lang::Nl, "Nieuwe tekst".to_owned());
        let org = db.update(&change(), org.id, 2, changed).await.expect("update");
        let stale = (Kind::Organisation, org.id.get(), "description".to_owned(), TextStatus::Stale);
        assert!(needs(Lang::Ja).await.contains(&stale), "{:?}", needs(Lang::Ja).await);
        let only_stale = db.untranslated(base.p.id, Lang::Ja, true, 0, None).await.expect("stale");
        assert!(only_stale.items.iter().all(|u| u.status == TextStatus::Stale) && only_stale.total >= 1);
        // Deleted: its rows go with it.
        RecordStore::<zusterstad_core::organisations::Organisation>::delete(db, &change(), org.id, 3)
            .await
            .expect("delete");
        assert_eq!(needs(Lang::Ja).await, before);
    }
}
