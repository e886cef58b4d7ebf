//! Instruments that measure a lesson without taking part in it.

use std::sync::atomic::Ordering;
// loom must see these counters to find the interleavings that put two
// threads inside at once; everywhere else they are plain std atomics.
#[cfg(loom)]
use loom::sync::atomic::AtomicUsize;
#[cfg(not(loom))]
use std::sync::atomic::AtomicUsize;

use crate::sched;

/// Counts how many threads are inside a region at once, and the most there
/// ever were: the observable difference between a global lock and none, or
/// a semaphore of 3 and no limit.
///
/// Entering and leaving are schedule points (`enters`, `leaves`), so a
/// controlled schedule can switch threads while one is inside. The counters
/// themselves are plain std atomics: they measure, they are not the lesson.
#[derive(Debug)]
pub struct Occupancy {
    inside: AtomicUsize,
    peak: AtomicUsize,
}

impl Occupancy {
    /// A region nobody is in yet.
    pub fn new() -> Self {
        Occupancy { inside: AtomicUsize::new(0), peak: AtomicUsize::new(0) }
    }

    /// Enters the region until the returned guard drops.
    pub fn enter(&self) -> Inside<'_> {
        let now = sched::point("enters", || self.inside.fetch_add(1, Ordering::SeqCst) + 1);
        self.peak.fetch_max(now, Ordering::SeqCst);
        Inside { region: self }
    }

    /// The most threads that were inside at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// How many threads are inside now.
    pub fn now(&self) -> usize {
        self.inside.load(Ordering::SeqCst)
    }
}

impl Default for Occupancy {
    fn default() -> Self {
        Self::new()
    }
}

/// Presence in an [`Occupancy`] region; leaving is a point named `leaves`.
#[must_use = "the thread leaves the region when this guard drops"]
#[derive(Debug)]
pub struct Inside<'a> {
    region: &'a Occupancy,
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        sched::point("leaves", || self.region.inside.fetch_sub(1, Ordering::SeqCst) - 1);
    }
}
