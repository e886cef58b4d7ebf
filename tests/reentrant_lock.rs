//! Lesson 04: the plain mutex's second lock is caught as a would-be
//! deadlock under every schedule (and, taken with `lock()`, reported by the
//! scheduler); the reentrant lock and the passed guard complete every run.
//! Under `--cfg loom`, the exercise's reentrant lock is model-checked.

#[cfg(not(loom))]
mod common;

// Under loom only the reentrant lock is model-checked.
#[cfg_attr(loom, allow(dead_code))]
#[path = "../lessons/04-reentrant-lock/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use workbook::deadline::within;
    use workbook::lessons::reentrant_lock::{Counts, Version, run, tally};
    use workbook::sched::Schedule;
    use workbook::sync::Mutex;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    #[test]
    fn the_plain_mutex_would_deadlock_in_every_thread_under_every_schedule() {
        within(LIMIT, "plain runs", || {
            let outcome = run(Version::Plain, 10, Schedule::round_robin()).unwrap();
            assert_eq!((outcome.would_deadlock, outcome.counts), (10, Counts::default()));
            assert_eq!(outcome.trace.marks(), 10);
            for kind in [
                tally(Version::Plain, 5, 10, |i| Schedule::random(i as u64)),
                tally(Version::Plain, 5, 2, |_| Schedule::free()),
            ] {
                let t = kind.unwrap();
                assert_eq!((t.would_deadlock, t.complete), (t.threads, 0), "{t:?}");
            }
        });
    }

    #[test]
    fn the_fixed_versions_complete_every_run() {
        within(LIMIT, "fixed runs", || {
            for version in Version::FIXED {
                let outcome = run(version, 10, Schedule::round_robin()).unwrap();
                assert!(outcome.complete(), "{version:?}: {:?}", outcome.counts);
                let random = tally(version, 5, 20, |i| Schedule::random(i as u64)).unwrap();
                let free = tally(version, 10, 5, |_| Schedule::free()).unwrap();
                assert_eq!((random.complete, free.complete), (20, 5), "{version:?}");
            }
        });
    }

    #[test]
    fn locking_twice_with_lock_is_a_deadlock_the_scheduler_reports() {
        within(LIMIT, "lock twice", || {
            // ANCHOR: lock-twice
            let lock = Mutex::new(Counts::default());
            let schedule = Schedule::round_robin();
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                schedule.run_threads(1, |_| {
                    let _held = lock.lock();
                    let mut again = lock.lock(); // waits for itself: never returns
                    again.num += 1;
                })
            }));
            assert!(ran.is_err(), "the thread is unwound instead of hanging");
            let err = schedule.finish().unwrap_err();
            // ANCHOR_END: lock-twice
            assert!(err.message.contains("A locks a mutex it already holds"), "{err}");
            golden("reentrant-lock-twice.txt", &format!("{err}\n{}", err.trace.timeline()));
        });
    }

    #[test]
    fn a_reentrant_lock_still_excludes_other_threads() {
        within(LIMIT, "exclusion", || {
            let outcome = run(Version::Reentrant, 3, Schedule::round_robin()).unwrap();
            let steps = outcome.trace.steps();
            // B and C wait until A has let go of its last guard.
            let a_done = steps.iter().rposition(|s| s == "A unlocks").unwrap();
            let b_in = steps.iter().position(|s| s == "B run1").unwrap();
            assert!(a_done < b_in, "{}", outcome.trace.timeline());
        });
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            golden(
                "reentrant-lock-plain.txt",
                &run(Version::Plain, 2, Schedule::round_robin()).unwrap().trace.timeline(),
            );
            golden(
                "reentrant-lock-reentrant.txt",
                &run(Version::Reentrant, 2, Schedule::round_robin()).unwrap().trace.timeline(),
            );
        });
    }

    const EXE: &str = env!("CARGO_BIN_EXE_reentrant-lock");

    #[test]
    fn the_binary_shows_both_verdicts_by_default() {
        let out = stdout_ok(EXE, &["--runs", "2"]);
        assert!(out.contains("20 of 20 threads would deadlock (detected, not hung)"), "{out}");
        assert!(out.contains("✗ wrong: 60 of 60 threads would have waited for themselves"), "{out}");
        assert!(out.contains("✓ fixed: (num, num2) = (10, 10) in all 12 runs"), "{out}");
    }

    #[test]
    fn the_binary_draws_the_self_wait() {
        let out = stdout_ok(EXE, &["--mode", "racy", "--trace", "--runs", "1"]);
        assert!(out.contains("tries busy: itself |                      ← would deadlock"), "{out}");
        assert!(!out.contains("fixed:"), "{out}");
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--threads", "0"]);
        refuses(EXE, &["--mode", "sideways"]);
        refuses(EXE, &["--runs", "0"]);
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/reentrant_lock.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::reentrant_lock as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "reentrant-lock",
            &[
                ("reentrant", || check::reentrant::<solution::ReentrantLock>(|l| Box::new(l.lock()))),
                ("pass-the-guard", || check::pass_the_guard(solution::transfer)),
            ],
        );
    }

    #[test]
    fn wrong_reentrant_locks_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_reentrant_todo_removed",
                || check::reentrant::<wrong_reentrant_todo_removed::ReentrantLock>(|l| Box::new(l.lock())),
                "deadlock: A waits on a condition variable for a notify",
            ),
            (
                "wrong_reentrant_if_not_while",
                || check::reentrant::<wrong_reentrant_if_not_while::ReentrantLock>(|l| Box::new(l.lock())),
                "both were inside at once",
            ),
            (
                "wrong_reentrant_frees_on_every_drop",
                || {
                    check::reentrant::<wrong_reentrant_frees_on_every_drop::ReentrantLock>(|l| {
                        Box::new(l.lock())
                    })
                },
                "both were inside at once",
            ),
            (
                "wrong_reentrant_reentry_resets_count",
                || {
                    check::reentrant::<wrong_reentrant_reentry_resets_count::ReentrantLock>(|l| {
                        Box::new(l.lock())
                    })
                },
                "attempt to subtract with overflow",
            ),
            (
                "wrong_reentrant_no_notify",
                || check::reentrant::<wrong_reentrant_no_notify::ReentrantLock>(|l| Box::new(l.lock())),
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_reentrant_unlock_ge_one",
                || check::reentrant::<wrong_reentrant_unlock_ge_one::ReentrantLock>(|l| Box::new(l.lock())),
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_reentrant_unlock_le_one",
                || check::reentrant::<wrong_reentrant_unlock_le_one::ReentrantLock>(|l| Box::new(l.lock())),
                "attempt to subtract with overflow",
            ),
            (
                "wrong_reentrant_any_holder_reenters",
                || {
                    check::reentrant::<wrong_reentrant_any_holder_reenters::ReentrantLock>(|l| {
                        Box::new(l.lock())
                    })
                },
                "both were inside at once",
            ),
            (
                "wrong_reentrant_notify_before_clear",
                || {
                    check::reentrant::<wrong_reentrant_notify_before_clear::ReentrantLock>(|l| {
                        Box::new(l.lock())
                    })
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_reentrant_spin",
                || check::reentrant::<wrong_reentrant_spin::ReentrantLock>(|l| Box::new(l.lock())),
                "B spins",
            ),
            (
                "wrong_reentrant_timeout_means_free",
                || {
                    check::reentrant::<wrong_reentrant_timeout_means_free::ReentrantLock>(|l| {
                        Box::new(l.lock())
                    })
                },
                "both were inside at once",
            ),
            (
                "wrong_reentrant_std_types",
                || check::reentrant::<wrong_reentrant_std_types::ReentrantLock>(|l| Box::new(l.lock())),
                "std::sync::Mutex",
            ),
        ]);
    }

    #[test]
    fn right_reentrant_locks_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_reentrant_one_path", || {
                check::reentrant::<right_reentrant_one_path::ReentrantLock>(|l| Box::new(l.lock()))
            }),
            ("right_reentrant_notify_all", || {
                check::reentrant::<right_reentrant_notify_all::ReentrantLock>(|l| Box::new(l.lock()))
            }),
            ("right_reentrant_notify_first_under_lock", || {
                check::reentrant::<right_reentrant_notify_first_under_lock::ReentrantLock>(|l| {
                    Box::new(l.lock())
                })
            }),
            ("right_reentrant_notify_every_drop", || {
                check::reentrant::<right_reentrant_notify_every_drop::ReentrantLock>(|l| Box::new(l.lock()))
            }),
            ("right_reentrant_match_shape", || {
                check::reentrant::<right_reentrant_match_shape::ReentrantLock>(|l| Box::new(l.lock()))
            }),
        ]);
    }

    #[test]
    fn wrong_transfers_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_pass_todo_removed",
                || check::pass_the_guard(wrong_pass_todo_removed::transfer),
                "money was in neither account",
            ),
            (
                "wrong_pass_lock_twice",
                || check::pass_the_guard(wrong_pass_lock_twice::transfer),
                "locks a mutex it already holds",
            ),
            (
                "wrong_pass_temp_guard_per_call",
                || check::pass_the_guard(wrong_pass_temp_guard_per_call::transfer),
                "held 60 instead of 100",
            ),
            (
                "wrong_pass_deposit_first_two_locks",
                || check::pass_the_guard(wrong_pass_deposit_first_two_locks::transfer),
                "held 140 instead of 100",
            ),
            (
                "wrong_pass_off_by_one",
                || check::pass_the_guard(wrong_pass_off_by_one::transfer),
                "transferring 50 from account 0 to account 1 of [50, 0] returned false",
            ),
            (
                "wrong_pass_deposit_before_check",
                || check::pass_the_guard(wrong_pass_deposit_before_check::transfer),
                "left [50, 80]",
            ),
            (
                "wrong_pass_copies_values_from_eq_to",
                || check::pass_the_guard(wrong_pass_copies_values_from_eq_to::transfer),
                "to account 0 of [50, 0] returned true and left [80, 0]",
            ),
            (
                "wrong_pass_try_lock_refuses",
                || check::pass_the_guard(wrong_pass_try_lock_refuses::transfer),
                "1 transfer(s) succeeded",
            ),
            (
                "wrong_pass_try_lock_spin",
                || check::pass_the_guard(wrong_pass_try_lock_spin::transfer),
                "B spins",
            ),
            (
                "wrong_pass_timed_lock_refuses",
                || check::pass_the_guard(wrong_pass_timed_lock_refuses::transfer),
                "1 transfer(s) succeeded",
            ),
            (
                "wrong_pass_separate_global_lock",
                || check::pass_the_guard(wrong_pass_separate_global_lock::transfer),
                "held 60 instead of 100",
            ),
            (
                "wrong_pass_copy_out_write_back",
                || check::pass_the_guard(wrong_pass_copy_out_write_back::transfer),
                "ended as [20, 80]",
            ),
            (
                "wrong_pass_saturating",
                || check::pass_the_guard(wrong_pass_saturating::transfer),
                "returned true and left [0, 80]",
            ),
        ]);
    }

    #[test]
    fn right_transfers_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_pass_slice_helpers", || check::pass_the_guard(right_pass_slice_helpers::transfer)),
            ("right_pass_inline_no_helpers", || {
                check::pass_the_guard(right_pass_inline_no_helpers::transfer)
            }),
            ("right_pass_deposit_then_withdraw_one_lock", || {
                check::pass_the_guard(right_pass_deposit_then_withdraw_one_lock::transfer)
            }),
            ("right_pass_helpers_take_guard", || {
                check::pass_the_guard(right_pass_helpers_take_guard::transfer)
            }),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure = check::reentrant::<answers::wrong_reentrant_frees_on_every_drop::ReentrantLock>(|l| {
            Box::new(l.lock())
        })
        .unwrap_err();
        golden("reentrant-lock-reentrant-failure.txt", &failure);
    }
}

/// `RUSTFLAGS="--cfg loom" cargo test --release --test reentrant_lock`:
/// loom explores every interleaving of the exercise's reentrant lock.
#[cfg(loom)]
mod loom_checks {
    use workbook::sync::{Arc, AtomicUsize, Ordering::SeqCst, thread};

    use super::solution::ReentrantLock;

    /// Two threads take the lock, then again inside; `inside` counts the
    /// threads between the outer lock and its release.
    fn two_nested(lock: Arc<ReentrantLock>, inside: Arc<AtomicUsize>) {
        let go = move || {
            let _outer = lock.lock();
            assert_eq!(inside.fetch_add(1, SeqCst), 0, "two threads inside");
            drop(lock.lock());
            assert_eq!(inside.fetch_sub(1, SeqCst), 1, "two threads inside");
        };
        let other = go.clone();
        let t = thread::spawn(other);
        go();
        t.join().unwrap();
    }

    #[test]
    fn the_solution_excludes_and_lets_the_holder_in_again() {
        loom::model(|| two_nested(Arc::new(ReentrantLock::default()), Arc::new(AtomicUsize::new(0))));
    }
}
