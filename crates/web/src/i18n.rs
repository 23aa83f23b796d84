//! Interface texts (Fluent catalogues in `locales/`, one per language) and how dates,
//! numbers and localized record texts are shown in each language.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{D, M, MD, Y, YM, YMD};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::{LanguageIdentifier, langid, locale};
use zusterstad_core::{DatePrecision, Lang, Localized};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn lang_id(lang: Lang) -> fluent_templates::LanguageIdentifier {
    let id = match lang {
        Lang::Nl => "nl",
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    id.parse().unwrap_or_default()
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A record text ready for a page: its HTML, and the language it is actually in.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// Plain text (for titles, attributes, feeds).
    pub text: String,
    /// Safe HTML: the text, wrapped with its own `lang` and a visible note when it is
    /// shown in another language than the page's.
    pub html: String,
}

impl Shown {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The translator for one page: interface texts and formats in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The interface text `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&lang_id(self.lang), key)
    }

    /// A problem in the reader's language: its catalogue text (`code`) with its values,
    /// kinds and roles named in this language; the English text if it has no code.
    pub fn problem(&self, code: Option<&str>, params: &[(&str, String)], english: &str) -> String {
        let Some(code) = code else { return english.to_owned() };
        let named: Vec<(&str, String)> = params
            .iter()
            .map(|(k, v)| match *k {
                "kind" => (*k, self.word(crate::words::Word::Kind, v)),
                "role" => (*k, self.word(crate::words::Word::Role, v)),
                "rows" => (*k, self.number(v.parse().unwrap_or(0))),
                _ => (*k, v.clone()),
            })
            .collect();
        let args: Vec<(&str, &str)> = named.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.ta(code, &args)
    }

    /// The name of a form field in the reader's language (a field of a text in one
    /// language, `title.nl`, by its text's name); the field as written if unnamed.
    pub fn label(&self, field: &str) -> String {
        let base = field.rsplit('.').find(|part| !matches!(*part, "nl" | "ja" | "en")).unwrap_or(field);
        let base = match base {
            "starts_at" => "starts",
            "ends_at" => "ends",
            other => other,
        };
        // A new partnership's form names the fields of its two cities `a_…` and `b_…`.
        let side = base.strip_prefix("a_").or_else(|| base.strip_prefix("b_")).unwrap_or(base);
        let lang = lang_id(self.lang);
        // A reference without a label of its own is named by the kind it refers to
        // (`partnership_id`: the partnership).
        let referred = base.strip_suffix("_id").or_else(|| base.strip_suffix("_ids")).unwrap_or(base);
        [format!("field-{base}"), format!("field-{side}"), format!("event-field-{base}"), format!("kind-{referred}")]
            .iter()
            .find_map(|key| LOCALES.try_lookup(&lang, key))
            .unwrap_or_else(|| field.to_owned())
    }

    /// One line of a form's error list: the field's name and its problem, with the
    /// language's own colon.
    pub fn problem_line(&self, field: &str, problem: &str) -> String {
        self.ta("problem-line", &[("label", &self.label(field)), ("problem", problem)])
    }

    /// A field's problem in the reader's language (see [`Tr::problem`]).
    pub fn field_problem(&self, f: &zusterstad_core::FieldError) -> String {
        self.problem(f.code, &f.params, &f.message)
    }

    /// The word of `family` for `value` (see `words.rs`: the one list of keys made
    /// at run time).
    pub fn word(&self, family: crate::words::Word, value: impl AsRef<str>) -> String {
        self.t(&family.key(value.as_ref()))
    }

    /// The same with arguments (`$name` in the catalogue).
    pub fn word_with(&self, family: crate::words::Word, value: impl AsRef<str>, args: &[(&str, &str)]) -> String {
        self.ta(&family.key(value.as_ref()), args)
    }

    /// A moment as this language writes it, in `zone`: the date, the time and the
    /// zone's abbreviation (`28 november 2026 14:05 CET`, `2026年11月28日 22:05 JST`).
    pub fn moment(&self, at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
        let local = at.with_timezone(&zone);
        format!("{} {}", self.date(local.date_naive()), local.format("%H:%M %Z"))
    }

    /// The interface text `key`, if the catalogue has one (for keys made from data,
    /// such as a country's code).
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&lang_id(self.lang), key)
    }

    /// The interface text `key` with arguments (`$name` in the catalogue).
    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.to_string()),
                };
                (Cow::Owned(k.to_string()), value)
            })
            .collect();
        LOCALES.lookup_with_args(&lang_id(self.lang), key, &map)
    }

    fn wrap(&self, shown_in: Lang, inner_html: String, block: bool) -> String {
        if shown_in == self.lang {
            return inner_html;
        }
        // The language by the reader's word for it ("Japans", "オランダ語"), brackets
        // and all from the catalogue.
        let note = self
            .ta("fallback-note", &[("language", &self.word(crate::words::Word::DocumentLanguage, shown_in.code()))]);
        let tag = if block { "div" } else { "span" };
        format!(
            r#"<{tag} lang="{code}">{inner_html}</{tag}> <small class="fallback" lang="{page}">{note}</small>"#,
            code = shown_in.code(),
            page = self.lang.code(),
            note = escape(&note),
        )
    }

    /// A localized record text as plain, escaped inline HTML.
    pub fn text(&self, text: &Localized) -> Shown {
        match text.resolve(self.lang) {
            Some((shown_in, value)) => Shown { text: value.clone(), html: self.wrap(shown_in, escape(value), false) },
            None => Shown::default(),
        }
    }

    /// A localized Markdown text as sanitised HTML (a block).
    pub fn markdown(&self, text: &Localized) -> Shown {
        match text.resolve(self.lang) {
            Some((shown_in, value)) => {
                Shown { text: value.clone(), html: self.wrap(shown_in, markdown_html(value), true) }
            }
            None => Shown::default(),
        }
    }

    /// An hour of the day as each language writes it: `19.00` (uur), `19:00`, `3:00`.
    pub fn clock(&self, t: impl chrono::Timelike) -> String {
        let (h, m) = (t.hour(), t.minute());
        match self.lang {
            Lang::Nl => format!("{h}.{m:02}"),
            Lang::Ja => format!("{h}:{m:02}"),
            Lang::En => format!("{h:02}:{m:02}"),
        }
    }

    /// A date as people write it: `28 november 2026`, `2026年11月28日`, `28 November 2026`.
    pub fn date(&self, date: NaiveDate) -> String {
        format_date(self.lang, date, false)
    }

    /// A date in full: on Japanese pages with the era after the year, as municipal
    /// texts write it: `2026年（令和8年）11月28日`.
    pub fn date_full(&self, date: NaiveDate) -> String {
        format_date(self.lang, date, true)
    }

    /// A mail's text closed as the language does, and signed by the sender: a city's
    /// signature in this language where it set one, else `sender`.
    pub fn signed(&self, body: &str, signature: Option<&Localized>, sender: &str) -> String {
        let from = signature.map(|s| self.text(s).text).filter(|s| !s.trim().is_empty());
        let from = from.unwrap_or_else(|| sender.to_owned());
        format!("{}\n\n{}\n{from}\n", body.trim_end(), self.t("mail-closing"))
    }

    /// A year on its own: `2021`, `2021年`.
    pub fn year(&self, year: i32) -> String {
        self.ta("year", &[("year", &year.to_string())])
    }

    /// From one day to another, month and year said once where both ends share
    /// them: `18–24 augustus 2025`, `30 June – 5 July 2019`, `2026年4月18日～9月13日`.
    pub fn date_range(&self, from: NaiveDate, to: NaiveDate) -> String {
        self.period(from, to, None)
    }

    /// A month: `december 2026`, `2026年12月`.
    pub fn month(&self, date: NaiveDate) -> String {
        format_parts(self.lang, date, Parts::YearMonth).unwrap_or_else(|| self.date(date))
    }

    /// A period as precisely as it is known: days as [`Tr::date_range`], months as
    /// `april – september 2026` (`2026年4月～9月`), years as `2021–2026` or `2021`.
    pub fn period(&self, from: NaiveDate, to: NaiveDate, precision: Option<DatePrecision>) -> String {
        let (same_year, same_month) = (from.year() == to.year(), same_year_month(from, to));
        let (full, short, key) = match precision {
            None if from == to => return self.date(from),
            None if same_month => (Parts::Full, Some(Parts::Day), "date-range-days"),
            None if same_year => (Parts::Full, Some(Parts::MonthDay), "date-range"),
            None => (Parts::Full, None, "date-range"),
            Some(DatePrecision::Month) if same_month => return self.month(from),
            Some(DatePrecision::Month) if same_year => (Parts::YearMonth, Some(Parts::Month), "date-range"),
            Some(DatePrecision::Month) => (Parts::YearMonth, None, "date-range"),
            Some(DatePrecision::Year) if same_year => return self.year(from.year()),
            Some(DatePrecision::Year) => {
                let (a, b) = (self.year(from.year()), self.year(to.year()));
                // Japanese writes the counter on both years; the others on neither.
                return self.ta("date-range-days", &[("from", &a), ("to", &b)]);
            }
        };
        let part = |date: NaiveDate, parts: Option<Parts>| {
            format_parts(self.lang, date, parts.unwrap_or(full)).unwrap_or_else(|| self.date(date))
        };
        // Japanese says the year and month first, on the first day; Dutch and English last.
        let (first, last) = if self.lang == Lang::Ja {
            (part(from, None), part(to, short))
        } else {
            (part(from, short), part(to, None))
        };
        self.ta(key, &[("from", &first), ("to", &last)])
    }

    /// The last day of a period as precisely as it is known: `31 december 2026`,
    /// `eind december 2026`, `eind 2026` (`2026年末`).
    pub fn period_end(&self, until: NaiveDate, precision: Option<DatePrecision>) -> String {
        match precision {
            None => self.date_full(until),
            Some(DatePrecision::Month) => self.ta("period-end-month", &[("month", &self.month(until))]),
            Some(DatePrecision::Year) => self.ta("period-end-year", &[("year", &self.year(until.year()))]),
        }
    }

    /// A whole number with the language's grouping: `465.000`, `465,000`.
    pub fn number(&self, n: i64) -> String {
        let formatter = match self.lang {
            Lang::Nl => DecimalFormatter::try_new(locale!("nl").into(), Default::default()),
            Lang::Ja => DecimalFormatter::try_new(locale!("ja").into(), Default::default()),
            Lang::En => DecimalFormatter::try_new(locale!("en").into(), Default::default()),
        };
        match formatter {
            Ok(f) => f.format(&Decimal::from(n)).to_string(),
            Err(_) => n.to_string(),
        }
    }

    /// A file size in the language's notation: kB (1000 bytes) with two decimals below
    /// a megabyte, MB with one (none when it is whole) from there.
    pub fn file_size(&self, bytes: i64) -> String {
        let sep = if self.lang == Lang::Nl { "," } else { "." };
        if bytes >= 1_000_000 {
            let tenths = (bytes + 50_000) / 100_000;
            let (whole, frac) = (tenths / 10, tenths % 10);
            return if frac == 0 {
                format!("{} MB", self.number(whole))
            } else {
                format!("{}{sep}{frac} MB", self.number(whole))
            };
        }
        let hundredths = (bytes + 5) / 10;
        let (whole, frac) = (hundredths / 100, hundredths % 100);
        format!("{}{sep}{frac:02} kB", self.number(whole))
    }
}

fn lang_identifier(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::Nl => langid!("nl"),
        Lang::Ja => langid!("ja"),
        Lang::En => langid!("en-GB"),
    }
}

fn same_year_month(a: NaiveDate, b: NaiveDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

/// Which parts of a date to write.
#[derive(Clone, Copy)]
enum Parts {
    Day,
    MonthDay,
    Month,
    YearMonth,
    Year,
    Full,
}

/// `date` with only `parts`, in the language's own form (`18`, `18日`, `4月18日`).
fn format_parts(lang: Lang, date: NaiveDate, parts: Parts) -> Option<String> {
    let gregorian = Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8).ok()?;
    let locale = icu_locale_core::Locale::from(lang_identifier(lang));
    // One formatter of the field set `$set` over this date.
    macro_rules! with {
        ($set:ident) => {
            FixedCalendarDateTimeFormatter::<Gregorian, $set>::try_new(locale.into(), $set::long())
                .ok()?
                .format(&gregorian)
                .to_string()
        };
    }
    Some(match parts {
        Parts::Day => with!(D),
        Parts::MonthDay => with!(MD),
        Parts::Month => with!(M),
        Parts::YearMonth => with!(YM),
        Parts::Year => with!(Y),
        Parts::Full => with!(YMD),
    })
}

fn format_date(lang: Lang, date: NaiveDate, full: bool) -> String {
    let fallback = || date.format("%Y-%m-%d").to_string();
    let Some(out) = format_parts(lang, date, Parts::Full) else {
        return fallback();
    };
    if !(full && lang == Lang::Ja) {
        return out;
    }
    // The era year after the Western one: 2026年（令和8年）11月28日.
    let era = Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8).ok().and_then(|g| {
        let f = icu_datetime::DateTimeFormatter::<Y>::try_new(locale!("ja-u-ca-japanese").into(), Y::long()).ok()?;
        Some(f.format(&g.to_calendar(icu_calendar::Iso)).to_string())
    });
    match (era, format_parts(lang, date, Parts::Year), format_parts(lang, date, Parts::MonthDay)) {
        (Some(era), Some(year), Some(month_day)) => format!("{year}（{era}）{month_day}"),
        _ => out,
    }
}

/// Markdown to HTML, sanitised: only formatting and links survive, never scripts.
pub fn markdown_html(source: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new(source);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        // Images only from this site: a picture from another host is a tracking pixel.
        .attribute_filter(|element, attribute, value| {
            let remote = value.contains("//") || value.trim_start().to_ascii_lowercase().starts_with("data:");
            if element == "img" && matches!(attribute, "src" | "srcset") && remote { None } else { Some(value.into()) }
        })
        .clean(&html)
        .to_string()
}

/// The words of a Markdown text without its marks (for a page's description, a
/// link preview): text, code and line breaks, no emphasis or headings marks.
pub fn markdown_plain(source: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if !text.ends_with(' ') =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_without_its_marks() {
        assert_eq!(markdown_plain("We komen **samen**.\n\n# Kop\nen `code`"), "We komen samen. Kop en code");
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn markdown_shows_no_images_from_other_hosts() {
        let html =
            markdown_html("![pixel](https://tracker.example/p.gif) ![logo](/files/3/logo.png) [site](https://gent.be)");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("src=\"/files/3/logo.png\""), "{html}");
        assert!(html.contains("href=\"https://gent.be\""), "links stay: {html}");
    }

    #[test]
    fn dates_and_numbers_per_language() {
        let (nl, ja, en) = (Tr::new(Lang::Nl), Tr::new(Lang::Ja), Tr::new(Lang::En));
        assert_eq!(nl.date(day(2026, 11, 28)), "28 november 2026");
        assert_eq!(ja.date(day(2026, 11, 28)), "2026年11月28日");
        assert_eq!(en.date(day(2026, 11, 28)), "28 November 2026");
        assert_eq!(ja.date_full(day(2026, 11, 28)), "2026年（令和8年）11月28日", "the era after the year");
        assert_eq!(ja.date_full(day(2016, 5, 1)), "2016年（平成28年）5月1日");
        assert_eq!(nl.date_full(day(2026, 11, 28)), "28 november 2026");
        assert_eq!(ja.year(2021), "2021年");
        assert_eq!(nl.year(2021), "2021");
        assert_eq!(nl.number(465_000), "465.000");
        assert_eq!(ja.number(465_000), "465,000");
        assert_eq!(en.number(8_000_000), "8,000,000");
        assert_eq!(nl.file_size(225_760), "225,76 kB");
        assert_eq!(en.file_size(225_760), "225.76 kB");
        assert_eq!(nl.file_size(20_000_000), "20 MB");
        assert_eq!(nl.file_size(2_450_000), "2,5 MB");
    }

    #[test]
    fn a_date_range_says_the_month_and_year_once() {
        let (nl, ja, en) = (Tr::new(Lang::Nl), Tr::new(Lang::Ja), Tr::new(Lang::En));
        assert_eq!(nl.date_range(day(2025, 8, 18), day(2025, 8, 24)), "18–24 augustus 2025");
        assert_eq!(en.date_range(day(2019, 7, 5), day(2019, 7, 12)), "5–12 July 2019");
        assert_eq!(ja.date_range(day(2025, 8, 18), day(2025, 8, 24)), "2025年8月18日～24日");
        assert_eq!(nl.date_range(day(2025, 7, 18), day(2025, 8, 24)), "18 juli – 24 augustus 2025");
        assert_eq!(en.date_range(day(2019, 6, 30), day(2019, 7, 5)), "30 June – 5 July 2019");
        assert_eq!(ja.date_range(day(2026, 4, 18), day(2026, 9, 13)), "2026年4月18日～9月13日");
        assert_eq!(nl.date_range(day(2025, 12, 30), day(2026, 1, 2)), "30 december 2025 – 2 januari 2026");
        assert_eq!(ja.date_range(day(2025, 12, 30), day(2026, 1, 2)), "2025年12月30日～2026年1月2日");
        assert_eq!(en.date_range(day(2026, 1, 2), day(2026, 1, 2)), "2 January 2026", "one day is a date");
    }

    #[test]
    fn a_period_known_to_the_month_or_year_is_shown_so() {
        use zusterstad_core::DatePrecision::{Month, Year};
        let (nl, ja, en) = (Tr::new(Lang::Nl), Tr::new(Lang::Ja), Tr::new(Lang::En));
        assert_eq!(nl.period(day(2021, 1, 1), day(2021, 12, 31), Some(Year)), "2021");
        assert_eq!(ja.period(day(2021, 1, 1), day(2021, 12, 31), Some(Year)), "2021年");
        assert_eq!(nl.period(day(2021, 1, 1), day(2026, 12, 31), Some(Year)), "2021–2026");
        assert_eq!(ja.period(day(2021, 1, 1), day(2026, 12, 31), Some(Year)), "2021年～2026年");
        assert_eq!(nl.period(day(2026, 4, 1), day(2026, 9, 30), Some(Month)), "april – september 2026");
        assert_eq!(ja.period(day(2026, 4, 1), day(2026, 9, 30), Some(Month)), "2026年4月～9月");
        assert_eq!(en.period(day(2026, 4, 1), day(2026, 4, 30), Some(Month)), "April 2026");
        assert_eq!(nl.period_end(day(2026, 12, 31), Some(Year)), "eind 2026");
        assert_eq!(ja.period_end(day(2026, 12, 31), Some(Year)), "2026年末");
        assert_eq!(en.period_end(day(2026, 12, 31), Some(Month)), "end of December 2026");
        assert_eq!(ja.period_end(day(2026, 12, 31), None), "2026年（令和8年）12月31日");
    }

    #[test]
    fn a_fallback_text_carries_its_language_and_a_note() {
        let only_en =
            Localized::default().with(Lang::En, "Kotoji <lantern>".to_owned(), zusterstad_core::TextStatus::Original);
        let shown = Tr::new(Lang::Ja).text(&only_en);
        assert!(shown.html.starts_with(r#"<span lang="en">Kotoji &lt;lantern&gt;</span>"#), "{}", shown.html);
        assert!(shown.html.contains("未翻訳"), "{}", shown.html);
        let same = Tr::new(Lang::En).text(&only_en);
        assert_eq!(same.html, "Kotoji &lt;lantern&gt;");
    }

    #[test]
    fn markdown_is_sanitised() {
        let html = markdown_html("**vet** <script>alert(1)</script> [link](javascript:alert(1))");
        assert!(html.contains("<strong>vet</strong>"));
        assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");
    }

    #[test]
    fn every_problem_is_said_in_every_language_without_english_left() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for problem in zusterstad_core::problem::every() {
                let f = problem.clone().on("x");
                let said = tr.field_problem(&f);
                assert!(!said.contains("Unknown localization key"), "{} is missing in {lang}", problem.code());
                assert!(!said.contains('{'), "{}: a value left unfilled in {lang}: {said}", problem.code());
                if lang != Lang::En {
                    assert_ne!(said, f.message, "{} is English in {lang}", problem.code());
                }
            }
        }
    }

    #[test]
    fn every_kind_of_item_has_a_name_in_every_language() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for kind in zusterstad_core::Kind::ALL {
                let key = format!("kind-{}", kind.as_str());
                assert!(!tr.t(&key).contains("Unknown localization key"), "{key} is missing in {lang}");
            }
        }
    }

    #[test]
    fn every_catalogue_has_every_key() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .collect()
        };
        for lang in ["nl", "ja", "en"] {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let mut seen = std::collections::BTreeSet::new();
            for key in text
                .lines()
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
                .filter(|k| !k.starts_with(['#', ' ']))
            {
                assert!(seen.insert(key.to_owned()) || key.is_empty(), "{lang}: {key} is defined twice");
            }
        }
        let en = keys("en");
        assert!(en.len() > 100);
        for lang in ["nl", "ja"] {
            let other = keys(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
        }
    }
}
