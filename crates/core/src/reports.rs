//! The figures a city council asks for each year: activities by area and direction,
//! participants by kind and by home city, the balance both ways, the SDGs covered,
//! the agreements and institution pairs active, events and their attendance.
//! Computed from the public read model; the same figures feed tables and charts.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::activities::{Activity, Direction, ParticipantKind};
use crate::agreements::AgreementId;
use crate::events::{Event, EventId};
use crate::organisations::OrganisationPairId;
use crate::partnerships::FocusArea;
use crate::portal::Portal;
use crate::record::Stored;

/// Where the participants of an activity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Travelled from city A (an A → B activity).
    CityA,
    CityB,
    /// An exchange both ways: the split is not recorded.
    BothWays,
    Online,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub from_year: i32,
    pub to_year: i32,
    pub activities: u32,
    pub by_focus: Vec<(FocusArea, u32)>,
    pub by_direction: Vec<(Direction, u32)>,
    pub participants_by_kind: Vec<(ParticipantKind, u64)>,
    pub participants_by_origin: Vec<(Origin, u64)>,
    /// SDG → number of activities working on it.
    pub sdgs: Vec<(u8, u32)>,
    pub agreements: Vec<AgreementId>,
    pub pairs: Vec<OrganisationPairId>,
    /// Events in the period with their confirmed registrations.
    pub events: Vec<(EventId, u32)>,
}

/// The days of the years `from_year..=to_year`, to read the activities of a report with.
pub fn period(from_year: i32, to_year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(from_year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(to_year, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

fn counted<K: Ord + Copy, N: Default + PartialOrd>(map: BTreeMap<K, N>) -> Vec<(K, N)> {
    map.into_iter().filter(|(_, n)| *n > N::default()).collect()
}

/// The report for the years `from_year..=to_year` from the partnership's
/// `activities` and `events` (at least those of the period: see [`period`]).
/// `attendance` gives the confirmed registrations of an event.
pub fn report(
    p: &Portal,
    activities: &[Stored<Activity>],
    events: &[Stored<Event>],
    from_year: i32,
    to_year: i32,
    attendance: impl Fn(EventId) -> u32,
) -> Report {
    let (start, end) = period(from_year, to_year);
    let in_period = |from: NaiveDate, until: Option<NaiveDate>| from <= end && until.unwrap_or(from) >= start;
    let activities: Vec<_> = activities.iter().filter(|a| in_period(a.item.starts_on, a.item.ends_on)).collect();

    let mut by_focus = BTreeMap::new();
    let mut by_direction = BTreeMap::new();
    let mut by_kind = BTreeMap::new();
    let mut by_origin = BTreeMap::new();
    let mut sdgs = BTreeMap::new();
    for a in &activities {
        *by_focus.entry(a.item.focus).or_insert(0) += 1;
        *by_direction.entry(a.item.direction).or_insert(0) += 1;
        let origin = match a.item.direction {
            Direction::AToB => Origin::CityA,
            Direction::BToA => Origin::CityB,
            Direction::Both => Origin::BothWays,
            Direction::Online => Origin::Online,
        };
        for c in &a.item.participants {
            // Summed as u64: no number of u32 counts a partnership holds can wrap it.
            *by_kind.entry(c.kind).or_insert(0u64) += u64::from(c.count);
            *by_origin.entry(origin).or_insert(0u64) += u64::from(c.count);
        }
        for g in &a.item.sdgs {
            *sdgs.entry(*g).or_insert(0) += 1;
        }
    }

    let active = |a: &crate::agreements::Agreement| {
        let signed = a.signed_on.or(a.signed_year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)));
        let from = a.valid_from.or(signed).unwrap_or(NaiveDate::MIN);
        from <= end && a.valid_until.is_none_or(|u| u >= start)
    };
    let agreements: Vec<AgreementId> =
        p.agreements.iter().filter(|(a, _)| active(&a.item)).map(|(a, _)| a.id).collect();
    let pairs = p
        .pairs
        .iter()
        .filter(|pair| {
            let by_agreement =
                p.agreements.iter().any(|(a, _)| a.item.organisation_pair_id == Some(pair.id) && active(&a.item));
            let by_activity = activities.iter().any(|a| {
                a.item.organisation_ids.contains(&pair.item.organisation_a_id)
                    && a.item.organisation_ids.contains(&pair.item.organisation_b_id)
            });
            by_agreement || by_activity
        })
        .map(|pair| pair.id)
        .collect();
    let events = events
        .iter()
        .filter(|e| (from_year..=to_year).contains(&e.item.starts_at.year()))
        .map(|e| (e.id, attendance(e.id)))
        .collect();

    Report {
        from_year,
        to_year,
        activities: activities.len() as u32,
        by_focus: counted(by_focus),
        by_direction: counted(by_direction),
        participants_by_kind: counted(by_kind),
        participants_by_origin: counted(by_origin),
        sdgs: counted(sdgs),
        agreements,
        pairs,
        events,
    }
}
