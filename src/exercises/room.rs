//! A region with a limit on who may be inside, for checks: entering counts
//! at once, with no point between the answer's `lock` or `acquire`
//! returning and the count (so no other thread can run in between), and a
//! thread that enters past the limit fails the run right there.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use crate::sched;

/// Who is inside, and the most there ever were.
pub(crate) struct Room {
    inside: AtomicUsize,
    peak: AtomicUsize,
    limit: usize,
}

impl Room {
    /// A room for at most `limit` threads at once.
    pub(crate) fn new(limit: usize) -> Self {
        Room { inside: AtomicUsize::new(0), peak: AtomicUsize::new(0), limit }
    }

    /// Enters (a step named `enters`, showing how many are inside); past
    /// the limit the run fails here, saying `why(how many are inside)`.
    pub(crate) fn enter(&self, why: impl FnOnce(usize) -> String) -> Inside<'_> {
        let now = self.inside.fetch_add(1, SeqCst) + 1;
        self.peak.fetch_max(now, SeqCst);
        sched::step_with("enters", now);
        if now > self.limit {
            sched::broken("too many inside", why(now));
        }
        Inside(self)
    }

    /// The most threads that were inside at once.
    pub(crate) fn peak(&self) -> usize {
        self.peak.load(SeqCst)
    }
}

/// Presence in a [`Room`]; leaving is a point named `leaves`, then the count.
pub(crate) struct Inside<'a>(&'a Room);

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        sched::point("leaves", || self.0.inside.fetch_sub(1, SeqCst) - 1);
    }
}
