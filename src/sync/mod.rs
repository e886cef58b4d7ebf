//! The synchronisation types every lesson and primitive uses: one import
//! path, two builds.
//!
//! - Normally they wrap parking_lot's `Mutex` and std's atomics, and every
//!   operation is a *point* of the running [`Schedule`](crate::sched::Schedule):
//!   a load is a point named `reads`, a store `writes`, `fetch_sub`
//!   `subtracts`, taking a lock `locks` and releasing it `unlocks`. Outside a schedule they cost one
//!   relaxed load more than the types they wrap.
//! - Under `RUSTFLAGS="--cfg loom"` the same names are loom's types, so the
//!   model checker explores every interleaving of the code that uses them
//!   (the shim pattern of tokio's `src/loom/`).
//!
//! On top of them, the primitives the workbook builds (and model-checks):
//! [`Semaphore`], [`BoundedSemaphore`], [`Event`] and the queues
//! ([`JoinableQueue`], [`LifoQueue`], [`PriorityQueue`]).
//!
//! Library code imports from here, never from std or parking_lot directly.
//! The API follows parking_lot: `lock()` returns the guard (no poisoning).

#[cfg(not(loom))]
mod hooked;
#[cfg(not(loom))]
pub use hooked::*;

#[cfg(loom)]
mod model;
#[cfg(loom)]
pub use model::*;

pub use std::sync::atomic::Ordering;

pub mod event;
pub mod queue;
pub mod semaphore;

pub use event::Event;
pub use queue::{
    Closed, Fifo, GetTimeoutError, JoinableQueue, Lifo, LifoQueue, Order, Priority, PriorityQueue,
    PutTimeoutError, Queue, TaskDoneError, TryGetError, TryPutError,
};
pub use semaphore::{BoundedSemaphore, OverRelease, Permit, Semaphore};
