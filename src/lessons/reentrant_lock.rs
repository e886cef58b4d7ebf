//! Lesson 04, reentrant-lock: a thread that holds a lock calls helpers that
//! take it again. Ports R1.
//!
//! In the Python original, `run3` acquires a lock and calls `run1` and
//! `run2`, which each acquire the same lock to bump a counter. With a plain
//! `threading.Lock` the thread would wait for itself forever; the tutorial
//! uses an `RLock`, which the holding thread may take again. Ten threads
//! each run `run3`; the counters end at (10, 10).
//!
//! Three versions here, each returning an [`Outcome`]:
//!
//! - [`Version::Plain`]: the same shape on a plain (parking_lot) mutex. The
//!   helpers' second `lock` would deadlock, so they use `try_lock_for` with
//!   a deadline and report "would deadlock" instead of hanging. (Under a
//!   controlled schedule the scheduler knows who holds what and says so at
//!   once.)
//! - [`Version::Reentrant`]: parking_lot's `ReentrantMutex<RefCell<_>>`,
//!   Python's `RLock`.
//! - [`Version::PassGuard`]: what Rust code usually does instead: lock once
//!   and pass `&mut Counts` to the helpers, which no longer lock at all.

use std::cell::RefCell;
use std::time::Duration;

use crate::sched::{self, Schedule, ScheduleError};
use crate::sync::{Mutex, ReentrantMutex};
use crate::trace::{Trace, Value};

/// The two counters of R1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Bumped by `run1`.
    pub num: u64,
    /// Bumped by `run2`.
    pub num2: u64,
}

/// How long the plain version's helpers wait for the lock before they
/// conclude that they are waiting for themselves.
pub const PATIENCE: Duration = Duration::from_millis(10);

/// A helper found the lock held by its own thread: taking it would never
/// return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WouldDeadlock {
    /// Which helper tried: `run1` or `run2`.
    pub helper: &'static str,
}

// ANCHOR: plain
/// `run1` on a plain mutex: takes the lock to bump `num`.
fn run1_plain(lock: &Mutex<Counts>) -> Result<u64, WouldDeadlock> {
    sched::step("run1");
    // `lock()` here would wait for ever: this thread already holds the
    // lock (in run3). A deadline turns the hang into an error.
    let mut counts = lock.try_lock_for(PATIENCE).ok_or(WouldDeadlock { helper: "run1" })?;
    counts.num += 1;
    Ok(counts.num)
}

/// `run2` on a plain mutex: the same, for `num2`.
fn run2_plain(lock: &Mutex<Counts>) -> Result<u64, WouldDeadlock> {
    sched::step("run2");
    let mut counts = lock.try_lock_for(PATIENCE).ok_or(WouldDeadlock { helper: "run2" })?;
    counts.num2 += 1;
    Ok(counts.num2)
}

/// `run3`: holds the lock while it calls both helpers.
pub fn run3_plain(lock: &Mutex<Counts>) -> Result<(u64, u64), WouldDeadlock> {
    let _held = lock.lock();
    let a = run1_plain(lock)?;
    let b = run2_plain(lock)?;
    Ok((a, b))
}
// ANCHOR_END: plain

// ANCHOR: reentrant
/// `run1` on a reentrant lock: taking it again on the same thread is fine.
fn run1_reentrant(lock: &ReentrantMutex<RefCell<Counts>>) -> u64 {
    sched::step("run1");
    let counts = lock.lock(); // the second guard on this thread
    let mut counts = counts.borrow_mut(); // the guard gives `&RefCell`
    counts.num += 1;
    counts.num
}

/// `run2` on a reentrant lock.
fn run2_reentrant(lock: &ReentrantMutex<RefCell<Counts>>) -> u64 {
    sched::step("run2");
    let counts = lock.lock();
    let mut counts = counts.borrow_mut();
    counts.num2 += 1;
    counts.num2
}

/// `run3` on a reentrant lock: the lock is free again when its guard (the
/// last one) drops.
pub fn run3_reentrant(lock: &ReentrantMutex<RefCell<Counts>>) -> (u64, u64) {
    let _held = lock.lock();
    (run1_reentrant(lock), run2_reentrant(lock))
}
// ANCHOR_END: reentrant

// ANCHOR: pass-guard
/// `run1` as Rust usually writes it: no lock of its own; the caller's
/// exclusive borrow is the proof that nobody else is looking.
fn run1_passed(counts: &mut Counts) -> u64 {
    sched::step("run1");
    counts.num += 1;
    counts.num
}

/// `run2`, the same.
fn run2_passed(counts: &mut Counts) -> u64 {
    sched::step("run2");
    counts.num2 += 1;
    counts.num2
}

/// `run3`: locks once and lends the guarded value to the helpers.
pub fn run3_passed(lock: &Mutex<Counts>) -> (u64, u64) {
    let mut counts = lock.lock();
    (run1_passed(&mut counts), run2_passed(&mut counts))
}
// ANCHOR_END: pass-guard

/// The three versions of R1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// [`run3_plain`]: a plain mutex taken twice; detected, not hung.
    Plain,
    /// [`run3_reentrant`]: a reentrant lock.
    Reentrant,
    /// [`run3_passed`]: one lock, the guard passed down.
    PassGuard,
}

impl Version {
    /// The versions that work.
    pub const FIXED: [Version; 2] = [Version::Reentrant, Version::PassGuard];

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::Plain => "wrong: a plain Mutex, taken again by its holder",
            Version::Reentrant => "fixed: ReentrantMutex<RefCell<Counts>>",
            Version::PassGuard => "fixed: lock once, pass &mut Counts",
        }
    }
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Which version ran.
    pub version: Version,
    /// How many threads each ran `run3` once.
    pub threads: usize,
    /// The counters at the end: `(threads, threads)` when every call worked.
    pub counts: Counts,
    /// Threads whose helper found the lock held by its own thread.
    pub would_deadlock: usize,
    /// What each thread did; the would-be deadlocks are marked.
    pub trace: Trace,
}

impl Outcome {
    /// True when every thread's helpers ran: both counters reached `threads`.
    pub fn complete(&self) -> bool {
        self.counts == Counts { num: self.threads as u64, num2: self.threads as u64 }
    }
}

/// `threads` threads each run `run3` once in `version`, under `schedule`.
///
/// # Errors
///
/// When the schedule cannot be followed (see [`Schedule::finish`]).
pub fn run(version: Version, threads: usize, schedule: Schedule) -> Result<Outcome, ScheduleError> {
    let (counts, would_deadlock) = match version {
        Version::Plain => {
            let lock = Mutex::new(Counts::default());
            let failed = std::sync::atomic::AtomicUsize::new(0);
            schedule.run_threads(threads, |_| {
                if run3_plain(&lock).is_err() {
                    failed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            });
            (lock.into_inner(), failed.into_inner())
        }
        Version::Reentrant => {
            let lock = ReentrantMutex::new(RefCell::new(Counts::default()));
            schedule.run_threads(threads, |_| {
                run3_reentrant(&lock);
            });
            (lock.into_inner().into_inner(), 0)
        }
        Version::PassGuard => {
            let lock = Mutex::new(Counts::default());
            schedule.run_threads(threads, |_| {
                run3_passed(&lock);
            });
            (lock.into_inner(), 0)
        }
    };
    let mut trace = schedule.finish()?;
    mark_self_waits(&mut trace);
    Ok(Outcome { version, threads, counts, would_deadlock, trace })
}

/// Marks every attempt to take a lock the thread itself holds.
pub fn mark_self_waits(trace: &mut Trace) {
    for e in &mut trace.events {
        if e.label == "tries" && e.value == Value::Text("busy: itself".into()) {
            e.mark = Some("would deadlock: it holds the lock itself".into());
        }
    }
}

/// Many runs of one version, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Runs in which every helper ran.
    pub complete: usize,
    /// Would-be deadlocks detected over all runs.
    pub would_deadlock: usize,
    /// Threads over all runs.
    pub threads: usize,
}

impl Tally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &Outcome) {
        self.runs += 1;
        self.complete += usize::from(outcome.complete());
        self.would_deadlock += outcome.would_deadlock;
        self.threads += outcome.threads;
    }

    /// `(10, 10) in 10/10 runs`, or how many threads would have deadlocked.
    pub fn summary(&self, threads: usize) -> String {
        let runs = self.runs;
        if self.would_deadlock > 0 {
            format!(
                "{} of {} threads would deadlock (detected, not hung); {}/{runs} runs complete",
                self.would_deadlock, self.threads, self.complete
            )
        } else {
            format!("(num, num2) = ({threads}, {threads}) in {}/{runs} runs", self.complete)
        }
    }
}

/// Runs `version` `runs` times, the `i`th run under `schedule(i)`.
///
/// # Errors
///
/// The first schedule that could not be followed.
pub fn tally(
    version: Version,
    threads: usize,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<Tally, ScheduleError> {
    super::tally_runs(runs, schedule, |s| run(version, threads, s), Tally::add)
}
