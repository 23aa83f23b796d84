//! Items of every kind, with texts in Japanese, Dutch, English, emoji and RTL script.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use zusterstad_core::activities::{Activity, Direction, ParticipantCount, ParticipantKind, Programme};
use zusterstad_core::agreements::{Agreement, AgreementKind};
use zusterstad_core::audit::Change;
use zusterstad_core::documents::{Document, File};
use zusterstad_core::events::{Event, EventKind, Registration};
use zusterstad_core::landmarks::{Landmark, Precision};
use zusterstad_core::news::NewsPost;
use zusterstad_core::organisations::{Organisation, OrganisationKind, OrganisationPair};
use zusterstad_core::partnerships::{City, Fact, FocusArea, Partnership};
use zusterstad_core::people::{Ambassador, AmbassadorStatus, Consent, Consents, Person};
use zusterstad_core::store::RecordStore;
use zusterstad_core::users::{Role, RoleGrant, User, hash_password};
use zusterstad_core::{Id, Lang, Localized, Publication, Stored};
use zusterstad_store::Db;

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 30, 0).single().expect("valid date")
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn change() -> Change {
    Change::by_system("test", at(2026, 11, 28))
}

pub fn text(s: &str) -> Localized {
    Localized::tri(&format!("{s} (nl)"), &format!("{s}（日本語）"), &format!("{s} (en)"), Lang::En)
}

/// Japanese, emoji, Arabic (right-to-left) and a combining accent in one text.
pub fn unicode() -> Localized {
    Localized::tri("Gentse feesten 🎉 café", "金沢の伝統工芸・加賀友禅 🏯", "مرحبا Kanazawa — naïve", Lang::Ja)
}

pub fn city(slug: &str) -> City {
    City {
        slug: slug.into(),
        name: text(slug),
        native_name: "金沢市".into(),
        native_reading: Some("かなざわし".into()),
        romaji: Some("Kanazawa-shi".into()),
        country: "JP".into(),
        time_zone: "Asia/Tokyo".into(),
        latitude: 36.561_325,
        longitude: 136.656_205,
        founded_year: Some(1583),
        population: Some(465_000),
        description: unicode(),
        facts: vec![Fact { key: "crafts".into(), text: text("22 crafts"), number: Some(22), at_least: false }],
        mail_signature: None,
    }
}

/// Two cities and a partnership between them.
pub struct Base {
    pub a: Stored<City>,
    pub b: Stored<City>,
    pub p: Stored<Partnership>,
}

pub fn partnership(a: Id<City>, b: Id<City>, slug: &str) -> Partnership {
    Partnership {
        slug: slug.into(),
        name: unicode(),
        city_a_id: a,
        city_b_id: b,
        established_year: 1971,
        established_on: None,
        summary: text("summary"),
        description: unicode(),
        focus_areas: vec![FocusArea::YouthExchange, FocusArea::Culinary],
        sdgs: vec![4, 11, 17],
        expiry_window_days: 180,
        publication: Publication::Published,
        contact: None,
        privacy: None,
        accessibility: None,
    }
}

pub async fn base(db: &Db) -> Base {
    let a = db.create(&change(), city("gent")).await.expect("city a");
    let b = db.create(&change(), city("kanazawa")).await.expect("city b");
    let p = db.create(&change(), partnership(a.id, b.id, "gent-kanazawa")).await.expect("partnership");
    Base { a, b, p }
}

pub fn organisation(base: &Base, name: &str) -> Organisation {
    Organisation {
        partnership_id: base.p.id,
        city_id: base.a.id,
        name: text(name),
        short_name: Some("UGent".into()),
        kind: OrganisationKind::University,
        website: Some("https://www.ugent.be".into()),
        description: unicode(),
        publication: Publication::Published,
        example: false,
    }
}

pub fn pair(base: &Base, a: Id<Organisation>, b: Id<Organisation>) -> OrganisationPair {
    OrganisationPair {
        partnership_id: base.p.id,
        organisation_a_id: a,
        organisation_b_id: b,
        description: unicode(),
        since_year: Some(2011),
        publication: Publication::Published,
    }
}

pub fn programme(base: &Base) -> Programme {
    Programme {
        partnership_id: base.p.id,
        slug: "50-jaar".into(),
        title: unicode(),
        description: text("programme"),
        starts_on: day(2021, 1, 1),
        ends_on: day(2021, 12, 31),
        date_precision: None,
        publication: Publication::Published,
    }
}

pub fn activity(base: &Base, orgs: Vec<Id<Organisation>>) -> Activity {
    Activity {
        partnership_id: base.p.id,
        title: unicode(),
        summary: text("summary"),
        body: text("**markdown** body"),
        focus: FocusArea::Academic,
        direction: Direction::BToA,
        starts_on: day(2024, 9, 15),
        ends_on: Some(day(2025, 2, 1)),
        participants: vec![
            ParticipantCount { kind: ParticipantKind::Students, count: 6 },
            ParticipantCount { kind: ParticipantKind::Academics, count: 1 },
        ],
        organisation_ids: orgs,
        sdgs: vec![4],
        programme_id: None,
        publication: Publication::Published,
        example: true,
    }
}

pub fn file(bytes: &[u8]) -> File {
    use sha2::Digest;
    File {
        sha256: format!("{:x}", sha2::Sha256::digest(bytes)),
        media_type: "application/pdf".into(),
        size_bytes: bytes.len() as i64,
        content: bytes.to_vec(),
        partnership_id: None,
    }
}

pub fn document(base: &Base, file: Id<File>) -> Document {
    Document {
        partnership_id: base.p.id,
        title: unicode(),
        language: Some(Lang::Ja),
        file_id: file,
        file_name: "覚書 2021–2026.pdf".into(),
        activity_id: None,
        publication: Publication::Published,
        example: false,
    }
}

pub fn agreement(base: &Base, from: NaiveDate, until: Option<NaiveDate>) -> Agreement {
    Agreement {
        partnership_id: base.p.id,
        kind: AgreementKind::Mou,
        title: unicode(),
        summary: text("agreement"),
        organisation_pair_id: None,
        signed_on: Some(from),
        signed_year: Some(chrono::Datelike::year(&from)),
        valid_from: Some(from),
        valid_until: until,
        date_precision: None,
        document_id: None,
        renews_id: None,
        joint: true,
        publication: Publication::Published,
        example: false,
    }
}

pub fn person(base: &Base) -> Person {
    Person {
        partnership_id: base.p.id,
        family_name: "山田".into(),
        given_name: "花子".into(),
        family_name_reading: Some("やまだ".into()),
        given_name_reading: Some("はなこ".into()),
        family_name_romaji: Some("Yamada".into()),
        given_name_romaji: Some("Hanako".into()),
        city_id: Some(base.b.id),
        organisation_id: None,
        email: Some("hanako@example.jp".into()),
        phone: Some("+81 76 220 2111".into()),
        consents: Consents {
            publish_profile: Some(Consent { given: true, on: day(2025, 4, 1) }),
            photos: Some(Consent { given: false, on: day(2025, 4, 1) }),
            contact: None,
        },
        example: true,
    }
}

pub fn ambassador(base: &Base, person: Id<Person>) -> Ambassador {
    Ambassador {
        partnership_id: base.p.id,
        person_id: person,
        cohort_year: 2025,
        home_city_id: base.b.id,
        activity_id: None,
        status: AmbassadorStatus::Active,
        profile: unicode(),
        publication: Publication::Published,
        example: true,
    }
}

pub fn event(base: &Base) -> Event {
    Event {
        partnership_id: base.p.id,
        title: unicode(),
        description: text("event"),
        kind: EventKind::NetworkEvent,
        starts_at: at(2026, 12, 5),
        ends_at: at(2026, 12, 6),
        time_zone: "Europe/Brussels".into(),
        venue: text("Stadhuis Gent"),
        online_url: None,
        registration: Some(Registration { capacity: Some(80), waiting_list: true, deadline: Some(at(2026, 12, 1)) }),
        programme_id: None,
        joint: false,
        publication: Publication::Published,
        example: true,
    }
}

pub fn news(base: &Base, slug: &str) -> NewsPost {
    NewsPost {
        partnership_id: base.p.id,
        slug: slug.into(),
        title: unicode(),
        summary: text("news"),
        body: text("# Nieuws\n\nTekst"),
        published_at: at(2026, 10, 1),
        photo_id: None,
        publication: Publication::Published,
        example: true,
    }
}

pub fn landmark(base: &Base) -> Landmark {
    Landmark {
        partnership_id: base.p.id,
        city_id: base.a.id,
        name: Localized::tri("Kotoji-lantaarn", "徽軫灯籠", "Kotoji lantern", Lang::Ja),
        description: unicode(),
        location: text("Citadelpark"),
        latitude: 51.038,
        longitude: 3.722,
        precision: Precision::Approximate,
        given_year: Some(2006),
        given_by: text("Kanazawa"),
        occasion: text("35th anniversary"),
        photo_id: None,
        publication: Publication::Published,
    }
}

pub fn user(email: &str) -> User {
    User {
        email: email.into(),
        display_name: "Hanako 山田 🌸".into(),
        password_hash: hash_password("lantaarn-in-het-citadelpark", &[3; 16]).expect("hash"),
        language: Lang::Ja,
        disabled: false,
        session_epoch: 0,
    }
}

pub fn coordinator(base: &Base) -> RoleGrant {
    RoleGrant {
        user_id: Id::new(0),
        role: Role::Coordinator,
        partnership_id: Some(base.p.id),
        side_city_id: Some(base.b.id),
        organisation_id: None,
        person_id: None,
    }
}
