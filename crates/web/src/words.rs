//! The catalogue keys made from a value at run time, in one list. Each family is a key
//! prefix with every value it takes (`kind-event`, `focus-academic`, …); pages ask
//! [`Tr::word`](crate::i18n::Tr::word) for a family and a value, a value not listed
//! here fails the tests (a debug assertion), and a test finds every family × value in
//! every catalogue, so no page can show "Unknown localization key".

use zusterstad_core::partnerships::FocusArea;
use zusterstad_core::{Kind, Lang};

/// A family of catalogue keys: `{prefix}-{value}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// A kind of item (`kind-event`).
    Kind,
    /// A kind of search result (`kind-news`, `kind-symbol`).
    SearchKind,
    /// The workspace's list of a kind (`records-activity`).
    Records,
    Role,
    /// What a change did (`history-update`).
    History,
    Publication,
    TextStatus,
    /// A language's name as a form label (`lang-name-ja`).
    LangName,
    /// A language's name inside a sentence (`document-language-ja`).
    DocumentLanguage,
    EventKind,
    RegistrationStatus,
    Sdg,
    Focus,
    /// A direction, with the cities' names (`direction-a_to_b`).
    Direction,
    Participant,
    AgreementKind,
    OrgKind,
    SymbolPrecision,
    PasswordProblem,
    PeopleConsent,
    PeopleSaved,
    ImportTarget,
    /// A registration mail's subject and body (`mail-subject-confirmed`).
    MailSubject,
    MailBody,
    ConfirmDone,
    AmbassadorStatus,
    /// A field's name on the event form (`event-field-venue`).
    EventField,
    /// A field's name on a record form (`field-title`).
    Field,
    /// The page behind a registration mail's link, and its button (`confirm-title`).
    LinkTitle,
    LinkButton,
    /// Where a change without a user came from (`via-demo`).
    Via,
    /// How much of a period's dates is known (`date-precision-year`; empty: the day).
    DatePrecision,
}

impl Word {
    pub const ALL: [Word; 32] = [
        Word::Kind,
        Word::SearchKind,
        Word::Records,
        Word::Role,
        Word::History,
        Word::Publication,
        Word::TextStatus,
        Word::LangName,
        Word::DocumentLanguage,
        Word::EventKind,
        Word::RegistrationStatus,
        Word::Sdg,
        Word::Focus,
        Word::Direction,
        Word::Participant,
        Word::AgreementKind,
        Word::OrgKind,
        Word::SymbolPrecision,
        Word::PasswordProblem,
        Word::PeopleConsent,
        Word::PeopleSaved,
        Word::ImportTarget,
        Word::MailSubject,
        Word::MailBody,
        Word::ConfirmDone,
        Word::AmbassadorStatus,
        Word::EventField,
        Word::Field,
        Word::LinkTitle,
        Word::LinkButton,
        Word::Via,
        Word::DatePrecision,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Word::Kind | Word::SearchKind => "kind",
            Word::Records => "records",
            Word::Role => "role",
            Word::History => "history",
            Word::Publication => "publication",
            Word::TextStatus => "text-status",
            Word::LangName => "lang-name",
            Word::DocumentLanguage => "document-language",
            Word::EventKind => "event-kind",
            Word::RegistrationStatus => "registration-status",
            Word::Sdg => "sdg",
            Word::Focus => "focus",
            Word::Direction => "direction",
            Word::Participant => "participant",
            Word::AgreementKind => "agreement-kind",
            Word::OrgKind => "org-kind",
            Word::SymbolPrecision => "symbol-precision",
            Word::PasswordProblem => "password-problem",
            Word::PeopleConsent => "people-consent",
            Word::PeopleSaved => "people-saved",
            Word::ImportTarget => "import-target",
            Word::MailSubject => "mail-subject",
            Word::MailBody => "mail-body",
            Word::ConfirmDone => "confirm-done",
            Word::AmbassadorStatus => "ambassador-status",
            Word::EventField => "event-field",
            Word::Field => "field",
            Word::LinkTitle | Word::LinkButton => "",
            Word::Via => "via",
            Word::DatePrecision => "date-precision",
        }
    }

    /// Every value the family takes.
    pub fn values(self) -> Vec<String> {
        let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect();
        match self {
            Word::Kind => Kind::ALL.iter().map(|k| k.as_str().to_owned()).collect(),
            // The filters' kinds, and the partnership's own page.
            Word::SearchKind => {
                crate::pages::SEARCH_KINDS.iter().chain(&["partnership"]).map(|k| (*k).to_owned()).collect()
            }
            Word::Records => crate::manage::record_kinds().iter().map(|k| k.as_str().to_owned()).collect(),
            Word::Role => owned(&["admin", "coordinator", "editor", "ambassador"]),
            Word::History => zusterstad_core::audit::Action::ALL.iter().map(|a| a.as_str().to_owned()).collect(),
            Word::Publication => owned(&["draft", "published", "archived"]),
            Word::TextStatus => owned(&["original", "translated", "machine", "stale", "missing"]),
            Word::LangName => Lang::ALL.iter().map(|l| l.code().to_owned()).collect(),
            // "": a document in several languages.
            Word::DocumentLanguage => {
                std::iter::once(String::new()).chain(Lang::ALL.iter().map(|l| l.code().to_owned())).collect()
            }
            Word::EventKind => owned(&[
                "network_event",
                "anniversary",
                "concert",
                "exhibition",
                "official_visit",
                "lecture",
                "workshop",
                "other",
            ]),
            Word::RegistrationStatus => owned(&["confirmed", "waiting", "cancelled", "unconfirmed"]),
            Word::Sdg => (1..=17).map(|g: u8| g.to_string()).collect(),
            Word::Focus => FocusArea::ALL.iter().map(|f| code(*f)).collect(),
            Word::Direction => owned(&["a_to_b", "b_to_a", "both", "online"]),
            Word::Participant => owned(&[
                "students",
                "academics",
                "musicians",
                "artists",
                "athletes",
                "chefs",
                "officials",
                "ambassadors",
                "citizens",
            ]),
            Word::AgreementKind => owned(&[
                "sister_city_declaration",
                "declaration_of_intent",
                "mou",
                "institutional_agreement",
                "joint_statement",
            ]),
            Word::OrgKind => zusterstad_core::organisations::OrganisationKind::ALL.iter().map(|k| code(*k)).collect(),
            Word::SymbolPrecision => owned(&["exact", "approximate", "city_centre"]),
            Word::PasswordProblem => owned(&["empty", "short", "long", "repetitive", "guessable"]),
            Word::PeopleConsent => owned(&["publish_profile", "photos", "contact"]),
            Word::PeopleSaved => owned(&["consents", "ambassador"]),
            Word::ImportTarget => zusterstad_core::imports::Target::ALL.iter().map(|t| t.code().to_owned()).collect(),
            Word::MailSubject => owned(&["confirmed", "waiting", "promoted", "confirm", "password-link"]),
            Word::MailBody => owned(&["confirmed", "waiting", "promoted", "confirm", "password-link"]),
            Word::ConfirmDone => owned(&["confirmed", "waiting"]),
            Word::AmbassadorStatus => owned(&["active", "alumni", "inactive"]),
            Word::EventField => crate::manage::event_fields(),
            Word::Field => crate::manage::record_fields(),
            Word::LinkTitle | Word::LinkButton => owned(&["confirm", "cancel"]),
            Word::Via => owned(&["web", "api", "cli", "demo", "portal", "system"]),
            Word::DatePrecision => owned(&["", "month", "year"]),
        }
    }

    /// The catalogue key of `value` in this family.
    pub fn key(self, value: &str) -> String {
        debug_assert!(self.values().iter().any(|v| v == value), "{:?} {value} is not in words.rs", self);
        match self {
            // These two name the value first.
            Word::LinkTitle => format!("{value}-title"),
            Word::LinkButton => format!("{value}-button"),
            _ => format!("{}-{value}", self.prefix()),
        }
    }
}

/// An enum's code as stored (its serde name).
pub fn code<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::Word;
    use crate::i18n::Tr;
    use zusterstad_core::Lang;

    #[test]
    fn every_word_made_at_run_time_is_in_every_catalogue() {
        for lang in Lang::ALL {
            let path = format!("{}/locales/{}/main.ftl", env!("CARGO_MANIFEST_DIR"), lang.code());
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let keys: std::collections::BTreeSet<&str> = text
                .lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
                .collect();
            assert!(keys.len() > 100, "{lang}: the catalogue is read");
            let tr = Tr::new(lang);
            for family in Word::ALL {
                let values = family.values();
                assert!(!values.is_empty(), "{family:?} has values");
                for value in values {
                    let key = family.key(&value);
                    assert!(keys.contains(key.as_str()), "{key} is missing in {lang}");
                    assert!(!tr.word(family, &value).is_empty());
                }
            }
        }
    }
}
