//! Lesson 01, threads: start, name, join; what happens when `main` does not
//! wait; why joining right after starting makes threads pointless. Ports T1,
//! T2 and T3.
//!
//! The Python original starts 10 threads that sleep a second and print, and
//! `main` prints "main thread stop" before any of them. Python then waits for
//! them anyway, because they are not *daemon* threads. Rust has no such
//! flag: every spawned thread is a daemon. When `main` returns, the process
//! exits and the threads die mid-work. [`detached`] is that program;
//! [`joined`] waits for its workers with `thread::scope`.
//!
//! This lesson is about OS threads themselves, so it uses `std::thread`
//! directly; the schedule (see [`crate::sched`]) only decides who moves when.

use std::io;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::sched::{self, Schedule, ScheduleError};
use crate::trace::Trace;

/// `worker-3`: the name each worker's thread gets.
pub fn worker_name(i: usize) -> String {
    format!("worker-{i}")
}

/// What a worker sends when its work is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Which worker.
    pub worker: usize,
    /// The name its thread had (set with `thread::Builder::name`).
    pub thread: String,
}

// ANCHOR: worker
/// One worker: work, then report. Python's `show(arg)`.
fn worker(i: usize, work: Duration, reports: Sender<Report>) {
    sched::sleep(work); // the work: Python's `time.sleep(1)`
    sched::step("reports");
    let thread = thread::current().name().unwrap_or("?").to_owned();
    // Fails (quietly) if nobody is listening any more: main has gone.
    let _ = reports.send(Report { worker: i, thread });
}
// ANCHOR_END: worker

// ANCHOR: detached
/// Starts the workers and returns at once: nothing waits for them.
pub fn detached(schedule: &Schedule, workers: usize, work: Duration, reports: &Sender<Report>) {
    for i in 0..workers {
        let reports = reports.clone();
        schedule.spawn(worker_name(i), move || worker(i, work, reports));
    }
} // returns while every worker is still working
// ANCHOR_END: detached

// ANCHOR: joined
/// Starts the workers in a scope, which joins them all before it returns.
pub fn joined(schedule: &Schedule, workers: usize, work: Duration, reports: &Sender<Report>) {
    thread::scope(|s| {
        for i in 0..workers {
            let reports = reports.clone();
            schedule.spawn_scoped(s, worker_name(i), move || worker(i, work, reports));
        }
    }); // every thread spawned in the scope has finished here
}
// ANCHOR_END: joined

/// Which way `main` treats its workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// [`detached`]: return without waiting.
    Detached,
    /// [`joined`]: wait for every worker.
    Joined,
}

impl Version {
    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::Detached => "racy: main returns without joining",
            Version::Joined => "fixed: thread::scope joins every worker",
        }
    }
}

/// What `main` saw before it returned.
#[derive(Clone, Debug)]
pub struct Reports {
    /// How many workers were started.
    pub workers: usize,
    /// Reports that arrived before `main` returned, in arrival order.
    pub before_return: Vec<Report>,
    /// Reports that arrived after: in a real program, never, because the
    /// process exits when `main` returns.
    pub after_return: Vec<Report>,
    /// The run, `main` included.
    pub trace: Trace,
}

impl Reports {
    /// Workers whose report `main` never saw, in worker order.
    pub fn missing(&self) -> Vec<usize> {
        let mut seen: Vec<usize> = self.before_return.iter().map(|r| r.worker).collect();
        seen.sort_unstable();
        (0..self.workers).filter(|i| seen.binary_search(i).is_err()).collect()
    }
}

/// The worst case for [`detached`] as a script: `main` returns before any
/// worker has worked or reported.
pub fn detached_script(workers: usize) -> Vec<String> {
    let mut steps = vec!["main returns".to_owned()];
    steps.extend((0..workers).map(|i| format!("{} sleeps", worker_name(i))));
    steps.extend((0..workers).map(|i| format!("{} reports", worker_name(i))));
    steps
}

/// Runs `main` (as a thread named `main`) with `workers` workers, each
/// working for `work`, and reports what `main` saw before it returned.
///
/// Afterwards it waits for detached workers too, only to show when they
/// would have reported.
///
/// # Errors
///
/// When the schedule cannot be followed.
pub fn run(
    version: Version,
    workers: usize,
    work: Duration,
    schedule: Schedule,
) -> Result<Reports, ScheduleError> {
    let (tx, rx) = mpsc::channel();
    let main = schedule.actor("main");
    // `main` registers its workers one by one as it spawns them; expecting
    // them up front keeps controlled runs independent of thread start-up.
    let schedule = schedule.expect((0..workers).map(worker_name));
    let before_return = main.run(|| {
        match version {
            Version::Detached => detached(&schedule, workers, work, &tx),
            Version::Joined => sched::blocking(|| joined(&schedule, workers, work, &tx)),
        }
        sched::step("returns");
        rx.try_iter().collect::<Vec<_>>()
    });
    drop(tx);
    let mut trace = schedule.finish()?;
    mark_late_reports(&mut trace);
    let after_return = rx.try_iter().collect();
    Ok(Reports { workers, before_return, after_return, trace })
}

/// Marks every report made after `main` returned: in a real program, the
/// process is gone by then.
pub fn mark_late_reports(trace: &mut Trace) {
    let Some(main) = trace.threads.iter().position(|t| t == "main") else { return };
    let mut returned = false;
    for e in &mut trace.events {
        returned |= e.thread == main && e.label == "returns";
        if returned && e.label == "reports" {
            e.mark = Some("too late: main has returned".to_owned());
        }
    }
}

// ANCHOR: serial
/// Python T3's trap: `start()` then `join()` in the same loop. Each thread
/// finishes before the next one starts: `tasks × work` in all.
pub fn start_then_join_each(tasks: usize, work: Duration) -> Duration {
    let started = Instant::now();
    for _ in 0..tasks {
        let handle = thread::spawn(move || thread::sleep(work));
        handle.join().expect("the task does not panic"); // waits before starting the next
    }
    started.elapsed()
}
// ANCHOR_END: serial

// ANCHOR: concurrent
/// Start every thread first, then join them all: about one `work` in all.
pub fn start_all_then_join(tasks: usize, work: Duration) -> Duration {
    let started = Instant::now();
    let handles: Vec<_> = (0..tasks).map(|_| thread::spawn(move || thread::sleep(work))).collect();
    for handle in handles {
        handle.join().expect("the task does not panic");
    }
    started.elapsed()
}
// ANCHOR_END: concurrent

// ANCHOR: job
/// Python's `class MyThread(threading.Thread)` with its own `run`: a type
/// that knows its name and what to do on its thread.
pub trait Job: Send + 'static {
    /// What `run` hands back through `join`.
    type Output: Send + 'static;
    /// The thread's name.
    fn name(&self) -> String;
    /// The work, on the new thread.
    fn run(self) -> Self::Output;
}

/// `MyThread(…).start()`: runs the job on a new thread named after it.
///
/// # Errors
///
/// When the OS cannot create a thread.
pub fn start<J: Job>(job: J) -> io::Result<JoinHandle<J::Output>> {
    thread::Builder::new().name(job.name()).spawn(move || job.run())
}
// ANCHOR_END: job

/// The seed's example job: say which number you run on.
#[derive(Clone, Debug)]
pub struct Numbered(pub usize);

impl Job for Numbered {
    type Output = String;

    fn name(&self) -> String {
        format!("numbered-{}", self.0)
    }

    fn run(self) -> String {
        let me = thread::current();
        format!("running on number {} in thread {:?}", self.0, me.name().unwrap_or("?"))
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn missing_lists_workers_main_never_heard_from() {
        let report = |worker| Report { worker, thread: worker_name(worker) };
        let reports = Reports {
            workers: 4,
            before_return: vec![report(2), report(0)],
            after_return: vec![],
            trace: Trace::default(),
        };
        assert_eq!(reports.missing(), [1, 3]);
    }

    #[test]
    fn a_job_runs_on_a_thread_named_after_it() {
        let out = start(Numbered(7)).unwrap().join().unwrap();
        assert_eq!(out, "running on number 7 in thread \"numbered-7\"");
    }
}
