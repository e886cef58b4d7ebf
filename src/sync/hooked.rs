//! The normal build of the shim: real types, with schedule points.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic;
use std::time::Duration;

use crate::sched::point_shown as point;
use crate::sched::{self, Ask, LockPath, Me};
use crate::trace::Value;

pub use std::sync::Arc;

/// Thread functions, as in `std::thread` (loom's under `--cfg loom`).
pub mod thread {
    pub use std::thread::{Scope, ScopedJoinHandle, ThreadId, current, scope, spawn, yield_now};
}

/// A mutual-exclusion lock (parking_lot's). Taking it is a schedule point
/// named `locks`, releasing it (dropping the guard) one named `unlocks`.
///
/// Under a controlled schedule, a thread that finds the lock held is
/// *blocked* as far as the schedule is concerned: the schedule runs someone
/// else, and reports a deadlock when nobody can run.
pub struct Mutex<T: ?Sized> {
    /// Shows the guarded value in traces (see [`Mutex::traced`]).
    show: Option<fn(&T) -> Value>,
    inner: parking_lot::Mutex<T>,
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> Mutex<T> {
    /// A new unlocked mutex holding `value`.
    #[inline]
    pub const fn new(value: T) -> Self {
        Mutex { show: None, inner: parking_lot::Mutex::new(value) }
    }

    /// Like [`new`](Self::new), but traces show the value the lock guards
    /// each time it is taken and released: `locks 100`, `unlocks 20`.
    #[inline]
    pub fn traced(value: T) -> Self
    where
        T: Clone + Into<Value>,
    {
        Mutex { show: Some(|v| v.clone().into()), inner: parking_lot::Mutex::new(value) }
    }

    /// Like [`traced`](Self::traced), with `show` saying what to record.
    #[inline]
    pub fn traced_with(value: T, show: fn(&T) -> Value) -> Self {
        Mutex { show: Some(show), inner: parking_lot::Mutex::new(value) }
    }

    /// Consumes the mutex, returning the value.
    #[inline]
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    #[inline]
    fn key(&self) -> usize {
        (self as *const Self).cast::<()>() as usize
    }

    #[inline]
    fn guard<'a>(
        &'a self,
        guard: parking_lot::MutexGuard<'a, T>,
        me: Option<Me>,
        label: &'static str,
        path: &LockPath,
    ) -> MutexGuard<'a, T> {
        let hook = me.map(|me| {
            me.leave(label, self.show.map_or(Value::None, |show| show(&guard)));
            let granted = matches!(path, LockPath::Granted);
            Box::new(GuardHook { me, key: self.key(), granted, show: self.show })
        });
        MutexGuard { guard, hook }
    }

    /// Blocks until the lock is free, then holds it until the guard drops.
    ///
    /// A thread that locks a mutex it already holds deadlocks (parking_lot's
    /// mutex is not reentrant); under a controlled schedule that is reported
    /// instead of hanging.
    ///
    /// # Panics
    ///
    /// Under a controlled schedule, when the thread would deadlock: it locks
    /// a mutex it already holds, or the run failed while it waited and the
    /// lock did not come free within the schedule's deadline.
    #[inline]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        if !sched::hooked() {
            return MutexGuard { guard: self.inner.lock(), hook: None };
        }
        self.lock_hooked()
    }

    /// [`lock`](Self::lock) while a schedule is listening.
    #[cold]
    fn lock_hooked(&self) -> MutexGuard<'_, T> {
        let me = sched::current();
        let path = me.as_ref().map_or(LockPath::Plain, |me| me.lock(self.key(), Ask::Lock));
        let guard = match path {
            LockPath::Abandoned(patience) => self.inner.try_lock_for(patience).unwrap_or_else(|| {
                panic!("deadlock: the schedule failed while this thread waited for a lock, and the lock never came free")
            }),
            _ => self.inner.lock(),
        };
        self.guard(guard, me, "locks", &path)
    }

    /// Takes the lock if it is free right now (a point named `tries`).
    #[inline]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        let me = sched::current();
        let path = me.as_ref().map_or(LockPath::Plain, |me| me.lock(self.key(), Ask::Try));
        let guard = match path {
            LockPath::Busy => return None,
            LockPath::Granted => self.inner.lock(),
            LockPath::Plain | LockPath::Abandoned(_) => self.inner.try_lock()?,
        };
        Some(self.guard(guard, me, "tries", &path))
    }

    /// Waits at most `timeout` for the lock (a point named `tries`).
    ///
    /// Under a controlled schedule a thread that already holds the lock gets
    /// `None` at once: nobody else can release it, so its wait could only
    /// time out. A lock held by another thread is waited for as by
    /// [`lock`](Self::lock), until it comes free or the wait runs out: when
    /// nobody else can move (a schedule has no clock), or whenever an
    /// exploration chooses (a point named `times out`).
    #[inline]
    pub fn try_lock_for(&self, timeout: Duration) -> Option<MutexGuard<'_, T>> {
        let me = sched::current();
        let path = me.as_ref().map_or(LockPath::Plain, |me| me.lock(self.key(), Ask::Timed));
        let guard = match path {
            LockPath::Busy => return None,
            LockPath::Granted => self.inner.lock(),
            LockPath::Plain => self.inner.try_lock_for(timeout)?,
            LockPath::Abandoned(patience) => self.inner.try_lock_for(patience.min(timeout))?,
        };
        Some(self.guard(guard, me, "tries", &path))
    }

    /// The value, through a unique borrow: no locking needed.
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// Holds a [`Mutex`] locked; unlocks (a recorded event) when dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct MutexGuard<'a, T: ?Sized> {
    guard: parking_lot::MutexGuard<'a, T>,
    /// What the schedule needs at the unlock, when one listens. Boxed, so
    /// that the guard of an unscheduled lock stays two words: it is on
    /// every hot path (a queue's put and get).
    hook: Option<Box<GuardHook<T>>>,
}

struct GuardHook<T: ?Sized> {
    me: Me,
    key: usize,
    granted: bool,
    show: Option<fn(&T) -> Value>,
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        // The schedule hears of the unlock a moment before the real lock is
        // released (when `guard` drops next). That is safe: this thread holds
        // the turn, so nobody else runs until it reaches its next point.
        // The unlock is itself a point: a thread can be interrupted with the
        // lock still held, which is when others find it taken.
        if let Some(hook) = &self.hook {
            unlock_hooked(hook, &self.guard);
        }
    }
}

#[cold]
fn unlock_hooked<T: ?Sized>(hook: &GuardHook<T>, value: &T) {
    let value = hook.show.map_or(Value::None, |show| show(value));
    hook.me.unlock(hook.key, hook.granted, value);
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.guard, f)
    }
}

/// A lock that the thread holding it may take again (parking_lot's
/// `ReentrantMutex`): Python's `RLock`. It is released when the last of the
/// thread's guards drops.
///
/// Its guard gives only `&T`: one thread can hold several guards at once,
/// and several `&mut T` to the same value would break Rust's aliasing rule.
/// Put a `RefCell` (or `Cell`) inside to change the value, and the borrow
/// rules are checked when the program runs instead.
///
/// Points: `locks` and `unlocks`, as for [`Mutex`]; taking it again is not
/// a wait.
pub struct ReentrantMutex<T: ?Sized> {
    inner: parking_lot::ReentrantMutex<T>,
}

impl<T> ReentrantMutex<T> {
    /// A new unlocked lock holding `value`.
    #[inline]
    pub const fn new(value: T) -> Self {
        ReentrantMutex { inner: parking_lot::ReentrantMutex::new(value) }
    }

    /// Consumes the lock, returning the value.
    #[inline]
    pub fn into_inner(self) -> T {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> ReentrantMutex<T> {
    /// Takes the lock, waiting while another thread holds it; at once if
    /// this thread already does.
    #[inline]
    pub fn lock(&self) -> ReentrantMutexGuard<'_, T> {
        let key = (self as *const Self).cast::<()>() as usize;
        let me = sched::current();
        let path = me.as_ref().map_or(LockPath::Plain, |me| me.lock(key, Ask::Reentrant));
        let guard = match path {
            LockPath::Abandoned(patience) => self.inner.try_lock_for(patience).unwrap_or_else(|| {
                panic!("deadlock: the schedule failed while this thread waited for a lock, and the lock never came free")
            }),
            _ => self.inner.lock(),
        };
        if let Some(me) = &me {
            me.leave("locks", Value::None);
        }
        ReentrantMutexGuard { guard, key, me, granted: matches!(path, LockPath::Granted) }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for ReentrantMutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// Holds a [`ReentrantMutex`]; the lock is free once every guard of the
/// holding thread has dropped.
#[must_use = "the lock is released as soon as the guard is dropped"]
pub struct ReentrantMutexGuard<'a, T: ?Sized> {
    guard: parking_lot::ReentrantMutexGuard<'a, T>,
    key: usize,
    me: Option<Me>,
    granted: bool,
}

impl<T: ?Sized> Deref for ReentrantMutexGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T: ?Sized> Drop for ReentrantMutexGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Some(me) = &self.me {
            me.unlock(self.key, self.granted, Value::None);
        }
    }
}

/// A condition variable (parking_lot's), used with [`Mutex`]: a thread
/// holding the lock waits until another changes the state it guards and
/// notifies.
///
/// Waiting is a schedule point named `waits`, notifying one named
/// `notifies`. Under a controlled schedule a waiter releases the lock and
/// sleeps until notified (it then reaches a point named `wakes`, where it
/// takes the lock back like any other thread); a notify with nobody waiting
/// is recorded as `nobody waits`, which is how a lost wake-up shows in a
/// timeline. A schedule has no clock: a timed wait runs out (a point named
/// `times out`) only when no other thread can move, and timed waits run out
/// in the order they began, whatever their lengths.
///
/// Every thread that uses one condition variable under a controlled
/// schedule must be an actor of it.
#[derive(Default)]
pub struct Condvar {
    inner: parking_lot::Condvar,
}

/// Whether a timed wait ended because its time ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    /// True when the wait timed out rather than being notified.
    #[inline]
    pub fn timed_out(self) -> bool {
        self.0
    }
}

impl Condvar {
    /// A new condition variable.
    #[inline]
    pub const fn new() -> Self {
        Condvar { inner: parking_lot::Condvar::new() }
    }

    #[inline]
    fn key(&self) -> usize {
        (self as *const Self).cast::<()>() as usize
    }

    /// Releases the guard's lock, sleeps until notified, and takes the lock
    /// again before returning. It can return without a notify (a *spurious*
    /// wake-up) or after another thread has already changed the state back:
    /// always wait in a loop that re-checks the condition.
    ///
    /// # Panics
    ///
    /// Under a controlled schedule, when the run fails while this thread
    /// waits and the lock does not come free within the deadline.
    #[inline]
    pub fn wait<T: ?Sized>(&self, guard: &mut MutexGuard<'_, T>) {
        self.wait_inner(guard, None);
    }

    /// Waits while `condition` holds: `wait` in the loop that re-checks,
    /// written once (parking_lot's and std's `wait_while`).
    ///
    /// # Panics
    ///
    /// As [`wait`](Self::wait).
    #[inline]
    pub fn wait_while<T: ?Sized, F: FnMut(&mut T) -> bool>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        mut condition: F,
    ) {
        while condition(&mut **guard) {
            self.wait(guard);
        }
    }

    /// Like [`wait`](Self::wait), giving up after `timeout`.
    ///
    /// # Panics
    ///
    /// As [`wait`](Self::wait).
    #[inline]
    pub fn wait_for<T: ?Sized>(&self, guard: &mut MutexGuard<'_, T>, timeout: Duration) -> WaitTimeoutResult {
        self.wait_inner(guard, Some(timeout))
    }

    fn wait_inner<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        timeout: Option<Duration>,
    ) -> WaitTimeoutResult {
        let Some(me) = guard.hook.as_ref().map(|hook| hook.me.clone()) else {
            return self.wait_plain(guard, timeout);
        };
        if !me.is_controlled() {
            let out = self.wait_plain(guard, timeout);
            me.leave(if out.0 { "times out" } else { "wakes" }, Value::None);
            return out;
        }
        me.bail_if_failed();
        let hook = guard.hook.as_mut().expect("a hooked guard");
        if hook.granted && !me.failed() {
            let (key, cv) = (hook.key, self.key());
            let mut timed_out = None;
            // The real lock is released while the schedule lets others run,
            // and taken back once the schedule has given this thread the
            // lock again.
            parking_lot::MutexGuard::unlocked(&mut guard.guard, || timed_out = me.wait(cv, key, timeout));
            // `None`: the run failed meanwhile. Return as a spurious wake-up;
            // the caller's loop re-checks and, if it waits again, waits below.
            hook.granted &= timed_out.is_some();
            return WaitTimeoutResult(timed_out.unwrap_or(false));
        }
        // The run has failed and everyone runs free: wait for a real notify,
        // but not for ever. A wait with no notify in sight is the deadlock
        // the schedule already reported.
        let patience = me.patience();
        let limit = timeout.map_or(patience, |t| t.min(patience));
        let timed_out = self.inner.wait_for(&mut guard.guard, limit).timed_out();
        assert!(
            !(timed_out && timeout.is_none_or(|t| t > patience)),
            "deadlock: the schedule failed while this thread waited on a condition variable, and no notify came"
        );
        WaitTimeoutResult(timed_out)
    }

    fn wait_plain<T: ?Sized>(
        &self,
        guard: &mut MutexGuard<'_, T>,
        timeout: Option<Duration>,
    ) -> WaitTimeoutResult {
        if let Some(hook) = &guard.hook {
            hook.me.leave("waits", Value::None);
        }
        match timeout {
            None => {
                self.inner.wait(&mut guard.guard);
                WaitTimeoutResult(false)
            }
            Some(d) => WaitTimeoutResult(self.inner.wait_for(&mut guard.guard, d).timed_out()),
        }
    }

    /// Wakes one waiting thread, if any; returns whether one was woken.
    #[inline]
    pub fn notify_one(&self) -> bool {
        let scheduled = sched::current().is_some_and(|me| me.notify(self.key(), false) > 0);
        self.inner.notify_one() || scheduled
    }

    /// Wakes every waiting thread; returns how many were woken.
    #[inline]
    pub fn notify_all(&self) -> usize {
        let scheduled = sched::current().map_or(0, |me| me.notify(self.key(), true));
        self.inner.notify_all() + scheduled
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Condvar { .. }")
    }
}

macro_rules! atomic_int {
    ($(#[$doc:meta])* $name:ident, $int:ty) => {
        $(#[$doc])*
        ///
        /// Schedule points: `load` is `reads`, `store` is `writes`, `swap` is
        /// `swaps`, `fetch_add` is `adds`, `fetch_sub` is `subtracts`,
        /// `compare_exchange` is `cas`.
        #[derive(Default)]
        pub struct $name {
            inner: atomic::$name,
        }

        impl $name {
            /// A new atomic holding `v`.
            #[inline]
            pub const fn new(v: $int) -> Self {
                $name { inner: atomic::$name::new(v) }
            }

            /// Reads the value.
            #[inline]
            pub fn load(&self, order: Ordering) -> $int {
                point("reads", || self.inner.load(order), |v| Value::from(*v))
            }

            /// Writes `v`.
            #[inline]
            pub fn store(&self, v: $int, order: Ordering) {
                point("writes", || self.inner.store(v, order), |_| Value::from(v))
            }

            /// Writes `v`, returning the old value.
            #[inline]
            pub fn swap(&self, v: $int, order: Ordering) -> $int {
                point("swaps", || self.inner.swap(v, order), |old| change(*old, v))
            }

            /// Adds `v` in one indivisible step, returning the old value.
            #[inline]
            pub fn fetch_add(&self, v: $int, order: Ordering) -> $int {
                point("adds", || self.inner.fetch_add(v, order), |old| change(*old, old.wrapping_add(v)))
            }

            /// Subtracts `v` in one indivisible step, returning the old value.
            #[inline]
            pub fn fetch_sub(&self, v: $int, order: Ordering) -> $int {
                point("subtracts", || self.inner.fetch_sub(v, order), |old| change(*old, old.wrapping_sub(v)))
            }

            /// Stores `new` if the value is `current`; returns the value seen.
            ///
            /// # Errors
            ///
            /// The value seen, when it was not `current`.
            #[inline]
            pub fn compare_exchange(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                point(
                    "cas",
                    || self.inner.compare_exchange(current, new, success, failure),
                    |r| match r {
                        Ok(old) => change(*old, new),
                        Err(seen) => Value::Text(format!("saw {seen}, failed")),
                    },
                )
            }

            /// Like [`compare_exchange`](Self::compare_exchange), but may fail
            /// spuriously: use it in a loop.
            ///
            /// # Errors
            ///
            /// The value seen, when the exchange did not happen.
            #[inline]
            pub fn compare_exchange_weak(
                &self,
                current: $int,
                new: $int,
                success: Ordering,
                failure: Ordering,
            ) -> Result<$int, $int> {
                point(
                    "cas",
                    || self.inner.compare_exchange_weak(current, new, success, failure),
                    |r| match r {
                        Ok(old) => change(*old, new),
                        Err(seen) => Value::Text(format!("saw {seen}, failed")),
                    },
                )
            }

            /// The value, through a unique borrow.
            #[inline]
            pub fn get_mut(&mut self) -> &mut $int {
                self.inner.get_mut()
            }

            /// Consumes the atomic, returning the value.
            #[inline]
            pub fn into_inner(self) -> $int {
                self.inner.into_inner()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.inner, f)
            }
        }
    };
}

fn change<T: Into<Value>>(old: T, new: T) -> Value {
    match (old.into(), new.into()) {
        (Value::Int(a), Value::Int(b)) => Value::Change(a, b),
        (a, b) => Value::Text(format!("{a}→{b}")),
    }
}

atomic_int!(/// An `i64` shared between threads.
    AtomicI64, i64);
atomic_int!(/// A `u64` shared between threads.
    AtomicU64, u64);
atomic_int!(/// A `usize` shared between threads.
    AtomicUsize, usize);
atomic_int!(/// An `i32` shared between threads.
    AtomicI32, i32);
atomic_int!(/// A `u32` shared between threads.
    AtomicU32, u32);

/// A `bool` shared between threads. Points: `reads`, `writes`, `swaps`.
#[derive(Default)]
pub struct AtomicBool {
    inner: atomic::AtomicBool,
}

impl AtomicBool {
    /// A new atomic holding `v`.
    #[inline]
    pub const fn new(v: bool) -> Self {
        AtomicBool { inner: atomic::AtomicBool::new(v) }
    }

    /// Reads the value.
    #[inline]
    pub fn load(&self, order: Ordering) -> bool {
        point("reads", || self.inner.load(order), |v| Value::from(*v))
    }

    /// Writes `v`.
    #[inline]
    pub fn store(&self, v: bool, order: Ordering) {
        point("writes", || self.inner.store(v, order), |_| Value::from(v))
    }

    /// Writes `v`, returning the old value.
    #[inline]
    pub fn swap(&self, v: bool, order: Ordering) -> bool {
        point("swaps", || self.inner.swap(v, order), |old| Value::Text(format!("{old}→{v}")))
    }

    /// Consumes the atomic, returning the value.
    #[inline]
    pub fn into_inner(self) -> bool {
        self.inner.into_inner()
    }
}

impl fmt::Debug for AtomicBool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

use super::Ordering;
