//! Lesson 03, reference solutions. Try the exercises first!

use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

// ANCHOR: decrement
/// `n -= 1`, correct however many threads call it at once.
pub fn decrement(n: &AtomicI64) {
    n.fetch_sub(1, SeqCst);
    //^^^^^^^^^ read, subtract and write in one step no thread can split
}
// ANCHOR_END: decrement

// ANCHOR: withdraw
/// Takes `amount` out of `balance` if the balance covers it, and says
/// whether it did. Two threads withdrawing at once must never overdraw.
pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
    let mut balance = balance.lock(); // one lock for the check and the act
    //  ^^^^^^^^^^^ held until the end of the function
    if *balance >= amount {
        *balance -= amount;
        true
    } else {
        false
    }
}
// ANCHOR_END: withdraw
