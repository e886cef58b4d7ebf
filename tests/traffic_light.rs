//! The `Event` that lesson 06 (traffic-light) is built on: set, clear,
//! wait, wait with a timeout, under schedules and outside them. Under
//! `--cfg loom`: no lost wake-up between `wait` and `set`, and the version
//! that sets the flag without the lock does lose it.

#[cfg(not(loom))]
mod common;

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

/// `RUSTFLAGS="--cfg loom" cargo test --release --test traffic_light`.
#[cfg(loom)]
mod loom_checks {
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
        // loom reports the deadlock by panicking, and then aborts while
        // unwinding its threads; so the model runs in a child process of
        // this test binary, and the parent checks how it ended.
        if std::env::var_os("LOOM_LOST_WAKEUP_CHILD").is_some() {
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
            return;
        }
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args(["--exact", "loom_checks::setting_without_the_lock_loses_the_wake_up", "--nocapture"])
            .env("LOOM_LOST_WAKEUP_CHILD", "1")
            .output()
            .expect("the test binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains("deadlock"),
            "loom should find the lost wake-up:\n{stderr}"
        );
    }
    // ANCHOR_END: loom-lost
}
