//! Running a check's case under every schedule that matters.
//!
//! A *case* builds fresh state, runs the learner's code on a few threads
//! under the schedule it is given, and judges what happened. [`explore`]
//! hands it schedule after schedule from an [`Explorer`]: every schedule
//! with at most [`Plan::preemptions`] preemptions (spurious wake-ups and
//! early time-outs count as one each), then [`Plan::pct_runs`] PCT
//! schedules. Schedules come level by level, fewest preemptions first, so
//! the first that fails is the simplest there is: the check stops there
//! and reports it, with its timeline.

use std::cell::Cell;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use super::{PanicSink, collect_panics, first_panic};
use crate::sched::{Explored, Explorer, Schedule};
use crate::trace::Trace;

/// How a check explores one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Every schedule with at most this many preemptions runs.
    pub preemptions: usize,
    /// Then this many PCT schedules...
    pub pct_runs: usize,
    /// ...of this depth (orderings a bug may need).
    pub pct_depth: usize,
}

impl Plan {
    /// Every schedule with at most two preemptions: the plan for a small
    /// case (two or three threads, a few dozen points).
    pub const SMALL: Plan = Plan { preemptions: 2, pct_runs: 0, pct_depth: 0 };

    /// Every schedule with at most `k` preemptions.
    pub const fn exhaustive(k: usize) -> Plan {
        Plan { preemptions: k, pct_runs: 0, pct_depth: 0 }
    }

    /// Every schedule with at most `k` preemptions, then `runs` PCT
    /// schedules of depth `depth`: for a case too big to explore whole.
    pub const fn with_pct(k: usize, runs: usize, depth: usize) -> Plan {
        Plan { preemptions: k, pct_runs: runs, pct_depth: depth }
    }
}

/// What a case found wrong, and the run that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrong {
    /// What went wrong, in words.
    pub what: String,
    /// The run, when threads were involved.
    pub trace: Option<Trace>,
    /// True when `what` comes from the schedule or a panic (a deadlock, a
    /// spin), not from the case. The report puts the case's description
    /// first whenever the message does not begin with it.
    pub bare: bool,
}

impl Wrong {
    /// Something wrong, shown by `trace`.
    pub fn shown(what: impl Into<String>, trace: &Trace) -> Self {
        Wrong { what: what.into(), trace: Some(trace.clone()), bare: false }
    }
}

impl From<String> for Wrong {
    fn from(what: String) -> Self {
        Wrong { what, trace: None, bare: false }
    }
}

impl From<&str> for Wrong {
    fn from(what: &str) -> Self {
        Wrong { what: what.to_owned(), trace: None, bare: false }
    }
}

/// What an exploration ran, and what every run's case returned.
#[derive(Debug)]
pub struct Outcomes<R> {
    /// How many schedules ran.
    pub schedules: usize,
    /// What each returned, in the order they ran.
    pub results: Vec<R>,
}

thread_local! {
    static SEED_BASE: Cell<u64> = const { Cell::new(0) };
    static SEEDED_RUNS: Cell<usize> = const { Cell::new(0) };
    static SCHEDULES: Cell<usize> = const { Cell::new(0) };
}

/// How many schedules explorations have run on this thread, in all: what
/// a check costs.
pub fn schedules_explored() -> usize {
    SCHEDULES.with(Cell::get)
}

/// How many seeded (PCT) schedules explorations have run on this thread:
/// when none, a check's verdict cannot depend on the seed base.
pub fn seeded_runs() -> usize {
    SEEDED_RUNS.with(Cell::get)
}

/// Runs `f` with PCT schedules seeded from `base` on this thread: a
/// check's verdict must not depend on it (tests run every wrong answer
/// under two bases).
pub fn with_seed_base<T>(base: u64, f: impl FnOnce() -> T) -> T {
    let before = SEED_BASE.with(|s| s.replace(base));
    let out = f();
    SEED_BASE.with(|s| s.set(before));
    out
}

/// A case: fresh state, the answer run under the schedule, a verdict.
type Case<R> = dyn Fn(Schedule) -> Result<R, Wrong> + Send + Sync;

/// How long a failed run's threads get to stop before the check reports
/// without them (one blocked where the schedule cannot see never stops).
const WIND_DOWN: Duration = Duration::from_secs(1);

/// Runs `case` under every schedule `plan` asks for, each with fresh state.
/// `what` says what the case does (`two threads each decremented n = 10
/// once`), for failures that do not say it themselves.
///
/// # Errors
///
/// The failure with the fewest preemptions, with the schedule that shows
/// it in words and its timeline.
pub fn explore<R: Send + 'static>(
    plan: Plan,
    what: impl Into<String>,
    case: impl Fn(Schedule) -> Result<R, Wrong> + Send + Sync + 'static,
) -> Result<Outcomes<R>, String> {
    let what = what.into();
    let case: Arc<Case<R>> = Arc::new(case);
    let started = Instant::now();
    let mut results = Vec::new();
    let mut schedules = 0;
    let mut explorers = vec![("", Explorer::exhaustive(plan.preemptions))];
    if plan.pct_runs > 0 {
        let seed = SEED_BASE.with(Cell::get);
        explorers.push(("PCT ", Explorer::pct(plan.pct_depth, plan.pct_runs, seed)));
    }
    for (kind, mut explorer) in explorers {
        while let Some(schedule) = explorer.next_schedule() {
            let out = run_one(&case, schedule, &explorer);
            let run = explorer.ran();
            match out {
                Ok(r) => results.push(r),
                Err(mut wrong) => {
                    if !wrong.what.starts_with(&what) {
                        wrong.what = format!("{what}: {}", wrong.what);
                    }
                    return Err(report(kind, &run, wrong));
                }
            }
        }
        schedules += explorer.explored();
        SCHEDULES.with(|n| n.set(n.get() + explorer.explored()));
        if !kind.is_empty() {
            SEEDED_RUNS.with(|n| n.set(n.get() + explorer.explored()));
        }
    }
    if std::env::var_os("WORKBOOK_SHOW_SCHEDULES").is_some() {
        eprintln!("explored {schedules} schedules in {:.2?} ({plan:?})", started.elapsed());
    }
    Ok(Outcomes { schedules, results })
}

fn report(kind: &str, run: &Explored, wrong: Wrong) -> String {
    let how = match (kind, run.preemptions) {
        ("", 0) => format!("It happens with no preemption at all (schedule {} explored).", run.index),
        ("", n) => format!(
            "Schedule {} of the exploration shows it, with {n} preemption{} (no schedule with \
             fewer fails):\n{}",
            run.index,
            if n == 1 { "" } else { "s" },
            run.story.iter().map(|s| format!("  {s}")).collect::<Vec<_>>().join("\n")
        ),
        _ => format!("A {kind}schedule shows it (run {}).", run.index),
    };
    match wrong.trace {
        Some(trace) => format!("{}\n{how}\n{}", wrong.what.trim_end(), trace.timeline()),
        None => wrong.what,
    }
}

/// Runs the case on a thread of its own, so that a run whose threads
/// cannot be stopped (blocked where the schedule cannot see) is reported
/// and left behind instead of hanging the check.
fn run_one<R: Send + 'static>(
    case: &Arc<Case<R>>,
    schedule: Schedule,
    explorer: &Explorer,
) -> Result<R, Wrong> {
    let (tx, rx) = mpsc::sync_channel(1);
    let case = Arc::clone(case);
    thread::Builder::new()
        .name("check".into())
        .spawn(move || {
            let sink = PanicSink::default();
            let _collecting = collect_panics(&sink);
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(schedule)))
                .map_err(|_| first_panic(&sink).unwrap_or_default());
            let _ = tx.send(out);
        })
        .expect("the OS creates a thread");
    let mut failed_at: Option<Instant> = None;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(out)) => return out,
            Ok(Err(why)) => {
                return Err(Wrong { bare: true, ..Wrong::from(format!("the check itself panicked: {why}")) });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let Some(error) = explorer.failure() else { continue };
                if failed_at.get_or_insert_with(Instant::now).elapsed() >= WIND_DOWN {
                    return Err(Wrong {
                        what: format!(
                            "{}\n(the run's threads could not all be stopped afterwards: one is \
                             blocked where the schedule cannot see)",
                            error.message
                        ),
                        trace: Some(error.trace),
                        bare: true,
                    });
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Wrong {
                    bare: true,
                    ..Wrong::from("the check's thread ended without a verdict")
                });
            }
        }
    }
}

/// Runs `body(i)` on `threads` threads as actors of `schedule`.
///
/// # Errors
///
/// Why the schedule failed (a deadlock, a spin, a block it cannot see), or
/// the panic of one of the threads, with the run's timeline.
pub fn run(schedule: Schedule, threads: usize, body: impl Fn(usize) + Sync) -> Result<Trace, Wrong> {
    let sink = PanicSink::default();
    let collecting = collect_panics(&sink);
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        schedule.run_threads(threads, |i| {
            let _collecting = collect_panics(&sink);
            body(i);
        });
    }));
    drop(collecting);
    let trace = schedule.finish().map_err(|e| Wrong { what: e.message, trace: Some(e.trace), bare: true })?;
    if ran.is_err() {
        let why = first_panic(&sink).unwrap_or_else(|| "(its message is above)".to_owned());
        return Err(Wrong { bare: true, ..Wrong::shown(format!("a thread panicked: {why}"), &trace) });
    }
    Ok(trace)
}
