//! The Ghent–Kanazawa demo loads on both backends, once, and carries the facts.

use serde_json::Value;
use zusterstad_core::agreements::{Agreement, AgreementKind, AgreementStatus};
use zusterstad_core::documents::{Document, File};
use zusterstad_core::landmarks::{Landmark, Precision};
use zusterstad_core::organisations::OrganisationPair;
use zusterstad_core::partnerships::City;
use zusterstad_core::store::{AgreementStore, AuditStore, PartnershipStore, RecordStore};
use zusterstad_core::{Lang, Stored};
use zusterstad_store::{demo, transfer};

use crate::fixtures::*;
use crate::support::on_both;

/// Every localized text (an object with nl, ja and en) is written in all three
/// languages, or in none.
fn assert_trilingual(path: &str, value: &Value) {
    match value {
        Value::Object(obj)
            if ["nl", "ja", "en"].iter().all(|k| obj.get(*k).is_some_and(|v| v.get("status").is_some())) =>
        {
            let present: Vec<bool> = ["nl", "ja", "en"].iter().map(|k| obj[*k]["status"] != "missing").collect();
            assert!(
                present.iter().all(|p| *p) || present.iter().all(|p| !*p),
                "{path} is not in all three languages: {value}"
            );
        }
        Value::Object(obj) => obj.iter().for_each(|(k, v)| assert_trilingual(&format!("{path}.{k}"), v)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| assert_trilingual(&format!("{path}[{i}]"), v))
        }
        _ => {}
    }
}

on_both! {
    async fn the_demo_loads_once_with_its_facts(db: &Db) {
        let loaded = demo::load(db, &change(), demo::GENT_KANAZAWA).await.expect("load demo");
        assert!(matches!(loaded, demo::Outcome::Loaded { items } if items > 50));
        let seq = db.latest_seq().await.expect("seq");
        assert_eq!(demo::load(db, &change(), demo::GENT_KANAZAWA).await.expect("again"), demo::Outcome::AlreadyLoaded);
        assert_eq!(db.latest_seq().await.expect("seq"), seq, "loading twice changes nothing");

        let p = db.partnership_by_slug("gent-kanazawa").await.expect("partnership");
        assert_eq!(p.item.established_year, 1971);
        assert_eq!(p.item.years(day(2026, 11, 28)), 55, "more than 50 years");
        assert_eq!(p.item.focus_areas.len(), 5, "youth, academic + cultural, culinary, knowledge sharing");

        let cities: Vec<Stored<City>> = db.list().await.expect("cities");
        let kanazawa = cities.iter().find(|c| c.item.slug == "kanazawa").expect("kanazawa");
        assert_eq!((kanazawa.item.native_name.as_str(), kanazawa.item.founded_year), ("金沢市", Some(1583)));
        let fact = |key: &str| kanazawa.item.facts.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("fact {key}"));
        assert!(fact("population").at_least && fact("population").number == Some(465_000));
        assert_eq!(fact("traditional_crafts").number, Some(22));
        assert!(fact("traditional_crafts").text.ja.value.contains("加賀友禅"));
        assert!(fact("kenroku_en").text.en.value.contains("琴柱灯籠"));
        assert!(fact("unesco").text.en.value.contains("Crafts and Folk Art"));

        let agreements = db.agreements_with_status(p.id, day(2026, 11, 28)).await.expect("agreements");
        let (mou, status) = agreements.iter().find(|(a, _)| a.item.kind == AgreementKind::Mou).expect("mou");
        assert_eq!(*status, AgreementStatus::Expiring { days_left: 33 }, "the MoU 2021–2026 is due for renewal");
        let doc: Stored<Document> = db.get(mou.item.document_id.expect("mou pdf")).await.expect("document");
        let pdf: Stored<File> = db.get(doc.item.file_id).await.expect("file");
        assert_eq!((pdf.item.size_bytes, pdf.item.media_type.as_str()), (225_760, "application/pdf"));
        assert!(pdf.item.content.starts_with(b"%PDF-"));
        let superseded = agreements.iter().filter(|(_, s)| *s == AgreementStatus::Superseded).count();
        assert_eq!(superseded, 1, "the earlier declarations of intent");

        let institutional: Vec<&Stored<Agreement>> = agreements
            .iter()
            .map(|(a, _)| a)
            .filter(|a| a.item.kind == AgreementKind::InstitutionalAgreement)
            .collect();
        assert_eq!(institutional.len(), 4, "UGent, KASK, HOGENT, S.M.A.K.");
        let pairs: Vec<Stored<OrganisationPair>> = db.list().await.expect("pairs");
        assert_eq!(pairs.len(), 5, "four institution pairs and the sister big bands");

        let landmarks: Vec<Stored<Landmark>> = db.list().await.expect("landmarks");
        assert_eq!(landmarks.len(), 4);
        let lantern = landmarks.iter().find(|l| l.item.given_year == Some(2006)).expect("Kotoji lantern");
        assert_eq!((lantern.item.latitude, lantern.item.longitude, lantern.item.precision), (51.038, 3.722, Precision::Approximate));
        assert_eq!(landmarks.iter().filter(|l| l.item.precision == Precision::CityCentre).count(), 2);

        for lang in Lang::ALL {
            assert!(!p.item.description.get(lang).value.is_empty(), "description in {lang}");
        }
        use zusterstad_core::store::SearchStore;
        let hits = db.search(Some("gent-kanazawa"), "伝統", Lang::Ja, None, at(2026, 11, 28)).await.expect("search");
        assert!(!hits.is_empty() && hits.iter().all(|h| h.excerpt_html.contains("<mark>伝統</mark>")), "{hits:?}");
        let symbols = db.search(Some("gent-kanazawa"), "lantaarn", Lang::Nl, Some("symbol"), at(2026, 11, 28)).await.expect("search");
        assert_eq!(symbols.iter().map(|h| h.kind.as_str()).collect::<Vec<_>>(), ["symbol"]);

        let everything = transfer::export(db).await.expect("export");
        let doc: Value = serde_json::from_slice(&everything).expect("json");
        assert_trilingual("export", &doc);
    }
}

on_both! {
    async fn the_2024_report_matches_a_hand_count_of_the_demo(db: &Db) {
        use zusterstad_core::activities::{Direction, ParticipantKind};
        use zusterstad_core::partnerships::FocusArea;
        use zusterstad_core::reports::{Origin, report};
        demo::load(db, &change(), demo::GENT_KANAZAWA).await.expect("demo");
        let p = zusterstad_core::portal::load(db, "gent-kanazawa", at(2026, 11, 28)).await.expect("portal");
        let all = p.all_activities(db, &Default::default()).await.expect("activities");
        let events = p.all_events(db, Vec::new()).await.expect("events");
        let r = report(&p, &all, &events, 2024, 2024, |_| 0);
        // The report's own read of the period finds the same.
        let (from, to) = zusterstad_core::reports::period(2024, 2024);
        let filter = zusterstad_core::portal::ActivityFilter { period: Some((from, to)), ..Default::default() };
        let in_2024 = p.all_activities(db, &filter).await.expect("2024");
        assert_eq!(report(&p, &in_2024, &events, 2024, 2024, |_| 0), r, "read by period: the same figures");
        // Counted by hand from demo/gent-kanazawa.json: the four activities that touch 2024.
        assert_eq!(r.activities, 4);
        assert_eq!(r.by_focus, [(FocusArea::Academic, 2), (FocusArea::Cultural, 1), (FocusArea::KnowledgeSharing, 1)]);
        assert_eq!(r.by_direction, [(Direction::AToB, 2), (Direction::BToA, 1), (Direction::Both, 1)]);
        assert_eq!(
            r.participants_by_kind,
            [(ParticipantKind::Students, 11), (ParticipantKind::Academics, 1), (ParticipantKind::Artists, 2), (ParticipantKind::Officials, 1)]
        );
        assert_eq!(r.participants_by_origin, [(Origin::CityA, 5), (Origin::CityB, 4), (Origin::BothWays, 6)]);
        assert_eq!(r.sdgs, [(4, 3), (17, 1)]);
        assert_eq!(r.agreements.len(), 7, "1971 declaration, declarations of intent, MoU, four institutional");
        assert_eq!(r.pairs.len(), 4, "the four institution pairs; the big bands had no activity in 2024");
        assert_eq!(r.events.len(), 1, "the 2024 network event");
        let span = report(&p, &all, &events, 2016, 2026, |_| 0);
        assert_eq!(span.activities, 13);
    }
}

on_both! {
    async fn participant_counts_add_up_beyond_what_one_activity_can_hold(db: &Db) {
        use zusterstad_core::activities::{Activity, ParticipantCount, ParticipantKind};
        use zusterstad_core::reports::report;
        use zusterstad_core::store::RecordStore;
        demo::load(db, &change(), demo::GENT_KANAZAWA).await.expect("demo");
        let all: Vec<zusterstad_core::Stored<Activity>> = db.list().await.expect("list");
        let template = all.iter().find(|a| a.item.starts_on.to_string().starts_with("2024")).expect("a 2024 activity");
        for _ in 0..2 {
            let mut big = template.item.clone();
            big.participants = vec![ParticipantCount { kind: ParticipantKind::Students, count: u32::MAX }];
            db.create(&change(), big).await.expect("create");
        }
        let p = zusterstad_core::portal::load(db, "gent-kanazawa", at(2026, 11, 28)).await.expect("portal");
        let shown = p.all_activities(db, &Default::default()).await.expect("activities");
        let r = report(&p, &shown, &[], 2024, 2024, |_| 0);
        let students = r.participants_by_kind.iter().find(|(k, _)| *k == ParticipantKind::Students).expect("students").1;
        assert_eq!(students, 11 + 2 * u64::from(u32::MAX), "summed without wrapping");
    }
}
