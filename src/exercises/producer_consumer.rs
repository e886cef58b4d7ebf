//! Checks for lesson 07's exercises. The checks cannot name the learner's
//! types, so the bindings pass their methods as functions.

use std::collections::HashSet;
use std::sync::Mutex as StdMutex;

use crate::sched;
use crate::sync::{JoinableQueue, TaskDoneError};

/// Items each producer puts in the concurrent runs.
const ITEMS: u32 = 2;

/// Who handled what, and the producers whose `join` returned while one of
/// their items was still unhandled.
#[derive(Default)]
struct Log {
    handled: StdMutex<Vec<u32>>,
    early: StdMutex<Vec<(String, Vec<u32>)>>,
}

impl Log {
    /// A consumer's work on `item`: a step, then the note that it is done.
    fn handle(&self, item: u32) {
        sched::step_with("handles", item);
        self.handled.lock().expect("no panics while pushing").push(item);
    }

    /// Called by producer `who` once its `join` has returned: every item it
    /// put (`mine`) must have been handled by then. A step shows which
    /// were not.
    fn joined(&self, who: &str, mine: impl IntoIterator<Item = u32>) {
        let handled: HashSet<u32> = self.handled.lock().expect("no panics").iter().copied().collect();
        let unhandled: Vec<u32> = mine.into_iter().filter(|item| !handled.contains(item)).collect();
        if unhandled.is_empty() {
            sched::step("joined");
        } else {
            sched::step_with("joined", format!("with {unhandled:?} unhandled"));
            self.early.lock().expect("no panics while pushing").push((who.to_owned(), unhandled));
        }
    }

    /// What went wrong with the items: lost, handled twice, joined early.
    fn problem(self, items: &[u32]) -> Option<String> {
        let handled = self.handled.into_inner().expect("no panics");
        let early = self.early.into_inner().expect("no panics");
        let seen: HashSet<u32> = handled.iter().copied().collect();
        let lost: Vec<u32> = items.iter().copied().filter(|i| !seen.contains(i)).collect();
        if let Some((who, unhandled)) = early.first() {
            Some(format!(
                "{who}'s join() returned while items {unhandled:?} it had put were not yet handled \
                 (task_done says an item's work is finished)"
            ))
        } else if !lost.is_empty() {
            Some(format!("items {lost:?} were never handled"))
        } else if handled.len() > seen.len() {
            Some(format!("an item was handled twice: handled in order {handled:?}"))
        } else {
            None
        }
    }
}

/// `joinable`: on one thread, `task_done` with nothing unfinished is an
/// error (also after a put, a get and its `task_done`), and `join` with
/// nothing unfinished returns at once. Then producers A and B each put
/// two items and join, while consumers C and D each get two, handle them
/// and mark them done, under every schedule: both joins must return, and
/// only once their own items have been handled.
///
/// # Errors
///
/// What went wrong, with the timeline when threads were involved.
pub fn joinable<Q: Sync>(
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
        let one = get(&q);
        got.push(task_done(&q));
        got.push(task_done(&q));
        join(&q);
        (one, got)
    })
    .map_err(|e| format!("on one thread: task_done, join, put, get, task_done, task_done, join: {e}"))?;
    let want = (1, vec![Err(TaskDoneError), Ok(()), Err(TaskDoneError)]);
    if alone != want {
        return Err(format!(
            "on one thread: a task_done with nothing unfinished, then put 1, get, task_done, \
             task_done gave (item, results) {alone:?}; expected {want:?}"
        ));
    }
    for schedule in super::adversarial() {
        let q = new();
        let log = Log::default();
        let names = sched::names(4);
        let (kind, trace) = super::run_under(schedule, 4, |i| {
            if i < 2 {
                let mine: Vec<u32> = (1..=ITEMS).map(|n| i as u32 * 10 + n).collect();
                for &item in &mine {
                    put(&q, item);
                }
                join(&q);
                log.joined(&names[i], mine);
            } else {
                for _ in 0..ITEMS {
                    log.handle(get(&q));
                    task_done(&q).expect("as many task_done as items got");
                }
            }
        })?;
        if let Some(problem) = log.problem(&[1, 2, 11, 12]) {
            return Err(format!("under a {kind} schedule: {problem}.\n{}", trace.timeline()));
        }
    }
    Ok(())
}

/// `consumer`: producer A puts four items into a queue of 1, joins, and
/// closes the queue, while consumers B and C run `consume` on it, under
/// every schedule: each item must be handled exactly once, A's join must
/// return only after all four have been, and both consumers must return
/// once the queue is closed.
///
/// # Errors
///
/// What went wrong, with the timeline.
pub fn consumer(consume: fn(&JoinableQueue<u32>, &dyn Fn(u32))) -> Result<(), String> {
    let items: Vec<u32> = (1..=2 * ITEMS).collect();
    for schedule in super::adversarial() {
        let q = JoinableQueue::bounded(1).traced();
        let log = Log::default();
        let (kind, trace) = super::run_under(schedule, 3, |i| {
            if i == 0 {
                for &item in &items {
                    q.put(item).expect("open until A closes it");
                }
                q.join();
                log.joined("A", items.iter().copied());
                q.close();
            } else {
                consume(&q, &|item| log.handle(item));
            }
        })?;
        if let Some(problem) = log.problem(&items) {
            return Err(format!("under a {kind} schedule: {problem}.\n{}", trace.timeline()));
        }
    }
    Ok(())
}
