//! Lesson 04 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check reentrant-lock` (or `cargo test`). Stuck?
//! `just hint reentrant-lock`.

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
        // TODO: this is a plain lock: the holder waits for itself. When
        // `owner.thread` is this thread, count one more guard instead.
        while owner.thread.is_some() {
            self.released.wait(&mut owner);
        }
        owner.thread = Some(me);
        owner.count = 1;
        todo!("reentrant-lock/reentrant: let the holder in again")
    }

    /// Called when a guard drops: the lock is free only when the holder's
    /// last guard is gone.
    fn unlock(&self) {
        let mut owner = self.state.lock();
        // TODO: every guard drop frees the lock here, even an inner one.
        owner.thread = None;
        owner.count = 0;
        self.released.notify_one();
        todo!("reentrant-lock/reentrant: free it after the last guard")
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
    // TODO: each helper takes the lock on its own, so between them another
    // thread sees the money in neither account. Lock once here and change
    // the helpers to take `&mut Vec<u64>` (the guard derefs to it). Locking
    // here *and* in the helpers would deadlock: this mutex is not reentrant.
    if !withdraw(bank, from, amount) {
        return false;
    }
    deposit(bank, to, amount);
    todo!("reentrant-lock/pass-the-guard: one lock, passed down")
}

fn withdraw(bank: &Mutex<Vec<u64>>, from: usize, amount: u64) -> bool {
    let mut accounts = bank.lock();
    if accounts[from] < amount {
        return false;
    }
    accounts[from] -= amount;
    true
}

fn deposit(bank: &Mutex<Vec<u64>>, to: usize, amount: u64) {
    bank.lock()[to] += amount;
}
// ANCHOR_END: pass-the-guard
