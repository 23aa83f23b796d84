//! Joint approval: an item marked joint (an agreement, a joint event or statement)
//! is public only when a coordinator of each side has approved its current version.
//! An approval names the version it was given for, so any later change to the item
//! (a new version) needs both approvals again.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ids::Id;
use crate::partnerships::{CityId, Partnership};
use crate::record::{Kind, Record, Reference, Stored};
use crate::users::UserId;
use crate::validate::Problems;

pub type ApprovalId = Id<Approval>;

/// The kinds of item that can be marked joint.
pub const JOINT_KINDS: [Kind; 2] = [Kind::Agreement, Kind::Event];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    /// What was approved: its kind, id and version.
    pub item_kind: Kind,
    pub record_id: i64,
    pub item_version: i64,
    /// The side (city) on whose behalf it was approved.
    pub city_id: CityId,
    /// Who approved; empty for approvals recorded outside the workspace (the demo,
    /// agreements signed before Zusterstad).
    pub user_id: Option<UserId>,
}

impl Record for Approval {
    const KIND: Kind = Kind::Approval;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(JOINT_KINDS.contains(&self.item_kind), "item_kind", Problem::NotJoint);
        p.check(self.record_id > 0, "record_id", Problem::Required);
        p.check(self.item_version > 0, "item_version", Problem::AtLeastOne);
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [Some(Reference::to("city_id", self.city_id)), Reference::optional("user_id", self.user_id)]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The sides that approved this version of the item.
pub fn approved_sides(approvals: &[Stored<Approval>], kind: Kind, record_id: i64, version: i64) -> Vec<CityId> {
    let mut sides: Vec<CityId> = approvals
        .iter()
        .filter(|a| a.item.item_kind == kind && a.item.record_id == record_id && a.item.item_version == version)
        .map(|a| a.item.city_id)
        .collect();
    sides.sort();
    sides.dedup();
    sides
}

/// Whether an item may be public as far as joint approval goes: not joint, or
/// approved in its current version by both cities of the partnership.
pub fn cleared(
    partnership: &Partnership,
    approvals: &[Stored<Approval>],
    kind: Kind,
    joint: bool,
    record_id: i64,
    version: i64,
) -> bool {
    if !joint {
        return true;
    }
    let sides = approved_sides(approvals, kind, record_id, version);
    sides.contains(&partnership.city_a_id) && sides.contains(&partnership.city_b_id)
}

/// A joint item under both cities' control: it is joint, or was and both cities have
/// not yet approved a one-sided version. The store keeps, with each approval, the
/// last version both cities approved and the item as it was then.
#[derive(Debug, Clone, PartialEq)]
pub struct JointState {
    pub kind: Kind,
    pub record_id: i64,
    pub released_version: Option<i64>,
    /// The item (`Stored<T>` as JSON) at `released_version`.
    pub released: Option<serde_json::Value>,
}

/// The version of an item the public sees: the current one when it is not under
/// joint control or both cities approved it, else the last version both approved
/// (which may itself be a draft or archived: then nothing shows). A one-sided change,
/// unticking "joint" or archiving included, shows only once both approved it.
pub fn public_version<T: Record>(
    partnership: &Partnership,
    approvals: &[Stored<Approval>],
    current: &Stored<T>,
    joint: bool,
    state: Option<&JointState>,
) -> Option<Stored<T>> {
    let governed = joint || state.is_some();
    if cleared(partnership, approvals, T::KIND, governed, current.id.get(), current.version) {
        return Some(current.clone());
    }
    let released = state?.released.clone()?;
    serde_json::from_value(released).ok()
}

/// Whether someone other than an admin may delete this item: any item not under joint
/// control, and a joint draft both cities never approved (it was never public as
/// theirs); once both approved a version, only after both approved archiving it (its
/// current, archived version is the one both approved).
pub fn may_delete_alone(state: Option<&JointState>, version: i64, archived: bool) -> bool {
    match state.and_then(|s| s.released_version) {
        None => true,
        Some(released) => archived && released == version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn approval(record_id: i64, version: i64, city: i64) -> Stored<Approval> {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().unwrap_or_default();
        Stored {
            id: Id::new(city * 100 + version),
            version: 1,
            created_at: at,
            updated_at: at,
            item: Approval {
                item_kind: Kind::Event,
                record_id,
                item_version: version,
                city_id: Id::new(city),
                user_id: None,
            },
        }
    }

    #[test]
    fn what_both_cities_approved_is_deleted_only_once_both_approved_archiving_it() {
        let state =
            |released| JointState { kind: Kind::Event, record_id: 7, released_version: released, released: None };
        assert!(may_delete_alone(None, 3, false), "not joint");
        assert!(may_delete_alone(Some(&state(None)), 3, false), "a joint draft never approved by both");
        assert!(!may_delete_alone(Some(&state(Some(2))), 3, true), "archived by one side only");
        assert!(!may_delete_alone(Some(&state(Some(3))), 3, false), "approved, not archived");
        assert!(may_delete_alone(Some(&state(Some(3))), 3, true), "both approved archiving it");
    }

    #[test]
    fn a_joint_item_needs_both_sides_for_its_current_version() {
        let p = crate::partnerships::tests::partnership();
        let both = [approval(7, 3, 1), approval(7, 3, 2)];
        assert!(cleared(&p, &both, Kind::Event, true, 7, 3));
        // A change after approval: version 4 has no approvals yet.
        assert!(!cleared(&p, &both, Kind::Event, true, 7, 4));
        // One side only.
        assert!(!cleared(&p, &both[..1], Kind::Event, true, 7, 3));
        // Another item's approvals do not count.
        assert!(!cleared(&p, &both, Kind::Event, true, 8, 3));
        // Not joint: no approval needed.
        assert!(cleared(&p, &[], Kind::Event, false, 7, 3));
    }
}
