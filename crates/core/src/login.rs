//! Slowing down password guessing. Failed logins are counted per account and per
//! address (in the database, so every server instance sees them); after a few, each
//! attempt must wait, and after more, logins are refused for a while.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failed attempts for one key (`account:…` or `address:…`) in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Failures {
    pub count: u32,
    pub last_at: Option<DateTime<Utc>>,
}

/// The limits for one kind of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed before attempts are slowed down.
    pub free: u32,
    /// Failures after which logins are refused for `lockout`.
    pub lock_after: u32,
    pub lockout: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

/// Per account: a person who mistypes a few times is not bothered.
pub const ACCOUNT: Policy =
    Policy { free: 3, lock_after: 10, lockout: Duration::minutes(15), window: Duration::minutes(15) };
/// Per account from anywhere: many addresses guessing one account are slowed down
/// (at most one try a minute), but the account is never locked for its owner, who
/// may be somewhere else.
pub const ACCOUNT_ANYWHERE: Policy =
    Policy { free: 20, lock_after: u32::MAX, lockout: Duration::minutes(15), window: Duration::minutes(15) };
/// Per address: a city hall's office shares one address, so the limits are higher.
pub const ADDRESS: Policy =
    Policy { free: 10, lock_after: 30, lockout: Duration::minutes(15), window: Duration::minutes(15) };

/// Public registrations per address: a family or an office registers a few people
/// at once; a script filling an event (and sending mails to any address) is stopped.
pub const REGISTRATIONS: Policy =
    Policy { free: 5, lock_after: 30, lockout: Duration::hours(1), window: Duration::hours(1) };

/// Public registrations for one event, from anywhere: a script behind many addresses
/// is slowed to one registration a minute once more came in ten minutes than the
/// event has places (at least 60); never locked, so people can still register.
pub fn event_registrations(capacity: Option<u32>) -> Policy {
    Policy {
        free: capacity.unwrap_or(0).max(60),
        lock_after: u32::MAX,
        lockout: Duration::minutes(10),
        window: Duration::minutes(10),
    }
}

/// May someone try to log in now?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Too fast: try again in this many seconds.
    Wait(i64),
    /// Refused until then.
    Locked(DateTime<Utc>),
}

impl Policy {
    /// The count that still matters at `now` (failures expire with the window).
    pub fn current(&self, failures: Failures, now: DateTime<Utc>) -> u32 {
        match failures.last_at {
            Some(last) if now - last < self.window.max(self.lockout) => failures.count,
            _ => 0,
        }
    }

    pub fn verdict(&self, failures: Failures, now: DateTime<Utc>) -> Verdict {
        let count = self.current(failures, now);
        let Some(last) = failures.last_at else { return Verdict::Allowed };
        if count >= self.lock_after {
            return Verdict::Locked(last + self.lockout);
        }
        if count > self.free {
            // 2, 4, 8, … seconds, at most a minute.
            let delay = Duration::seconds(1 << (count - self.free).min(6)).min(Duration::minutes(1));
            let ready = last + delay;
            if now < ready {
                return Verdict::Wait((ready - now).num_seconds().max(1));
            }
        }
        Verdict::Allowed
    }
}

/// The stricter of two verdicts.
pub fn worst(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Locked(x), Verdict::Locked(y)) => Verdict::Locked(x.max(y)),
        (Verdict::Locked(x), _) | (_, Verdict::Locked(x)) => Verdict::Locked(x),
        (Verdict::Wait(x), Verdict::Wait(y)) => Verdict::Wait(x.max(y)),
        (Verdict::Wait(x), _) | (_, Verdict::Wait(x)) => Verdict::Wait(x),
        _ => Verdict::Allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn slows_down_then_locks_then_forgets() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).single().unwrap_or_default();
        let f = |count, secs| Failures { count, last_at: Some(t0 + Duration::seconds(secs)) };
        assert_eq!(ACCOUNT.verdict(Failures::default(), t0), Verdict::Allowed);
        assert_eq!(ACCOUNT.verdict(f(3, 0), t0), Verdict::Allowed);
        assert_eq!(ACCOUNT.verdict(f(4, 0), t0), Verdict::Wait(2));
        assert_eq!(ACCOUNT.verdict(f(4, 0), t0 + Duration::seconds(2)), Verdict::Allowed);
        assert_eq!(ACCOUNT.verdict(f(6, 0), t0 + Duration::seconds(1)), Verdict::Wait(7));
        assert_eq!(ACCOUNT.verdict(f(10, 0), t0 + Duration::minutes(5)), Verdict::Locked(t0 + Duration::minutes(15)));
        assert_eq!(ACCOUNT.verdict(f(10, 0), t0 + Duration::minutes(16)), Verdict::Allowed);
        assert_eq!(ADDRESS.verdict(f(10, 0), t0), Verdict::Allowed);
        assert_eq!(worst(Verdict::Wait(3), Verdict::Locked(t0)), Verdict::Locked(t0));
    }
}
