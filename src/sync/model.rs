//! The loom build of the shim: the same names, backed by loom's types so
//! that `loom::model` explores every interleaving.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

pub use loom::sync::Arc;
pub use loom::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize};

/// Thread functions: loom's, so the model checker controls them.
pub mod thread {
    pub use loom::thread::{ThreadId, current, spawn, yield_now};
}

/// Not modelled: loom has no reentrant lock, and the lesson that uses one
/// (04) does not model-check it. Under loom this is parking_lot's.
pub use parking_lot::{ReentrantMutex, ReentrantMutexGuard};

/// loom's mutex behind parking_lot's API (`lock` returns the guard).
#[derive(Debug, Default)]
pub struct Mutex<T> {
    inner: loom::sync::Mutex<T>,
}

impl<T> Mutex<T> {
    /// A new unlocked mutex holding `value`.
    pub fn new(value: T) -> Self {
        Mutex { inner: loom::sync::Mutex::new(value) }
    }

    /// The same as [`new`](Self::new): loom has no traces to show values in.
    pub fn traced(value: T) -> Self {
        Self::new(value)
    }

    /// The same as [`new`](Self::new).
    pub fn traced_with(value: T, _show: fn(&T) -> crate::trace::Value) -> Self {
        Self::new(value)
    }

    /// Consumes the mutex, returning the value.
    pub fn into_inner(self) -> T {
        self.inner.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until the lock is free, then holds it until the guard drops.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        MutexGuard { guard: Some(self.inner.lock().unwrap_or_else(|e| e.into_inner())) }
    }

    /// Takes the lock if free; loom has no timed lock, so it does not wait.
    pub fn try_lock_for(&self, _timeout: Duration) -> Option<MutexGuard<'_, T>> {
        self.try_lock()
    }

    /// Takes the lock if it is free right now.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.inner.try_lock().ok().map(|guard| MutexGuard { guard: Some(guard) })
    }

    /// The value, through a unique borrow.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut().unwrap_or_else(|e| e.into_inner())
    }
}

/// Holds a [`Mutex`] locked until dropped.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    /// Always `Some`, except for a moment inside [`Condvar::wait`], which
    /// hands the guard to loom's (std-style) condvar and takes it back.
    guard: Option<loom::sync::MutexGuard<'a, T>>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().expect("the guard is back after a wait")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().expect("the guard is back after a wait")
    }
}

/// loom's condition variable behind parking_lot's API (`wait(&mut guard)`).
/// loom never times a wait out: `wait_for` waits for a notify.
#[derive(Debug, Default)]
pub struct Condvar {
    inner: loom::sync::Condvar,
}

/// Whether a timed wait ended because its time ran out (never, under loom).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    /// True when the wait timed out rather than being notified.
    pub fn timed_out(self) -> bool {
        self.0
    }
}

impl Condvar {
    /// A new condition variable.
    pub fn new() -> Self {
        Condvar { inner: loom::sync::Condvar::new() }
    }

    /// Releases the lock, waits for a notify, takes the lock back.
    pub fn wait<T>(&self, guard: &mut MutexGuard<'_, T>) {
        let inner = guard.guard.take().expect("a guard holds its lock");
        guard.guard = Some(self.inner.wait(inner).unwrap_or_else(|e| e.into_inner()));
    }

    /// Waits while `condition` holds, re-checking after every wake-up.
    pub fn wait_while<T, F: FnMut(&mut T) -> bool>(&self, guard: &mut MutexGuard<'_, T>, mut condition: F) {
        while condition(&mut **guard) {
            self.wait(guard);
        }
    }

    /// Like [`wait`](Self::wait); loom does not model time, so this never
    /// times out.
    pub fn wait_for<T>(&self, guard: &mut MutexGuard<'_, T>, _timeout: Duration) -> WaitTimeoutResult {
        self.wait(guard);
        WaitTimeoutResult(false)
    }

    /// Wakes one waiting thread. Returns true: loom does not say whether
    /// one was waiting.
    pub fn notify_one(&self) -> bool {
        self.inner.notify_one();
        true
    }

    /// Wakes every waiting thread. Returns 0: loom does not say how many.
    pub fn notify_all(&self) -> usize {
        self.inner.notify_all();
        0
    }
}
