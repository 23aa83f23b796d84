//! Collects every failing field of an item, so a form or an API call can show all of
//! them at once instead of one per attempt.

use crate::error::{Error, FieldError};
use crate::problem::Problem;

#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(problem.on(field));
    }

    /// Adds `message` for `field` unless `ok` holds; pages show the catalogue key `code`.
    pub fn check_coded(&mut self, ok: bool, field: &str, code: &'static str, message: &str) {
        if !ok {
            self.0.push(FieldError {
                field: field.into(),
                message: message.into(),
                code: Some(code),
                params: Vec::new(),
            });
        }
    }

    /// Adds `problem` for `field` unless `ok` holds.
    pub fn check(&mut self, ok: bool, field: &str, problem: Problem) {
        if !ok {
            self.add(field, problem);
        }
    }

    pub fn nested(&mut self, prefix: &str, result: Result<(), Error>) {
        if let Err(Error::Invalid { fields }) = result {
            for f in fields {
                self.0.push(FieldError { field: format!("{prefix}.{}", f.field), ..f });
            }
        }
    }

    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Invalid { fields: self.0 }) }
    }
}

/// A slug as used in URLs: lowercase ASCII letters, digits and single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub fn is_time_zone(s: &str) -> bool {
    s.parse::<chrono_tz::Tz>().is_ok()
}

pub fn is_http_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(char::is_whitespace)
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == ',' || c == ';')
        && s.len() <= 254
}

pub fn check_coordinates(p: &mut Problems, latitude: f64, longitude: f64) {
    p.check((-90.0..=90.0).contains(&latitude), "latitude", Problem::Between { min: -90, max: 90 });
    p.check((-180.0..=180.0).contains(&longitude), "longitude", Problem::Between { min: -180, max: 180 });
}

pub fn check_sdgs(p: &mut Problems, sdgs: &[u8]) {
    p.check(sdgs.iter().all(|g| (1..=17).contains(g)), "sdgs", Problem::SdgRange);
    let mut sorted = sdgs.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    p.check(sorted.len() == sdgs.len(), "sdgs", Problem::SdgTwice);
}
