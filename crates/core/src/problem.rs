//! What can be wrong with a field, as codes with parameters: pages show them through
//! the catalogues (key `problem-{code}`) in the reader's language; logs and the API
//! carry the English text too.

use crate::error::FieldError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    Slug,
    FactKey,
    Country,
    TimeZone,
    Positive,
    AtLeastOne,
    OwnPartner,
    PairedWithItself,
    Year,
    EstablishedYear,
    Between {
        min: i64,
        max: i64,
    },
    BeforeValidFrom,
    SignedYear,
    AgreementPair,
    BeforeStart,
    /// Dates known to the month or year must be the period's first and last days.
    Precision,
    Https,
    VenueOrLink,
    Capacity,
    AfterEventEnd,
    Email,
    LowerCase,
    /// A value made by the software (a hash, a token) is not in its form.
    Malformed,
    /// A role of this kind needs the field (`role` is the role's code).
    NeededBy {
        role: &'static str,
    },
    SdgRange,
    SdgTwice,
    ParticipantTwice,
    TooLong {
        max: usize,
    },
    ShortName,
    FileEmpty,
    FileTooLarge {
        mb: usize,
    },
    ContentMismatch,
    MediaType,
    FileName,
    NotJoint,
    Control,
    TextMarkedMissing,
    TextEmpty,
    OneOriginal,
    TextRequired,
    Phone,
    /// Refers to an item that does not exist (`kind` is the item kind's code).
    RefersToNothing {
        kind: String,
        id: i64,
    },
    /// Refers to an item of another partnership.
    OtherPartnership {
        kind: String,
        id: i64,
    },
    Taken,
    Unstorable,
    /// Imports: a column the import does not know (`known`: the ones it does).
    UnknownColumn {
        known: String,
    },
    MissingColumn,
    NoRows,
    CellCount {
        cells: usize,
        header: usize,
    },
    /// Imports: a value that is not one of `allowed`.
    NotOneOf {
        value: String,
        allowed: String,
    },
    NotACity {
        value: String,
    },
    NotADate {
        value: String,
    },
    NotACount {
        value: String,
    },
    NotUtf8,
    /// Imports: the CSV reader's own words.
    Unreadable {
        detail: String,
    },
    TooManyRows {
        rows: usize,
    },
}

impl Problem {
    /// The catalogue key's last part: `problem-{code}`.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Required => "problem-required",
            Slug => "problem-slug",
            FactKey => "problem-fact-key",
            Country => "problem-country",
            TimeZone => "problem-time-zone",
            Positive => "problem-positive",
            AtLeastOne => "problem-at-least-one",
            OwnPartner => "problem-own-partner",
            PairedWithItself => "problem-paired-with-itself",
            Year => "problem-year",
            EstablishedYear => "problem-established-year",
            Between { .. } => "problem-between",
            BeforeValidFrom => "problem-before-valid-from",
            SignedYear => "problem-signed-year",
            AgreementPair => "problem-agreement-pair",
            BeforeStart => "problem-before-start",
            Precision => "problem-precision",
            Https => "problem-https",
            VenueOrLink => "problem-venue-or-link",
            Capacity => "problem-capacity",
            AfterEventEnd => "problem-after-event-end",
            Email => "problem-email",
            LowerCase => "problem-lower-case",
            Malformed => "problem-malformed",
            NeededBy { .. } => "problem-needed-by",
            SdgRange => "problem-sdg-range",
            SdgTwice => "problem-sdg-twice",
            ParticipantTwice => "problem-participant-twice",
            TooLong { .. } => "problem-too-long",
            ShortName => "problem-short-name",
            FileEmpty => "problem-file-empty",
            FileTooLarge { .. } => "problem-file-too-large",
            ContentMismatch => "problem-content-mismatch",
            MediaType => "problem-media-type",
            FileName => "problem-file-name",
            NotJoint => "problem-not-joint",
            Control => "problem-control",
            TextMarkedMissing => "problem-text-marked-missing",
            TextEmpty => "problem-text-empty",
            OneOriginal => "problem-one-original",
            TextRequired => "problem-text-required",
            Phone => "problem-phone",
            RefersToNothing { .. } => "problem-refers-to-nothing",
            OtherPartnership { .. } => "problem-other-partnership",
            Taken => "problem-taken",
            Unstorable => "problem-unstorable",
            UnknownColumn { .. } => "problem-unknown-column",
            MissingColumn => "problem-missing-column",
            NoRows => "problem-no-rows",
            CellCount { .. } => "problem-cell-count",
            NotOneOf { .. } => "problem-not-one-of",
            NotACity { .. } => "problem-not-a-city",
            NotADate { .. } => "problem-not-a-date",
            NotACount { .. } => "problem-not-a-count",
            NotUtf8 => "problem-not-utf8",
            Unreadable { .. } => "problem-unreadable",
            TooManyRows { .. } => "problem-too-many-rows",
        }
    }

    /// The values the catalogue's text names (`kind` and `role` are codes, named in
    /// the reader's language by the page).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::Between { min, max } => vec![("min", min.to_string()), ("max", max.to_string())],
            Problem::NeededBy { role } => vec![("role", (*role).to_owned())],
            Problem::TooLong { max } => vec![("max", max.to_string())],
            Problem::FileTooLarge { mb } => vec![("mb", mb.to_string())],
            Problem::RefersToNothing { kind, id } | Problem::OtherPartnership { kind, id } => {
                vec![("kind", kind.clone()), ("id", id.to_string())]
            }
            Problem::UnknownColumn { known } => vec![("known", known.clone())],
            Problem::CellCount { cells, header } => vec![("cells", cells.to_string()), ("header", header.to_string())],
            Problem::NotOneOf { value, allowed } => vec![("value", value.clone()), ("allowed", allowed.clone())],
            Problem::NotACity { value } | Problem::NotADate { value } | Problem::NotACount { value } => {
                vec![("value", value.clone())]
            }
            Problem::Unreadable { detail } => vec![("detail", detail.clone())],
            Problem::TooManyRows { rows } => vec![("rows", rows.to_string())],
            _ => Vec::new(),
        }
    }

    /// In English, for logs and the API.
    pub fn english(&self) -> String {
        use Problem::*;
        match self {
            Required => "is required".into(),
            Slug => "use lowercase letters, digits and hyphens".into(),
            FactKey => "use lowercase letters, digits and underscores".into(),
            Country => "use the two-letter ISO code, e.g. BE or JP".into(),
            TimeZone => "is not an IANA time zone such as Europe/Brussels or Asia/Tokyo".into(),
            Positive => "must be positive".into(),
            AtLeastOne => "must be 1 or more".into(),
            OwnPartner => "a city can't be its own partner".into(),
            PairedWithItself => "an organisation can't be paired with itself".into(),
            Year => "is not a plausible year".into(),
            EstablishedYear => "must fall in the established year".into(),
            Between { min, max } => format!("must be between {min} and {max}"),
            BeforeValidFrom => "must not be before valid from".into(),
            SignedYear => "must be the year of the signing date".into(),
            AgreementPair => {
                "an institutional agreement names its organisation pair; a city agreement names none".into()
            }
            BeforeStart => "must not be before the start".into(),
            Precision => "dates known only to the month or year are the first and last days of the period".into(),
            Https => "must be a web address starting with https://".into(),
            VenueOrLink => "an event needs a venue or an online link".into(),
            Capacity => "must be at least 1, or no limit".into(),
            AfterEventEnd => "must not be after the event ends".into(),
            Email => "is not an e-mail address".into(),
            LowerCase => "must be in lower case".into(),
            Malformed => "is not in the form it must have".into(),
            NeededBy { role } => format!("a {role} needs this"),
            SdgRange => "SDGs are numbered 1 to 17".into(),
            SdgTwice => "an SDG is listed twice".into(),
            ParticipantTwice => "a kind of participant is counted twice".into(),
            TooLong { max } => format!("is longer than {max} characters"),
            ShortName => "must be 1 to 40 characters".into(),
            FileEmpty => "the file is empty".into(),
            FileTooLarge { mb } => format!("the file is larger than {mb} MB"),
            ContentMismatch => "does not match the content".into(),
            MediaType => "is not a media type".into(),
            FileName => "must be a plain file name of at most 200 characters".into(),
            NotJoint => "cannot be marked joint".into(),
            Control => "contains a control character, which a text may not hold".into(),
            TextMarkedMissing => "has a text but is marked missing".into(),
            TextEmpty => "is empty; mark it missing or write the text".into(),
            OneOriginal => "only one language can be the original".into(),
            TextRequired => "is required in at least one language".into(),
            Phone => "use digits, spaces and + - ( ) only".into(),
            RefersToNothing { kind, id } => format!("refers to {kind} {id}, which does not exist"),
            OtherPartnership { kind, id } => format!("refers to {kind} {id}, which belongs to another partnership"),
            Taken => "is already used by another item".into(),
            Unstorable => "contains a character that can't be stored".into(),
            UnknownColumn { known } => format!("is not a column of this import (known: {known})"),
            MissingColumn => "this column is missing".into(),
            NoRows => "the file has no rows".into(),
            CellCount { cells, header } => format!("has {cells} cells, the header has {header}"),
            NotOneOf { value, allowed } => format!("«{value}» is not one of: {allowed}"),
            NotACity { value } => format!("«{value}» is not one of the partnership's two cities"),
            NotADate { value } => format!("«{value}» is not a date (write 2024-05-31 or 31/05/2024)"),
            NotACount { value } => format!("«{value}» is not kind=number, such as students=12"),
            NotUtf8 => "is not UTF-8 text: save the file as “CSV UTF-8”".into(),
            Unreadable { detail } => format!("can't be read as CSV: {detail}"),
            TooManyRows { rows } => format!("has more than {rows} rows; split it into smaller files"),
        }
    }

    /// This problem on `field`.
    pub fn on(self, field: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), message: self.english(), code: Some(self.code()), params: self.params() }
    }
}

/// Every problem, with sample parameters: each must have its text in every catalogue.
pub fn every() -> Vec<Problem> {
    use Problem::*;
    let kind = || "organisation".to_owned();
    vec![
        Required,
        Slug,
        FactKey,
        Country,
        TimeZone,
        Positive,
        AtLeastOne,
        OwnPartner,
        PairedWithItself,
        Year,
        EstablishedYear,
        Between { min: 1, max: 3650 },
        BeforeValidFrom,
        SignedYear,
        AgreementPair,
        BeforeStart,
        Precision,
        Https,
        VenueOrLink,
        Capacity,
        AfterEventEnd,
        Email,
        LowerCase,
        Malformed,
        NeededBy { role: "coordinator" },
        SdgRange,
        SdgTwice,
        ParticipantTwice,
        TooLong { max: 100 },
        ShortName,
        FileEmpty,
        FileTooLarge { mb: 25 },
        ContentMismatch,
        MediaType,
        FileName,
        NotJoint,
        Control,
        TextMarkedMissing,
        TextEmpty,
        OneOriginal,
        TextRequired,
        Phone,
        RefersToNothing { kind: kind(), id: 1 },
        OtherPartnership { kind: kind(), id: 1 },
        Taken,
        Unstorable,
        UnknownColumn { known: "name_nl, name_ja".into() },
        MissingColumn,
        NoRows,
        CellCount { cells: 22, header: 5 },
        NotOneOf { value: "foo".into(), allowed: "university, school".into() },
        NotACity { value: "Brugge".into() },
        NotADate { value: "morgen".into() },
        NotACount { value: "veel".into() },
        NotUtf8,
        Unreadable { detail: "found record with 3 fields".into() },
        TooManyRows { rows: 100_000 },
    ]
}
