//! Languages and localized texts. Every user-facing text of the record is a
//! [`Localized`]: one value per language, each with its translation status.

use crate::problem::Problem;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::validate::Problems;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language people of a country (ISO code) work in, of the three; English
    /// where it is none of them.
    pub fn of_country(country: &str) -> Lang {
        match country {
            "JP" => Lang::Ja,
            "BE" | "NL" | "SR" => Lang::Nl,
            _ => Lang::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nl" => Ok(Lang::Nl),
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}: use nl, ja or en")),
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextStatus {
    /// Written in this language; the others translate from it.
    Original,
    /// Translated by a person from the current original.
    Translated,
    /// Machine output, shown with a note until a person checks it.
    Machine,
    /// The original changed after this translation was made.
    Stale,
    /// Not written yet.
    Missing,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Translation<T = String> {
    pub status: TextStatus,
    pub value: T,
}

impl<T: Default> Default for Translation<T> {
    fn default() -> Self {
        Self { status: TextStatus::Missing, value: T::default() }
    }
}

/// One value per language. Absent languages are `Missing`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Localized<T = String> {
    #[serde(default)]
    pub nl: Translation<T>,
    #[serde(default)]
    pub ja: Translation<T>,
    #[serde(default)]
    pub en: Translation<T>,
}

impl<T: Default> Default for Localized<T> {
    fn default() -> Self {
        Self { nl: Translation::default(), ja: Translation::default(), en: Translation::default() }
    }
}

impl<T: Default + Clone> Localized<T> {
    pub fn get(&self, lang: Lang) -> &Translation<T> {
        match lang {
            Lang::Nl => &self.nl,
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    fn slot(&mut self, lang: Lang) -> &mut Translation<T> {
        match lang {
            Lang::Nl => &mut self.nl,
            Lang::Ja => &mut self.ja,
            Lang::En => &mut self.en,
        }
    }

    /// The language the text was written in, if any.
    pub fn original_lang(&self) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| self.get(*l).status == TextStatus::Original)
    }

    /// Builder: sets one language with a status.
    pub fn with(mut self, lang: Lang, value: T, status: TextStatus) -> Self {
        *self.slot(lang) = Translation { status, value };
        self
    }

    /// Replaces the original text. Every translation made from the old original
    /// becomes `Stale`, so translators see what to redo.
    pub fn set_original(&mut self, lang: Lang, value: T) {
        for other in Lang::ALL {
            let slot = self.slot(other);
            if other != lang
                && matches!(slot.status, TextStatus::Translated | TextStatus::Machine | TextStatus::Original)
            {
                slot.status = TextStatus::Stale;
            }
        }
        *self.slot(lang) = Translation { status: TextStatus::Original, value };
    }

    /// What a person typing `value` into the `lang` box of a form means: in the
    /// original language (or the first text at all) it is a new original, and the
    /// translations go stale; in another language it is a fresh translation by a
    /// person; an emptied box is a missing translation. An unchanged value changes
    /// nothing, so saving a form does not make translations stale.
    pub fn edit(&mut self, lang: Lang, value: T)
    where
        T: PartialEq + AsRef<str>,
    {
        let slot = self.get(lang);
        if slot.value == value && (slot.status != TextStatus::Missing || value.as_ref().trim().is_empty()) {
            return;
        }
        let empty = value.as_ref().trim().is_empty();
        match self.original_lang() {
            Some(original) if original == lang && !empty => self.set_original(lang, value),
            None if !empty => self.set_original(lang, value),
            _ if empty => *self.slot(lang) = Translation { status: TextStatus::Missing, value: T::default() },
            _ => *self.slot(lang) = Translation { status: TextStatus::Translated, value },
        }
    }

    /// Whether `lang` needs a translator: missing or stale while another language
    /// has the text.
    pub fn needs_translation(&self, lang: Lang) -> bool
    where
        T: AsRef<str>,
    {
        let has_source = Lang::ALL.into_iter().any(|l| l != lang && !self.get(l).value.as_ref().trim().is_empty());
        has_source && matches!(self.get(lang).status, TextStatus::Missing | TextStatus::Stale)
    }

    /// The value to show for `lang`: the language itself, else English, else the
    /// original. Returns the language actually shown, so the page can mark it.
    pub fn resolve(&self, lang: Lang) -> Option<(Lang, &T)> {
        let present = |l: Lang| self.get(l).status != TextStatus::Missing;
        let chosen = [Some(lang), Some(Lang::En), self.original_lang()]
            .into_iter()
            .flatten()
            .find(|l| present(*l))
            .or_else(|| Lang::ALL.into_iter().find(|l| present(*l)))?;
        Some((chosen, &self.get(chosen).value))
    }
}

/// The texts among an item's fields (its `Localized` values, found by shape: an
/// object with a part per language) that need a translator: per field and language,
/// with the text's status there (missing or stale while another language has it).
pub fn untranslated(item: &serde_json::Value) -> Vec<(String, Lang, TextStatus)> {
    let mut out = Vec::new();
    let Some(fields) = item.as_object() else { return out };
    for (name, value) in fields {
        let is_text = value.as_object().is_some_and(|o| Lang::ALL.iter().all(|l| o.contains_key(l.code())));
        if !is_text {
            continue;
        }
        let Ok(text) = serde_json::from_value::<Localized>(value.clone()) else { continue };
        for lang in Lang::ALL {
            if text.needs_translation(lang) {
                out.push((name.clone(), lang, text.get(lang).status));
            }
        }
    }
    out
}

impl Localized<String> {
    /// A text written in `lang` and translated by a person into the other two.
    pub fn tri(nl: &str, ja: &str, en: &str, original: Lang) -> Self {
        let status = |l: Lang| {
            if l == original { TextStatus::Original } else { TextStatus::Translated }
        };
        Localized::default()
            .with(Lang::Nl, nl.to_owned(), status(Lang::Nl))
            .with(Lang::Ja, ja.to_owned(), status(Lang::Ja))
            .with(Lang::En, en.to_owned(), status(Lang::En))
    }

    pub fn is_empty(&self) -> bool {
        Lang::ALL.into_iter().all(|l| self.get(l).value.trim().is_empty())
    }

    /// Checks the statuses agree with the values: a missing text is empty, a
    /// present one is not, and at most one language is the original. With
    /// `required`, at least one language must have a text.
    pub fn check(&self, p: &mut Problems, field: &str, required: bool, max_chars: usize) {
        let mut originals = 0;
        for lang in Lang::ALL {
            let t = self.get(lang);
            let empty = t.value.trim().is_empty();
            let f = format!("{field}.{lang}");
            if t.status == TextStatus::Missing && !empty {
                p.add(&f, Problem::TextMarkedMissing);
            }
            if t.status != TextStatus::Missing && empty {
                p.add(&f, Problem::TextEmpty);
            }
            if t.value.chars().count() > max_chars {
                p.add(&f, Problem::TooLong { max: max_chars });
            }
            if t.value.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
                p.add(&f, Problem::Control);
            }
            if t.status == TextStatus::Original {
                originals += 1;
            }
        }
        if originals > 1 {
            p.add(field, Problem::OneOriginal);
        }
        if required && self.is_empty() {
            p.add(field, Problem::TextRequired);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_edits_set_statuses_as_a_translator_expects() {
        // Ghent writes the Dutch original; Japanese and English are still to do.
        let mut t: Localized = Localized::default();
        t.edit(Lang::Nl, "Netwerkavond".to_owned());
        assert_eq!(
            (t.nl.status, t.ja.status, t.en.status),
            (TextStatus::Original, TextStatus::Missing, TextStatus::Missing)
        );
        assert!(t.needs_translation(Lang::Ja) && !t.needs_translation(Lang::Nl));
        // Kanazawa adds the Japanese.
        t.edit(Lang::Ja, "ネットワーキングの夕べ".to_owned());
        assert_eq!(t.ja.status, TextStatus::Translated);
        assert!(!t.needs_translation(Lang::Ja));
        // Saving the form again without changes changes nothing.
        let before = t.clone();
        t.edit(Lang::Nl, "Netwerkavond".to_owned());
        assert_eq!(t, before);
        // A new Dutch text makes the Japanese stale.
        t.edit(Lang::Nl, "Netwerkavond in Gent".to_owned());
        assert_eq!(t.ja.status, TextStatus::Stale);
        assert!(t.needs_translation(Lang::Ja));
        // Emptying a translation marks it missing.
        t.edit(Lang::Ja, "  ".to_owned());
        assert_eq!((t.ja.status, t.ja.value.as_str()), (TextStatus::Missing, ""));
    }

    #[test]
    fn editing_the_original_makes_translations_stale() {
        let mut t = Localized::tri("Gent", "ゲント", "Ghent", Lang::Nl);
        t.set_original(Lang::Nl, "Stad Gent".to_owned());
        assert_eq!(t.ja.status, TextStatus::Stale);
        assert_eq!(t.en.status, TextStatus::Stale);
        assert_eq!(t.nl.status, TextStatus::Original);
        assert_eq!(t.nl.value, "Stad Gent");
    }

    #[test]
    fn falls_back_to_english_then_the_original() {
        let t = Localized::default().with(Lang::Ja, "金沢".to_owned(), TextStatus::Original).with(
            Lang::En,
            "Kanazawa".to_owned(),
            TextStatus::Translated,
        );
        assert_eq!(t.resolve(Lang::Nl), Some((Lang::En, &"Kanazawa".to_owned())));
        let only_ja = Localized::default().with(Lang::Ja, "金沢".to_owned(), TextStatus::Original);
        assert_eq!(only_ja.resolve(Lang::Nl), Some((Lang::Ja, &"金沢".to_owned())));
        assert_eq!(Localized::<String>::default().resolve(Lang::Nl), None);
    }

    #[test]
    fn statuses_must_agree_with_values() {
        let mut p = Problems::new();
        let bad = Localized::default().with(Lang::Nl, String::new(), TextStatus::Original).with(
            Lang::En,
            "x".to_owned(),
            TextStatus::Missing,
        );
        bad.check(&mut p, "title", true, 100);
        let Err(crate::Error::Invalid { fields }) = p.finish() else {
            panic!("expected invalid");
        };
        let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["title.nl", "title.en"]);
        let mut p = Problems::new();
        Localized::<String>::default().check(&mut p, "title", true, 100);
        assert!(p.finish().is_err(), "a required text with no language is refused");
    }
}
