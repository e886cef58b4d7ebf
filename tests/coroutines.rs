//! Lesson 10: coroutines run in the program's own order, every run; the
//! same producer and consumers on threads leave that order when a script
//! says so (and, for real, under the OS). greenlet's switches print 12 56
//! 34 78. The exercises' checks pass the solutions and reject wrong
//! answers.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/10-coroutines/solution.rs"]
mod solution;

use workbook::coro::generator::{Refused, State};
use workbook::coro::switch::Greenlets;
use workbook::deadline::within;
use workbook::exercises::coroutines as check;
use workbook::lessons::coroutines::{self, FORCED, LEFT_THE_ORDER};

use common::{LIMIT, golden, refuses, rejects, stdout_ok};

#[test]
fn both_coroutine_forms_follow_the_python_order() {
    let by_hand = coroutines::by_hand(5).unwrap();
    let polled = coroutines::by_polling(5);
    let mut want = vec!["hetan starts".to_owned(), "liuyao starts".to_owned()];
    for _ in 1..=5 {
        want.extend(["hetan eats", "liuyao eats", "producer makes"].map(String::from));
    }
    assert_eq!(by_hand.trace.steps(), want);
    assert_eq!(polled.trace.steps(), want);
    assert_eq!(by_hand.trace.marks(), 0);
    golden("coroutines-by-hand.txt", &by_hand.trace.timeline());
}

#[test]
fn the_script_forces_an_order_the_coroutines_never_print() {
    let meal =
        within(LIMIT, "the forced threads", || coroutines::by_threads(2, coroutines::forced(2)).unwrap());
    assert_eq!(meal.trace.steps()[..6], FORCED.map(String::from));
    assert_eq!(meal.trace.marks(), 1);
    assert_eq!(meal.trace.events[3].mark.as_deref(), Some(LEFT_THE_ORDER));
    assert!(meal.eaten.iter().all(|(_, ate)| *ate == [1, 2]), "{:?}", meal.eaten);
    golden("coroutines-threads-forced.txt", &meal.trace.timeline());
}

#[test]
fn free_threads_always_feed_each_consumer_in_order() {
    let orders = within(LIMIT, "free threads", || coroutines::free_orders(4, 30).unwrap());
    assert_eq!(orders.runs, 30);
    assert_eq!(orders.wrong_meals, 0);
    assert!(orders.distinct >= 1);
}

#[test]
fn greenlet_switches_print_12_56_34_78() {
    let run = coroutines::greenlet().unwrap();
    assert_eq!(run.said, ["12", "56", "34", "78"]);
    assert_eq!((run.finished, run.suspended.as_slice()), ("test2", ["test1"].as_slice()));
    golden("coroutines-greenlet.txt", &run.trace.timeline());
}

#[test]
fn the_binary_shows_both_sides_and_refuses_bad_flags() {
    let exe = env!("CARGO_BIN_EXE_coroutines");
    let out = stdout_ok(exe, &["--runs", "20"]);
    for line in [
        "✓ coroutines: the program's own order",
        "send before start: refused",
        "✗ threads: each consumer still ate 1..=5 in order",
        "printed: 12 56 34 78",
        "✓ switching",
    ] {
        assert!(out.contains(line), "no {line:?} in:\n{out}");
    }
    let traced = stdout_ok(exe, &["--mode", "racy", "--trace", "--baozi", "2", "--runs", "5"]);
    assert!(traced.contains(LEFT_THE_ORDER), "{traced}");
    assert!(!traced.contains("greenlet"), "--mode racy runs only the threads:\n{traced}");
    refuses(exe, &["--baozi", "0"]);
    refuses(exe, &["--mode", "sideways"]);
}

#[test]
fn the_checks_pass_the_solutions() {
    use solution::Averager as A;
    check::averager(A::new, A::start, A::send, A::close).unwrap();
    check::ping_pong(solution::ping_pong).unwrap();
}

/// An averager with one mistake, picked by `M`.
struct Wrong<const M: u8> {
    state: State,
    total: f64,
    count: u32,
}

const SENDS_BEFORE_START: u8 = 0;
const RESTARTS: u8 = 1;
const LAST_TERM: u8 = 2;
const REOPENS: u8 = 3;

impl<const M: u8> Wrong<M> {
    fn new() -> Self {
        Wrong { state: State::Created, total: 0.0, count: 0 }
    }

    fn start(&mut self) -> Result<(), Refused> {
        match self.state {
            State::Created => {}
            State::Waiting if M == RESTARTS => {}
            State::Closed if M == REOPENS => {}
            State::Waiting => return Err(Refused::AlreadyStarted),
            State::Closed => return Err(Refused::Closed),
        }
        self.state = State::Waiting;
        Ok(())
    }

    fn send(&mut self, term: f64) -> Result<f64, Refused> {
        match self.state {
            State::Created if M != SENDS_BEFORE_START => return Err(Refused::NotStarted),
            State::Closed => return Err(Refused::Closed),
            _ => {}
        }
        self.total += term;
        self.count += 1;
        Ok(if M == LAST_TERM { term } else { self.total / f64::from(self.count) })
    }

    fn close(&mut self) {
        self.state = State::Closed;
    }
}

fn averager_check<const M: u8>() -> Result<(), String> {
    check::averager(Wrong::<M>::new, Wrong::<M>::start, Wrong::<M>::send, Wrong::<M>::close)
}

#[test]
fn the_averager_check_rejects_wrong_answers() {
    assert!(rejects(averager_check::<SENDS_BEFORE_START>));
    assert!(rejects(averager_check::<RESTARTS>));
    assert!(rejects(averager_check::<LAST_TERM>));
    assert!(rejects(averager_check::<REOPENS>));
}

/// Ping as in the exercise, and a wrong pong: one that switches back after
/// every line, its last too (so ping finishes instead), or one that never
/// switches (and says every line at once).
fn wrong_pong(rounds: u32, switches_back: bool) -> Greenlets {
    let mut tasks = Greenlets::new();
    tasks.spawn("ping", move |s| async move {
        for i in 1..=rounds {
            s.say(format!("ping {i}"));
            s.to("pong").await;
        }
    });
    tasks.spawn("pong", move |s| async move {
        for i in 1..=rounds {
            s.say(format!("pong {i}"));
            if switches_back {
                s.to("ping").await;
            }
        }
    });
    tasks
}

#[test]
fn the_ping_pong_check_rejects_wrong_answers() {
    let finished = check::ping_pong(|rounds| wrong_pong(rounds, true)).unwrap_err();
    assert!(finished.contains("ping finished"), "{finished}");
    let through = check::ping_pong(|rounds| wrong_pong(rounds, false)).unwrap_err();
    assert!(through.contains("with 2 round(s) the tasks printed"), "{through}");
    golden("coroutines-ping-pong-failure.txt", &through);
}
