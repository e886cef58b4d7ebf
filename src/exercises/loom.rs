//! The exercises' promises under loom, for answers that use atomics.
//!
//! The explorer runs threads one step at a time, so every step sees every
//! step before it: it checks every *interleaving*, but only as if memory
//! were sequentially consistent. Real hardware, and Rust's memory model,
//! allow more: with `Ordering::Relaxed`, a thread can see another's flag
//! set and still see the data written before it as it was. loom explores
//! those executions too. These models run the learner's answers on loom's
//! threads and atomics (`RUSTFLAGS="--cfg loom"`, where `workbook::sync`
//! is loom's): an answer that passes `cargo test` and fails here has a
//! memory-ordering problem.
//!
//! Each model publishes a value with a `Relaxed` store before the answer's
//! hand-over (`set`, `release`, unlocking) and reads it with a `Relaxed`
//! load after the other side of it (`wait`, `acquire`, locking). Only a
//! hand-over that is a real happens-before edge (a lock, or an
//! `Acquire` load that reads a `Release` store) makes the value visible.

use crate::sync::{Arc, AtomicI64, AtomicUsize, Ordering, thread};

/// What a failure under loom means, for the learner.
pub const ORDERING: &str = "this passes under every interleaving (`cargo test`), and fails under \
    loom, which also tries what the memory model allows: a memory-ordering problem. A `Relaxed` \
    (or missing) ordering lets one thread see another's flag and still see the data written \
    before it as it was: publish with `Release` and read with `Acquire`, or do both under the lock";

/// `decrement`: two threads decrement 2 once each; it ends at 0.
pub fn decrement(answer: fn(&AtomicI64)) {
    loom::model(move || {
        let n = Arc::new(AtomicI64::new(2));
        let other = Arc::clone(&n);
        let t = thread::spawn(move || answer(&other));
        answer(&n);
        t.join().expect("no panic");
        assert_eq!(n.load(Ordering::SeqCst), 0, "two decrements from 2 did not end at 0");
    });
}

/// `event`: A writes a value, then sets the event; B waits for it, then
/// must see the value.
pub fn event<E: Send + Sync + 'static>(new: fn() -> E, set: fn(&E), wait: fn(&E)) {
    loom::model(move || {
        let shared = Arc::new((new(), AtomicUsize::new(0)));
        let other = Arc::clone(&shared);
        let t = thread::spawn(move || {
            other.1.store(42, Ordering::Relaxed);
            set(&other.0);
        });
        wait(&shared.0);
        assert_eq!(
            shared.1.load(Ordering::Relaxed),
            42,
            "B's wait() returned, and B did not see what A wrote before set()"
        );
        t.join().expect("no panic");
    });
}

/// `semaphore`: from a semaphore of 0, A writes a value and releases; B
/// acquires, then must see the value.
pub fn semaphore<S: Send + Sync + 'static>(new: fn(usize) -> S, acquire: fn(&S), release: fn(&S)) {
    loom::model(move || {
        let shared = Arc::new((new(0), AtomicUsize::new(0)));
        let other = Arc::clone(&shared);
        let t = thread::spawn(move || {
            other.1.store(42, Ordering::Relaxed);
            release(&other.0);
        });
        acquire(&shared.0);
        assert_eq!(
            shared.1.load(Ordering::Relaxed),
            42,
            "B's acquire() returned, and B did not see what A wrote before release()"
        );
        t.join().expect("no panic");
    });
}

/// `reentrant`: two threads each take the lock twice (nested) and add one
/// to a counter with a `Relaxed` load and store: a lock that excludes, and
/// hands over, leaves it at 2.
pub fn reentrant<L: Send + Sync + Default + 'static>(take: super::reentrant_lock::Take<L>) {
    loom::model(move || {
        let shared = Arc::new((L::default(), AtomicUsize::new(0)));
        let go = move |s: Arc<(L, AtomicUsize)>| {
            let outer = take(&s.0);
            let inner = take(&s.0);
            let v = s.1.load(Ordering::Relaxed);
            s.1.store(v + 1, Ordering::Relaxed);
            drop(inner);
            drop(outer);
        };
        let other = Arc::clone(&shared);
        let t = thread::spawn(move || go(other));
        go(Arc::clone(&shared));
        t.join().expect("no panic");
        assert_eq!(shared.1.load(Ordering::Relaxed), 2, "an add made under the lock was lost");
    });
}
