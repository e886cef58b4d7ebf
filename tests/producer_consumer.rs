//! Lesson 07: consumers that look (`is_empty`) and then take (`try_get`)
//! find nothing when another consumer took the item in between (forced by
//! a script); an unbounded queue grows to every item its slow consumers
//! have not reached; a bounded queue taken from with `get` does neither,
//! under every schedule.
//!
//! And the queues the lesson is built on: `JoinableQueue`, `LifoQueue` and
//! `PriorityQueue`, under schedules and outside them. Every item is taken
//! exactly once, `join` returns only after the last `task_done`, a bounded
//! queue never holds more than its capacity, and `close` wakes everyone who
//! waits. Under `--cfg loom`: put, get, task_done and join model-checked,
//! and a `task_done` that notifies before it counts is caught.

#[cfg(not(loom))]
mod common;

#[cfg_attr(loom, allow(dead_code))]
#[path = "../lessons/07-producer-consumer/solution.rs"]
mod solution;

#[cfg(not(loom))]
mod behaviour {
    use workbook::deadline::within;
    use workbook::lessons::producer_consumer::{
        MISSED, PEAK, Setup, Version, miss_script, orders, run, shown, tally, worst,
    };
    use workbook::sched::Schedule;

    use super::common::{LIMIT, golden, refuses, stdout_ok};

    fn small() -> Setup {
        Setup { producers: 2, consumers: 2, items: 2, capacity: 2 }
    }

    #[test]
    fn the_script_makes_every_other_consumer_miss() {
        within(LIMIT, "scripted misses", || {
            for consumers in [2, 3] {
                let setup = Setup { consumers, ..Setup::new() };
                let outcome =
                    run(Version::CheckThenTake, setup, worst(Version::CheckThenTake, setup)).unwrap();
                let scripted = &outcome.trace.steps()[..miss_script(consumers).len()];
                assert_eq!(scripted, miss_script(consumers), "the script ran as written");
                assert!(outcome.missed >= consumers - 1, "{}", outcome.trace.timeline());
                let marked =
                    outcome.trace.events.iter().filter(|e| e.mark.as_deref() == Some(MISSED)).count();
                assert_eq!(marked, outcome.missed, "every miss is marked");
                assert_eq!((outcome.lost(), outcome.duplicated()), (0, 0), "a miss loses no item");
            }
        });
    }

    #[test]
    fn random_schedules_find_misses_too() {
        within(LIMIT, "random misses", || {
            let t = tally(Version::CheckThenTake, Setup::new(), 20, |i| Schedule::random(i as u64)).unwrap();
            assert!(t.runs_missing > 0 && t.broken == 0, "{t:?}");
        });
    }

    #[test]
    fn get_never_misses_and_every_item_is_handled_once_before_its_join_returns() {
        within(LIMIT, "fixed runs", || {
            let setup = Setup::new();
            let rr = tally(Version::Bounded, setup, 1, |_| worst(Version::Bounded, setup)).unwrap();
            let random = tally(Version::Bounded, setup, 20, |i| Schedule::random(i as u64)).unwrap();
            let free = tally(Version::Bounded, setup, 5, |_| Schedule::free()).unwrap();
            for t in [&rr, &random, &free] {
                assert!(t.missed == 0 && t.broken == 0 && t.max_peak <= setup.capacity, "{t:?}");
            }
            assert_eq!(rr.max_peak, setup.capacity, "sleepers last fills the queue");
            let outcome = run(Version::Bounded, setup, Schedule::round_robin()).unwrap();
            assert_eq!(outcome.handled.len(), setup.total());
            assert!((1..=setup.consumers).all(|c| !outcome.by(c).is_empty()), "round-robin shares the work");
        });
    }

    #[test]
    fn an_unbounded_queue_grows_past_any_bound_a_bounded_one_keeps() {
        within(LIMIT, "peaks", || {
            let setup = Setup { items: 10, ..Setup::new() };
            for version in [Version::Unbounded, Version::Bounded] {
                let outcome = run(version, setup, worst(version, setup)).unwrap();
                assert_eq!(outcome.lost() + outcome.duplicated() + outcome.early, 0);
                match version {
                    Version::Unbounded => assert!(outcome.peak >= setup.total() / 2, "peak {}", outcome.peak),
                    _ => assert_eq!(outcome.peak, setup.capacity),
                }
            }
        });
    }

    #[test]
    fn q2_hands_the_same_items_out_in_three_orders() {
        let [fifo, lifo, priority] = orders(&[3, 1, 2]);
        assert_eq!((fifo.1, lifo.1, priority.1), (vec![3, 1, 2], vec![2, 1, 3], vec![1, 2, 3]));
    }

    #[test]
    fn the_book_timelines_are_current() {
        within(LIMIT, "timelines", || {
            for (version, file) in [
                (Version::CheckThenTake, "producer-consumer-misses.txt"),
                (Version::Unbounded, "producer-consumer-unbounded.txt"),
                (Version::Bounded, "producer-consumer-bounded.txt"),
            ] {
                let outcome = run(version, small(), worst(version, small())).unwrap();
                let trace = shown(&outcome);
                let last = trace.events.last().and_then(|e| e.mark.as_deref());
                let want = if version == Version::CheckThenTake {
                    MISSED
                } else if version == Version::Unbounded {
                    PEAK
                } else {
                    last.unwrap_or("")
                };
                assert_eq!(last, Some(want), "the timeline ends on its mark:\n{}", trace.timeline());
                golden(file, &trace.timeline());
            }
        });
    }

    const EXE: &str = env!("CARGO_BIN_EXE_producer-consumer");

    #[test]
    fn the_binary_shows_the_orders_who_handled_what_and_the_verdicts() {
        let out = stdout_ok(EXE, &["--runs", "2"]);
        for needle in [
            "PriorityQueue (smallest first)        hands out 1 1 3 4 5",
            "C1 handled",
            "✗ look-then-take: consumers found nothing after seeing an item",
            "✗ unbounded: the queue grew to",
            "✓ fixed: no miss, never more than 2 queued",
        ] {
            assert!(out.contains(needle), "{needle:?} missing from\n{out}");
        }
    }

    #[test]
    fn the_binary_traces_the_worst_cases() {
        let out = stdout_ok(EXE, &["--trace", "--runs", "1"]);
        for needle in
            ["scripted schedule, step by step", MISSED, PEAK, "more steps until every thread is done"]
        {
            assert!(out.contains(needle), "{needle:?} missing from\n{out}");
        }
    }

    #[test]
    fn the_binary_refuses_bad_flags() {
        refuses(EXE, &["--items", "0"]);
        refuses(EXE, &["--capacity", "1001"]);
        refuses(EXE, &["--threads", "0"]);
    }
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/producer_consumer.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::producer_consumer as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "producer-consumer",
            &[
                ("joinable", || {
                    check::joinable(
                        solution::Joinable::new,
                        solution::Joinable::put,
                        solution::Joinable::get,
                        solution::Joinable::task_done,
                        solution::Joinable::join,
                    )
                }),
                ("consumer", || check::consumer(solution::consume)),
            ],
        );
    }

    #[test]
    fn wrong_joinable_queues_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_joinable_join_if",
                || {
                    check::joinable(
                        wrong_joinable_join_if::Joinable::new,
                        wrong_joinable_join_if::Joinable::put,
                        wrong_joinable_join_if::Joinable::get,
                        wrong_joinable_join_if::Joinable::task_done,
                        wrong_joinable_join_if::Joinable::join,
                    )
                },
                "A's join() returned while only 0 of the 2 items put had been marked done",
            ),
            (
                "wrong_joinable_notify_one",
                || {
                    check::joinable(
                        wrong_joinable_notify_one::Joinable::new,
                        wrong_joinable_notify_one::Joinable::put,
                        wrong_joinable_notify_one::Joinable::get,
                        wrong_joinable_notify_one::Joinable::task_done,
                        wrong_joinable_notify_one::Joinable::join,
                    )
                },
                "B waits on a condition variable for a notify",
            ),
            (
                "wrong_joinable_notify_before_count",
                || {
                    check::joinable(
                        wrong_joinable_notify_before_count::Joinable::new,
                        wrong_joinable_notify_before_count::Joinable::put,
                        wrong_joinable_notify_before_count::Joinable::get,
                        wrong_joinable_notify_before_count::Joinable::task_done,
                        wrong_joinable_notify_before_count::Joinable::join,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_joinable_no_refusal",
                || {
                    check::joinable(
                        wrong_joinable_no_refusal::Joinable::new,
                        wrong_joinable_no_refusal::Joinable::put,
                        wrong_joinable_no_refusal::Joinable::get,
                        wrong_joinable_no_refusal::Joinable::task_done,
                        wrong_joinable_no_refusal::Joinable::join,
                    )
                },
                "gave (items, results) ((1, 2), [Ok(())",
            ),
            (
                "wrong_joinable_underflow",
                || {
                    check::joinable(
                        wrong_joinable_underflow::Joinable::new,
                        wrong_joinable_underflow::Joinable::put,
                        wrong_joinable_underflow::Joinable::get,
                        wrong_joinable_underflow::Joinable::task_done,
                        wrong_joinable_underflow::Joinable::join,
                    )
                },
                "attempt to subtract with overflow",
            ),
            (
                "wrong_joinable_notify_at_one",
                || {
                    check::joinable(
                        wrong_joinable_notify_at_one::Joinable::new,
                        wrong_joinable_notify_at_one::Joinable::put,
                        wrong_joinable_notify_at_one::Joinable::get,
                        wrong_joinable_notify_at_one::Joinable::task_done,
                        wrong_joinable_notify_at_one::Joinable::join,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_joinable_join_spins",
                || {
                    check::joinable(
                        wrong_joinable_join_spins::Joinable::new,
                        wrong_joinable_join_spins::Joinable::put,
                        wrong_joinable_join_spins::Joinable::get,
                        wrong_joinable_join_spins::Joinable::task_done,
                        wrong_joinable_join_spins::Joinable::join,
                    )
                },
                "A spins",
            ),
            (
                "wrong_joinable_join_sleep_poll",
                || {
                    check::joinable(
                        wrong_joinable_join_sleep_poll::Joinable::new,
                        wrong_joinable_join_sleep_poll::Joinable::put,
                        wrong_joinable_join_sleep_poll::Joinable::get,
                        wrong_joinable_join_sleep_poll::Joinable::task_done,
                        wrong_joinable_join_sleep_poll::Joinable::join,
                    )
                },
                "A spins",
            ),
            (
                "wrong_joinable_join_two_scopes",
                || {
                    check::joinable(
                        wrong_joinable_join_two_scopes::Joinable::new,
                        wrong_joinable_join_two_scopes::Joinable::put,
                        wrong_joinable_join_two_scopes::Joinable::get,
                        wrong_joinable_join_two_scopes::Joinable::task_done,
                        wrong_joinable_join_two_scopes::Joinable::join,
                    )
                },
                "A waits on a condition variable for a notify",
            ),
            (
                "wrong_joinable_join_timeout_is_done",
                || {
                    check::joinable(
                        wrong_joinable_join_timeout_is_done::Joinable::new,
                        wrong_joinable_join_timeout_is_done::Joinable::put,
                        wrong_joinable_join_timeout_is_done::Joinable::get,
                        wrong_joinable_join_timeout_is_done::Joinable::task_done,
                        wrong_joinable_join_timeout_is_done::Joinable::join,
                    )
                },
                "join() returned while only 0 of the 2 items put had been marked done",
            ),
            (
                "wrong_joinable_wrong_condvar",
                || {
                    check::joinable(
                        wrong_joinable_wrong_condvar::Joinable::new,
                        wrong_joinable_wrong_condvar::Joinable::put,
                        wrong_joinable_wrong_condvar::Joinable::get,
                        wrong_joinable_wrong_condvar::Joinable::task_done,
                        wrong_joinable_wrong_condvar::Joinable::join,
                    )
                },
                "waits on a condition variable for a notify",
            ),
            (
                "wrong_joinable_join_waits_for_empty_queue",
                || {
                    check::joinable(
                        wrong_joinable_join_waits_for_empty_queue::Joinable::new,
                        wrong_joinable_join_waits_for_empty_queue::Joinable::put,
                        wrong_joinable_join_waits_for_empty_queue::Joinable::get,
                        wrong_joinable_join_waits_for_empty_queue::Joinable::task_done,
                        wrong_joinable_join_waits_for_empty_queue::Joinable::join,
                    )
                },
                "join() returned while only 1 of the 2 items put had been marked done",
            ),
            (
                "wrong_joinable_refuse_untaken",
                || {
                    check::joinable(
                        wrong_joinable_refuse_untaken::Joinable::new,
                        wrong_joinable_refuse_untaken::Joinable::put,
                        wrong_joinable_refuse_untaken::Joinable::get,
                        wrong_joinable_refuse_untaken::Joinable::task_done,
                        wrong_joinable_refuse_untaken::Joinable::join,
                    )
                },
                "[Err(TaskDoneError), Err(TaskDoneError)",
            ),
            (
                "wrong_joinable_task_done_check_then_act",
                || {
                    check::joinable(
                        wrong_joinable_task_done_check_then_act::Joinable::new,
                        wrong_joinable_task_done_check_then_act::Joinable::put,
                        wrong_joinable_task_done_check_then_act::Joinable::get,
                        wrong_joinable_task_done_check_then_act::Joinable::task_done,
                        wrong_joinable_task_done_check_then_act::Joinable::join,
                    )
                },
                "A and B each called task_done at once: a thread panicked",
            ),
            (
                "wrong_joinable_lock_twice",
                || {
                    check::joinable(
                        wrong_joinable_lock_twice::Joinable::new,
                        wrong_joinable_lock_twice::Joinable::put,
                        wrong_joinable_lock_twice::Joinable::get,
                        wrong_joinable_lock_twice::Joinable::task_done,
                        wrong_joinable_lock_twice::Joinable::join,
                    )
                },
                "locks a mutex it already holds",
            ),
        ]);
    }

    #[test]
    fn right_joinable_queues_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_joinable_checked_sub_loop", || {
                check::joinable(
                    right_joinable_checked_sub_loop::Joinable::new,
                    right_joinable_checked_sub_loop::Joinable::put,
                    right_joinable_checked_sub_loop::Joinable::get,
                    right_joinable_checked_sub_loop::Joinable::task_done,
                    right_joinable_checked_sub_loop::Joinable::join,
                )
            }),
            ("right_joinable_notify_after_unlock", || {
                check::joinable(
                    right_joinable_notify_after_unlock::Joinable::new,
                    right_joinable_notify_after_unlock::Joinable::put,
                    right_joinable_notify_after_unlock::Joinable::get,
                    right_joinable_notify_after_unlock::Joinable::task_done,
                    right_joinable_notify_after_unlock::Joinable::join,
                )
            }),
            ("right_joinable_notify_every_time", || {
                check::joinable(
                    right_joinable_notify_every_time::Joinable::new,
                    right_joinable_notify_every_time::Joinable::put,
                    right_joinable_notify_every_time::Joinable::get,
                    right_joinable_notify_every_time::Joinable::task_done,
                    right_joinable_notify_every_time::Joinable::join,
                )
            }),
            ("right_joinable_timed_wait_rechecks", || {
                check::joinable(
                    right_joinable_timed_wait_rechecks::Joinable::new,
                    right_joinable_timed_wait_rechecks::Joinable::put,
                    right_joinable_timed_wait_rechecks::Joinable::get,
                    right_joinable_timed_wait_rechecks::Joinable::task_done,
                    right_joinable_timed_wait_rechecks::Joinable::join,
                )
            }),
            ("right_joinable_notify_then_count_one_scope", || {
                check::joinable(
                    right_joinable_notify_then_count_one_scope::Joinable::new,
                    right_joinable_notify_then_count_one_scope::Joinable::put,
                    right_joinable_notify_then_count_one_scope::Joinable::get,
                    right_joinable_notify_then_count_one_scope::Joinable::task_done,
                    right_joinable_notify_then_count_one_scope::Joinable::join,
                )
            }),
        ]);
    }

    #[test]
    fn wrong_consumers_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_consumer_done_before_handle",
                || check::consumer(wrong_consumer_done_before_handle::consume),
                "A's join() returned while only 1 of the 2 items put had been handled",
            ),
            (
                "wrong_consumer_stops_when_empty",
                || check::consumer(wrong_consumer_stops_when_empty::consume),
                "A waits on a condition variable for a notify",
            ),
            (
                "wrong_consumer_spin_try_get",
                || check::consumer(wrong_consumer_spin_try_get::consume),
                "B spins",
            ),
            ("wrong_consumer_sleep_poll", || check::consumer(wrong_consumer_sleep_poll::consume), "B spins"),
            (
                "wrong_consumer_timeout_is_end",
                || check::consumer(wrong_consumer_timeout_is_end::consume),
                "closed it and joined while B consumed: deadlock",
            ),
            (
                "wrong_consumer_no_task_done",
                || check::consumer(wrong_consumer_no_task_done::consume),
                "consuming [5, 5, 7] from a closed queue: deadlock",
            ),
            (
                "wrong_consumer_task_done_for_sentinel",
                || check::consumer(wrong_consumer_task_done_for_sentinel::consume),
                "TaskDoneError",
            ),
            (
                "wrong_consumer_stops_when_closed",
                || check::consumer(wrong_consumer_stops_when_closed::consume),
                "consuming [5, 5, 7] from a closed queue: deadlock",
            ),
            (
                "wrong_consumer_if_not_while",
                || check::consumer(wrong_consumer_if_not_while::consume),
                "consuming [5, 5, 7] from a closed queue: deadlock",
            ),
            (
                "wrong_consumer_batch_off_by_one",
                || check::consumer(wrong_consumer_batch_off_by_one::consume),
                "consuming [5, 5, 7] from a closed queue: deadlock",
            ),
            (
                "wrong_consumer_deferred_ack",
                || check::consumer(wrong_consumer_deferred_ack::consume),
                "deadlock",
            ),
            (
                "wrong_consumer_look_then_get",
                || check::consumer(wrong_consumer_look_then_get::consume),
                "B spins",
            ),
            (
                "wrong_consumer_guard_dropped_at_once",
                || check::consumer(wrong_consumer_guard_dropped_at_once::consume),
                "A's join() returned while only 1 of the 2 items put had been handled",
            ),
        ]);
    }

    #[test]
    fn right_consumers_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_consumer_match_loop", || check::consumer(right_consumer_match_loop::consume)),
            ("right_consumer_timeout_retries", || check::consumer(right_consumer_timeout_retries::consume)),
            ("right_consumer_batch_then_mark", || check::consumer(right_consumer_batch_then_mark::consume)),
            ("right_consumer_snapshot_then_get", || {
                check::consumer(right_consumer_snapshot_then_get::consume)
            }),
            ("right_consumer_finally_guard", || check::consumer(right_consumer_finally_guard::consume)),
            ("right_consumer_iter_from_fn", || check::consumer(right_consumer_iter_from_fn::consume)),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        golden(
            "producer-consumer-done-first-failure.txt",
            &check::consumer(answers::wrong_consumer_done_before_handle::consume).unwrap_err(),
        );
    }
}

#[cfg(not(loom))]
mod library {
    use std::sync::Mutex as StdMutex;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::Duration;

    use workbook::deadline::within;
    use workbook::sched::{self, Schedule};
    use workbook::sync::{
        Closed, GetTimeoutError, JoinableQueue, LifoQueue, PriorityQueue, PutTimeoutError, TaskDoneError,
        TryGetError, TryPutError,
    };

    use super::common::LIMIT;

    fn drain<O: workbook::sync::Order<u32>>(q: &workbook::sync::Queue<u32, O>) -> Vec<u32> {
        std::iter::from_fn(|| q.try_get().ok()).collect()
    }

    #[test]
    fn fifo_lifo_and_priority_orders() {
        let fifo = JoinableQueue::unbounded();
        let lifo = LifoQueue::unbounded();
        let priority = PriorityQueue::unbounded();
        for n in [3, 1, 2] {
            fifo.put(n).unwrap();
            lifo.put(n).unwrap();
            priority.put(n).unwrap();
        }
        assert_eq!(drain(&fifo), [3, 1, 2]);
        assert_eq!(drain(&lifo), [2, 1, 3]);
        assert_eq!(drain(&priority), [1, 2, 3]);
    }

    #[test]
    fn try_put_and_try_get_say_why_not() {
        let q = JoinableQueue::bounded(1);
        assert_eq!(q.try_get(), Err(TryGetError::Empty));
        q.try_put(1).unwrap();
        assert_eq!(q.try_put(2), Err(TryPutError::Full(2)));
        assert_eq!((q.len(), q.capacity(), q.unfinished()), (1, Some(1), 1));
        q.close();
        assert_eq!(q.try_put(3), Err(TryPutError::Closed(3)));
        assert_eq!(q.put(4), Err(Closed(4)), "the item comes back");
        assert_eq!(q.try_get(), Ok(1), "what is left is still taken after close");
        assert_eq!(q.try_get(), Err(TryGetError::Closed));
        assert_eq!(q.get(), None);
        assert!(q.is_closed() && q.is_empty());
    }

    #[test]
    fn task_done_too_often_is_an_error_and_changes_nothing() {
        let q = JoinableQueue::unbounded();
        assert_eq!(q.task_done(), Err(TaskDoneError));
        q.put("a").unwrap();
        assert_eq!(q.unfinished(), 1, "an item put is unfinished until task_done");
        assert_eq!(q.get(), Some("a"));
        assert_eq!(q.task_done(), Ok(()));
        assert_eq!(q.task_done(), Err(TaskDoneError));
        assert_eq!(q.unfinished(), 0);
        q.join(); // nothing unfinished: returns at once
        assert_eq!(TaskDoneError.to_string(), "task_done() called more times than items were put");
    }

    #[test]
    fn timeouts_run_out_and_say_so() {
        let q = JoinableQueue::bounded(1);
        assert_eq!(q.get_timeout(Duration::from_millis(1)), Err(GetTimeoutError::Timeout));
        q.put(1).unwrap();
        assert_eq!(q.put_timeout(2, Duration::from_millis(1)), Err(PutTimeoutError::Timeout(2)));
        assert_eq!(q.get_timeout(Duration::from_secs(3600)), Ok(1), "an item there is taken at once");
        q.put_timeout(3, Duration::MAX).unwrap();
        q.close();
        assert_eq!(q.put_timeout(4, Duration::from_millis(1)), Err(PutTimeoutError::Closed(4)));
        assert_eq!(q.get_timeout(Duration::from_millis(1)), Ok(3));
        assert_eq!(q.get_timeout(Duration::from_millis(1)), Err(GetTimeoutError::Closed));
    }

    #[test]
    #[should_panic(expected = "a bounded queue holds at least one item")]
    fn a_queue_of_zero_is_refused() {
        let _ = JoinableQueue::<u8>::bounded(0);
    }

    #[test]
    fn errors_print_without_their_items() {
        assert_eq!(format!("{:?}", TryPutError::Full(vec![1])), "Full(..)");
        assert_eq!(Closed(()).to_string(), "put on a closed queue");
        let q = JoinableQueue::<u8>::bounded(4);
        assert_eq!(
            format!("{q:?}"),
            "Queue { len: 0, capacity: Some(4), unfinished: 0, closed: false, peak: 0 }"
        );
    }

    fn schedules() -> impl Iterator<Item = Schedule> {
        std::iter::once(Schedule::round_robin()).chain((0..20).map(Schedule::random))
    }

    #[test]
    fn every_item_is_taken_exactly_once_and_join_waits_for_the_items_put_before_it() {
        within(LIMIT, "producers and consumers", || {
            for schedule in schedules().chain(std::iter::once(Schedule::free())) {
                let kind = schedule.describe();
                let q = JoinableQueue::bounded(2);
                let taken = StdMutex::new(Vec::new());
                let done = [(); 3].map(|()| AtomicUsize::new(0)); // per producer
                let all_done = AtomicUsize::new(0);
                let own_done_at_join = StdMutex::new(Vec::new());
                // A, B, C put 4 items each, then join; D and E take them.
                schedule.run_threads(5, |i| {
                    if i < 3 {
                        for n in 0..4 {
                            q.put(i * 10 + n).unwrap();
                        }
                        q.join(); // my 4 items (and every other put so far) are done
                        own_done_at_join.lock().unwrap().push(done[i].load(SeqCst));
                    } else {
                        while let Some(item) = q.get() {
                            taken.lock().unwrap().push(item);
                            done[item / 10].fetch_add(1, SeqCst);
                            q.task_done().unwrap();
                            if all_done.fetch_add(1, SeqCst) + 1 == 12 {
                                q.close(); // the last one: let the consumers go
                            }
                        }
                    }
                });
                let trace = schedule.finish().unwrap();
                let mut taken = taken.into_inner().unwrap();
                taken.sort_unstable();
                let want: Vec<usize> = (0..3).flat_map(|p| (0..4).map(move |n| p * 10 + n)).collect();
                assert_eq!(taken, want, "{kind}: every item once\n{}", trace.timeline());
                assert_eq!(own_done_at_join.into_inner().unwrap(), [4, 4, 4], "{kind}: join returned early");
            }
        });
    }

    #[test]
    fn a_bounded_queue_never_holds_more_than_its_capacity() {
        within(LIMIT, "back-pressure", || {
            for schedule in schedules() {
                let q = JoinableQueue::bounded(3);
                let peak = AtomicUsize::new(0);
                schedule.run_threads(3, |i| {
                    if i < 2 {
                        for n in 0..10 {
                            q.put(n).unwrap();
                            peak.fetch_max(q.len(), SeqCst);
                        }
                    } else {
                        for _ in 0..20 {
                            q.get().unwrap();
                        }
                    }
                });
                schedule.finish().unwrap();
                assert!(peak.load(SeqCst) <= 3, "peak {}", peak.load(SeqCst));
            }
        });
    }

    /// Runs `waiter` on B, C and D while A sleeps until nobody else can
    /// move (so they are all blocked) and then closes the queue `new`
    /// made; returns what the waiters returned, over two schedules.
    fn closed_on_waiters<R: Send + std::fmt::Debug>(
        new: impl Fn() -> JoinableQueue<u8>,
        waiter: impl Fn(&JoinableQueue<u8>) -> R + Sync,
    ) -> Vec<String> {
        let mut all = Vec::new();
        for schedule in [Schedule::round_robin().sleepers_last(), Schedule::random(7).sleepers_last()] {
            let q = &new();
            let woke = StdMutex::new(Vec::new());
            schedule.run_threads(4, |i| {
                if i == 0 {
                    sched::sleep(Duration::from_secs(1));
                    q.close();
                } else {
                    let out = waiter(q);
                    woke.lock().unwrap().push(format!("{out:?}"));
                }
            });
            let trace = schedule.finish().unwrap();
            assert!(
                trace.steps().iter().filter(|s| s.ends_with("waits")).count() >= 3,
                "{}",
                trace.timeline()
            );
            all.extend(woke.into_inner().unwrap());
        }
        all
    }

    #[test]
    fn close_wakes_every_blocked_consumer_and_producer() {
        within(LIMIT, "close", || {
            assert_eq!(closed_on_waiters(JoinableQueue::unbounded, JoinableQueue::get), ["None"; 6]);
            let full = || {
                let q = JoinableQueue::bounded(1);
                q.put(0).unwrap();
                q
            };
            assert_eq!(closed_on_waiters(full, |q| q.put(1)), ["Err(Closed(..))"; 6]);
        });
    }

    #[test]
    fn a_timed_get_runs_out_only_when_nobody_can_put() {
        within(LIMIT, "timed get", || {
            let q = JoinableQueue::unbounded();
            let schedule = Schedule::round_robin();
            let got = StdMutex::new(Vec::new());
            schedule.run_threads(2, |i| {
                let item = q.get_timeout(Duration::from_secs(3600));
                got.lock().unwrap().push((i, item));
                if i == 0 {
                    q.put(7).unwrap();
                }
            });
            schedule.finish().unwrap();
            let mut got = got.into_inner().unwrap();
            got.sort_by_key(|&(i, _)| i);
            assert_eq!(got, [(0, Err(GetTimeoutError::Timeout)), (1, Ok(7))]);
        });
    }
}

#[cfg(loom)]
#[path = "common/loom_deadlock.rs"]
mod loom_deadlock;

/// `RUSTFLAGS="--cfg loom" cargo test --release --test producer_consumer`.
#[cfg(loom)]
mod loom_checks {
    use workbook::sync::{Arc, AtomicUsize, Condvar, JoinableQueue, Mutex, Ordering::SeqCst, thread};

    use super::loom_deadlock::expect_deadlock;

    #[test]
    fn join_returns_only_after_every_task_done() {
        loom::model(|| {
            let q = Arc::new(JoinableQueue::bounded(1));
            let done = Arc::new(AtomicUsize::new(0));
            let consumer = {
                let (q, done) = (Arc::clone(&q), Arc::clone(&done));
                thread::spawn(move || {
                    while let Some(()) = q.get() {
                        done.fetch_add(1, SeqCst);
                        q.task_done().unwrap();
                    }
                })
            };
            q.put(()).unwrap();
            q.put(()).unwrap(); // waits for room: the capacity is 1
            q.join();
            assert_eq!(done.load(SeqCst), 2, "join returned before the last task_done");
            q.close();
            consumer.join().unwrap();
        });
    }

    #[test]
    fn a_bounded_queue_holds_at_most_its_capacity() {
        loom::model(|| {
            let q = Arc::new(JoinableQueue::bounded(1));
            let producers: Vec<_> = (0..2)
                .map(|n| {
                    let q = Arc::clone(&q);
                    thread::spawn(move || {
                        q.put(n).unwrap();
                        assert!(q.len() <= 1, "two items in a queue of one");
                    })
                })
                .collect();
            let mut got = [q.get().unwrap(), q.get().unwrap()];
            got.sort_unstable();
            assert_eq!(got, [0, 1]);
            for p in producers {
                p.join().unwrap();
            }
        });
    }

    #[test]
    fn close_wakes_a_waiting_consumer() {
        loom::model(|| {
            let q = Arc::new(JoinableQueue::<u8>::unbounded());
            let consumer = {
                let q = Arc::clone(&q);
                thread::spawn(move || q.get())
            };
            q.close();
            assert_eq!(consumer.join().unwrap(), None);
        });
    }

    // ANCHOR: loom-early-notify
    /// The unfinished count and `join`, with `task_done` notifying first
    /// and counting after.
    struct EarlyNotify {
        unfinished: Mutex<usize>,
        all_done: Condvar,
    }

    impl EarlyNotify {
        fn task_done(&self) {
            self.all_done.notify_all(); // the bug: nothing has changed yet
            *self.unfinished.lock() -= 1;
        }

        fn join(&self) {
            let mut unfinished = self.unfinished.lock();
            while *unfinished > 0 {
                self.all_done.wait(&mut unfinished);
            }
        }
    }

    #[test]
    fn notifying_before_counting_is_caught() {
        // `join` can check the count, go to sleep, and miss the only
        // notify; loom finds it (run in a child process: see
        // tests/common/loom_deadlock.rs).
        expect_deadlock("loom_checks::notifying_before_counting_is_caught", || {
            loom::model(|| {
                let q = Arc::new(EarlyNotify { unfinished: Mutex::new(1), all_done: Condvar::new() });
                let worker = {
                    let q = Arc::clone(&q);
                    thread::spawn(move || q.task_done())
                };
                q.join();
                worker.join().unwrap();
            });
        });
    }
    // ANCHOR_END: loom-early-notify
}
