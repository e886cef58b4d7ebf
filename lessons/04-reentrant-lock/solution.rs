//! Lesson 04: reference solutions. Checked by
//! `cargo test --features solutions`.

use workbook::sync::thread::{self, ThreadId};
use workbook::sync::{Condvar, Mutex};

// ANCHOR: reentrant
/// Who holds a [`ReentrantLock`], and how many of its guards are alive.
#[derive(Default)]
struct Owner {
    thread: Option<ThreadId>,
    count: usize,
}

/// A lock that the thread holding it may take again: Python's `RLock`, in
/// the shape of lock_api's `ReentrantMutex` (an owner, a count, and an inner
/// lock that other threads wait on).
#[derive(Default)]
pub struct ReentrantLock {
    state: Mutex<Owner>,
    released: Condvar,
}

impl ReentrantLock {
    /// Takes the lock: at once if this thread already holds it (one more
    /// guard), else after waiting until nobody holds it.
    pub fn lock(&self) -> ReentrantGuard<'_> {
        let me = thread::current().id();
        let mut owner = self.state.lock();
        if owner.thread == Some(me) {
            owner.count += 1;
        } else {
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
        }
        ReentrantGuard { lock: self }
    }

    /// Called when a guard drops: the lock is free only when the holder's
    /// last guard is gone.
    fn unlock(&self) {
        let mut owner = self.state.lock();
        owner.count -= 1;
        if owner.count == 0 {
            owner.thread = None;
            self.released.notify_one();
        }
    }
}

/// One hold of a [`ReentrantLock`]; dropping it calls `unlock`.
pub struct ReentrantGuard<'a> {
    lock: &'a ReentrantLock,
}

impl Drop for ReentrantGuard<'_> {
    fn drop(&mut self) {
        self.lock.unlock();
    }
}
// ANCHOR_END: reentrant

// ANCHOR: pass-the-guard
/// Moves `amount` from account `from` to account `to` if `from` has it, and
/// says whether it did. Nobody may ever see the money in neither account.
pub fn transfer(bank: &Mutex<Vec<u64>>, from: usize, to: usize, amount: u64) -> bool {
    let mut accounts = bank.lock();
    if !withdraw(&mut accounts, from, amount) {
        return false;
    }
    deposit(&mut accounts, to, amount);
    true
}

fn withdraw(accounts: &mut [u64], from: usize, amount: u64) -> bool {
    if accounts[from] < amount {
        return false;
    }
    accounts[from] -= amount;
    true
}

fn deposit(accounts: &mut [u64], to: usize, amount: u64) {
    accounts[to] += amount;
}
// ANCHOR_END: pass-the-guard
