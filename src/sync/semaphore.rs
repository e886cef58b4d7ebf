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

use super::{Condvar, Mutex, Ordering::SeqCst};
use crate::sched;
use crate::trace::Value;

// The state word is a plain std atomic outside loom: a schedule sees a
// semaphore's operations (`acquires`, `releases`) and its sleeps (`locks`,
// `waits`, `wakes`), not the bit-twiddling inside, which loom checks.
#[cfg(loom)]
use loom::sync::atomic::AtomicU64;
#[cfg(not(loom))]
use std::sync::atomic::AtomicU64;

/// One permit free: bits 0–23 of [`Semaphore`]'s state word count them.
const FREE: u64 = 1;
/// One permit held by a live [`Permit`] guard: bits 24–47.
const GUARDED: u64 = 1 << 24;
/// One thread registered to sleep: bits 48–63.
const SLEEPER: u64 = 1 << 48;
/// The mask of one 24-bit count.
const COUNT: u64 = GUARDED - 1;

fn free(state: u64) -> u64 {
    state & COUNT
}

fn guarded(state: u64) -> u64 {
    (state >> 24) & COUNT
}

/// A counting semaphore. See the [module documentation](self).
///
/// `Semaphore::new(0)` is allowed: it starts with no permits, and every
/// [`acquire`](Self::acquire) waits until some thread calls
/// [`release`](Self::release) (a semaphore used as a signal).
///
/// # How it works
///
/// The lesson's exercise builds a semaphore from a `Mutex<usize>` and a
/// `Condvar`, and that is the whole idea. This one adds a fast path, because
/// taking the lock twice per permit (once to acquire, once to give back)
/// made an uncontended permit cost nearly three times a lock. Here one
/// atomic word holds three counts: free permits, permits held by guards,
/// and threads registered to sleep. A permit is taken with one
/// compare-exchange and given back with one `fetch_add`, and the mutex and
/// condition variable are used only to sleep. A thread about to sleep
/// registers in the word and then checks it again for a permit; a thread
/// that gives a permit back sees in the same step whether anyone is
/// registered. Both change one word, so one of them comes first and the
/// other sees it: no wake-up is lost. loom checks it.
pub struct Semaphore {
    /// Free permits, permits held by guards, and registered sleepers.
    state: AtomicU64,
    lock: Mutex<()>,
    /// Notified once per permit given back while someone sleeps.
    freed: Condvar,
}

impl Semaphore {
    /// The most permits a semaphore can hold: 2²⁴ − 1 (16,777,215). At most
    /// 65,535 threads can wait on one at a time.
    pub const MAX_PERMITS: usize = COUNT as usize;

    /// A semaphore with `permits` permits.
    ///
    /// # Panics
    ///
    /// When `permits` is more than [`MAX_PERMITS`](Self::MAX_PERMITS).
    pub fn new(permits: usize) -> Self {
        assert!(permits <= Self::MAX_PERMITS, "a semaphore holds at most 16,777,215 permits, not {permits}");
        Semaphore { state: AtomicU64::new(permits as u64), lock: Mutex::new(()), freed: Condvar::new() }
    }

    /// Takes a permit if one is free, counting it as guarded: one
    /// compare-exchange, no lock.
    #[inline]
    fn take(&self) -> bool {
        let mut state = self.state.load(SeqCst);
        loop {
            if free(state) == 0 {
                return false;
            }
            match self.state.compare_exchange_weak(state, state - FREE + GUARDED, SeqCst, SeqCst) {
                Ok(_) => return true,
                Err(now) => state = now,
            }
        }
    }

    /// Takes a permit, waiting while there is none. The permit goes back
    /// when the returned guard drops.
    #[inline]
    pub fn acquire(&self) -> Permit<'_> {
        sched::point_shown("acquires", || self.acquire_inner(), |_| self.shown())
    }

    #[inline]
    fn acquire_inner(&self) -> Permit<'_> {
        if !self.take() {
            let mut lock = self.lock.lock();
            self.register(true);
            // Registered first, checked second: a permit given back from
            // now on either is seen here or finds us registered and
            // notifies. And `while`, not `if`: a wake-up is a hint, not a
            // promise; another thread may have taken the permit since.
            while !self.take() {
                self.freed.wait(&mut lock);
            }
            self.register(false);
        }
        Permit { semaphore: self }
    }

    /// What a trace shows after an operation: the free permits.
    fn shown(&self) -> Value {
        Value::Text(format!("{} free", self.available()))
    }

    /// Takes a permit if one is free right now.
    #[inline]
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        sched::point_shown(
            "tries",
            || self.take().then(|| Permit { semaphore: self }),
            |p| match p {
                Some(_) => self.shown(),
                None => Value::Text("none free".into()),
            },
        )
    }

    /// Takes a permit, waiting at most `timeout` for one. Under a
    /// controlled schedule the time runs out only when no other thread can
    /// move (see [`Condvar`]).
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<Permit<'_>> {
        sched::point_shown(
            "acquires",
            || self.acquire_timeout_inner(timeout),
            |p| match p {
                Some(_) => self.shown(),
                None => Value::Text("timed out".into()),
            },
        )
    }

    fn acquire_timeout_inner(&self, timeout: Duration) -> Option<Permit<'_>> {
        if self.take() {
            return Some(Permit { semaphore: self });
        }
        let deadline = Instant::now().checked_add(timeout);
        let mut lock = self.lock.lock();
        self.register(true);
        let mut got = self.take();
        while !got {
            let left = deadline.map_or(timeout, |d| d.saturating_duration_since(Instant::now()));
            let timed_out = self.freed.wait_for(&mut lock, left).timed_out();
            got = self.take();
            if timed_out {
                break;
            }
        }
        self.register(false);
        got.then(|| Permit { semaphore: self })
    }

    /// How many permits are free right now (already stale when it returns).
    pub fn available(&self) -> usize {
        free(self.state.load(SeqCst)) as usize
    }

    /// Registers this thread as about to sleep (or no longer), with `lock`
    /// held.
    ///
    /// # Panics
    ///
    /// With more than 65,535 threads waiting at once.
    fn register(&self, sleeping: bool) {
        if sleeping {
            let before = self.state.fetch_add(SLEEPER, SeqCst);
            assert!(before < u64::MAX - SLEEPER, "more than 65,535 threads wait on one semaphore");
        } else {
            self.state.fetch_sub(SLEEPER, SeqCst);
        }
    }

    /// Wakes one sleeper if `before`, the state before a permit was added,
    /// had any registered.
    #[inline]
    fn wake_one(&self, before: u64) {
        if before >= SLEEPER {
            // Taking the lock waits until a sleeper that registered has
            // really gone to sleep (it releases the lock in `wait`).
            let _lock = self.lock.lock();
            self.freed.notify_one();
        }
    }

    /// Changes the state word with `change`, unless `change` refuses.
    /// Returns the state before the change.
    fn update(&self, change: impl Fn(u64) -> Option<u64>) -> Option<u64> {
        let mut state = self.state.load(SeqCst);
        loop {
            let new = change(state)?;
            match self.state.compare_exchange_weak(state, new, SeqCst, SeqCst) {
                Ok(before) => return Some(before),
                Err(now) => state = now,
            }
        }
    }

    /// Adds a permit, waking one waiting thread: Python's `release()`. It
    /// pairs with a permit taken by [`Permit::forget`], or hands out one
    /// more than the semaphore started with (a plain semaphore does not
    /// check; a [`BoundedSemaphore`] does).
    ///
    /// # Panics
    ///
    /// When the semaphore would hold more than
    /// [`MAX_PERMITS`](Self::MAX_PERMITS) permits.
    pub fn release(&self) {
        sched::point_shown("releases", || self.release_inner(), |()| self.shown());
    }

    fn release_inner(&self) {
        let before = self
            .update(|s| (free(s) + guarded(s) < COUNT).then_some(s + FREE))
            .expect("a semaphore holds at most 16,777,215 permits: release overflows it");
        self.wake_one(before);
    }

    #[inline]
    fn give_back(&self) {
        sched::point_shown("releases", || self.give_back_inner(), |()| self.shown());
    }

    #[inline]
    fn give_back_inner(&self) {
        // One step: the permit moves from guarded to free, and `before`
        // says whether anyone was registered to sleep.
        let before = self.state.fetch_add(FREE.wrapping_sub(GUARDED), SeqCst);
        self.wake_one(before);
    }

    fn forget_one(&self) {
        self.state.fetch_sub(GUARDED, SeqCst);
    }

    fn release_bounded(&self, limit: usize) -> Result<(), OverRelease> {
        sched::point_shown(
            "releases",
            || self.release_bounded_inner(limit),
            |r| match r {
                Ok(()) => self.shown(),
                Err(_) => Value::Text("refused: all back".into()),
            },
        )
    }

    fn release_bounded_inner(&self, limit: usize) -> Result<(), OverRelease> {
        // Permits held by guards will come back on their own: a release
        // must pair with a permit taken and forgotten.
        let before = self
            .update(|s| (free(s) + guarded(s) < limit as u64).then_some(s + FREE))
            .ok_or(OverRelease { limit })?;
        self.wake_one(before);
        Ok(())
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Semaphore").field("available", &self.available()).finish()
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
    #[inline]
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
///
/// # Panics
///
/// [`BoundedSemaphore::new`] panics above [`Semaphore::MAX_PERMITS`].
pub struct BoundedSemaphore {
    inner: Semaphore,
    limit: usize,
}

impl BoundedSemaphore {
    /// A semaphore with `limit` permits, and never more.
    pub fn new(limit: usize) -> Self {
        BoundedSemaphore { inner: Semaphore::new(limit), limit }
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
        f.debug_struct("BoundedSemaphore")
            .field("available", &self.available())
            .field("limit", &self.limit)
            .finish()
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
