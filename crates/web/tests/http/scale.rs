//! Lists longer than a page, and the page cache at size: paged lists with links that
//! work without JavaScript, no new cache entries for made-up parameters, and a write
//! to one partnership that leaves another's cached pages as they were.

use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use zusterstad_core::activities::{Activity, Direction};
use zusterstad_core::audit::Change;
use zusterstad_core::news::NewsPost;
use zusterstad_core::partnerships::{FocusArea, Partnership};
use zusterstad_core::store::{PartnershipStore, RecordStore};
use zusterstad_core::{Lang, Localized, Publication, Stored};

use super::{demo_db, get_with, state, today};

fn activity(p: &Stored<Partnership>, n: usize) -> Activity {
    Activity {
        partnership_id: p.id,
        title: Localized::tri(&format!("Uitwisseling {n}"), &format!("交流{n}"), &format!("Exchange {n}"), Lang::Nl),
        summary: Localized::default(),
        body: Localized::default(),
        focus: FocusArea::Academic,
        direction: Direction::Both,
        starts_on: chrono::NaiveDate::from_ymd_opt(1990 + (n % 30) as i32, 5, 1).unwrap(),
        ends_on: None,
        participants: Vec::new(),
        organisation_ids: Vec::new(),
        sdgs: vec![4],
        programme_id: None,
        publication: Publication::Published,
        example: true,
    }
}

fn cards(body: &str) -> usize {
    body.matches(r#"<article class="card">"#).count()
}

#[tokio::test]
async fn long_lists_are_paged_with_links_that_work_without_javascript() {
    let (db, dir) = demo_db().await;
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let change = Change::by_system("test", today());
    let tx = db.begin().await.unwrap();
    for n in 0..70 {
        tx.create(&change, activity(&p, n)).await.unwrap();
    }
    for n in 0..45 {
        let post = NewsPost {
            partnership_id: p.id,
            slug: format!("bericht-{n}"),
            title: Localized::tri(&format!("Bericht {n}"), &format!("お知らせ{n}"), &format!("Post {n}"), Lang::Nl),
            summary: Localized::default(),
            body: Localized::tri("Tekst", "本文", "Text", Lang::Nl),
            published_at: today() - chrono::Duration::days(n as i64 + 1),
            photo_id: None,
            publication: Publication::Published,
            example: true,
        };
        tx.create(&change, post).await.unwrap();
    }
    tx.commit().await.unwrap();
    let total = RecordStore::<Activity>::query(
        &db,
        &zusterstad_core::query::ListQuery::of(p.id).publication(&[Publication::Published]),
    )
    .await
    .unwrap()
    .total as usize;
    assert!(total >= 70);
    let shared = state(&db, &dir.join("outbox"));
    let (status, _, first) = get_with(shared.clone(), "/en/gent-kanazawa/activities", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cards(&first), 24, "a page of 24 activities");
    assert!(first.contains(r#"<a href="/en/gent-kanazawa/activities/page/2" rel="next">"#), "{first}");
    assert!(!first.contains(r#"rel="prev""#));
    let pages = total.div_ceil(24);
    assert!(first.contains(&format!("Page 1 of {pages}")));

    let mut seen = cards(&first);
    for n in 2..=pages {
        let (status, _, body) = get_with(shared.clone(), &format!("/en/gent-kanazawa/activities/page/{n}"), &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(r#"rel="prev""#));
        assert_eq!(body.contains(r#"rel="next""#), n < pages);
        seen += cards(&body);
    }
    assert_eq!(seen, total, "the pages together show every activity once");

    // Filters stay in the pager's links.
    let focus = serde_json::to_value(FocusArea::Academic).unwrap();
    let focus = focus.as_str().unwrap();
    let (_, _, filtered) = get_with(shared.clone(), &format!("/en/gent-kanazawa/activities?focus={focus}"), &[]).await;
    let next = filtered.split(r#"rel="next""#).next().and_then(|s| s.rsplit("<a ").next()).unwrap_or_default();
    assert!(next.contains(&format!("/focus/{focus}/page/2\"")), "{next}");

    for odd in ["?page=abc", "?page=0", "?page=-3", "?page=99999999999999999999999"] {
        let (status, _, body) = get_with(shared.clone(), &format!("/en/gent-kanazawa/activities{odd}"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{odd}");
        assert_eq!(cards(&body), 24, "{odd} shows the first page");
    }
    let (status, _, past_end) = get_with(shared.clone(), "/en/gent-kanazawa/activities?page=900", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cards(&past_end), 0);

    // The feed carries the newest posts only.
    let (_, _, atom) = get_with(shared.clone(), "/nl/gent-kanazawa/news.atom", &[]).await;
    let feed: atom_syndication::Feed = atom.parse().unwrap();
    assert_eq!(feed.entries().len(), zusterstad_web::FEED_LATEST);
    let published: Vec<_> = feed.entries().iter().map(|e| e.published().copied().unwrap()).collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(feed.entries().iter().any(|e| e.title().as_str() == "Bericht 0"), "the newest post is in it");
    assert!(!feed.entries().iter().any(|e| e.title().as_str() == "Bericht 44"), "an old post is not");
    let (_, _, news) = get_with(shared.clone(), "/ja/gent-kanazawa/news", &[]).await;
    assert!(news.contains("次のページ"));
    assert!(news.contains(r#"href="/ja/gent-kanazawa/news/page/2""#));
    // The SDG page lists a goal's newest activities and links to all of them.
    let store = &db;
    let with_goal = |g: u8| async move {
        let filter = zusterstad_core::portal::ActivityFilter { sdg: Some(g), ..Default::default() };
        let view = zusterstad_core::portal::load(store, "gent-kanazawa", today()).await.unwrap();
        view.activities(store, &filter, 1, 1).await.unwrap().total
    };
    let education = with_goal(4).await;
    assert!(education >= 70);
    let (_, _, sdgs) = get_with(shared.clone(), "/nl/gent-kanazawa/sdgs", &[]).await;
    let link = format!(r#"<a href="/nl/gent-kanazawa/activities/sdg/4">Alle {education} activiteiten</a>"#);
    assert!(sdgs.contains(&link), "{sdgs}");
    let (_, _, all_of_goal) = get_with(shared.clone(), "/nl/gent-kanazawa/activities/sdg/4", &[]).await;
    assert!(all_of_goal.contains(&format!("{education} activiteiten")), "{all_of_goal}");
    assert!(all_of_goal.contains(r#"<input type="hidden" name="sdg" value="4">"#), "the filter form keeps the goal");
    // Goal 14 is not goal 4 (the lists are read by number, not by text).
    assert!(with_goal(14).await < education);

    // The sitemap names every activity and post once, read a window at a time.
    let (_, _, index) = get_with(shared.clone(), "/sitemap.xml", &[]).await;
    let files: Vec<String> = index
        .split("<loc>")
        .skip(1)
        .filter_map(|l| l.split("</loc>").next())
        .filter(|l| l.contains("/sitemaps/gent-kanazawa-"))
        .map(|l| l.split_once("/sitemaps/").map(|(_, f)| format!("/sitemaps/{f}")).unwrap_or_default())
        .collect();
    assert!(!files.is_empty(), "{index}");
    let mut named = Vec::new();
    for file in &files {
        let (status, _, xml) = get_with(shared.clone(), file, &[]).await;
        assert_eq!(status, StatusCode::OK, "{file}");
        named.extend(
            xml.split("<loc>")
                .skip(1)
                .filter_map(|l| l.split("</loc>").next())
                .filter(|l| {
                    ["activities", "news", "events"]
                        .iter()
                        .any(|list| l.contains(&format!("/nl/gent-kanazawa/{list}/")))
                })
                .map(str::to_owned),
        );
    }
    let unique: std::collections::BTreeSet<&String> = named.iter().collect();
    assert_eq!(unique.len(), named.len(), "no address twice");
    let posts = zusterstad_core::portal::load(&db, "gent-kanazawa", today()).await.unwrap();
    let events = posts.events_where(&db, &posts.events_query()).await.unwrap().total as usize;
    let posts = posts.news(&db, 1, 1).await.unwrap().total as usize;
    assert!(events >= 5);
    assert_eq!(named.len(), total + posts + events, "every activity, post and event once");
    let (_, _, api) = get_with(shared.clone(), "/api/v1/partnerships/gent-kanazawa/events?per_page=1", &[]).await;
    let api: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(api["total"], events, "the API counts the events the portal shows");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_events_list_pages_through_many_upcoming_events_then_the_past() {
    use zusterstad_core::events::Event;
    let (db, dir) = demo_db().await;
    let p = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let change = Change::by_system("test", today());
    let all: Vec<Stored<Event>> = db.list().await.unwrap();
    let model = all.iter().find(|e| e.item.publication == Publication::Published && !e.item.joint).unwrap();
    let tx = db.begin().await.unwrap();
    for n in 0..45i64 {
        let starts = today() + chrono::Duration::days(10 + n);
        let event = Event {
            title: Localized::tri(&format!("Gepland {n}"), &format!("予定{n}"), &format!("Planned {n}"), Lang::Nl),
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            registration: None,
            joint: false,
            publication: Publication::Published,
            partnership_id: p.id,
            ..model.item.clone()
        };
        tx.create(&change, event).await.unwrap();
    }
    tx.commit().await.unwrap();
    let shared = state(&db, &dir.join("outbox"));
    let view = zusterstad_core::portal::load(&db, "gent-kanazawa", today()).await.unwrap();
    assert_eq!(view.events.len() as u64, zusterstad_core::portal::UPCOMING_KEPT, "the model keeps only the next few");
    let upcoming = view.events_where(&db, &view.upcoming_query(today())).await.unwrap().total as usize;
    let events = view.events_where(&db, &view.events_query()).await.unwrap().total as usize;
    assert!(upcoming >= 45 && events > upcoming);
    let titles = |body: &str| body.matches("<li><a href=\"/en/gent-kanazawa/events/").count();
    let (_, _, first) = get_with(shared.clone(), "/en/gent-kanazawa/events", &[]).await;
    assert_eq!(titles(&first), 20, "twenty to a page");
    assert!(first.contains("Planned 0") && !first.contains("Planned 20"), "soonest first");
    assert!(!first.contains("<h2>Past</h2>"), "the upcoming ones fill the first page");
    let (mut seen, mut page, mut past_seen) = (titles(&first), 2, false);
    loop {
        let (status, _, body) = get_with(shared.clone(), &format!("/en/gent-kanazawa/events/page/{page}"), &[]).await;
        assert_eq!(status, StatusCode::OK);
        if titles(&body) == 0 {
            break;
        }
        if page == 3 {
            assert!(body.contains("Planned 44") && body.contains("<h2>Past</h2>"), "the last upcoming, then the past");
        }
        past_seen |= body.contains("<h2>Past</h2>");
        seen += titles(&body);
        page += 1;
    }
    assert!(past_seen);
    assert_eq!(seen, events, "every event once, over the pages");
    let (_, _, overview) = get_with(shared.clone(), "/en/gent-kanazawa/", &[]).await;
    assert!(overview.contains("Planned 0"), "the overview shows the next events");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn made_up_parameters_do_not_grow_the_page_cache() {
    let (db, dir) = demo_db().await;
    let shared = state(&db, &dir.join("outbox"));
    get_with(shared.clone(), "/nl/gent-kanazawa/activities", &[]).await;
    let one_page = shared.cached_page_bytes();
    assert!(one_page > 0, "the page is kept");
    for n in 0..200 {
        let uri = format!("/nl/gent-kanazawa/activities?utm_source={n}&fbclid=x{n}");
        let (status, _, _) = get_with(shared.clone(), &uri, &[]).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(shared.cached_page_bytes(), one_page, "the same page, kept once");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_write_to_one_partnership_leaves_the_other_partnerships_pages_warm() {
    use zusterstad_core::partnerships::NewSide;
    let (db, dir) = demo_db().await;
    let change = Change::by_system("test", today());
    let gk = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let second = Partnership { slug: "gent-tweede".into(), ..gk.item.clone() };
    let second = db
        .create_partnership(&change, NewSide::Existing(gk.item.city_a_id), NewSide::Existing(gk.item.city_b_id), second)
        .await
        .unwrap();
    let mine = db.create(&change, activity(&second, 1)).await.unwrap();
    let shared = state(&db, &dir.join("outbox"));
    let (_, _, before) = get_with(shared.clone(), "/nl/gent-tweede/activities", &[]).await;
    assert!(before.contains("Uitwisseling 1"));

    // Changed behind Zusterstad's back (no change counter moves): only a rebuild would show it.
    let raw = Database::connect(format!("sqlite://{}?mode=rw", dir.join("t.db").display())).await.unwrap();
    raw.execute_unprepared(&format!(
        r#"UPDATE activity SET title = '{{"nl":{{"value":"Stil veranderd","status":"original"}}}}' WHERE id = {}"#,
        mine.id
    ))
    .await
    .unwrap();
    raw.close().await.ok();

    // A write to the other partnership, through Zusterstad.
    db.create(&change, activity(&gk, 2)).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (_, _, gk_page) = get_with(shared.clone(), "/nl/gent-kanazawa/activities", &[]).await;
    assert!(gk_page.contains("Uitwisseling 2"), "the changed partnership shows its change");
    let (_, _, warm) = get_with(shared.clone(), "/nl/gent-tweede/activities", &[]).await;
    assert_eq!(warm, before, "the other partnership's page is still the cached one");

    // A write to it, and its page is rebuilt.
    let current: Stored<Activity> = db.get(mine.id).await.unwrap();
    db.update(&change, mine.id, current.version, Activity { example: false, ..current.item.clone() }).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let (_, _, fresh) = get_with(shared.clone(), "/nl/gent-tweede/activities", &[]).await;
    assert!(fresh.contains("Stil veranderd"), "{fresh}");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// An association's instance: the demo and 130 more partnerships (every tenth with
/// Nancy, every third about sport), and 60 more activities in Ghent–Kanazawa.
async fn many_partnerships(db: &zusterstad_store::Db) {
    use zusterstad_core::partnerships::City;
    let change = Change::by_system("test", today());
    let gk = db.partnership_by_slug("gent-kanazawa").await.unwrap();
    let gent: Stored<City> = db.get(gk.item.city_a_id).await.unwrap();
    let nancy = City {
        slug: "nancy".into(),
        name: Localized::tri("Nancy", "ナンシー", "Nancy", Lang::Nl),
        native_name: "Nancy".into(),
        native_reading: None,
        romaji: None,
        country: "FR".into(),
        time_zone: "Europe/Paris".into(),
        latitude: 48.69,
        longitude: 6.18,
        ..gent.item.clone()
    };
    let tx = db.begin().await.unwrap();
    let nancy = tx.create(&change, nancy).await.unwrap();
    for n in 0..130 {
        let p = Partnership {
            slug: format!("zuster-{n:03}"),
            name: Localized::tri(
                &format!("Partnerschap {n}"),
                &format!("パートナー{n}"),
                &format!("Partnership {n}"),
                Lang::Nl,
            ),
            city_b_id: if n % 10 == 0 { nancy.id } else { gk.item.city_b_id },
            focus_areas: if n % 3 == 0 { vec![FocusArea::Sport] } else { vec![FocusArea::Cultural] },
            publication: Publication::Published,
            ..gk.item.clone()
        };
        tx.create(&change, p).await.unwrap();
    }
    for n in 0..60 {
        tx.create(&change, activity(&gk, n)).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn an_instance_of_many_partnerships_is_listed_filtered_and_paged_everywhere() {
    use super::manage::{Browser, backends, users};
    for (backend, db, cleanup) in backends().await {
        users(&db).await;
        many_partnerships(&db).await;
        let all: Vec<Stored<Partnership>> = db.list().await.unwrap();
        assert_eq!(all.len(), 131);
        let sport = all.iter().filter(|p| p.item.focus_areas.contains(&FocusArea::Sport)).count();
        let shared = state(&db, &std::env::temp_dir().join(format!("zt-outbox-{}", super::rand_suffix())));

        // The public home: 24 cards a page, a count, and filters by words and theme.
        let (status, _, home) = get_with(shared.clone(), "/en/", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(cards(&home), 24, "{backend}");
        assert!(home.contains("131 partnerships"), "{backend}");
        assert!(home.contains(r#"<a href="/en/page/2" rel="next">"#), "{backend}");
        let (_, _, last) = get_with(shared.clone(), "/en/page/6", &[]).await;
        assert_eq!(cards(&last), 131 - 5 * 24, "{backend}: the last page");
        for (uri, expected) in [
            ("/en/?q=nancy", 13),
            ("/en/?q=NANCY", 13),
            ("/ja/?q=%E3%83%8A%E3%83%B3%E3%82%B7%E3%83%BC", 13), // ナンシー
            ("/nl/?q=fr", 13),
            ("/en/?q=zuster-12", 10),
            ("/en/?q=%25", 0),
            ("/en/?q=nothing-like-this", 0),
        ] {
            let (status, _, body) = get_with(shared.clone(), uri, &[]).await;
            assert_eq!(status, StatusCode::OK, "{backend} {uri}");
            assert_eq!(cards(&body), expected, "{backend} {uri}");
        }
        assert!(home.contains(r#"data-geojson="/partnerships.geojson""#), "{backend}: the map of all partnerships");
        let (status, headers, geo) = get_with(shared.clone(), "/partnerships.geojson", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(headers["content-type"], "application/geo+json");
        let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
        let features = geo["features"].as_array().unwrap();
        assert_eq!(features.len(), 2 * 131, "{backend}: both cities of every partnership");
        let nancy = features.iter().filter(|f| f["properties"]["country"] == "FR").count();
        assert_eq!(nancy, 13, "{backend}");
        let (_, _, themed) = get_with(shared.clone(), "/en/?theme=sport", &[]).await;
        assert!(themed.contains(&format!("{sport} partnerships")), "{backend}");
        let (_, _, none) = get_with(shared.clone(), "/nl/?q=nergens", &[]).await;
        assert!(none.contains("Geen partnerschap past bij die filter."), "{backend}");
        let (_, _, next) = get_with(shared.clone(), "/en/?q=zuster&theme=sport", &[]).await;
        assert!(
            next.contains(r#"href="/en/?q=zuster&#38;theme=sport&#38;page=2""#),
            "{backend}: filters stay in the pager"
        );

        // The API: paged in the database, with the total and Link headers.
        let (status, headers, page2) = get_with(shared.clone(), "/api/v1/partnerships?per_page=50&page=2", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let page2: serde_json::Value = serde_json::from_str(&page2).unwrap();
        assert_eq!(page2["items"].as_array().unwrap().len(), 50, "{backend}");
        assert_eq!(page2["total"], 131, "{backend}");
        let link = headers.get("link").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(link.contains(r#"<?page=3&per_page=50>; rel="next""#), "{backend}: {link}");
        assert!(link.contains(r#"<?page=1&per_page=50>; rel="prev""#), "{backend}: {link}");
        let (_, headers, page3) = get_with(shared.clone(), "/api/v1/partnerships?per_page=50&page=3", &[]).await;
        let page3: serde_json::Value = serde_json::from_str(&page3).unwrap();
        assert_eq!(page3["items"].as_array().unwrap().len(), 31, "{backend}");
        assert!(!headers.get("link").unwrap().to_str().unwrap().contains("next"), "{backend}");
        let (status, _, _) = get_with(shared.clone(), "/api/v1/partnerships?per_page=500", &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{backend}");

        // The workspace: an admin's home pages through every partnership; a coordinator
        // sees their own only.
        let mut admin = Browser::new(&shared);
        admin.login("admin").await;
        let desk = admin.get("/manage").await.body;
        assert_eq!(desk.matches(r#"<li><a href="/manage/zuster-"#).count(), 49, "{backend}");
        assert!(desk.contains(r#"href="/manage?page=2" rel="next""#), "{backend}");
        let desk3 = admin.get("/manage?page=3").await.body;
        assert_eq!(desk3.matches(r#"<li><a href="/manage/zuster-"#).count(), 31, "{backend}");
        let mut ghent = Browser::new(&shared);
        ghent.login("ghent").await;
        let own = ghent.get("/manage").await.body;
        assert!(own.contains(r#"<li><a href="/manage/gent-kanazawa">"#), "{backend}");
        assert!(!own.contains("/manage/zuster-"), "{backend}: no other partnership");

        // A workspace list of this partnership, 25 rows a page, read by query.
        let activities = RecordStore::<Activity>::query(
            &db,
            &zusterstad_core::query::ListQuery::of(all[0].id)
                .with(zusterstad_core::query::Cond::Ne("publication", Publication::Archived.into())),
        )
        .await
        .unwrap()
        .total as usize;
        let list = ghent.get("/manage/gent-kanazawa/records/activity").await.body;
        assert_eq!(list.matches("<tr><td><a href=").count(), 25, "{backend}");
        let pages = activities.div_ceil(25);
        let last = ghent.get(&format!("/manage/gent-kanazawa/records/activity?page={pages}")).await.body;
        assert_eq!(
            list.matches("<tr><td><a href=").count() * (pages - 1) + last.matches("<tr><td><a href=").count(),
            activities,
            "{backend}"
        );
        let sorted = ghent.get("/manage/gent-kanazawa/records/activity?sort=updated&show=%3Cscript%3E").await;
        assert_eq!(sorted.status, StatusCode::OK, "{backend}");
        assert!(!sorted.body.contains("<script>"), "{backend}");

        // The users page offers one partnership's choices at a time.
        let users_page = admin.get("/manage/users").await.body;
        assert!(users_page.contains(r#"name="partnership" value="gent-kanazawa""#), "{backend}");
        assert!(!users_page.contains("Nancy"), "{backend}: not every partnership's sides");
        let nancy = admin.get("/manage/users?partnership=zuster-010").await.body;
        assert!(nancy.contains("Partnership 10 · Nancy"), "{backend}");
        let unknown = admin.get("/manage/users?partnership=nowhere").await.body;
        assert!(unknown.contains("No partnership has that address."), "{backend}");

        // The new-partnership form offers 50 cities of the register, and finds the rest.
        let gent: Stored<zusterstad_core::partnerships::City> = db.get(all[0].item.city_a_id).await.unwrap();
        let change = Change::by_system("test", today());
        let tx = db.begin().await.unwrap();
        for n in 0..60 {
            let slug = format!("stad-{n:02}");
            let name = Localized::tri(&format!("Stad {n}"), &format!("都市{n}"), &format!("Town {n}"), Lang::Nl);
            tx.create(&change, zusterstad_core::partnerships::City { slug, name, ..gent.item.clone() }).await.unwrap();
        }
        tx.commit().await.unwrap();
        let options = |body: &str| body.matches("<option value=\"").count() / 2;
        let form = admin.get("/manage/partnerships/new").await.body;
        assert_eq!(options(&form), 1 + 50, "{backend}: a new city, or one of 50");
        assert!(form.contains("50 of the 63 cities found are offered"), "{backend}");
        let found = admin.get("/manage/partnerships/new?city=nanc").await.body;
        assert_eq!(options(&found), 1 + 1, "{backend}");
        assert!(found.contains(">Nancy (Nancy, FR)</option>"), "{backend}");
        let by_japanese = admin.get("/manage/partnerships/new?city=%E9%83%BD%E5%B8%8259").await.body;
        assert!(by_japanese.contains(">Town 59 ("), "{backend}: found by its Japanese name");
        db.close().await.ok();
        cleanup.run().await;
    }
}
