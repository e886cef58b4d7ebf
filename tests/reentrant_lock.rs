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
mod exercises {
    use workbook::exercises::reentrant_lock as check;
    use workbook::sync::Mutex;

    use super::common::{golden, rejects};
    use super::solution;

    /// Plausible wrong answers; every check must reject each of them.
    mod wrong {
        use workbook::sync::thread::{self, ThreadId};
        use workbook::sync::{Condvar, Mutex};

        /// A reentrant lock with a mistake chosen by `Mistake`.
        #[derive(Default)]
        pub struct Lock<const MISTAKE: u8> {
            state: Mutex<(Option<ThreadId>, usize)>,
            released: Condvar,
        }

        /// Frees the lock on every unlock, ignoring the count.
        pub const FREE_ON_ANY_UNLOCK: u8 = 0;
        /// A plain lock: the holder waits for itself (the exercise as shipped).
        pub const PLAIN: u8 = 1;
        /// Frees the lock but never notifies the waiters.
        pub const NO_NOTIFY: u8 = 2;

        impl<const MISTAKE: u8> Lock<MISTAKE> {
            pub fn with(&self, f: &mut dyn FnMut()) {
                let me = thread::current().id();
                {
                    let mut s = self.state.lock();
                    if s.0 == Some(me) && MISTAKE != PLAIN {
                        s.1 += 1;
                    } else {
                        while s.0.is_some() {
                            self.released.wait(&mut s);
                        }
                        *s = (Some(me), 1);
                    }
                }
                f();
                let mut s = self.state.lock();
                s.1 = s.1.saturating_sub(1);
                if s.1 == 0 || MISTAKE == FREE_ON_ANY_UNLOCK {
                    s.0 = None;
                    if MISTAKE != NO_NOTIFY {
                        self.released.notify_one();
                    }
                }
            }
        }

        /// The exercise as shipped, minus its `todo!()`.
        pub fn transfer_as_shipped(bank: &Mutex<Vec<u64>>, from: usize, to: usize, amount: u64) -> bool {
            {
                let mut accounts = bank.lock();
                if accounts[from] < amount {
                    return false;
                }
                accounts[from] -= amount;
            }
            bank.lock()[to] += amount;
            true
        }

        /// Locks in `transfer` and again in the helpers: a deadlock.
        pub fn transfer_locking_twice(bank: &Mutex<Vec<u64>>, from: usize, to: usize, amount: u64) -> bool {
            let accounts = bank.lock();
            if accounts[from] < amount {
                return false;
            }
            bank.lock()[from] -= amount;
            bank.lock()[to] += amount;
            true
        }
    }

    fn with_solution(lock: &solution::ReentrantLock, f: &mut dyn FnMut()) {
        let _guard = lock.lock();
        f();
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        check::reentrant::<solution::ReentrantLock>(with_solution).unwrap();
        check::pass_the_guard(solution::transfer).unwrap();
    }

    #[test]
    fn the_reentrant_check_rejects_wrong_answers() {
        use wrong::*;
        assert!(rejects(|| check::reentrant::<Lock<FREE_ON_ANY_UNLOCK>>(Lock::with)));
        assert!(rejects(|| check::reentrant::<Lock<PLAIN>>(Lock::with)));
        assert!(rejects(|| check::reentrant::<Lock<NO_NOTIFY>>(Lock::with)));
    }

    #[test]
    fn the_pass_the_guard_check_rejects_wrong_answers() {
        assert!(rejects(|| check::pass_the_guard(wrong::transfer_as_shipped)));
        assert!(rejects(|| check::pass_the_guard(wrong::transfer_locking_twice)));
        let _ = Mutex::new(0);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure =
            check::reentrant::<wrong::Lock<{ wrong::FREE_ON_ANY_UNLOCK }>>(wrong::Lock::with).unwrap_err();
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
