//! Lesson 07 exercises, solved. Compare with `exercise.rs` once yours
//! passes (`cargo test --features solutions` checks these).

use std::collections::VecDeque;

use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

// ANCHOR: joinable
/// A queue that knows when its work is done: every item put counts as
/// unfinished until a consumer calls `task_done` for it, and `join` waits
/// until nothing is unfinished. (Unbounded and without close, to keep it
/// short; `workbook::sync::JoinableQueue` has both.)
pub struct Joinable<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    all_done: Condvar,
}

struct State<T> {
    items: VecDeque<T>,
    unfinished: usize,
}

impl<T> Joinable<T> {
    /// An empty queue.
    pub fn new() -> Self {
        let state = State { items: VecDeque::new(), unfinished: 0 };
        Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
    }

    /// Puts an item in; it is unfinished until its `task_done`.
    pub fn put(&self, item: T) {
        let mut state = self.state.lock();
        state.items.push_back(item);
        state.unfinished += 1;
        self.not_empty.notify_one();
    }

    /// Takes the oldest item, waiting while there is none.
    pub fn get(&self) -> T {
        let mut state = self.state.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                return item;
            }
            self.not_empty.wait(&mut state);
        }
    }

    /// Marks one item as handled; when none is left unfinished, wakes
    /// every thread in `join`.
    ///
    /// # Errors
    ///
    /// [`TaskDoneError`] when nothing is unfinished (Python: ValueError).
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut state = self.state.lock();
        if state.unfinished == 0 {
            return Err(TaskDoneError);
        }
        state.unfinished -= 1;
        if state.unfinished == 0 {
            self.all_done.notify_all(); // every joiner, not one
        }
        Ok(())
    }

    /// Waits until every item put has been marked done.
    pub fn join(&self) {
        let mut state = self.state.lock();
        while state.unfinished > 0 {
            self.all_done.wait(&mut state);
        }
    }
}
// ANCHOR_END: joinable

// ANCHOR: consumer
/// A consumer: takes items until the queue is closed and empty, calls
/// `handle` on each, and marks each done once it has been handled.
pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
    while let Some(item) = q.get() {
        handle(item);
        q.task_done().expect("one task_done per item taken");
    }
}
// ANCHOR_END: consumer
