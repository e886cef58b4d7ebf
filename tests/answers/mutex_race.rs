//! Blind answers for lesson 03 (mutex-race): exercises `decrement` and `withdraw`.
//!
//! Each module below stands in for the whole of `lessons/03-mutex-race/exercise.rs`.
//! Modules aimed at `decrement` keep the obvious correct `withdraw`, and the
//! other way round, so only the targeted exercise differs.
//!
//! Compiles against the normal (non-loom) build: a few modules use a `static`
//! of the workbook's `Mutex`/`AtomicBool`, whose `new` is `const` only there.

// ======================================================================
// decrement: WRONG
// ======================================================================

/// WRONG (decrement): only the `todo!()` deleted; load and store stay two steps,
/// so a thread that runs between them has its decrement undone (lost update).
pub mod wrong_decrement_todo_removed {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    // ANCHOR: decrement
    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
    }
    // ANCHOR_END: decrement

    // ANCHOR: withdraw
    /// Takes `amount` out of `balance` if the balance covers it, and says
    /// whether it did. Two threads withdrawing at once must never overdraw.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
    // ANCHOR_END: withdraw
}

/// WRONG (decrement): "swap is atomic" but the value it writes was read earlier;
/// a decrement landing between the load and the swap is overwritten (lost update).
pub mod wrong_decrement_swap {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let v = n.load(SeqCst);
        n.swap(v - 1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): one compare_exchange with no retry loop; when another
/// thread got there first the CAS fails and this decrement is silently dropped.
pub mod wrong_decrement_cas_once {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let v = n.load(SeqCst);
        let _ = n.compare_exchange(v, v - 1, SeqCst, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): CAS, and on failure a plain store of `seen - 1`; the
/// fallback store is a read-then-write again, so a decrement between CAS and store is lost.
pub mod wrong_decrement_cas_fallback_store {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let v = n.load(SeqCst);
        if let Err(seen) = n.compare_exchange(v, v - 1, SeqCst, SeqCst) {
            n.store(seen - 1, SeqCst);
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): CAS retry loop that never refreshes the expected value;
/// once another thread wins, this CAS fails for ever (livelock: spins, never returns).
pub mod wrong_decrement_cas_loop_stale {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let v = n.load(SeqCst);
        while n.compare_exchange(v, v - 1, SeqCst, SeqCst).is_err() {}
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): fetch_sub, then "make sure" with a store of old - 1; the
/// extra store can overwrite another thread's decrement made in between (lost update).
pub mod wrong_decrement_fetch_sub_then_store {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let old = n.fetch_sub(1, SeqCst);
        n.store(old - 1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): a Mutex created inside the function (Python's `Lock()` in
/// the wrong place); every call has its own lock, so nothing is excluded: lost updates.
pub mod wrong_decrement_local_mutex {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let lock = Mutex::new(());
        let _held = lock.lock();
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): a global std::sync::Mutex around load/store; right result in
/// free runs, but blocking the schedule cannot see (a controlled schedule stalls).
pub mod wrong_decrement_std_mutex {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let _held = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): home-made lock flag taken by check-then-set (load, then
/// store true); two threads both see it free and both enter: lost update.
pub mod wrong_decrement_flag_check_then_set {
    use workbook::sync::{AtomicBool, AtomicI64, Mutex, Ordering::SeqCst, thread};

    static BUSY: AtomicBool = AtomicBool::new(false);

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        while BUSY.load(SeqCst) {
            thread::yield_now();
        }
        BUSY.store(true, SeqCst);
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
        BUSY.store(false, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): a spin lock on `swap(true)`: the count comes out right, but
/// waiting threads busy-wait instead of one indivisible step (or sleeping on a lock).
pub mod wrong_decrement_spinlock_swap {
    use workbook::sync::{AtomicBool, AtomicI64, Mutex, Ordering::SeqCst, thread};

    static BUSY: AtomicBool = AtomicBool::new(false);

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        while BUSY.swap(true, SeqCst) {
            thread::yield_now();
        }
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
        BUSY.store(false, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): "retry if someone interfered" with swap: the swap has already
/// written a stale value before the check; with 3+ threads (A reads, B and C decrement,
/// A swaps) two decrements are undone and A's retry restores only one.
pub mod wrong_decrement_swap_retry {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        loop {
            let v = n.load(SeqCst);
            if n.swap(v - 1, SeqCst) == v {
                break;
            }
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): adds a floor "a counter must not go negative": not `n -= 1`
/// when n <= 0 (the decrement is refused). Atomic otherwise, so only a start <= 0 shows it.
pub mod wrong_decrement_floor_at_zero {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        if n.load(SeqCst) > 0 {
            n.fetch_sub(1, SeqCst);
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (decrement): fetch_sub, then undo with fetch_add if it went below zero:
/// the value is negative for a moment and the decrement is refused at n <= 0.
pub mod wrong_decrement_undo_below_zero {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        if n.fetch_sub(1, SeqCst) <= 0 {
            n.fetch_add(1, SeqCst);
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

// ======================================================================
// decrement: RIGHT
// ======================================================================

/// RIGHT (decrement): compare_exchange loop that retries with the value the
/// failed CAS saw (the hint's "only in a loop").
pub mod right_decrement_cas_loop {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let mut current = n.load(SeqCst);
        loop {
            match n.compare_exchange(current, current - 1, SeqCst, SeqCst) {
                Ok(_) => return,
                Err(seen) => current = seen,
            }
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// RIGHT (decrement): compare_exchange_weak in a loop that reloads each time;
/// spurious failures only cost a retry.
pub mod right_decrement_cas_weak_reload {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        loop {
            let v = n.load(SeqCst);
            if n.compare_exchange_weak(v, v - 1, SeqCst, SeqCst).is_ok() {
                break;
            }
        }
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// RIGHT (decrement): fetch_add(-1) is the same indivisible read-modify-write
/// as fetch_sub(1) on a signed integer (trace shows `adds`, not `subtracts`).
pub mod right_decrement_fetch_add_negative {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_add(-1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// RIGHT (decrement): fetch_sub with Relaxed; a read-modify-write is indivisible
/// under any ordering, and a lone counter publishes nothing else.
pub mod right_decrement_fetch_sub_relaxed {
    use workbook::sync::{AtomicI64, Mutex, Ordering::Relaxed};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, Relaxed);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// RIGHT (decrement, edge): load and store inside one global workbook Mutex; every
/// decrement goes through the same lock, so the pair is indivisible (no fetch_sub in the trace).
pub mod right_decrement_static_lock {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    static DECREMENTS: Mutex<()> = Mutex::new(());

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        let _held = DECREMENTS.lock();
        let v = n.load(SeqCst);
        n.store(v - 1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

// ======================================================================
// withdraw: WRONG
// ======================================================================

/// WRONG (withdraw): only the `todo!()` deleted; check and subtraction take the
/// lock separately, so two threads both pass the check and overdraw.
pub mod wrong_withdraw_todo_removed {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it, and says
    /// whether it did. Two threads withdrawing at once must never overdraw.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let enough = *balance.lock() >= amount;
        if enough {
            *balance.lock() -= amount;
        }
        enough
    }
}

/// WRONG (withdraw): `>` instead of `>=`: a balance exactly equal to the amount
/// covers it, but the withdrawal is refused.
pub mod wrong_withdraw_strict_greater {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b > amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (withdraw): copies the balance out, checks the copy, writes back
/// `copy - amount` under a second lock: both threads succeed from 100 and the
/// balance ends 20 (a lost update: 160 handed out, never negative).
pub mod wrong_withdraw_copy_write_back {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let b = *balance.lock();
        if b < amount {
            return false;
        }
        *balance.lock() = b - amount;
        true
    }
}

/// WRONG (withdraw): subtracts first, then (under a second lock) puts it back if
/// negative: the balance is overdrawn for a moment, and another thread can be
/// refused although the money was there. End state correct.
pub mod wrong_withdraw_subtract_then_restore {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let after = {
            let mut b = balance.lock();
            *b -= amount;
            *b
        };
        if after < 0 {
            *balance.lock() += amount;
            return false;
        }
        true
    }
}

/// WRONG (withdraw): keeps the guard for the check but calls `balance.lock()`
/// again for the subtraction: locks a non-reentrant mutex it already holds (deadlock).
pub mod wrong_withdraw_lock_twice {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let b = balance.lock();
        if *b >= amount {
            *balance.lock() -= amount;
            return true;
        }
        false
    }
}

/// WRONG (withdraw): try_lock and give up when busy: refuses a withdrawal the
/// balance covers, just because another thread held the lock (refusal for the wrong reason).
pub mod wrong_withdraw_try_lock_refuses {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let Some(mut b) = balance.try_lock() else {
            return false;
        };
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (withdraw): busy-waits on try_lock + yield instead of blocking in
/// `lock()`; the result is right, the waiting spins.
pub mod wrong_withdraw_try_lock_spin {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst, thread};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        loop {
            if let Some(mut b) = balance.try_lock() {
                if *b >= amount {
                    *b -= amount;
                    return true;
                }
                return false;
            }
            thread::yield_now();
        }
    }
}

/// WRONG (withdraw): the two-scope version wrapped in a global std::sync::Mutex:
/// right in free runs, but blocks where the schedule cannot see (controlled runs stall).
pub mod wrong_withdraw_std_mutex {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    static WITHDRAWALS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let _one_at_a_time = WITHDRAWALS.lock().unwrap_or_else(|e| e.into_inner());
        let enough = *balance.lock() >= amount;
        if enough {
            *balance.lock() -= amount;
        }
        enough
    }
}

/// WRONG (withdraw): try_lock_for with a deadline, and a timeout read as "no":
/// refuses a covered withdrawal when the lock is merely slow (only in free runs).
pub mod wrong_withdraw_timed_lock_refuses {
    use std::time::Duration;
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let Some(mut b) = balance.try_lock_for(Duration::from_millis(1)) else {
            return false;
        };
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

/// WRONG (withdraw): one lock scope, but always returns true: says it withdrew
/// when the balance did not cover it.
pub mod wrong_withdraw_always_true {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
        }
        true
    }
}

/// WRONG (withdraw): answers "is the balance still non-negative?" instead of
/// "did I withdraw?": true on a refusal too.
pub mod wrong_withdraw_returns_not_negative {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
        }
        *b >= 0
    }
}

/// WRONG (withdraw): refuses `amount == 0` ("nothing to withdraw") although any
/// non-negative balance covers it.
pub mod wrong_withdraw_refuses_zero {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        if amount == 0 {
            return false;
        }
        let mut b = balance.lock();
        if *b >= amount {
            *b -= amount;
            true
        } else {
            false
        }
    }
}

// ======================================================================
// withdraw: RIGHT
// ======================================================================

/// RIGHT (withdraw): one guard, early return on refusal (another shape).
pub mod right_withdraw_early_return {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        if *b < amount {
            return false;
        }
        *b -= amount;
        true
    }
}

/// RIGHT (withdraw, edge): subtract, then restore if negative, all under ONE guard:
/// nobody can see the negative value, since the lock is held throughout.
pub mod right_withdraw_subtract_restore_one_lock {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        *b -= amount;
        if *b < 0 {
            *b += amount;
            return false;
        }
        true
    }
}

/// RIGHT (withdraw): checked_sub + filter for a non-negative result, written
/// through the guard once.
pub mod right_withdraw_checked_sub {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = balance.lock();
        match b.checked_sub(amount) {
            Some(left) if left >= 0 => {
                *b = left;
                true
            }
            _ => false,
        }
    }
}

/// RIGHT (withdraw): reads into a local, yields, writes back, all while the one
/// guard is held (the lesson's `decrement_locked` shape): the gap is harmless.
pub mod right_withdraw_local_copy_under_guard {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst, thread};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut guard = balance.lock();
        let have = *guard;
        thread::yield_now();
        let ok = have >= amount;
        if ok {
            *guard = have - amount;
        }
        ok
    }
}

/// RIGHT (withdraw, edge): try_lock first, fall back to a blocking lock() when busy;
/// either way the check and the act share one guard.
pub mod right_withdraw_try_then_lock {
    use workbook::sync::{AtomicI64, Mutex, Ordering::SeqCst};

    /// `n -= 1`, correct however many threads call it at once.
    pub fn decrement(n: &AtomicI64) {
        n.fetch_sub(1, SeqCst);
    }

    /// Takes `amount` out of `balance` if the balance covers it.
    pub fn withdraw(balance: &Mutex<i64>, amount: i64) -> bool {
        let mut b = match balance.try_lock() {
            Some(g) => g,
            None => balance.lock(),
        };
        let ok = *b >= amount;
        if ok {
            *b -= amount;
        }
        ok
    }
}
