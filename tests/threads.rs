//! Lesson 01: when `main` does not join, it returns before its workers
//! report (under the script, always); `thread::scope` makes it wait for
//! every one of them, under every schedule.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/01-threads/solution.rs"]
mod solution;

use std::time::Duration;

use common::{LIMIT, golden, refuses, rejects, stdout_ok};
use workbook::deadline::within;
use workbook::lessons::threads::{self, Version, detached_script, run, worker_name};
use workbook::sched::Schedule;

const WORK: Duration = Duration::from_millis(5);

#[test]
fn under_the_script_main_returns_before_any_worker_reports() {
    within(LIMIT, "scripted runs", || {
        for _ in 0..10 {
            let reports = run(Version::Detached, 10, WORK, Schedule::script(detached_script(10))).unwrap();
            assert_eq!(reports.missing(), (0..10).collect::<Vec<_>>());
            assert_eq!(reports.after_return.len(), 10, "they all reported, too late");
            assert_eq!(reports.trace.marks(), 10, "each late report is marked");
        }
    });
}

#[test]
fn round_robin_is_the_script_for_the_detached_version() {
    within(LIMIT, "round-robin run", || {
        let reports = run(Version::Detached, 4, WORK, Schedule::round_robin()).unwrap();
        assert_eq!(reports.trace.steps(), detached_script(4));
    });
}

#[test]
fn joined_workers_all_report_under_every_schedule() {
    within(LIMIT, "joined runs", || {
        let schedules = std::iter::once(Schedule::round_robin())
            .chain((0..10).map(Schedule::random))
            .chain((0..3).map(|_| Schedule::free()));
        for schedule in schedules {
            let (kind, controlled) = (schedule.describe(), schedule.is_controlled());
            let reports = run(Version::Joined, 6, WORK, schedule).unwrap();
            assert!(reports.missing().is_empty(), "{kind}: {:?}", reports.missing());
            if controlled {
                let last = reports.trace.steps().pop();
                assert_eq!(last.as_deref(), Some("main returns"), "{kind}");
            }
        }
    });
}

#[test]
fn each_worker_reports_from_a_thread_with_its_name() {
    within(LIMIT, "names", || {
        let reports = run(Version::Joined, 4, WORK, Schedule::free()).unwrap();
        for report in &reports.before_return {
            assert_eq!(report.thread, worker_name(report.worker));
        }
    });
}

#[test]
fn a_joining_main_cannot_be_scripted_to_return_first() {
    within(LIMIT, "an impossible script", || {
        let schedule = Schedule::script(detached_script(2)).with_deadline(Duration::from_millis(300));
        let err = run(Version::Joined, 2, WORK, schedule).unwrap_err();
        assert!(err.message.contains("main is blocked outside the schedule"), "{err}");
    });
}

#[test]
fn starting_and_joining_in_one_loop_takes_every_task_in_turn() {
    // A lower bound, guaranteed by `sleep`: each task waits for the one
    // before. (The upper bound of the concurrent version is a claim about
    // speed, measured by `just bench`, not asserted here.)
    let work = Duration::from_millis(10);
    assert!(threads::start_then_join_each(5, work) >= work * 5);
    assert!(threads::start_all_then_join(5, work) >= work);
}

#[test]
fn the_book_timelines_are_current() {
    within(LIMIT, "timelines", || {
        let detached = run(Version::Detached, 3, WORK, Schedule::script(detached_script(3))).unwrap();
        golden("threads-detached.txt", &detached.trace.timeline());
        let joined = run(Version::Joined, 3, WORK, Schedule::round_robin()).unwrap();
        golden("threads-joined.txt", &joined.trace.timeline());
    });
}

const EXE: &str = env!("CARGO_BIN_EXE_threads");

#[test]
fn the_binary_shows_both_verdicts_and_the_real_process() {
    let out = stdout_ok(EXE, &["--runs", "3"]);
    assert!(out.contains("main heard from 0/10 workers in 3/3 runs"), "{out}");
    assert!(out.contains("printed \"main returns\" and"), "{out}");
    assert!(out.contains("✗ racy:") && out.contains("✓ fixed:"), "{out}");
    assert!(out.contains("running on number 1 in thread \"numbered-1\""), "{out}");
}

#[test]
fn the_binary_traces_the_early_return() {
    let out = stdout_ok(EXE, &["--mode", "racy", "--trace", "--runs", "1"]);
    assert!(out.contains("← too late: main has returned"), "{out}");
}

#[test]
fn the_binary_refuses_bad_flags() {
    refuses(EXE, &["--threads", "101"]);
    refuses(EXE, &["--work-ms", "0"]);
    refuses(EXE, &["--runs", "zero"]);
}

mod exercises {
    use std::sync::mpsc;
    use std::thread;

    use workbook::exercises::threads as check;

    use super::{rejects, solution};

    type Job<T> = Box<dyn FnOnce() -> T + Send>;

    /// Plausible wrong answers; every check must reject each of them.
    mod wrong {
        use super::*;

        /// The exercise as shipped, minus its `todo!()`.
        pub fn run_all_as_shipped<T: Send + 'static>(jobs: Vec<Job<T>>) -> Vec<T> {
            let mut results = Vec::new();
            for job in jobs {
                let handle = thread::spawn(job);
                results.push(handle.join().expect("the job does not panic"));
            }
            results
        }

        /// Concurrent, but the threads have no names.
        pub fn run_all_unnamed<T: Send + 'static>(jobs: Vec<Job<T>>) -> Vec<T> {
            let handles: Vec<_> = jobs.into_iter().map(thread::spawn).collect();
            handles.into_iter().map(|h| h.join().expect("no panic")).collect()
        }

        /// Concurrent and named, but results in the order they finish.
        pub fn run_all_as_they_finish<T: Send + 'static>(jobs: Vec<Job<T>>) -> Vec<T> {
            let (tx, rx) = mpsc::channel();
            for (i, job) in jobs.into_iter().enumerate() {
                let tx = tx.clone();
                thread::Builder::new().name(format!("job-{i}")).spawn(move || tx.send(job())).expect("spawn");
            }
            drop(tx);
            rx.into_iter().collect()
        }

        /// Sums on the calling thread.
        pub fn sum_inline(data: &[u64], _workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
            if data.is_empty() { 0 } else { sum_chunk(data) }
        }

        /// Scoped threads, but each joined before the next is spawned.
        pub fn sum_one_at_a_time(
            data: &[u64],
            workers: usize,
            sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync),
        ) -> u64 {
            if data.is_empty() {
                return 0;
            }
            let size = data.len().div_ceil(workers);
            thread::scope(|s| {
                data.chunks(size).map(|c| s.spawn(move || sum_chunk(c)).join().expect("no panic")).sum()
            })
        }

        /// Chunks of `len / workers`, dropping the remainder.
        pub fn sum_dropping_the_rest(
            data: &[u64],
            workers: usize,
            sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync),
        ) -> u64 {
            let size = (data.len() / workers).max(1);
            thread::scope(|s| {
                let handles: Vec<_> =
                    data.chunks_exact(size).take(workers).map(|c| s.spawn(move || sum_chunk(c))).collect();
                handles.into_iter().map(|h| h.join().expect("no panic")).sum()
            })
        }
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        check::run_all(solution::run_all).unwrap();
        check::parallel_sum(solution::parallel_sum).unwrap();
    }

    #[test]
    fn the_run_all_check_rejects_wrong_answers() {
        assert!(rejects(|| check::run_all(wrong::run_all_as_shipped)));
        assert!(rejects(|| check::run_all(wrong::run_all_unnamed)));
        assert!(rejects(|| check::run_all(wrong::run_all_as_they_finish)));
    }

    #[test]
    fn the_parallel_sum_check_rejects_wrong_answers() {
        assert!(rejects(|| check::parallel_sum(wrong::sum_inline)));
        assert!(rejects(|| check::parallel_sum(wrong::sum_one_at_a_time)));
        assert!(rejects(|| check::parallel_sum(wrong::sum_dropping_the_rest)));
    }
}
