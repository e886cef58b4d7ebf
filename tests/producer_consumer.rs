//! The queues lesson 07 (producer-consumer) is built on: `JoinableQueue`,
//! `LifoQueue` and `PriorityQueue`, under schedules and outside them.
//! Every item is taken exactly once, `join` returns only after the last
//! `task_done`, a bounded queue never holds more than its capacity, and
//! `close` wakes everyone who waits. Under `--cfg loom`: put, get,
//! task_done and join model-checked, and a `task_done` that notifies
//! before it counts is caught.

#[cfg(not(loom))]
mod common;

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
        assert_eq!(format!("{q:?}"), "Queue { len: 0, capacity: Some(4), unfinished: 0, closed: false }");
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
