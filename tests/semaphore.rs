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
mod exercises {
    use workbook::exercises::semaphore as check;
    use workbook::sync::{Condvar, Mutex, OverRelease};

    use super::common::{golden, rejects};
    use super::solution;

    /// A semaphore with one mistake, picked by `MISTAKE`.
    pub struct Wrong<const MISTAKE: u8> {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    const IF_NOT_WHILE: u8 = 0;
    const NO_NOTIFY: u8 = 1;
    const NO_WAIT: u8 = 2;

    impl<const MISTAKE: u8> Wrong<MISTAKE> {
        fn new(n: usize) -> Self {
            Wrong { permits: Mutex::new(n), freed: Condvar::new() }
        }

        fn acquire(&self) {
            let mut p = self.permits.lock();
            match MISTAKE {
                IF_NOT_WHILE => {
                    if *p == 0 {
                        self.freed.wait(&mut p);
                    }
                }
                NO_WAIT => {}
                _ => {
                    while *p == 0 {
                        self.freed.wait(&mut p);
                    }
                }
            }
            *p = p.wrapping_sub(1);
        }

        fn release(&self) {
            let mut p = self.permits.lock();
            *p = p.wrapping_add(1);
            if MISTAKE != NO_NOTIFY {
                self.freed.notify_one();
            }
        }

        fn release_unbounded(&self) -> Result<(), OverRelease> {
            self.release();
            Ok(())
        }
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        use solution::{Bounded, Semaphore};
        check::semaphore(Semaphore::new, Semaphore::acquire, Semaphore::release).unwrap();
        check::bounded(Bounded::new, Bounded::acquire, Bounded::release).unwrap();
    }

    #[test]
    fn the_semaphore_check_rejects_wrong_answers() {
        assert!(rejects(|| check::semaphore(Wrong::<IF_NOT_WHILE>::new, Wrong::acquire, Wrong::release)));
        assert!(rejects(|| check::semaphore(Wrong::<NO_NOTIFY>::new, Wrong::acquire, Wrong::release)));
        assert!(rejects(|| check::semaphore(Wrong::<NO_WAIT>::new, Wrong::acquire, Wrong::release)));
    }

    #[test]
    fn the_bounded_check_rejects_wrong_answers() {
        let bounded = Wrong::<3>::new;
        assert!(rejects(move || check::bounded(bounded, Wrong::acquire, Wrong::release_unbounded)));
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure = check::semaphore(Wrong::<NO_NOTIFY>::new, Wrong::acquire, Wrong::release).unwrap_err();
        golden("semaphore-no-notify-failure.txt", &failure);
    }
}

/// `RUSTFLAGS="--cfg loom" cargo test --release --test semaphore`: loom
/// explores every interleaving of three threads through a semaphore of 1.
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
