//! The public view of one partnership: only what is published, personal data only with
//! consent, statuses derived for "today". The portal's pages, feeds and API read the
//! partnership's small sets (cities, agreements, organisations, events, symbols…)
//! from this read model, and its long lists (activities and news, tens of thousands
//! in a partnership with decades of history) a page at a time, by query, in the
//! model's scope (see [`Portal::activities`], [`Portal::news`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::activities::{Activity, Direction, Programme, ProgrammeId};
use crate::agreements::{Agreement, AgreementStatus};
use crate::approvals::{self, Approval};
use crate::documents::{Document, DocumentId};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::landmarks::Landmark;
use crate::news::NewsPost;
use crate::organisations::{Organisation, OrganisationId, OrganisationPair};
use crate::partnerships::{City, CityId, FocusArea, Partnership};
use crate::people::{Ambassador, Person};
use crate::query::{Cond, ListQuery, Page, Value};
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
    /// The next [`UPCOMING_KEPT`] events that have not ended at `at`, soonest first,
    /// in the version the public may see; the events list reads its pages by query
    /// ([`Portal::events_page`]).
    pub events: Vec<Stored<Event>>,
    pub landmarks: Vec<Stored<Landmark>>,
    /// Only people who consented to a public profile; by cohort, newest first.
    pub ambassadors: Vec<PublicAmbassador>,
    /// The day the statuses were derived for.
    pub today: NaiveDate,
    /// The moment the model was read: news is shown once its publication time is
    /// before it.
    pub at: DateTime<Utc>,
    /// The publication states its lists show.
    states: &'static [Publication],
    /// The partnership's items under joint control (empty in the workspace's view).
    joint: Vec<crate::approvals::JointState>,
    /// The events under joint control with no version the public may see.
    hidden_events: Vec<i64>,
}

/// Which of a partnership's activities a list shows; `None` everywhere: all.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ActivityFilter {
    /// Started in this year.
    pub year: Option<i32>,
    pub focus: Option<FocusArea>,
    pub direction: Option<Direction>,
    pub sdg: Option<u8>,
    pub organisation: Option<OrganisationId>,
    pub programme: Option<ProgrammeId>,
    /// Under way at some time in these days (both included).
    pub period: Option<(NaiveDate, NaiveDate)>,
}

/// An enum's code as written in the database (its serde name).
fn code<T: serde::Serialize>(value: T) -> Value {
    Value::Text(serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())
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
    let states: &'static [Publication] =
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
    // Joint items: the public sees the last version both cities approved (see
    // `approvals::public_version`), so governed events are read whatever their state.
    let joint = if workspace { Vec::new() } else { store.joint_states(pid).await? };
    let landmarks = RecordStore::<Landmark>::query(store, &mine()).await?.items;

    let agreements = if workspace {
        agreements.into_iter().filter(|(a, _)| states.contains(&a.item.publication)).collect()
    } else {
        // The approvals of this partnership's joint agreements only.
        let governed = joint.iter().filter(|j| j.kind == Kind::Agreement).map(|j| j.record_id);
        let joint_ids = agreements.iter().filter(|(a, _)| a.item.joint).map(|(a, _)| a.id.get());
        let approvals = crate::store::approvals_of(store, Kind::Agreement, joint_ids.chain(governed)).await?;
        let p = &partnership.item;
        agreements
            .into_iter()
            .filter_map(|(a, status)| {
                let state = joint.iter().find(|j| j.kind == Kind::Agreement && j.record_id == a.id.get());
                let shown = approvals::public_version(p, &approvals, &a, a.item.joint, state)?;
                let status = if shown.version == a.version {
                    status
                } else {
                    let superseded = status == AgreementStatus::Superseded;
                    shown.item.status(today, p.expiry_window_days, superseded)
                };
                (shown.item.publication == Publication::Published).then_some((shown, status))
            })
            .collect()
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

    let mut portal = Portal {
        partnership,
        city_a,
        city_b,
        organisations,
        pairs,
        agreements,
        documents,
        programmes,
        events: Vec::new(),
        landmarks,
        ambassadors,
        today,
        at: now,
        states,
        joint,
        hidden_events: Vec::new(),
    };
    // The few events under joint control, resolved once: those without a version
    // both cities approved are left out of every events query, so counts are true.
    let governed: Vec<i64> = portal.joint.iter().filter(|j| j.kind == Kind::Event).map(|j| j.record_id).collect();
    if !governed.is_empty() {
        let all = ListQuery::of(pid).with(Cond::In("id", governed.iter().map(|&id| Value::Int(id)).collect()));
        let shown: Vec<i64> = portal.events_where(store, &all).await?.items.iter().map(|e| e.id.get()).collect();
        portal.hidden_events = governed.into_iter().filter(|id| !shown.contains(id)).collect();
    }
    let upcoming = portal.upcoming_query(now).limit(UPCOMING_KEPT);
    let mut events = portal.events_where(store, &upcoming).await?.items;
    events.retain(|e| e.item.ends_at >= now);
    portal.events = events;
    Ok(portal)
}

/// One page of the events list (see [`Portal::events_page`]).
pub struct EventsPage {
    pub upcoming: Vec<Stored<Event>>,
    pub past: Vec<Stored<Event>>,
    /// Upcoming and past events in all.
    pub total: u64,
}

/// The upcoming events the read model keeps (the overview shows the first few; the
/// events list reads its pages by query): a partnership with a thousand planned
/// events rebuilds its model after a write as fast as one with three.
pub const UPCOMING_KEPT: u64 = 20;

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

    /// The partnership's events in this model's scope; for the public, also those
    /// under joint control whatever their current state (their public version is
    /// chosen by [`Portal::events_where`]).
    pub fn events_query(&self) -> ListQuery {
        if self.joint.is_empty() {
            return self.scope();
        }
        let governed: Vec<Value> =
            self.joint.iter().filter(|j| j.kind == Kind::Event).map(|j| Value::Int(j.record_id)).collect();
        let hidden = self.hidden_events.iter().map(|&id| Value::Int(id)).collect();
        ListQuery::of(self.partnership.id)
            .with(Cond::Any(vec![
                Cond::In("publication", self.states.iter().map(|&p| Value::from(p)).collect()),
                Cond::In("id", governed),
            ]))
            .with(Cond::NotIn("id", hidden))
    }

    /// The events `query` (from [`Portal::events_query`]) finds, each in the version
    /// the public may see (one both cities approved, for a joint event), those with
    /// none left out; the total is the query's.
    pub async fn events_where<S: RecordStore<Event> + RecordStore<Approval>>(
        &self,
        store: &S,
        query: &ListQuery,
    ) -> Result<Page<Stored<Event>>> {
        let found = RecordStore::<Event>::query(store, query).await?;
        if self.states.contains(&Publication::Draft) {
            return Ok(found);
        }
        let governed = |id: i64| self.joint.iter().find(|j| j.kind == Kind::Event && j.record_id == id);
        let joint_ids =
            found.items.iter().filter(|e| e.item.joint || governed(e.id.get()).is_some()).map(|e| e.id.get());
        let approvals = crate::store::approvals_of(store, Kind::Event, joint_ids.collect::<Vec<_>>()).await?;
        let p = &self.partnership.item;
        let items = found
            .items
            .into_iter()
            .filter_map(|e| approvals::public_version(p, &approvals, &e, e.item.joint, governed(e.id.get())))
            .filter(|e| e.item.publication == Publication::Published)
            .collect();
        Ok(Page { items, total: found.total })
    }

    /// The events that have not ended at `now`, soonest first.
    pub fn upcoming_query(&self, now: DateTime<Utc>) -> ListQuery {
        self.events_query().with(Cond::Ge("ends_at", now.into())).asc("starts_at")
    }

    /// Page `number` of the events list: the upcoming events (soonest first), then
    /// the past ones (latest first), `size` to a page; with the number of events in
    /// all. Each part is read by query, only the rows the page shows.
    pub async fn events_page<S: RecordStore<Event> + RecordStore<Approval>>(
        &self,
        store: &S,
        now: DateTime<Utc>,
        number: u64,
        size: u64,
    ) -> Result<EventsPage> {
        let start = number.saturating_sub(1) * size;
        let mut upcoming = self.upcoming_query(now);
        (upcoming.offset, upcoming.limit) = (start, Some(size));
        let upcoming = self.events_where(store, &upcoming).await?;
        let left = size.saturating_sub(upcoming.items.len() as u64);
        let mut past = self.events_query().with(Cond::Lt("ends_at", now.into())).desc("starts_at");
        (past.offset, past.limit) = (start.saturating_sub(upcoming.total), Some(left));
        let past = self.events_where(store, &past).await?;
        Ok(EventsPage { total: upcoming.total + past.total, upcoming: upcoming.items, past: past.items })
    }

    /// The event `id`, if this model shows it.
    pub async fn event<S: RecordStore<Event> + RecordStore<Approval>>(
        &self,
        store: &S,
        id: i64,
    ) -> Result<Option<Stored<Event>>> {
        if let Some(e) = self.events.iter().find(|e| e.id.get() == id) {
            return Ok(Some(e.clone()));
        }
        let q = self.events_query().with(Cond::Eq("id", Value::Int(id))).limit(1);
        Ok(self.events_where(store, &q).await?.items.into_iter().next())
    }

    /// Every event of the model's scope that `conds` pick, in time order (for sets
    /// the conditions keep small: a programme, a report's period).
    pub async fn all_events<S: RecordStore<Event> + RecordStore<Approval>>(
        &self,
        store: &S,
        conds: Vec<Cond>,
    ) -> Result<Vec<Stored<Event>>> {
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let mut q = self.events_query();
            q.conds.extend(conds.iter().cloned());
            let page = self.events_where(store, &q.asc("starts_at").page(number, ALL_PAGE)).await?;
            let read = page.total.min(number * ALL_PAGE);
            all.extend(page.items);
            if read >= page.total {
                return Ok(all);
            }
            number += 1;
        }
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

    /// The partnership's rows of a kind in this model's scope.
    fn scope(&self) -> ListQuery {
        ListQuery::of(self.partnership.id).publication(self.states)
    }

    /// One page (`number` from 1, of `size`) of the activities `filter` picks, newest
    /// first, with how many it picks in all; read by query.
    pub async fn activities<S: RecordStore<Activity>>(
        &self,
        store: &S,
        filter: &ActivityFilter,
        number: u64,
        size: u64,
    ) -> Result<Page<Stored<Activity>>> {
        let mut q = self.scope();
        if let Some(year) = filter.year {
            let first = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map(Value::Date);
            match (first(year), first(year.saturating_add(1))) {
                (Some(from), Some(until)) => {
                    q = q.with(Cond::Ge("starts_on", from)).with(Cond::Lt("starts_on", until));
                }
                _ => return Ok(Page { items: Vec::new(), total: 0 }),
            }
        }
        if let Some(f) = filter.focus {
            q = q.with(Cond::Eq("focus", code(f)));
        }
        if let Some(d) = filter.direction {
            q = q.with(Cond::Eq("direction", code(d)));
        }
        if let Some(g) = filter.sdg {
            q = q.with(Cond::Has("sdgs", i64::from(g)));
        }
        if let Some(o) = filter.organisation {
            q = q.with(Cond::Has("organisation_ids", o.get()));
        }
        if let Some(p) = filter.programme {
            q = q.with(Cond::Eq("programme_id", Value::Int(p.get())));
        }
        if let Some((from, until)) = filter.period {
            // Under way in the period: started by its end, and ended (or, with no
            // end, started) after its start; an end is never before the start.
            q = q.with(Cond::Le("starts_on", Value::Date(until))).with(Cond::Any(vec![
                Cond::Ge("ends_on", Value::Date(from)),
                Cond::Ge("starts_on", Value::Date(from)),
            ]));
        }
        store.query(&q.desc("starts_on").desc("id").page(number, size)).await
    }

    /// Every activity `filter` picks, newest first (for sets a filter keeps small,
    /// such as one report period).
    pub async fn all_activities<S: RecordStore<Activity>>(
        &self,
        store: &S,
        filter: &ActivityFilter,
    ) -> Result<Vec<Stored<Activity>>> {
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let page = self.activities(store, filter, number, ALL_PAGE).await?;
            let last = (page.items.len() as u64) < ALL_PAGE;
            all.extend(page.items);
            if last {
                return Ok(all);
            }
            number += 1;
        }
    }

    /// The activity `id`, if this model shows it.
    pub async fn activity<S: RecordStore<Activity>>(&self, store: &S, id: i64) -> Result<Option<Stored<Activity>>> {
        let q = self.scope().with(Cond::Eq("id", Value::Int(id))).limit(1);
        Ok(store.query(&q).await?.items.into_iter().next())
    }

    /// The years in which shown activities started, with how many, newest first.
    pub async fn activity_years<S: RecordStore<Activity>>(&self, store: &S) -> Result<Vec<(i32, u64)>> {
        let mut years = store.count_by_year("starts_on", &self.scope().conds).await?;
        years.reverse();
        Ok(years)
    }

    fn published_news(&self) -> ListQuery {
        self.scope().with(Cond::Le("published_at", self.at.into())).desc("published_at")
    }

    /// One page of the news whose time has come, newest first.
    pub async fn news<S: RecordStore<NewsPost>>(
        &self,
        store: &S,
        number: u64,
        size: u64,
    ) -> Result<Page<Stored<NewsPost>>> {
        store.query(&self.published_news().page(number, size)).await
    }

    /// The news post with this address, if its time has come.
    pub async fn news_post<S: RecordStore<NewsPost>>(&self, store: &S, slug: &str) -> Result<Option<Stored<NewsPost>>> {
        let q = self.published_news().with(Cond::Eq("slug", Value::Text(slug.to_owned()))).limit(1);
        Ok(store.query(&q).await?.items.into_iter().next())
    }

    /// The news post `id`, if its time has come.
    pub async fn news_by_id<S: RecordStore<NewsPost>>(&self, store: &S, id: i64) -> Result<Option<Stored<NewsPost>>> {
        let q = self.published_news().with(Cond::Eq("id", Value::Int(id))).limit(1);
        Ok(store.query(&q).await?.items.into_iter().next())
    }

    /// The SDGs the partnership works on (its own and its activities'), each with its
    /// newest `shown` activities and how many it has in all.
    pub async fn sdgs<S: RecordStore<Activity>>(
        &self,
        store: &S,
        shown: u64,
    ) -> Result<Vec<(u8, Page<Stored<Activity>>)>> {
        let mut goals = Vec::new();
        for g in 1..=17u8 {
            let filter = ActivityFilter { sdg: Some(g), ..ActivityFilter::default() };
            let page = self.activities(store, &filter, 1, shown).await?;
            if page.total > 0 || self.partnership.item.sdgs.contains(&g) {
                goals.push((g, page));
            }
        }
        Ok(goals)
    }
}

/// Rows read at once when a whole (filtered) list is wanted.
const ALL_PAGE: u64 = 500;
