//! API tokens: an admin issues one for one role of one account (say, Ghent's
//! coordinator, for the city website's event feed); the token then acts with that
//! role only, under the same permission rules as the workspace, until it is revoked
//! or the account loses the role. Only the token's SHA-256 is stored: the token
//! itself is shown once, when it is issued.

use crate::problem::Problem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::access::Principal;
use crate::error::Result;
use crate::ids::Id;
use crate::organisations::OrganisationId;
use crate::partnerships::{CityId, PartnershipId};
use crate::people::PersonId;
use crate::record::{Kind, Record, Reference};
use crate::users::{Role, RoleGrant, UserId};
use crate::validate::Problems;

pub type ApiTokenId = Id<ApiToken>;

/// What every token starts with, so a leaked one is recognisable (secret scanners,
/// logs).
pub const PREFIX: &str = "zst_";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub user_id: UserId,
    /// What the token is for, e.g. "gent.be events widget".
    pub label: String,
    /// The role it acts in: one of the account's roles, copied when issued.
    pub role: Role,
    pub partnership_id: Option<PartnershipId>,
    pub side_city_id: Option<CityId>,
    pub organisation_id: Option<OrganisationId>,
    pub person_id: Option<PersonId>,
    /// SHA-256 of the token, in lower-case hex.
    pub token_sha256: String,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// A token for one of a user's roles (`grant`), with the hash of `token`.
    pub fn for_grant(grant: &RoleGrant, label: &str, token: &str) -> ApiToken {
        ApiToken {
            user_id: grant.user_id,
            label: label.trim().to_owned(),
            role: grant.role,
            partnership_id: grant.partnership_id,
            side_city_id: grant.side_city_id,
            organisation_id: grant.organisation_id,
            person_id: grant.person_id,
            token_sha256: hash(token),
            revoked_at: None,
        }
    }

    /// The role this token acts in.
    pub fn grant(&self) -> RoleGrant {
        RoleGrant {
            user_id: self.user_id,
            role: self.role,
            partnership_id: self.partnership_id,
            side_city_id: self.side_city_id,
            organisation_id: self.organisation_id,
            person_id: self.person_id,
        }
    }

    /// Whether `grant` is the role this token acts in.
    pub fn is_for(&self, grant: &RoleGrant) -> bool {
        *grant == self.grant()
    }

    /// Who the token acts as, given its account's current roles: the token's role if
    /// the account still has it and the token is not revoked; else nobody.
    pub fn principal(&self, grants: &[RoleGrant]) -> Option<Principal> {
        if self.revoked_at.is_some() {
            return None;
        }
        grants.iter().any(|g| self.is_for(g)).then(|| Principal { user: self.user_id, grants: vec![self.grant()] })
    }
}

impl Record for ApiToken {
    const KIND: Kind = Kind::ApiToken;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(!self.label.trim().is_empty(), "label", Problem::Required);
        p.check(self.label.chars().count() <= 100, "label", Problem::TooLong { max: 100 });
        p.check(
            self.token_sha256.len() == 64 && self.token_sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "token_sha256",
            Problem::Malformed,
        );
        p.nested("role", self.grant().validate());
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        // The same fields, under the same names, as its role's.
        self.grant().references()
    }
}

/// A new token from 32 random bytes (from the caller, so tests can pin them).
pub fn new_token(random: [u8; 32]) -> String {
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("{PREFIX}{hex}")
}

/// The SHA-256 of a token (or any secret kept only as its hash), in lower-case hex.
pub fn hash(token: &str) -> String {
    hash_bytes(token.as_bytes())
}

/// The SHA-256 of some bytes, in lower-case hex.
pub fn hash_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Permission;

    fn coordinator(user: i64, side: i64) -> RoleGrant {
        RoleGrant {
            user_id: Id::new(user),
            role: Role::Coordinator,
            partnership_id: Some(Id::new(1)),
            side_city_id: Some(Id::new(side)),
            organisation_id: None,
            person_id: None,
        }
    }

    #[test]
    fn a_token_acts_in_its_one_role_while_the_account_has_it() {
        let admin = RoleGrant { role: Role::Admin, partnership_id: None, side_city_id: None, ..coordinator(7, 0) };
        let ghent = coordinator(7, 10);
        let token = ApiToken::for_grant(&ghent, " gent.be widget ", &new_token([3; 32]));
        assert_eq!(token.label, "gent.be widget");
        assert!(token.validate().is_ok());
        let Some(p) = token.principal(&[admin.clone(), ghent.clone()]) else { panic!("the role is held") };
        assert!(p.may(Permission::EditPartnership(Id::new(1))));
        assert!(!p.may(Permission::Admin), "the account is admin, the token is not");
        assert_eq!(token.principal(&[admin]), None, "the account lost the role");
        assert_eq!(token.principal(&[coordinator(8, 10)]), None, "another account's role");
        let revoked = ApiToken { revoked_at: Some(DateTime::default()), ..token };
        assert_eq!(revoked.principal(&[ghent]), None);
    }

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_kept() {
        let t = new_token([0xab; 32]);
        assert_eq!(t.len(), PREFIX.len() + 64);
        assert!(t.starts_with("zst_abab"));
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let bad = ApiToken {
            token_sha256: "zz".into(),
            label: " ".into(),
            ..ApiToken::for_grant(&coordinator(1, 2), "x", &t)
        };
        let Err(crate::Error::Invalid { fields }) = bad.validate() else { panic!("refused") };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["label", "token_sha256"]);
    }
}
