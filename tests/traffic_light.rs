//! Lesson 06: a car that glances and drives, or waits and then goes,
//! crosses on red when the light changes in between (forced by a script);
//! a car that crosses inside `Event::wait_then` never does, and the script
//! cannot even run against it. The `Event` the lesson is built on is checked
//! here too: set, clear, wait, timed waits and `wait_then`, under schedules
//! and outside them. Under `--cfg loom`: no lost wake-up between `wait` and
//! `set`, the version that sets the flag without the lock does lose it, and
//! `wait_then` never runs on a clear flag while `wait(); f()` can.

#[cfg(not(loom))]
mod common;

#[cfg_attr(loom, allow(dead_code))]
#[path = "../lessons/06-traffic-light/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use workbook::deadline::within;
    use workbook::lessons::traffic_light::{Setup, Version, red_script, run, tally, worst};
    use workbook::sched::Schedule;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    fn one_cycle() -> Setup {
        Setup { cycles: 1, ..Setup::new() }
    }

    #[test]
    fn the_script_puts_every_wrong_car_across_on_red() {
        within(LIMIT, "scripted runs", || {
            for version in Version::WRONG {
                for cars in [1, 3] {
                    let outcome = run(version, cars, Setup::new(), worst(version, cars)).unwrap();
                    assert_eq!(outcome.on_red(), cars, "{version:?} with {cars} cars");
                    assert_eq!(outcome.trace.marks(), cars, "{}", outcome.trace.timeline());
                }
            }
        });
    }

    #[test]
    fn random_schedules_find_the_glancing_cars_gap() {
        within(LIMIT, "random glances", || {
            let t = tally(Version::Glance, 3, Setup::new(), 20, |i| Schedule::random(i as u64)).unwrap();
            assert!(t.bad_runs > 0 && t.on_red < t.crossings, "{t:?}");
        });
    }

    #[test]
    fn a_car_holding_the_light_never_crosses_on_red() {
        within(LIMIT, "holding cars", || {
            let rr = tally(Version::Hold, 3, Setup::new(), 1, |_| Schedule::round_robin()).unwrap();
            let random = tally(Version::Hold, 3, Setup::new(), 30, |i| Schedule::random(i as u64)).unwrap();
            let free = tally(Version::Hold, 3, Setup::new(), 3, |_| Schedule::free()).unwrap();
            for t in [&rr, &random, &free] {
                assert!(t.on_red == 0 && t.crossings >= 3 * t.runs, "{t:?}");
            }
        });
    }

    #[test]
    fn the_red_script_cannot_run_against_a_car_holding_the_light() {
        within(LIMIT, "impossible script", || {
            let script = Schedule::script(red_script(Version::Hold, 1));
            let error = run(Version::Hold, 1, one_cycle(), script).unwrap_err();
            let message = error.to_string();
            assert!(message.contains("\"light writes\"") && message.contains("held by A"), "{message}");
            golden("traffic-light-impossible.txt", &format!("{message}\n\n{}", error.trace.timeline()));
        });
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            for (version, file) in [
                (Version::Glance, "traffic-light-glance.txt"),
                (Version::WaitThenGo, "traffic-light-wait.txt"),
            ] {
                let mut trace = run(version, 1, one_cycle(), worst(version, 1)).unwrap().trace;
                trace.events.truncate(red_script(version, 1).len());
                golden(file, &trace.timeline());
            }
        });
    }

    const EXE: &str = env!("CARGO_BIN_EXE_traffic-light");

    #[test]
    fn the_binary_shows_the_light_and_the_verdicts() {
        let out = stdout_ok(EXE, &["--runs", "2", "--tick-ms", "1", "--cycles", "1"]);
        for needle in [
            " green ",
            " red ",
            "crossings on red: glancing cars",
            "3 of ",
            "✗ glancing cars cross on red. Under the script 3 of",
            "✗ cars that wait, then go cross on red",
            "✓ fixed: 0 of ",
        ] {
            assert!(out.contains(needle), "{needle:?} missing from\n{out}");
        }
    }

    #[test]
    fn the_binary_traces_the_worst_case() {
        let out =
            stdout_ok(EXE, &["--mode", "racy", "--trace", "--runs", "1", "--tick-ms", "1", "--threads", "1"]);
        assert!(
            out.contains("scripted schedule, step by step") && out.contains("← ran the red light"),
            "{out}"
        );
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--cycles", "0"]);
        refuses(EXE, &["--tick-ms", "1001"]);
        refuses(EXE, &["--threads", "0"]);
    }
}

#[cfg(not(loom))]
mod event {
    use std::time::Duration;

    use workbook::deadline::within;
    use workbook::sched::Schedule;
    use workbook::sync::Event;

    use super::common::LIMIT;

    #[test]
    fn set_clear_and_is_set() {
        let e = Event::new();
        assert!(!e.is_set());
        e.set();
        assert!(e.is_set());
        e.wait(); // set: returns at once
        e.clear();
        assert!(!e.is_set());
        assert!(!e.wait_timeout(Duration::from_millis(1)));
        assert_eq!(format!("{e:?}"), "Event { set: false }");
    }

    #[test]
    fn every_waiter_is_woken_under_every_schedule() {
        within(LIMIT, "event runs", || {
            let schedules = std::iter::once(Schedule::round_robin()).chain((0..30).map(Schedule::random));
            for schedule in schedules {
                let green = Event::new();
                schedule.run_threads(4, |i| if i == 0 { green.set() } else { green.wait() });
                schedule.finish().unwrap();
            }
        });
    }

    #[test]
    fn a_timed_wait_sees_a_set_and_times_out_only_when_nobody_can_set() {
        within(LIMIT, "timed waits", || {
            let green = Event::new();
            let schedule = Schedule::round_robin();
            let seen = std::sync::Mutex::new(Vec::new());
            schedule.run_threads(2, |i| {
                let got = green.wait_timeout(Duration::from_secs(3600));
                seen.lock().unwrap().push((i, got));
                if i == 0 {
                    green.set();
                }
            });
            let trace = schedule.finish().unwrap();
            let mut seen = seen.into_inner().unwrap();
            seen.sort();
            // A times out first (nobody else could set it), then sets it for B.
            assert_eq!(seen, [(0, false), (1, true)], "{}", trace.timeline());
        });
    }

    #[test]
    fn wait_then_keeps_the_flag_set_until_it_returns() {
        use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
        within(LIMIT, "wait_then runs", || {
            let schedules = std::iter::once(Schedule::round_robin()).chain((0..30).map(Schedule::random));
            for schedule in schedules {
                let green = Event::new();
                green.set();
                let red = AtomicBool::new(false);
                let seen_red = AtomicBool::new(false);
                schedule.run_threads(3, |i| {
                    if i == 0 {
                        green.clear();
                        red.store(true, SeqCst);
                        workbook::sched::step("shows red");
                        red.store(false, SeqCst);
                        green.set();
                    } else {
                        let out = green.wait_then(|| {
                            workbook::sched::step("crosses");
                            seen_red.fetch_or(red.load(SeqCst), SeqCst);
                            i * 10
                        });
                        assert_eq!(out, i * 10);
                    }
                });
                let trace = schedule.finish().unwrap();
                assert!(!seen_red.load(SeqCst), "{}", trace.timeline());
            }
        });
    }

    #[test]
    fn free_threads_are_released_by_a_set() {
        within(LIMIT, "free event", || {
            let green = Event::new();
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| green.wait());
                }
                green.set();
            });
        });
    }
}

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::traffic_light as check;
    use workbook::sync::{Condvar, Mutex};

    use super::common::{golden, rejects};
    use super::solution;

    #[test]
    fn the_checks_pass_the_solutions() {
        use solution::{Event, Light};
        check::event(Event::new, Event::set, Event::clear, Event::wait, Event::is_set).unwrap();
        check::cross_on_green(Light::new, Light::turn_green, Light::turn_red, Light::cross_on_green).unwrap();
    }

    /// An event with one mistake, picked by `MISTAKE`.
    struct WrongEvent<const MISTAKE: u8> {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    const NO_NOTIFY: u8 = 0;
    const NOTIFY_ONE: u8 = 1;
    const TWO_SCOPES: u8 = 2;
    const SPINS: u8 = 3;
    const NO_WAIT: u8 = 4;

    impl<const MISTAKE: u8> WrongEvent<MISTAKE> {
        fn new() -> Self {
            WrongEvent { flag: Mutex::new(false), changed: Condvar::new() }
        }

        fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        fn clear(&self) {
            *self.flag.lock() = false;
        }

        fn set(&self) {
            *self.flag.lock() = true;
            match MISTAKE {
                NO_NOTIFY => {}
                NOTIFY_ONE => {
                    self.changed.notify_one();
                }
                _ => {
                    self.changed.notify_all();
                }
            }
        }

        fn wait(&self) {
            match MISTAKE {
                TWO_SCOPES => {
                    // check, let go of the lock, then wait: `set` fits between
                    if !self.is_set() {
                        let mut flag = self.flag.lock();
                        self.changed.wait(&mut flag);
                    }
                }
                SPINS => while !self.is_set() {},
                NO_WAIT => {}
                _ => {
                    let mut flag = self.flag.lock();
                    while !*flag {
                        self.changed.wait(&mut flag);
                    }
                }
            }
        }
    }

    fn event_check<const MISTAKE: u8>() -> Result<(), String> {
        type E<const M: u8> = WrongEvent<M>;
        check::event(E::<MISTAKE>::new, E::set, E::clear, E::wait, E::is_set)
    }

    #[test]
    fn the_event_check_rejects_wrong_answers() {
        assert!(rejects(event_check::<NO_NOTIFY>));
        assert!(rejects(event_check::<NOTIFY_ONE>));
        assert!(rejects(event_check::<TWO_SCOPES>));
        assert!(rejects(event_check::<SPINS>));
        assert!(rejects(event_check::<NO_WAIT>));
    }

    /// A light whose `cross_on_green` has one mistake.
    struct WrongLight<const MISTAKE: u8> {
        green: Mutex<bool>,
        changed: Condvar,
    }

    const GAP: u8 = 0;
    const IF_NOT_WHILE: u8 = 1;
    const NO_LOOK: u8 = 2;

    impl<const MISTAKE: u8> WrongLight<MISTAKE> {
        fn new() -> Self {
            WrongLight { green: Mutex::new(false), changed: Condvar::new() }
        }

        fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        fn turn_red(&self) {
            *self.green.lock() = false;
        }

        fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            match MISTAKE {
                GAP => {
                    {
                        let mut green = self.green.lock();
                        while !*green {
                            self.changed.wait(&mut green);
                        }
                    }
                    cross();
                }
                IF_NOT_WHILE => {
                    let mut green = self.green.lock();
                    if !*green {
                        self.changed.wait(&mut green);
                    }
                    cross();
                }
                _ => cross(),
            }
        }
    }

    fn light_check<const MISTAKE: u8>() -> Result<(), String> {
        type L<const M: u8> = WrongLight<M>;
        check::cross_on_green(L::<MISTAKE>::new, L::turn_green, L::turn_red, L::cross_on_green)
    }

    #[test]
    fn the_cross_on_green_check_rejects_wrong_answers() {
        assert!(rejects(light_check::<GAP>));
        assert!(rejects(light_check::<IF_NOT_WHILE>));
        assert!(rejects(light_check::<NO_LOOK>));
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        golden("traffic-light-gap-failure.txt", &light_check::<GAP>().unwrap_err());
    }
}

#[cfg(loom)]
#[path = "common/loom_deadlock.rs"]
mod loom_deadlock;

/// `RUSTFLAGS="--cfg loom" cargo test --release --test traffic_light`.
#[cfg(loom)]
mod loom_checks {
    use super::loom_deadlock::expect_deadlock;
    use workbook::sync::{Arc, AtomicBool, Condvar, Event, Mutex, Ordering::SeqCst, thread};

    #[test]
    fn wait_never_misses_a_set() {
        // A lost wake-up would leave the waiter asleep for ever: loom
        // reports that as a deadlock.
        loom::model(|| {
            let green = Arc::new(Event::new());
            let car = {
                let green = Arc::clone(&green);
                thread::spawn(move || green.wait())
            };
            green.set();
            car.join().unwrap();
        });
    }

    /// A light (spawned) that starts green, turns red and back, while a
    /// car (this thread) crosses by `cross`, which checks that it did not
    /// cross on red. The car runs first, so that two preemptions are
    /// enough to find the gap (`LOOM_MAX_PREEMPTIONS=2`).
    fn light_and_car(cross: fn(&Event, &AtomicBool)) {
        loom::model(move || {
            let green = Arc::new(Event::new());
            green.set();
            let red = Arc::new(AtomicBool::new(false));
            let light = {
                let (green, red) = (Arc::clone(&green), Arc::clone(&red));
                thread::spawn(move || {
                    green.clear();
                    red.store(true, SeqCst);
                    red.store(false, SeqCst);
                    green.set();
                })
            };
            cross(&green, &red);
            light.join().unwrap();
        });
    }

    #[test]
    fn wait_then_never_runs_on_red() {
        light_and_car(|green, red| green.wait_then(|| assert!(!red.load(SeqCst), "crossed on red")));
    }

    #[test]
    #[should_panic(expected = "crossed on red")]
    fn waiting_and_then_crossing_is_caught() {
        light_and_car(|green, red| {
            green.wait();
            assert!(!red.load(SeqCst), "crossed on red");
        });
    }

    // ANCHOR: loom-lost
    /// An event whose `set` stores the flag and notifies without taking the
    /// lock: between the waiter's check and its sleep, the notify can find
    /// nobody asleep.
    struct Careless {
        flag: AtomicBool,
        lock: Mutex<()>,
        changed: Condvar,
    }

    impl Careless {
        fn wait(&self) {
            let mut lock = self.lock.lock();
            while !self.flag.load(SeqCst) {
                self.changed.wait(&mut lock);
            }
        }

        fn set(&self) {
            self.flag.store(true, SeqCst); // no lock: the bug
            self.changed.notify_all();
        }
    }

    #[test]
    fn setting_without_the_lock_loses_the_wake_up() {
        // loom finds the deadlock; it runs in a child process (see
        // tests/common/loom_deadlock.rs).
        expect_deadlock("loom_checks::setting_without_the_lock_loses_the_wake_up", || {
            loom::model(|| {
                let green = Arc::new(Careless {
                    flag: AtomicBool::new(false),
                    lock: Mutex::new(()),
                    changed: Condvar::new(),
                });
                let car = {
                    let green = Arc::clone(&green);
                    thread::spawn(move || green.wait())
                };
                green.set();
                car.join().unwrap();
            });
        });
    }
    // ANCHOR_END: loom-lost
}
