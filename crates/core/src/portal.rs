//! The public view of one partnership: only what is published, personal data only with
//! consent, statuses derived for "today". The portal's pages, feeds and (later) its
//! JSON twins are all rendered from this one read model.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::activities::{Activity, Programme};
use crate::agreements::{Agreement, AgreementStatus};
use crate::approvals::{self, Approval};
use crate::documents::{Document, DocumentId};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::landmarks::Landmark;
use crate::news::NewsPost;
use crate::organisations::{Organisation, OrganisationId, OrganisationPair};
use crate::partnerships::{City, CityId, Partnership};
use crate::people::{Ambassador, Person};
use crate::query::{Cond, ListQuery, Value};
use crate::record::{Kind, Publication, Stored};
use crate::store::{AgreementStore, FileInfo, FileStore, PartnershipStore, RecordStore};

/// Everything the portal needs from storage.
pub trait PortalStore:
    PartnershipStore
    + crate::store::JointStore
    + AgreementStore
    + FileStore
    + RecordStore<Organisation>
    + RecordStore<OrganisationPair>
    + RecordStore<Programme>
    + RecordStore<Activity>
    + RecordStore<Document>
    + RecordStore<Person>
    + RecordStore<Ambassador>
    + RecordStore<Event>
    + RecordStore<NewsPost>
    + RecordStore<Approval>
    + RecordStore<Landmark>
{
}

impl<S> PortalStore for S where
    S: PartnershipStore
        + crate::store::JointStore
        + AgreementStore
        + FileStore
        + RecordStore<Organisation>
        + RecordStore<OrganisationPair>
        + RecordStore<Programme>
        + RecordStore<Activity>
        + RecordStore<Document>
        + RecordStore<Person>
        + RecordStore<Ambassador>
        + RecordStore<Event>
        + RecordStore<NewsPost>
        + RecordStore<Approval>
        + RecordStore<Landmark>
{
}

/// An ambassador as the public may see them: the profile and a name, nothing else.
#[derive(Debug, Clone)]
pub struct PublicAmbassador {
    pub ambassador: Stored<Ambassador>,
    pub family_name: String,
    pub given_name: String,
    pub family_name_romaji: Option<String>,
    pub given_name_romaji: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Portal {
    pub partnership: Stored<Partnership>,
    pub city_a: Stored<City>,
    pub city_b: Stored<City>,
    pub organisations: Vec<Stored<Organisation>>,
    pub pairs: Vec<Stored<OrganisationPair>>,
    /// Newest first.
    pub agreements: Vec<(Stored<Agreement>, AgreementStatus)>,
    pub documents: Vec<(Stored<Document>, FileInfo)>,
    pub programmes: Vec<Stored<Programme>>,
    /// Newest first.
    pub activities: Vec<Stored<Activity>>,
    /// In time order.
    pub events: Vec<Stored<Event>>,
    /// Newest first; only those whose publication time has come.
    pub news: Vec<Stored<NewsPost>>,
    pub landmarks: Vec<Stored<Landmark>>,
    /// Only people who consented to a public profile; by cohort, newest first.
    pub ambassadors: Vec<PublicAmbassador>,
    /// The day the statuses were derived for.
    pub today: NaiveDate,
}

/// Loads the public view of the partnership `slug` as it is at `now`.
pub async fn load<S: PortalStore>(store: &S, slug: &str, now: DateTime<Utc>) -> Result<Portal> {
    load_scope(store, slug, now, false).await
}

/// The same view for the workspace's reports: drafts and joint items not yet
/// approved count too (archived items do not); people still only with consent.
pub async fn load_workspace<S: PortalStore>(store: &S, slug: &str, now: DateTime<Utc>) -> Result<Portal> {
    load_scope(store, slug, now, true).await
}

async fn load_scope<S: PortalStore>(store: &S, slug: &str, now: DateTime<Utc>, workspace: bool) -> Result<Portal> {
    let today = now.date_naive();
    let partnership = store.partnership_by_slug(slug).await?;
    if !workspace && partnership.item.publication != Publication::Published {
        return Err(Error::NotFound { kind: "partnership", id: slug.to_owned() });
    }
    let pid = partnership.id;
    let city_a: Stored<City> = store.get(partnership.item.city_a_id).await?;
    let city_b: Stored<City> = store.get(partnership.item.city_b_id).await?;
    // Every read below is of this partnership's rows only, by query.
    let states: &[Publication] =
        if workspace { &[Publication::Published, Publication::Draft] } else { &[Publication::Published] };
    let mine = || ListQuery::of(pid).publication(states);

    let organisations = RecordStore::<Organisation>::query(store, &mine()).await?.items;
    let pairs = RecordStore::<OrganisationPair>::query(store, &mine()).await?.items;
    // All of them: a joint agreement's public version may differ from its current one.
    let agreements = store.agreements_with_status(pid, today).await?;
    let mut documents = Vec::new();
    for d in RecordStore::<Document>::query(store, &mine()).await?.items {
        let info = store.file_info(d.item.file_id).await?;
        documents.push((d, info));
    }
    let programmes = RecordStore::<Programme>::query(store, &mine()).await?.items;
    let activities = RecordStore::<Activity>::query(store, &mine().desc("starts_on").desc("id")).await?.items;
    // Joint items: the public sees the last version both cities approved (see
    // `approvals::public_version`), so governed events are read whatever their state.
    let joint = if workspace { Vec::new() } else { store.joint_states(pid).await? };
    let governed = |kind: Kind| -> Vec<Value> {
        joint.iter().filter(|j| j.kind == kind).map(|j| Value::Int(j.record_id)).collect()
    };
    let events_query = if workspace {
        mine()
    } else {
        ListQuery::of(pid).with(Cond::Any(vec![
            Cond::In("publication", states.iter().map(|&p| Value::from(p)).collect()),
            Cond::In("id", governed(Kind::Event)),
        ]))
    };
    let events = RecordStore::<Event>::query(store, &events_query.asc("starts_at")).await?.items;
    let news =
        RecordStore::<NewsPost>::query(store, &mine().with(Cond::Le("published_at", now.into())).desc("published_at"))
            .await?
            .items;
    let landmarks = RecordStore::<Landmark>::query(store, &mine()).await?.items;

    let (agreements, events) = if workspace {
        (agreements.into_iter().filter(|(a, _)| states.contains(&a.item.publication)).collect(), events)
    } else {
        // The approvals of this partnership's joint items only.
        let governed_ids = |kind: Kind| joint.iter().filter(move |j| j.kind == kind).map(|j| j.record_id);
        let mut approvals = crate::store::approvals_of(
            store,
            Kind::Agreement,
            agreements
                .iter()
                .filter(|(a, _)| a.item.joint)
                .map(|(a, _)| a.id.get())
                .chain(governed_ids(Kind::Agreement)),
        )
        .await?;
        approvals.extend(
            crate::store::approvals_of(
                store,
                Kind::Event,
                events.iter().filter(|e| e.item.joint).map(|e| e.id.get()).chain(governed_ids(Kind::Event)),
            )
            .await?,
        );
        let p = &partnership.item;
        let state = |kind: Kind, id: i64| joint.iter().find(|j| j.kind == kind && j.record_id == id);
        let published = |s: &Publication| *s == Publication::Published;
        let agreements = agreements
            .into_iter()
            .filter_map(|(a, status)| {
                let shown =
                    approvals::public_version(p, &approvals, &a, a.item.joint, state(Kind::Agreement, a.id.get()))?;
                let status = if shown.version == a.version {
                    status
                } else {
                    let superseded = status == AgreementStatus::Superseded;
                    shown.item.status(today, p.expiry_window_days, superseded)
                };
                published(&shown.item.publication).then_some((shown, status))
            })
            .collect();
        let mut events: Vec<Stored<Event>> = events
            .into_iter()
            .filter_map(|e| approvals::public_version(p, &approvals, &e, e.item.joint, state(Kind::Event, e.id.get())))
            .filter(|e| published(&e.item.publication))
            .collect();
        events.sort_by_key(|e| (e.item.starts_at, e.id));
        (agreements, events)
    };

    let members = RecordStore::<Ambassador>::query(store, &mine()).await?.items;
    let people: Vec<Stored<Person>> =
        crate::store::by_ids(store, members.iter().map(|a| a.item.person_id.get())).await?;
    let mut ambassadors: Vec<PublicAmbassador> = members
        .into_iter()
        .filter_map(|a| {
            let person = people.iter().find(|p| p.id == a.item.person_id)?;
            person.item.consents.may_publish_profile().then(|| PublicAmbassador {
                family_name: person.item.family_name.clone(),
                given_name: person.item.given_name.clone(),
                family_name_romaji: person.item.family_name_romaji.clone(),
                given_name_romaji: person.item.given_name_romaji.clone(),
                ambassador: a,
            })
        })
        .collect();
    ambassadors.sort_by(|a, b| {
        b.ambassador.item.cohort_year.cmp(&a.ambassador.item.cohort_year).then(a.family_name.cmp(&b.family_name))
    });

    Ok(Portal {
        partnership,
        city_a,
        city_b,
        organisations,
        pairs,
        agreements,
        documents,
        programmes,
        activities,
        events,
        news,
        landmarks,
        ambassadors,
        today,
    })
}

/// What happened in a year of the partnership's life, for the timeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Milestone {
    CityFounded(CityId),
    Established,
    Gift(crate::landmarks::LandmarkId),
    Agreement(crate::agreements::AgreementId),
    Programme(crate::activities::ProgrammeId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub year: i32,
    /// The partnership's anniversary that year, when it is a multiple of five.
    pub anniversary: Option<i32>,
    pub milestone: Milestone,
}

impl Portal {
    pub fn city(&self, id: CityId) -> Option<&Stored<City>> {
        [&self.city_a, &self.city_b].into_iter().find(|c| c.id == id)
    }

    pub fn organisation(&self, id: OrganisationId) -> Option<&Stored<Organisation>> {
        self.organisations.iter().find(|o| o.id == id)
    }

    pub fn document(&self, id: DocumentId) -> Option<&(Stored<Document>, FileInfo)> {
        self.documents.iter().find(|(d, _)| d.id == id)
    }

    /// The city agreement in force now (or expiring), if any: the one to show first.
    pub fn agreement_in_force(&self) -> Option<&(Stored<Agreement>, AgreementStatus)> {
        self.agreements.iter().find(|(a, s)| {
            a.item.organisation_pair_id.is_none()
                && a.item.document_id.is_some()
                && matches!(s, AgreementStatus::InForce | AgreementStatus::Expiring { .. })
        })
    }

    /// Events that have not ended at `now`, soonest first.
    pub fn upcoming_events(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Stored<Event>> {
        self.events.iter().filter(move |e| e.item.ends_at >= now)
    }

    /// Events that have ended at `now`, latest first.
    pub fn past_events(&self, now: DateTime<Utc>) -> impl Iterator<Item = &Stored<Event>> {
        self.events.iter().rev().filter(move |e| e.item.ends_at < now)
    }

    /// The partnership's life computed from the record, oldest first.
    pub fn timeline(&self) -> Vec<TimelineEntry> {
        let start = self.partnership.item.established_year;
        let anniversary = |year: i32| {
            let n = year - start;
            (n > 0 && n % 5 == 0).then_some(n)
        };
        let mut entries = Vec::new();
        for city in [&self.city_a, &self.city_b] {
            if let Some(year) = city.item.founded_year {
                entries.push(TimelineEntry { year, anniversary: None, milestone: Milestone::CityFounded(city.id) });
            }
        }
        entries.push(TimelineEntry { year: start, anniversary: None, milestone: Milestone::Established });
        for l in &self.landmarks {
            if let Some(year) = l.item.given_year {
                entries.push(TimelineEntry { year, anniversary: anniversary(year), milestone: Milestone::Gift(l.id) });
            }
        }
        for (a, _) in &self.agreements {
            let year = a.item.signed_on.map(|d| d.year()).or(a.item.signed_year);
            if let Some(year) = year
                && a.item.organisation_pair_id.is_none()
                && year != start
            {
                entries.push(TimelineEntry {
                    year,
                    anniversary: anniversary(year),
                    milestone: Milestone::Agreement(a.id),
                });
            }
        }
        for p in &self.programmes {
            let year = p.item.starts_on.year();
            entries.push(TimelineEntry { year, anniversary: anniversary(year), milestone: Milestone::Programme(p.id) });
        }
        entries.sort_by_key(|e| e.year);
        entries
    }

    /// The SDGs the partnership works on, each with the activities behind it.
    pub fn sdgs(&self) -> Vec<(u8, Vec<&Stored<Activity>>)> {
        let mut goals: Vec<u8> = self.partnership.item.sdgs.clone();
        goals.extend(self.activities.iter().flat_map(|a| a.item.sdgs.iter().copied()));
        goals.sort_unstable();
        goals.dedup();
        goals.into_iter().map(|g| (g, self.activities.iter().filter(|a| a.item.sdgs.contains(&g)).collect())).collect()
    }
}
