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

mod exploration {
    //! Systematic exploration: every schedule within a preemption bound,
    //! spurious wake-ups and early time-outs as choices, spins reported.

    use std::sync::Mutex as StdMutex;
    use std::time::{Duration, Instant};

    use workbook::deadline::within;
    use workbook::sched::{self, Explorer, Schedule};
    use workbook::sync::{AtomicBool, Condvar, Mutex, Ordering::SeqCst};

    use super::common::LIMIT;

    fn choose(n: u64, k: u64) -> u64 {
        if k > n { 0 } else { (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1)) }
    }

    /// Interleavings of two threads of `n` points each with at most `k`
    /// preemptions. A run is a word of n A's and n B's; with `b` blocks
    /// of one letter it switches threads `b - 1` times, and every switch
    /// but the last stops a thread that could go on: `b - 2` preemptions.
    /// Words with `b` blocks: 2·C(n-1, b/2-1)² for even `b`, and
    /// 2·C(n-1, (b-1)/2)·C(n-1, (b-1)/2-1) for odd `b`.
    fn formula(n: u64, k: u64) -> u64 {
        (2..=(k + 2).min(2 * n))
            .map(|b| {
                let m = b / 2;
                if b % 2 == 0 {
                    2 * choose(n - 1, m - 1).pow(2)
                } else {
                    2 * choose(n - 1, m) * choose(n - 1, m - 1)
                }
            })
            .sum()
    }

    /// Runs every schedule `explorer` hands out of two threads that each
    /// pass `n` points, and returns the orders they ran in.
    fn orders(mut explorer: Explorer, n: usize) -> Vec<String> {
        let mut seen = Vec::new();
        while let Some(schedule) = explorer.next_schedule() {
            let order = StdMutex::new(String::new());
            schedule.run_threads(2, |i| {
                for _ in 0..n {
                    sched::step("works");
                    order.lock().unwrap().push(if i == 0 { 'a' } else { 'b' });
                }
            });
            schedule.finish().expect("no failure");
            explorer.ran();
            seen.push(order.into_inner().unwrap());
        }
        seen
    }

    #[test]
    fn the_number_of_schedules_matches_the_formula_for_k_preemptions() {
        within(LIMIT, "counting schedules", || {
            assert_eq!(formula(3, 2), 14);
            for n in 1..=4 {
                for k in 0..=3 {
                    let seen = orders(Explorer::exhaustive(k as usize), n as usize);
                    let mut distinct = seen.clone();
                    distinct.sort();
                    distinct.dedup();
                    assert_eq!(distinct.len(), seen.len(), "no schedule runs twice: {seen:?}");
                    assert_eq!(seen.len() as u64, formula(n, k), "{n} points each, k = {k}: {seen:?}");
                }
            }
        });
    }

    /// Fails only in the order a1 b1 a2 b2: two preemptions, at two exact
    /// points (a bug of depth 3 in PCT's terms).
    fn abab(schedule: Schedule) -> Result<(), String> {
        let order = StdMutex::new(String::new());
        schedule.run_threads(2, |i| {
            for _ in 0..2 {
                sched::step("works");
                order.lock().unwrap().push(if i == 0 { 'a' } else { 'b' });
            }
        });
        schedule.finish().map_err(|e| e.to_string())?;
        let order = order.into_inner().unwrap();
        if order == "abab" { Err(order) } else { Ok(()) }
    }

    #[test]
    fn exhaustive_exploration_finds_a_two_preemption_bug_on_every_run() {
        within(LIMIT, "a depth-2 bug", || {
            for _ in 0..5 {
                let mut explorer = Explorer::exhaustive(2);
                let mut found = None;
                while let Some(schedule) = explorer.next_schedule() {
                    let failed = abab(schedule).is_err();
                    let run = explorer.ran();
                    if failed {
                        found = Some(run);
                        break;
                    }
                }
                let run = found.expect("exploration with k = 2 finds abab");
                assert_eq!(run.preemptions, 2, "{run:?}");
                assert_eq!(
                    run.describe(),
                    "schedule 5 (2 preemptions: A is paused before \"works\" (after step 1) and B \
                     runs; then B is paused before \"works\" (after step 2) and A runs)"
                );
            }
            // With one preemption it cannot be found.
            let mut explorer = Explorer::exhaustive(1);
            while let Some(schedule) = explorer.next_schedule() {
                assert!(abab(schedule).is_ok());
                explorer.ran();
            }
        });
    }

    #[test]
    fn schedules_come_with_the_fewest_preemptions_first() {
        within(LIMIT, "fewest preemptions first", || {
            let mut explorer = Explorer::exhaustive(3);
            let mut costs = Vec::new();
            while let Some(schedule) = explorer.next_schedule() {
                schedule.run_threads(3, |_| {
                    sched::step("works");
                    sched::step("works");
                });
                schedule.finish().unwrap();
                costs.push(explorer.ran().preemptions);
            }
            assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
            assert_eq!(costs.last(), Some(&3));
        });
    }

    #[test]
    fn pct_finds_the_bug_with_a_fixed_budget() {
        within(LIMIT, "PCT", || {
            // Depth 3: the chance per run is at least 1/(2·4²) = 1/32.
            let mut explorer = Explorer::pct(3, 400, 0);
            let mut found = 0;
            while let Some(schedule) = explorer.next_schedule() {
                let failed = abab(schedule).is_err();
                explorer.ran();
                found += usize::from(failed);
            }
            assert!(found >= 400 / 32 / 2, "PCT found abab in {found} of 400 runs");
        });
    }

    /// A waiter with `if` instead of `while`: right unless it wakes for
    /// nothing, or a `clear` gets in between.
    fn wait_with_if(schedule: Schedule) -> Result<(), String> {
        let flag = Mutex::new(false);
        let cv = Condvar::new();
        let early = AtomicBool::new(false);
        schedule.run_threads(2, |i| {
            if i == 0 {
                let mut set = flag.lock();
                if !*set {
                    cv.wait(&mut set);
                }
                if !*set {
                    early.store(true, SeqCst);
                }
            } else {
                *flag.lock() = true;
                cv.notify_all();
            }
        });
        let trace = schedule.finish().map_err(|e| e.to_string())?;
        if early.into_inner() { Err(trace.timeline()) } else { Ok(()) }
    }

    #[test]
    fn a_spurious_wake_up_is_a_choice_the_explorer_makes() {
        within(LIMIT, "spurious wake-up", || {
            let mut explorer = Explorer::exhaustive(1);
            let mut failure = None;
            while let Some(schedule) = explorer.next_schedule() {
                let out = wait_with_if(schedule);
                let run = explorer.ran();
                if let Err(timeline) = out {
                    failure = Some((run, timeline));
                    break;
                }
            }
            let (run, timeline) = failure.expect("a spurious wake-up breaks `if`");
            assert!(run.describe().contains("A wakes up with nobody notifying it"), "{run:?}");
            assert!(timeline.contains("wakes (spurious)"), "{timeline}");
            // Without it (k = 0) the `if` holds.
            let mut explorer = Explorer::exhaustive(0);
            while let Some(schedule) = explorer.next_schedule() {
                assert!(wait_with_if(schedule).is_ok());
                explorer.ran();
            }
        });
    }

    #[test]
    fn a_timed_wait_may_run_out_while_others_can_still_run() {
        within(LIMIT, "early time-out", || {
            let mut explorer = Explorer::exhaustive(1);
            let mut outcomes = Vec::new();
            while let Some(schedule) = explorer.next_schedule() {
                let lock = Mutex::new(false);
                let cv = Condvar::new();
                let seen = StdMutex::new(None);
                schedule.run_threads(2, |i| {
                    if i == 0 {
                        let mut done = lock.lock();
                        let r = cv.wait_for(&mut done, Duration::from_secs(3600));
                        *seen.lock().unwrap() = Some((r.timed_out(), *done));
                    } else {
                        sched::step("works");
                        *lock.lock() = true;
                        cv.notify_one();
                    }
                });
                schedule.finish().unwrap();
                let run = explorer.ran();
                outcomes.push((seen.into_inner().unwrap().unwrap(), run.preemptions));
            }
            // Timed out with the work not done: only as a choice that costs one.
            assert!(outcomes.contains(&((true, false), 1)), "{outcomes:?}");
            assert!(outcomes.contains(&((false, true), 0)), "{outcomes:?}");
        });
    }

    #[test]
    fn spinning_is_reported_in_well_under_a_second() {
        within(LIMIT, "spin", || {
            let started = Instant::now();
            let mut explorer = Explorer::exhaustive(1);
            let mut failure = None;
            while let Some(schedule) = explorer.next_schedule() {
                let lock = Mutex::new(0);
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    schedule.run_threads(2, |i| {
                        if i == 0 {
                            let mut held = lock.lock();
                            sched::step("works");
                            *held += 1;
                        } else {
                            // Busy-waits on try_lock instead of blocking in lock().
                            loop {
                                if let Some(mut g) = lock.try_lock() {
                                    *g += 1;
                                    break;
                                }
                            }
                        }
                    });
                }));
                let out = schedule.finish();
                explorer.ran();
                if let Err(e) = out {
                    failure = Some(e);
                    break;
                }
            }
            let took = started.elapsed();
            let err = failure.expect("B spins once A is paused holding the lock");
            assert!(took < Duration::from_millis(900), "took {took:?}");
            assert!(err.message.starts_with("B spins: it went round the same loop (tries busy: A)"), "{err}");
            assert!(
                err.trace.timeline().contains("more steps"),
                "the timeline is cut: {}",
                err.trace.timeline()
            );
        });
    }

    #[test]
    fn a_std_mutex_the_schedule_cannot_see_is_named_quickly() {
        within(LIMIT, "invisible lock", || {
            let mut explorer = Explorer::exhaustive(1);
            let started = Instant::now();
            let hidden = std::sync::Mutex::new(0);
            let seen = workbook::sync::AtomicI64::new(0);
            let schedule = explorer.next_schedule().unwrap();
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                schedule.run_threads(2, |_| {
                    let mut g = hidden.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    seen.fetch_add(1, SeqCst); // a point, while holding a lock it cannot see
                    *g += 1;
                });
            }));
            let err = schedule.finish().unwrap_err();
            assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
            // Whichever thread starts second finds the lock taken.
            assert!(err.message.contains("is blocked where the schedule cannot see it"), "{err}");
            assert!(err.message.contains("std::sync::Mutex"), "{err}");
        });
    }
}

mod table {
    //! How many schedules each way of choosing them needs to show each
    //! lesson's race: the table in the how-it-works chapter.

    use std::sync::Mutex as StdMutex;

    use workbook::deadline::within;
    use workbook::lessons::mutex_race;
    use workbook::sched::{Explorer, Schedule};
    use workbook::sync::{Condvar, JoinableQueue, Mutex};

    use super::common::{LIMIT, golden};

    /// How many runs each random way gets before it counts as not found.
    const BUDGET: usize = 200;

    /// How many seed bases the random ways are averaged over.
    const BASES: u64 = 10;

    /// Runs `case`, true when the run showed the bug (a failed schedule or
    /// a panic does not count).
    fn shows(case: fn(Schedule) -> bool, schedule: Schedule) -> bool {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(schedule))).unwrap_or(false)
    }

    /// The first schedule of an exploration with up to three preemptions
    /// that shows the bug, and its preemptions.
    fn exhaustive(case: fn(Schedule) -> bool) -> Option<(usize, usize)> {
        let mut explorer = Explorer::exhaustive(3);
        while let Some(schedule) = explorer.next_schedule() {
            let found = shows(case, schedule);
            let run = explorer.ran();
            if found {
                return Some((run.index, run.preemptions));
            }
        }
        None
    }

    /// Runs until the bug shows, averaged over [`BASES`] seed bases, or
    /// `None` when some base did not find it within [`BUDGET`] runs.
    fn average(mut runs_until: impl FnMut(u64) -> Option<usize>) -> Option<f64> {
        let runs: Option<Vec<usize>> = (0..BASES).map(&mut runs_until).collect();
        runs.map(|r| r.iter().sum::<usize>() as f64 / r.len() as f64)
    }

    fn random(case: fn(Schedule) -> bool) -> Option<f64> {
        average(|base| {
            (0..BUDGET).position(|i| shows(case, Schedule::random(base * 1000 + i as u64))).map(|i| i + 1)
        })
    }

    fn pct(case: fn(Schedule) -> bool) -> Option<f64> {
        average(|base| {
            let mut explorer = Explorer::pct(3, BUDGET, base * 1000);
            let mut n = 0;
            while let Some(schedule) = explorer.next_schedule() {
                n += 1;
                let found = shows(case, schedule);
                explorer.ran();
                if found {
                    return Some(n);
                }
            }
            None
        })
    }

    fn lost_update(schedule: Schedule) -> bool {
        mutex_race::run(mutex_race::Version::Racy, 2, schedule).is_ok_and(|o| o.lost() > 0)
    }

    fn two_lost(schedule: Schedule) -> bool {
        mutex_race::run(mutex_race::Version::Racy, 3, schedule).is_ok_and(|o| o.lost() >= 2)
    }

    /// Lesson 06's glance: a car looks at the light, lets go of it, and
    /// crosses; the light turns red in between.
    fn red_light(schedule: Schedule) -> bool {
        let (green, shows_red) = (Mutex::new(true), workbook::sync::AtomicBool::new(false));
        let crossed_on_red = StdMutex::new(false);
        schedule.run_threads(2, |i| {
            if i == 0 {
                *green.lock() = false;
                shows_red.store(true, workbook::sync::Ordering::SeqCst);
            } else if *green.lock() {
                let red = shows_red.load(workbook::sync::Ordering::SeqCst); // crosses
                *crossed_on_red.lock().unwrap() = red;
            }
        });
        schedule.finish().is_ok() && crossed_on_red.into_inner().unwrap()
    }

    /// Lesson 07's check-then-take: two consumers see an item in the
    /// queue, and only one of them finds it there when it takes.
    fn missed_item(schedule: Schedule) -> bool {
        let q = JoinableQueue::unbounded();
        q.put(1).expect("open");
        let missed = StdMutex::new(0);
        schedule.run_threads(2, |_| {
            if !q.is_empty() && q.try_get().is_err() {
                *missed.lock().unwrap() += 1;
            }
        });
        schedule.finish().is_ok() && missed.into_inner().unwrap() > 0
    }

    /// Lesson 04's exercise as shipped: a transfer in two lock scopes, and
    /// an auditor who finds money in neither account.
    fn money_gone(schedule: Schedule) -> bool {
        let bank = Mutex::new([60u64, 40]);
        let seen = StdMutex::new(Vec::new());
        schedule.run_threads(2, |i| {
            if i == 0 {
                bank.lock()[0] -= 40;
                bank.lock()[1] += 40;
            } else {
                let total: u64 = bank.lock().iter().sum();
                seen.lock().unwrap().push(total);
            }
        });
        schedule.finish().is_ok() && seen.into_inner().unwrap().iter().any(|&t| t != 100)
    }

    /// A `set` that does not take the lock: its notify can come between
    /// the waiter's look and its wait (lesson 06).
    fn lost_wake_up(schedule: Schedule) -> bool {
        let (flag, lock, cv) = (workbook::sync::AtomicBool::new(false), Mutex::new(()), Condvar::new());
        schedule.run_threads(2, |i| {
            if i == 0 {
                let mut guard = lock.lock();
                while !flag.load(workbook::sync::Ordering::SeqCst) {
                    cv.wait(&mut guard);
                }
            } else {
                flag.store(true, workbook::sync::Ordering::SeqCst);
                cv.notify_all();
            }
        });
        schedule.finish().is_err_and(|e| e.message.starts_with("deadlock"))
    }

    /// `if` where `while` is needed: right until a wake-up comes that
    /// nobody sent (lessons 05-07).
    fn if_not_while(schedule: Schedule) -> bool {
        let (lock, cv) = (Mutex::new(false), Condvar::new());
        let early = StdMutex::new(false);
        schedule.run_threads(2, |i| {
            if i == 0 {
                let mut set = lock.lock();
                if !*set {
                    cv.wait(&mut set);
                }
                *early.lock().unwrap() = !*set;
            } else {
                *lock.lock() = true;
                cv.notify_all();
            }
        });
        schedule.finish().is_ok() && early.into_inner().unwrap()
    }

    #[test]
    fn how_many_schedules_each_way_needs() {
        within(LIMIT, "the exploration table", || {
            type Row = (&'static str, fn(Schedule) -> bool);
            let rows: [Row; 7] = [
                ("03 · two threads decrement once: a lost update", lost_update),
                ("03 · three threads decrement once: two updates lost", two_lost),
                ("04 · a transfer in two lock scopes, and an auditor", money_gone),
                ("06 · a car that glances at the light, then crosses", red_light),
                ("06 · a set without the lock: a lost wake-up", lost_wake_up),
                ("07 · two consumers look at one item, then take it", missed_item),
                ("05-07 · `if` where `while` is needed", if_not_while),
            ];
            let shown = |n: Option<f64>| n.map_or(format!("not in {BUDGET}"), |n| format!("{n:.1}"));
            let mut table = String::from(
                "| the race | exhaustive (k ≤ 3): first failing schedule | PCT (depth 3): runs, mean | random: runs, mean |\n\
                 |---|---|---|---|\n",
            );
            for (what, case) in rows {
                let first = exhaustive(case).map_or("not found".to_owned(), |(i, k)| {
                    format!("{i} ({k} preemption{})", if k == 1 { "" } else { "s" })
                });
                let (p, r) = (shown(pct(case)), shown(random(case)));
                table.push_str(&format!("| {what} | {first} | {p} | {r} |\n"));
            }
            golden("sched-exploration-table.md", &table);
        });
    }
}
