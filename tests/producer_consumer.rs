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
mod exercises {
    use std::collections::VecDeque;

    use workbook::exercises::producer_consumer as check;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    use super::common::{golden, rejects};
    use super::solution;

    #[test]
    fn the_checks_pass_the_solutions() {
        use solution::Joinable as J;
        check::joinable(J::new, J::put, J::get, J::task_done, J::join).unwrap();
        check::consumer(solution::consume).unwrap();
    }

    /// A joinable queue with one mistake in `task_done` or `join`.
    struct WrongJoinable<const MISTAKE: u8> {
        state: Mutex<(VecDeque<u32>, usize)>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    const NOTIFY_ONE: u8 = 0;
    const NO_NOTIFY: u8 = 1;
    const NO_WAIT: u8 = 2;
    const NO_ERROR: u8 = 3;
    const IF_NOT_WHILE: u8 = 4;

    impl<const MISTAKE: u8> WrongJoinable<MISTAKE> {
        fn new() -> Self {
            let state = Mutex::new((VecDeque::new(), 0));
            WrongJoinable { state, not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        fn put(&self, item: u32) {
            let mut state = self.state.lock();
            state.0.push_back(item);
            state.1 += 1;
            self.not_empty.notify_one();
        }

        fn get(&self) -> u32 {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.0.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.1 == 0 {
                return if MISTAKE == NO_ERROR { Ok(()) } else { Err(TaskDoneError) };
            }
            state.1 -= 1;
            match MISTAKE {
                NOTIFY_ONE if state.1 == 0 => {
                    self.all_done.notify_one();
                }
                NO_NOTIFY | NOTIFY_ONE => {}
                IF_NOT_WHILE => {
                    self.all_done.notify_all(); // every time: harmless with `while`
                }
                _ if state.1 == 0 => {
                    self.all_done.notify_all();
                }
                _ => {}
            }
            Ok(())
        }

        fn join(&self) {
            let mut state = self.state.lock();
            match MISTAKE {
                NO_WAIT => {}
                IF_NOT_WHILE => {
                    if state.1 > 0 {
                        self.all_done.wait(&mut state);
                    }
                }
                _ => {
                    while state.1 > 0 {
                        self.all_done.wait(&mut state);
                    }
                }
            }
        }
    }

    fn joinable_check<const MISTAKE: u8>() -> Result<(), String> {
        type J<const M: u8> = WrongJoinable<M>;
        check::joinable(J::<MISTAKE>::new, J::put, J::get, J::task_done, J::join)
    }

    #[test]
    fn the_joinable_check_rejects_wrong_answers() {
        assert!(rejects(joinable_check::<NOTIFY_ONE>));
        assert!(rejects(joinable_check::<NO_NOTIFY>));
        assert!(rejects(joinable_check::<NO_WAIT>));
        assert!(rejects(joinable_check::<NO_ERROR>));
        assert!(rejects(joinable_check::<IF_NOT_WHILE>));
    }

    /// The exercise as shipped, with its `todo!()` taken out: it looks,
    /// then takes, stops when the queue is empty for a moment, and marks
    /// items done before handling them.
    fn as_shipped(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while !q.is_empty() {
            if let Ok(item) = q.try_get() {
                q.task_done().expect("one task_done per item taken");
                handle(item);
            }
        }
    }

    /// Right loop, but `task_done` before the work: `join` returns early.
    fn done_first(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            q.task_done().expect("one task_done per item taken");
            handle(item);
        }
    }

    /// Python's `if not q.empty(): q.get_nowait()`, which raises when
    /// another consumer took the item in between.
    fn look_then_take(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while !q.is_closed() || !q.is_empty() {
            if !q.is_empty() {
                let item = q.try_get().expect("it was not empty a moment ago");
                handle(item);
                q.task_done().expect("one task_done per item taken");
            }
        }
    }

    /// Never marks anything done: `join` waits for ever.
    fn no_task_done(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
        }
    }

    #[test]
    fn the_consumer_check_rejects_wrong_answers() {
        // The shipped answer and the one without task_done leave a thread
        // asleep for ever: the check reports it after the schedule's
        // deadline (3 s).
        assert!(rejects(|| check::consumer(as_shipped)));
        assert!(rejects(|| check::consumer(done_first)));
        assert!(rejects(|| check::consumer(look_then_take)));
        assert!(rejects(|| check::consumer(no_task_done)));
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        golden("producer-consumer-done-first-failure.txt", &check::consumer(done_first).unwrap_err());
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
