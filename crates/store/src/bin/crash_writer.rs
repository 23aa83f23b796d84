//! Test support for the crash test (`tests/conformance/crash.rs`): writes
//! organisations one by one and prints each id once its transaction has committed,
//! until it is killed. Not part of the product.

use std::io::Write;

use chrono::Utc;
use zusterstad_core::audit::Change;
use zusterstad_core::organisations::{Organisation, OrganisationKind};
use zusterstad_core::partnerships::{City, Partnership};
use zusterstad_core::store::RecordStore;
use zusterstad_core::{Lang, Localized, Publication};
use zusterstad_store::Db;

fn city(slug: &str, tz: &str) -> City {
    City {
        slug: slug.into(),
        name: Localized::tri(slug, slug, slug, Lang::En),
        native_name: slug.into(),
        native_reading: None,
        romaji: None,
        country: "BE".into(),
        time_zone: tz.into(),
        latitude: 51.0,
        longitude: 3.7,
        founded_year: None,
        population: None,
        description: Localized::default(),
        facts: vec![],
        mail_signature: None,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or("usage: crash_writer DATABASE_URL")?;
    let db = Db::open(&url).await?;
    let change = || Change::by_system("crash-test", Utc::now());
    let a = db.create(&change(), city("a", "Europe/Brussels")).await?;
    let b = db.create(&change(), city("b", "Asia/Tokyo")).await?;
    let p = db
        .create(
            &change(),
            Partnership {
                slug: "a-b".into(),
                name: Localized::tri("A–B", "A–B", "A–B", Lang::En),
                city_a_id: a.id,
                city_b_id: b.id,
                established_year: 1971,
                established_on: None,
                summary: Localized::default(),
                description: Localized::default(),
                focus_areas: vec![],
                sdgs: vec![],
                expiry_window_days: 180,
                publication: Publication::Draft,
                contact: None,
                privacy: None,
                accessibility: None,
            },
        )
        .await?;
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let org = Organisation {
            partnership_id: p.id,
            city_id: a.id,
            name: Localized::tri(
                &format!("Organisatie {i}"),
                &format!("団体 {i}"),
                &format!("Organisation {i}"),
                Lang::Nl,
            ),
            short_name: None,
            kind: OrganisationKind::Association,
            website: None,
            description: Localized::default(),
            publication: Publication::Draft,
            example: true,
        };
        let stored = db.create(&change(), org).await?;
        writeln!(out, "{}", stored.id)?;
        out.flush()?;
    }
    Ok(())
}
