//! Lesson 05, semaphore: at most N threads inside at once. Ports S1.
//!
//! The Python original creates `threading.BoundedSemaphore(3)` and starts 20
//! threads; each acquires, sleeps a second, prints and releases, so the
//! output comes in bursts of three. Here each worker enters a room (an
//! [`Occupancy`] that counts who is inside) instead of printing, and the
//! outcome is the *peak*: the most workers that were ever inside at once.
//!
//! - [`Version::NoLimit`]: no semaphore. Under round-robin every worker
//!   enters before any leaves: peak 20.
//! - [`Version::ReleasedTwice`]: a plain [`Semaphore`] of 3, and one worker
//!   with a bug that releases twice. The semaphore now has 4 permits, and
//!   the peak is 4.
//! - [`Version::Bounded`]: a [`BoundedSemaphore`] of 3, with the same buggy
//!   worker: its second release is refused with an error, and the peak is 3,
//!   never more, under every schedule.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::probe::Occupancy;
use crate::sched::{self, Schedule, ScheduleError};
use crate::sync::{BoundedSemaphore, Semaphore};
use crate::trace::Trace;

/// How long a worker stays inside in free runs (Python: one second).
pub const WORK: Duration = Duration::from_millis(5);

// ANCHOR: worker
/// One worker of S1: wait for a permit, work inside, leave. The permit
/// goes back when `_permit` drops, even if the work panics.
pub fn worker(semaphore: &BoundedSemaphore, room: &Occupancy) {
    let _permit = semaphore.acquire();
    let _inside = room.enter();
    sched::sleep(WORK);
}
// ANCHOR_END: worker

// ANCHOR: released-twice
/// A worker in Python's manual style, with the bug: it releases twice.
/// A plain semaphore believes it, and has one permit more from then on.
fn worker_releasing_twice(semaphore: &Semaphore, room: &Occupancy, buggy: bool) {
    semaphore.acquire().forget(); // Python's `acquire()`: no guard
    {
        let _inside = room.enter();
        sched::sleep(WORK);
    }
    semaphore.release();
    if buggy {
        semaphore.release(); // one release too many: nobody notices
    }
}
// ANCHOR_END: released-twice

// ANCHOR: bounded-refuses
/// The same worker on a bounded semaphore: the extra release is an error.
/// Returns whether it was refused.
fn worker_bounded(semaphore: &BoundedSemaphore, room: &Occupancy, buggy: bool) -> bool {
    // (the other workers run `worker`, with a guard)
    semaphore.acquire().forget();
    {
        let _inside = room.enter();
        sched::sleep(WORK);
    }
    semaphore.release().expect("one acquire, one release");
    buggy && semaphore.release().is_err() // Python: ValueError
}
// ANCHOR_END: bounded-refuses

/// The three versions of S1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// No semaphore at all.
    NoLimit,
    /// A plain semaphore, and a worker that releases twice.
    ReleasedTwice,
    /// A bounded semaphore: the extra release is refused.
    Bounded,
}

impl Version {
    /// The versions that go wrong.
    pub const WRONG: [Version; 2] = [Version::NoLimit, Version::ReleasedTwice];

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::NoLimit => "wrong: no semaphore",
            Version::ReleasedTwice => "wrong: Semaphore, and one worker releases twice",
            Version::Bounded => "fixed: BoundedSemaphore (the same worker's extra release is refused)",
        }
    }
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Which version ran.
    pub version: Version,
    /// How many workers.
    pub workers: usize,
    /// The semaphore's permits.
    pub limit: usize,
    /// The most workers inside at once.
    pub peak: usize,
    /// Releases the bounded semaphore refused.
    pub refused: usize,
    /// What each worker did.
    pub trace: Trace,
}

/// `workers` workers, a semaphore of `limit` permits (none for
/// [`Version::NoLimit`]), under `schedule`. The first worker (A) is the one
/// that releases twice.
///
/// # Errors
///
/// When the schedule cannot be followed (see [`Schedule::finish`]).
pub fn run(
    version: Version,
    workers: usize,
    limit: usize,
    schedule: Schedule,
) -> Result<Outcome, ScheduleError> {
    let room = Occupancy::new();
    let refused = AtomicUsize::new(0);
    match version {
        Version::NoLimit => schedule.run_threads(workers, |_| {
            let _inside = room.enter();
            sched::sleep(WORK);
        }),
        Version::ReleasedTwice => {
            let semaphore = Semaphore::new(limit);
            schedule.run_threads(workers, |i| worker_releasing_twice(&semaphore, &room, i == 0));
        }
        Version::Bounded => {
            let semaphore = BoundedSemaphore::new(limit);
            schedule.run_threads(workers, |i| {
                if i > 0 {
                    worker(&semaphore, &room);
                } else if worker_bounded(&semaphore, &room, true) {
                    refused.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    }
    let trace = schedule.finish()?;
    Ok(Outcome { version, workers, limit, peak: room.peak(), refused: refused.into_inner(), trace })
}

/// Many runs of one version, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Runs whose peak went over the limit.
    pub over: usize,
    /// The lowest peak of a run.
    pub min_peak: usize,
    /// The highest peak of a run.
    pub max_peak: usize,
    /// Releases refused, over all runs.
    pub refused: usize,
}

impl Tally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &Outcome) {
        self.min_peak = if self.runs == 0 { outcome.peak } else { self.min_peak.min(outcome.peak) };
        self.runs += 1;
        self.over += usize::from(outcome.peak > outcome.limit);
        self.max_peak = self.max_peak.max(outcome.peak);
        self.refused += outcome.refused;
    }

    /// `peak 20 in 10/10 runs (limit 3)`, or the range of peaks.
    pub fn summary(&self, limit: usize) -> String {
        let peak = if self.min_peak == self.max_peak {
            format!("peak {} in {}/{} runs", self.max_peak, self.runs, self.runs)
        } else {
            format!("peak {}–{} over {} runs", self.min_peak, self.max_peak, self.runs)
        };
        let refused =
            if self.refused > 0 { format!(", {} releases refused", self.refused) } else { String::new() };
        format!("{peak} (limit {limit}){refused}")
    }
}

/// Runs `version` `runs` times, the `i`th run under `schedule(i)`.
///
/// # Errors
///
/// The first schedule that could not be followed.
pub fn tally(
    version: Version,
    workers: usize,
    limit: usize,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<Tally, ScheduleError> {
    super::tally_runs(runs, schedule, |s| run(version, workers, limit, s), Tally::add)
}
