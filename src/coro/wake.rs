//! The run queue and its wake-up protocol: the one part of the executor
//! that other threads touch. Under `--cfg loom` it is built on loom's
//! types (`tests/async.rs` checks it there): a task woken
//! from another thread while the executor goes to sleep is never lost, and
//! a task woken twice is queued once.
//!
//! The protocol, in two halves:
//!
//! - **waker**: set the task's `queued` flag (if it was set, stop: the task
//!   is queued already); push the task; *then* read `asleep`, and if it is
//!   set, interrupt the executor's sleep.
//! - **executor**, with nothing to run: set `asleep`; *then* look at the
//!   queue once more, and sleep only if it is still empty.
//!
//! Each half writes first and reads second, so at least one of them sees
//! the other: either the executor finds the task, or the waker finds the
//! executor asleep and interrupts it. Reading first (`if asleep { … }`
//! before the push) loses the wake-up; the loom test shows the schedule.

use std::collections::VecDeque;

// The executor's hot path uses plain atomics and parking_lot's lock; the
// `sync` shim's scheduler hooks would only cost time here. Under loom,
// the shim's (loom's) types, so that the model checks this very code.
#[cfg(not(loom))]
use parking_lot::Mutex;
#[cfg(not(loom))]
pub use std::sync::atomic::AtomicBool;

#[cfg(loom)]
pub use crate::sync::AtomicBool;
#[cfg(loom)]
use crate::sync::Mutex;
use crate::sync::Ordering;

/// The tasks ready to run, by slot, and whether the executor sleeps.
#[derive(Debug, Default)]
pub struct RunQueue {
    ready: Mutex<VecDeque<usize>>,
    asleep: AtomicBool,
}

impl RunQueue {
    /// Empty, awake.
    pub fn new() -> Self {
        Self::default()
    }

    // ANCHOR: wake
    /// Queues `slot` unless its `queued` flag says it is queued already.
    /// True when the executor may be asleep: the caller must interrupt it.
    pub fn wake(&self, slot: usize, queued: &AtomicBool) -> bool {
        if queued.swap(true, Ordering::AcqRel) {
            return false; // already on the queue: once is enough
        }
        self.push(slot);
        self.is_asleep() // read after the push
    }
    // ANCHOR_END: wake

    /// Puts `slot` at the back of the queue.
    pub fn push(&self, slot: usize) {
        self.ready.lock().push_back(slot);
    }

    /// True while the executor sleeps, or is about to.
    pub fn is_asleep(&self) -> bool {
        self.asleep.load(Ordering::SeqCst)
    }

    /// Moves everything queued into `batch` (which must be empty), in the
    /// order it was woken.
    pub fn take_all(&self, batch: &mut VecDeque<usize>) {
        std::mem::swap(batch, &mut *self.ready.lock());
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.ready.lock().is_empty()
    }

    // ANCHOR: may_sleep
    /// The executor, with nothing to run: marks itself asleep, then looks
    /// at the queue once more. True if it may sleep; call [`awake`] after
    /// sleeping (or instead).
    ///
    /// [`awake`]: Self::awake
    pub fn may_sleep(&self) -> bool {
        self.asleep.store(true, Ordering::SeqCst);
        self.is_empty() // read after the write
    }
    // ANCHOR_END: may_sleep

    /// The executor is running again.
    pub fn awake(&self) {
        self.asleep.store(false, Ordering::SeqCst);
    }
}
