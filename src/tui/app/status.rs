//! What the status bar reports besides the list: the rate-limit budget, a wait
//! for Retry-After, the last error, and a short-lived notice.

use std::time::Duration;

use crate::webflow::{RateLimit, RateStatus};

/// Ticks (seconds) a notice stays in the status bar.
const NOTICE_TICKS: u8 = 4;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    rate: Option<RateLimit>,
    /// Set while the client waits out a 429's Retry-After.
    rate_wait: Option<Duration>,
    last_error: Option<String>,
    /// The notice and the ticks it has left.
    notice: Option<(String, u8)>,
}

impl Status {
    /// The last rate-limit budget known (only budgets that say what remains).
    pub fn rate(&self) -> Option<RateLimit> {
        self.rate
    }

    pub fn rate_wait(&self) -> Option<Duration> {
        self.rate_wait
    }

    /// The last error; it stays until another replaces it.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// A notice, shown for a few seconds (over the last error).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|(text, _)| text.as_str())
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some((text.into(), NOTICE_TICKS));
    }

    pub fn report(&mut self, error: impl Into<String>) {
        self.last_error = Some(error.into());
    }

    /// Reports `error` unless an error is already showing (the first warning
    /// at start, e.g. about the config file, is the one worth reading).
    pub fn report_first(&mut self, error: Option<String>) {
        if self.last_error.is_none() {
            self.last_error = error;
        }
    }

    /// One second passed: the notice fades.
    pub fn tick(&mut self) {
        if let Some((_, ticks)) = &mut self.notice {
            *ticks = ticks.saturating_sub(1);
            if *ticks == 0 {
                self.notice = None;
            }
        }
    }

    /// The budget a response reported; kept when it says what remains.
    pub fn saw_rate(&mut self, rate: RateLimit) {
        if rate.remaining.is_some() {
            self.rate = Some(rate);
        }
    }

    /// The client's budget and any wait, read once a second.
    pub fn on_rate(&mut self, status: RateStatus) {
        self.saw_rate(RateLimit {
            limit: status.limit,
            remaining: status.remaining,
        });
        self.rate_wait = status.paused_for;
    }
}
