//! Counting semaphores: at most N threads inside at once.
//!
//! A [`Semaphore`] holds a number of *permits*. [`acquire`](Semaphore::acquire)
//! takes one, waiting while there are none; dropping the [`Permit`] it
//! returns gives it back. Python's `threading.Semaphore(3)` is
//! `Semaphore::new(3)`, and `with sem:` is `let _permit = sem.acquire();`.
//!
//! A [`BoundedSemaphore`] also refuses to be released more often than it was
//! acquired: Python raises `ValueError`, [`BoundedSemaphore::release`]
//! returns [`OverRelease`].
//!
//! Both are built from one [`Mutex`] and one [`Condvar`] of the
//! [`sync`](crate::sync) shim, so the same code runs under a scripted
//! schedule and under loom. A blocked thread sleeps in the condition
//! variable (parking_lot parks it after a short bounded spin); it uses no
//! CPU while it waits.
//!
//! # Fairness
//!
//! Not fair. A released permit goes to whichever thread takes the lock
//! first: a newcomer can take it before a thread that has waited longer (it
//! *barges*), and a waiter can in principle be overtaken again and again.
//! Python's semaphores make no promise of order either. Fairness costs a
//! queue of waiters and a hand-off per release; see tokio's `Semaphore` for
//! a fair one.
//!
//! # Examples
//!
//! ```
//! use workbook::sync::{BoundedSemaphore, OverRelease};
//!
//! let toilets = BoundedSemaphore::new(3);
//! let permit = toilets.acquire();
//! assert_eq!(toilets.available(), 2);
//! drop(permit);
//! assert_eq!(toilets.available(), 3);
//! assert_eq!(toilets.release(), Err(OverRelease { limit: 3 }));
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use super::{Condvar, Mutex};

/// A counting semaphore. See the [module documentation](self).
///
/// `Semaphore::new(0)` is allowed: it starts with no permits, and every
/// [`acquire`](Self::acquire) waits until some thread calls
/// [`release`](Self::release) (a semaphore used as a signal).
pub struct Semaphore {
    state: Mutex<Count>,
    /// Notified once per permit given back.
    freed: Condvar,
    /// Set for a [`BoundedSemaphore`]: the most permits there can be.
    limit: Option<usize>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Count {
    /// Permits free to take.
    available: usize,
    /// Permits held by live [`Permit`] guards.
    guarded: usize,
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Semaphore {
            state: Mutex::new(Count { available: permits, guarded: 0 }),
            freed: Condvar::new(),
            limit: None,
        }
    }

    // ANCHOR: acquire
    /// Takes a permit, waiting while there is none. The permit goes back
    /// when the returned guard drops.
    pub fn acquire(&self) -> Permit<'_> {
        let mut count = self.state.lock();
        // `while`, not `if`: a wake-up is a hint, not a promise. Another
        // thread may have taken the permit between the notify and this
        // thread getting the lock back.
        while count.available == 0 {
            self.freed.wait(&mut count);
        }
        count.available -= 1;
        count.guarded += 1;
        Permit { semaphore: self }
    }
    // ANCHOR_END: acquire

    /// Takes a permit if one is free right now.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut count = self.state.lock();
        if count.available == 0 {
            return None;
        }
        count.available -= 1;
        count.guarded += 1;
        Some(Permit { semaphore: self })
    }

    /// Takes a permit, waiting at most `timeout` for one. Under a
    /// controlled schedule the time runs out only when no other thread can
    /// move (see [`Condvar`]).
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<Permit<'_>> {
        let deadline = Instant::now().checked_add(timeout);
        let mut count = self.state.lock();
        while count.available == 0 {
            let left = deadline.map_or(timeout, |d| d.saturating_duration_since(Instant::now()));
            if self.freed.wait_for(&mut count, left).timed_out() && count.available == 0 {
                return None;
            }
        }
        count.available -= 1;
        count.guarded += 1;
        Some(Permit { semaphore: self })
    }

    /// How many permits are free right now (already stale when it returns).
    pub fn available(&self) -> usize {
        self.state.lock().available
    }

    // ANCHOR: release
    /// Adds a permit, waking one waiting thread: Python's `release()`. It
    /// pairs with a permit taken by [`Permit::forget`], or hands out one
    /// more than the semaphore started with (a plain semaphore does not
    /// check; a [`BoundedSemaphore`] does).
    ///
    /// # Panics
    ///
    /// When the number of permits would overflow `usize`.
    pub fn release(&self) {
        let mut count = self.state.lock();
        count.available = count.available.checked_add(1).expect("semaphore permit count overflows usize");
        // Notify while holding the lock: the permit is already counted, so
        // the woken thread cannot miss it.
        self.freed.notify_one();
    }
    // ANCHOR_END: release

    fn give_back(&self) {
        let mut count = self.state.lock();
        count.guarded -= 1;
        count.available += 1;
        self.freed.notify_one();
    }

    fn forget_one(&self) {
        self.state.lock().guarded -= 1;
    }

    fn release_bounded(&self, limit: usize) -> Result<(), OverRelease> {
        let mut count = self.state.lock();
        // Permits held by guards will come back on their own: a release
        // must pair with a permit taken and forgotten.
        if count.available + count.guarded >= limit {
            return Err(OverRelease { limit });
        }
        count.available += 1;
        self.freed.notify_one();
        Ok(())
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.state.try_lock().map(|c| *c);
        f.debug_struct("Semaphore").field("count", &count).field("limit", &self.limit).finish()
    }
}

/// A permit taken from a [`Semaphore`] or [`BoundedSemaphore`]; given back
/// when dropped.
#[must_use = "the permit is given back as soon as it is dropped"]
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Permit<'_> {
    /// Keeps the permit taken without a guard: it comes back only through
    /// an explicit [`Semaphore::release`] (Python's manual
    /// `acquire()`/`release()` style).
    pub fn forget(self) {
        self.semaphore.forget_one();
        std::mem::forget(self);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.give_back();
    }
}

impl fmt::Debug for Permit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permit")
    }
}

/// A semaphore that never holds more than the permits it started with:
/// Python's `threading.BoundedSemaphore`.
///
/// `BoundedSemaphore::new(0)` is allowed, as in Python, and useless: every
/// acquire waits forever and every release is an [`OverRelease`].
pub struct BoundedSemaphore {
    inner: Semaphore,
    limit: usize,
}

impl BoundedSemaphore {
    /// A semaphore with `limit` permits, and never more.
    pub fn new(limit: usize) -> Self {
        let mut inner = Semaphore::new(limit);
        inner.limit = Some(limit);
        BoundedSemaphore { inner, limit }
    }

    /// Takes a permit, waiting while there is none.
    pub fn acquire(&self) -> Permit<'_> {
        self.inner.acquire()
    }

    /// Takes a permit if one is free right now.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        self.inner.try_acquire()
    }

    /// Takes a permit, waiting at most `timeout` for one.
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<Permit<'_>> {
        self.inner.acquire_timeout(timeout)
    }

    /// How many permits are free right now.
    pub fn available(&self) -> usize {
        self.inner.available()
    }

    /// The most permits this semaphore can hold.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Gives back a permit taken with [`Permit::forget`].
    ///
    /// # Errors
    ///
    /// [`OverRelease`] when no permit is out to give back: releasing more
    /// often than acquiring. The count is left as it was.
    pub fn release(&self) -> Result<(), OverRelease> {
        self.inner.release_bounded(self.limit)
    }
}

impl fmt::Debug for BoundedSemaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// A [`BoundedSemaphore`] was released more often than it was acquired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverRelease {
    /// The semaphore's permits, all of them already back.
    pub limit: usize,
}

impl fmt::Display for OverRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "semaphore released too many times: all {} permits are already back", self.limit)
    }
}

impl std::error::Error for OverRelease {}
