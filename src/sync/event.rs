//! An event: a flag that threads can wait for. Python's `threading.Event`.
//!
//! One thread [`set`](Event::set)s the flag and every thread waiting in
//! [`wait`](Event::wait) goes on; [`clear`](Event::clear) makes later
//! waiters wait again. The traffic light of lesson 06 is one: green is set,
//! red is clear, and a car waits for green.
//!
//! # The lost wake-up, and why this one has none
//!
//! `wait` checks the flag and goes to sleep; `set` changes the flag and
//! wakes sleepers. If `set` could run between a waiter's check and its
//! sleep, the wake-up would find nobody asleep, and the waiter would then
//! sleep through a flag that is already set: a *lost wake-up*. Here the
//! flag only changes with the lock held, and the waiter holds the same lock
//! from its check until [`Condvar::wait`] has put it to sleep (releasing the
//! lock in the same step), so `set` can only run before the check (which
//! then sees the flag) or after the waiter is asleep (and is woken). loom
//! checks it (`tests/traffic_light.rs`), and also that the version which
//! stores the flag without the lock does lose the wake-up.
//!
//! # Examples
//!
//! ```
//! use workbook::sync::Event;
//!
//! let green = Event::new();
//! std::thread::scope(|s| {
//!     s.spawn(|| green.wait()); // waits until the light is set
//!     green.set();
//! });
//! assert!(green.is_set());
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use super::{AtomicBool, Condvar, Mutex, Ordering};

/// A flag threads can wait for. See the [module documentation](self).
pub struct Event {
    /// The flag. Changed only with `lock` held, read without it by
    /// [`Event::is_set`].
    flag: AtomicBool,
    lock: Mutex<()>,
    changed: Condvar,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Event { flag: AtomicBool::new(false), lock: Mutex::new(()), changed: Condvar::new() }
    }

    /// True if the flag is set. Only a snapshot: it can change the moment
    /// this returns, so deciding to act on it is a check-then-act race (the
    /// racy car of lesson 06). To act only once it is set, [`wait`](Self::wait).
    #[inline]
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    // ANCHOR: set
    /// Sets the flag and wakes every waiting thread.
    pub fn set(&self) {
        let _lock = self.lock.lock();
        self.flag.store(true, Ordering::SeqCst);
        self.changed.notify_all();
    }
    // ANCHOR_END: set

    /// Clears the flag: later calls to [`wait`](Self::wait) wait again.
    pub fn clear(&self) {
        let _lock = self.lock.lock();
        self.flag.store(false, Ordering::SeqCst);
    }

    // ANCHOR: wait
    /// Waits until the flag is set (returns at once if it is).
    ///
    /// It returns when it *sees* the flag set. Python's `wait` returns after
    /// any `set`, even one cleared again before the waiter woke; here a
    /// `set` followed at once by a `clear` may not release a waiter, which
    /// goes on waiting for the next `set`. For a signal that must never be
    /// missed, count: a [`Semaphore`](super::Semaphore) of 0.
    #[inline]
    pub fn wait(&self) {
        if !self.is_set() {
            self.wait_slow(); // out of line: a green light costs one load
        }
    }

    #[cold]
    fn wait_slow(&self) {
        let mut lock = self.lock.lock();
        // Checked with the lock held, so `set` cannot slip in between the
        // check and the wait; re-checked after every wake-up.
        while !self.flag.load(Ordering::SeqCst) {
            self.changed.wait(&mut lock);
        }
    }
    // ANCHOR_END: wait

    // ANCHOR: wait-then
    /// Waits until the flag is set, then runs `f` *while it is still set*:
    /// `f` runs with the event's lock held, so [`clear`](Self::clear) (and
    /// [`set`](Self::set)) wait until it returns. Returns what `f` returns.
    ///
    /// `wait()` followed by `f()` only knows that the flag *was* set: it can
    /// be cleared between the two, which is the check-then-act gap of
    /// lesson 06 (a car that waited for green, then crossed on red). Keep
    /// `f` short: everyone who sets or clears the flag waits for it, and it
    /// must not use this event itself (the lock is not reentrant).
    pub fn wait_then<R>(&self, f: impl FnOnce() -> R) -> R {
        let mut lock = self.lock.lock();
        while !self.flag.load(Ordering::SeqCst) {
            self.changed.wait(&mut lock);
        }
        f()
    }
    // ANCHOR_END: wait-then

    /// Waits until the flag is set or `timeout` has passed, and returns the
    /// flag, like Python's `wait(timeout)`. Under a controlled schedule the
    /// time runs out only when no other thread can move.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        if self.is_set() {
            return true;
        }
        let deadline = Instant::now().checked_add(timeout);
        let mut lock = self.lock.lock();
        while !self.flag.load(Ordering::SeqCst) {
            let left = deadline.map_or(timeout, |d| d.saturating_duration_since(Instant::now()));
            if self.changed.wait_for(&mut lock, left).timed_out() {
                break;
            }
        }
        self.flag.load(Ordering::SeqCst)
    }
}

impl Default for Event {
    fn default() -> Self {
        Event::new()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event").field("set", &self.is_set()).finish()
    }
}
