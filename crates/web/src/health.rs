//! `/healthz`: 200 only when the database answers within a second (and, after writes
//! failed for lack of storage, takes a write again), so a load balancer stops sending
//! traffic to an instance that lost its database.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::{AppState, WebStore};

pub fn router<S: WebStore>() -> Router<AppState<S>> {
    Router::new().route("/healthz", get(healthz::<S>))
}

/// A health check answers within this time; a store that takes longer is unhealthy.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

async fn healthz<S: WebStore>(State(state): State<AppState<S>>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(DEADLINE, state.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok\n"),
        Err(_) => {
            tracing::warn!("health check: the database did not answer within a second");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
