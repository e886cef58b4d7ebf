//! Lesson 01: when `main` does not join, it returns before its workers
//! report (under the script, always); `thread::scope` makes it wait for
//! every one of them, under every schedule.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/01-threads/solution.rs"]
mod solution;

use std::time::Duration;

use common::{LIMIT, golden, refuses, stdout_ok};
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

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/threads.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::threads as check;

    use super::common::{all_accepted, all_rejected, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "threads",
            &[
                ("run-all", || check::run_all(solution::run_all)),
                ("parallel-sum", || check::parallel_sum(solution::parallel_sum)),
            ],
        );
    }

    #[test]
    fn wrong_run_alls_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_run_serial",
                || check::run_all(wrong_run_serial::run_all),
                "the jobs did not all run at once",
            ),
            ("wrong_run_unnamed", || check::run_all(wrong_run_unnamed::run_all), "named None"),
            (
                "wrong_run_names_from_one",
                || check::run_all(wrong_run_names_from_one::run_all),
                "Some(\"job-1\"); name it \"job-0\"",
            ),
            ("wrong_run_name_format", || check::run_all(wrong_run_name_format::run_all), "Some(\"job_0\")"),
            (
                "wrong_run_finish_order",
                || check::run_all(wrong_run_finish_order::run_all),
                "three jobs, the second taking 300 ms: the results came back as jobs [",
            ),
            (
                "wrong_run_pop_reverse",
                || check::run_all(wrong_run_pop_reverse::run_all),
                "the results came back as jobs [2, 1, 0]",
            ),
            (
                "wrong_run_inline_first",
                || check::run_all(wrong_run_inline_first::run_all),
                "one job ran on a thread named Some(\"deadline",
            ),
            (
                "wrong_run_two_at_a_time",
                || check::run_all(wrong_run_two_at_a_time::run_all),
                "the jobs did not all run at once",
            ),
            (
                "wrong_run_one_thread",
                || check::run_all(wrong_run_one_thread::run_all),
                "the jobs did not all run at once",
            ),
            ("wrong_run_inner_unnamed", || check::run_all(wrong_run_inner_unnamed::run_all), "named None"),
            (
                "wrong_run_reverse_names",
                || check::run_all(wrong_run_reverse_names::run_all),
                "job 0 ran on a thread named Some(\"job-3\")",
            ),
            (
                "wrong_run_timeout_means_done",
                || check::run_all(wrong_run_timeout_means_done::run_all),
                "the results came back as jobs [0, 2]",
            ),
        ]);
    }

    #[test]
    fn right_run_alls_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_run_scoped_builder", || check::run_all(right_run_scoped_builder::run_all)),
            ("right_run_indexed_channel", || check::run_all(right_run_indexed_channel::run_all)),
            ("right_run_reverse_join", || check::run_all(right_run_reverse_join::run_all)),
            ("right_run_spawn_last_first", || check::run_all(right_run_spawn_last_first::run_all)),
        ]);
    }

    #[test]
    fn wrong_parallel_sums_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_sum_empty_panics",
                || check::parallel_sum(wrong_sum_empty_panics::parallel_sum),
                "summing 0 numbers with 3 workers: it panicked",
            ),
            (
                "wrong_sum_empty_chunk_call",
                || check::parallel_sum(wrong_sum_empty_chunk_call::parallel_sum),
                "summing 0 numbers with 3 workers: the chunks (start, length) were [(0, 0)]",
            ),
            (
                "wrong_sum_empty_chunks_when_few",
                || check::parallel_sum(wrong_sum_empty_chunks_when_few::parallel_sum),
                "they must be non-empty",
            ),
            (
                "wrong_sum_floor_size",
                || check::parallel_sum(wrong_sum_floor_size::parallel_sum),
                "more chunks than workers",
            ),
            (
                "wrong_sum_chunks_of_workers",
                || check::parallel_sum(wrong_sum_chunks_of_workers::parallel_sum),
                "more chunks than workers",
            ),
            (
                "wrong_sum_chunks_exact",
                || check::parallel_sum(wrong_sum_chunks_exact::parallel_sum),
                "returned 36; the sum is 55",
            ),
            (
                "wrong_sum_serial_join",
                || check::parallel_sum(wrong_sum_serial_join::parallel_sum),
                "the chunks were not all summed at the same time",
            ),
            (
                "wrong_sum_lock_around_sum",
                || check::parallel_sum(wrong_sum_lock_around_sum::parallel_sum),
                "the chunks were not all summed at the same time",
            ),
            (
                "wrong_sum_ignores_sum_chunk",
                || check::parallel_sum(wrong_sum_ignores_sum_chunk::parallel_sum),
                "the chunks covered 0 of the 10 numbers",
            ),
            (
                "wrong_sum_first_chunk_inline",
                || check::parallel_sum(wrong_sum_first_chunk_inline::parallel_sum),
                "a chunk was summed on the calling thread",
            ),
            (
                "wrong_sum_remainder_inline",
                || check::parallel_sum(wrong_sum_remainder_inline::parallel_sum),
                "more chunks than workers",
            ),
            (
                "wrong_sum_copies_chunks",
                || check::parallel_sum(wrong_sum_copies_chunks::parallel_sum),
                "not part of `data`",
            ),
            (
                "wrong_sum_strided",
                || check::parallel_sum(wrong_sum_strided::parallel_sum),
                "not part of `data`",
            ),
            (
                "wrong_sum_one_thread_all_chunks",
                || check::parallel_sum(wrong_sum_one_thread_all_chunks::parallel_sum),
                "two chunks were summed on the same thread",
            ),
        ]);
    }

    #[test]
    fn right_parallel_sums_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_sum_balanced", || check::parallel_sum(right_sum_balanced::parallel_sum)),
            ("right_sum_atomic_relaxed", || check::parallel_sum(right_sum_atomic_relaxed::parallel_sum)),
            ("right_sum_remainder_in_last", || {
                check::parallel_sum(right_sum_remainder_in_last::parallel_sum)
            }),
            ("right_sum_rchunks", || check::parallel_sum(right_sum_rchunks::parallel_sum)),
            ("right_sum_channel", || check::parallel_sum(right_sum_channel::parallel_sum)),
        ]);
    }
}
