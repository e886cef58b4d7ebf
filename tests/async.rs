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
    use std::future::Future;
    use std::rc::Rc;
    use std::time::Duration;

    use workbook::coro::{self, Either};
    use workbook::deadline::within;
    use workbook::exercises::r#async::{self as check, Boxed, Fetch};
    use workbook::lessons::r#async::{self as lesson, EchoServer, FROZEN, Limits, Wait};

    use super::common::{LIMIT, golden, refuses, stdout_ok};
    use super::solution;

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

    fn race_solution(a: Boxed<&'static str>, b: Boxed<u32>) -> Boxed<Either<&'static str, u32>> {
        Box::pin(solution::race(a, b))
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        check::race(race_solution).unwrap();
        check::concurrent(|names, fetch| Box::pin(solution::fetch_all(names, move |n| fetch(n)))).unwrap();
    }

    /// Awaits `a`, then says it won: right only when `a` is first.
    async fn race_a_first<A: Future, B: Future>(a: A, _b: B) -> Either<A::Output, B::Output> {
        Either::Left(a.await)
    }

    /// Polls `b` only once `a` has finished.
    async fn race_both<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let _ = a.await;
        Either::Right(b.await)
    }

    #[test]
    fn the_race_check_rejects_wrong_answers() {
        assert!(check::race(|a, b| Box::pin(race_a_first(a, b))).is_err());
        assert!(check::race(|a, b| Box::pin(race_both(a, b))).is_err());
    }

    /// The exercise's starting point: one page after another.
    async fn one_by_one(names: Vec<&'static str>, fetch: Fetch) -> Vec<String> {
        let mut pages = Vec::new();
        for name in names {
            pages.push(fetch(name).await);
        }
        pages
    }

    /// All at once, but kept in the order they finish.
    async fn finishing_order(names: Vec<&'static str>, fetch: Fetch) -> Vec<String> {
        let pages = Rc::new(std::cell::RefCell::new(Vec::new()));
        let tasks: Vec<_> = names
            .into_iter()
            .map(|n| {
                let (page, pages) = (fetch(n), Rc::clone(&pages));
                coro::spawn(async move {
                    let page = page.await;
                    pages.borrow_mut().push(page);
                })
            })
            .collect();
        coro::join_all(tasks).await;
        pages.take()
    }

    #[test]
    fn the_concurrent_check_rejects_wrong_answers() {
        let serial = check::concurrent(|n, f| Box::pin(one_by_one(n, f))).unwrap_err();
        assert!(serial.contains("only 1 of 5 fetches had started"), "{serial}");
        golden("async-concurrent-failure.txt", &serial);
        let shuffled = check::concurrent(|n, f| Box::pin(finishing_order(n, f))).unwrap_err();
        assert!(shuffled.contains("\"page e\", \"page d\""), "{shuffled}");
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
