//! The workspace over HTTP: permissions for every route and role, sessions, CSRF,
//! login throttling, joint approval, conflicts and translation statuses. Each test
//! runs on SQLite, and on PostgreSQL when the suite has one (always in CI).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use zusterstad_core::agreements::{Agreement, AgreementKind};
use zusterstad_core::audit::Change;
use zusterstad_core::events::Event;
use zusterstad_core::organisations::Organisation;
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::people::Person;
use zusterstad_core::store::{PartnershipStore, RecordStore, UserStore};
use zusterstad_core::users::{Role, RoleGrant, User, hash_password};
use zusterstad_core::{Id, Lang, Stored};
use zusterstad_store::{Db, demo};
use zusterstad_web::{AppState, app};

use super::{demo_db, rand_suffix, state, today};

pub(crate) const PASSWORD: &str = "kotoji-lantern-1971";

/// What removes a test database afterwards.
pub(crate) enum Cleanup {
    Dir(std::path::PathBuf),
    Postgres(sea_orm::DatabaseConnection, String),
}

impl Cleanup {
    pub(crate) async fn run(self) {
        match self {
            Cleanup::Dir(dir) => drop(std::fs::remove_dir_all(dir)),
            Cleanup::Postgres(admin, name) => {
                use sea_orm::ConnectionTrait;
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
            }
        }
    }
}

/// The demo on SQLite, and on PostgreSQL when the suite has one.
pub(crate) async fn backends() -> Vec<(&'static str, Db, Cleanup)> {
    let (sqlite, dir) = demo_db().await;
    let mut out = vec![("sqlite", sqlite, Cleanup::Dir(dir))];
    match std::env::var("ZUSTERSTAD_TEST_POSTGRES_URL") {
        Ok(admin_url) => {
            use sea_orm::ConnectionTrait;
            let name = format!("zt_web_{}", rand_suffix());
            let admin = sea_orm::Database::connect(&admin_url).await.unwrap();
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
            let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
            let pg = Db::open(&format!("{base}/{name}")).await.unwrap();
            demo::load(&pg, &Change::by_system("test", today()), demo::GENT_KANAZAWA).await.unwrap();
            out.push(("postgres", pg, Cleanup::Postgres(admin, name)));
        }
        Err(_) => {
            assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests");
            eprintln!("ZUSTERSTAD_TEST_POSTGRES_URL is not set: workspace tests ran on SQLite only");
        }
    }
    out
}

/// The people of the permission matrix, by name.
const ROLES: [&str; 6] = ["anonymous", "admin", "ghent", "kanazawa", "editor", "ambassador"];

pub(crate) async fn users(db: &Db) {
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
    let members: Vec<Stored<zusterstad_core::people::Ambassador>> = db.list().await.unwrap();
    let member = members.iter().find(|a| a.item.publication == zusterstad_core::Publication::Published).unwrap();
    let hash = hash_password(PASSWORD, &[7; 16]).unwrap();
    let grant = |role| RoleGrant {
        user_id: Id::new(0),
        role,
        partnership_id: None,
        side_city_id: None,
        organisation_id: None,
        person_id: None,
    };
    let roles = [
        ("admin", Lang::En, vec![grant(Role::Admin)]),
        (
            "ghent",
            Lang::Nl,
            vec![RoleGrant {
                partnership_id: Some(p.id),
                side_city_id: Some(p.item.city_a_id),
                ..grant(Role::Coordinator)
            }],
        ),
        (
            "kanazawa",
            Lang::Ja,
            vec![RoleGrant {
                partnership_id: Some(p.id),
                side_city_id: Some(p.item.city_b_id),
                ..grant(Role::Coordinator)
            }],
        ),
        (
            "editor",
            Lang::En,
            vec![RoleGrant { partnership_id: Some(p.id), organisation_id: Some(orgs[0].id), ..grant(Role::Editor) }],
        ),
        ("ambassador", Lang::Ja, vec![RoleGrant { person_id: Some(member.item.person_id), ..grant(Role::Ambassador) }]),
    ];
    for (name, language, grants) in roles {
        let user = User {
            email: format!("{name}@example.org"),
            display_name: format!("{name} user"),
            password_hash: hash.clone(),
            language,
            disabled: false,
            session_epoch: 0,
        };
        db.create_user_with_roles(&Change::by_system("test", today()), user, grants).await.unwrap();
    }
}

/// A browser: keeps the session cookie between requests.
pub(crate) struct Browser {
    state: AppState<Db>,
    pub(crate) cookie: Option<String>,
}

pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) location: String,
    pub(crate) set_cookie: Vec<String>,
    pub(crate) body: String,
}

impl Browser {
    pub(crate) fn new(state: &AppState<Db>) -> Self {
        Browser { state: state.clone(), cookie: None }
    }

    pub(crate) async fn send(&mut self, method: &str, uri: &str, body: &str, extra: &[(&str, &str)]) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.as_str());
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let res = app(self.state.clone()).oneshot(req.body(Body::from(body.to_owned())).unwrap()).await.unwrap();
        let set_cookie: Vec<String> =
            res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        for c in &set_cookie {
            if let Some(pair) = c.split(';').next()
                && pair.starts_with("zusterstad_session=")
            {
                self.cookie = if c.contains("Max-Age=0") { None } else { Some(pair.to_owned()) };
            }
        }
        let status = res.status();
        let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 26).await.unwrap();
        Answer { status, location, set_cookie, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub(crate) async fn get(&mut self, uri: &str) -> Answer {
        self.send("GET", uri, "", &[]).await
    }

    pub(crate) async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> Answer {
        let body = serde_urlencoded(form);
        self.send("POST", uri, &body, &[]).await
    }

    pub(crate) async fn login(&mut self, who: &str) -> Answer {
        let email = format!("{who}@example.org");
        self.post("/manage/login", &[("email", &email), ("password", PASSWORD), ("next", "/manage")]).await
    }
}

fn serde_urlencoded(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => (b as char).to_string(),
                        b' ' => "+".into(),
                        b => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub(crate) async fn event_id(db: &Db) -> i64 {
    let events: Vec<Stored<Event>> = db.list().await.unwrap();
    events[0].id.get()
}

pub(crate) async fn mou_id(db: &Db) -> i64 {
    let all: Vec<Stored<Agreement>> = db.list().await.unwrap();
    all.iter().find(|a| a.item.kind == AgreementKind::Mou).unwrap().id.get()
}

/// Who may use each workspace route. Written out by hand, on purpose: a new route
/// needs a line here, and a changed rule shows in review.
pub(crate) fn expected() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    const ALL: &[&str] = &["anonymous", "admin", "ghent", "kanazawa", "editor", "ambassador"];
    const SIGNED_IN: &[&str] = &["admin", "ghent", "kanazawa", "editor", "ambassador"];
    const VIEW: &[&str] = &["admin", "ghent", "kanazawa", "editor"];
    const EDIT: &[&str] = &["admin", "ghent", "kanazawa"];
    const SIDES: &[&str] = &["ghent", "kanazawa"];
    const ADMIN: &[&str] = &["admin"];
    vec![
        ("GET", "/manage/login", ALL),
        ("POST", "/manage/login", ALL),
        ("POST", "/manage/logout", SIGNED_IN),
        ("POST", "/manage/logout-everywhere", SIGNED_IN),
        ("GET", "/manage/account", SIGNED_IN),
        ("POST", "/manage/account", SIGNED_IN),
        ("GET", "/manage", SIGNED_IN),
        ("GET", "/manage/calls", SIGNED_IN),
        ("GET", "/manage/partnerships/new", ADMIN),
        ("POST", "/manage/partnerships/new", ADMIN),
        ("GET", "/manage/profile", &["ambassador"]),
        ("POST", "/manage/profile", &["ambassador"]),
        ("GET", "/manage/{slug}", VIEW),
        ("POST", "/manage/{slug}/agreements/{id}/renew", EDIT),
        ("GET", "/manage/{slug}/events", VIEW),
        ("GET", "/manage/{slug}/events/new", EDIT),
        ("POST", "/manage/{slug}/events/new", EDIT),
        ("GET", "/manage/{slug}/events/{id}", VIEW),
        ("POST", "/manage/{slug}/events/{id}", EDIT),
        ("POST", "/manage/{slug}/events/{id}/approve", SIDES),
        ("POST", "/manage/{slug}/events/{id}/delete", EDIT),
        ("GET", "/manage/{slug}/events/{id}/registrations", EDIT),
        ("POST", "/manage/{slug}/events/{id}/registrations", EDIT),
        ("GET", "/manage/{slug}/events/{id}/registrations.csv", EDIT),
        ("GET", "/manage/{slug}/people", EDIT),
        ("GET", "/manage/{slug}/people/{id}", EDIT),
        ("POST", "/manage/{slug}/people/{id}", EDIT),
        ("GET", "/manage/{slug}/people/{id}/export.json", EDIT),
        ("GET", "/manage/{slug}/export.json", EDIT),
        ("GET", "/manage/{slug}/mail", EDIT),
        ("GET", "/manage/{slug}/documents/new", EDIT),
        ("POST", "/manage/{slug}/documents/new", EDIT),
        ("GET", "/manage/{slug}/import", EDIT),
        ("POST", "/manage/{slug}/import", EDIT),
        ("POST", "/manage/{slug}/import/confirm", EDIT),
        ("GET", "/manage/{slug}/records", VIEW),
        ("GET", "/manage/{slug}/records/{kind}", VIEW),
        ("GET", "/manage/{slug}/records/{kind}/new", EDIT),
        ("POST", "/manage/{slug}/records/{kind}/new", EDIT),
        ("GET", "/manage/{slug}/records/{kind}/{id}", VIEW),
        // The editor keeps this organisation (the test's {id}).
        ("POST", "/manage/{slug}/records/{kind}/{id}", VIEW),
        ("POST", "/manage/{slug}/records/{kind}/{id}/delete", EDIT),
        ("POST", "/manage/{slug}/records/{kind}/{id}/approve", SIDES),
        ("GET", "/manage/{slug}/reports", VIEW),
        ("GET", "/manage/{slug}/history/{kind}/{id}", VIEW),
        ("GET", "/manage/{slug}/translate/{lang}", VIEW),
        ("GET", "/manage/reset/{token}", ALL),
        ("POST", "/manage/reset/{token}", ALL),
        ("GET", "/manage/users", ADMIN),
        ("POST", "/manage/users", ADMIN),
        ("GET", "/manage/users/{id}", ADMIN),
        ("POST", "/manage/users/{id}", ADMIN),
        ("GET", "/manage/audit", ADMIN),
    ]
}

#[tokio::test]
async fn every_route_allows_exactly_the_roles_it_should() {
    for backend in backends().await {
        let (_backend, db, cleanup) = backend;
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let table = expected();
        let mut listed: Vec<_> = table.iter().map(|(m, p, _)| (*m, *p)).collect();
        let mut routes: Vec<_> = zusterstad_web::manage::ROUTES.iter().map(|r| (r.method, r.path)).collect();
        listed.sort();
        routes.sort();
        assert_eq!(listed, routes, "every workspace route has a line in this test, and every line a route");
        let (event, mou) = (event_id(&db).await, mou_id(&db).await);
        let admin_id = db.user_by_email("admin@example.org").await.unwrap().unwrap().id.get();
        let everyone: Vec<Stored<Person>> = db.list().await.unwrap();
        let person_id = everyone.last().unwrap().id.get();
        let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
        let editors_org = orgs[0].id.get();
        for (method, path, allowed) in table {
            let id = if path.contains("/records/") {
                editors_org
            } else if path.contains("agreements") {
                mou
            } else if path.contains("people") {
                person_id
            } else if path.contains("users") {
                admin_id
            } else {
                event
            };
            let uri = path
                .replace("{slug}", "gent-kanazawa")
                .replace("{id}", &id.to_string())
                .replace("{kind}", if path.contains("/records/") { "organisation" } else { "event" })
                .replace("{lang}", "ja")
                .replace("{token}", "not-a-token");
            for role in ROLES {
                let mut b = Browser::new(&st);
                if role != "anonymous" {
                    assert_eq!(b.login(role).await.status, StatusCode::SEE_OTHER, "{role} logs in");
                }
                let a = if method == "GET" { b.get(&uri).await } else { b.post(&uri, &[]).await };
                let refused = a.status == StatusCode::FORBIDDEN || a.location.starts_with("/manage/login?next=");
                let should = allowed.contains(&role);
                assert_eq!(!refused, should, "{method} {uri} as {role}: {} {}", a.status, a.location);
                assert!(!a.status.is_server_error(), "{method} {uri} as {role}: {}", a.status);
                if role == "anonymous" && !should {
                    assert!(
                        a.location.starts_with("/manage/login?next="),
                        "{method} {uri}: anonymous is sent to log in"
                    );
                }
            }
        }
        // An unknown partnership is a 404, not a 500.
        let mut b = Browser::new(&st);
        b.login("admin").await;
        assert_eq!(b.get("/manage/nowhere").await.status, StatusCode::NOT_FOUND);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn sessions_cookies_and_logging_out_everywhere() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        // A session id planted before login is not the one used after it.
        let mut phone = Browser::new(&st);
        phone.cookie = Some("zusterstad_session=planted-by-someone-else".into());
        let a = phone.login("ghent").await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(a.location, "/manage");
        let cookie = a.set_cookie.iter().find(|c| c.starts_with("zusterstad_session=")).expect("a session cookie");
        assert!(!cookie.contains("planted-by-someone-else"), "{backend}: a new session id at login");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{backend}: {cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests: no Secure flag");
        assert_eq!(phone.get("/manage/gent-kanazawa").await.status, StatusCode::OK);

        // The session lives in the database: a second server instance knows it.
        let other_server = state(&db, &dir);
        let mut same_phone = Browser::new(&other_server);
        same_phone.cookie = phone.cookie.clone();
        assert_eq!(same_phone.get("/manage/gent-kanazawa").await.status, StatusCode::OK, "{backend}");

        let mut laptop = Browser::new(&st);
        laptop.login("ghent").await;
        assert_ne!(laptop.cookie, phone.cookie);
        let a = laptop.post("/manage/logout-everywhere", &[]).await;
        assert_eq!(a.location, "/manage/login?done=everywhere");
        for b in [&mut phone, &mut laptop] {
            let a = b.get("/manage/gent-kanazawa").await;
            assert!(a.location.starts_with("/manage/login?next="), "{backend}: logged out everywhere");
        }
        // Logging out ends the session.
        let mut tablet = Browser::new(&st);
        tablet.login("kanazawa").await;
        let kept = tablet.cookie.clone();
        tablet.post("/manage/logout", &[]).await;
        tablet.cookie = kept;
        assert!(tablet.get("/manage").await.location.starts_with("/manage/login"), "{backend}");

        // Changing the password: this device stays in, the others are out.
        let mut one = Browser::new(&st);
        let mut two = Browser::new(&st);
        one.login("kanazawa").await;
        two.login("kanazawa").await;
        let weak = one
            .post(
                "/manage/account",
                &[("action", "password"), ("current", PASSWORD), ("new", "short"), ("repeat", "short")],
            )
            .await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(weak.body.contains("このパスワードは使えません：12文字に足りません"), "the reason too is in Japanese");
        assert!(!weak.body.contains("shorter than"), "no English inside the Japanese sentence");
        let new = "hyakumangoku-matsuri-2026";
        let ok = one
            .post("/manage/account", &[("action", "password"), ("current", PASSWORD), ("new", new), ("repeat", new)])
            .await;
        assert_eq!(ok.location, "/manage/account?saved=password", "{backend}");
        assert_eq!(one.get("/manage/account").await.status, StatusCode::OK, "{backend}: this device stays in");
        assert!(two.get("/manage/account").await.location.starts_with("/manage/login"), "{backend}: others are out");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn forms_posted_from_another_site_are_refused() {
    for backend in backends().await {
        let (_backend, db, cleanup) = backend;
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut b = Browser::new(&st);
        b.login("ghent").await;
        let before: Vec<Stored<Event>> = db.list().await.unwrap();
        let form = "title_nl=Vals&kind=other&time_zone=UTC&starts=2027-01-01T10:00&ends=2027-01-01T11:00&publication=draft&online_url=https://evil.example";
        for headers in [
            &[("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")][..],
            &[("origin", "https://evil.example")][..],
        ] {
            let a = b.send("POST", "/manage/gent-kanazawa/events/new", form, headers).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{headers:?}");
        }
        let after: Vec<Stored<Event>> = db.list().await.unwrap();
        assert_eq!(before.len(), after.len(), "nothing was created");
        // The same form from our own pages goes through.
        let a = b.send("POST", "/manage/gent-kanazawa/events/new", form, &[("sec-fetch-site", "same-origin")]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn repeated_failed_logins_are_slowed_down_then_refused() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut b = Browser::new(&st);
        let wrong = [("email", "ghent@example.org"), ("password", "not-the-password")];
        for _ in 0..3 {
            let a = b.post("/manage/login", &wrong).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{backend}");
            assert!(a.body.contains("klopt niet") || a.body.contains("not right"), "{backend}");
        }
        // The fourth failure: from now on, each attempt must wait (the clock is
        // pinned, so no time passes in this test).
        let a = b.post("/manage/login", &wrong).await;
        assert!(a.body.contains("wait 2 seconds"), "{backend}: {}", a.body);
        let right = [("email", "ghent@example.org"), ("password", PASSWORD)];
        let a = b.post("/manage/login", &right).await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{backend}: even the right password waits");
        assert!(b.cookie.is_none());
        // Another account from the same address is not affected yet.
        assert_eq!(b.login("kanazawa").await.status, StatusCode::SEE_OTHER, "{backend}");

        // After ten failures from one address the account is locked there for a while.
        for i in 0..10 {
            db.record_login_failure_for_test("account:admin@example.org|address:unknown", i).await;
        }
        let mut c = Browser::new(&st);
        let a = c.login("admin").await;
        assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{backend}");
        assert!(a.body.contains("blocked until"), "{backend}: {}", a.body);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

trait FailuresForTest {
    async fn record_login_failure_for_test(&self, key: &str, i: i64);
}

impl FailuresForTest for Db {
    async fn record_login_failure_for_test(&self, key: &str, i: i64) {
        use zusterstad_core::store::SessionStore;
        let at = today() - chrono::Duration::seconds(60 - i);
        self.record_login_failure(key, at, chrono::Duration::minutes(15)).await.unwrap();
    }
}

/// A PNG whose header claims `width` × `height` pixels, with almost no data.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
        out
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    png
}

pub(crate) fn event_form<'a>(title_nl: &'a str, title_ja: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", version),
        ("title_nl", title_nl),
        ("title_ja", title_ja),
        ("title_en", ""),
        ("description_nl", "Een avond om elkaar te leren kennen."),
        ("description_ja", ""),
        ("description_en", ""),
        ("venue_nl", "Stadshal, Gent"),
        ("venue_ja", ""),
        ("venue_en", ""),
        ("kind", "network_event"),
        ("time_zone", "Europe/Brussels"),
        ("starts", "2027-03-12T19:00"),
        ("ends", "2027-03-12T21:30"),
        ("online_url", ""),
        ("capacity", ""),
        ("joint", "yes"),
        ("publication", "published"),
    ]
}

#[tokio::test]
async fn a_joint_event_is_public_only_after_both_cities_approve_its_current_version() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut ghent = Browser::new(&st);
        let mut kanazawa = Browser::new(&st);
        ghent.login("ghent").await;
        kanazawa.login("kanazawa").await;

        // Bad input: every problem by field, what was typed is kept, nothing saved.
        let mut bad = event_form("", "", "0");
        bad.retain(|(k, _)| *k != "starts");
        bad.push(("starts", "morgen"));
        bad.push(("venue_nl", ""));
        let a = ghent.post("/manage/gent-kanazawa/events/new", &bad).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("Vul een datum en uur in."), "{backend}: {}", a.body);

        let a =
            ghent.post("/manage/gent-kanazawa/events/new", &event_form("Netwerkavond in de Stadshal", "", "0")).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let edit = a.location.split('?').next().unwrap().to_owned();
        let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
        let stored: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        assert_eq!(stored.item.title.nl.status, zusterstad_core::TextStatus::Original);
        assert_eq!(stored.item.title.ja.status, zusterstad_core::TextStatus::Missing);
        // 19:00 in Ghent in March (winter time) is 18:00 UTC.
        assert_eq!(stored.item.starts_at.format("%H:%M").to_string(), "18:00");

        // Kanazawa sees it waiting for approval and for a Japanese title.
        let dash = kanazawa.get("/manage/gent-kanazawa").await.body;
        assert!(dash.contains("Netwerkavond in de Stadshal"), "{backend}: on Kanazawa's dashboard");
        let todo = kanazawa.get("/manage/gent-kanazawa/translate/ja").await.body;
        let line = format!("href=\"/manage/gent-kanazawa/events/{id}\"");
        // Title, description and venue are to translate into Japanese.
        assert_eq!(todo.matches(&line).count(), 3, "{backend}: {todo}");

        let portal = |lang: &'static str| {
            let st = st.clone();
            async move {
                let mut visitor = Browser::new(&st);
                visitor.get(&format!("/{lang}/gent-kanazawa/events/{id}")).await
            }
        };
        assert_eq!(portal("nl").await.status, StatusCode::NOT_FOUND, "{backend}: unapproved joint event is hidden");

        // Kanazawa adds the Japanese title (version 2) and approves it.
        let a =
            kanazawa.post(&edit, &event_form("Netwerkavond in de Stadshal", "市庁舎ホールでの交流の夕べ", "1")).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let a = kanazawa.post(&format!("{edit}/approve"), &[("version", "2")]).await;
        assert_eq!(a.location, format!("{edit}?approved=1"));
        assert_eq!(portal("ja").await.status, StatusCode::NOT_FOUND, "{backend}: one side is not enough");
        let todo = kanazawa.get("/manage/gent-kanazawa/translate/ja").await.body;
        assert_eq!(todo.matches(&line).count(), 2, "{backend}: the Japanese title is done");

        // An admin is not a side: approving is refused.
        let mut admin = Browser::new(&st);
        admin.login("admin").await;
        assert_eq!(admin.post(&format!("{edit}/approve"), &[("version", "2")]).await.status, StatusCode::FORBIDDEN);

        // Ghent approves the same version: public, in both languages.
        ghent.post(&format!("{edit}/approve"), &[("version", "2")]).await;
        let nl = portal("nl").await;
        assert_eq!(nl.status, StatusCode::OK, "{backend}");
        assert!(nl.body.contains("Netwerkavond in de Stadshal"));
        assert!(portal("ja").await.body.contains("市庁舎ホールでの交流の夕べ"), "{backend}");

        // A change after approval asks for approval again; the Japanese goes stale.
        let a = ghent.post(&edit, &event_form("Netwerkavond in het Stadhuis", "市庁舎ホールでの交流の夕べ", "2")).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}");
        let shown = portal("nl").await;
        assert_eq!(shown.status, StatusCode::OK, "{backend}: the version both approved stays public");
        assert!(shown.body.contains("Netwerkavond in de Stadshal"), "{backend}");
        assert!(!shown.body.contains("Netwerkavond in het Stadhuis"), "{backend}: not the new words yet");
        let stored: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        assert_eq!(stored.item.title.ja.status, zusterstad_core::TextStatus::Stale);
        let todo = kanazawa.get("/manage/gent-kanazawa/translate/ja").await.body;
        assert_eq!(todo.matches(&line).count(), 3, "{backend}: the Japanese title is stale");
        assert!(todo.contains("要更新"), "{backend}");

        // History: who changed what.
        let history = ghent.get(&format!("/manage/gent-kanazawa/history/event/{id}")).await.body;
        assert!(history.contains("kanazawa user") && history.contains("ghent user"), "{backend}");
        assert!(history.contains("Netwerkavond in het Stadhuis"), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn the_second_of_two_simultaneous_edits_is_refused_and_shown_side_by_side() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut ghent = Browser::new(&st);
        let mut kanazawa = Browser::new(&st);
        ghent.login("ghent").await;
        kanazawa.login("kanazawa").await;
        let a =
            ghent.post("/manage/gent-kanazawa/events/new", &event_form("Lezing over Kutani-keramiek", "", "0")).await;
        let edit = a.location.split('?').next().unwrap().to_owned();
        // Both opened version 1; Ghent saves first.
        let first = ghent.post(&edit, &event_form("Lezing over Kutani-porselein", "", "1")).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{backend}");
        let second =
            kanazawa.post(&edit, &event_form("Lezing over Kutani-keramiek", "九谷焼についての講演", "1")).await;
        assert_eq!(second.status, StatusCode::CONFLICT, "{backend}");
        assert!(second.body.contains("九谷焼についての講演") && second.body.contains("Lezing over Kutani-porselein"));
        let id: i64 = edit.rsplit('/').next().unwrap().parse().unwrap();
        let stored: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        assert_eq!(stored.item.title.nl.value, "Lezing over Kutani-porselein", "{backend}: nothing overwritten");
        assert_eq!(stored.version, 2);
        assert!(
            second.body.contains("name=\"version\" value=\"2\""),
            "{backend}: the form can now be saved on purpose"
        );
        // Deleting from an old version is refused; from the current one it goes.
        let a = kanazawa.post(&format!("{edit}/delete"), &[("version", "1")]).await;
        assert_eq!(a.location, format!("{edit}?undeletable=1"), "{backend}");
        let a = kanazawa.post(&format!("{edit}/delete"), &[("version", "2")]).await;
        assert_eq!(a.location, "/manage/gent-kanazawa/events?deleted=1", "{backend}");
        assert!(RecordStore::<Event>::get(&db, Id::new(id)).await.is_err());
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn history_reads_as_changes_in_the_readers_words_not_as_data() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mou = mou_id(&db).await;
    // Ghent edits the MoU's Dutch title in the workspace.
    let mut ghent = Browser::new(&st);
    ghent.login("ghent").await;
    let stored: Stored<Agreement> = db.get(Id::new(mou)).await.unwrap();
    let mut changed = stored.item.clone();
    changed.title.nl.value = "Samenwerkingsmemorandum 2021–2026".into();
    let ghent_user = db.user_by_email("ghent@example.org").await.unwrap().unwrap();
    let by = zusterstad_core::audit::Change::by_user(ghent_user.id, chrono::Utc::now());
    db.update(&by, stored.id, stored.version, changed).await.unwrap();
    let mut kanazawa = Browser::new(&st);
    kanazawa.login("kanazawa").await;
    let page = kanazawa.get(&format!("/manage/gent-kanazawa/history/agreement/{mou}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let main = page.body.split("<main").nth(1).unwrap_or_default().to_owned();
    for raw in ["{&quot;", "{\"", "partnership_id", "valid_until", "2026-12-31", ">demo<", "published", "mou<", "null"]
    {
        assert!(!main.contains(raw), "no {raw} in the history: {main}");
    }
    assert!(main.contains("有効期間の終了") && main.contains("2026年12月31日"), "labels and dates: {main}");
    assert!(
        main.contains("システム") && !main.contains(">test<"),
        "a change without a user says where it came from: {main}"
    );
    assert!(main.contains("2021年"), "a year as Japanese writes it: {main}");
    assert!(main.contains("公開"), "a state is named in words: {main}");
    assert!(main.contains("タイトル（Nederlands）"), "a text's change names its language: {main}");
    assert!(main.contains("Samenwerkingsmemorandum 2021–2026") && main.contains("ghent user"), "{main}");
    let nl = ghent.get(&format!("/manage/gent-kanazawa/history/agreement/{mou}")).await.body;
    assert!(nl.contains("Titel (Nederlands)") && nl.contains("31 december 2026"), "{nl}");
    assert!(nl.contains("Zusterstad zelf"), "{nl}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_dashboard_shows_the_expiring_mou_and_drafts_its_renewal() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mut ghent = Browser::new(&st);
    ghent.login("ghent").await;
    let dash = ghent.get("/manage/gent-kanazawa").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(dash.body.contains("loopt binnenkort af · eind 2026"), "the MoU 2021–2026 ends with 2026: {}", dash.body);
    assert!(!dash.body.contains("nog 33 dagen"), "no count of days to a day nobody set");
    // The demo's renewal talk waits for Kanazawa, not for Ghent.
    assert!(dash.body.contains("Er wacht niets op jouw goedkeuring."));
    let mut kanazawa = Browser::new(&st);
    kanazawa.login("kanazawa").await;
    let waiting = kanazawa.get("/manage/gent-kanazawa").await.body;
    assert!(waiting.contains("覚書更新に向けたオンライン協議"), "Kanazawa's approval is awaited: {waiting}");
    // Recent changes and history: times in the reader's city, separators of its language.
    let recent = |body: &str| body.split("<main").nth(1).unwrap_or_default().to_owned();
    let mine = recent(&waiting);
    assert!(mine.contains(":00 JST") && !mine.contains(":00 UTC"), "Kanazawa's times are Japan's: {mine}");
    assert!(!mine.contains(" · "), "Japanese separators: {mine}");
    assert!(recent(&dash.body).contains(":00 CET"), "Ghent's times are Belgium's in winter");
    let history = mine
        .split(r#"href="/manage/gent-kanazawa/history/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a recent change links to its history");
    let page = kanazawa.get(&format!("/manage/gent-kanazawa/history/{history}")).await.body;
    assert!(page.contains(":00 JST") && !page.contains(":00 UTC"), "{page}");
    let mou = mou_id(&db).await;
    let a = ghent.post(&format!("/manage/gent-kanazawa/agreements/{mou}/renew"), &[]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let all: Vec<Stored<Agreement>> = db.list().await.unwrap();
    let draft = all.iter().find(|a| a.item.renews_id == Some(Id::new(mou))).expect("a renewal draft");
    assert_eq!(draft.item.publication, zusterstad_core::Publication::Draft);
    assert!(draft.item.joint);
    assert_eq!(draft.item.valid_from.map(|d| d.to_string()).as_deref(), Some("2027-01-01"));
    // The event form names time zones by city and offset, not as Europe/Brussels.
    let form = kanazawa.get("/manage/gent-kanazawa/events/new").await.body;
    assert!(form.contains(r#"<option value="Asia/Tokyo""#) && form.contains(">金沢　UTC+9</option>"), "{form}");
    assert!(!form.contains(">Europe/Brussels<"), "{form}");
    // The public portal does not show the draft.
    let mut visitor = Browser::new(&st);
    let public = visitor.get("/nl/gent-kanazawa/agreements").await.body;
    assert_eq!(public.matches("Memorandum of Understanding 2021–2026").count(), 1);
    // The renew action is gone once a draft exists.
    assert!(!ghent.get("/manage/gent-kanazawa").await.body.contains("/renew"));
    let p: Stored<Partnership> = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let _: Stored<City> = db.get(p.item.city_a_id).await.unwrap();
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_call_planner_follows_daylight_saving_time() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mut b = Browser::new(&st);
    b.login("kanazawa").await;
    let winter = b.get("/manage/calls?date=2026-12-07").await.body;
    // Seen from Kanazawa: 16:00 and 17:00 there are 08:00 and 09:00 in Ghent.
    assert!(
        winter.contains("<td>16:00</td><td>08:00</td>") && winter.contains("<td>17:00</td><td>09:00</td>"),
        "{winter}"
    );
    let summer = b.get("/manage/calls?date=2026-06-03").await.body;
    assert!(summer.contains("<td>15:00</td><td>08:00</td>"), "{summer}");
    let bad = b.get("/manage/calls?date=gisteren&from=20&until=9").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("role=\"alert\""));
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_admin_adds_a_user_who_sets_a_password_through_a_one_time_link() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut admin = Browser::new(&st);
        admin.login("admin").await;
        let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
        let org = orgs[0].id.get().to_string();
        // Missing fields: messages, nothing created.
        let a = admin.post("/manage/users", &[("name", ""), ("email", "nope"), ("role", "editor")]).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("Enter an e-mail address.") && a.body.contains("Choose the organisation"));
        let form = [
            ("name", "Yuki Sato"),
            ("email", "Yuki@Example.jp"),
            ("language", "ja"),
            ("role", "editor"),
            ("organisation", org.as_str()),
        ];
        let a = admin.post("/manage/users", &form).await;
        assert_eq!(a.status, StatusCode::OK, "{backend}: {}", a.body);
        let again = admin.post("/manage/users", &form).await;
        assert!(again.body.contains("There is already a user with this e-mail address."), "{backend}");
        // The link went out by mail, in the user's language.
        let mails = super::outbox_mails(&dir);
        let mail = mails.iter().find(|m| m.contains("yuki@example.jp")).expect("a mail to the new user");
        assert!(mail.contains("Content-Transfer-Encoding: base64"), "{mail}");
        let encoded: String = mail.split("\r\n\r\n").nth(1).unwrap().split_whitespace().collect();
        use base64::Engine;
        let body = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap();
        assert!(body.contains("パスワードを設定してください"), "in Japanese: {body}");
        let link = body.split_whitespace().find(|w| w.contains("/manage/reset/")).unwrap_or_else(|| panic!("{body}"));
        let path = &link[link.find("/manage/reset/").unwrap()..];
        let mut yuki = Browser::new(&st);
        let form = yuki.get(path).await;
        assert_eq!(form.status, StatusCode::OK);
        // The workspace language is chosen here; without a browser's wish, the account's.
        assert!(form.body.contains(r#"<option value="ja" lang="ja" selected>"#), "{backend}: {}", form.body);
        assert!(form.body.contains("管理画面の言語"), "{backend}: the page in Japanese");
        let weak = yuki.post(path, &[("new", "kanazawa"), ("repeat", "kanazawa")]).await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        let new = "asanogawa-no-sakura-2027";
        let done = yuki.post(path, &[("new", new), ("repeat", new), ("language", "en")]).await;
        assert_eq!(done.location, "/manage/login?done=password", "{backend}: a weak try does not spend the link");
        let chosen = db.user_by_email("yuki@example.jp").await.unwrap().unwrap().item.language;
        assert_eq!(chosen, zusterstad_core::Lang::En, "{backend}: the language chosen with the password is kept");
        assert_eq!(
            yuki.post(path, &[("new", new), ("repeat", new)]).await.status,
            StatusCode::NOT_FOUND,
            "{backend}: once"
        );
        let a = yuki.post("/manage/login", &[("email", "yuki@example.jp"), ("password", new)]).await;
        assert_eq!(a.location, "/manage", "{backend}");
        // An editor sees the partnership's workspace but cannot edit events.
        assert_eq!(yuki.get("/manage/gent-kanazawa").await.status, StatusCode::OK);
        assert_eq!(yuki.get("/manage/gent-kanazawa/events/new").await.status, StatusCode::FORBIDDEN);

        // Disabling the account ends the session and refuses logins.
        let id = db.user_by_email("yuki@example.jp").await.unwrap().unwrap().id.get();
        admin.post(&format!("/manage/users/{id}"), &[("action", "disable")]).await;
        assert!(yuki.get("/manage").await.location.starts_with("/manage/login"), "{backend}");
        let a = yuki.post("/manage/login", &[("email", "yuki@example.jp"), ("password", new)]).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{backend}");

        // The audit log, by person: the admin's changes to Yuki's account.
        let admin_id = db.user_by_email("admin@example.org").await.unwrap().unwrap().id.get();
        let log = admin.get(&format!("/manage/audit?actor={admin_id}&kind=user_account")).await.body;
        assert!(log.contains(&format!("User #{id}")) && log.contains("disabled"), "{backend}: {log}");
        let none = admin.get("/manage/audit?from=2030-01-01").await.body;
        assert!(none.contains("No changes match."), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn coordinators_see_export_and_write_to_an_events_registrants() {
    use zusterstad_core::registrations::RegistrationStatus;
    use zusterstad_core::store::RegistrationStore;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let path = super::network_event(&db).await;
        let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        let event: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        let mut small = event.item.clone();
        small.registration.as_mut().unwrap().capacity = Some(2);
        let change = Change::by_system("test", today());
        db.update(&change, event.id, event.version, small).await.unwrap();
        for (i, (name, email, lang)) in [
            ("Sofie Peeters", "sofie@example.be", Lang::Nl),
            ("田中 一郎", "ichiro@example.jp", Lang::Ja),
            ("Wout De Smet", "wout@example.be", Lang::Nl),
        ]
        .into_iter()
        .enumerate()
        {
            let token = format!("{:064x}", i + 1);
            db.register(&change, event.id, name, email, &token, lang, None).await.unwrap();
            db.confirm_registration(&change, &token, None).await.unwrap();
        }
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let base = format!("/manage/gent-kanazawa/events/{id}/registrations");
        let list = ghent.get(&base).await;
        assert_eq!(list.status, StatusCode::OK, "{backend}");
        assert!(
            list.body.contains("田中 一郎") && list.body.contains("2 ingeschreven, 1 op de wachtlijst"),
            "{backend}"
        );

        let csv = ghent.get(&format!("{base}.csv")).await;
        assert!(csv.body.starts_with('\u{feff}'), "{backend}: a BOM for Excel");
        assert_eq!(csv.body.lines().count(), 4);
        assert!(csv.body.contains("田中 一郎,ichiro@example.jp,ingeschreven"), "{}", csv.body);

        // Give Wout a place, beyond the capacity: the coordinator decides.
        let regs = db.registrations(event.id).await.unwrap();
        let wout = regs.iter().find(|r| r.item.status == RegistrationStatus::Waiting).unwrap();
        let a = ghent.post(&base, &[("action", "promote"), ("registration", &wout.id.get().to_string())]).await;
        assert_eq!(a.location, format!("{base}?moved=1"), "{backend}");
        let regs = db.registrations(event.id).await.unwrap();
        assert!(regs.iter().all(|r| r.item.status == RegistrationStatus::Confirmed), "{backend}");
        assert!(super::outbox_mails(&dir).iter().any(|m| m.contains("wout@example.be")), "{backend}: Wout is told");

        // A message with a bad subject changes nothing; a good one reaches all three.
        let before = super::outbox_mails(&dir).len();
        let bad = ghent.post(&base, &[("action", "message"), ("subject", ""), ("body", "")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(super::outbox_mails(&dir).len(), before);
        let ok = ghent
            .post(
                &base,
                &[("action", "message"), ("subject", "Praktische info"), ("body", "De deuren gaan open om 18.30 uur.")],
            )
            .await;
        assert!(ok.body.contains("Het bericht is naar 3 personen verstuurd."), "{backend}: {}", ok.body);
        assert_eq!(super::outbox_mails(&dir).len(), before + 3);
        // An editor of an organisation does not see people's registrations.
        let mut editor = Browser::new(&st);
        editor.login("editor").await;
        assert_eq!(editor.get(&base).await.status, StatusCode::FORBIDDEN);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_persons_data_is_exported_and_erased_with_the_log_scrubbed() {
    use zusterstad_core::people::Ambassador;
    use zusterstad_core::store::{AuditStore, RegistrationStore};
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let ambassadors: Vec<Stored<Ambassador>> = db.list().await.unwrap();
        let member =
            ambassadors.iter().find(|a| a.item.publication == zusterstad_core::Publication::Published).unwrap();
        let person: Stored<Person> = db.get(member.item.person_id).await.unwrap();
        // Give them an address, and a registration under it.
        let change = Change::by_system("test", today());
        let mut with_mail = person.item.clone();
        with_mail.email = Some("ambassador@example.jp".into());
        let person = db.update(&change, person.id, person.version, with_mail).await.unwrap();
        let event = super::network_event(&db).await;
        let event_id: i64 = event.rsplit('/').next().unwrap().parse().unwrap();
        db.register(
            &change,
            Id::new(event_id),
            &person.item.given_name,
            "ambassador@example.jp",
            &format!("{:064x}", 9),
            Lang::Ja,
            None,
        )
        .await
        .unwrap();
        let family = person.item.family_name.clone();
        let base = format!("/manage/gent-kanazawa/people/{}", person.id.get());

        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let list = ghent.get(&format!("/manage/gent-kanazawa/people?cohort={}", member.item.cohort_year)).await;
        assert!(list.body.contains(&family), "{backend}: listed in their cohort");

        let export = ghent.get(&format!("{base}/export.json")).await;
        assert_eq!(export.status, StatusCode::OK, "{backend}");
        let json: serde_json::Value = serde_json::from_str(&export.body).unwrap();
        assert_eq!(json["person"]["family_name"], family.as_str());
        assert_eq!(json["event_registrations"].as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(json["ambassador"].as_array().unwrap().len(), 1);
        let log = db.history(zusterstad_core::Kind::Person, person.id.get()).await.unwrap();
        assert_eq!(
            log.last().unwrap().action,
            zusterstad_core::audit::Action::Export,
            "{backend}: the export is logged"
        );

        // Erasing needs the confirmation box.
        let a = ghent.post(&base, &[("action", "erase")]).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        let a = ghent.post(&base, &[("action", "erase"), ("confirm", "yes")]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let after: Stored<Person> = db.get(person.id).await.unwrap();
        assert_eq!(after.item.family_name, "—");
        assert!(after.item.email.is_none() && !after.item.consents.may_publish_profile());
        let regs = db.registrations(Id::new(event_id)).await.unwrap();
        assert!(regs.iter().all(|r| r.item.email != "ambassador@example.jp"), "{backend}");
        let still: Vec<Stored<Ambassador>> = db.list().await.unwrap();
        assert_eq!(still.len(), ambassadors.len(), "{backend}: the club's figures stay");
        // Nothing in the log still holds the name; the erasure itself is logged.
        let log = db.history(zusterstad_core::Kind::Person, person.id.get()).await.unwrap();
        let text = serde_json::to_string(&log.iter().map(|e| &e.changes).collect::<Vec<_>>()).unwrap();
        assert!(!text.contains(&family) && !text.contains("ambassador@example.jp"), "{backend}: {text}");
        assert_eq!(log.last().unwrap().action, zusterstad_core::audit::Action::Erase);
        let mut visitor = Browser::new(&st);
        assert!(!visitor.get("/nl/gent-kanazawa/supporters").await.body.contains(&family), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn every_kind_is_edited_through_one_form_engine() {
    use zusterstad_core::news::NewsPost;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        for kind in ["agreement", "news_post", "activity", "organisation", "organisation_pair", "programme", "landmark"]
        {
            let list = ghent.get(&format!("/manage/gent-kanazawa/records/{kind}")).await;
            assert_eq!(list.status, StatusCode::OK, "{backend} {kind}");
            assert_eq!(ghent.get(&format!("/manage/gent-kanazawa/records/{kind}/new")).await.status, StatusCode::OK);
        }
        // The partnership and its cities are edited, not created or deleted here.
        let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        let city = format!("/manage/gent-kanazawa/records/city/{}", p.item.city_b_id.get());
        assert_eq!(ghent.get(&city).await.status, StatusCode::OK, "{backend}");
        assert_eq!(ghent.get("/manage/gent-kanazawa/records/partnership/new").await.status, StatusCode::NOT_FOUND);
        let form = [
            ("version", p.version.to_string()),
            ("name_nl", p.item.name.nl.value.clone()),
            ("name_ja", p.item.name.ja.value.clone()),
            ("name_en", p.item.name.en.value.clone()),
            ("summary_nl", p.item.summary.nl.value.clone()),
            ("description_nl", p.item.description.nl.value.clone()),
            ("established_year", "1971".to_owned()),
            ("established_on", String::new()),
            ("focus_areas", "academic".to_owned()),
            ("focus_areas", "culinary".to_owned()),
            ("sdgs", "4".to_owned()),
            ("expiry_window_days", "400".to_owned()),
            ("publication", "published".to_owned()),
        ];
        let a = ghent.post(&format!("/manage/gent-kanazawa/records/partnership/{}", p.id.get()), &as_refs(&form)).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let after = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        assert_eq!(after.item.expiry_window_days, 400);
        assert_eq!(after.item.focus_areas.len(), 2, "{backend}");
        // Another partnership's city is not reachable from this one.
        assert_eq!(ghent.get("/manage/gent-kanazawa/records/city/999999").await.status, StatusCode::NOT_FOUND);
        let post = |title: &'static str, when: &'static str| {
            vec![
                ("version", "0"),
                ("slug", "nieuwe-lantaarn"),
                ("title_nl", title),
                ("title_ja", ""),
                ("title_en", ""),
                ("summary_nl", "Een lantaarn voor het Citadelpark."),
                ("body_nl", "Een **nieuwe** lantaarn."),
                ("published_at", when),
                ("photo_id", ""),
                ("publication", "published"),
            ]
        };
        // A preview renders the Markdown and saves nothing.
        let mut preview = post("Nieuwe lantaarn", "2026-11-20T09:00");
        preview.push(("preview", "yes"));
        let a = ghent.post("/manage/gent-kanazawa/records/news_post/new", &preview).await;
        assert!(a.body.contains("<strong>nieuwe</strong>"), "{backend}: {}", a.body);
        // A bad date: a message, and what was typed stays.
        let a =
            ghent.post("/manage/gent-kanazawa/records/news_post/new", &post("Nieuwe lantaarn", "volgende week")).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("value=\"volgende week\"") && a.body.contains("value=\"Nieuwe lantaarn\""));
        let posts: Vec<Stored<NewsPost>> = db.list().await.unwrap();
        assert!(posts.iter().all(|p| p.item.slug != "nieuwe-lantaarn"), "{backend}: nothing saved yet");
        let a = ghent
            .post("/manage/gent-kanazawa/records/news_post/new", &post("Nieuwe lantaarn", "2026-11-20T09:00"))
            .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let mut visitor = Browser::new(&st);
        assert!(
            visitor.get("/nl/gent-kanazawa/news").await.body.contains("Nieuwe lantaarn"),
            "{backend}: on the portal"
        );
        // The time was entered in Ghent's zone (winter: UTC+1), and is shown so again.
        let posts: Vec<Stored<NewsPost>> = db.list().await.unwrap();
        let lantern = posts.iter().find(|p| p.item.slug == "nieuwe-lantaarn").unwrap();
        assert_eq!(lantern.item.published_at.to_rfc3339(), "2026-11-20T08:00:00+00:00", "{backend}");
        let form = ghent.get(&format!("/manage/gent-kanazawa/records/news_post/{}", lantern.id)).await.body;
        assert!(form.contains("value=\"2026-11-20T09:00\"") && form.contains("Europe/Brussels"), "{backend}");
        // A time the clock skips (the spring change in Ghent) is refused, not moved.
        let mut gap = post("Lente", "2027-03-28T02:30");
        gap[1] = ("slug", "lente");
        let a = ghent.post("/manage/gent-kanazawa/records/news_post/new", &gap).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");

        // Activities: participants and SDGs (repeated checkbox names).
        let a = ghent
            .post(
                "/manage/gent-kanazawa/records/activity/new",
                &[
                    ("version", "0"),
                    ("title_nl", "Uitwisseling van koks"),
                    ("summary_nl", "Koks uit Gent koken in Kanazawa."),
                    ("body_nl", ""),
                    ("focus", "culinary"),
                    ("direction", "a_to_b"),
                    ("starts_on", "2027-05-10"),
                    ("ends_on", ""),
                    ("participants_0_kind", "chefs"),
                    ("participants_0_count", "4"),
                    ("participants_1_kind", ""),
                    ("participants_1_count", ""),
                    ("sdgs", "8"),
                    ("sdgs", "12"),
                    ("programme_id", ""),
                    ("publication", "draft"),
                ],
            )
            .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let id: i64 = a.location.split('?').next().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let activity: Stored<zusterstad_core::activities::Activity> = db.get(Id::new(id)).await.unwrap();
        assert_eq!(activity.item.sdgs, [8, 12]);
        assert_eq!(activity.item.participants.len(), 1);
        assert_eq!(activity.item.title.nl.status, zusterstad_core::TextStatus::Original);

        // A crafted form naming a city of no concern to this partnership is refused.
        let cities: Vec<Stored<City>> = db.list().await.unwrap();
        let brugge = db
            .create(&Change::by_system("test", today()), City { slug: "brugge".into(), ..cities[0].item.clone() })
            .await
            .unwrap();
        let brugge_id = brugge.id.get().to_string();
        let a = ghent
            .post(
                "/manage/gent-kanazawa/records/organisation/new",
                &[
                    ("version", "0"),
                    ("name_nl", "Concertgebouw Brugge"),
                    ("kind", "orchestra"),
                    ("city_id", &brugge_id),
                    ("publication", "draft"),
                ],
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("Kies een item van dit partnerschap."), "{backend}");

        // The list as CSV, sorted by title.
        let csv = ghent.get("/manage/gent-kanazawa/records/activity.csv?show=all&sort=title").await;
        assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("Uitwisseling van koks"), "{backend}");

        // An organisation others refer to cannot be deleted; a new one can.
        let orgs: Vec<Stored<Organisation>> = db.list().await.unwrap();
        let used = &orgs[0];
        // Deleting asks first: the button that deletes sits behind "Verwijderen…",
        // looks unlike Save, and says it is for good.
        let form = ghent.get(&format!("/manage/gent-kanazawa/records/organisation/{}", used.id.get())).await.body;
        let zone = form.split(r#"<details class="danger-zone">"#).nth(1).unwrap_or_default();
        assert!(zone.contains(r#"<button type="submit" class="danger">Ja, definitief verwijderen</button>"#), "{form}");
        let before = form.split(r#"<details class="danger-zone">"#).next().unwrap_or_default();
        assert!(!before.contains("/delete"), "no delete outside the confirming part: {backend}");
        let a = ghent
            .post(
                &format!("/manage/gent-kanazawa/records/organisation/{}/delete", used.id.get()),
                &[("version", &used.version.to_string())],
            )
            .await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{backend}");
        assert!(a.body.contains("Archiveer het in de plaats"));
        assert!(RecordStore::<Organisation>::get(&db, used.id).await.is_ok());

        // The editor keeps their own organisation only.
        let mut editor = Browser::new(&st);
        editor.login("editor").await;
        let own = &orgs[0];
        let mut form: Vec<(&str, String)> = vec![
            ("version", own.version.to_string()),
            ("name_nl", own.item.name.nl.value.clone()),
            ("name_ja", own.item.name.ja.value.clone()),
            ("name_en", "A new English name".to_owned()),
            ("short_name", own.item.short_name.clone().unwrap_or_default()),
            ("kind", serde_json::to_value(own.item.kind).unwrap().as_str().unwrap().to_owned()),
            ("city_id", own.item.city_id.get().to_string()),
            ("website", own.item.website.clone().unwrap_or_default()),
            ("description_nl", own.item.description.nl.value.clone()),
            ("publication", "published".to_owned()),
        ];
        let a =
            editor.post(&format!("/manage/gent-kanazawa/records/organisation/{}", own.id.get()), &as_refs(&form)).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let other = &orgs[1];
        form[0].1 = other.version.to_string();
        let a = editor
            .post(&format!("/manage/gent-kanazawa/records/organisation/{}", other.id.get()), &as_refs(&form))
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{backend}: not their organisation");
        // A stale version: refused, both versions shown.
        form[0].1 = own.version.to_string();
        let a =
            editor.post(&format!("/manage/gent-kanazawa/records/organisation/{}", own.id.get()), &as_refs(&form)).await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

fn as_refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_renewed_agreement_is_approved_by_both_sides_in_the_workspace() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mut ghent = Browser::new(&st);
    let mut kanazawa = Browser::new(&st);
    ghent.login("ghent").await;
    kanazawa.login("kanazawa").await;
    let mou = mou_id(&db).await;
    ghent.post(&format!("/manage/gent-kanazawa/agreements/{mou}/renew"), &[]).await;
    let all: Vec<Stored<Agreement>> = db.list().await.unwrap();
    let draft = all.iter().find(|a| a.item.renews_id == Some(Id::new(mou))).unwrap();
    let page = format!("/manage/gent-kanazawa/records/agreement/{}", draft.id.get());
    // Ghent sets the dates, a new title and publishes it (still joint).
    let form = [
        ("version", "1"),
        ("kind", "mou"),
        ("title_nl", "Memorandum of Understanding 2027–2031"),
        ("title_ja", draft.item.title.ja.value.as_str()),
        ("title_en", ""),
        ("summary_nl", draft.item.summary.nl.value.as_str()),
        ("organisation_pair_id", ""),
        ("signed_on", ""),
        ("signed_year", "2027"),
        ("valid_from", "2027-01-01"),
        ("valid_until", "2031-12-31"),
        ("document_id", ""),
        ("renews_id", &mou.to_string()),
        ("joint", "yes"),
        ("publication", "published"),
    ];
    let a = ghent.post(&page, &form).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let mut visitor = Browser::new(&st);
    assert!(!visitor.get("/nl/gent-kanazawa/agreements").await.body.contains("2027–2031"));
    let a = kanazawa.post(&format!("{page}/approve"), &[("version", "2")]).await;
    assert_eq!(a.location, format!("{page}?done=approved"));
    assert!(!visitor.get("/nl/gent-kanazawa/agreements").await.body.contains("2027–2031"));
    ghent.post(&format!("{page}/approve"), &[("version", "2")]).await;
    assert!(visitor.get("/nl/gent-kanazawa/agreements").await.body.contains("Memorandum of Understanding 2027–2031"));
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// The text of the mails in the outbox (bodies are base64 when not ASCII).
fn mail_texts(dir: &std::path::Path) -> Vec<String> {
    use base64::Engine;
    super::outbox_mails(dir)
        .into_iter()
        .map(|m| {
            let (head, body) = m.split_once("\r\n\r\n").unwrap_or((m.as_str(), ""));
            let body = if head.contains("Content-Transfer-Encoding: base64") {
                let encoded: String = body.split_whitespace().collect();
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap_or_default())
                    .unwrap_or_default()
            } else {
                body.to_owned()
            };
            format!("{head}\n\n{body}")
        })
        .collect()
}

#[tokio::test]
async fn reminders_reach_the_coordinators_concerned_once() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let sent = zusterstad_web::send_reminders(&st, "https://partners.gent.be").await.unwrap();
        assert_eq!(sent, 2, "{backend}: one mail per coordinator");
        let mails = mail_texts(&dir);
        let ghent = mails.iter().find(|m| m.contains("To: ghent@example.org")).unwrap();
        let kanazawa = mails.iter().find(|m| m.contains("To: kanazawa@example.org")).unwrap();
        assert!(ghent.contains("loopt af over 33 dagen"), "{backend}: {ghent}");
        assert!(!ghent.contains("wacht op de goedkeuring"), "{backend}: Ghent approved the renewal talk");
        assert!(kanazawa.contains("あと33日") && kanazawa.contains("承認を待っています"), "{backend}: {kanazawa}");
        assert!(kanazawa.contains("https://partners.gent.be/manage/gent-kanazawa/"), "{backend}");
        // A second run, or another server, sends nothing new.
        assert_eq!(zusterstad_web::send_reminders(&st, "https://partners.gent.be").await.unwrap(), 0, "{backend}");
        assert_eq!(super::outbox_mails(&dir).len(), 2);

        // Ghent rewrites a Dutch original: Kanazawa hears that the Japanese is stale.
        let path = super::network_event(&db).await;
        let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        let event: Stored<Event> = db.get(Id::new(id)).await.unwrap();
        let mut item = event.item.clone();
        item.title.edit(Lang::Nl, "Netwerkevent Gent-Kanazawa 2026 (nieuwe zaal)".to_owned());
        let change = Change::by_system("test", today());
        db.update(&change, event.id, event.version, item).await.unwrap();
        assert_eq!(
            zusterstad_web::send_reminders(&st, "https://partners.gent.be").await.unwrap(),
            1,
            "{backend}: only Kanazawa"
        );
        let mails = mail_texts(&dir);
        assert!(
            mails.iter().any(|m| m.contains("To: kanazawa@example.org") && m.contains("翻訳の更新が必要です")),
            "{backend}"
        );
        assert_eq!(zusterstad_web::send_reminders(&st, "https://partners.gent.be").await.unwrap(), 0, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn an_ambassador_keeps_only_their_own_profile_and_people_stay_private() {
    use zusterstad_core::people::Ambassador;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut amb = Browser::new(&st);
        amb.login("ambassador").await;
        let form =
            [("profile_nl", ""), ("profile_ja", "金沢の工芸を紹介しています。"), ("profile_en", ""), ("public", "yes")];
        let a = amb.post("/manage/profile", &form).await;
        assert_eq!(a.location, "/manage/profile?saved=1", "{backend}: {}", a.body);
        let mut visitor = Browser::new(&st);
        let public = visitor.get("/ja/gent-kanazawa/supporters").await.body;
        assert!(public.contains("金沢の工芸を紹介しています。"), "{backend}: their consent to a public profile stands");
        // Withdrawing consent (the box unticked) takes the profile off the portal.
        let a = amb.post("/manage/profile", &[("profile_ja", "金沢の工芸を紹介しています。")]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER);
        assert!(!visitor.get("/ja/gent-kanazawa/supporters").await.body.contains("金沢の工芸"), "{backend}");
        // Nothing else in the workspace is theirs.
        let members: Vec<Stored<Ambassador>> = db.list().await.unwrap();
        let other = members.iter().find(|m| m.item.profile.ja.value != "金沢の工芸を紹介しています。").unwrap();
        assert_eq!(
            amb.get(&format!("/manage/gent-kanazawa/records/ambassador/{}", other.id.get())).await.status,
            StatusCode::FORBIDDEN
        );
        // People are personal data: not for an organisation's editor.
        let mut editor = Browser::new(&st);
        editor.login("editor").await;
        assert_eq!(editor.get("/manage/gent-kanazawa/records/person").await.status, StatusCode::FORBIDDEN, "{backend}");
        assert!(!editor.get("/manage/gent-kanazawa/records").await.body.contains("records/person"));
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        assert_eq!(ghent.get("/manage/gent-kanazawa/records/person").await.status, StatusCode::OK, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

/// A multipart form body with text fields and one file.
fn multipart(fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "zusterstad-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(b: &mut Browser, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Answer {
    upload_to(b, "/manage/gent-kanazawa/documents/new", fields, name, bytes).await
}

pub(crate) async fn upload_to(b: &mut Browser, uri: &str, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Answer {
    let (content_type, body) = multipart(fields, name, bytes);
    let mut req = Request::builder().method("POST").uri(uri).header(header::CONTENT_TYPE, content_type);
    if let Some(c) = &b.cookie {
        req = req.header(header::COOKIE, c.as_str());
    }
    let res = app(b.state.clone()).oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
    let status = res.status();
    let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 26).await.unwrap();
    Answer { status, location, set_cookie: Vec::new(), body: String::from_utf8_lossy(&bytes).into_owned() }
}

#[tokio::test]
async fn uploads_are_checked_by_their_content_and_size() {
    use zusterstad_core::documents::{Document, File};
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let files_before: Vec<Stored<File>> = db.list().await.unwrap();
        // A program renamed to look like a PDF.
        let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
        elf.extend([0u8; 200]);
        let a = upload(&mut ghent, &[("title_nl", "Verslag")], "verslag.pdf", &elf).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("geen PDF, JPEG of PNG"), "{backend}: {}", a.body);
        let mut windows = b"MZ\x90\x00".to_vec();
        windows.extend([0u8; 200]);
        assert_eq!(
            upload(&mut ghent, &[("title_nl", "Foto")], "foto.jpg", &windows).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // Too large: a clear message, nothing stored.
        let big = vec![b'%'; 26 * 1024 * 1024];
        let a = upload(&mut ghent, &[("title_nl", "Groot")], "groot.pdf", &big).await;
        assert!(a.body.contains("groter dan 25 MB"), "{backend}: {}", a.status);
        let files: Vec<Stored<File>> = db.list().await.unwrap();
        assert_eq!(files.len(), files_before.len(), "{backend}: nothing stored");

        // A real PDF, whatever its name, and a PNG photo.
        let pdf = zusterstad_store::demo::FILES.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap().1;
        let a = upload(
            &mut ghent,
            &[("title_nl", "Jaarverslag 2026"), ("publication", "published")],
            "jaarverslag.PDF.exe",
            pdf,
        )
        .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let docs: Vec<Stored<Document>> = db.list().await.unwrap();
        let doc = docs.iter().find(|d| d.item.title.nl.value == "Jaarverslag 2026").unwrap();
        assert_eq!(doc.item.file_name, "jaarverslag.PDF.pdf", "{backend}: the extension of what it is");
        let file: Stored<File> = db.get(doc.item.file_id).await.unwrap();
        assert_eq!(file.item.media_type, "application/pdf");
        let mut png = Vec::new();
        image::RgbImage::from_pixel(1200, 800, image::Rgb([200, 30, 30]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let a =
            upload(&mut ghent, &[("title_ja", "兼六園の写真"), ("publication", "published")], "kenrokuen", &png).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let id = a.location.split('?').next().unwrap().rsplit('/').next().unwrap();
        let mut visitor = Browser::new(&st);
        let small = visitor.get(&format!("/images/{id}/320.jpg")).await;
        assert_eq!(small.status, StatusCode::OK, "{backend}: a resized variant");

        // A photo bomb: a small file that says it has 11000 × 7000 pixels.
        let bomb = png_claiming(11_000, 7_000);
        let a = upload(&mut ghent, &[("title_nl", "Panorama"), ("publication", "published")], "panorama", &bomb).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("50 miljoen pixels"), "{backend}: {}", a.body);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn a_photo_is_decoded_once_at_upload_and_served_from_its_stored_variants() {
    use zusterstad_core::documents::{Document, File};
    use zusterstad_core::store::PhotoStore;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_photos_{}", rand_suffix()));
        let files = zusterstad_store::files::Files::folder(&dir.join("files")).unwrap();
        let db_with_files = db.clone().with_files(files);
        let st = state(&db_with_files, &dir.join("outbox"));
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let mut png = Vec::new();
        image::RgbImage::from_pixel(2400, 1600, image::Rgb([30, 120, 60]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let a =
            upload(&mut ghent, &[("title_nl", "Kenroku-en in de sneeuw"), ("publication", "published")], "tuin", &png)
                .await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{backend}: {}", a.body);
        let id: i64 = a.location.split('?').next().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        let doc: Stored<Document> = db.get(Id::new(id)).await.unwrap();
        let file: Stored<File> = db_with_files.get(doc.item.file_id).await.unwrap();
        let sha = file.item.sha256.clone();

        // Made in the background after the upload, before any visitor asks.
        let mut made = Vec::new();
        for _ in 0..200 {
            made = db.photo_variants(&sha).await.unwrap();
            if made.len() == 3 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let sizes: Vec<_> = made.iter().map(|v| (v.target, v.width, v.height)).collect();
        assert_eq!(sizes, [(0, 2400, 1600), (320, 320, 213), (960, 960, 640)], "{backend}");
        let stored = dir.join("files").join("variants").join(&sha).join("320.jpg");
        assert!(stored.exists(), "{backend}: kept in the file store, next to the original");

        // The original is not read again: without its bytes, pages and variants still work.
        std::fs::remove_file(dir.join("files").join("files").join(&sha)).unwrap();
        let mut visitor = Browser::new(&st);
        for width in [320, 960] {
            let v = visitor.get(&format!("/images/{id}/{width}.jpg")).await;
            assert_eq!(v.status, StatusCode::OK, "{backend}: {width}");
        }
        let variant = db_with_files.photo_variant_bytes(&sha, 960).await.unwrap().unwrap();
        let decoded = image::load_from_memory(&variant).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (960, 640), "{backend}");

        // While the file is named its variants stay; once it is gone, the collector
        // takes them too.
        let later = chrono::Utc::now() + chrono::Duration::hours(2);
        db_with_files.gc_files(later, chrono::Duration::hours(1)).await.unwrap();
        assert!(stored.exists(), "{backend}: a named photo's variants are kept");
        let change = Change::by_system("test", today());
        RecordStore::<Document>::delete(&db, &change, doc.id, doc.version).await.unwrap();
        RecordStore::<File>::delete(&db, &change, file.id, file.version).await.unwrap();
        db_with_files.gc_files(later, chrono::Duration::hours(1)).await.unwrap();
        assert!(!stored.exists(), "{backend}: an unnamed photo's variants are removed");
        assert!(db.photo_variants(&sha).await.unwrap().is_empty(), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn spreadsheets_are_imported_whole_or_not_at_all() {
    use zusterstad_core::activities::Activity;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let before: Vec<Stored<Activity>> = db.list().await.unwrap();
        const URI: &str = "/manage/gent-kanazawa/import";

        // Every kind of error, each by line and column; nothing imported.
        let bad = "title_nl,focus,direction,starts_on,participants\n\
                   Workshop Kutani,crafts,a_to_b,2027-02-30,students=4\n\
                   Lezing,academic,sideways,2027-03-01,students=many\n";
        let a = upload_to(&mut ghent, URI, &[("target", "activities")], "activiteiten.csv", bad.as_bytes()).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        for (line, column) in [("2", "focus"), ("3", "direction")] {
            assert!(
                a.body.contains(&format!("<tr><td>{line}</td><td>{column}</td>")),
                "{backend}: line {line} {column}: {}",
                a.body
            );
        }
        let a = upload_to(
            &mut ghent,
            URI,
            &[("target", "activities")],
            "x.csv",
            b"title_nl,focus,direction,starts_on,colour\nA,academic,both,31/02/2027,red\n",
        )
        .await;
        assert!(a.body.contains("<td>1</td><td>colour</td>"), "{backend}: an unknown column");
        let latin1 = b"title_nl;focus;direction;starts_on\nCaf\xe9 Gent;culinary;a_to_b;2027-04-01\n";
        let a = upload_to(&mut ghent, URI, &[("target", "activities")], "excel.csv", latin1).await;
        assert!(a.body.contains("UTF-8"), "{backend}: the encoding is named");
        let now: Vec<Stored<Activity>> = db.list().await.unwrap();
        assert_eq!(now.len(), before.len(), "{backend}: nothing imported");

        // A Dutch Excel export: BOM, semicolons, CRLF, a quoted line break, Japanese.
        let good = "\u{feff}title_nl;title_ja;summary_nl;focus;direction;starts_on;participants\r\n\
                    Koksuitwisseling 2027;料理人交流2027;\"Vier koks uit Gent\r\nkoken in Kanazawa.\";culinary;a_to_b;12/05/2027;chefs=4\r\n\
                    Studentenweek;学生ウィーク;Een week samen;youth_exchange;both;2027-07-01;\"students=12; academics=2\"\r\n";
        let a = upload_to(&mut ghent, URI, &[("target", "activities")], "activiteiten.csv", good.as_bytes()).await;
        assert_eq!(a.status, StatusCode::OK, "{backend}: {}", a.body);
        assert!(a.body.contains("Koksuitwisseling 2027") && a.body.contains("Studentenweek"), "{backend}: the preview");
        assert_eq!(db.list::<Activity>().await.unwrap().len(), before.len(), "{backend}: a preview changes nothing");
        let data = a.body.split("name=\"data\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let a = ghent.post(&format!("{URI}/confirm"), &[("target", "activities"), ("data", &data)]).await;
        assert_eq!(a.location, format!("{URI}?done=2,0"), "{backend}: {}", a.body);
        let all: Vec<Stored<Activity>> = db.list().await.unwrap();
        let koks = all.iter().find(|x| x.item.title.nl.value == "Koksuitwisseling 2027").unwrap();
        assert_eq!(koks.item.title.ja.value, "料理人交流2027");
        assert!(
            koks.item.summary.nl.value.starts_with("Vier koks uit Gent")
                && koks.item.summary.nl.value.ends_with("koken in Kanazawa."),
            "{backend}: the quoted line break stays one cell"
        );
        assert_eq!(koks.item.starts_on.to_string(), "2027-05-12");
        // The same file again updates the same two activities.
        let a = ghent.post(&format!("{URI}/confirm"), &[("target", "activities"), ("data", &data)]).await;
        assert_eq!(a.location, format!("{URI}?done=0,2"), "{backend}");

        // People, matched by e-mail.
        let people = "family_name,given_name,city,email\n山田,花子,kanazawa,hanako@example.jp\nPeeters,Sofie,Gent,sofie@example.be\n";
        let a = upload_to(&mut ghent, URI, &[("target", "people")], "mensen.csv", people.as_bytes()).await;
        assert_eq!(a.status, StatusCode::OK, "{backend}: {}", a.body);
        let data = a.body.split("name=\"data\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let a = ghent.post(&format!("{URI}/confirm"), &[("target", "people"), ("data", &data)]).await;
        assert_eq!(a.location, format!("{URI}?done=2,0"), "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn every_workspace_list_downloads_as_csv_for_excel() {
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mut admin = Browser::new(&st);
    admin.login("admin").await;
    for (uri, expect) in [
        ("/manage/gent-kanazawa/events?show=all&format=csv", "19:00 CET"),
        ("/manage/gent-kanazawa/people?format=csv", "Cohort"),
        ("/manage/users?format=csv", "ghent@example.org"),
        ("/manage/gent-kanazawa/records/organisation.csv", "id"),
    ] {
        let a = admin.get(uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(a.body.starts_with('\u{feff}'), "{uri}: a BOM, so Excel reads UTF-8");
        assert!(a.body.contains(expect), "{uri}: {}", a.body);
    }
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn an_admin_starts_a_new_partnership_with_a_new_city() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut admin = Browser::new(&st);
        admin.login("admin").await;
        let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        let kanazawa = p.item.city_b_id.get().to_string();
        let mut form = vec![
            ("slug", "kanazawa-nancy"),
            ("name_nl", "Kanazawa–Nancy"),
            ("name_ja", "金沢・ナンシー"),
            ("established_year", "1973"),
            ("a_city", kanazawa.as_str()),
            ("b_city", "new"),
            ("b_slug", "nancy"),
            ("b_name_en", "Nancy"),
            ("b_native_name", "Nancy"),
            ("b_country", "fr"),
            ("b_time_zone", "Europe/Paris"),
            ("b_latitude", "48,6921"),
            ("b_longitude", "abc"),
        ];
        let a = admin.post("/manage/partnerships/new", &form).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(a.body.contains("value=\"Europe/Paris\""), "{backend}: what was typed stays");
        assert!(db.partnership_by_slug("kanazawa-nancy").await.is_err(), "{backend}: nothing written");
        form.retain(|(k, _)| *k != "b_longitude");
        form.push(("b_longitude", "6.1844"));
        // A slug already taken shows only when writing: the new city is not left behind.
        let mut taken = form.clone();
        taken[0] = ("slug", "gent-kanazawa");
        let a = admin.post("/manage/partnerships/new", &taken).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}: {}", a.location);
        let cities: Vec<Stored<City>> = db.list().await.unwrap();
        assert!(cities.iter().all(|c| c.item.slug != "nancy"), "{backend}: all or nothing");
        let a = admin.post("/manage/partnerships/new", &form).await;
        assert_eq!(a.location, "/manage/kanazawa-nancy", "{backend}: {}", a.body);
        let created = db.partnership_by_slug("kanazawa-nancy").await.unwrap();
        assert_eq!(created.item.city_a_id, p.item.city_b_id, "{backend}: Kanazawa is shared");
        assert_eq!(created.item.publication, zusterstad_core::Publication::Draft);
        assert_eq!(admin.get("/manage/kanazawa-nancy").await.status, StatusCode::OK);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn the_workspace_report_counts_drafts_the_portal_does_not() {
    use zusterstad_core::activities::Activity;
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        // A draft exchange of 2024 with 7 chefs.
        let all: Vec<Stored<Activity>> = db.list().await.unwrap();
        let mut draft = all[0].item.clone();
        draft.title = zusterstad_core::Localized::tri("Koksweek", "料理人週間", "Chefs' week", Lang::Nl);
        draft.starts_on = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        draft.ends_on = None;
        draft.focus = zusterstad_core::partnerships::FocusArea::Culinary;
        draft.participants = vec![zusterstad_core::activities::ParticipantCount {
            kind: zusterstad_core::activities::ParticipantKind::Chefs,
            count: 7,
        }];
        draft.publication = zusterstad_core::Publication::Draft;
        db.create(&Change::by_system("test", today()), draft).await.unwrap();
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let mut visitor = Browser::new(&st);
        let count = |csv: &str, label: &str| -> u64 {
            csv.lines()
                .find(|l| l.starts_with(label))
                .and_then(|l| l.rsplit(',').next())
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0)
        };
        let public = visitor.get("/nl/gent-kanazawa/reports.csv?table=focus&from=2024&to=2024").await.body;
        let workspace = ghent.get("/manage/gent-kanazawa/reports?table=focus&from=2024&to=2024").await.body;
        let label = "Culinaire uitwisselingen";
        assert_eq!(count(&workspace, label), count(&public, label) + 1, "{backend}: {workspace} / {public}");
        let page = ghent.get("/manage/gent-kanazawa/reports?from=2024&to=2024").await;
        assert_eq!(page.status, StatusCode::OK, "{backend}");
        assert!(
            page.body.contains("<svg") && page.body.contains("/manage/gent-kanazawa/reports?table=focus"),
            "{backend}"
        );
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn admins_issue_an_api_token_for_one_role_show_it_once_and_revoke_it() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut admin = Browser::new(&st);
        admin.login("admin").await;
        let ghent = db.user_by_email("ghent@example.org").await.unwrap().unwrap();
        let page = format!("/manage/users/{}", ghent.id);
        let grants: Vec<Stored<RoleGrant>> = db.list().await.unwrap();
        let grant = grants.iter().find(|g| g.item.user_id == ghent.id).unwrap().id.get().to_string();

        let missing = admin.post(&page, &[("action", "issue_token"), ("grant", &grant), ("label", " ")]).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert!(missing.body.contains("Say what the token is for"), "{backend}");
        let issued =
            admin.post(&page, &[("action", "issue_token"), ("grant", &grant), ("label", "gent.be agenda")]).await;
        assert_eq!(issued.status, StatusCode::OK, "{backend}");
        let token = issued.body.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap().to_owned();
        assert!(token.starts_with("zst_") && token.len() == 68, "{backend}: {token}");
        let later = admin.get(&page).await.body;
        assert!(later.contains("gent.be agenda") && !later.contains(&token), "{backend}: shown once, listed after");

        let use_it = |token: String| {
            let st = st.clone();
            async move {
                let bearer = format!("Bearer {token}");
                let body = r#"{"title":{"nl":"Proeven van Kaga-thee"},"summary":{"nl":"Thee uit Kanazawa in het Pand"},"body":{"nl":"Een namiddag thee en zoetigheden uit Kaga."},"slug":"kaga-thee","published_at":"2026-11-28T09:00:00Z"}"#;
                super::send(
                    st,
                    "POST",
                    "/api/v1/partnerships/gent-kanazawa/news",
                    body,
                    &[(header::AUTHORIZATION, &bearer)],
                )
                .await
            }
        };
        let (status, _, body) = use_it(token.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {body}");

        let tokens: Vec<Stored<zusterstad_core::tokens::ApiToken>> = db.list().await.unwrap();
        let id = tokens.iter().find(|t| t.item.label == "gent.be agenda").unwrap().id.get().to_string();
        let revoked = admin.post(&page, &[("action", "revoke_token"), ("token", &id)]).await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{backend}");
        assert!(admin.get(&page).await.body.contains("revoked"), "{backend}");
        assert_eq!(use_it(token).await.0, StatusCode::UNAUTHORIZED, "{backend}");
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn coordinators_download_the_whole_partnership_without_accounts() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let dir = std::env::temp_dir().join(format!("zt_outbox_{}", rand_suffix()));
        let st = state(&db, &dir);
        let mut kanazawa = Browser::new(&st);
        kanazawa.login("kanazawa").await;
        assert!(kanazawa.get("/manage/gent-kanazawa/records").await.body.contains("/manage/gent-kanazawa/export.json"));
        let res = kanazawa.get("/manage/gent-kanazawa/export.json").await;
        assert_eq!(res.status, StatusCode::OK, "{backend}");
        let doc: serde_json::Value = serde_json::from_str(&res.body).unwrap();
        assert_eq!(doc["format"], "zusterstad-export");
        let rows = |name: &str| {
            doc["tables"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["rows"]
                .as_array()
                .unwrap()
                .len()
        };
        assert!(rows("event") > 0 && rows("person") > 0, "{backend}");
        assert_eq!(rows("user_account") + rows("role_grant") + rows("api_token"), 0, "{backend}: no accounts");
        assert!(!res.body.contains("$argon2id$") && !res.body.contains("@example.org"), "{backend}");
        // The download is in the audit log.
        use zusterstad_core::store::AuditStore;
        let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
        let log = db.history(zusterstad_core::Kind::Partnership, p.id.get()).await.unwrap();
        assert_eq!(log.last().unwrap().action, zusterstad_core::audit::Action::Export, "{backend}");
        // An editor sees no link and gets no file.
        let mut editor = Browser::new(&st);
        editor.login("editor").await;
        assert!(!editor.get("/manage/gent-kanazawa/records").await.body.contains("export.json"), "{backend}");
        assert_eq!(editor.get("/manage/gent-kanazawa/export.json").await.status, StatusCode::FORBIDDEN);
        db.close().await.ok();
        std::fs::remove_dir_all(dir).ok();
        cleanup.run().await;
    }
}

#[tokio::test]
async fn spreadsheets_up_to_the_stated_limit_import_and_larger_ones_are_refused_in_the_users_language() {
    use zusterstad_core::activities::Activity;
    let (db, dir) = demo_db().await;
    users(&db).await;
    let st = state(&db, &dir.join("outbox"));
    let mut ghent = Browser::new(&st);
    ghent.login("ghent").await;
    const URI: &str = "/manage/gent-kanazawa/import";
    let form = ghent.get(URI).await;
    assert!(
        form.body.contains("tot 20 MB") && form.body.contains("100.000 rijen"),
        "the form says the limit: {}",
        form.body
    );
    let before = db.list::<Activity>().await.unwrap().len();

    // Over 2 MB (the size that used to fail): previewed and confirmed.
    let summary = "Een week samen koken, schrijven en wandelen in Kanazawa. ".repeat(17);
    let mut csv = String::from("title_nl,summary_nl,focus,direction,starts_on\n");
    let mut rows = 0;
    while csv.len() < 2_600_000 {
        rows += 1;
        csv.push_str(&format!("Uitwisseling {rows},\"{summary}\",culinary,a_to_b,2027-05-12\n"));
    }
    let a = upload_to(&mut ghent, URI, &[("target", "activities")], "groot.csv", csv.as_bytes()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", &a.body[..a.body.len().min(2000)]);
    let dutch = format!("{}.{:03}", rows / 1000, rows % 1000);
    assert!(
        rows >= 1000 && a.body.contains(&format!("{dutch} nieuw, 0 bijgewerkt")),
        "the preview counts {dutch} rows"
    );
    assert!(a.body.contains("rijen, die hier niet getoond worden"), "the preview lists a part and counts the rest");
    let data = a.body.split("name=\"data\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let a = ghent.post(&format!("{URI}/confirm"), &[("target", "activities"), ("data", &data)]).await;
    assert_eq!(a.location, format!("{URI}?done={rows},0"), "{}", &a.body[..a.body.len().min(2000)]);
    assert_eq!(db.list::<Activity>().await.unwrap().len(), before + rows);

    // Over 20 MB: a clear refusal in Dutch; over 100,000 rows too. Nothing imported.
    let huge = vec![b'x'; 21 * 1024 * 1024];
    let a = upload_to(&mut ghent, URI, &[("target", "activities")], "te-groot.csv", &huge).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("Het bestand is groter dan 20 MB"), "{}", &a.body[..a.body.len().min(3000)]);
    let mut many = String::from("title_nl,focus,direction,starts_on\n");
    for n in 0..100_001 {
        many.push_str(&format!("A{n},academic,both,2027-01-01\n"));
    }
    let a = upload_to(&mut ghent, URI, &[("target", "activities")], "te-lang.csv", many.as_bytes()).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("meer dan 100.000 rijen"), "{}", &a.body[..a.body.len().min(3000)]);
    assert_eq!(db.list::<Activity>().await.unwrap().len(), before + rows, "nothing more imported");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// A mail server that is down until it is told otherwise.
struct FlakyMailer {
    up: std::sync::atomic::AtomicBool,
    delivered: std::sync::Mutex<Vec<zusterstad_core::registrations::Mail>>,
}

impl zusterstad_core::registrations::Mailer for FlakyMailer {
    fn send(&self, mail: &zusterstad_core::registrations::Mail) -> zusterstad_core::Result<()> {
        if !self.up.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(zusterstad_core::Error::Internal("421 mail server unavailable".into()));
        }
        self.delivered.lock().unwrap().push(mail.clone());
        Ok(())
    }
}

#[tokio::test]
async fn a_mail_the_server_cannot_send_is_kept_retried_and_shown_to_the_coordinators() {
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        let mailer = std::sync::Arc::new(FlakyMailer { up: false.into(), delivered: Default::default() });
        let st =
            zusterstad_web::AppState::new(db.clone(), today, zusterstad_web::Tiles::default(), mailer.clone(), || {
                [3; 32]
            });
        let event = super::network_event(&db).await;
        let (status, _, body) =
            super::send(st.clone(), "POST", &event, "name=Robin+Claes&email=robin%40example.be&consent=yes", &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{backend}: the registration stands while mail is down: {body}");
        assert!(mailer.delivered.lock().unwrap().is_empty());

        // The coordinators see it, with the reason, on the dashboard and the mail page.
        let mut ghent = Browser::new(&st);
        ghent.login("ghent").await;
        let dashboard = ghent.get("/manage/gent-kanazawa").await;
        assert!(dashboard.body.contains("Eén mail kon niet verstuurd worden."), "{backend}: {}", dashboard.body);
        let page = ghent.get("/manage/gent-kanazawa/mail").await;
        assert!(
            page.body.contains("robin@example.be") && page.body.contains("421 mail server unavailable"),
            "{backend}"
        );
        assert!(page.body.contains("1 poging, volgende op"), "{backend}: {}", page.body);
        let mut editor = Browser::new(&st);
        editor.login("editor").await;
        assert_eq!(editor.get("/manage/gent-kanazawa/mail").await.status, StatusCode::FORBIDDEN, "{backend}");

        // Before the back-off nothing is tried; after it, the mail goes out, once.
        assert_eq!(zusterstad_web::outbox::deliver_due(&st).await, 0, "{backend}");
        mailer.up.store(true, std::sync::atomic::Ordering::SeqCst);
        fn later() -> chrono::DateTime<chrono::Utc> {
            super::today() + chrono::Duration::minutes(5)
        }
        let later_state =
            zusterstad_web::AppState::new(db.clone(), later, zusterstad_web::Tiles::default(), mailer.clone(), || {
                [3; 32]
            });
        assert_eq!(zusterstad_web::outbox::deliver_due(&later_state).await, 1, "{backend}");
        assert_eq!(zusterstad_web::outbox::deliver_due(&later_state).await, 0, "{backend}: sent once");
        let delivered = mailer.delivered.lock().unwrap().clone();
        assert_eq!(delivered.len(), 1);
        assert_eq!(delivered[0].to, "robin@example.be");
        assert!(ghent.get("/manage/gent-kanazawa/mail").await.body.contains("Alle mails zijn verstuurd."), "{backend}");
        db.close().await.ok();
        cleanup.run().await;
    }
}
