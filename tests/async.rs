//! Lesson 11: on the workbook's executor, foo and bar take turns; ten
//! sleeping tasks all start before any ends; a blocking sleep or read lets
//! no other task run (the heartbeat does not tick) while the async ones
//! do; the echo server serves every client and survives the bad ones. The
//! exercises' checks pass the solutions and reject wrong answers.
//! Under `--cfg loom`: the run queue's wake-up protocol never loses a
//! task woken from another thread while the executor goes to sleep, and
//! the same protocol with the waker's read and write swapped does.

#[cfg(not(loom))]
mod common;

#[cfg(not(loom))]
#[path = "../lessons/11-async/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use std::time::Duration;

    use workbook::deadline::within;
    use workbook::lessons::r#async::{self as lesson, EchoServer, FROZEN, Limits, Wait};

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    const TICK: Duration = Duration::from_millis(5);
    const PAUSE: Duration = Duration::from_millis(60);

    #[test]
    fn foo_and_bar_take_turns_at_each_yield() {
        let trace = lesson::foo_bar();
        assert_eq!(trace.steps(), ["foo runs", "bar runs", "foo runs again", "bar runs again"]);
        golden("async-foo-bar.txt", &trace.timeline());
    }

    #[test]
    fn spawned_sleepers_all_start_before_any_ends_and_awaited_ones_do_not() {
        let each = Duration::from_millis(5);
        let seq = lesson::one_after_another(4, each);
        let conc = lesson::all_at_once(4, each);
        assert_eq!(seq.started_before_first_done(), 1);
        assert_eq!(conc.started_before_first_done(), 4);
        assert_eq!(conc.done_order(), [0, 1, 2, 3], "equal sleeps end in the order they began");
        assert!(seq.took >= each * 4, "{:?}", seq.took);
        golden("async-four-tasks.txt", &conc.trace.timeline());
    }

    #[test]
    fn a_blocking_sleep_freezes_every_task() {
        let f = lesson::freeze(Wait::BlockingSleep, TICK, PAUSE).unwrap();
        assert_eq!(f.ticks_during, 0);
        assert!(f.waited >= PAUSE && f.longest_gap >= PAUSE, "{f:?}");
        assert_eq!(f.trace.marks(), 1);
        golden("async-blocking-sleep.txt", &f.trace.timeline());
    }

    #[test]
    fn a_blocking_read_waits_for_bytes_its_sender_cannot_send() {
        let f = within(LIMIT, "a blocking read", || lesson::freeze(Wait::BlockingRead, TICK, PAUSE).unwrap());
        assert_eq!((f.ticks_during, f.got_bytes), (0, Some(false)));
        assert!(f.trace.events.iter().any(|e| e.mark.as_deref() == Some(FROZEN)));
        let sent = f.trace.events.iter().position(|e| e.label == "sends").expect("the sender ran at last");
        let woke = f.trace.events.iter().position(|e| e.label == "wakes").unwrap();
        assert!(sent > woke, "the sender ran only after the read gave up:\n{}", f.trace);
    }

    #[test]
    fn async_waits_let_the_heartbeat_tick_and_the_sender_send() {
        let sleep = lesson::freeze(Wait::AsyncSleep, TICK, PAUSE).unwrap();
        assert!(sleep.ticks_during >= 1, "{}", sleep.trace);
        assert_eq!(sleep.trace.marks(), 0);
        let read = within(LIMIT, "an async read", || lesson::freeze(Wait::AsyncRead, TICK, PAUSE).unwrap());
        assert_eq!(read.got_bytes, Some(true));
        assert!(read.ticks_during >= 1, "{}", read.trace);
    }

    #[test]
    fn the_echo_server_echoes_many_clients_on_one_thread() {
        let server = EchoServer::start(Limits::default()).unwrap();
        let addr = server.addr();
        let (echoed, _) = within(LIMIT, "20 clients", move || lesson::clients(addr, 20, 50, 100).unwrap());
        assert_eq!(echoed, 1000);
        within(LIMIT, "round trips", move || {
            lesson::round_trips(addr, 200, &lesson::line_of(1024), LIMIT).unwrap()
        });
        let stats = server.stop();
        assert!(stats.summary().starts_with("served 21, busy 0, lines 1200"), "{}", stats.summary());
    }

    #[test]
    fn bad_clients_stall_nobody_and_get_told_why() {
        let limits = Limits { idle: Duration::from_millis(300), ..Limits::default() };
        let bad = within(LIMIT, "bad clients", move || lesson::bad_clients(limits, 100).unwrap());
        assert_eq!(bad.too_long_reply, "error: line longer than 1024 bytes");
        assert_eq!(bad.silent_reply, "bye: idle");
        assert_eq!(bad.busy_reply, "busy");
        assert!(bad.garbage_echoed);
        assert_eq!(bad.healthy_trips, 100);
        assert!(bad.stats.contains("too long 1"), "{}", bad.stats);
    }

    #[test]
    fn the_binary_shows_the_freeze_and_the_server_and_refuses_bad_flags() {
        let exe = env!("CARGO_BIN_EXE_async");
        let out =
            stdout_ok(exe, &["--task-ms", "5", "--pause-ms", "40", "--lines", "20", "--idle-ms", "200"]);
        for line in [
            "✓ yield_now",
            "10 started before the first was done",
            "✗ blocking: 2 of 2 blocking waits froze every other task",
            "✓ async: the heartbeat kept ticking",
            "one client too many read:          busy",
            "✓ echo",
        ] {
            assert!(out.contains(line), "no {line:?} in:\n{out}");
        }
        let racy = stdout_ok(exe, &["--mode", "racy", "--trace", "--pause-ms", "20"]);
        assert!(racy.contains(FROZEN) && !racy.contains("Echo server"), "{racy}");
        refuses(exe, &["--tasks", "0"]);
        refuses(exe, &["--idle-ms", "1"]);
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/async.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::r#async as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "async",
            &[
                ("race", || check::race(|a, b| Box::pin(solution::race(a, b)))),
                ("concurrent", || {
                    check::concurrent(|names, fetch| Box::pin(solution::fetch_all(names, move |n| fetch(n))))
                }),
            ],
        );
    }

    #[test]
    fn wrong_races_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_race_awaits_in_turn",
                || check::race(|a, b| Box::pin(wrong_race_awaits_in_turn::race(a, b))),
                "race polled b again after the winner was ready",
            ),
            (
                "wrong_race_b_polled_once",
                || check::race(|a, b| Box::pin(wrong_race_b_polled_once::race(a, b))),
                "a finishes after 5 yields, b after 1: race returned Left(\"a\")",
            ),
            (
                "wrong_race_a_polled_once",
                || check::race(|a, b| Box::pin(wrong_race_a_polled_once::race(a, b))),
                "a finishes after 1 yields, b after 5: race returned Right(7)",
            ),
            (
                "wrong_race_self_wake_busy",
                || check::race(|a, b| Box::pin(wrong_race_self_wake_busy::race(a, b))),
                "busy-waiting",
            ),
            (
                "wrong_race_noop_waker_busy",
                || check::race(|a, b| Box::pin(wrong_race_noop_waker_busy::race(a, b))),
                "busy-waiting",
            ),
            (
                "wrong_race_peeks_a_with_noop_waker",
                || check::race(|a, b| Box::pin(wrong_race_peeks_a_with_noop_waker::race(a, b))),
                "a sleeps 10 ms, b never finishes: it did not return",
            ),
            (
                "wrong_race_polls_b_after_a_won",
                || check::race(|a, b| Box::pin(wrong_race_polls_b_after_a_won::race(a, b))),
                "race polled b again after the winner was ready",
            ),
            (
                "wrong_race_forgets_loser",
                || check::race(|a, b| Box::pin(wrong_race_forgets_loser::race(a, b))),
                "kept a future alive",
            ),
            (
                "wrong_race_waits_for_both",
                || check::race(|a, b| Box::pin(wrong_race_waits_for_both::race(a, b))),
                "race polled b again after the winner was ready",
            ),
            (
                "wrong_race_yield_now_loop",
                || check::race(|a, b| Box::pin(wrong_race_yield_now_loop::race(a, b))),
                "busy-waiting",
            ),
            (
                "wrong_race_thread_sleep_loop",
                || check::race(|a, b| Box::pin(wrong_race_thread_sleep_loop::race(a, b))),
                "it loops inside one poll",
            ),
        ]);
    }

    #[test]
    fn right_races_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_race_polls_b_first", || {
                check::race(|a, b| Box::pin(right_race_polls_b_first::race(a, b)))
            }),
            ("right_race_nested_match", || check::race(|a, b| Box::pin(right_race_nested_match::race(a, b)))),
            ("right_race_hand_written_future", || {
                check::race(|a, b| Box::pin(right_race_hand_written_future::race(a, b)))
            }),
            ("right_race_drops_loser_at_once", || {
                check::race(|a, b| Box::pin(right_race_drops_loser_at_once::race(a, b)))
            }),
            ("right_race_alternates_order", || {
                check::race(|a, b| Box::pin(right_race_alternates_order::race(a, b)))
            }),
        ]);
    }

    #[test]
    fn wrong_fetch_alls_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_conc_one_after_another",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_one_after_another::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetches had started when the first one ended",
            ),
            (
                "wrong_conc_makes_all_then_awaits_each",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_makes_all_then_awaits_each::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetches had started when the first one ended",
            ),
            (
                "wrong_conc_spawn_and_await_each",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_spawn_and_await_each::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetches had started when the first one ended",
            ),
            (
                "wrong_conc_finishing_order",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_finishing_order::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetch_all returned [\"page e\", \"page d\"",
            ),
            (
                "wrong_conc_sorts_pages",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_sorts_pages::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetch_all returned [\"page a\", \"page a\", \"page slow\"]",
            ),
            (
                "wrong_conc_hashmap_values",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_hashmap_values::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "five pages ([\"a\", \"b\", \"c\", \"d\", \"e\"]): fetch_all returned",
            ),
            (
                "wrong_conc_busy_join",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_busy_join::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "busy-waiting",
            ),
            (
                "wrong_conc_join_stops_at_first_pending",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_join_stops_at_first_pending::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetches had started when the first one ended",
            ),
            (
                "wrong_conc_empty_hangs",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_empty_hangs::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "no pages ([]): it did not return",
            ),
            (
                "wrong_conc_block_on_inside",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_block_on_inside::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "it panicked: 'block_on inside block_on",
            ),
            (
                "wrong_conc_fixed_sleep",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_fixed_sleep::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "fetch_all returned [\"page a\", \"page a\"]",
            ),
            (
                "wrong_conc_yield_until_filled",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_yield_until_filled::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "busy-waiting",
            ),
            (
                "wrong_conc_two_at_a_time",
                || {
                    check::concurrent(|names, fetch| {
                        Box::pin(wrong_conc_two_at_a_time::fetch_all(names, move |n| fetch(n)))
                    })
                },
                "only 2 of 5 fetches had started",
            ),
        ]);
    }

    #[test]
    fn right_fetch_alls_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_conc_dedups_names", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_dedups_names::fetch_all(names, move |n| fetch(n)))
                })
            }),
            ("right_conc_spawn_and_join_handles", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_spawn_and_join_handles::fetch_all(names, move |n| fetch(n)))
                })
            }),
            ("right_conc_spawn_then_await_in_order", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_spawn_then_await_in_order::fetch_all(names, move |n| fetch(n)))
                })
            }),
            ("right_conc_hand_join", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_hand_join::fetch_all(names, move |n| fetch(n)))
                })
            }),
            ("right_conc_slots_by_index", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_slots_by_index::fetch_all(names, move |n| fetch(n)))
                })
            }),
            ("right_conc_lazy_blocks", || {
                check::concurrent(|names, fetch| {
                    Box::pin(right_conc_lazy_blocks::fetch_all(names, move |n| fetch(n)))
                })
            }),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let serial = check::concurrent(|names, fetch| {
            Box::pin(answers::wrong_conc_one_after_another::fetch_all(names, move |n| fetch(n)))
        })
        .unwrap_err();
        assert!(serial.contains("only 1 of 5 fetches had started"), "{serial}");
        golden("async-concurrent-failure.txt", &serial);
    }
}

#[cfg(loom)]
mod loom_checks {
    use workbook::coro::wake::RunQueue;
    use workbook::sync::{Arc, AtomicBool, Ordering::SeqCst, thread};

    /// The executor finds nothing to run and goes to sleep, while another
    /// thread wakes task 7 with `wake`. Returns whether the executor slept
    /// with task 7 queued and nobody to interrupt it: a lost wake-up.
    fn lost_wakeup(wake: fn(&RunQueue, usize, &AtomicBool) -> bool) -> bool {
        let queue = Arc::new(RunQueue::new());
        let interrupted = Arc::new(AtomicBool::new(false));
        let waker = {
            let (queue, interrupted) = (Arc::clone(&queue), Arc::clone(&interrupted));
            thread::spawn(move || {
                let queued = AtomicBool::new(false);
                if wake(&queue, 7, &queued) {
                    interrupted.store(true, SeqCst); // mio::Waker::wake
                }
            })
        };
        let sleeps = queue.may_sleep();
        waker.join().unwrap();
        queue.awake();
        // Sleeping is fine if the waker interrupts it, or if the queue
        // really stayed empty (then the waker pushed after we looked and
        // saw us asleep: it interrupts).
        sleeps && !interrupted.load(SeqCst)
    }

    /// The wrong order: read `asleep` first, push second.
    fn read_then_push(queue: &RunQueue, slot: usize, queued: &AtomicBool) -> bool {
        if queued.swap(true, SeqCst) {
            return false;
        }
        let asleep = queue.is_asleep();
        queue.push(slot);
        asleep
    }

    #[test]
    fn a_wake_from_another_thread_is_never_lost() {
        loom::model(|| assert!(!lost_wakeup(RunQueue::wake), "the executor slept through a wake-up"));
    }

    #[test]
    fn reading_asleep_before_the_push_loses_the_wakeup() {
        let lost = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = std::sync::Arc::clone(&lost);
        loom::model(move || {
            if lost_wakeup(read_then_push) {
                seen.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        });
        assert!(lost.load(std::sync::atomic::Ordering::SeqCst), "loom found no schedule that loses it");
    }

    #[test]
    fn a_task_woken_twice_at_once_is_queued_once() {
        loom::model(|| {
            let queue = Arc::new(RunQueue::new());
            let queued = Arc::new(AtomicBool::new(false));
            let other = {
                let (queue, queued) = (Arc::clone(&queue), Arc::clone(&queued));
                thread::spawn(move || {
                    queue.wake(3, &queued);
                })
            };
            queue.wake(3, &queued);
            other.join().unwrap();
            let mut batch = std::collections::VecDeque::new();
            queue.take_all(&mut batch);
            assert_eq!(batch, [3]);
        });
    }
}
