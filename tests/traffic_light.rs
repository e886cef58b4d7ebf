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

// Under loom too: the answer with a Relaxed fast path fails only there.
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/traffic_light.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::traffic_light as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "traffic-light",
            &[
                ("event", || {
                    check::event(
                        solution::Event::new,
                        solution::Event::set,
                        solution::Event::clear,
                        solution::Event::wait,
                        solution::Event::is_set,
                    )
                }),
                ("cross-on-green", || {
                    check::cross_on_green(
                        solution::Light::new,
                        solution::Light::turn_green,
                        solution::Light::turn_red,
                        solution::Light::cross_on_green,
                    )
                }),
            ],
        );
    }

    #[test]
    fn wrong_events_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_event_notify_one",
                || {
                    check::event(
                        wrong_event_notify_one::Event::new,
                        wrong_event_notify_one::Event::set,
                        wrong_event_notify_one::Event::clear,
                        wrong_event_notify_one::Event::wait,
                        wrong_event_notify_one::Event::is_set,
                    )
                },
                "C waits on a condition variable for a notify",
            ),
            (
                "wrong_event_if_not_while",
                || {
                    check::event(
                        wrong_event_if_not_while::Event::new,
                        wrong_event_if_not_while::Event::set,
                        wrong_event_if_not_while::Event::clear,
                        wrong_event_if_not_while::Event::wait,
                        wrong_event_if_not_while::Event::is_set,
                    )
                },
                "B's wait() returned before A had set it",
            ),
            (
                "wrong_event_check_outside_lock",
                || {
                    check::event(
                        wrong_event_check_outside_lock::Event::new,
                        wrong_event_check_outside_lock::Event::set,
                        wrong_event_check_outside_lock::Event::clear,
                        wrong_event_check_outside_lock::Event::wait,
                        wrong_event_check_outside_lock::Event::is_set,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_event_loop_two_scopes",
                || {
                    check::event(
                        wrong_event_loop_two_scopes::Event::new,
                        wrong_event_loop_two_scopes::Event::set,
                        wrong_event_loop_two_scopes::Event::clear,
                        wrong_event_loop_two_scopes::Event::wait,
                        wrong_event_loop_two_scopes::Event::is_set,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_event_spin_is_set",
                || {
                    check::event(
                        wrong_event_spin_is_set::Event::new,
                        wrong_event_spin_is_set::Event::set,
                        wrong_event_spin_is_set::Event::clear,
                        wrong_event_spin_is_set::Event::wait,
                        wrong_event_spin_is_set::Event::is_set,
                    )
                },
                "B spins",
            ),
            (
                "wrong_event_poll_sleep",
                || {
                    check::event(
                        wrong_event_poll_sleep::Event::new,
                        wrong_event_poll_sleep::Event::set,
                        wrong_event_poll_sleep::Event::clear,
                        wrong_event_poll_sleep::Event::wait,
                        wrong_event_poll_sleep::Event::is_set,
                    )
                },
                "B spins",
            ),
            (
                "wrong_event_spin_try_lock",
                || {
                    check::event(
                        wrong_event_spin_try_lock::Event::new,
                        wrong_event_spin_try_lock::Event::set,
                        wrong_event_spin_try_lock::Event::clear,
                        wrong_event_spin_try_lock::Event::wait,
                        wrong_event_spin_try_lock::Event::is_set,
                    )
                },
                "B spins",
            ),
            (
                "wrong_event_notify_before_set",
                || {
                    check::event(
                        wrong_event_notify_before_set::Event::new,
                        wrong_event_notify_before_set::Event::set,
                        wrong_event_notify_before_set::Event::clear,
                        wrong_event_notify_before_set::Event::wait,
                        wrong_event_notify_before_set::Event::is_set,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_event_timeout_returns",
                || {
                    check::event(
                        wrong_event_timeout_returns::Event::new,
                        wrong_event_timeout_returns::Event::set,
                        wrong_event_timeout_returns::Event::clear,
                        wrong_event_timeout_returns::Event::wait,
                        wrong_event_timeout_returns::Event::is_set,
                    )
                },
                "B's wait() returned before A had set it",
            ),
            (
                "wrong_event_atomic_no_lock",
                || {
                    check::event(
                        wrong_event_atomic_no_lock::Event::new,
                        wrong_event_atomic_no_lock::Event::set,
                        wrong_event_atomic_no_lock::Event::clear,
                        wrong_event_atomic_no_lock::Event::wait,
                        wrong_event_atomic_no_lock::Event::is_set,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_event_std_sync",
                || {
                    check::event(
                        wrong_event_std_sync::Event::new,
                        wrong_event_std_sync::Event::set,
                        wrong_event_std_sync::Event::clear,
                        wrong_event_std_sync::Event::wait,
                        wrong_event_std_sync::Event::is_set,
                    )
                },
                "std::sync::Mutex",
            ),
            (
                "wrong_event_r2_if_not_while",
                || {
                    check::event(
                        wrong_event_r2_if_not_while::Event::new,
                        wrong_event_r2_if_not_while::Event::set,
                        wrong_event_r2_if_not_while::Event::clear,
                        wrong_event_r2_if_not_while::Event::wait,
                        wrong_event_r2_if_not_while::Event::is_set,
                    )
                },
                "A set the event while B waited: B's wait() returned before A had set it (marked below).",
            ),
            (
                "wrong_event_r2_notify_before_set",
                || {
                    check::event(
                        wrong_event_r2_notify_before_set::Event::new,
                        wrong_event_r2_notify_before_set::Event::set,
                        wrong_event_r2_notify_before_set::Event::clear,
                        wrong_event_r2_notify_before_set::Event::wait,
                        wrong_event_r2_notify_before_set::Event::is_set,
                    )
                },
                "A set the event while B waited: deadlock: B waits on a condition variable for a notify (the other thread has f",
            ),
            (
                "wrong_event_r2_while_condition_guard",
                || {
                    check::event(
                        wrong_event_r2_while_condition_guard::Event::new,
                        wrong_event_r2_while_condition_guard::Event::set,
                        wrong_event_r2_while_condition_guard::Event::clear,
                        wrong_event_r2_while_condition_guard::Event::wait,
                        wrong_event_r2_while_condition_guard::Event::is_set,
                    )
                },
                "A set the event while B waited: deadlock: B waits on a condition variable for a notify (the other thread has f",
            ),
            (
                "wrong_event_r2_stale_copy",
                || {
                    check::event(
                        wrong_event_r2_stale_copy::Event::new,
                        wrong_event_r2_stale_copy::Event::set,
                        wrong_event_r2_stale_copy::Event::clear,
                        wrong_event_r2_stale_copy::Event::wait,
                        wrong_event_r2_stale_copy::Event::is_set,
                    )
                },
                "A set the event while B waited: deadlock: B waits on a condition variable for a notify (the other thread has f",
            ),
            (
                "wrong_event_r2_is_set_under_lock",
                || {
                    check::event(
                        wrong_event_r2_is_set_under_lock::Event::new,
                        wrong_event_r2_is_set_under_lock::Event::set,
                        wrong_event_r2_is_set_under_lock::Event::clear,
                        wrong_event_r2_is_set_under_lock::Event::wait,
                        wrong_event_r2_is_set_under_lock::Event::is_set,
                    )
                },
                "on one thread: new, set, set, clear, clear, set, wait: deadlock: A locks a mutex it already holds, and would w",
            ),
            (
                "wrong_event_r2_wait_while_inverted",
                || {
                    check::event(
                        wrong_event_r2_wait_while_inverted::Event::new,
                        wrong_event_r2_wait_while_inverted::Event::set,
                        wrong_event_r2_wait_while_inverted::Event::clear,
                        wrong_event_r2_wait_while_inverted::Event::wait,
                        wrong_event_r2_wait_while_inverted::Event::is_set,
                    )
                },
                "on one thread: new, set, set, clear, clear, set, wait: deadlock: A waits on a condition variable for a notify",
            ),
            (
                "wrong_event_r2_auto_reset",
                || {
                    check::event(
                        wrong_event_r2_auto_reset::Event::new,
                        wrong_event_r2_auto_reset::Event::set,
                        wrong_event_r2_auto_reset::Event::clear,
                        wrong_event_r2_auto_reset::Event::wait,
                        wrong_event_r2_auto_reset::Event::is_set,
                    )
                },
                "on one thread, is_set() said [false, true, true, false, false, false] for a new event, after set, set again, c",
            ),
            (
                "wrong_event_r2_spin_is_set",
                || {
                    check::event(
                        wrong_event_r2_spin_is_set::Event::new,
                        wrong_event_r2_spin_is_set::Event::set,
                        wrong_event_r2_spin_is_set::Event::clear,
                        wrong_event_r2_spin_is_set::Event::wait,
                        wrong_event_r2_spin_is_set::Event::is_set,
                    )
                },
                "A set the event while B waited: B spins: it went round the same loop (locks, unlocks) 32 times and saw the sam",
            ),
            (
                "wrong_event_r2_timeout_returns",
                || {
                    check::event(
                        wrong_event_r2_timeout_returns::Event::new,
                        wrong_event_r2_timeout_returns::Event::set,
                        wrong_event_r2_timeout_returns::Event::clear,
                        wrong_event_r2_timeout_returns::Event::wait,
                        wrong_event_r2_timeout_returns::Event::is_set,
                    )
                },
                "A set the event while B waited: B's wait() returned before A had set it (marked below).",
            ),
            (
                "wrong_event_r2_was_set_read_early",
                || {
                    check::event(
                        wrong_event_r2_was_set_read_early::Event::new,
                        wrong_event_r2_was_set_read_early::Event::set,
                        wrong_event_r2_was_set_read_early::Event::clear,
                        wrong_event_r2_was_set_read_early::Event::wait,
                        wrong_event_r2_was_set_read_early::Event::is_set,
                    )
                },
                "the event was set; A set it again while B cleared it and C waited: deadlock: C waits on a condition variable f",
            ),
        ]);
    }

    #[test]
    fn right_events_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_event_notify_outside_lock", || {
                check::event(
                    right_event_notify_outside_lock::Event::new,
                    right_event_notify_outside_lock::Event::set,
                    right_event_notify_outside_lock::Event::clear,
                    right_event_notify_outside_lock::Event::wait,
                    right_event_notify_outside_lock::Event::is_set,
                )
            }),
            ("right_event_notify_only_on_change", || {
                check::event(
                    right_event_notify_only_on_change::Event::new,
                    right_event_notify_only_on_change::Event::set,
                    right_event_notify_only_on_change::Event::clear,
                    right_event_notify_only_on_change::Event::wait,
                    right_event_notify_only_on_change::Event::is_set,
                )
            }),
            ("right_event_timed_recheck", || {
                check::event(
                    right_event_timed_recheck::Event::new,
                    right_event_timed_recheck::Event::set,
                    right_event_timed_recheck::Event::clear,
                    right_event_timed_recheck::Event::wait,
                    right_event_timed_recheck::Event::is_set,
                )
            }),
            ("right_event_atomic_like_library", || {
                check::event(
                    right_event_atomic_like_library::Event::new,
                    right_event_atomic_like_library::Event::set,
                    right_event_atomic_like_library::Event::clear,
                    right_event_atomic_like_library::Event::wait,
                    right_event_atomic_like_library::Event::is_set,
                )
            }),
            ("right_event_python_generation", || {
                check::event(
                    right_event_python_generation::Event::new,
                    right_event_python_generation::Event::set,
                    right_event_python_generation::Event::clear,
                    right_event_python_generation::Event::wait,
                    right_event_python_generation::Event::is_set,
                )
            }),
            ("right_event_r2_fast_path", || {
                check::event(
                    right_event_r2_fast_path::Event::new,
                    right_event_r2_fast_path::Event::set,
                    right_event_r2_fast_path::Event::clear,
                    right_event_r2_fast_path::Event::wait,
                    right_event_r2_fast_path::Event::is_set,
                )
            }),
            ("right_event_r2_wait_while_notify_unlocked", || {
                check::event(
                    right_event_r2_wait_while_notify_unlocked::Event::new,
                    right_event_r2_wait_while_notify_unlocked::Event::set,
                    right_event_r2_wait_while_notify_unlocked::Event::clear,
                    right_event_r2_wait_while_notify_unlocked::Event::wait,
                    right_event_r2_wait_while_notify_unlocked::Event::is_set,
                )
            }),
            ("right_event_r2_notify_then_write_same_lock", || {
                check::event(
                    right_event_r2_notify_then_write_same_lock::Event::new,
                    right_event_r2_notify_then_write_same_lock::Event::set,
                    right_event_r2_notify_then_write_same_lock::Event::clear,
                    right_event_r2_notify_then_write_same_lock::Event::wait,
                    right_event_r2_notify_then_write_same_lock::Event::is_set,
                )
            }),
            ("right_event_r2_skip_notify_if_set", || {
                check::event(
                    right_event_r2_skip_notify_if_set::Event::new,
                    right_event_r2_skip_notify_if_set::Event::set,
                    right_event_r2_skip_notify_if_set::Event::clear,
                    right_event_r2_skip_notify_if_set::Event::wait,
                    right_event_r2_skip_notify_if_set::Event::is_set,
                )
            }),
            ("right_event_r2_relay_notify_one", || {
                check::event(
                    right_event_r2_relay_notify_one::Event::new,
                    right_event_r2_relay_notify_one::Event::set,
                    right_event_r2_relay_notify_one::Event::clear,
                    right_event_r2_relay_notify_one::Event::wait,
                    right_event_r2_relay_notify_one::Event::is_set,
                )
            }),
            ("right_event_r2_python_generation", || {
                check::event(
                    right_event_r2_python_generation::Event::new,
                    right_event_r2_python_generation::Event::set,
                    right_event_r2_python_generation::Event::clear,
                    right_event_r2_python_generation::Event::wait,
                    right_event_r2_python_generation::Event::is_set,
                )
            }),
            ("right_event_r2_notify_one_until_none", || {
                check::event(
                    right_event_r2_notify_one_until_none::Event::new,
                    right_event_r2_notify_one_until_none::Event::set,
                    right_event_r2_notify_one_until_none::Event::clear,
                    right_event_r2_notify_one_until_none::Event::wait,
                    right_event_r2_notify_one_until_none::Event::is_set,
                )
            }),
        ]);
    }

    #[test]
    fn wrong_crossings_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_cross_starting_code",
                || {
                    check::cross_on_green(
                        wrong_cross_starting_code::Light::new,
                        wrong_cross_starting_code::Light::turn_green,
                        wrong_cross_starting_code::Light::turn_red,
                        wrong_cross_starting_code::Light::cross_on_green,
                    )
                },
                "a car crossed while the light showed red",
            ),
            (
                "wrong_cross_if_not_while",
                || {
                    check::cross_on_green(
                        wrong_cross_if_not_while::Light::new,
                        wrong_cross_if_not_while::Light::turn_green,
                        wrong_cross_if_not_while::Light::turn_red,
                        wrong_cross_if_not_while::Light::cross_on_green,
                    )
                },
                "a car crossed while the light showed red",
            ),
            (
                "wrong_cross_timeout_goes",
                || {
                    check::cross_on_green(
                        wrong_cross_timeout_goes::Light::new,
                        wrong_cross_timeout_goes::Light::turn_green,
                        wrong_cross_timeout_goes::Light::turn_red,
                        wrong_cross_timeout_goes::Light::cross_on_green,
                    )
                },
                "a car crossed while the light showed red",
            ),
            (
                "wrong_cross_recheck_gives_up",
                || {
                    check::cross_on_green(
                        wrong_cross_recheck_gives_up::Light::new,
                        wrong_cross_recheck_gives_up::Light::turn_green,
                        wrong_cross_recheck_gives_up::Light::turn_red,
                        wrong_cross_recheck_gives_up::Light::cross_on_green,
                    )
                },
                "crossed 2 times: `cross` ran 1 times (2 is right)",
            ),
            (
                "wrong_cross_green_never_crosses",
                || {
                    check::cross_on_green(
                        wrong_cross_green_never_crosses::Light::new,
                        wrong_cross_green_never_crosses::Light::turn_green,
                        wrong_cross_green_never_crosses::Light::turn_red,
                        wrong_cross_green_never_crosses::Light::cross_on_green,
                    )
                },
                "called `cross` 0 times",
            ),
            (
                "wrong_cross_twice",
                || {
                    check::cross_on_green(
                        wrong_cross_twice::Light::new,
                        wrong_cross_twice::Light::turn_green,
                        wrong_cross_twice::Light::turn_red,
                        wrong_cross_twice::Light::cross_on_green,
                    )
                },
                "called `cross` 2 times",
            ),
            (
                "wrong_cross_spin_yield",
                || {
                    check::cross_on_green(
                        wrong_cross_spin_yield::Light::new,
                        wrong_cross_spin_yield::Light::turn_green,
                        wrong_cross_spin_yield::Light::turn_red,
                        wrong_cross_spin_yield::Light::cross_on_green,
                    )
                },
                "B spins",
            ),
            (
                "wrong_cross_spin_try_lock",
                || {
                    check::cross_on_green(
                        wrong_cross_spin_try_lock::Light::new,
                        wrong_cross_spin_try_lock::Light::turn_green,
                        wrong_cross_spin_try_lock::Light::turn_red,
                        wrong_cross_spin_try_lock::Light::cross_on_green,
                    )
                },
                "B spins",
            ),
            (
                "wrong_cross_poll_sleep",
                || {
                    check::cross_on_green(
                        wrong_cross_poll_sleep::Light::new,
                        wrong_cross_poll_sleep::Light::turn_green,
                        wrong_cross_poll_sleep::Light::turn_red,
                        wrong_cross_poll_sleep::Light::cross_on_green,
                    )
                },
                "B spins",
            ),
            (
                "wrong_cross_turn_green_notify_one",
                || {
                    check::cross_on_green(
                        wrong_cross_turn_green_notify_one::Light::new,
                        wrong_cross_turn_green_notify_one::Light::turn_green,
                        wrong_cross_turn_green_notify_one::Light::turn_red,
                        wrong_cross_turn_green_notify_one::Light::cross_on_green,
                    )
                },
                "C waits on a condition variable for a notify",
            ),
            (
                "wrong_cross_turn_green_notify_first",
                || {
                    check::cross_on_green(
                        wrong_cross_turn_green_notify_first::Light::new,
                        wrong_cross_turn_green_notify_first::Light::turn_green,
                        wrong_cross_turn_green_notify_first::Light::turn_red,
                        wrong_cross_turn_green_notify_first::Light::cross_on_green,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_cross_std_sync",
                || {
                    check::cross_on_green(
                        wrong_cross_std_sync::Light::new,
                        wrong_cross_std_sync::Light::turn_green,
                        wrong_cross_std_sync::Light::turn_red,
                        wrong_cross_std_sync::Light::cross_on_green,
                    )
                },
                "std::sync::Mutex",
            ),
            (
                "wrong_cross_r2_if_not_while",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_if_not_while::Light::new,
                        wrong_cross_r2_if_not_while::Light::turn_green,
                        wrong_cross_r2_if_not_while::Light::turn_red,
                        wrong_cross_r2_if_not_while::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: a car crossed while the light showe",
            ),
            (
                "wrong_cross_r2_let_underscore_guard",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_let_underscore_guard::Light::new,
                        wrong_cross_r2_let_underscore_guard::Light::turn_green,
                        wrong_cross_r2_let_underscore_guard::Light::turn_red,
                        wrong_cross_r2_let_underscore_guard::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: a car crossed while the light showe",
            ),
            (
                "wrong_cross_r2_relock_without_recheck",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_relock_without_recheck::Light::new,
                        wrong_cross_r2_relock_without_recheck::Light::turn_green,
                        wrong_cross_r2_relock_without_recheck::Light::turn_red,
                        wrong_cross_r2_relock_without_recheck::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: a car crossed while the light showe",
            ),
            (
                "wrong_cross_r2_gives_up_on_red",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_gives_up_on_red::Light::new,
                        wrong_cross_r2_gives_up_on_red::Light::turn_green,
                        wrong_cross_r2_gives_up_on_red::Light::turn_red,
                        wrong_cross_r2_gives_up_on_red::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: `cross` ran 1 times (2 is right).",
            ),
            (
                "wrong_cross_r2_if_temporary_guard",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_if_temporary_guard::Light::new,
                        wrong_cross_r2_if_temporary_guard::Light::turn_green,
                        wrong_cross_r2_if_temporary_guard::Light::turn_red,
                        wrong_cross_r2_if_temporary_guard::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: a car crossed while the light showe",
            ),
            (
                "wrong_cross_r2_spin_yield",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_spin_yield::Light::new,
                        wrong_cross_r2_spin_yield::Light::turn_green,
                        wrong_cross_r2_spin_yield::Light::turn_red,
                        wrong_cross_r2_spin_yield::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: B spins: it went round the same loo",
            ),
            (
                "wrong_cross_r2_sleep_holding_lock",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_sleep_holding_lock::Light::new,
                        wrong_cross_r2_sleep_holding_lock::Light::turn_green,
                        wrong_cross_r2_sleep_holding_lock::Light::turn_red,
                        wrong_cross_r2_sleep_holding_lock::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: the run cannot go on: B sleeps (std",
            ),
            (
                "wrong_cross_r2_timeout_goes",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_timeout_goes::Light::new,
                        wrong_cross_r2_timeout_goes::Light::turn_green,
                        wrong_cross_r2_timeout_goes::Light::turn_red,
                        wrong_cross_r2_timeout_goes::Light::cross_on_green,
                    )
                },
                "the light (A) turned green, red and green while a car (B) crossed 2 times: a car crossed while the light showe",
            ),
            (
                "wrong_cross_r2_wait_while_inverted",
                || {
                    check::cross_on_green(
                        wrong_cross_r2_wait_while_inverted::Light::new,
                        wrong_cross_r2_wait_while_inverted::Light::turn_green,
                        wrong_cross_r2_wait_while_inverted::Light::turn_red,
                        wrong_cross_r2_wait_while_inverted::Light::cross_on_green,
                    )
                },
                "on one thread, a light turned green, then cross_on_green: deadlock: A waits on a condition variable for a noti",
            ),
        ]);
    }

    #[test]
    fn right_crossings_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_cross_recheck_loop", || {
                check::cross_on_green(
                    right_cross_recheck_loop::Light::new,
                    right_cross_recheck_loop::Light::turn_green,
                    right_cross_recheck_loop::Light::turn_red,
                    right_cross_recheck_loop::Light::cross_on_green,
                )
            }),
            ("right_cross_loop_return", || {
                check::cross_on_green(
                    right_cross_loop_return::Light::new,
                    right_cross_loop_return::Light::turn_green,
                    right_cross_loop_return::Light::turn_red,
                    right_cross_loop_return::Light::cross_on_green,
                )
            }),
            ("right_cross_timed_recheck", || {
                check::cross_on_green(
                    right_cross_timed_recheck::Light::new,
                    right_cross_timed_recheck::Light::turn_green,
                    right_cross_timed_recheck::Light::turn_red,
                    right_cross_timed_recheck::Light::cross_on_green,
                )
            }),
            ("right_cross_notify_outside_and_on_red", || {
                check::cross_on_green(
                    right_cross_notify_outside_and_on_red::Light::new,
                    right_cross_notify_outside_and_on_red::Light::turn_green,
                    right_cross_notify_outside_and_on_red::Light::turn_red,
                    right_cross_notify_outside_and_on_red::Light::cross_on_green,
                )
            }),
            ("right_cross_r2_wait_while_then_drop", || {
                check::cross_on_green(
                    right_cross_r2_wait_while_then_drop::Light::new,
                    right_cross_r2_wait_while_then_drop::Light::turn_green,
                    right_cross_r2_wait_while_then_drop::Light::turn_red,
                    right_cross_r2_wait_while_then_drop::Light::cross_on_green,
                )
            }),
            ("right_cross_r2_inside_predicate", || {
                check::cross_on_green(
                    right_cross_r2_inside_predicate::Light::new,
                    right_cross_r2_inside_predicate::Light::turn_green,
                    right_cross_r2_inside_predicate::Light::turn_red,
                    right_cross_r2_inside_predicate::Light::cross_on_green,
                )
            }),
            ("right_cross_r2_retry_loop", || {
                check::cross_on_green(
                    right_cross_r2_retry_loop::Light::new,
                    right_cross_r2_retry_loop::Light::turn_green,
                    right_cross_r2_retry_loop::Light::turn_red,
                    right_cross_r2_retry_loop::Light::cross_on_green,
                )
            }),
            ("right_cross_r2_loop_check_first", || {
                check::cross_on_green(
                    right_cross_r2_loop_check_first::Light::new,
                    right_cross_r2_loop_check_first::Light::turn_green,
                    right_cross_r2_loop_check_first::Light::turn_red,
                    right_cross_r2_loop_check_first::Light::cross_on_green,
                )
            }),
        ]);
    }

    #[test]
    fn a_relaxed_fast_path_passes_every_interleaving() {
        // Wrong only under the memory model: loom rejects it (below, under
        // `--cfg loom`); the explorer, which runs one step at a time, cannot.
        use answers::loom_wrong_event_relaxed_fast_path::Event as E;
        check::event(E::new, E::set, E::clear, E::wait, E::is_set).unwrap();
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        use answers::wrong_cross_starting_code::Light as L;
        let failure =
            check::cross_on_green(L::new, L::turn_green, L::turn_red, L::cross_on_green).unwrap_err();
        golden("traffic-light-gap-failure.txt", &failure);
    }
}

#[cfg(loom)]
#[path = "common/loom_deadlock.rs"]
mod loom_deadlock;

/// `RUSTFLAGS="--cfg loom" cargo test --release --test traffic_light`:
/// the `event` exercise's memory-ordering model passes the solution and
/// rejects an answer that every interleaving accepts.
#[cfg(loom)]
mod loom_exercise {
    use workbook::exercises::loom as model;

    use super::{answers, solution};

    #[test]
    fn the_event_solution_publishes_what_was_written_before_set() {
        use solution::Event as E;
        model::event(E::new, E::set, E::wait);
    }

    #[test]
    #[should_panic(expected = "did not see what A wrote before set()")]
    fn a_relaxed_fast_path_passes_every_interleaving_and_fails_under_loom() {
        use answers::loom_wrong_event_relaxed_fast_path::Event as E;
        model::event(E::new, E::set, E::wait);
    }
}

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
