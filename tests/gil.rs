//! Lesson 02: under the GIL never more than one thread works at a time,
//! under any schedule; without it, threads work at once. Under `--cfg
//! loom`, the model checker agrees. (Speed-ups are measured by `just
//! bench`, not asserted here.)

#[cfg(not(loom))]
mod common;

#[cfg(not(loom))]
#[path = "../lessons/02-gil/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use workbook::deadline::within;
    use workbook::lessons::gil::{self, Version, run};
    use workbook::sched::Schedule;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    fn schedules() -> impl Iterator<Item = Schedule> {
        std::iter::once(Schedule::round_robin()).chain((0..20).map(Schedule::random))
    }

    #[test]
    fn with_the_gil_one_thread_works_at_a_time_under_every_schedule() {
        within(LIMIT, "with the GIL", || {
            for schedule in schedules().chain(std::iter::once(Schedule::free())) {
                let kind = schedule.describe();
                assert_eq!(run(Version::WithGil, 4, 8, 10, schedule).unwrap().peak, 1, "{kind}");
            }
        });
    }

    #[test]
    fn without_it_every_thread_works_at_once_under_round_robin() {
        within(LIMIT, "without the GIL", || {
            for threads in [2, 4] {
                let outcome =
                    run(Version::WithoutGil, threads, threads as u64, 10, Schedule::round_robin()).unwrap();
                assert_eq!(outcome.peak, threads);
            }
        });
    }

    #[test]
    fn both_versions_compute_the_same_total() {
        within(LIMIT, "totals", || {
            let with = run(Version::WithGil, 3, 12, 100, Schedule::free()).unwrap().total;
            let without = run(Version::WithoutGil, 3, 12, 100, Schedule::free()).unwrap().total;
            let alone = run(Version::WithoutGil, 1, 12, 100, Schedule::free()).unwrap().total;
            assert_eq!((with, without), (alone, alone));
        });
    }

    #[test]
    fn a_script_cannot_put_two_threads_to_work_under_the_gil() {
        within(LIMIT, "an impossible script", || {
            let script = ["A locks", "A enters", "B locks", "B enters"];
            let err = run(Version::WithGil, 2, 2, 10, Schedule::script(script)).unwrap_err();
            assert!(err.message.contains("B is blocked on a lock held by A"), "{err}");
            let err =
                run(Version::WithoutGil, 2, 2, 10, Schedule::script(["A enters", "B enters"])).unwrap_err();
            assert!(!err.message.contains("blocked"), "without the GIL both can enter: {err}");
        });
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            let with = run(Version::WithGil, 2, 4, 10, Schedule::round_robin()).unwrap();
            golden("gil-with.txt", &with.trace.timeline());
            let without = run(Version::WithoutGil, 2, 4, 10, Schedule::round_robin()).unwrap();
            golden("gil-without.txt", &without.trace.timeline());
        });
    }

    #[test]
    fn calibration_scales_with_the_target() {
        let rounds = gil::calibrate(std::time::Duration::from_millis(1));
        assert!(rounds >= 1);
    }

    const EXE: &str = env!("CARGO_BIN_EXE_gil");

    #[test]
    fn the_binary_shows_both_verdicts() {
        let out = stdout_ok(EXE, &["--runs", "3", "--units", "8", "--unit-ms", "1", "--timing-runs", "1"]);
        assert!(out.contains("never more than 1 thread working at a time"), "{out}");
        assert!(out.contains("✗ racy:") && out.contains("✓ fixed:"), "{out}");
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--threads", "65"]);
        refuses(EXE, &["--unit-ms", "0"]);
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/gil.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::gil as check;

    use super::common::{all_accepted, all_rejected, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "gil",
            &[
                ("merge-once", || check::merge_once(solution::sum_work)),
                ("allow-threads", || check::allow_threads(solution::handle)),
            ],
        );
    }

    #[test]
    fn wrong_merges_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_merge_per_item_gil",
                || check::merge_once(wrong_merge_per_item_gil::sum_work),
                "work ran while its thread held the GIL",
            ),
            (
                "wrong_merge_per_item_merge",
                || check::merge_once(wrong_merge_per_item_merge::sum_work),
                "the GIL was taken 6 times",
            ),
            (
                "wrong_merge_batched_merge",
                || check::merge_once(wrong_merge_batched_merge::sum_work),
                "the GIL was taken 2 times",
            ),
            (
                "wrong_merge_hold_whole_loop",
                || check::merge_once(wrong_merge_hold_whole_loop::sum_work),
                "work ran while its thread held the GIL",
            ),
            (
                "wrong_merge_acquire_before_work",
                || check::merge_once(wrong_merge_acquire_before_work::sum_work),
                "work ran while its thread held the GIL",
            ),
            (
                "wrong_merge_allow_threads_merge",
                || check::merge_once(wrong_merge_allow_threads_merge::sum_work),
                "the GIL was taken 2 times",
            ),
            (
                "wrong_merge_read_then_write",
                || check::merge_once(wrong_merge_read_then_write::sum_work),
                "the GIL was taken 2 times",
            ),
            (
                "wrong_merge_assign_total",
                || check::merge_once(wrong_merge_assign_total::sum_work),
                "the total ended at 146; it should be 151",
            ),
            (
                "wrong_merge_drops_last",
                || check::merge_once(wrong_merge_drops_last::sum_work),
                "the total ended at",
            ),
            (
                "wrong_merge_dedup_items",
                || check::merge_once(wrong_merge_dedup_items::sum_work),
                "the total ended at",
            ),
            (
                "wrong_merge_last_under_gil",
                || check::merge_once(wrong_merge_last_under_gil::sum_work),
                "work ran while its thread held the GIL",
            ),
        ]);
    }

    #[test]
    fn right_merges_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_merge_one_statement", || check::merge_once(right_merge_one_statement::sum_work)),
            ("right_merge_wrapping_fold", || check::merge_once(right_merge_wrapping_fold::sum_work)),
            ("right_merge_reverse_loop_block", || {
                check::merge_once(right_merge_reverse_loop_block::sum_work)
            }),
            ("right_merge_skip_empty", || check::merge_once(right_merge_skip_empty::sum_work)),
        ]);
    }

    #[test]
    fn wrong_handlers_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_allow_fetch_with_gil",
                || check::allow_threads(wrong_allow_fetch_with_gil::handle),
                "fetch ran while the GIL was held",
            ),
            (
                "wrong_allow_yield_then_fetch",
                || check::allow_threads(wrong_allow_yield_then_fetch::handle),
                "fetch ran while the GIL was held",
            ),
            (
                "wrong_allow_fetch_twice",
                || check::allow_threads(wrong_allow_fetch_twice::handle),
                "fetch ran 2 times",
            ),
            (
                "wrong_allow_helper_thread",
                || check::allow_threads(wrong_allow_helper_thread::handle),
                "did the two fetches run at the same time",
            ),
            (
                "wrong_allow_no_count",
                || check::allow_threads(wrong_allow_no_count::handle),
                "py.requests is 0 after one request",
            ),
            (
                "wrong_allow_count_twice",
                || check::allow_threads(wrong_allow_count_twice::handle),
                "py.requests is 2 after one request",
            ),
            (
                "wrong_allow_assign_one",
                || check::allow_threads(wrong_allow_assign_one::handle),
                "py.requests is 1 after two requests",
            ),
            (
                "wrong_allow_counts_total",
                || check::allow_threads(wrong_allow_counts_total::handle),
                "py.requests is 0 after one request",
            ),
            (
                "wrong_allow_skips_zero_page",
                || check::allow_threads(wrong_allow_skips_zero_page::handle),
                "handling url 4 (fetch returns 0): py.requests is 0",
            ),
            (
                "wrong_allow_retry_on_zero",
                || check::allow_threads(wrong_allow_retry_on_zero::handle),
                "handling url 4 (fetch returns 0): fetch ran 2 times",
            ),
        ]);
    }

    #[test]
    fn right_handlers_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_allow_explicit_deref", || check::allow_threads(right_allow_explicit_deref::handle)),
            ("right_allow_count_first", || check::allow_threads(right_allow_count_first::handle)),
            ("right_allow_named_closure_checked", || {
                check::allow_threads(right_allow_named_closure_checked::handle)
            }),
            ("right_allow_block_tail", || check::allow_threads(right_allow_block_tail::handle)),
        ]);
    }
}

#[cfg(loom)]
mod loom_checks {
    use workbook::lessons::gil::{Gil, Interpreter, work_with_gil, work_without_gil};
    use workbook::probe::Occupancy;
    use workbook::sync::{Arc, thread};

    fn peak(with_gil: bool) -> usize {
        let gil = Arc::new(Gil::new(Interpreter::default()));
        let busy = Arc::new(Occupancy::new());
        let work = move |gil: &Gil<Interpreter>, busy: &Occupancy, unit| {
            if with_gil {
                work_with_gil(gil, unit..unit + 1, 1, busy)
            } else {
                work_without_gil(gil, unit..unit + 1, 1, busy)
            }
        };
        let (g, b) = (Arc::clone(&gil), Arc::clone(&busy));
        let t = thread::spawn(move || work(&g, &b, 0));
        work(&gil, &busy, 1);
        t.join().unwrap();
        busy.peak()
    }

    #[test]
    fn with_the_gil_no_two_threads_ever_work_at_once() {
        loom::model(|| assert_eq!(peak(true), 1));
    }

    #[test]
    #[should_panic(expected = "two threads worked at once")]
    fn without_it_two_threads_can() {
        loom::model(|| assert_eq!(peak(false), 1, "two threads worked at once"));
    }
}
