//! Blind review answers for lesson 05 (semaphore): exercises `semaphore` and `bounded`.
//! Each module stands in for the whole `lessons/05-semaphore/exercise.rs`. A module named
//! `*_sem_*` targets `semaphore` (its `Bounded` is the obvious correct code); `*_bounded_*`
//! targets `bounded` (its `Semaphore` is the obvious correct code).

/// WRONG (semaphore): `acquire` waits with `if`, not `while`: a thread that barges in between the
/// notify and the woken thread's re-lock takes the permit, and the woken one goes below zero.
pub mod wrong_sem_if_not_while {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            if *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` gives the permit back but never notifies: a thread already asleep
/// in `acquire` sleeps for ever although a permit is free ("waking one waiting thread" broken).
pub mod wrong_sem_no_notify {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` notifies first, then adds the permit in a separate lock scope: the
/// woken waiter can re-check before the permit is there, sleep again, and nobody notifies it (lost wake-up).
pub mod wrong_sem_notify_before_add {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            self.freed.notify_one();
            let mut permits = self.permits.lock();
            *permits += 1;
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): waits for a permit under one lock, then takes it under another (check then act):
/// two threads can both see the last permit; `saturating_sub` hides the underflow and three get in.
pub mod wrong_sem_two_scopes {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            {
                let mut permits = self.permits.lock();
                while *permits == 0 {
                    self.freed.wait(&mut permits);
                }
            }
            let mut permits = self.permits.lock();
            let left = permits.saturating_sub(1);
            *permits = left;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): "fixes" the panic from the TODO with `saturating_sub` and never waits: with no
/// permit left, `acquire` still returns, so more than `permits` threads are inside at once.
pub mod wrong_sem_saturating_no_wait {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            let left = permits.saturating_sub(1);
            *permits = left;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): busy-waits: locks, looks, unlocks and `yield_now`s until a permit shows up,
/// instead of sleeping on `freed` (right count, but burns CPU while it waits).
pub mod wrong_sem_spin_yield {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            loop {
                let mut permits = self.permits.lock();
                if *permits > 0 {
                    *permits -= 1;
                    return;
                }
                drop(permits);
                std::thread::yield_now();
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): spins on `try_lock` until it gets the lock with a permit free: never sleeps on
/// the condition variable, so a waiting thread keeps a core busy.
pub mod wrong_sem_spin_try_lock {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            loop {
                if let Some(mut permits) = self.permits.try_lock() {
                    if *permits > 0 {
                        *permits -= 1;
                        return;
                    }
                }
                std::hint::spin_loop();
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): polls with `std::thread::sleep(1ms)` between looks: a sleep the scheduler
/// cannot see, and a waiter that is not woken by `release` but by its own timer.
pub mod wrong_sem_poll_sleep {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                drop(permits);
                std::thread::sleep(std::time::Duration::from_millis(1));
                permits = self.permits.lock();
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): waits with a 1 ms timeout and takes the timeout to mean "the holder is done":
/// it goes in with no permit (`saturating_sub` keeps it from panicking), breaking the limit.
pub mod wrong_sem_timeout_means_free {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                if self.freed.wait_for(&mut permits, Duration::from_millis(1)).timed_out() {
                    break;
                }
            }
            let left = permits.saturating_sub(1);
            *permits = left;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` notifies only when the count goes 0 -> 1: two releases before the
/// woken thread runs send one notify, and a second waiter sleeps while a permit is free.
pub mod wrong_sem_notify_only_from_zero {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            if *permits == 1 {
                self.freed.notify_one();
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): keeps the TODO's order (decrement first, count goes negative, then wait while
/// negative): a woken waiter still sees a negative count when others queue behind it, and sleeps again.
pub mod wrong_sem_decrement_first {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<isize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits as isize), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            *permits -= 1;
            while *permits < 0 {
                self.freed.wait(&mut permits);
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): right logic, but on `std::sync::Mutex`/`Condvar`: blocking the workbook's
/// scheduler cannot see (a controlled schedule thinks the waiter is running, or hangs).
pub mod wrong_sem_std_sync {
    use std::sync::{Condvar as StdCondvar, Mutex as StdMutex};
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: StdMutex<usize>,
        freed: StdCondvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: StdMutex::new(permits), freed: StdCondvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock().unwrap();
            while *permits == 0 {
                permits = self.freed.wait(permits).unwrap();
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock().unwrap();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): `release` wakes every waiter (`notify_all`); all but one re-check, find no
/// permit and sleep again. Wasteful, not wrong: the `while` makes extra wake-ups harmless.
pub mod right_sem_notify_all {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_all();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): adds the permit under the lock, drops the guard, then notifies: the state
/// changed under the lock, so a waiter either saw it before sleeping or is asleep and gets the notify.
pub mod right_sem_notify_after_unlock {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            {
                let mut permits = self.permits.lock();
                *permits += 1;
            }
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): another loop shape: `loop { if free { take; break } wait }`; release notifies
/// before adding, but inside the same lock scope, so no waiter can look in between.
pub mod right_sem_loop_break {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            loop {
                if *permits > 0 {
                    *permits -= 1;
                    break;
                }
                self.freed.wait(&mut permits);
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            self.freed.notify_one();
            *permits += 1;
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): an extra field counts sleepers (under the same lock); `release` notifies only
/// when someone sleeps. Every waiter is counted before it sleeps, so no wake-up is skipped.
pub mod right_sem_counts_waiters {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<(usize, usize)>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new((permits, 0)), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut state = self.permits.lock();
            while state.0 == 0 {
                state.1 += 1;
                self.freed.wait(&mut state);
                state.1 -= 1;
            }
            state.0 -= 1;
        }

        pub fn release(&self) {
            let mut state = self.permits.lock();
            state.0 += 1;
            if state.1 > 0 {
                self.freed.notify_one();
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): sleeps with a 50 ms timed wait inside the `while`: a timeout is treated like a
/// spurious wake-up (look again), never as a permit. It sleeps on `freed`; `release` still notifies.
pub mod right_sem_timed_recheck {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                let _ = self.freed.wait_for(&mut permits, Duration::from_millis(50));
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): the starting code without the `todo!()`: a release too many is accepted, the
/// count grows past `limit`, and one more thread than `limit` gets in.
pub mod wrong_bounded_no_check {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): refuses only when the count is already *above* `limit` (`>` for `>=`): the first
/// release too many is accepted and the semaphore holds `limit + 1`.
pub mod wrong_bounded_gt_off_by_one {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits > self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): off by one the other way (`permits + 1 >= limit`): it refuses the legitimate
/// release that brings the last permit back, so the semaphore shrinks by one.
pub mod wrong_bounded_refuse_last {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits + 1 >= self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded): appends the check to the starting code: adds, notifies, then rolls back and
/// refuses, all under one lock, so nobody sees the extra permit. A refused release wakes a
/// waiter for nothing: a spurious wake-up, which its `while` loop absorbs. (Reviewed: the hint
/// advises against it; the doc comment does not forbid it.)
pub mod right_bounded_appended_check {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
            if *permits > self.limit {
                *permits -= 1;
                return Err(OverRelease { limit: self.limit });
            }
            Ok(())
        }
    }
}

/// RIGHT (bounded): notifies before deciding ("someone may be waiting"), then checks, under one
/// lock: refused releases wake a waiter for nothing, which its `while` loop absorbs. (Reviewed:
/// the hint advises against it; the doc comment does not forbid it.)
pub mod right_bounded_notify_first {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            self.freed.notify_all();
            if *permits >= self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            Ok(())
        }
    }
}

/// WRONG (bounded): detects the release too many and returns the error, but after the `+= 1` and
/// without undoing it: "leaving the count as it was" broken, and the extra permit lets one more in.
pub mod wrong_bounded_no_rollback {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            *permits += 1;
            if *permits > self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded, reviewed): adds under one lock, checks and rolls back under another. For a
/// moment the count is `limit + 1`, and an `acquire` in the gap may take the extra permit; but
/// then the check finds the count back within the limit and accepts the release, and every
/// history it gives could come from the one-lock version with the acquire ordered first. (The
/// blind reviewer filed it as wrong; no schedule shows a difference.)
pub mod right_bounded_rollback_two_scopes {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            {
                let mut permits = self.permits.lock();
                *permits += 1;
            }
            self.freed.notify_one();
            let mut permits = self.permits.lock();
            if *permits > self.limit {
                *permits -= 1;
                return Err(OverRelease { limit: self.limit });
            }
            Ok(())
        }
    }
}

/// WRONG (bounded): checks under one lock, adds under another: two releases that both see
/// `limit - 1` are both accepted and the count reaches `limit + 1`.
pub mod wrong_bounded_check_then_act {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            if *self.permits.lock() == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): refuses for the wrong reason ("a release is too many when a permit is free"):
/// with limit 3 and two out, the first legitimate release is refused.
pub mod wrong_bounded_refuse_when_any_free {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits > 0 {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): Python raises, so it panics (`assert!`) instead of returning
/// `Err(OverRelease)`: the `# Errors` promise is broken and the caller's thread dies.
pub mod wrong_bounded_panics {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            assert!(*permits < self.limit, "semaphore released too many times");
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): caps the count at `limit` but returns `Ok(())` for the release too many: the
/// count is safe, the refusal is never reported.
pub mod wrong_bounded_silent_cap {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits < self.limit {
                *permits += 1;
                self.freed.notify_one();
            }
            Ok(())
        }
    }
}

/// WRONG (bounded): refuses correctly, but an accepted release does not notify: a thread asleep in
/// `acquire` stays asleep with a permit free (lost wake-up).
pub mod wrong_bounded_no_notify {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            Ok(())
        }
    }
}

/// WRONG (bounded): release is right, but `acquire` was "simplified" to wait with `if`: a barging
/// thread takes the permit between notify and re-lock and the woken one underflows.
pub mod wrong_bounded_acquire_if {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            if *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded): computes the new count as `min(count + 1, limit)` and refuses when it did not
/// move; the count is untouched on refusal and only an accepted release notifies.
pub mod right_bounded_min_cap {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            let before = *permits;
            let after = (before + 1).min(self.limit);
            if after == before {
                return Err(OverRelease { limit: self.limit });
            }
            *permits = after;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded): refuses on `>=` (same as `==` since the count never exceeds `limit`), and
/// notifies after dropping the guard, only on the accepted path; waiters are woken with `notify_all`.
pub mod right_bounded_ge_notify_outside {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits >= self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            drop(permits);
            self.freed.notify_all();
            Ok(())
        }
    }
}

/// RIGHT (bounded): `checked_add` + `filter(<= limit)` in a `match`; acquire written as a `loop`.
/// Same behaviour: refusal leaves the count, accepted release adds one and wakes one.
pub mod right_bounded_checked_add {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            loop {
                if let Some(left) = permits.checked_sub(1) {
                    *permits = left;
                    return;
                }
                self.freed.wait(&mut permits);
            }
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            match permits.checked_add(1).filter(|&n| n <= self.limit) {
                Some(n) => {
                    *permits = n;
                    self.freed.notify_one();
                    Ok(())
                }
                None => Err(OverRelease { limit: self.limit }),
            }
        }
    }
}

/// RIGHT (bounded): positive test first (`if count < limit { add; notify; Ok } else { Err }`), the
/// notify before the add inside the same lock scope.
pub mod right_bounded_if_else {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits < self.limit {
                self.freed.notify_one();
                *permits += 1;
                Ok(())
            } else {
                Err(OverRelease { limit: self.limit })
            }
        }
    }
}

// Round 2: a second blind reviewer, after the checks had changed.

// ======================================================================
// semaphore: WRONG
// ======================================================================

/// WRONG (semaphore): `if` instead of `while`, with `saturating_sub` to silence the underflow
/// panic the TODO warns about: a spurious wake-up (or a barger) lets a thread in with no permit.
pub mod wrong_sem_r2_if_saturating {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            if *permits == 0 {
                self.freed.wait(&mut permits);
            }
            // Never below zero, so no panic.
            let left = permits.saturating_sub(1);
            *permits = left;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` wakes a waiter first and adds the permit afterwards, in another
/// lock scope: the woken waiter can look before the permit is there, sleep again, and never hear of it.
pub mod wrong_sem_r2_notify_before_add {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            // Get a waiter moving early, then hand the permit over.
            self.freed.notify_one();
            *self.permits.lock() += 1;
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` notifies only when the count goes from 0 to 1 ("only then can
/// anyone be waiting"): two releases in a row before the waiters run wake one of two waiters.
pub mod wrong_sem_r2_notify_on_zero_only {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            if *permits == 1 {
                // Waiters only wait on an empty semaphore: wake one on 0 -> 1.
                self.freed.notify_one();
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): Dijkstra's signed count (take first, wait while negative) on a condvar:
/// sem of 0, two waiters (-2), two releases: the first wake-up sees -1 and sleeps again, one waiter is left.
pub mod wrong_sem_r2_negative_count {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        // Negative: that many threads are waiting.
        permits: Mutex<isize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits as isize), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            *permits -= 1;
            while *permits < 0 {
                self.freed.wait(&mut permits);
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): check and act in two lock scopes: a helper waits until a permit is free,
/// then `acquire` takes it under a second lock; two threads that both saw the last permit both take it.
pub mod wrong_sem_r2_check_then_take {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        fn wait_for_permit(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
        }

        pub fn acquire(&self) {
            self.wait_for_permit();
            *self.permits.lock() -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): busy-waits: `acquire` polls the count and yields instead of sleeping on
/// `freed` (right count, but a blocked thread burns a core; the scheduler sees a spinner).
pub mod wrong_sem_r2_spin_yield {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            loop {
                {
                    let mut permits = self.permits.lock();
                    if *permits > 0 {
                        *permits -= 1;
                        return;
                    }
                }
                std::thread::yield_now();
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): a timed wait whose timeout is taken as "give up and go in": `acquire`
/// returns without a permit, the caller enters anyway, and its later `release` grows the count.
pub mod wrong_sem_r2_timeout_enters {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                // Never hang for ever: after a while, assume the holder is gone.
                if self.freed.wait_for(&mut permits, Duration::from_millis(100)).timed_out() {
                    return;
                }
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): an atomic count with a lock-free `release` (fetch_add + notify, no lock):
/// a waiter that read 0 under the lock but is not yet asleep misses the notify (lost wake-up).
pub mod wrong_sem_r2_atomic_release_unlocked {
    use workbook::sync::{AtomicUsize, Condvar, Mutex, Ordering, OverRelease};

    pub struct Semaphore {
        permits: AtomicUsize,
        lock: Mutex<()>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: AtomicUsize::new(permits), lock: Mutex::new(()), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            loop {
                let n = self.permits.load(Ordering::Acquire);
                if n > 0 {
                    if self.permits.compare_exchange(n, n - 1, Ordering::Acquire, Ordering::Relaxed).is_ok() {
                        return;
                    }
                    continue;
                }
                let mut guard = self.lock.lock();
                if self.permits.load(Ordering::Acquire) == 0 {
                    self.freed.wait(&mut guard);
                }
            }
        }

        pub fn release(&self) {
            // The count is atomic, so no lock is needed here.
            self.permits.fetch_add(1, Ordering::Release);
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): hand-off: `release` counts the permit only when `notify_one` woke nobody, and
/// a woken waiter goes in without looking: a spurious wake-up enters with no permit.
pub mod wrong_sem_r2_handoff_on_notify {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            if *permits == 0 {
                // Woken by `release`: the permit was handed to us.
                self.freed.wait(&mut permits);
                return;
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            if !self.freed.notify_one() {
                *permits += 1;
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (semaphore): `release` notifies through a helper that takes the lock again "to notify
/// under the lock" while `release` still holds it: the lock is not reentrant, every release deadlocks.
pub mod wrong_sem_r2_notify_helper_relocks {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        fn wake_one(&self) {
            let _permits = self.permits.lock();
            self.freed.notify_one();
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.wake_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

// ======================================================================
// semaphore: RIGHT
// ======================================================================

/// RIGHT (semaphore): `Condvar::wait_while` is the re-checking loop written once; `release`
/// notifies after the guard is dropped, which is fine because the count changed under the lock.
pub mod right_sem_r2_wait_while_notify_unlocked {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            self.freed.wait_while(&mut permits, |p| *p == 0);
            *permits -= 1;
        }

        pub fn release(&self) {
            {
                let mut permits = self.permits.lock();
                *permits += 1;
            }
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): another loop shape (`loop` + `checked_sub`, take-or-wait) and `notify_all`
/// in `release` (wasteful, but every woken thread re-checks, so still correct).
pub mod right_sem_r2_checked_sub_notify_all {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            loop {
                match permits.checked_sub(1) {
                    Some(left) => {
                        *permits = left;
                        return;
                    }
                    None => self.freed.wait(&mut permits),
                }
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_all();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore, edge): baton passing: `release` notifies only on 0 -> 1, and a thread that
/// takes a permit and leaves some behind wakes the next waiter, so two quick releases still wake two.
pub mod right_sem_r2_baton_passing {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
            if *permits > 0 {
                // Permits are left: pass the wake-up on.
                self.freed.notify_one();
            }
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            if *permits == 1 {
                self.freed.notify_one();
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore): an extra field, the number of sleepers, kept under the same lock; `release`
/// notifies only when someone sleeps (a thread counts from before its wait until it has re-locked).
pub mod right_sem_r2_counted_sleepers {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    struct State {
        permits: usize,
        sleepers: usize,
    }

    pub struct Semaphore {
        state: Mutex<State>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { state: Mutex::new(State { permits, sleepers: 0 }), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut state = self.state.lock();
            while state.permits == 0 {
                state.sleepers += 1;
                self.freed.wait(&mut state);
                state.sleepers -= 1;
            }
            state.permits -= 1;
        }

        pub fn release(&self) {
            let mut state = self.state.lock();
            state.permits += 1;
            if state.sleepers > 0 {
                self.freed.notify_one();
            }
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (semaphore, edge): a turnstile mutex held by the one acquirer allowed to wait on the
/// condvar; the others queue on the turnstile. Releasers never need it, so nothing deadlocks.
pub mod right_sem_r2_turnstile {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
        turnstile: Mutex<()>,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new(), turnstile: Mutex::new(()) }
        }

        pub fn acquire(&self) {
            let _turn = self.turnstile.lock();
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

// ======================================================================
// bounded: WRONG
// ======================================================================

/// WRONG (bounded): off by one at the limit (`>` where `==`/`>=` is meant): with every permit
/// back, one release too many is accepted and the semaphore holds `limit + 1`.
pub mod wrong_bounded_r2_gt_limit {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits > self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): off by one the other way (`permits + 1 >= limit`): refuses the release that
/// gives back the last missing permit (a refusal for the wrong reason; a limit-1 semaphore never takes one back).
pub mod wrong_bounded_r2_refuses_last {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits + 1 >= self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded, reviewed: a refused release that wakes a waiter for nothing is a spurious wake-up, which the waiter's `while` absorbs; the hint advises against it, the doc comment does not forbid it): the starting code's add-and-notify kept, with a roll-back after it: the count
/// ends right, but a refused release has already woken a waiter (hints: only an accepted one should).
pub mod right_bounded_r2_notify_then_rollback {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
            if *permits > self.limit {
                *permits -= 1;
                return Err(OverRelease { limit: self.limit });
            }
            Ok(())
        }
    }
}

/// WRONG (bounded): checks "all back?" under one lock and adds under another: two threads giving
/// back the one missing permit at once both pass the check, and the count ends at `limit + 1`.
pub mod wrong_bounded_r2_check_then_add {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        fn all_back(&self) -> bool {
            *self.permits.lock() == self.limit
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            if self.all_back() {
                return Err(OverRelease { limit: self.limit });
            }
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): adds in one lock scope, then checks and rolls back in others: the extra permit
/// is visible in between (an acquirer can take it), and two racing releases can both be refused.
pub mod wrong_bounded_r2_add_then_undo {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            {
                let mut permits = self.permits.lock();
                *permits += 1;
            }
            if *self.permits.lock() > self.limit {
                *self.permits.lock() -= 1;
                return Err(OverRelease { limit: self.limit });
            }
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded, reviewed: a refused release that wakes a waiter for nothing is a spurious wake-up, which the waiter's `while` absorbs; the hint advises against it, the doc comment does not forbid it): notifies first ("a release always frees someone"), then checks: the count is
/// left right, but a refused release wakes a waiter for nothing.
pub mod right_bounded_r2_notify_before_check {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            self.freed.notify_one();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            Ok(())
        }
    }
}

/// WRONG (bounded): Python raises, so this panics (`assert!`) instead of returning
/// `Err(OverRelease)`: the `# Errors` promise is broken, and a caller cannot handle the refusal.
pub mod wrong_bounded_r2_panics {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            assert!(*permits < self.limit, "{}", OverRelease { limit: self.limit });
            *permits += 1;
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// WRONG (bounded): caps the count silently: a release too many leaves the count right but
/// returns `Ok(())`, so the over-release goes unreported.
pub mod wrong_bounded_r2_silent_cap {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits < self.limit {
                *permits += 1;
                self.freed.notify_one();
            }
            Ok(())
        }
    }
}

/// WRONG (bounded): refuses correctly, but notifies only on 0 -> 1: two accepted releases in a
/// row before two waiters run wake only one of them (lost wake-up).
pub mod wrong_bounded_r2_notify_on_zero_only {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits == self.limit {
                return Err(OverRelease { limit: self.limit });
            }
            *permits += 1;
            if *permits == 1 {
                self.freed.notify_one();
            }
            Ok(())
        }
    }
}

// ======================================================================
// bounded: RIGHT
// ======================================================================

/// RIGHT (bounded): the positive form (`permits < limit` accepts, else refuses), and the notify
/// after the guard is dropped (the count already changed under the lock).
pub mod right_bounded_r2_positive_form {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            if *permits < self.limit {
                *permits += 1;
                drop(permits);
                self.freed.notify_one();
                Ok(())
            } else {
                Err(OverRelease { limit: self.limit })
            }
        }
    }
}

/// RIGHT (bounded, edge): adds first and rolls back on overflow, all under one lock and before any
/// notify: nobody can see the extra permit, and a refused release wakes nobody.
pub mod right_bounded_r2_rollback_under_lock {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            *permits += 1;
            if *permits > self.limit {
                *permits -= 1;
                return Err(OverRelease { limit: self.limit });
            }
            self.freed.notify_one();
            Ok(())
        }
    }
}

/// RIGHT (bounded): `>=` as a defensive bound, the refusal built with `bool::then_some`, and
/// `notify_all` (every woken waiter re-checks, so waking more than one is only wasteful).
pub mod right_bounded_r2_ge_notify_all {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            let full = *permits >= self.limit;
            let refused = full.then_some(OverRelease { limit: self.limit });
            if let Some(err) = refused {
                return Err(err);
            }
            *permits += 1;
            self.freed.notify_all();
            Ok(())
        }
    }
}

/// RIGHT (bounded): `acquire` rewritten with `wait_while`, and `release` as one `match` on the
/// count under the lock.
pub mod right_bounded_r2_match {
    use workbook::sync::{Condvar, Mutex, OverRelease};

    pub struct Semaphore {
        permits: Mutex<usize>,
        freed: Condvar,
    }

    impl Semaphore {
        pub fn new(permits: usize) -> Self {
            Semaphore { permits: Mutex::new(permits), freed: Condvar::new() }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            while *permits == 0 {
                self.freed.wait(&mut permits);
            }
            *permits -= 1;
        }

        pub fn release(&self) {
            let mut permits = self.permits.lock();
            *permits += 1;
            self.freed.notify_one();
        }
    }

    pub struct Bounded {
        permits: Mutex<usize>,
        freed: Condvar,
        limit: usize,
    }

    impl Bounded {
        pub fn new(limit: usize) -> Self {
            Bounded { permits: Mutex::new(limit), freed: Condvar::new(), limit }
        }

        pub fn acquire(&self) {
            let mut permits = self.permits.lock();
            self.freed.wait_while(&mut permits, |p| *p == 0);
            *permits -= 1;
        }

        pub fn release(&self) -> Result<(), OverRelease> {
            let mut permits = self.permits.lock();
            let n = *permits;
            match n {
                n if n == self.limit => Err(OverRelease { limit: self.limit }),
                n => {
                    *permits = n + 1;
                    self.freed.notify_one();
                    Ok(())
                }
            }
        }
    }
}
