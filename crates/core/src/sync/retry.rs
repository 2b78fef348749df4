//! When to ask a busy provider again: exponential backoff with jitter, honouring the
//! provider's `Retry-After`, a bounded number of times.
//!
//! Only answers that say "later" are retried: 429 (too many requests), 502, 503 and 504 (a
//! gateway or the service itself is down for a moment). A refused token, a missing page or a
//! broken reply will not be different next time, and a timeout already waited long enough.

use chrono::{DateTime, Utc};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub first_delay: Duration,
    /// The longest wait between two attempts of our own choosing.
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured: a provider asking for more is reported at once
    /// (the user can sync later) rather than holding the sync for an hour.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// What to do after a retryable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Wait(Duration),
    /// Every attempt is used up.
    GiveUp,
    /// The provider asks for a longer wait than [`RetryPolicy::max_retry_after`].
    TooLong(Duration),
}

impl RetryPolicy {
    /// After attempt `attempt` (1-based) failed with a retryable answer carrying
    /// `retry_after`: wait how long, or stop. `random` is any 64-bit random number (the
    /// jitter); tests pass fixed ones.
    pub fn next(&self, attempt: u32, retry_after: Option<Duration>, random: u64) -> Next {
        if attempt >= self.max_attempts {
            return Next::GiveUp;
        }
        if let Some(asked) = retry_after {
            if asked > self.max_retry_after {
                return Next::TooLong(asked);
            }
        }
        let backoff = self.backoff(attempt, random);
        Next::Wait(retry_after.map_or(backoff, |asked| asked.max(backoff)))
    }

    /// `first_delay × 2^(attempt-1)`, capped at `max_delay`, then a random point in its
    /// upper half ("equal jitter"): clients that failed together do not return together, and
    /// no wait is shorter than half the schedule.
    pub fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let doubled = self
            .first_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let ceiling = doubled.min(self.max_delay);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
        let jitter = if spread == 0 {
            0
        } else {
            random % (spread + 1)
        };
        half + Duration::from_nanos(jitter)
    }
}

/// Whether an HTTP status means "try again later".
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A `Retry-After` value: delay-seconds, or an HTTP date (a date in the past means now).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// A random number for the jitter; without one from the OS, no jitter.
pub fn jitter_seed() -> u64 {
    getrandom::u64().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            max_retry_after: Duration::from_secs(10),
        }
    }

    #[test]
    fn backoff_doubles_within_its_jitter_band_and_is_capped() {
        let p = policy();
        for (attempt, ceiling_ms) in [(1, 100), (2, 200), (3, 350), (9, 350)] {
            let ceiling = Duration::from_millis(ceiling_ms);
            let low = p.backoff(attempt, 0);
            let high = p.backoff(attempt, u64::MAX - 1);
            assert_eq!(low, ceiling / 2, "attempt {attempt}");
            assert!(high <= ceiling && high > low, "attempt {attempt}: {high:?}");
            for seed in [1, 12_345, 987_654_321] {
                let d = p.backoff(attempt, seed);
                assert!(d >= ceiling / 2 && d <= ceiling, "{d:?}");
            }
        }
    }

    #[test]
    fn stops_after_the_last_attempt() {
        let p = policy();
        assert!(matches!(p.next(1, None, 0), Next::Wait(_)));
        assert!(matches!(p.next(3, None, 0), Next::Wait(_)));
        assert_eq!(p.next(4, None, 0), Next::GiveUp);
    }

    #[test]
    fn retry_after_is_honoured_never_shortened_and_bounded() {
        let p = policy();
        assert_eq!(
            p.next(1, Some(Duration::from_secs(2)), 0),
            Next::Wait(Duration::from_secs(2))
        );
        // A Retry-After shorter than our own backoff does not make us hurry.
        assert_eq!(
            p.next(3, Some(Duration::ZERO), 0),
            Next::Wait(Duration::from_millis(175))
        );
        assert_eq!(
            p.next(1, Some(Duration::from_secs(3600)), 0),
            Next::TooLong(Duration::from_secs(3600))
        );
    }

    #[test]
    fn reads_both_retry_after_forms() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn only_later_answers_are_retried() {
        for status in [429, 502, 503, 504] {
            assert!(is_retryable(status));
        }
        for status in [200, 400, 401, 403, 404, 500] {
            assert!(!is_retryable(status));
        }
    }
}
