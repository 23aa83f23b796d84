//! Accounts, their roles, and the password policy.

use crate::problem::Problem;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ids::Id;
use crate::organisations::OrganisationId;
use crate::partnerships::{CityId, PartnershipId};
use crate::people::PersonId;
use crate::record::{Kind, Record, Reference};
use crate::validate::{Problems, is_email};

pub type UserId = Id<User>;
pub type RoleGrantId = Id<RoleGrant>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Stored in lower case; unique.
    pub email: String,
    pub display_name: String,
    /// An argon2id PHC string; never the password.
    pub password_hash: String,
    pub language: Lang,
    pub disabled: bool,
    /// Raised by "log out everywhere" (and with each new password): sessions made
    /// under an older epoch are no longer valid.
    #[serde(default)]
    pub session_epoch: i64,
}

impl Record for User {
    const KIND: Kind = Kind::User;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        p.check(is_email(&self.email), "email", Problem::Email);
        p.check(self.email == self.email.to_lowercase(), "email", Problem::LowerCase);
        p.check(!self.display_name.trim().is_empty(), "display_name", Problem::Required);
        p.check(self.password_hash.starts_with("$argon2id$"), "password_hash", Problem::Malformed);
        p.finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the instance: users, settings, backups.
    Admin,
    /// Keeps the record for one side (city) of a partnership.
    Coordinator,
    /// Keeps one organisation's page, activities and news drafts.
    Editor,
    /// Keeps their own Supporters Club profile.
    Ambassador,
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "admin" => Ok(Role::Admin),
            "coordinator" => Ok(Role::Coordinator),
            "editor" => Ok(Role::Editor),
            "ambassador" => Ok(Role::Ambassador),
            other => Err(format!("unknown role {other:?}: use admin, coordinator, editor or ambassador")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub user_id: UserId,
    pub role: Role,
    pub partnership_id: Option<PartnershipId>,
    /// For a coordinator: the city whose side they coordinate.
    pub side_city_id: Option<CityId>,
    pub organisation_id: Option<OrganisationId>,
    pub person_id: Option<PersonId>,
}

impl Record for RoleGrant {
    const KIND: Kind = Kind::RoleGrant;

    fn validate(&self) -> Result<()> {
        let mut p = Problems::new();
        let needs = |p: &mut Problems, present: bool, field: &str, what: &'static str| {
            p.check(present, field, Problem::NeededBy { role: what });
        };
        match self.role {
            Role::Admin => {}
            Role::Coordinator => {
                needs(&mut p, self.partnership_id.is_some(), "partnership_id", "coordinator");
                needs(&mut p, self.side_city_id.is_some(), "side_city_id", "coordinator");
            }
            Role::Editor => needs(&mut p, self.organisation_id.is_some(), "organisation_id", "editor"),
            Role::Ambassador => needs(&mut p, self.person_id.is_some(), "person_id", "ambassador"),
        }
        p.finish()
    }

    fn references(&self) -> Vec<Reference> {
        [
            Some(Reference::to("user_id", self.user_id)),
            Reference::optional("partnership_id", self.partnership_id),
            Reference::optional("side_city_id", self.side_city_id),
            Reference::optional("organisation_id", self.organisation_id),
            Reference::optional("person_id", self.person_id),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "passwort",
    "wachtwoord",
    "123456789012",
    "qwertyuiopas",
    "letmein",
    "welcome",
    "azertyuiop",
    "iloveyou",
    "admin",
    "zusterstad",
    "kanazawa",
    "gent",
    "ghent",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    Empty,
    Short,
    Long,
    Repetitive,
    Guessable,
}

impl PasswordProblem {
    /// A stable name, for translations.
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::Empty => "empty",
            PasswordProblem::Short => "short",
            PasswordProblem::Long => "long",
            PasswordProblem::Repetitive => "repetitive",
            PasswordProblem::Guessable => "guessable",
        }
    }

    /// The reason in English (the command line; the workspace translates `code`).
    pub fn message(self) -> &'static str {
        match self {
            PasswordProblem::Empty => "the password is empty",
            PasswordProblem::Short => "the password is shorter than 12 characters",
            PasswordProblem::Long => "the password is longer than 1024 characters",
            PasswordProblem::Repetitive => "the password repeats too few different characters",
            PasswordProblem::Guessable => "the password is too easy to guess (a common word or your e-mail address)",
        }
    }
}

/// What is wrong with a password, if anything: it needs at least 12 characters, not
/// mostly one character, and must be hard to guess as zxcvbn estimates it (common
/// passwords and words, keyboard rows, l33t spellings, repeats, the e-mail address
/// and the partnership's cities all count as easy).
pub fn password_problem(password: &str, email: &str) -> Option<PasswordProblem> {
    let length = password.chars().count();
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let lower = password.to_lowercase();
    let word = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    let local = email.split('@').next().unwrap_or_default();
    let estimate_guessable = || {
        let inputs = [email, local, "zusterstad", "gent", "ghent", "kanazawa", "partner", "stad"];
        u8::from(zxcvbn::zxcvbn(password, &inputs).score()) < 3
    };
    let guessable = COMMON_PASSWORDS.contains(&word)
        || lower == email.to_lowercase()
        || (local.len() >= 4 && lower.contains(&local.to_lowercase()))
        || (length <= 1024 && estimate_guessable());
    if password.trim().is_empty() {
        Some(PasswordProblem::Empty)
    } else if length < 12 {
        Some(PasswordProblem::Short)
    } else if length > 1024 {
        Some(PasswordProblem::Long)
    } else if distinct.len() < 5 {
        Some(PasswordProblem::Repetitive)
    } else if guessable {
        Some(PasswordProblem::Guessable)
    } else {
        None
    }
}

/// Why a password is refused (in English), or `Ok` if it is acceptable.
pub fn check_password(password: &str, email: &str) -> Result<()> {
    match password_problem(password, email) {
        Some(p) => Err(Error::invalid("password", p.message())),
        None => Ok(()),
    }
}

fn argon2() -> Result<Argon2<'static>> {
    // OWASP's recommended argon2id settings: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes an accepted password with argon2id. `salt` comes from the caller's random
/// source (16 bytes), so tests can pin it.
pub fn hash_password(password: &str, salt: &[u8; 16]) -> Result<String> {
    let salt = SaltString::encode_b64(salt).map_err(|e| Error::Internal(e.to_string()))?;
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2().is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        let reason = |pw: &str| match check_password(pw, "annelies@gent.be") {
            Err(Error::Invalid { fields }) => fields[0].message.clone(),
            _ => String::new(),
        };
        assert_eq!(reason(""), "the password is empty");
        assert_eq!(reason("short1"), "the password is shorter than 12 characters");
        assert_eq!(reason("aaaaaaaaaaaaaaaa"), "the password repeats too few different characters");
        assert!(reason("Password1234").contains("too easy"));
        assert!(reason("annelies-2026-goed").contains("too easy"));
        // Long, yet guessed quickly by anyone with a word list and keyboard patterns.
        for weak in ["passwordpassword", "qwerty123456", "P@ssw0rd1234", "1234567890abc"] {
            assert!(reason(weak).contains("too easy"), "{weak}");
        }
        for strong in ["lantaarn-in-het-citadelpark", "kotoji-lantern-1971", "hyakumangoku-matsuri-2026"] {
            assert!(check_password(strong, "annelies@gent.be").is_ok(), "{strong}");
        }
    }

    #[test]
    fn hashes_verify_and_depend_on_the_salt() {
        let Ok(h1) = hash_password("lantaarn-in-het-citadelpark", &[7; 16]) else { panic!("hash") };
        let Ok(h2) = hash_password("lantaarn-in-het-citadelpark", &[8; 16]) else { panic!("hash") };
        assert!(h1.starts_with("$argon2id$"));
        assert_ne!(h1, h2);
        assert!(verify_password("lantaarn-in-het-citadelpark", &h1));
        assert!(!verify_password("lantaarn-in-het-citadelpar", &h1));
        assert!(!verify_password("x", "not a hash"));
    }
}
