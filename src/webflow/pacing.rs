//! Keeps a client within Webflow's per-token rate limit.
//!
//! Webflow allows 60 or 120 requests a minute and reports the budget on every
//! response (`X-RateLimit-Limit`, `X-RateLimit-Remaining`). The official SDKs
//! retry a 429 twice and give up, so a batch larger than the budget fails with
//! them. This gate spends the reported budget freely, then spaces requests at
//! the rate the limit allows (one every `60 s / limit`, with a small margin for
//! timer jitter), so a long batch finishes at the pace of the limit instead of
//! in a storm of 429s. A 429 that arrives anyway pauses every request until its
//! `Retry-After` (capped).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::model::RateLimit;

/// Spacing is stretched by this factor so that a request never arrives a
/// millisecond before the server has refilled the token it needs.
const MARGIN: f64 = 1.02;

/// What the gate knows, for status bars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateStatus {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    /// Set while requests wait for a 429's Retry-After.
    pub paused_for: Option<Duration>,
}

#[derive(Debug)]
struct State {
    limit: Option<u32>,
    remaining: Option<u32>,
    /// The reported remaining budget minus requests sent since that report;
    /// `None` until the server has reported one.
    budget: Option<i64>,
    in_flight: i64,
    /// Permits issued so far, and the newest one whose answer has been seen:
    /// answers arrive out of order, and an older request's view of the budget
    /// is stale once a newer one has reported.
    issued: u64,
    newest_observed: u64,
    /// Earliest moment the next paced request may start.
    next_slot: Instant,
    paused_until: Option<Instant>,
}

/// Shared by every clone of a client (one token, one budget).
#[derive(Debug, Clone)]
pub struct RateGate {
    state: Arc<Mutex<State>>,
}

impl Default for RateGate {
    fn default() -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                limit: None,
                remaining: None,
                budget: None,
                in_flight: 0,
                issued: 0,
                newest_observed: 0,
                next_slot: Instant::now(),
                paused_until: None,
            })),
        }
    }
}

/// A reserved request; report its response with [`Permit::observe`]. Dropping
/// it (after an error without a response) releases the reservation.
#[derive(Debug)]
pub struct Permit {
    gate: RateGate,
    seq: u64,
}

impl RateGate {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the numbers inconsistent
        // in a way that matters more than refusing to continue would.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a request may start and reserves it.
    pub async fn acquire(&self) -> Permit {
        loop {
            let wait = {
                let mut s = self.lock();
                let now = Instant::now();
                match s.paused_until {
                    Some(until) if until > now => until - now,
                    _ => {
                        s.paused_until = None;
                        if let Some(wait) = s.try_reserve(now) {
                            wait
                        } else {
                            s.issued += 1;
                            return Permit {
                                gate: self.clone(),
                                seq: s.issued,
                            };
                        }
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Pauses every request for `wait` (a 429's Retry-After, already capped).
    pub fn pause(&self, wait: Duration) {
        let mut s = self.lock();
        let until = Instant::now() + wait;
        s.paused_until = Some(s.paused_until.map_or(until, |p| p.max(until)));
        s.budget = Some(0);
        s.remaining = Some(0);
        s.next_slot = s.next_slot.max(until);
    }

    pub fn status(&self) -> RateStatus {
        let s = self.lock();
        let now = Instant::now();
        RateStatus {
            limit: s.limit,
            remaining: s.remaining,
            paused_for: s.paused_until.filter(|u| *u > now).map(|u| u - now),
        }
    }
}

impl State {
    /// Reserves a request now (`None`) or says how long to wait.
    fn try_reserve(&mut self, now: Instant) -> Option<Duration> {
        match self.budget {
            // Unknown budget (nothing answered yet) or budget left: go now.
            None => {}
            Some(b) if b > 0 => {
                self.budget = Some(b - 1);
                if b == 1 {
                    // That was the last one: the next must wait for a refill.
                    self.next_slot = self.next_slot.max(now + self.interval());
                }
            }
            Some(_) if self.next_slot <= now => {
                self.next_slot = now + self.interval();
            }
            Some(_) => return Some(self.next_slot - now),
        }
        self.in_flight += 1;
        None
    }

    fn interval(&self) -> Duration {
        let per_minute = f64::from(self.limit.unwrap_or(60).max(1));
        Duration::from_secs_f64(60.0 / per_minute * MARGIN)
    }
}

impl Permit {
    /// Records the budget a response reported (requests still in flight will
    /// spend some of it).
    pub fn observe(self, rate: RateLimit) {
        let mut s = self.gate.lock();
        if let Some(limit) = rate.limit {
            s.limit = Some(limit);
        }
        if let Some(remaining) = rate.remaining
            && self.seq > s.newest_observed
        {
            s.newest_observed = self.seq;
            s.remaining = Some(remaining);
            // Requests issued after this one may not have been counted yet.
            let others = (s.issued - self.seq) as i64;
            let budget = i64::from(remaining) - others;
            s.budget = Some(budget);
            if budget <= 0 {
                // Spent (perhaps on the very first answer): the next request
                // waits for a refill.
                let next = Instant::now() + s.interval();
                s.next_slot = s.next_slot.max(next);
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut s = self.gate.lock();
        s.in_flight -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(limit: u32, remaining: u32) -> RateLimit {
        RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn spends_the_budget_then_paces() {
        let gate = RateGate::default();
        let start = Instant::now();
        gate.acquire().await.observe(rate(60, 2));
        gate.acquire().await.observe(rate(60, 1));
        gate.acquire().await.observe(rate(60, 0));
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the budget is spent at once"
        );
        gate.acquire().await.observe(rate(60, 0));
        let first_paced = start.elapsed();
        assert!(first_paced >= Duration::from_secs(1), "{first_paced:?}");
        gate.acquire().await.observe(rate(60, 0));
        let second = start.elapsed() - first_paced;
        assert!((1.0..1.05).contains(&second.as_secs_f64()), "{second:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone() {
        let gate = RateGate::default();
        gate.pause(Duration::from_secs(30));
        assert!(gate.status().paused_for.is_some());
        let start = Instant::now();
        drop(gate.acquire().await);
        assert!(start.elapsed() >= Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_refilled_budget_bursts_again() {
        let gate = RateGate::default();
        gate.acquire().await.observe(rate(60, 0));
        gate.acquire().await.observe(rate(60, 59));
        let start = Instant::now();
        for _ in 0..10 {
            drop(gate.acquire().await);
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
