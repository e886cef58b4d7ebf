//! Queues that know when their work is done: Python's `queue.Queue`,
//! `LifoQueue` and `PriorityQueue`.
//!
//! A [`Queue`] carries items from producers to consumers. Every item put
//! counts as *unfinished* until a consumer calls [`task_done`](Queue::task_done)
//! for it, and [`join`](Queue::join) waits until nothing is unfinished: a
//! producer can put a batch and wait until every item of it has been
//! handled, not merely taken. A bounded queue also gives *back-pressure*:
//! [`put`](Queue::put) waits while the queue is full, so a fast producer
//! cannot run ahead of slow consumers by more than the capacity.
//!
//! [`close`](Queue::close) ends it cleanly: later puts are refused, every
//! thread waiting to put is woken with its item back, and consumers take
//! what is left and then get `None`. Python's queues have no close (its
//! `shutdown` came in 3.13); without one, consumers need a sentinel item
//! per consumer to know when to stop.
//!
//! The order items come out in is the queue's [`Order`]:
//!
//! | | comes out first | Python |
//! |---|---|---|
//! | [`JoinableQueue<T>`] | the oldest | `queue.Queue` |
//! | [`LifoQueue<T>`] | the newest | `queue.LifoQueue` |
//! | [`PriorityQueue<T>`] | the smallest, by `Ord` | `queue.PriorityQueue` |
//!
//! # How it is built
//!
//! One [`Mutex`] around the items and the unfinished count, and three
//! [`Condvar`]s: *not empty* (consumers wait on it), *not full* (producers
//! wait on it) and *all done* ([`join`](Queue::join) waits on it). Every
//! wait is a `while` loop around the condition, checked with the lock held.
//! The unfinished count changes under the same lock as the items, so a
//! `join` can never see "nothing unfinished" while an item is on its way.
//! Before `put` or `get` sleeps, it lets go of the lock and yields a few
//! times (`YIELDS_BEFORE_SLEEP`): on a busy queue that is much cheaper
//! than sleeping and being woken. loom checks it all
//! (`tests/producer_consumer.rs`).
//!
//! Neither side is fair: a thread that arrives can overtake one that has
//! been waiting, as with Python's queues.
//!
//! # Examples
//!
//! ```
//! use workbook::sync::JoinableQueue;
//!
//! let q = JoinableQueue::bounded(2);
//! std::thread::scope(|s| {
//!     s.spawn(|| {
//!         while let Some(n) = q.get() {
//!             println!("handled {n}");
//!             q.task_done().unwrap();
//!         }
//!     });
//!     for n in 0..5 {
//!         q.put(n).unwrap(); // waits while 2 are queued
//!     }
//!     q.join(); // every item put has been handled
//!     q.close(); // the consumer's `get` returns None
//! });
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::error::Error;
use std::fmt;
use std::time::{Duration, Instant};

use super::{Condvar, Mutex, MutexGuard, thread};
use crate::sched;
use crate::trace::Value;

/// How many times a thread that finds the queue empty (or full) lets go of
/// the lock, yields, and looks again before it sleeps on the condition
/// variable. Going to sleep and being woken costs two system calls, and on
/// a busy queue the answer usually changes within a few yields: with 4
/// producers and 4 consumers on 2 cores, this made the queue about 7 times
/// faster (`benches/producer_consumer.rs`). Bounded, so a waiter that
/// really has to wait still sleeps and costs no CPU. Not under a
/// controlled schedule, where it would only add steps to the trace.
const YIELDS_BEFORE_SLEEP: u32 = 8;

/// The order a [`Queue`] hands its items out in.
pub trait Order<T>: Default {
    /// Adds an item.
    fn push(&mut self, item: T);
    /// Takes the next item out, if there is one.
    fn pop(&mut self) -> Option<T>;
    /// How many items it holds.
    fn len(&self) -> usize;
    /// True when it holds none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The items, in the order they will come out: what a traced queue
    /// shows.
    fn in_order(&self) -> Vec<&T>;
}

/// First in, first out.
#[derive(Debug)]
pub struct Fifo<T>(VecDeque<T>);

/// Last in, first out.
#[derive(Debug)]
pub struct Lifo<T>(Vec<T>);

/// Smallest first, by `Ord`; among equal items, no order is promised.
#[derive(Debug)]
pub struct Priority<T: Ord>(BinaryHeap<Reverse<T>>);

impl<T> Default for Fifo<T> {
    fn default() -> Self {
        Fifo(VecDeque::new())
    }
}

impl<T> Default for Lifo<T> {
    fn default() -> Self {
        Lifo(Vec::new())
    }
}

impl<T: Ord> Default for Priority<T> {
    fn default() -> Self {
        Priority(BinaryHeap::new())
    }
}

impl<T> Order<T> for Fifo<T> {
    fn push(&mut self, item: T) {
        self.0.push_back(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn in_order(&self) -> Vec<&T> {
        self.0.iter().collect()
    }
}

impl<T> Order<T> for Lifo<T> {
    fn push(&mut self, item: T) {
        self.0.push(item);
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn in_order(&self) -> Vec<&T> {
        self.0.iter().rev().collect()
    }
}

impl<T: Ord> Order<T> for Priority<T> {
    fn push(&mut self, item: T) {
        self.0.push(Reverse(item));
    }
    fn pop(&mut self) -> Option<T> {
        self.0.pop().map(|Reverse(item)| item)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn in_order(&self) -> Vec<&T> {
        let mut items: Vec<&T> = self.0.iter().map(|Reverse(item)| item).collect();
        items.sort();
        items
    }
}

/// A first-in, first-out queue with `task_done` and `join`: Python's
/// `queue.Queue`.
pub type JoinableQueue<T> = Queue<T, Fifo<T>>;

/// A last-in, first-out queue: Python's `queue.LifoQueue`.
pub type LifoQueue<T> = Queue<T, Lifo<T>>;

/// A queue that hands out its smallest item first: Python's
/// `queue.PriorityQueue`. Wrap items in [`Reverse`] for largest first.
pub type PriorityQueue<T> = Queue<T, Priority<T>>;

struct State<O> {
    items: O,
    /// Items put and not yet marked done.
    unfinished: usize,
    closed: bool,
    /// The most items it has held at once.
    peak: usize,
}

/// What a [traced](Queue::traced) queue's lock shows in a trace: the items
/// in the order they will come out, and how many are unfinished.
fn show_state<T: fmt::Debug, O: Order<T>>(state: &State<O>) -> Value {
    let items: Vec<String> = state.items.in_order().iter().map(|item| format!("{item:?}")).collect();
    Value::Text(format!("[{}] {} undone", items.join(" "), state.unfinished))
}

/// A queue of `T` handed out in the order `O`. See the
/// [module documentation](self); use it through [`JoinableQueue`],
/// [`LifoQueue`] or [`PriorityQueue`].
pub struct Queue<T, O: Order<T> = Fifo<T>> {
    state: Mutex<State<O>>,
    capacity: Option<usize>,
    not_empty: Condvar,
    not_full: Condvar,
    all_done: Condvar,
    _items: std::marker::PhantomData<fn(T) -> T>,
}

impl<T, O: Order<T>> Queue<T, O> {
    fn with_capacity(capacity: Option<usize>) -> Self {
        Queue {
            state: Mutex::new(State { items: O::default(), unfinished: 0, closed: false, peak: 0 }),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_done: Condvar::new(),
            _items: std::marker::PhantomData,
        }
    }

    /// A queue that holds at most `capacity` items: [`put`](Self::put)
    /// waits while it is full (Python: `Queue(maxsize=capacity)`).
    ///
    /// # Panics
    ///
    /// If `capacity` is 0: nothing could ever be put. (Python takes 0 to
    /// mean unbounded; here that is [`unbounded`](Self::unbounded).)
    pub fn bounded(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a bounded queue holds at least one item; for no limit, use Queue::unbounded()"
        );
        Self::with_capacity(Some(capacity))
    }

    /// A queue with no limit: [`put`](Self::put) never waits. A producer
    /// faster than its consumers fills memory (lesson 07 measures it).
    pub fn unbounded() -> Self {
        Self::with_capacity(None)
    }

    /// The same queue, showing in traces what it holds each time its lock is
    /// taken or released: `locks [A1 B1] 2 undone` (the items in the order
    /// they will come out, and how many are not yet marked done).
    #[must_use]
    pub fn traced(self) -> Self
    where
        T: fmt::Debug,
    {
        Queue { state: Mutex::traced_with(self.state.into_inner(), show_state::<T, O>), ..self }
    }

    /// The most items it has held at once so far: at most its capacity
    /// when bounded (lesson 07 compares it with an unbounded queue's).
    pub fn peak(&self) -> usize {
        self.state.lock().peak
    }

    /// The most items it holds, or `None` when unbounded.
    pub fn capacity(&self) -> Option<usize> {
        self.capacity
    }

    /// How many items are in the queue now (a snapshot).
    pub fn len(&self) -> usize {
        self.state.lock().items.len()
    }

    /// True if no item is in the queue now (a snapshot: deciding to `get`
    /// on it is the check-then-act race of lesson 07; use
    /// [`try_get`](Self::try_get)).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Items put and not yet marked done (Python: `unfinished_tasks`).
    pub fn unfinished(&self) -> usize {
        self.state.lock().unfinished
    }

    /// True once [`close`](Self::close) has been called.
    pub fn is_closed(&self) -> bool {
        self.state.lock().closed
    }

    fn is_full(&self, state: &State<O>) -> bool {
        self.capacity.is_some_and(|c| state.items.len() >= c)
    }

    /// Lets go of the lock, yields, and takes it back: one more look before
    /// sleeping (see `YIELDS_BEFORE_SLEEP`).
    fn look_again<'a>(&'a self, state: MutexGuard<'a, State<O>>) -> MutexGuard<'a, State<O>> {
        drop(state);
        thread::yield_now();
        self.state.lock()
    }

    /// Adds `item` under the lock, once there is room.
    fn push(&self, mut state: MutexGuard<'_, State<O>>, item: T) {
        state.items.push(item);
        state.unfinished += 1;
        state.peak = state.peak.max(state.items.len());
        self.not_empty.notify_one();
        drop(state);
    }

    /// Takes the next item under the lock.
    fn pop(&self, mut state: MutexGuard<'_, State<O>>) -> Option<T> {
        let item = state.items.pop();
        if item.is_some() && self.capacity.is_some() {
            self.not_full.notify_one();
        }
        drop(state);
        item
    }

    // ANCHOR: put
    /// Puts `item` in, waiting while the queue is full.
    ///
    /// # Errors
    ///
    /// [`Closed`], with the item, if the queue is closed (also while this
    /// call waited).
    pub fn put(&self, item: T) -> Result<(), Closed<T>> {
        let (mut state, mut looked) = (self.state.lock(), 0);
        loop {
            if state.closed {
                return Err(Closed(item));
            }
            if !self.is_full(&state) {
                break;
            }
            if may_look_again(&mut looked) {
                state = self.look_again(state);
            } else {
                self.not_full.wait(&mut state);
            }
        }
        self.push(state, item);
        Ok(())
    }
    // ANCHOR_END: put

    /// Puts `item` in if there is room now (Python: `put_nowait`).
    ///
    /// # Errors
    ///
    /// [`TryPutError::Full`] or [`TryPutError::Closed`], with the item.
    pub fn try_put(&self, item: T) -> Result<(), TryPutError<T>> {
        let state = self.state.lock();
        if state.closed {
            return Err(TryPutError::Closed(item));
        }
        if self.is_full(&state) {
            return Err(TryPutError::Full(item));
        }
        self.push(state, item);
        Ok(())
    }

    /// Puts `item` in, waiting at most `timeout` for room.
    ///
    /// # Errors
    ///
    /// [`PutTimeoutError::Timeout`] or [`PutTimeoutError::Closed`], with the
    /// item.
    pub fn put_timeout(&self, item: T, timeout: Duration) -> Result<(), PutTimeoutError<T>> {
        let deadline = Instant::now().checked_add(timeout);
        let mut state = self.state.lock();
        loop {
            if state.closed {
                return Err(PutTimeoutError::Closed(item));
            }
            if !self.is_full(&state) {
                break;
            }
            if self.not_full.wait_for(&mut state, left(deadline, timeout)).timed_out() && self.is_full(&state)
            {
                return Err(if state.closed {
                    PutTimeoutError::Closed(item)
                } else {
                    PutTimeoutError::Timeout(item)
                });
            }
        }
        self.push(state, item);
        Ok(())
    }

    // ANCHOR: get
    /// Takes the next item, waiting while the queue is empty. Returns
    /// `None` once the queue is closed and empty: the consumer's signal to
    /// stop.
    pub fn get(&self) -> Option<T> {
        let (mut state, mut looked) = (self.state.lock(), 0);
        while state.items.is_empty() && !state.closed {
            if may_look_again(&mut looked) {
                state = self.look_again(state);
            } else {
                self.not_empty.wait(&mut state);
            }
        }
        self.pop(state) // None only if closed and empty
    }
    // ANCHOR_END: get

    /// Takes the next item if there is one now (Python: `get_nowait`).
    ///
    /// # Errors
    ///
    /// [`TryGetError::Empty`], or [`TryGetError::Closed`] once the queue is
    /// closed and empty.
    pub fn try_get(&self) -> Result<T, TryGetError> {
        let state = self.state.lock();
        let closed = state.closed;
        self.pop(state).ok_or(if closed { TryGetError::Closed } else { TryGetError::Empty })
    }

    /// Takes the next item, waiting at most `timeout` for one.
    ///
    /// # Errors
    ///
    /// [`GetTimeoutError::Timeout`], or [`GetTimeoutError::Closed`] once
    /// the queue is closed and empty.
    pub fn get_timeout(&self, timeout: Duration) -> Result<T, GetTimeoutError> {
        let deadline = Instant::now().checked_add(timeout);
        let mut state = self.state.lock();
        while state.items.is_empty() && !state.closed {
            if self.not_empty.wait_for(&mut state, left(deadline, timeout)).timed_out()
                && state.items.is_empty()
            {
                break;
            }
        }
        let closed = state.closed;
        self.pop(state).ok_or(if closed { GetTimeoutError::Closed } else { GetTimeoutError::Timeout })
    }

    // ANCHOR: task-done
    /// Marks one item as handled. When none is left unfinished, wakes
    /// every thread in [`join`](Self::join).
    ///
    /// # Errors
    ///
    /// [`TaskDoneError`] if every item put is already marked done (Python
    /// raises `ValueError`); nothing changes.
    pub fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut state = self.state.lock();
        if state.unfinished == 0 {
            return Err(TaskDoneError);
        }
        state.unfinished -= 1;
        if state.unfinished == 0 {
            self.all_done.notify_all(); // join checks the count under this lock
        }
        Ok(())
    }

    /// Waits until every item put has been marked done with
    /// [`task_done`](Self::task_done). Returns at once if none is
    /// unfinished.
    pub fn join(&self) {
        let mut state = self.state.lock();
        while state.unfinished > 0 {
            self.all_done.wait(&mut state);
        }
    }
    // ANCHOR_END: task-done

    /// Closes the queue: later puts are refused, threads waiting to put get
    /// their item back, and consumers take what is left and then get
    /// `None`. Closing twice does nothing more.
    pub fn close(&self) {
        self.state.lock().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }
}

/// Whether a waiter that has looked `looked` times may look again before
/// it sleeps; counts the look.
fn may_look_again(looked: &mut u32) -> bool {
    if *looked >= YIELDS_BEFORE_SLEEP || sched::controlled() {
        return false;
    }
    *looked += 1;
    true
}

/// How long is left until `deadline` (`timeout` itself if the deadline
/// overflowed an `Instant`).
fn left(deadline: Option<Instant>, timeout: Duration) -> Duration {
    deadline.map_or(timeout, |d| d.saturating_duration_since(Instant::now()))
}

impl<T, O: Order<T>> fmt::Debug for Queue<T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("Queue")
            .field("len", &state.items.len())
            .field("capacity", &self.capacity)
            .field("unfinished", &state.unfinished)
            .field("closed", &state.closed)
            .field("peak", &state.peak)
            .finish()
    }
}

/// [`Queue::put`] on a closed queue; the item comes back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Closed<T>(pub T);

/// Why [`Queue::try_put`] gave the item back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TryPutError<T> {
    /// The queue was full.
    Full(T),
    /// The queue was closed.
    Closed(T),
}

/// Why [`Queue::put_timeout`] gave the item back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PutTimeoutError<T> {
    /// The queue stayed full for the whole timeout.
    Timeout(T),
    /// The queue was closed.
    Closed(T),
}

/// Why [`Queue::try_get`] returned no item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryGetError {
    /// The queue was empty.
    Empty,
    /// The queue was closed and empty: nothing will come.
    Closed,
}

/// Why [`Queue::get_timeout`] returned no item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GetTimeoutError {
    /// Nothing came for the whole timeout.
    Timeout,
    /// The queue was closed and empty: nothing will come.
    Closed,
}

/// [`Queue::task_done`] called more times than items were put.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskDoneError;

// The item is left out of Debug (like crossbeam's errors), so the errors
// print whatever the item is.
impl<T> fmt::Debug for Closed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Closed(..)")
    }
}

impl<T> fmt::Debug for TryPutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryPutError::Full(_) => "Full(..)",
            TryPutError::Closed(_) => "Closed(..)",
        })
    }
}

impl<T> fmt::Debug for PutTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PutTimeoutError::Timeout(_) => "Timeout(..)",
            PutTimeoutError::Closed(_) => "Closed(..)",
        })
    }
}

impl<T> fmt::Display for Closed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("put on a closed queue")
    }
}

impl<T> fmt::Display for TryPutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryPutError::Full(_) => "put on a full queue",
            TryPutError::Closed(_) => "put on a closed queue",
        })
    }
}

impl<T> fmt::Display for PutTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PutTimeoutError::Timeout(_) => "timed out waiting for room in the queue",
            PutTimeoutError::Closed(_) => "put on a closed queue",
        })
    }
}

impl fmt::Display for TryGetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryGetError::Empty => "the queue is empty",
            TryGetError::Closed => "the queue is closed and empty",
        })
    }
}

impl fmt::Display for GetTimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GetTimeoutError::Timeout => "timed out waiting for an item",
            GetTimeoutError::Closed => "the queue is closed and empty",
        })
    }
}

impl fmt::Display for TaskDoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("task_done() called more times than items were put")
    }
}

impl<T> Error for Closed<T> {}
impl<T> Error for TryPutError<T> {}
impl<T> Error for PutTimeoutError<T> {}
impl Error for TryGetError {}
impl Error for GetTimeoutError {}
impl Error for TaskDoneError {}
