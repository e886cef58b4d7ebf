//! Lesson 10: coroutines. Python's generator consumers (C1) and greenlet's
//! explicit switching (C2), and the contrast: one thread per consumer.
//!
//! A coroutine runs only when it is resumed, and stops only where it says
//! (`yield`, `.await`, a switch). So the order of a program of coroutines
//! is the program's own: [`coroutine_order`] is the same on every run, on
//! any machine. Threads hand over at the OS's whim: the same producer and
//! consumers on threads, with a rendezvous channel where the generator had
//! `send`, can print in other orders. [`by_threads`] under [`FORCED`] shows
//! one on every run; [`free_orders`] counts how many a machine produces.
//!
//! The coroutine side is in [`crate::coro::generator`] and
//! [`crate::coro::switch`].

use std::collections::BTreeSet;
use std::thread;

use crossbeam::channel;

use crate::coro::generator::{self, Meal, NAMES};
use crate::sched::{self, Schedule, ScheduleError};
use crate::trace::Trace;

pub use crate::coro::generator::{by_hand, by_polling};
pub use crate::coro::switch::greenlet;

/// What the steps of C1 look like, on every run of the coroutines:
/// `"hetan starts"`, …, `"hetan eats"`, `"liuyao eats"`, `"producer makes"`, ….
///
/// # Panics
///
/// Never: the hand-written consumers are called in order.
pub fn coroutine_order(baozi: u32) -> Vec<String> {
    by_hand(baozi).expect("started before sent").trace.steps()
}

// ANCHOR: forced
/// A schedule for [`by_threads`] that the coroutines can never produce:
/// the producer says it made baozi 1, and hetan eats baozi 2, before liuyao
/// has eaten baozi 1. The rendezvous channel only says that liuyao
/// *received* 1 before the producer went on, not that it ate it.
pub const FORCED: [&str; 6] =
    ["hetan starts", "liuyao starts", "hetan eats", "producer makes", "hetan eats", "liuyao eats"];

/// The whole script for `baozi` (at least 2): [`FORCED`], then the rest in
/// the coroutines' order, so that every step of the run is scripted.
///
/// # Panics
///
/// With fewer than 2 baozi: hetan cannot eat a second one.
pub fn forced(baozi: u32) -> Schedule {
    assert!(baozi >= 2, "the forced order needs two baozi");
    let mut steps: Vec<String> = FORCED.map(String::from).to_vec();
    steps.extend(["liuyao eats", "producer makes"].map(String::from));
    for _ in 3..=baozi {
        steps.extend(["hetan eats", "liuyao eats", "producer makes"].map(String::from));
    }
    Schedule::script(steps)
}
// ANCHOR_END: forced

// ANCHOR: by_threads
/// C1 on threads: a thread per consumer, fed through a rendezvous channel
/// (`bounded(0)`: `send` returns when the consumer has taken the value),
/// the closest a thread gets to `send`ing into a generator. Each thread is
/// an actor of `schedule`; its steps are `starts`, `eats`, `makes`.
///
/// # Errors
///
/// When `schedule` could not be followed.
pub fn by_threads(baozi: u32, schedule: Schedule) -> Result<Meal, ScheduleError> {
    let producer = schedule.actor("producer");
    let consumers = NAMES.map(|name| schedule.actor(name));
    thread::scope(|s| {
        let mut inboxes = Vec::new();
        for actor in consumers {
            let (tx, rx) = channel::bounded::<u32>(0);
            inboxes.push(tx);
            s.spawn(move || {
                actor.run(|| {
                    sched::step("starts");
                    while let Ok(n) = sched::blocking(|| rx.recv()) {
                        sched::step_with("eats", n);
                    }
                });
            });
        }
        s.spawn(move || {
            producer.run(|| {
                for n in 1..=baozi {
                    for inbox in &inboxes {
                        sched::blocking(|| inbox.send(n)).expect("the consumer is still there");
                    }
                    sched::step_with("makes", n);
                }
            });
        });
    });
    let mut trace = schedule.finish()?;
    mark_departure(&mut trace, &coroutine_order(baozi));
    let eaten = generator::eaten_in(&trace);
    Ok(Meal { trace, eaten, state_bytes: 0 })
}
// ANCHOR_END: by_threads

/// The mark on the first step where threads left the coroutines' order.
pub const LEFT_THE_ORDER: &str = "not the coroutines' order";

/// Marks the first step of `trace` that differs from `expected`.
fn mark_departure(trace: &mut Trace, expected: &[String]) {
    let steps = trace.steps();
    if let Some(i) = steps.iter().zip(expected).position(|(a, b)| a != b) {
        trace.events[i].mark = Some(LEFT_THE_ORDER.to_owned());
    }
}

/// How the threads ordered their steps over many free runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orders {
    /// Runs made.
    pub runs: usize,
    /// Different orders seen.
    pub distinct: usize,
    /// Runs whose order was the coroutines' order.
    pub as_coroutines: usize,
    /// Runs where some consumer ate out of order or missed a baozi (never:
    /// each consumer's own order holds on threads too).
    pub wrong_meals: usize,
}

/// Runs [`by_threads`] `runs` times with the OS deciding, and counts the
/// orders it printed in.
///
/// # Errors
///
/// When a traced run could not be followed (never under the free policy).
pub fn free_orders(baozi: u32, runs: usize) -> Result<Orders, ScheduleError> {
    let expected = coroutine_order(baozi);
    let all: Vec<u32> = (1..=baozi).collect();
    let mut seen = BTreeSet::new();
    let mut orders = Orders { runs, ..Orders::default() };
    for _ in 0..runs {
        let meal = by_threads(baozi, Schedule::free().traced())?;
        let steps = meal.trace.steps();
        orders.as_coroutines += usize::from(steps == expected);
        orders.wrong_meals += usize::from(meal.eaten.iter().any(|(_, ate)| *ate != all));
        seen.insert(steps);
    }
    orders.distinct = seen.len();
    Ok(orders)
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_forced_schedule_has_hetan_eat_2_before_liuyao_eats_1() {
        let meal = by_threads(3, forced(3)).unwrap();
        let marked: Vec<_> = meal.trace.events.iter().filter(|e| e.mark.is_some()).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(meal.trace.thread_of(marked[0]), "producer", "{}", meal.trace);
        let cells: Vec<String> =
            meal.trace.events.iter().map(|e| format!("{} {}", meal.trace.thread_of(e), e.cell())).collect();
        assert_eq!(cells[2..6], ["hetan eats 1", "producer makes 1", "hetan eats 2", "liuyao eats 1"]);
        assert!(meal.eaten.iter().all(|(_, ate)| *ate == [1, 2, 3]));
    }
}
