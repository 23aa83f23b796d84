//! Delivering the mail outbox: the request that queued a mail tries it at once, and
//! the server's sender tries what is due every few seconds (retries after a failure,
//! mails of a request that ended first). Each mail is taken by one sender only.

use crate::{AppState, WebStore};

/// How many due mails one pass takes.
const BATCH: u64 = 50;

/// Sends the mails due now through the configured mailer; returns how many went out.
pub async fn deliver_due<S: WebStore>(state: &AppState<S>) -> usize {
    let now = (state.clock)();
    let due = match state.store.claim_due_mails(now, BATCH).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, "the mail outbox could not be read");
            return 0;
        }
    };
    let mut sent = 0;
    for queued in due {
        let mailer = state.mailer.clone();
        let mail = queued.mail.clone();
        let outcome = match tokio::task::spawn_blocking(move || mailer.send(&mail)).await {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(e) => Err(format!("the mail task failed: {e}")),
        };
        let recorded = match outcome {
            Ok(()) => {
                sent += 1;
                state.metrics.mail(true);
                state.store.mail_sent(queued.id, (state.clock)()).await
            }
            Err(error) => {
                state.metrics.mail(false);
                tracing::warn!(mail = queued.id, attempt = queued.attempts, %error, "a mail could not be sent");
                state.store.mail_failed(queued.id, (state.clock)(), &error).await
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(mail = queued.id, error = %e, "a mail's outcome could not be recorded");
        }
    }
    sent
}
