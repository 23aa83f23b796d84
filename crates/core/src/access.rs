//! Who may do what in the workspace and the API. One function, `Principal::may`,
//! answers every permission question; routes state which `Permission` they need.

use crate::ids::Id;
use crate::organisations::OrganisationId;
use crate::partnerships::{CityId, PartnershipId};
use crate::people::PersonId;
use crate::record::Kind;
use crate::users::{Role, RoleGrant, UserId};

/// What a route or action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Any signed-in user: their dashboard, their password, the call planner.
    SignedIn,
    /// Read the workspace pages of a partnership (lists, reports, history).
    ViewPartnership(PartnershipId),
    /// Create, edit, archive and delete items of a partnership; translate.
    EditPartnership(PartnershipId),
    /// Approve joint items on behalf of a city (a coordinator of that side).
    Approve(PartnershipId, CityId),
    /// Keep one organisation's page.
    EditOrganisation(PartnershipId, OrganisationId),
    /// Keep one person's profile.
    EditPerson(PersonId),
    /// People's personal data: export, erase, registrations of events.
    PersonalData(PartnershipId),
    /// Users, roles, API tokens, the whole audit log.
    Admin,
}

/// A signed-in user with their roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub user: UserId,
    pub grants: Vec<RoleGrant>,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    fn coordinates(&self, partnership: PartnershipId) -> impl Iterator<Item = &RoleGrant> {
        self.grants.iter().filter(move |g| g.role == Role::Coordinator && g.partnership_id == Some(partnership))
    }

    /// The side (city) this user coordinates in a partnership, if any.
    pub fn side(&self, partnership: PartnershipId) -> Option<CityId> {
        self.coordinates(partnership).find_map(|g| g.side_city_id)
    }

    /// Whether this user may change an item of `kind` in a partnership (`id` none:
    /// create one): its coordinators everything but the partner's city (a city may be
    /// a side of other partnerships too, so only its own side and admins speak for it);
    /// an organisation's editor that organisation's own page.
    pub fn may_edit_item(&self, partnership: PartnershipId, kind: Kind, id: Option<i64>) -> bool {
        if kind == Kind::City {
            return self.is_admin() || id.is_some_and(|id| self.side(partnership) == Some(Id::new(id)));
        }
        self.may(Permission::EditPartnership(partnership))
            || (kind == Kind::Organisation
                && id.is_some_and(|id| self.may(Permission::EditOrganisation(partnership, Id::new(id)))))
    }

    pub fn may(&self, permission: Permission) -> bool {
        use Permission::*;
        // Approving is done on behalf of a city, so only its coordinators can,
        // not even an instance admin.
        if let Approve(p, city) = permission {
            return self.coordinates(p).any(|g| g.side_city_id == Some(city));
        }
        if self.is_admin() {
            return true;
        }
        match permission {
            SignedIn => true,
            ViewPartnership(p) => {
                self.coordinates(p).next().is_some()
                    || self.grants.iter().any(|g| g.role == Role::Editor && g.partnership_id == Some(p))
            }
            EditPartnership(p) | PersonalData(p) => self.coordinates(p).next().is_some(),
            Approve(..) => false,
            EditOrganisation(p, org) => {
                self.coordinates(p).next().is_some()
                    || self.grants.iter().any(|g| g.role == Role::Editor && g.organisation_id == Some(org))
            }
            EditPerson(person) => self.grants.iter().any(|g| g.role == Role::Ambassador && g.person_id == Some(person)),
            Admin => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role) -> RoleGrant {
        RoleGrant {
            user_id: Id::new(1),
            role,
            partnership_id: None,
            side_city_id: None,
            organisation_id: None,
            person_id: None,
        }
    }

    #[test]
    fn coordinators_approve_only_for_their_own_side() {
        let p = Id::new(1);
        let ghent = Principal {
            user: Id::new(1),
            grants: vec![RoleGrant {
                partnership_id: Some(p),
                side_city_id: Some(Id::new(10)),
                ..grant(Role::Coordinator)
            }],
        };
        assert!(ghent.may(Permission::EditPartnership(p)));
        assert!(ghent.may(Permission::Approve(p, Id::new(10))));
        assert!(!ghent.may(Permission::Approve(p, Id::new(20))));
        assert!(!ghent.may(Permission::EditPartnership(Id::new(2))));
        assert!(!ghent.may(Permission::Admin));
        assert_eq!(ghent.side(p), Some(Id::new(10)));
        assert!(ghent.may_edit_item(p, Kind::City, Some(10)), "their own city");
        assert!(!ghent.may_edit_item(p, Kind::City, Some(20)), "not the partner's city");
    }

    #[test]
    fn ambassadors_keep_only_their_own_profile() {
        let amb = Principal {
            user: Id::new(3),
            grants: vec![RoleGrant { person_id: Some(Id::new(5)), ..grant(Role::Ambassador) }],
        };
        assert!(amb.may(Permission::SignedIn));
        assert!(amb.may(Permission::EditPerson(Id::new(5))));
        assert!(!amb.may(Permission::EditPerson(Id::new(6))));
        assert!(!amb.may(Permission::ViewPartnership(Id::new(1))));
        let admin = Principal { user: Id::new(9), grants: vec![grant(Role::Admin)] };
        assert!(admin.may(Permission::EditPerson(Id::new(6))));
        assert!(admin.may(Permission::Admin));
        assert!(!admin.may(Permission::Approve(Id::new(1), Id::new(10))), "approval is a side's, not the admin's");
    }

    #[test]
    fn editors_change_only_their_own_organisation() {
        let p = Id::new(1);
        let editor = Principal {
            user: Id::new(4),
            grants: vec![RoleGrant {
                partnership_id: Some(p),
                organisation_id: Some(Id::new(30)),
                ..grant(Role::Editor)
            }],
        };
        assert!(editor.may_edit_item(p, Kind::Organisation, Some(30)));
        assert!(!editor.may_edit_item(p, Kind::Organisation, Some(31)));
        assert!(!editor.may_edit_item(p, Kind::Organisation, None), "creating is a coordinator's");
        assert!(!editor.may_edit_item(p, Kind::Event, Some(30)));
    }
}
