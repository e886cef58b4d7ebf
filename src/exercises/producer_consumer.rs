//! Checks for lesson 07's exercises. The checks cannot name the learner's
//! types, so the bindings pass their methods as functions.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `joinable` ("every item put counts as unfinished until a consumer calls
//! `task_done` for it, and `join` waits until nothing is unfinished";
//! `task_done` is `Err(TaskDoneError)` "when nothing is unfinished"):
//! - alone: `task_done` with nothing unfinished is an error, and changes
//!   nothing; `join` with nothing unfinished returns at once; an item put
//!   and not yet taken is unfinished too (its `task_done` is accepted);
//!   after as many `task_done`s as puts, the next is refused;
//! - under every schedule with one preemption (spurious wake-ups and early
//!   time-outs included): A and B each put an item and join while C takes
//!   both, handles them and marks them done: both joins return, and at the
//!   moment each returns nothing put is unfinished; and with up to two
//!   preemptions, the same with one producer and one consumer;
//! - two threads that call `task_done` at once for the one unfinished item:
//!   exactly one is accepted, under every schedule with up to two
//!   preemptions.
//!
//! `consumer` ("takes items until the queue is closed and empty, calls
//! `handle` on each, and marks each done once it has been handled"):
//! - alone: from a closed queue holding 5, 5 and 7 it handles each once
//!   (repeated values count twice), marks each done (a `join` after it
//!   returns at once), and returns; from a closed empty queue it returns at
//!   once;
//! - under every schedule with up to two preemptions: A puts two items into
//!   a queue of two, closes it and then joins while B consumes: each item
//!   is handled exactly once, B takes what is left after the close, and
//!   A's join returns only once every item has been handled;
//! - under every schedule without a preemption (every order at the points
//!   where threads block), then 50 PCT schedules: A puts three items into
//!   a queue of one, joins and closes it while B and C consume; the same
//!   promises, with two consumers.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use super::{Plan, Wrong, explore, run_threads};
use crate::sched;
use crate::sync::{JoinableQueue, TaskDoneError};

/// The learner's `consume`.
pub type Consume = fn(&JoinableQueue<u32>, &dyn Fn(u32));

/// What a case counts: items put (once `put` has returned), handled, and
/// marked done (as soon as `task_done` is called: its effect, and a
/// `join` that returns because of it, may come before it returns). So a
/// join that returns when it may finds at least as many done as put.
#[derive(Default)]
struct Counts {
    put: AtomicUsize,
    handled: StdMutex<Vec<u32>>,
    done: AtomicUsize,
}

impl Counts {
    /// Called right after a `join` returns: nothing put may be unfinished,
    /// or (with `handled`) unhandled.
    fn joined(&self, who: &str, handled: bool) {
        let put = self.put.load(SeqCst);
        let (finished, what) = if handled {
            (self.handled.lock().expect("no panics").len(), "handled")
        } else {
            (self.done.load(SeqCst), "marked done")
        };
        sched::step_with("joined", format!("{finished} of {put} {what}"));
        if finished < put {
            sched::broken(
                "too early",
                format!(
                    "{who}'s join() returned while only {finished} of the {put} items put had \
                     been {what} (marked below): join waits until every item put is done."
                ),
            );
        }
    }
}

/// `joinable`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn joinable<Q: Sync + 'static>(
    new: fn() -> Q,
    put: fn(&Q, u32),
    get: fn(&Q) -> u32,
    task_done: fn(&Q) -> Result<(), TaskDoneError>,
    join: fn(&Q),
) -> Result<(), String> {
    let alone = super::alone(|| {
        let q = new();
        let mut got = vec![task_done(&q)];
        join(&q);
        put(&q, 1);
        got.push(task_done(&q)); // put, not yet taken: still unfinished
        put(&q, 2);
        let items = (get(&q), get(&q));
        got.push(task_done(&q));
        got.push(task_done(&q));
        join(&q);
        (items, got)
    })
    .map_err(|e| {
        format!(
            "on one thread: task_done, join, put 1, task_done, put 2, get, get, task_done, \
             task_done, join: {e}"
        )
    })?;
    let want = ((1, 2), vec![Err(TaskDoneError), Ok(()), Ok(()), Err(TaskDoneError)]);
    if alone != want {
        return Err(format!(
            "on one thread: a task_done with nothing unfinished, put 1, task_done (the item is \
             unfinished until then, taken or not), put 2, get, get, task_done, task_done gave \
             (items, results) {alone:?}; expected {want:?}"
        ));
    }
    for (producers, plan) in [(1, Plan::SMALL), (2, Plan::exhaustive(0))] {
        let what = if producers == 1 {
            "A put two items and joined while B took them, handled them and marked them done"
        } else {
            "A and B each put an item and joined while C took both, handled them and marked them done"
        };
        explore(plan, what, move |schedule| {
            let q = new();
            let counts = Counts::default();
            let consumer = producers;
            let items = if producers == 1 { 2 } else { 1 };
            let names = sched::names(producers + 1);
            run_threads(schedule, producers + 1, |i| {
                if i < consumer {
                    for n in 0..items {
                        put(&q, (i * 10 + n) as u32);
                        counts.put.fetch_add(1, SeqCst);
                    }
                    join(&q);
                    counts.joined(&names[i], false);
                } else {
                    for _ in 0..producers * items {
                        let item = get(&q);
                        sched::step_with("handles", item);
                        // Counted before the call: its effect may show
                        // (and a join return) before the call returns.
                        counts.done.fetch_add(1, SeqCst);
                        if task_done(&q).is_err() {
                            sched::broken(
                                "refused",
                                "a task_done for an item just taken was refused (marked below).",
                            );
                        }
                    }
                }
            })?;
            Ok(())
        })?;
    }
    let what = "one item was put, and A and B each called task_done at once";
    explore(Plan::SMALL, what, move |schedule| {
        let q = new();
        put(&q, 1);
        let results = StdMutex::new(Vec::new());
        let trace = run_threads(schedule, 2, |_| {
            let r = task_done(&q);
            results.lock().expect("no panics while pushing").push(r);
        })?;
        let results = results.into_inner().expect("no panics");
        if results.iter().filter(|r| r.is_ok()).count() != 1 {
            return Err(Wrong::shown(
                format!(
                    "one item was put, and A and B each called task_done at once: they returned \
                     {results:?}; exactly one is accepted, the other refused."
                ),
                &trace,
            ));
        }
        Ok(())
    })?;
    Ok(())
}

/// `consumer`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn consumer(consume: Consume) -> Result<(), String> {
    for items in [vec![5, 5, 7], vec![]] {
        let q = JoinableQueue::unbounded();
        for &item in &items {
            q.put(item).expect("open");
        }
        q.close();
        let handled = super::alone(|| {
            let handled = StdMutex::new(Vec::new());
            consume(&q, &|item| handled.lock().expect("no panics").push(item));
            q.join(); // returns at once if every item was marked done
            handled.into_inner().expect("no panics")
        })
        .map_err(|e| format!("on one thread, consuming {items:?} from a closed queue: {e}"))?;
        let mut sorted = handled.clone();
        sorted.sort_unstable();
        if sorted != items {
            return Err(format!(
                "on one thread, consuming {items:?} from a closed queue handled {handled:?}: each \
                 item must be handled exactly once"
            ));
        }
    }
    // (consumers, items, the producer closes before it joins, plan)
    // Exploration first; PCT (whose verdicts may depend on the seed) only
    // once every exhaustive case has passed.
    let cases =
        [(1, vec![1, 2], true, 2, Plan::SMALL), (2, vec![1, 2, 3], false, 1, Plan::with_pct(0, 50, 3))];
    for (consumers, items, close_first, capacity, plan) in cases {
        let what = format!(
            "A put {items:?} into a queue of {capacity}, {} while {}",
            if close_first { "closed it and joined" } else { "joined and closed it" },
            if consumers == 1 { "B consumed" } else { "B and C consumed" }
        );
        explore(plan, what, move |schedule| {
            let q = JoinableQueue::bounded(capacity).traced();
            let counts = Counts::default();
            let run = run_threads(schedule, 1 + consumers, |i| {
                if i == 0 {
                    for &item in &items {
                        q.put(item).expect("open until A closes it");
                        counts.put.fetch_add(1, SeqCst);
                    }
                    if close_first {
                        q.close();
                    }
                    q.join();
                    counts.joined("A", true);
                    q.close();
                } else {
                    consume(&q, &|item| {
                        sched::step_with("handles", item);
                        counts.handled.lock().expect("no panics while pushing").push(item);
                    });
                }
            });
            let mut handled = counts.handled.into_inner().expect("no panics");
            handled.sort_unstable();
            let trace = run.map_err(|mut wrong| {
                wrong.what = format!("{}\n(the items handled by then: {handled:?})", wrong.what);
                wrong
            })?;
            if handled != items {
                return Err(Wrong::shown(
                    format!(
                        "A put {items:?}, and the items handled were {handled:?}; each must be \
                         handled exactly once."
                    ),
                    &trace,
                ));
            }
            Ok(())
        })?;
    }
    Ok(())
}
