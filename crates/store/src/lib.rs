//! Storage for the record on SQLite and PostgreSQL behind the `core` Store traits:
//! SeaORM entities, the one migration set, export and import, the demo loader.
//!
//! Knows SQL; never HTTP or HTML. Everything here runs the same code on both backends;
//! the rare statement that must differ is a function named per backend.

mod db;
pub mod demo;
mod entities;
mod errors;
pub mod files;
mod joint;
mod links;
pub mod mail;
mod migration;
mod outbox;
mod people;
mod photos;
mod records;
pub mod search;
mod sessions;
mod stores;
mod translations;

pub use zusterstad_core as core;
pub mod transfer;

pub use db::{Backend, Db, OpenError, Tx};
pub use records::Table;
