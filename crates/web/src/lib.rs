//! HTTP: the axum router, HTML pages, health. Handlers extract, call one store or
//! `core` function, render. This crate knows no SQL: it sees the store only through
//! the `core` Store traits.

mod error;
mod health;
mod lang;
mod portal;

use axum::Router;
use zusterstad_core::store::{Health, PartnershipStore};

pub use lang::negotiate;

/// What the web layer needs from storage.
pub trait WebStore: Health + PartnershipStore + Clone + Send + Sync + 'static {}
impl<S: Health + PartnershipStore + Clone + Send + Sync + 'static> WebStore for S {}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState<S> {
    pub store: S,
    /// Today's date comes from here, so tests can pin it.
    pub clock: fn() -> chrono::DateTime<chrono::Utc>,
}

/// The whole application: every router module merged in one place.
pub fn app<S: WebStore>(state: AppState<S>) -> Router {
    Router::new().merge(health::router()).merge(portal::router()).with_state(state)
}
