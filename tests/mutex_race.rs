//! Lesson 03: the racy decrement loses updates under every kind of
//! schedule (exactly 99 of 100 under the script); the Mutex and fetch_sub
//! versions never lose one. Under `--cfg loom`, the model checker agrees.

#[cfg(not(loom))]
mod common;

#[cfg(not(loom))]
#[path = "../lessons/03-mutex-race/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use workbook::deadline::within;
    use workbook::lessons::mutex_race::{self, Version, racy_script, run, tally};
    use workbook::sched::Schedule;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    #[test]
    fn the_script_loses_99_of_100_updates_on_every_run() {
        within(LIMIT, "scripted runs", || {
            for _ in 0..5 {
                let outcome = run(Version::Racy, 100, Schedule::script(racy_script(100))).unwrap();
                assert_eq!(outcome.end, 99, "n ends at 99: 99 updates lost");
                assert_eq!(outcome.trace.marks(), 99, "each lost update is marked");
            }
        });
    }

    #[test]
    fn round_robin_is_the_worst_case_script() {
        within(LIMIT, "round-robin run", || {
            let outcome = run(Version::Racy, 10, Schedule::round_robin()).unwrap();
            assert_eq!(outcome.trace.steps(), racy_script(10));
            assert_eq!(outcome.lost(), 9);
        });
    }

    #[test]
    fn random_schedules_lose_updates_too() {
        within(LIMIT, "random runs", || {
            let t = tally(Version::Racy, 10, 10, |i| Schedule::random(i as u64)).unwrap();
            assert!(t.bad_runs > 0, "{t:?}");
        });
    }

    #[test]
    fn the_fixed_versions_never_lose_an_update() {
        within(LIMIT, "fixed versions", || {
            for version in Version::FIXED {
                assert_eq!(run(version, 100, Schedule::round_robin()).unwrap().end, 0, "{version:?}");
                let random = tally(version, 10, 20, |i| Schedule::random(i as u64)).unwrap();
                let free = tally(version, 100, 5, |_| Schedule::free()).unwrap();
                assert_eq!((random.bad_runs, free.bad_runs), (0, 0), "{version:?}");
            }
        });
    }

    #[test]
    fn free_runs_lose_between_none_and_all_but_one() {
        within(LIMIT, "free runs", || {
            let outcome = run(Version::Racy, 100, Schedule::free()).unwrap();
            assert!((0..=99).contains(&outcome.lost()), "{}", outcome.lost());
        });
    }

    #[test]
    fn the_racy_script_cannot_even_run_against_the_fixed_versions() {
        within(LIMIT, "impossible scripts", || {
            let mut text = String::new();
            for (version, at) in [(Version::Locked, "locks"), (Version::Atomic, "subtracts")] {
                let err = run(version, 2, Schedule::script(racy_script(2))).unwrap_err();
                assert_eq!(err.step, Some(1));
                assert!(err.message.contains(&format!("A is parked at \"{at}\", not at \"reads\"")), "{err}");
                text.push_str(&format!("{}: {err}\n", version.name()));
            }
            golden("mutex-race-impossible.txt", &text);
        });
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            let racy = run(Version::Racy, 3, Schedule::script(racy_script(3))).unwrap();
            golden("mutex-race-racy.txt", &racy.trace.timeline());
            let locked = run(Version::Locked, 3, Schedule::round_robin()).unwrap();
            golden("mutex-race-locked.txt", &locked.trace.timeline());
            let atomic = run(Version::Atomic, 3, Schedule::round_robin()).unwrap();
            golden("mutex-race-atomic.txt", &atomic.trace.timeline());
        });
    }

    const EXE: &str = env!("CARGO_BIN_EXE_mutex-race");

    #[test]
    fn the_binary_shows_both_verdicts_by_default() {
        let out = stdout_ok(EXE, &[]);
        assert!(out.contains("n = 99 in 10/10 runs: 99 of 100 updates lost every time"), "{out}");
        assert!(out.contains("✗ racy: loses updates"), "{out}");
        assert!(out.contains("✓ fixed: n = 0 in all"), "{out}");
    }

    #[test]
    fn the_binary_draws_the_lost_update() {
        let out = stdout_ok(EXE, &["--mode", "racy", "--trace", "--runs", "2"]);
        assert!(out.contains("| writes 2 |            ← update lost: undoes A's"), "{out}");
        assert!(!out.contains("fixed:"), "{out}");
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--threads", "0"]);
        refuses(EXE, &["--mode", "sideways"]);
        refuses(EXE, &["--no-such-flag"]);
    }

    #[test]
    fn marks_follow_the_values_not_the_order() {
        let outcome =
            run(Version::Racy, 2, Schedule::script(["A reads", "A writes", "B reads", "B writes"])).unwrap();
        assert_eq!((outcome.lost(), outcome.trace.marks()), (0, 0));
        let _ = mutex_race::Tally::default();
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/mutex_race.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::mutex_race as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "mutex-race",
            &[
                ("decrement", || check::decrement(solution::decrement)),
                ("withdraw", || check::withdraw(solution::withdraw)),
            ],
        );
    }

    #[test]
    fn wrong_decrements_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_decrement_todo_removed",
                || check::decrement(wrong_decrement_todo_removed::decrement),
                "update(s) lost",
            ),
            ("wrong_decrement_swap", || check::decrement(wrong_decrement_swap::decrement), "update(s) lost"),
            (
                "wrong_decrement_cas_once",
                || check::decrement(wrong_decrement_cas_once::decrement),
                "update(s) lost",
            ),
            (
                "wrong_decrement_cas_fallback_store",
                || check::decrement(wrong_decrement_cas_fallback_store::decrement),
                "update(s) lost",
            ),
            (
                "wrong_decrement_cas_loop_stale",
                || check::decrement(wrong_decrement_cas_loop_stale::decrement),
                "A spins",
            ),
            (
                "wrong_decrement_fetch_sub_then_store",
                || check::decrement(wrong_decrement_fetch_sub_then_store::decrement),
                "update(s) lost",
            ),
            (
                "wrong_decrement_local_mutex",
                || check::decrement(wrong_decrement_local_mutex::decrement),
                "update(s) lost",
            ),
            (
                "wrong_decrement_std_mutex",
                || check::decrement(wrong_decrement_std_mutex::decrement),
                "std::sync::Mutex",
            ),
            (
                "wrong_decrement_flag_check_then_set",
                || check::decrement(wrong_decrement_flag_check_then_set::decrement),
                "spins",
            ),
            (
                "wrong_decrement_spinlock_swap",
                || check::decrement(wrong_decrement_spinlock_swap::decrement),
                "spins",
            ),
            (
                "wrong_decrement_swap_retry",
                || check::decrement(wrong_decrement_swap_retry::decrement),
                "update(s) lost",
            ),
            (
                "wrong_decrement_floor_at_zero",
                || check::decrement(wrong_decrement_floor_at_zero::decrement),
                "took n = 0 to 0",
            ),
            (
                "wrong_decrement_undo_below_zero",
                || check::decrement(wrong_decrement_undo_below_zero::decrement),
                "took n = 0 to 0",
            ),
        ]);
    }

    #[test]
    fn right_decrements_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_decrement_cas_loop", || check::decrement(right_decrement_cas_loop::decrement)),
            ("right_decrement_cas_weak_reload", || {
                check::decrement(right_decrement_cas_weak_reload::decrement)
            }),
            ("right_decrement_fetch_add_negative", || {
                check::decrement(right_decrement_fetch_add_negative::decrement)
            }),
            ("right_decrement_fetch_sub_relaxed", || {
                check::decrement(right_decrement_fetch_sub_relaxed::decrement)
            }),
            ("right_decrement_static_lock", || check::decrement(right_decrement_static_lock::decrement)),
        ]);
    }

    #[test]
    fn wrong_withdrawals_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_withdraw_todo_removed",
                || check::withdraw(wrong_withdraw_todo_removed::withdraw),
                "below zero",
            ),
            (
                "wrong_withdraw_strict_greater",
                || check::withdraw(wrong_withdraw_strict_greater::withdraw),
                "withdrawing 80 from 80 returned false",
            ),
            (
                "wrong_withdraw_copy_write_back",
                || check::withdraw(wrong_withdraw_copy_write_back::withdraw),
                "2 succeeded, paying out 160",
            ),
            (
                "wrong_withdraw_subtract_then_restore",
                || check::withdraw(wrong_withdraw_subtract_then_restore::withdraw),
                "below zero",
            ),
            (
                "wrong_withdraw_lock_twice",
                || check::withdraw(wrong_withdraw_lock_twice::withdraw),
                "locks a mutex it already holds",
            ),
            (
                "wrong_withdraw_try_lock_refuses",
                || check::withdraw(wrong_withdraw_try_lock_refuses::withdraw),
                "1 succeeded, paying out 50",
            ),
            (
                "wrong_withdraw_try_lock_spin",
                || check::withdraw(wrong_withdraw_try_lock_spin::withdraw),
                "B spins",
            ),
            (
                "wrong_withdraw_std_mutex",
                || check::withdraw(wrong_withdraw_std_mutex::withdraw),
                "std::sync::Mutex",
            ),
            (
                "wrong_withdraw_timed_lock_refuses",
                || check::withdraw(wrong_withdraw_timed_lock_refuses::withdraw),
                "1 succeeded, paying out 50",
            ),
            (
                "wrong_withdraw_always_true",
                || check::withdraw(wrong_withdraw_always_true::withdraw),
                "withdrawing 80 from 50 returned true",
            ),
            (
                "wrong_withdraw_returns_not_negative",
                || check::withdraw(wrong_withdraw_returns_not_negative::withdraw),
                "withdrawing 80 from 50 returned true",
            ),
            (
                "wrong_withdraw_refuses_zero",
                || check::withdraw(wrong_withdraw_refuses_zero::withdraw),
                "withdrawing 0 from 100 returned false",
            ),
        ]);
    }

    #[test]
    fn right_withdrawals_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_withdraw_early_return", || check::withdraw(right_withdraw_early_return::withdraw)),
            ("right_withdraw_subtract_restore_one_lock", || {
                check::withdraw(right_withdraw_subtract_restore_one_lock::withdraw)
            }),
            ("right_withdraw_checked_sub", || check::withdraw(right_withdraw_checked_sub::withdraw)),
            ("right_withdraw_local_copy_under_guard", || {
                check::withdraw(right_withdraw_local_copy_under_guard::withdraw)
            }),
            ("right_withdraw_try_then_lock", || check::withdraw(right_withdraw_try_then_lock::withdraw)),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        golden(
            "mutex-race-decrement-failure.txt",
            &check::decrement(answers::wrong_decrement_todo_removed::decrement).unwrap_err(),
        );
        golden(
            "mutex-race-withdraw-failure.txt",
            &check::withdraw(answers::wrong_withdraw_todo_removed::withdraw).unwrap_err(),
        );
    }
}

/// `RUSTFLAGS="--cfg loom" cargo test --release --test mutex_race`: loom
/// explores every interleaving of two threads decrementing once each.
#[cfg(loom)]
mod loom_checks {
    use workbook::lessons::mutex_race::{decrement_atomic, decrement_locked, decrement_racy};
    use workbook::sync::{Arc, AtomicI64, Mutex, Ordering::SeqCst, thread};

    // ANCHOR: loom
    /// Runs `decrement` once on each of two threads against `shared`.
    fn on_two_threads<T: Send + Sync + 'static>(shared: T, decrement: fn(&T)) -> Arc<T> {
        let shared = Arc::new(shared);
        let other = Arc::clone(&shared);
        let t = thread::spawn(move || decrement(&other));
        decrement(&shared);
        t.join().unwrap();
        shared
    }

    #[test]
    #[should_panic(expected = "an update was lost")]
    fn the_racy_decrement_loses_an_update() {
        loom::model(|| {
            let n = on_two_threads(AtomicI64::new(2), decrement_racy);
            assert_eq!(n.load(SeqCst), 0, "an update was lost");
        });
    }
    // ANCHOR_END: loom

    #[test]
    fn the_locked_decrement_never_does() {
        loom::model(|| assert_eq!(*on_two_threads(Mutex::new(2), decrement_locked).lock(), 0));
    }

    #[test]
    fn the_atomic_decrement_never_does() {
        loom::model(|| assert_eq!(on_two_threads(AtomicI64::new(2), decrement_atomic).load(SeqCst), 0));
    }
}
