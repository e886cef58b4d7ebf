//! Lesson 02, gil: one global lock around all work, and what it costs.
//! Ports G1.
//!
//! CPython's global interpreter lock (GIL) lets only one thread run Python
//! code at a time. It is a detail of that interpreter, not of the language,
//! and it is why CPU-bound Python threads do not run faster on more cores.
//! [`Gil`] is a stand-in: a lock around the whole interpreter state. With it,
//! [`work_with_gil`] keeps every core but one idle; [`work_without_gil`]
//! lets each thread own its work and share nothing until the end.
//!
//! Rust needs no GIL because the compiler checks, with the `Send` and `Sync`
//! traits, that whatever two threads share is safe to share. The GIL's guard
//! also shows a pattern Rust libraries use for interpreters (PyO3's
//! `Python<'py>` token): interpreter state is reachable only through the
//! guard, so touching it without the lock does not compile.

use std::hint::black_box;
use std::ops::{Deref, DerefMut, Range};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::probe::Occupancy;
use crate::sched::{Schedule, ScheduleError};
use crate::sync::{Mutex, MutexGuard};
use crate::trace::Trace;

/// A global interpreter lock around interpreter state `S`.
#[derive(Debug, Default)]
pub struct Gil<S> {
    state: Mutex<S>,
    acquisitions: AtomicUsize,
    /// The thread holding the GIL (a per-thread token; 0: nobody), so that
    /// checks can ask [`held_here`](Self::held_here).
    holder: AtomicUsize,
}

thread_local! {
    static TOKEN: u8 = const { 0 };
}

/// This thread's token: the address of a thread-local, unique among live
/// threads and never 0.
fn token() -> usize {
    TOKEN.with(|t| std::ptr::from_ref(t) as usize)
}

impl<S> Gil<S> {
    /// A GIL guarding `state`.
    pub fn new(state: S) -> Self {
        Gil { state: Mutex::new(state), acquisitions: AtomicUsize::new(0), holder: AtomicUsize::new(0) }
    }

    /// True when the calling thread holds the GIL: how a check sees that
    /// work which needs no GIL ran with it held anyway.
    pub fn held_here(&self) -> bool {
        self.holder.load(Ordering::SeqCst) == token()
    }

    /// Waits for the GIL and holds it until the guard drops. The state is
    /// reachable only through the guard.
    pub fn acquire(&self) -> GilGuard<'_, S> {
        GilGuard { gil: self, guard: Some(self.take()) }
    }

    fn take(&self) -> MutexGuard<'_, S> {
        self.acquisitions.fetch_add(1, Ordering::Relaxed);
        let guard = self.state.lock();
        self.holder.store(token(), Ordering::SeqCst);
        guard
    }

    /// Lets go of the GIL: `guard` is the one [`take`](Self::take) gave.
    fn release(&self, guard: Option<MutexGuard<'_, S>>) {
        if guard.is_some() {
            self.holder.store(0, Ordering::SeqCst);
        }
        drop(guard);
    }

    /// How many times the GIL has been taken (re-taking it after
    /// [`GilGuard::allow_threads`] counts too).
    pub fn acquisitions(&self) -> usize {
        self.acquisitions.load(Ordering::Relaxed)
    }

    /// The state, once no thread can hold the GIL any more.
    pub fn into_inner(self) -> S {
        self.state.into_inner()
    }
}

/// Holds the [`Gil`]; derefs to the interpreter state.
#[must_use = "the GIL is released as soon as the guard is dropped"]
#[derive(Debug)]
pub struct GilGuard<'a, S> {
    gil: &'a Gil<S>,
    /// `None` only inside `allow_threads`, where the state is unreachable.
    guard: Option<MutexGuard<'a, S>>,
}

impl<S> GilGuard<'_, S> {
    /// Releases the GIL while `f` runs, then takes it back: what a C
    /// extension does around blocking IO (`Py_BEGIN_ALLOW_THREADS`), and
    /// PyO3's `Python::allow_threads`. `f` cannot reach the state: the guard
    /// is borrowed for the whole call.
    pub fn allow_threads<T>(&mut self, f: impl FnOnce() -> T) -> T {
        self.gil.release(self.guard.take());
        let out = f();
        self.guard = Some(self.gil.take());
        out
    }
}

impl<S> Drop for GilGuard<'_, S> {
    fn drop(&mut self) {
        self.gil.release(self.guard.take());
    }
}

impl<S> Deref for GilGuard<'_, S> {
    type Target = S;
    fn deref(&self) -> &S {
        self.guard.as_ref().expect("the GIL is held outside allow_threads")
    }
}

impl<S> DerefMut for GilGuard<'_, S> {
    fn deref_mut(&mut self) -> &mut S {
        self.guard.as_mut().expect("the GIL is held outside allow_threads")
    }
}

/// The interpreter state the GIL protects: Python objects, in miniature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interpreter {
    /// A running total that threads add to.
    pub total: u64,
    /// Requests handled (the exercise's counter).
    pub requests: u64,
}

/// One unit of CPU-bound work: `rounds` rounds of integer mixing the
/// optimiser cannot skip. Returns a checksum.
pub fn burn(seed: u64, rounds: u32) -> u64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for _ in 0..rounds {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    black_box(x)
}

/// How many rounds of [`burn`] take about `target` on this machine, in this
/// build (a debug build is several times slower than a release one). Uses
/// the fastest of several timings, so one interrupted run cannot skew it.
pub fn calibrate(target: Duration) -> u32 {
    let fastest = |rounds: u32| {
        (0..5)
            .map(|_| {
                let started = Instant::now();
                burn(1, rounds);
                started.elapsed()
            })
            .min()
            .expect("five timings")
    };
    let mut rounds = 1_000u32;
    loop {
        let took = fastest(rounds);
        if took >= target / 4 || rounds >= u32::MAX / 8 {
            let scale = target.as_secs_f64() / took.as_secs_f64().max(1e-9);
            return (f64::from(rounds) * scale).clamp(1.0, f64::from(u32::MAX)) as u32;
        }
        rounds *= 4;
    }
}

// ANCHOR: with_gil
/// CPython's way: every unit of work runs holding the GIL, because running
/// Python code at all needs it.
pub fn work_with_gil(gil: &Gil<Interpreter>, units: Range<u64>, rounds: u32, busy: &Occupancy) {
    for unit in units {
        let mut py = gil.acquire();
        let _working = busy.enter();
        let sum = burn(unit, rounds);
        py.total = py.total.wrapping_add(sum);
    }
}
// ANCHOR_END: with_gil

// ANCHOR: without_gil
/// Rust's way: each thread owns its units and its running sum; the only
/// shared step is the merge at the end.
pub fn work_without_gil(gil: &Gil<Interpreter>, units: Range<u64>, rounds: u32, busy: &Occupancy) {
    let mut mine = 0u64;
    for unit in units {
        let _working = busy.enter();
        mine = mine.wrapping_add(burn(unit, rounds));
    }
    let mut py = gil.acquire(); // once per thread, not once per unit
    py.total = py.total.wrapping_add(mine);
}
// ANCHOR_END: without_gil

// ANCHOR: rayon
/// What you would write in practice: rayon splits the units over a pool of
/// threads, one per core, and adds up the results.
pub fn work_with_rayon(units: Range<u64>, rounds: u32) -> u64 {
    use rayon::prelude::*;
    units.into_par_iter().map(|unit| burn(unit, rounds)).reduce(|| 0, u64::wrapping_add)
}
// ANCHOR_END: rayon

/// With or without the global lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// [`work_with_gil`].
    WithGil,
    /// [`work_without_gil`].
    WithoutGil,
}

impl Version {
    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::WithGil => "racy: every unit under one global lock",
            Version::WithoutGil => "fixed: each thread owns its work",
        }
    }
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// With or without the GIL.
    pub version: Version,
    /// Threads that shared the work.
    pub threads: usize,
    /// Units of work, in all.
    pub units: u64,
    /// The most threads that were working at the same moment.
    pub peak: usize,
    /// How long the run took.
    pub elapsed: Duration,
    /// The checksum of all units: the same whichever way they ran.
    pub total: u64,
    /// The run (empty unless the schedule records).
    pub trace: Trace,
}

/// Splits `units` units as evenly as possible over `threads` threads, runs
/// them with `version` under `schedule`, and times it.
///
/// # Errors
///
/// When the schedule cannot be followed.
pub fn run(
    version: Version,
    threads: usize,
    units: u64,
    rounds: u32,
    schedule: Schedule,
) -> Result<Outcome, ScheduleError> {
    let gil = Gil::new(Interpreter::default());
    let busy = Occupancy::new();
    let started = Instant::now();
    schedule.run_threads(threads, |i| {
        let share = split(units, threads, i);
        match version {
            Version::WithGil => work_with_gil(&gil, share, rounds, &busy),
            Version::WithoutGil => work_without_gil(&gil, share, rounds, &busy),
        }
    });
    let elapsed = started.elapsed();
    let trace = schedule.finish()?;
    let total = gil.into_inner().total;
    Ok(Outcome { version, threads, units, peak: busy.peak(), elapsed, total, trace })
}

/// Thread `i`'s share of `0..units` split over `threads` threads.
pub fn split(units: u64, threads: usize, i: usize) -> Range<u64> {
    let (threads, i) = (threads as u64, i as u64);
    (units * i / threads)..(units * (i + 1) / threads)
}

/// A speed-up: the same work on one thread and on many.
#[derive(Clone, Copy, Debug)]
pub struct Speedup {
    /// The best time with one thread.
    pub one: Duration,
    /// The best time with all the threads.
    pub many: Duration,
}

impl Speedup {
    /// How many times faster the many threads were.
    pub fn ratio(&self) -> f64 {
        self.one.as_secs_f64() / self.many.as_secs_f64().max(1e-9)
    }
}

/// Times `version` on one thread and on `threads` threads, free-running,
/// keeping the best of `runs` runs of each.
pub fn speedup(version: Version, threads: usize, units: u64, rounds: u32, runs: usize) -> Speedup {
    let time = |n| run(version, n, units, rounds, Schedule::free()).expect("free runs finish").elapsed;
    Speedup { one: best_of(runs, || time(1)), many: best_of(runs, || time(threads)) }
}

/// The units on this thread alone, no locks: the baseline rayon is
/// measured against.
pub fn work_alone(units: Range<u64>, rounds: u32) -> u64 {
    units.fold(0, |sum, unit| sum.wrapping_add(burn(unit, rounds)))
}

/// Times [`work_alone`] against [`work_with_rayon`], best of `runs`, after
/// a first rayon run that starts its pool.
pub fn rayon_speedup(units: u64, rounds: u32, runs: usize) -> Speedup {
    let timed = |f: &dyn Fn() -> u64| {
        let started = Instant::now();
        black_box(f());
        started.elapsed()
    };
    work_with_rayon(0..units, rounds);
    Speedup {
        one: best_of(runs, || timed(&|| work_alone(0..units, rounds))),
        many: best_of(runs, || timed(&|| work_with_rayon(0..units, rounds))),
    }
}

/// The shortest of `runs` (at least one) timings.
fn best_of(runs: usize, time: impl Fn() -> Duration) -> Duration {
    (0..runs.max(1)).map(|_| time()).min().expect("at least one run")
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn rayon_computes_the_same_total() {
        let threads = run(Version::WithoutGil, 3, 12, 100, Schedule::free()).unwrap().total;
        assert_eq!(work_with_rayon(0..12, 100), threads);
    }

    #[test]
    fn shares_cover_every_unit_once() {
        let shares: Vec<_> = (0..3).map(|i| split(10, 3, i)).collect();
        assert_eq!(shares, [0..3, 3..6, 6..10]);
    }

    #[test]
    fn allow_threads_gives_the_gil_back_for_a_while() {
        let gil = Gil::new(Interpreter::default());
        let mut py = gil.acquire();
        let free_meanwhile = py.allow_threads(|| gil.acquire().total == 0);
        py.total += 1;
        assert!(free_meanwhile);
        drop(py);
        assert_eq!(gil.acquisitions(), 3);
        assert_eq!(gil.into_inner().total, 1);
    }
}
