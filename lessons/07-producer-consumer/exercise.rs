//! Lesson 07 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check producer-consumer` (or `cargo test`). Stuck? `just hint
//! producer-consumer`.

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
        // TODO: under the lock, refuse a task_done with nothing unfinished,
        // count one down, and wake the joiners when the count reaches 0.
        todo!("producer-consumer/joinable: count an item done")
    }

    /// Waits until every item put has been marked done.
    pub fn join(&self) {
        // TODO: wait on `all_done` while anything is unfinished.
        todo!("producer-consumer/joinable: wait for the count to reach 0")
    }
}
// ANCHOR_END: joinable

// ANCHOR: consumer
/// A consumer: takes items until the queue is closed and empty, calls
/// `handle` on each, and marks each done once it has been handled.
pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
    // TODO: this looks, then takes: two lock scopes. It stops as soon as
    // the queue is empty for a moment, and marks items done before they
    // are handled. Take with one call that waits, stop only when the queue
    // is closed and empty, and call task_done after handle.
    while !q.is_empty() {
        if let Ok(item) = q.try_get() {
            q.task_done().expect("one task_done per item taken");
            handle(item);
        }
    }
    todo!("producer-consumer/consumer: take, handle, then mark done")
}
// ANCHOR_END: consumer
