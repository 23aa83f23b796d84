//! The partnership record: plain types, validation and the rules that follow from the
//! data (agreement status, local times, password policy), and the `Store` traits that
//! the storage layer implements.
//!
//! This crate knows no SQL, no HTTP and no HTML. Time and randomness come in as
//! parameters so that callers (and tests) decide what "now" is.

pub mod access;
pub mod activities;
pub mod agreements;
pub mod approvals;
pub mod audit;
pub mod calls;
pub mod documents;
pub mod error;
pub mod events;
pub mod i18n;
pub mod ids;
pub mod imports;
pub mod landmarks;
pub mod login;
pub mod news;
pub mod organisations;
pub mod partnerships;
pub mod people;
pub mod portal;
pub mod problem;
pub mod query;
pub mod record;
pub mod registrations;
pub mod reports;
pub mod store;
pub mod tokens;
pub mod users;
pub mod validate;

pub use error::{Error, FieldError, Result};
pub use i18n::{Lang, Localized, TextStatus};
pub use ids::Id;
pub use record::{DatePrecision, Kind, Publication, Record, Reference, Stored};
