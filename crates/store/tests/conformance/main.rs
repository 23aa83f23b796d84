#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The conformance suite: every test runs on SQLite, and on PostgreSQL when
//! `ZUSTERSTAD_TEST_POSTGRES_URL` is set (each test in a fresh database). One test
//! binary with modules, so it links once.

mod support;

mod crash;
mod demo;
mod disk_full;
mod files;
mod fixtures;
mod mail;
mod records;
mod registrations;
mod rules;
mod scale;
mod transfer;
