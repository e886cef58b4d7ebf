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

/// A global allocator that notes the largest block each thread asks for,
/// so that a check can tell that an answer allocated what it should have
/// refused (a frame announcing 4 GiB). A test binary opts in with
/// `#[global_allocator] static ALLOC: LargestAllocation = LargestAllocation;`;
/// without it, [`largest_allocation`] answers `None`.
pub struct LargestAllocation;

static COUNTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    static LARGEST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged; the only
// addition is bookkeeping in a thread-local `Cell<usize>`, which neither
// allocates nor has a destructor, so it is safe to touch from inside the
// allocator at any point in a thread's life.
#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for LargestAllocation {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from `System` through this allocator.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: as for `dealloc` and `alloc`.
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

fn note(size: usize) {
    COUNTING.store(true, Ordering::Relaxed);
    LARGEST.with(|l| l.set(l.get().max(size)));
}

/// Runs `f` and returns what it returned and the largest single allocation
/// it made on this thread, or `None` when the binary does not count
/// allocations (see [`LargestAllocation`]).
pub fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, Option<usize>) {
    let before = LARGEST.with(|l| l.replace(0));
    let out = f();
    let largest = LARGEST.with(|l| l.replace(before.max(l.get())));
    (out, COUNTING.load(Ordering::Relaxed).then_some(largest))
}
