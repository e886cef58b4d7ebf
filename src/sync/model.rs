//! The loom build of the shim: the same names, backed by loom's types so
//! that `loom::model` explores every interleaving.

use std::ops::{Deref, DerefMut};

pub use loom::sync::Arc;
pub use loom::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU32, AtomicU64, AtomicUsize};

/// Thread functions: loom's, so the model checker controls them.
pub mod thread {
    pub use loom::thread::{spawn, yield_now};
}

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

    /// Consumes the mutex, returning the value.
    pub fn into_inner(self) -> T {
        self.inner.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until the lock is free, then holds it until the guard drops.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        MutexGuard { guard: self.inner.lock().unwrap_or_else(|e| e.into_inner()) }
    }

    /// Takes the lock if it is free right now.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.inner.try_lock().ok().map(|guard| MutexGuard { guard })
    }

    /// The value, through a unique borrow.
    pub fn get_mut(&mut self) -> &mut T {
        self.inner.get_mut().unwrap_or_else(|e| e.into_inner())
    }
}

/// Holds a [`Mutex`] locked until dropped.
#[derive(Debug)]
pub struct MutexGuard<'a, T> {
    guard: loom::sync::MutexGuard<'a, T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}
