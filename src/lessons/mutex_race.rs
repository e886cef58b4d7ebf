//! Lesson 03, mutex-race: `n -= 1` from many threads loses updates; a lock
//! or an atomic read-modify-write does not. Ports M1 and M2.
//!
//! The Python original starts 100 threads that each do `num -= 1` on a
//! global `num = 100` and prints the result: sometimes not 0 on Python 2,
//! and (a CPython detail) almost never on Python 3. Here the race is not left
//! to luck: [`run`] takes a [`Schedule`], and under [`racy_script`] every
//! thread reads before any thread writes, so 99 of 100 updates are lost on
//! every run.
//!
//! Rust forbids *data races* (two threads touching the same memory, one
//! writing, without synchronisation): the unsynchronised version does not
//! compile. What it cannot forbid is a *race condition*: a read and a write
//! that are each atomic but not atomic *together*. That is what
//! [`decrement_racy`] is.

use crate::sched::{self, Schedule, ScheduleError};
use crate::sync::{AtomicI64, Mutex, Ordering::SeqCst, thread};
use crate::trace::Trace;

// ANCHOR: racy
/// One thread's `n -= 1`, as a read and a separate write.
pub fn decrement_racy(n: &AtomicI64) {
    let v = n.load(SeqCst);
    // the race: another thread can run between this load and the store
    // below; when it does, one of the two decrements is lost
    thread::yield_now();
    n.store(v - 1, SeqCst);
}
// ANCHOR_END: racy

// ANCHOR: locked
/// The same read and write, inside one lock scope: no other thread can touch
/// `n` between them.
pub fn decrement_locked(n: &Mutex<i64>) {
    let mut n = n.lock();
    let v = *n;
    thread::yield_now(); // the same gap, but everyone else waits at `lock`
    *n = v - 1;
} // the guard drops here: unlock
// ANCHOR_END: locked

// ANCHOR: atomic
/// Read, subtract and write as one indivisible step.
pub fn decrement_atomic(n: &AtomicI64) {
    n.fetch_sub(1, SeqCst);
}
// ANCHOR_END: atomic

/// The three ways to decrement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// [`decrement_racy`]: load, gap, store.
    Racy,
    /// [`decrement_locked`]: the same inside a `Mutex`.
    Locked,
    /// [`decrement_atomic`]: `fetch_sub`.
    Atomic,
}

impl Version {
    /// The fixed versions.
    pub const FIXED: [Version; 2] = [Version::Locked, Version::Atomic];

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::Racy => "racy: load, gap, store",
            Version::Locked => "fixed: Mutex",
            Version::Atomic => "fixed: fetch_sub",
        }
    }
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Which decrement ran.
    pub version: Version,
    /// How many threads each decremented once.
    pub threads: usize,
    /// The start value: one per thread, so the right answer is 0.
    pub start: i64,
    /// The value left at the end.
    pub end: i64,
    /// What each thread did, with lost updates marked.
    pub trace: Trace,
}

impl Outcome {
    /// Updates lost: each one leaves `n` one higher than it should be.
    pub fn lost(&self) -> i64 {
        self.end
    }
}

/// The worst case as a script: every thread reads, then every thread writes.
/// With `threads` threads, `threads - 1` updates are lost.
pub fn racy_script(threads: usize) -> Vec<String> {
    let names = sched::names(threads);
    let reads = names.iter().map(|t| format!("{t} reads"));
    let writes = names.iter().map(|t| format!("{t} writes"));
    reads.chain(writes).collect()
}

/// Starts `n = threads`, lets `threads` threads each decrement it once with
/// `version` under `schedule`, and reports what is left.
///
/// # Errors
///
/// When the schedule cannot be followed (see [`Schedule::finish`]).
pub fn run(version: Version, threads: usize, schedule: Schedule) -> Result<Outcome, ScheduleError> {
    let start = threads as i64;
    // The Python threads all sleep for a second first, so they arrive
    // together; the barrier does the same for free runs. (It is invisible
    // to controlled schedules, which wait for every thread anyway.)
    let line_up = std::sync::Barrier::new(threads);
    let end = match version {
        Version::Racy | Version::Atomic => {
            let n = AtomicI64::new(start);
            let decrement = if version == Version::Racy { decrement_racy } else { decrement_atomic };
            schedule.run_threads(threads, |_| {
                line_up.wait();
                decrement(&n);
            });
            n.into_inner()
        }
        Version::Locked => {
            let n = Mutex::traced(start);
            schedule.run_threads(threads, |_| {
                line_up.wait();
                decrement_locked(&n);
            });
            n.into_inner()
        }
    };
    let mut trace = schedule.finish()?;
    mark_lost_updates(&mut trace, start);
    Ok(Outcome { version, threads, start, end, trace })
}

/// Marks every write that undoes another thread's decrement: a write whose
/// thread read the value before someone else's write landed.
pub fn mark_lost_updates(trace: &mut Trace, start: i64) {
    mark_lost(trace, start, "reads", "writes", "subtracts");
}

/// [`mark_lost_updates`] for steps named otherwise: `reads` sees the value,
/// `write` stores one computed from what its thread read, and `rmw` changes
/// it in one indivisible step (lesson 08's manager: `gets`, `sets`,
/// `updates`).
pub fn mark_lost(trace: &mut Trace, start: i64, reads: &str, write: &str, rmw: &str) {
    let mut value = i128::from(start);
    let mut last_writer: Option<usize> = None;
    let mut read = vec![None; trace.threads.len()];
    for i in 0..trace.events.len() {
        let e = &trace.events[i];
        let (thread, seen) = (e.thread, e.value.as_int());
        match e.label {
            label if label == reads => read[thread] = seen,
            label if label == write || label == rmw => {
                let stale = label == write && read[thread] != Some(value);
                if let (true, Some(w)) = (stale, last_writer) {
                    let mark = format!("update lost: undoes {}'s", trace.threads[w]);
                    trace.events[i].mark = Some(mark);
                }
                value = seen.unwrap_or(value);
                last_writer = Some(thread);
            }
            _ => {}
        }
    }
}

/// Many runs of one version under one kind of schedule, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Runs that lost at least one update.
    pub bad_runs: usize,
    /// The fewest updates lost in one run.
    pub min_lost: i64,
    /// The most updates lost in one run.
    pub max_lost: i64,
    /// Updates lost over all runs.
    pub total_lost: i64,
}

impl Tally {
    /// `n = 99 in 20/20 runs`, or how many runs lost updates and how many.
    pub fn summary(&self, threads: usize) -> String {
        let runs = self.runs;
        if self.bad_runs == 0 {
            format!("n = 0 in {runs}/{runs} runs")
        } else if self.min_lost == self.max_lost {
            let lost = self.max_lost;
            let every = if runs > 1 { " every time" } else { "" };
            format!("n = {lost} in {runs}/{runs} runs: {lost} of {threads} updates lost{every}")
        } else {
            let mean = self.total_lost as f64 / runs as f64;
            format!(
                "updates lost in {}/{runs} runs (at most {}, {mean:.1} on average)",
                self.bad_runs, self.max_lost
            )
        }
    }

    /// Adds one run.
    pub fn add(&mut self, outcome: &Outcome) {
        let lost = outcome.lost();
        self.min_lost = if self.runs == 0 { lost } else { self.min_lost.min(lost) };
        self.runs += 1;
        self.bad_runs += usize::from(lost != 0);
        self.max_lost = self.max_lost.max(lost);
        self.total_lost += lost;
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

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_script_is_every_read_then_every_write() {
        assert_eq!(racy_script(2), ["A reads", "B reads", "A writes", "B writes"]);
    }

    #[test]
    fn marks_fall_on_the_writes_that_undo_a_decrement() {
        let outcome = run(Version::Racy, 3, Schedule::script(racy_script(3))).unwrap();
        let marks: Vec<_> = outcome.trace.events.iter().filter_map(|e| e.mark.clone()).collect();
        assert_eq!(marks, ["update lost: undoes A's", "update lost: undoes B's"]);
        assert_eq!(outcome.lost(), 2);
    }
}
