//! Blind answers for lesson 04 (reentrant-lock): exercises `reentrant` and
//! `pass-the-guard`.
//!
//! Each module below stands in for the whole of
//! `lessons/04-reentrant-lock/exercise.rs`. Modules aimed at `reentrant` keep the
//! obvious correct `transfer`, and the other way round, so only the targeted
//! exercise differs.
//!
//! Compiles against the normal (non-loom) build: one module uses a `static` of
//! the workbook's `Mutex`, whose `new` is `const` only there.

// ======================================================================
// reentrant: WRONG
// ======================================================================

/// WRONG (reentrant): unlock fixed, but lock() left as a plain lock: the holder
/// waits on the condvar for itself (self-deadlock on the second lock()).
pub mod wrong_reentrant_todo_removed {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count += 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): `if` instead of `while` around the wait: a third thread can
/// take the lock between the notify and the wake-up, and both become owner.
pub mod wrong_reentrant_if_not_while {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            if owner.thread == Some(me) {
                owner.count += 1;
                return ReentrantGuard { lock: self };
            }
            if owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): counts guards but clears the owner and notifies on every
/// drop: the inner guard's drop frees the lock while the outer guard is alive.
pub mod wrong_reentrant_frees_on_every_drop {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            owner.count -= 1;
            owner.thread = None;
            self.released.notify_one();
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): re-entry lets the holder in but sets count = 1 instead of
/// adding one, so the inner guard's drop frees the lock under the outer guard.
pub mod wrong_reentrant_reentry_resets_count {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            if owner.thread != Some(me) {
                while owner.thread.is_some() {
                    self.released.wait(&mut owner);
                }
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): frees the lock after the last guard but never notifies:
/// a thread waiting on the condvar sleeps for ever (lost wake-up).
pub mod wrong_reentrant_no_notify {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            owner.count -= 1;
            if owner.count == 0 {
                owner.thread = None;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): `>=` where `>` is meant (`if count >= 1 { count -= 1 } else { free }`):
/// the last guard's drop only brings count to 0, the lock is never freed; others wait for ever.
pub mod wrong_reentrant_unlock_ge_one {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            if owner.count >= 1 {
                owner.count -= 1;
            } else {
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): decrements, then frees when `count <= 1`: with two guards
/// alive, dropping the inner one frees the lock while the outer is still held.
pub mod wrong_reentrant_unlock_le_one {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            owner.count -= 1;
            if owner.count <= 1 {
                owner.thread = None;
                owner.count = 0;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): "already held: count one more" without comparing the
/// owner with this thread: any thread walks into a held lock (no mutual exclusion).
pub mod wrong_reentrant_any_holder_reenters {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            if owner.thread.is_some() {
                owner.count += 1;
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): notifies after letting go of the state lock but before
/// clearing the owner: a waiter that wakes in between sees it still held, waits
/// again, and the notify is lost (hang).
pub mod wrong_reentrant_notify_before_clear {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            {
                let mut owner = self.state.lock();
                owner.count -= 1;
                if owner.count > 0 {
                    return;
                }
            }
            self.released.notify_one();
            let mut owner = self.state.lock();
            owner.thread = None;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): busy-waits (lock state, look, unlock, yield, again)
/// instead of sleeping on the condition variable; right result, spinning waiters.
pub mod wrong_reentrant_spin {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            loop {
                {
                    let mut owner = self.state.lock();
                    if owner.thread == Some(me) {
                        owner.count += 1;
                        return ReentrantGuard { lock: self };
                    }
                    if owner.thread.is_none() {
                        owner.thread = Some(me);
                        owner.count = 1;
                        return ReentrantGuard { lock: self };
                    }
                }
                thread::yield_now();
            }
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): waits with wait_for and, on a timeout, assumes the holder
/// is gone and takes the lock anyway: two owners once a holder is slow.
pub mod wrong_reentrant_timeout_means_free {
    use std::time::Duration;
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            if owner.thread == Some(me) {
                owner.count += 1;
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                if self.released.wait_for(&mut owner, Duration::from_millis(20)).timed_out() {
                    break; // the holder must be gone
                }
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (reentrant): built on std::sync::Mutex and Condvar instead of the
/// workbook's: right in free runs, but blocks where the schedule cannot see.
pub mod wrong_reentrant_std_types {
    use workbook::sync::Mutex;
    use workbook::sync::thread::{self, ThreadId};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: std::sync::Mutex<Owner>,
        released: std::sync::Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if owner.thread == Some(me) {
                owner.count += 1;
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                owner = self.released.wait(owner).unwrap_or_else(|e| e.into_inner());
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock().unwrap_or_else(|e| e.into_inner());
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

// ======================================================================
// reentrant: RIGHT
// ======================================================================

/// RIGHT (reentrant): one path for both cases: wait while someone *else* holds it,
/// then set the owner and add one (count is 0 when it was free).
pub mod right_reentrant_one_path {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            while owner.thread.is_some_and(|holder| holder != me) {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count += 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (reentrant): notify_all on the final release; every waiter re-checks in
/// its while loop and all but one go back to sleep.
pub mod right_reentrant_notify_all {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            owner.count -= 1;
            if owner.count == 0 {
                owner.thread = None;
                self.released.notify_all();
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (reentrant, edge): notify_one *before* clearing the owner, but both under
/// the state lock: the woken waiter cannot look until the lock is released.
pub mod right_reentrant_notify_first_under_lock {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            if owner.count == 1 {
                self.released.notify_one();
                owner.thread = None;
            }
            owner.count -= 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (reentrant, edge): notifies on every guard drop, even when the lock is
/// still held; the woken waiter's while loop sees it held and sleeps again (spurious wake-up only).
pub mod right_reentrant_notify_every_drop {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            owner.count -= 1;
            if owner.count == 0 {
                owner.thread = None;
            }
            self.released.notify_one();
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (reentrant): a loop with a match on the owner (mine / free / other's),
/// and an unlock that matches on the count.
pub mod right_reentrant_match_shape {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
    #[derive(Default)]
    pub struct ReentrantLock {
        state: Mutex<Owner>,
        released: Condvar,
    }

    impl ReentrantLock {
        /// Takes the lock.
        pub fn lock(&self) -> ReentrantGuard<'_> {
            let me = thread::current().id();
            let mut owner = self.state.lock();
            loop {
                let holder = owner.thread;
                match holder {
                    Some(holder) if holder == me => {
                        owner.count += 1;
                        break;
                    }
                    None => {
                        owner.thread = Some(me);
                        owner.count = 1;
                        break;
                    }
                    Some(_) => self.released.wait(&mut owner),
                }
            }
            ReentrantGuard { lock: self }
        }

        /// Called when a guard drops.
        fn unlock(&self) {
            let mut owner = self.state.lock();
            let left = owner.count - 1;
            match left {
                0 => {
                    owner.count = 0;
                    owner.thread = None;
                    drop(owner);
                    self.released.notify_one();
                }
                _ => owner.count = left,
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

// ======================================================================
// pass-the-guard: WRONG
// ======================================================================

/// WRONG (pass-the-guard): only the `todo!()` deleted; each helper locks on its
/// own, so between them the auditor sees the money in neither account.
pub mod wrong_pass_todo_removed {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        if !withdraw(bank, from, amount) {
            return false;
        }
        deposit(bank, to, amount);
        true
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
}

/// WRONG (pass-the-guard): locks in transfer *and* still in the helpers: the
/// thread locks a non-reentrant mutex it already holds (deadlock).
pub mod wrong_pass_lock_twice {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let _held = bank.lock();
        if !withdraw(bank, from, amount) {
            return false;
        }
        deposit(bank, to, amount);
        true
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
}

/// WRONG (pass-the-guard): helpers changed to take `&mut Vec<u64>`, but each call
/// locks anew (`&mut bank.lock()`): two lock scopes, money in neither account between them.
pub mod wrong_pass_temp_guard_per_call {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        if !withdraw(&mut bank.lock(), from, amount) {
            return false;
        }
        deposit(&mut bank.lock(), to, amount);
        true
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): deposit first, then withdraw under a second lock (undo
/// the deposit if refused): never in neither account, but in *both* for a moment (total too high).
pub mod wrong_pass_deposit_first_two_locks {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        {
            let mut accounts = bank.lock();
            deposit(&mut accounts, to, amount);
        }
        let mut accounts = bank.lock();
        if !withdraw(&mut accounts, from, amount) {
            accounts[to] -= amount;
            return false;
        }
        true
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): one lock, but the helper refuses when the balance is
/// exactly the amount (`<=` for `<`): `from` has it, the transfer is refused.
pub mod wrong_pass_off_by_one {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] <= amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): one lock, but deposits before checking and does not
/// undo on refusal: a refused transfer creates money in `to`.
pub mod wrong_pass_deposit_before_check {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        deposit(&mut accounts, to, amount);
        withdraw(&mut accounts, from, amount)
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): one lock, but reads both balances first and writes
/// both back: with `from == to` the second write wins and `amount` is created.
pub mod wrong_pass_copies_values_from_eq_to {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let (have, there) = (accounts[from], accounts[to]);
        if have < amount {
            return false;
        }
        accounts[from] = have - amount;
        accounts[to] = there + amount;
        true
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): try_lock, and "busy" read as "no": refuses a transfer
/// `from` could pay because someone else (the auditor) held the lock.
pub mod wrong_pass_try_lock_refuses {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let Some(mut accounts) = bank.try_lock() else {
            return false;
        };
        if !withdraw(&mut accounts, from, amount) {
            return false;
        }
        deposit(&mut accounts, to, amount);
        true
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): busy-waits on try_lock + yield instead of blocking in
/// lock(); the transfer is atomic, the waiting spins.
pub mod wrong_pass_try_lock_spin {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        loop {
            if let Some(mut accounts) = bank.try_lock() {
                if !withdraw(&mut accounts, from, amount) {
                    return false;
                }
                deposit(&mut accounts, to, amount);
                return true;
            }
            thread::yield_now();
        }
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): try_lock_for with a short deadline, and a timeout read
/// as a refusal: says "did not" for a transfer `from` could pay (free runs only).
pub mod wrong_pass_timed_lock_refuses {
    use std::time::Duration;
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let Some(mut accounts) = bank.try_lock_for(Duration::from_millis(1)) else {
            return false;
        };
        if !withdraw(&mut accounts, from, amount) {
            return false;
        }
        deposit(&mut accounts, to, amount);
        true
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): a second, global lock serialises transfers, but the
/// helpers still lock `bank` separately: the auditor (who locks only `bank`) sees money in neither.
pub mod wrong_pass_separate_global_lock {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    static TRANSFERS: Mutex<()> = Mutex::new(());

    // ANCHOR: pass-the-guard
    /// Moves `amount` from account `from` to account `to` if `from` has it, and
    /// says whether it did. Nobody may ever see the money in neither account.
    pub fn transfer(bank: &Mutex<Vec<u64>>, from: usize, to: usize, amount: u64) -> bool {
        let _one_at_a_time = TRANSFERS.lock();
        if !withdraw(bank, from, amount) {
            return false;
        }
        deposit(bank, to, amount);
        true
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
}

/// WRONG (pass-the-guard): clones the accounts, works on the copy unlocked, writes
/// the whole vector back: every sum the auditor sees is right, but a concurrent
/// transfer that said true is overwritten (lost update).
pub mod wrong_pass_copy_out_write_back {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let mut copy = bank.lock().clone();
        if !withdraw(&mut copy, from, amount) {
            return false;
        }
        deposit(&mut copy, to, amount);
        *bank.lock() = copy;
        true
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// WRONG (pass-the-guard): saturating_sub "so it cannot underflow": never refuses,
/// and a short account pays less than `amount` while `to` gets all of it (money created).
pub mod wrong_pass_saturating {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        let have = accounts[from];
        accounts[from] = have.saturating_sub(amount);
        accounts[to] += amount;
        true
    }
    // ANCHOR_END: pass-the-guard
}

// ======================================================================
// pass-the-guard: RIGHT
// ======================================================================

/// RIGHT (pass-the-guard): helpers take `&mut [u64]` (the hint's other choice);
/// the guard derefs to the vector and on to the slice.
pub mod right_pass_slice_helpers {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        match accounts[from].checked_sub(amount) {
            Some(left) => {
                accounts[from] = left;
                true
            }
            None => false,
        }
    }

    fn deposit(accounts: &mut [u64], to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (pass-the-guard): no helpers at all; check, withdraw and deposit inline
/// under the one guard.
pub mod right_pass_inline_no_helpers {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        accounts[to] += amount;
        true
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (pass-the-guard, edge): checks first, then deposits before withdrawing,
/// all under one guard: nobody can look between the two steps.
pub mod right_pass_deposit_then_withdraw_one_lock {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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
        if accounts[from] < amount {
            return false;
        }
        deposit(&mut accounts, to, amount);
        withdraw(&mut accounts, from, amount)
    }

    fn withdraw(accounts: &mut Vec<u64>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut Vec<u64>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}

/// RIGHT (pass-the-guard, edge): helpers take `&mut MutexGuard<Vec<u64>>` itself
/// rather than the vector; still one lock, passed down.
pub mod right_pass_helpers_take_guard {
    use workbook::sync::thread::{self, ThreadId};
    use workbook::sync::{Condvar, Mutex, MutexGuard};

    // ANCHOR: reentrant
    /// Who holds a [`ReentrantLock`], and how many of its guards are alive.
    #[derive(Default)]
    struct Owner {
        thread: Option<ThreadId>,
        count: usize,
    }

    /// A lock that the thread holding it may take again.
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
                return ReentrantGuard { lock: self };
            }
            while owner.thread.is_some() {
                self.released.wait(&mut owner);
            }
            owner.thread = Some(me);
            owner.count = 1;
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

    fn withdraw(accounts: &mut MutexGuard<'_, Vec<u64>>, from: usize, amount: u64) -> bool {
        if accounts[from] < amount {
            return false;
        }
        accounts[from] -= amount;
        true
    }

    fn deposit(accounts: &mut MutexGuard<'_, Vec<u64>>, to: usize, amount: u64) {
        accounts[to] += amount;
    }
    // ANCHOR_END: pass-the-guard
}
