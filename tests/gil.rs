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
mod exercises {
    use workbook::exercises::gil as check;
    use workbook::exercises::gil::Work;
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    use super::common::rejects;
    use super::solution;

    /// Plausible wrong answers; every check must reject each of them.
    mod wrong {
        use super::*;

        /// The exercise as shipped, minus its `todo!()`.
        pub fn sum_as_shipped(gil: &Gil<Interpreter>, items: &[u64], work: &Work<'_>) {
            for &x in items {
                let mut py = gil.acquire();
                py.total += work(x);
            }
        }

        /// Works without the GIL, but takes it once per item.
        pub fn sum_merging_each(gil: &Gil<Interpreter>, items: &[u64], work: &Work<'_>) {
            for &x in items {
                let r = work(x);
                gil.acquire().total += r;
            }
        }

        /// The exercise as shipped, minus its `todo!()`.
        pub fn handle_as_shipped(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &Work<'_>) -> u64 {
            let page = fetch(url);
            py.requests += 1;
            page
        }

        /// Releases the GIL, but around nothing.
        pub fn handle_releasing_the_wrong_part(
            py: &mut GilGuard<'_, Interpreter>,
            url: u64,
            fetch: &Work<'_>,
        ) -> u64 {
            py.allow_threads(|| ());
            let page = fetch(url);
            py.requests += 1;
            page
        }
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        check::merge_once(solution::sum_work).unwrap();
        check::allow_threads(solution::handle).unwrap();
    }

    #[test]
    fn the_merge_once_check_rejects_wrong_answers() {
        assert!(rejects(|| check::merge_once(wrong::sum_as_shipped)));
        assert!(rejects(|| check::merge_once(wrong::sum_merging_each)));
    }

    #[test]
    fn the_allow_threads_check_rejects_wrong_answers() {
        assert!(rejects(|| check::allow_threads(wrong::handle_as_shipped)));
        assert!(rejects(|| check::allow_threads(wrong::handle_releasing_the_wrong_part)));
    }
}

/// `RUSTFLAGS="--cfg loom" cargo test --release --test gil`: loom explores
/// every interleaving of two threads doing one unit each.
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
