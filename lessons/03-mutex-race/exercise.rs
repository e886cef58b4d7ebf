//! Lesson 03 exercises. Edit the functions below, delete their `todo!()`,
//! then run `just check mutex-race` (or `cargo test`). Stuck?
//! `just hint mutex-race`.

use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

// ANCHOR: decrement
/// `n -= 1`, correct however many threads call it at once.
pub fn decrement(n: &AtomicI64) {
    // TODO: another thread can run between this load and this store, and
    // then one of the two decrements is lost. Make it one indivisible step.
    let v = n.load(SeqCst);
    n.store(v - 1, SeqCst);
    todo!("mutex-race/decrement: one indivisible step")
}
// ANCHOR_END: decrement

// ANCHOR: withdraw
/// Takes `amount` out of `balance` if the balance covers it, and says
/// whether it did. Two threads withdrawing at once must never overdraw.
pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
    // TODO: the check and the withdrawal each take the lock on their own, so
    // two threads can both pass the check before either withdraws.
    let enough = *balance.lock() >= amount;
    if enough {
        *balance.lock() -= amount;
    }
    todo!("mutex-race/withdraw: check and act under one lock")
}
// ANCHOR_END: withdraw
