//! Lesson 05: reference solutions. Checked by
//! `cargo test --features solutions`.

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
        while *permits == 0 {
            self.freed.wait(&mut permits);
        }
        *permits -= 1;
    }

    /// Gives a permit back, waking one waiting thread.
    pub fn release(&self) {
        let mut permits = self.permits.lock();
        *permits += 1;
        self.freed.notify_one();
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
        if *permits >= self.limit {
            return Err(OverRelease { limit: self.limit });
        }
        *permits += 1;
        self.freed.notify_one();
        Ok(())
    }
}
// ANCHOR_END: bounded
