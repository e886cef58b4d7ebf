//! The scheduler forces interleavings, reports scripts it cannot follow, and
//! never hangs.
#![cfg(not(loom))]

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{LIMIT, golden};
use workbook::deadline::within;
use workbook::sched::{self, Schedule};
use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

mod common;

// ANCHOR: racy
/// `n -= 1` as a read and a write: the race of lesson 03.
fn racy_decrement(n: &AtomicI64) {
    let v = n.load(SeqCst); // a point named "reads"
    n.store(v - 1, SeqCst); // a point named "writes"
}

type Run = (i64, Result<workbook::trace::Trace, sched::ScheduleError>);

/// Starts `n = threads`; each thread decrements once under `schedule`.
fn run_racy(threads: usize, schedule: Schedule) -> Run {
    let n = AtomicI64::new(threads as i64);
    schedule.run_threads(threads, |_| racy_decrement(&n)); // threads A, B, …
    let result = schedule.finish(); // the trace, or why the script could not run
    (n.load(SeqCst), result)
}
// ANCHOR_END: racy

#[test]
fn a_script_forces_the_lost_update_on_every_run() {
    within(LIMIT, "scripted runs", || {
        // ANCHOR: script
        for _ in 0..50 {
            let (n, trace) = run_racy(2, Schedule::script(["A reads", "B reads", "A writes", "B writes"]));
            let trace = trace.expect("the script runs");
            assert_eq!(n, 1, "one of the two decrements is lost");
            assert_eq!(trace.steps(), ["A reads", "B reads", "A writes", "B writes"]);
        }
        // ANCHOR_END: script
    });
}

#[test]
fn a_script_that_keeps_updates_apart_loses_nothing() {
    within(LIMIT, "scripted run", || {
        let (n, trace) = run_racy(2, Schedule::script(["A reads", "A writes", "B reads", "B writes"]));
        trace.expect("the script runs");
        assert_eq!(n, 0);
    });
}

#[test]
fn round_robin_lets_everyone_read_before_anyone_writes() {
    within(LIMIT, "round-robin run", || {
        let (n, trace) = run_racy(5, Schedule::round_robin());
        let steps = trace.expect("round-robin runs").steps();
        assert_eq!(n, 4, "four of five updates lost");
        assert!(steps[..5].iter().all(|s| s.ends_with("reads")), "{steps:?}");
        assert!(steps[5..].iter().all(|s| s.ends_with("writes")), "{steps:?}");
    });
}

#[test]
fn a_seed_gives_the_same_run_every_time_and_seeds_differ() {
    within(LIMIT, "random runs", || {
        let run = |seed| run_racy(4, Schedule::random(seed)).1.expect("runs").steps();
        assert_eq!(run(7), run(7));
        let distinct: std::collections::HashSet<_> = (0..20).map(run).collect();
        assert!(distinct.len() > 5, "only {} distinct runs from 20 seeds", distinct.len());
    });
}

#[test]
fn many_threads_are_named_for_scripts() {
    assert_eq!(sched::names(3), ["A", "B", "C"]);
    assert_eq!(sched::names(100)[7], "T07");
}

#[test]
fn a_script_can_force_the_start_and_leave_the_rest_to_round_robin() {
    within(LIMIT, "a script, then round-robin", || {
        let schedule = Schedule::script(["A reads", "B reads"]).then_round_robin();
        assert_eq!(schedule.describe(), "scripted, then round-robin");
        let (n, trace) = run_racy(3, schedule);
        let steps = trace.expect("the script, then round-robin, runs").steps();
        // Round-robin goes on from B: C, then A, B, C again.
        assert_eq!(steps, ["A reads", "B reads", "C reads", "A writes", "B writes", "C writes"]);
        assert_eq!(n, 2);
    });
}

#[test]
#[should_panic(expected = "only a script can go on with round-robin")]
fn only_a_script_goes_on_with_round_robin() {
    let _ = Schedule::round_robin().then_round_robin();
}

fn error_of(threads: usize, schedule: Schedule) -> sched::ScheduleError {
    run_racy(threads, schedule).1.expect_err("the script cannot run")
}

#[test]
fn a_misspelt_step_names_the_step_at_once() {
    within(LIMIT, "a script with a typo", || {
        let start = Instant::now();
        let err = error_of(2, Schedule::script(["A reads", "B raeds", "A writes", "B writes"]));
        golden("sched-typo.txt", &format!("{err}\n"));
        assert_eq!(err.step, Some(2));
        assert!(err.message.contains("step 2 of 4 (\"B raeds\")"), "{err}");
        assert!(err.message.contains("B is parked at \"reads\""), "{err}");
        assert!(start.elapsed() < Duration::from_secs(5), "detected without waiting for the deadline");
    });
}

#[test]
fn an_unknown_thread_is_reported() {
    within(LIMIT, "a script naming a stranger", || {
        let err = error_of(2, Schedule::script(["A reads", "C reads"]));
        assert!(err.message.contains("no thread is named C (the threads are A, B)"), "{err}");
    });
}

#[test]
fn leftover_and_missing_steps_are_reported() {
    within(LIMIT, "scripts of the wrong length", || {
        let err = error_of(1, Schedule::script(["A reads", "A writes", "A reads"]));
        assert!(
            err.message.contains("step 3 of 3 (\"A reads\") cannot run: A has already finished"),
            "{err}"
        );
        let err = error_of(2, Schedule::script(["A reads", "A writes", "B reads"]));
        assert!(err.message.contains("the script has ended, but B is parked at \"writes\""), "{err}");
    });
}

fn locked_decrement(n: &Mutex<i64>) {
    let mut guard = n.lock();
    let v = *guard;
    sched::step("pauses");
    *guard = v - 1;
}

#[test]
fn the_racy_script_is_impossible_once_a_mutex_guards_the_update() {
    within(LIMIT, "racy script against a mutex", || {
        let n = Mutex::new(2);
        // "B locks" is an attempt: B finds the lock held and waits. Asking B
        // to go on to its pause while A still holds the lock is impossible.
        let schedule = Schedule::script(["A locks", "B locks", "B pauses"]);
        schedule.run_threads(2, |_| locked_decrement(&n));
        let err = schedule.finish().expect_err("B cannot get in while A holds the lock");
        assert_eq!(err.step, Some(3));
        assert!(err.message.contains("B is blocked on a lock held by A"), "{err}");
        assert_eq!(n.into_inner(), 0, "after the failure everyone runs free and finishes");
    });
}

#[test]
fn round_robin_serialises_a_mutex_and_traces_the_wait() {
    within(LIMIT, "round-robin against a mutex", || {
        let n = Mutex::new(3);
        let schedule = Schedule::round_robin();
        schedule.run_threads(3, |_| locked_decrement(&n));
        let trace = schedule.finish().expect("runs");
        assert_eq!(n.into_inner(), 0);
        let steps = trace.steps();
        assert_eq!(&steps[..4], ["A locks", "B waits", "C waits", "A pauses"], "{steps:?}");
    });
}

#[test]
fn locking_twice_on_one_thread_is_a_reported_deadlock() {
    within(LIMIT, "self-deadlock", || {
        let m = Mutex::new(0);
        let schedule = Schedule::round_robin();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            schedule.run_threads(1, |_| {
                let _outer = m.lock();
                let _inner = m.lock();
            })
        }));
        assert!(outcome.is_err(), "the thread is unwound instead of hanging");
        let err = schedule.finish().expect_err("deadlock");
        assert!(err.message.contains("A locks a mutex it already holds"), "{err}");
    });
}

#[test]
fn lock_order_inversion_is_a_reported_deadlock() {
    within(LIMIT, "ABBA deadlock", || {
        let (x, y) = (Mutex::new(()), Mutex::new(()));
        let schedule = Schedule::round_robin().with_deadline(Duration::from_millis(200));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            schedule.run_threads(2, |i| {
                let (first, second) = if i == 0 { (&x, &y) } else { (&y, &x) };
                let _a = first.lock();
                let _b = second.lock();
            })
        }));
        assert!(outcome.is_err(), "both threads give up instead of hanging");
        let err = schedule.finish().expect_err("deadlock");
        assert!(err.message.contains("deadlock: A is blocked on a lock held by B"), "{err}");
        assert!(err.message.contains("B is blocked on a lock held by A"), "{err}");
    });
}

#[test]
fn a_wait_the_schedule_cannot_see_fails_at_the_deadline() {
    within(LIMIT, "invisible wait", || {
        // A std mutex is invisible to the schedule: B blocks on it while
        // holding the turn, and A waits at its point for a turn that never
        // comes. The deadline turns that into an error.
        let hidden = Arc::new(std::sync::Mutex::new(()));
        let schedule =
            Schedule::script(["A first", "B first", "A second"]).with_deadline(Duration::from_millis(300));
        schedule.run_threads(2, |i| {
            if i == 0 {
                sched::step("first");
                let _held = hidden.lock().unwrap();
                sched::step("second");
            } else {
                sched::step("first");
                drop(hidden.lock().unwrap());
            }
        });
        let err = schedule.finish().expect_err("stuck");
        assert!(err.message.contains("no progress"), "{err}");
    });
}

#[test]
fn an_actor_that_waits_outside_the_schedule_lets_the_others_run() {
    within(LIMIT, "joining inside a schedule", || {
        let schedule = Schedule::round_robin();
        let main = schedule.actor("main");
        let workers: Vec<_> = (0..3).map(|i| schedule.actor(format!("w{i}"))).collect();
        let n = AtomicI64::new(0);
        main.run(|| {
            sched::blocking(|| {
                std::thread::scope(|s| {
                    for w in workers {
                        s.spawn(|| w.run(|| n.fetch_add(1, SeqCst)));
                    }
                })
            });
            sched::step("returns");
        });
        let trace = schedule.finish().expect("runs");
        assert_eq!(trace.steps().last().map(String::as_str), Some("main returns"));
        assert_eq!(n.load(SeqCst), 3);
    });
}

#[test]
fn a_panicking_actor_does_not_hold_up_the_others() {
    within(LIMIT, "a panic inside a schedule", || {
        let n = AtomicI64::new(2);
        let schedule = Schedule::round_robin();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            schedule.run_threads(2, |i| {
                racy_decrement(&n);
                assert!(i != 0, "A gives up");
            })
        }));
        assert!(outcome.is_err(), "the panic reaches the caller");
        schedule.finish().expect("the others finished");
    });
}

#[test]
fn a_free_traced_run_records_every_operation() {
    within(LIMIT, "free traced run", || {
        let (n, trace) = run_racy(3, Schedule::free().traced());
        let trace = trace.expect("free runs always finish");
        assert_eq!(trace.events.len(), 6);
        assert!((0..=2).contains(&n));
    });
}

#[test]
fn outside_a_schedule_points_do_nothing() {
    let n = AtomicI64::new(1);
    racy_decrement(&n);
    sched::step("anything");
    assert_eq!(n.load(SeqCst), 0);
}

#[test]
fn expected_threads_are_waited_for_however_late_they_start() {
    within(LIMIT, "late starters", || {
        // `main` spawns two workers from outside the schedule, the second one
        // late. Expected up front, they still alternate under round-robin;
        // otherwise the first would run alone until the second turned up.
        let n = AtomicI64::new(0);
        let schedule = Schedule::round_robin().expect(["w0", "w1"]);
        let main = schedule.actor("main");
        main.run(|| {
            sched::blocking(|| {
                std::thread::scope(|s| {
                    for name in ["w0", "w1"] {
                        let started = Instant::now();
                        while started.elapsed() < Duration::from_millis(20) {
                            std::hint::spin_loop(); // a late start, not an ordering
                        }
                        schedule.spawn_scoped(s, name, || {
                            n.fetch_add(1, SeqCst);
                            n.fetch_add(1, SeqCst);
                        });
                    }
                })
            })
        });
        let steps = schedule.finish().expect("runs").steps();
        assert_eq!(steps, ["w0 adds", "w1 adds", "w0 adds", "w1 adds"]);
    });
}

mod condvar {
    //! Condition variables under a schedule: waiting releases the lock,
    //! a notify moves a sleeper to `wakes`, a notify with nobody asleep is
    //! recorded, and a timed wait runs out only when nobody else can move.

    use workbook::deadline::within;
    use workbook::sched::Schedule;
    use workbook::sync::{AtomicBool, Condvar, Mutex, Ordering::SeqCst};

    use super::common::{LIMIT, golden};

    /// A flag and a condvar, with a `set` that is right or wrong.
    struct Flag {
        set: AtomicBool,
        lock: Mutex<()>,
        cv: Condvar,
    }

    impl Flag {
        fn new() -> Self {
            Flag { set: AtomicBool::new(false), lock: Mutex::new(()), cv: Condvar::new() }
        }

        fn wait(&self) {
            let mut guard = self.lock.lock();
            while !self.set.load(SeqCst) {
                self.cv.wait(&mut guard);
            }
        }

        fn set_locked(&self) {
            let _guard = self.lock.lock();
            self.set.store(true, SeqCst);
            self.cv.notify_all();
        }

        /// Stores and notifies without the lock: the lost wake-up.
        fn set_unlocked(&self) {
            self.set.store(true, SeqCst);
            self.cv.notify_all();
        }
    }

    fn run(
        schedule: Schedule,
        set: fn(&Flag),
    ) -> Result<workbook::trace::Trace, workbook::sched::ScheduleError> {
        let flag = Flag::new();
        schedule.run_threads(2, |i| if i == 0 { flag.wait() } else { set(&flag) });
        schedule.finish()
    }

    #[test]
    fn a_waiter_is_woken_under_every_schedule() {
        within(LIMIT, "condvar runs", || {
            run(Schedule::round_robin(), Flag::set_locked).unwrap();
            for seed in 0..50 {
                run(Schedule::random(seed), Flag::set_locked).unwrap();
            }
        });
    }

    #[test]
    fn a_script_walks_a_wait_and_a_notify() {
        within(LIMIT, "scripted wait", || {
            // ANCHOR: wait-script
            let script = [
                "A locks",
                "A reads",
                "A waits", // A sleeps, releasing the lock
                "B locks",
                "B writes",
                "B notifies",
                "B unlocks", // B sets and wakes A
                "A wakes",
                "A reads",
                "A unlocks", // A takes the lock back, sees it set
            ];
            // ANCHOR_END: wait-script
            let trace = run(Schedule::script(script), Flag::set_locked).unwrap();
            assert_eq!(trace.steps(), script);
            golden("sched-condvar-wait.txt", &trace.timeline());
        });
    }

    #[test]
    fn setting_without_the_lock_loses_the_wake_up() {
        within(LIMIT, "lost wake-up", || {
            // A checks the flag (false); before A sleeps, B sets and notifies
            // nobody; then A sleeps for ever: a reported deadlock.
            let script = ["A locks", "A reads", "B writes", "B notifies", "A waits"];
            let err = run(Schedule::script(script), Flag::set_unlocked).unwrap_err();
            assert!(err.message.contains("deadlock: A waits on a condition variable for a notify"), "{err}");
            let timeline = err.trace.timeline();
            assert!(timeline.contains("notifies nobody waits"), "{timeline}");
            golden("sched-lost-wakeup.txt", &format!("{err}\n{timeline}"));
            // With the lock, the same interleaving cannot even be scripted:
            // B must take the lock before it writes, and A holds it until it
            // is asleep.
            let err = run(Schedule::script(script), Flag::set_locked).unwrap_err();
            assert!(err.message.contains("B is parked at \"locks\", not at \"writes\""), "{err}");
        });
    }

    #[test]
    fn round_robin_finds_the_lost_wake_up_too() {
        within(LIMIT, "lost wake-up, unscripted", || {
            let lost =
                (0..50).filter(|&seed| run(Schedule::random(seed), Flag::set_unlocked).is_err()).count();
            assert!(lost > 0, "some random schedule loses the wake-up");
        });
    }

    #[test]
    fn a_script_cannot_wake_a_thread_nobody_notified() {
        within(LIMIT, "unnotified wake", || {
            let script = ["A locks", "A reads", "A waits", "A wakes"];
            let err = run(Schedule::script(script), Flag::set_locked).unwrap_err();
            assert_eq!(err.step, Some(4));
            assert!(
                err.message.contains("A waits on a condition variable and nobody has notified it"),
                "{err}"
            );
        });
    }

    #[test]
    fn a_timed_wait_runs_out_only_when_nobody_else_can_move() {
        within(LIMIT, "timed wait", || {
            let lock = Mutex::new(0);
            let cv = Condvar::new();
            let schedule = Schedule::round_robin();
            let timed_out = std::sync::Mutex::new(None);
            schedule.run_threads(2, |i| {
                if i == 0 {
                    let mut guard = lock.lock();
                    // an hour: the schedule does not wait for it, it runs
                    // the other thread first, then times this wait out
                    let r = cv.wait_for(&mut guard, std::time::Duration::from_secs(3600));
                    *timed_out.lock().unwrap() = Some((r.timed_out(), *guard));
                } else {
                    *lock.lock() += 1; // never notifies
                }
            });
            let trace = schedule.finish().unwrap();
            assert_eq!(*timed_out.lock().unwrap(), Some((true, 1)), "{}", trace.timeline());
            assert!(trace.steps().contains(&"A times out".to_owned()), "{}", trace.timeline());
        });
    }
}
