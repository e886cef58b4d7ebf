//! Lesson 05 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check semaphore` (or `cargo test`). Stuck? `just hint semaphore`.

use workbook::sync::{Condvar, Mutex, OverRelease};

// ANCHOR: semaphore
/// A counting semaphore in Python's style: `acquire` takes a permit,
/// waiting while there is none; `release` gives one back.
pub struct Semaphore {
    permits: Mutex<usize>,
    freed: Condvar,
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
    }

    /// Takes a permit, waiting while there is none.
    pub fn acquire(&self) {
        let mut permits = self.permits.lock();
        // TODO: with no permit left this goes below zero (and panics).
        // Wait on `self.freed` while there is none. In a loop: a wake-up
        // only means "look again".
        *permits -= 1;
        todo!("semaphore/semaphore: wait for a permit")
    }

    /// Gives a permit back, waking one waiting thread.
    pub fn release(&self) {
        // TODO: add the permit back, under the lock, and wake one waiter.
        todo!("semaphore/semaphore: give it back and wake a waiter")
    }
}
// ANCHOR_END: semaphore

// ANCHOR: bounded
/// A semaphore that refuses to hold more permits than it started with:
/// Python's `BoundedSemaphore`.
pub struct Bounded {
    permits: Mutex<usize>,
    freed: Condvar,
    limit: usize,
}

impl Bounded {
    /// A semaphore with `limit` permits, and never more.
    pub fn new(limit: usize) -> Self {
        Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
    }

    /// Takes a permit, waiting while there is none.
    pub fn acquire(&self) {
        let mut permits = self.permits.lock();
        while *permits == 0 {
            self.freed.wait(&mut permits);
        }
        *permits -= 1;
    }

    /// Gives a permit back.
    ///
    /// # Errors
    ///
    /// [`OverRelease`] when all `limit` permits are already back.
    pub fn release(&self) -> Result<(), OverRelease> {
        let mut permits = self.permits.lock();
        // TODO: a release too many is accepted here, and the semaphore
        // grows. Refuse it with `Err(OverRelease { limit: self.limit })`,
        // leaving the count as it was.
        *permits += 1;
        self.freed.notify_one();
        todo!("semaphore/bounded: refuse a release too many")
    }
}
// ANCHOR_END: bounded
