//! Lesson 05: with no semaphore every worker gets in; with a plain one
//! released once too often, one more than the limit does; the bounded
//! semaphore refuses the extra release and its peak is exactly the limit,
//! forced, under every schedule. The library's semaphores are checked here
//! too (RAII permits, timeouts, over-release). Under `--cfg loom`, the model
//! checker agrees, and finds the bug in an `if`-instead-of-`while` variant.

#[cfg(not(loom))]
mod common;

#[cfg_attr(loom, allow(dead_code))]
#[path = "../lessons/05-semaphore/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use std::time::Duration;

    use workbook::deadline::within;
    use workbook::lessons::semaphore::{Version, run, tally};
    use workbook::sched::Schedule;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    fn filling() -> Schedule {
        Schedule::round_robin().sleepers_last()
    }

    #[test]
    fn the_bounded_semaphore_is_forced_to_its_limit_and_never_past_it() {
        within(LIMIT, "bounded runs", || {
            for limit in [1, 3, 5] {
                let outcome = run(Version::Bounded, 20, limit, filling()).unwrap();
                assert_eq!((outcome.peak, outcome.refused), (limit, 1), "limit {limit}");
            }
            let random = tally(Version::Bounded, 20, 3, 30, |i| Schedule::random(i as u64)).unwrap();
            let free = tally(Version::Bounded, 20, 3, 5, |_| Schedule::free()).unwrap();
            assert_eq!((random.over, free.over, random.max_peak), (0, 0, 3), "{random:?} {free:?}");
        });
    }

    #[test]
    fn no_semaphore_lets_everyone_in() {
        within(LIMIT, "no limit", || {
            assert_eq!(run(Version::NoLimit, 20, 3, filling()).unwrap().peak, 20);
            let random = tally(Version::NoLimit, 20, 3, 10, |i| Schedule::random(i as u64)).unwrap();
            assert_eq!(random.over, 10, "{random:?}");
        });
    }

    #[test]
    fn a_release_too_many_lets_one_more_in() {
        within(LIMIT, "released twice", || {
            let outcome = run(Version::ReleasedTwice, 20, 3, filling()).unwrap();
            assert_eq!((outcome.peak, outcome.refused), (4, 0));
        });
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            golden(
                "semaphore-bounded.txt",
                &run(Version::Bounded, 4, 2, filling()).unwrap().trace.timeline(),
            );
            golden(
                "semaphore-no-limit.txt",
                &run(Version::NoLimit, 4, 2, filling()).unwrap().trace.timeline(),
            );
        });
    }

    const EXE: &str = env!("CARGO_BIN_EXE_semaphore");

    #[test]
    fn the_binary_shows_the_verdicts() {
        let out = stdout_ok(EXE, &["--runs", "3"]);
        assert!(out.contains("peak 20 in 3/3 runs (limit 3)"), "{out}");
        assert!(out.contains("peak 4 in 3/3 runs (limit 3)"), "{out}");
        assert!(out.contains("peak 3 in 3/3 runs (limit 3), 3 releases refused"), "{out}");
        assert!(out.contains("✓ fixed: never more than 3 inside in 9 runs"), "{out}");
        assert!(out.contains("✗ no limit: up to 20 inside at once"), "{out}");
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--permits", "0"]);
        refuses(EXE, &["--threads", "1001"]);
        refuses(EXE, &["--mode", "sideways"]);
    }

    #[test]
    fn a_timed_acquire_gives_up_only_when_nobody_can_release() {
        use workbook::sync::Semaphore;
        within(LIMIT, "timed acquire", || {
            let semaphore = Semaphore::new(1);
            let schedule = Schedule::round_robin();
            let got = std::sync::Mutex::new(Vec::new());
            schedule.run_threads(2, |i| {
                let permit = semaphore.acquire_timeout(Duration::from_secs(3600));
                got.lock().unwrap().push((i, permit.is_some()));
                if let Some(p) = permit {
                    p.forget(); // never given back: the other must time out
                }
            });
            schedule.finish().unwrap();
            let mut got = got.into_inner().unwrap();
            got.sort();
            assert_eq!(got, [(0, true), (1, false)]);
        });
    }
}

#[cfg(not(loom))]
mod library {
    //! The semaphores in `workbook::sync`, outside any schedule.

    use std::time::Duration;

    use workbook::deadline::within;
    use workbook::sync::{BoundedSemaphore, OverRelease, Semaphore};

    use super::common::LIMIT;

    #[test]
    fn permits_go_back_when_dropped_and_try_acquire_does_not_wait() {
        let s = Semaphore::new(2);
        let a = s.acquire();
        let b = s.try_acquire().expect("one left");
        assert!(s.try_acquire().is_none());
        assert_eq!(s.acquire_timeout(Duration::from_millis(1)).map(drop), None);
        drop((a, b));
        assert_eq!(s.available(), 2);
    }

    #[test]
    fn a_semaphore_of_zero_is_a_signal() {
        within(LIMIT, "signal", || {
            let s = Semaphore::new(0);
            std::thread::scope(|scope| {
                let waiter = scope.spawn(|| s.acquire().forget());
                s.release();
                waiter.join().unwrap();
            });
            assert_eq!(s.available(), 0);
        });
    }

    #[test]
    fn a_bounded_semaphore_refuses_a_release_too_many_and_keeps_its_count() {
        let s = BoundedSemaphore::new(2);
        assert_eq!(s.release(), Err(OverRelease { limit: 2 }));
        let guarded = s.acquire();
        // the guard will give its permit back: a manual release now has
        // nothing to pair with
        assert_eq!(s.release(), Err(OverRelease { limit: 2 }));
        s.acquire().forget();
        assert_eq!(s.release(), Ok(()));
        drop(guarded);
        assert_eq!((s.available(), s.limit()), (2, 2));
        assert_eq!(
            s.release().unwrap_err().to_string(),
            "semaphore released too many times: all 2 permits are already back"
        );
        let zero = BoundedSemaphore::new(0);
        assert!(zero.try_acquire().is_none());
        assert!(zero.release().is_err());
    }

    #[test]
    #[should_panic(expected = "a semaphore holds at most 16,777,215 permits: release overflows it")]
    fn releasing_past_the_maximum_panics() {
        let s = Semaphore::new(Semaphore::MAX_PERMITS);
        s.release();
    }

    #[test]
    #[should_panic(expected = "a semaphore holds at most 16,777,215 permits, not 16777216")]
    fn creating_one_past_the_maximum_panics() {
        let _ = Semaphore::new(Semaphore::MAX_PERMITS + 1);
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/semaphore.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::semaphore as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "semaphore",
            &[
                ("semaphore", || {
                    check::semaphore(
                        solution::Semaphore::new,
                        solution::Semaphore::acquire,
                        solution::Semaphore::release,
                    )
                }),
                ("bounded", || {
                    check::bounded(
                        solution::Bounded::new,
                        solution::Bounded::acquire,
                        solution::Bounded::release,
                    )
                }),
            ],
        );
    }

    #[test]
    fn wrong_semaphores_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_sem_if_not_while",
                || {
                    check::semaphore(
                        wrong_sem_if_not_while::Semaphore::new,
                        wrong_sem_if_not_while::Semaphore::acquire,
                        wrong_sem_if_not_while::Semaphore::release,
                    )
                },
                "wakes up with nobody notifying it",
            ),
            (
                "wrong_sem_no_notify",
                || {
                    check::semaphore(
                        wrong_sem_no_notify::Semaphore::new,
                        wrong_sem_no_notify::Semaphore::acquire,
                        wrong_sem_no_notify::Semaphore::release,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_sem_notify_before_add",
                || {
                    check::semaphore(
                        wrong_sem_notify_before_add::Semaphore::new,
                        wrong_sem_notify_before_add::Semaphore::acquire,
                        wrong_sem_notify_before_add::Semaphore::release,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_sem_two_scopes",
                || {
                    check::semaphore(
                        wrong_sem_two_scopes::Semaphore::new,
                        wrong_sem_two_scopes::Semaphore::acquire,
                        wrong_sem_two_scopes::Semaphore::release,
                    )
                },
                "2 were inside at once",
            ),
            (
                "wrong_sem_saturating_no_wait",
                || {
                    check::semaphore(
                        wrong_sem_saturating_no_wait::Semaphore::new,
                        wrong_sem_saturating_no_wait::Semaphore::acquire,
                        wrong_sem_saturating_no_wait::Semaphore::release,
                    )
                },
                "2 were inside at once",
            ),
            (
                "wrong_sem_spin_yield",
                || {
                    check::semaphore(
                        wrong_sem_spin_yield::Semaphore::new,
                        wrong_sem_spin_yield::Semaphore::acquire,
                        wrong_sem_spin_yield::Semaphore::release,
                    )
                },
                "spins",
            ),
            (
                "wrong_sem_spin_try_lock",
                || {
                    check::semaphore(
                        wrong_sem_spin_try_lock::Semaphore::new,
                        wrong_sem_spin_try_lock::Semaphore::acquire,
                        wrong_sem_spin_try_lock::Semaphore::release,
                    )
                },
                "spins",
            ),
            (
                "wrong_sem_poll_sleep",
                || {
                    check::semaphore(
                        wrong_sem_poll_sleep::Semaphore::new,
                        wrong_sem_poll_sleep::Semaphore::acquire,
                        wrong_sem_poll_sleep::Semaphore::release,
                    )
                },
                "spins",
            ),
            (
                "wrong_sem_timeout_means_free",
                || {
                    check::semaphore(
                        wrong_sem_timeout_means_free::Semaphore::new,
                        wrong_sem_timeout_means_free::Semaphore::acquire,
                        wrong_sem_timeout_means_free::Semaphore::release,
                    )
                },
                "2 were inside at once",
            ),
            (
                "wrong_sem_notify_only_from_zero",
                || {
                    check::semaphore(
                        wrong_sem_notify_only_from_zero::Semaphore::new,
                        wrong_sem_notify_only_from_zero::Semaphore::acquire,
                        wrong_sem_notify_only_from_zero::Semaphore::release,
                    )
                },
                "C released twice: deadlock",
            ),
            (
                "wrong_sem_decrement_first",
                || {
                    check::semaphore(
                        wrong_sem_decrement_first::Semaphore::new,
                        wrong_sem_decrement_first::Semaphore::acquire,
                        wrong_sem_decrement_first::Semaphore::release,
                    )
                },
                "C released twice: deadlock",
            ),
            (
                "wrong_sem_std_sync",
                || {
                    check::semaphore(
                        wrong_sem_std_sync::Semaphore::new,
                        wrong_sem_std_sync::Semaphore::acquire,
                        wrong_sem_std_sync::Semaphore::release,
                    )
                },
                "std::sync::Mutex",
            ),
            (
                "wrong_sem_r2_if_saturating",
                || {
                    check::semaphore(
                        wrong_sem_r2_if_saturating::Semaphore::new,
                        wrong_sem_r2_if_saturating::Semaphore::acquire,
                        wrong_sem_r2_if_saturating::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1, and 2 were inside at once (marked below): never more than 1.",
            ),
            (
                "wrong_sem_r2_notify_before_add",
                || {
                    check::semaphore(
                        wrong_sem_r2_notify_before_add::Semaphore::new,
                        wrong_sem_r2_notify_before_add::Semaphore::acquire,
                        wrong_sem_r2_notify_before_add::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1: deadlock: B waits on a condition variable for a notify (the other thr",
            ),
            (
                "wrong_sem_r2_notify_on_zero_only",
                || {
                    check::semaphore(
                        wrong_sem_r2_notify_on_zero_only::Semaphore::new,
                        wrong_sem_r2_notify_on_zero_only::Semaphore::acquire,
                        wrong_sem_r2_notify_on_zero_only::Semaphore::release,
                    )
                },
                "A and B each acquired from a semaphore of 0 while C released twice: deadlock: B waits on a condition variable",
            ),
            (
                "wrong_sem_r2_negative_count",
                || {
                    check::semaphore(
                        wrong_sem_r2_negative_count::Semaphore::new,
                        wrong_sem_r2_negative_count::Semaphore::acquire,
                        wrong_sem_r2_negative_count::Semaphore::release,
                    )
                },
                "A and B each acquired from a semaphore of 0 while C released twice: deadlock: A waits on a condition variable",
            ),
            (
                "wrong_sem_r2_check_then_take",
                || {
                    check::semaphore(
                        wrong_sem_r2_check_then_take::Semaphore::new,
                        wrong_sem_r2_check_then_take::Semaphore::acquire,
                        wrong_sem_r2_check_then_take::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1: a thread panicked: 'attempt to subtract with overflow' in A (at tests",
            ),
            (
                "wrong_sem_r2_spin_yield",
                || {
                    check::semaphore(
                        wrong_sem_r2_spin_yield::Semaphore::new,
                        wrong_sem_r2_spin_yield::Semaphore::acquire,
                        wrong_sem_r2_spin_yield::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1: B spins: it went round the same loop (locks, unlocks) 32 times and sa",
            ),
            (
                "wrong_sem_r2_timeout_enters",
                || {
                    check::semaphore(
                        wrong_sem_r2_timeout_enters::Semaphore::new,
                        wrong_sem_r2_timeout_enters::Semaphore::acquire,
                        wrong_sem_r2_timeout_enters::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1, and 2 were inside at once (marked below): never more than 1.",
            ),
            (
                "wrong_sem_r2_atomic_release_unlocked",
                || {
                    check::semaphore(
                        wrong_sem_r2_atomic_release_unlocked::Semaphore::new,
                        wrong_sem_r2_atomic_release_unlocked::Semaphore::acquire,
                        wrong_sem_r2_atomic_release_unlocked::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1: deadlock: B waits on a condition variable for a notify (the other thr",
            ),
            (
                "wrong_sem_r2_handoff_on_notify",
                || {
                    check::semaphore(
                        wrong_sem_r2_handoff_on_notify::Semaphore::new,
                        wrong_sem_r2_handoff_on_notify::Semaphore::acquire,
                        wrong_sem_r2_handoff_on_notify::Semaphore::release,
                    )
                },
                "2 workers went through a semaphore of 1, and 2 were inside at once (marked below): never more than 1.",
            ),
            (
                "wrong_sem_r2_notify_helper_relocks",
                || {
                    check::semaphore(
                        wrong_sem_r2_notify_helper_relocks::Semaphore::new,
                        wrong_sem_r2_notify_helper_relocks::Semaphore::acquire,
                        wrong_sem_r2_notify_helper_relocks::Semaphore::release,
                    )
                },
                "on one thread: acquire, release, acquire on a semaphore of 1; release, acquire on one of 0; acquire, acquire o",
            ),
        ]);
    }

    #[test]
    fn right_semaphores_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_sem_notify_all", || {
                check::semaphore(
                    right_sem_notify_all::Semaphore::new,
                    right_sem_notify_all::Semaphore::acquire,
                    right_sem_notify_all::Semaphore::release,
                )
            }),
            ("right_sem_notify_after_unlock", || {
                check::semaphore(
                    right_sem_notify_after_unlock::Semaphore::new,
                    right_sem_notify_after_unlock::Semaphore::acquire,
                    right_sem_notify_after_unlock::Semaphore::release,
                )
            }),
            ("right_sem_loop_break", || {
                check::semaphore(
                    right_sem_loop_break::Semaphore::new,
                    right_sem_loop_break::Semaphore::acquire,
                    right_sem_loop_break::Semaphore::release,
                )
            }),
            ("right_sem_counts_waiters", || {
                check::semaphore(
                    right_sem_counts_waiters::Semaphore::new,
                    right_sem_counts_waiters::Semaphore::acquire,
                    right_sem_counts_waiters::Semaphore::release,
                )
            }),
            ("right_sem_timed_recheck", || {
                check::semaphore(
                    right_sem_timed_recheck::Semaphore::new,
                    right_sem_timed_recheck::Semaphore::acquire,
                    right_sem_timed_recheck::Semaphore::release,
                )
            }),
            ("right_sem_r2_wait_while_notify_unlocked", || {
                check::semaphore(
                    right_sem_r2_wait_while_notify_unlocked::Semaphore::new,
                    right_sem_r2_wait_while_notify_unlocked::Semaphore::acquire,
                    right_sem_r2_wait_while_notify_unlocked::Semaphore::release,
                )
            }),
            ("right_sem_r2_checked_sub_notify_all", || {
                check::semaphore(
                    right_sem_r2_checked_sub_notify_all::Semaphore::new,
                    right_sem_r2_checked_sub_notify_all::Semaphore::acquire,
                    right_sem_r2_checked_sub_notify_all::Semaphore::release,
                )
            }),
            ("right_sem_r2_baton_passing", || {
                check::semaphore(
                    right_sem_r2_baton_passing::Semaphore::new,
                    right_sem_r2_baton_passing::Semaphore::acquire,
                    right_sem_r2_baton_passing::Semaphore::release,
                )
            }),
            ("right_sem_r2_counted_sleepers", || {
                check::semaphore(
                    right_sem_r2_counted_sleepers::Semaphore::new,
                    right_sem_r2_counted_sleepers::Semaphore::acquire,
                    right_sem_r2_counted_sleepers::Semaphore::release,
                )
            }),
            ("right_sem_r2_turnstile", || {
                check::semaphore(
                    right_sem_r2_turnstile::Semaphore::new,
                    right_sem_r2_turnstile::Semaphore::acquire,
                    right_sem_r2_turnstile::Semaphore::release,
                )
            }),
        ]);
    }

    #[test]
    fn wrong_bounded_semaphores_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_bounded_no_check",
                || {
                    check::bounded(
                        wrong_bounded_no_check::Bounded::new,
                        wrong_bounded_no_check::Bounded::acquire,
                        wrong_bounded_no_check::Bounded::release,
                    )
                },
                "release (all back), acquire, acquire, release, release, release returned [Ok(())",
            ),
            (
                "wrong_bounded_gt_off_by_one",
                || {
                    check::bounded(
                        wrong_bounded_gt_off_by_one::Bounded::new,
                        wrong_bounded_gt_off_by_one::Bounded::acquire,
                        wrong_bounded_gt_off_by_one::Bounded::release,
                    )
                },
                "returned [Ok(()), Ok(()), Ok(()), Err",
            ),
            (
                "wrong_bounded_refuse_last",
                || {
                    check::bounded(
                        wrong_bounded_refuse_last::Bounded::new,
                        wrong_bounded_refuse_last::Bounded::acquire,
                        wrong_bounded_refuse_last::Bounded::release,
                    )
                },
                "returned [Err(OverRelease { limit: 2 }), Ok(()), Err",
            ),
            (
                "wrong_bounded_no_rollback",
                || {
                    check::bounded(
                        wrong_bounded_no_rollback::Bounded::new,
                        wrong_bounded_no_rollback::Bounded::acquire,
                        wrong_bounded_no_rollback::Bounded::release,
                    )
                },
                "returned [Err(OverRelease { limit: 2 }), Ok(()), Err",
            ),
            (
                "wrong_bounded_check_then_act",
                || {
                    check::bounded(
                        wrong_bounded_check_then_act::Bounded::new,
                        wrong_bounded_check_then_act::Bounded::acquire,
                        wrong_bounded_check_then_act::Bounded::release,
                    )
                },
                "exactly one fits",
            ),
            (
                "wrong_bounded_refuse_when_any_free",
                || {
                    check::bounded(
                        wrong_bounded_refuse_when_any_free::Bounded::new,
                        wrong_bounded_refuse_when_any_free::Bounded::acquire,
                        wrong_bounded_refuse_when_any_free::Bounded::release,
                    )
                },
                "returned [Err(OverRelease { limit: 2 }), Ok(()), Err",
            ),
            (
                "wrong_bounded_panics",
                || {
                    check::bounded(
                        wrong_bounded_panics::Bounded::new,
                        wrong_bounded_panics::Bounded::acquire,
                        wrong_bounded_panics::Bounded::release,
                    )
                },
                "it panicked: 'semaphore released too many times'",
            ),
            (
                "wrong_bounded_silent_cap",
                || {
                    check::bounded(
                        wrong_bounded_silent_cap::Bounded::new,
                        wrong_bounded_silent_cap::Bounded::acquire,
                        wrong_bounded_silent_cap::Bounded::release,
                    )
                },
                "returned [Ok(()), Ok(()), Ok(()), Ok(())]",
            ),
            (
                "wrong_bounded_no_notify",
                || {
                    check::bounded(
                        wrong_bounded_no_notify::Bounded::new,
                        wrong_bounded_no_notify::Bounded::acquire,
                        wrong_bounded_no_notify::Bounded::release,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_bounded_acquire_if",
                || {
                    check::bounded(
                        wrong_bounded_acquire_if::Bounded::new,
                        wrong_bounded_acquire_if::Bounded::acquire,
                        wrong_bounded_acquire_if::Bounded::release,
                    )
                },
                "attempt to subtract with overflow",
            ),
            (
                "wrong_bounded_r2_gt_limit",
                || {
                    check::bounded(
                        wrong_bounded_r2_gt_limit::Bounded::new,
                        wrong_bounded_r2_gt_limit::Bounded::acquire,
                        wrong_bounded_r2_gt_limit::Bounded::release,
                    )
                },
                "with a bounded semaphore of 2: release (all back), acquire, acquire, release, release, release returned [Ok(()",
            ),
            (
                "wrong_bounded_r2_refuses_last",
                || {
                    check::bounded(
                        wrong_bounded_r2_refuses_last::Bounded::new,
                        wrong_bounded_r2_refuses_last::Bounded::acquire,
                        wrong_bounded_r2_refuses_last::Bounded::release,
                    )
                },
                "with a bounded semaphore of 2: release (all back), acquire, acquire, release, release, release returned [Err(O",
            ),
            (
                "wrong_bounded_r2_check_then_add",
                || {
                    check::bounded(
                        wrong_bounded_r2_check_then_add::Bounded::new,
                        wrong_bounded_r2_check_then_add::Bounded::acquire,
                        wrong_bounded_r2_check_then_add::Bounded::release,
                    )
                },
                "a bounded semaphore of 1 had its permit out, and A and B each released at once: they returned [Ok(()), Ok(())]",
            ),
            (
                "wrong_bounded_r2_add_then_undo",
                || {
                    check::bounded(
                        wrong_bounded_r2_add_then_undo::Bounded::new,
                        wrong_bounded_r2_add_then_undo::Bounded::acquire,
                        wrong_bounded_r2_add_then_undo::Bounded::release,
                    )
                },
                "a bounded semaphore of 1 had its permit out, and A and B each released at once: they returned [Err(OverRelease",
            ),
            (
                "wrong_bounded_r2_panics",
                || {
                    check::bounded(
                        wrong_bounded_r2_panics::Bounded::new,
                        wrong_bounded_r2_panics::Bounded::acquire,
                        wrong_bounded_r2_panics::Bounded::release,
                    )
                },
                "on one thread, with a bounded semaphore of 2: it panicked: 'semaphore released too many times: all 2 permits a",
            ),
            (
                "wrong_bounded_r2_silent_cap",
                || {
                    check::bounded(
                        wrong_bounded_r2_silent_cap::Bounded::new,
                        wrong_bounded_r2_silent_cap::Bounded::acquire,
                        wrong_bounded_r2_silent_cap::Bounded::release,
                    )
                },
                "with a bounded semaphore of 2: release (all back), acquire, acquire, release, release, release returned [Ok(()",
            ),
            (
                "wrong_bounded_r2_notify_on_zero_only",
                || {
                    check::bounded(
                        wrong_bounded_r2_notify_on_zero_only::Bounded::new,
                        wrong_bounded_r2_notify_on_zero_only::Bounded::acquire,
                        wrong_bounded_r2_notify_on_zero_only::Bounded::release,
                    )
                },
                "a bounded semaphore of 2 had both permits out; A and B each acquired while C released twice: deadlock: B waits",
            ),
        ]);
    }

    #[test]
    fn right_bounded_semaphores_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_bounded_appended_check", || {
                check::bounded(
                    right_bounded_appended_check::Bounded::new,
                    right_bounded_appended_check::Bounded::acquire,
                    right_bounded_appended_check::Bounded::release,
                )
            }),
            ("right_bounded_notify_first", || {
                check::bounded(
                    right_bounded_notify_first::Bounded::new,
                    right_bounded_notify_first::Bounded::acquire,
                    right_bounded_notify_first::Bounded::release,
                )
            }),
            ("right_bounded_rollback_two_scopes", || {
                check::bounded(
                    right_bounded_rollback_two_scopes::Bounded::new,
                    right_bounded_rollback_two_scopes::Bounded::acquire,
                    right_bounded_rollback_two_scopes::Bounded::release,
                )
            }),
            ("right_bounded_min_cap", || {
                check::bounded(
                    right_bounded_min_cap::Bounded::new,
                    right_bounded_min_cap::Bounded::acquire,
                    right_bounded_min_cap::Bounded::release,
                )
            }),
            ("right_bounded_ge_notify_outside", || {
                check::bounded(
                    right_bounded_ge_notify_outside::Bounded::new,
                    right_bounded_ge_notify_outside::Bounded::acquire,
                    right_bounded_ge_notify_outside::Bounded::release,
                )
            }),
            ("right_bounded_checked_add", || {
                check::bounded(
                    right_bounded_checked_add::Bounded::new,
                    right_bounded_checked_add::Bounded::acquire,
                    right_bounded_checked_add::Bounded::release,
                )
            }),
            ("right_bounded_if_else", || {
                check::bounded(
                    right_bounded_if_else::Bounded::new,
                    right_bounded_if_else::Bounded::acquire,
                    right_bounded_if_else::Bounded::release,
                )
            }),
            ("right_bounded_r2_notify_then_rollback", || {
                check::bounded(
                    right_bounded_r2_notify_then_rollback::Bounded::new,
                    right_bounded_r2_notify_then_rollback::Bounded::acquire,
                    right_bounded_r2_notify_then_rollback::Bounded::release,
                )
            }),
            ("right_bounded_r2_notify_before_check", || {
                check::bounded(
                    right_bounded_r2_notify_before_check::Bounded::new,
                    right_bounded_r2_notify_before_check::Bounded::acquire,
                    right_bounded_r2_notify_before_check::Bounded::release,
                )
            }),
            ("right_bounded_r2_positive_form", || {
                check::bounded(
                    right_bounded_r2_positive_form::Bounded::new,
                    right_bounded_r2_positive_form::Bounded::acquire,
                    right_bounded_r2_positive_form::Bounded::release,
                )
            }),
            ("right_bounded_r2_rollback_under_lock", || {
                check::bounded(
                    right_bounded_r2_rollback_under_lock::Bounded::new,
                    right_bounded_r2_rollback_under_lock::Bounded::acquire,
                    right_bounded_r2_rollback_under_lock::Bounded::release,
                )
            }),
            ("right_bounded_r2_ge_notify_all", || {
                check::bounded(
                    right_bounded_r2_ge_notify_all::Bounded::new,
                    right_bounded_r2_ge_notify_all::Bounded::acquire,
                    right_bounded_r2_ge_notify_all::Bounded::release,
                )
            }),
            ("right_bounded_r2_match", || {
                check::bounded(
                    right_bounded_r2_match::Bounded::new,
                    right_bounded_r2_match::Bounded::acquire,
                    right_bounded_r2_match::Bounded::release,
                )
            }),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        use answers::wrong_sem_no_notify::Semaphore as S;
        golden(
            "semaphore-no-notify-failure.txt",
            &check::semaphore(S::new, S::acquire, S::release).unwrap_err(),
        );
    }
}

#[cfg(loom)]
mod loom_checks {
    use workbook::sync::{Arc, AtomicUsize, BoundedSemaphore, Condvar, Mutex, Ordering::SeqCst, thread};

    /// Three threads (this one and two more) each run `through` once.
    fn three(through: impl Fn() + Send + Sync + 'static) {
        let through = Arc::new(through);
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let through = Arc::clone(&through);
                #[allow(clippy::redundant_closure)] // the closure owns the Arc it calls through
                thread::spawn(move || through())
            })
            .collect();
        through();
        for h in handles {
            h.join().unwrap();
        }
    }

    #[test]
    fn the_bounded_semaphore_never_lets_two_in() {
        loom::model(|| {
            let s = Arc::new(BoundedSemaphore::new(1));
            let inside = Arc::new(AtomicUsize::new(0));
            three(move || {
                let _permit = s.acquire();
                assert_eq!(inside.fetch_add(1, SeqCst), 0, "two threads inside");
                inside.fetch_sub(1, SeqCst);
            });
        });
    }

    #[test]
    fn a_release_always_wakes_a_sleeper() {
        // A lost wake-up would leave the waiter asleep: loom reports it as
        // a deadlock.
        loom::model(|| {
            let s = Arc::new(workbook::sync::Semaphore::new(0));
            let waiter = {
                let s = Arc::clone(&s);
                thread::spawn(move || s.acquire().forget())
            };
            s.release();
            waiter.join().unwrap();
            assert_eq!(s.available(), 0);
        });
    }

    // ANCHOR: loom-if
    /// A semaphore of 1 whose `acquire` waits with `if` instead of `while`.
    struct IfSemaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl IfSemaphore {
        fn acquire(&self) {
            let mut permits = self.permits.lock();
            if *permits == 0 {
                self.freed.wait(&mut permits); // woken, but is there a permit?
            }
            assert!(*permits > 0, "took a permit that was not there");
            *permits -= 1;
        }

        fn release(&self) {
            *self.permits.lock() += 1;
            self.freed.notify_one();
        }
    }

    #[test]
    #[should_panic(expected = "took a permit that was not there")]
    fn if_instead_of_while_is_caught() {
        loom::model(|| {
            let s = Arc::new(IfSemaphore { permits: Mutex::new(1), freed: Condvar::new() });
            three(move || {
                s.acquire();
                s.release();
            });
        });
    }
    // ANCHOR_END: loom-if
}
