//! What the status bar reports besides the list: the rate-limit budget, a wait
//! for Retry-After, the last error, and a short-lived notice. Errors and
//! notices are kept as values; `ui::status` words them when it draws.

use std::time::Duration;

use crate::tui::notice::{Notice, Problem};
use crate::webflow::{RateLimit, RateStatus};

/// Ticks (seconds) a notice stays in the status bar.
const NOTICE_TICKS: u8 = 4;

#[derive(Debug, Clone, Default)]
pub struct Status {
    rate: Option<RateLimit>,
    /// Set while the client waits out a 429's Retry-After.
    rate_wait: Option<Duration>,
    last_error: Option<Problem>,
    /// The notice and the ticks it has left.
    notice: Option<(Notice, u8)>,
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
    pub fn last_error(&self) -> Option<&Problem> {
        self.last_error.as_ref()
    }

    /// A notice, shown for a few seconds (over the last error).
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref().map(|(notice, _)| notice)
    }

    pub fn notify(&mut self, notice: impl Into<Notice>) {
        self.notice = Some((notice.into(), NOTICE_TICKS));
    }

    pub fn report(&mut self, problem: Problem) {
        self.last_error = Some(problem);
    }

    /// Reports `problem` unless an error is already showing (the first warning
    /// at start, e.g. about the config file, is the one worth reading).
    pub fn report_first(&mut self, problem: Option<Problem>) {
        if self.last_error.is_none() {
            self.last_error = problem;
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
