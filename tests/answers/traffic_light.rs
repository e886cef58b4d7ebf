//! Blind review answers for lesson 06 (traffic-light): exercises `event` and `cross-on-green`.
//! Each module stands in for the whole `lessons/06-traffic-light/exercise.rs`. A module named
//! `*_event_*` targets `event` (its `Light` is the obvious correct code); `*_cross_*` targets
//! `cross-on-green` (its `Event` is the obvious correct code).

/// WRONG (event): `set` wakes one waiter (`notify_one`): with B, C and D waiting, two of them
/// sleep for ever although the flag is set ("wakes every thread waiting" broken).
pub mod wrong_event_notify_one {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_one();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `wait` sleeps once with `if`: a spurious wake-up, or a `clear` between the notify
/// and the re-lock, lets it return with the flag clear.
pub mod wrong_event_if_not_while {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            if !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): checks with `is_set()` (one lock), then locks again to sleep: `set` can run in
/// the gap, notify nobody, and the waiter sleeps through a set flag (the lost wake-up of the hints).
pub mod wrong_event_check_outside_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            if !self.is_set() {
                let mut flag = self.flag.lock();
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): loops, but still checks under one lock and sleeps under another: the `while`
/// shape does not close the gap, a `set` between the two scopes is never heard.
pub mod wrong_event_loop_two_scopes {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            while !self.is_set() {
                let mut flag = self.flag.lock();
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): busy-waits on `is_set()` with `yield_now`: every waiter comes back, but spins
/// instead of sleeping (the check says waiters must sleep).
pub mod wrong_event_spin_is_set {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            while !self.is_set() {
                std::thread::yield_now();
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): polls `is_set()` every millisecond with `std::thread::sleep`: a sleep the
/// scheduler cannot see, woken by a timer instead of by `set`.
pub mod wrong_event_poll_sleep {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            while !self.is_set() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): spins on `try_lock` until it gets the lock and sees the flag: never sleeps on the
/// condition variable.
pub mod wrong_event_spin_try_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            loop {
                if let Some(flag) = self.flag.try_lock() {
                    if *flag {
                        return;
                    }
                }
                std::hint::spin_loop();
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `set` notifies first and sets the flag afterwards: waiters woken by the notify
/// see the flag still clear and sleep again, and nobody notifies them a second time.
pub mod wrong_event_notify_before_set {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            self.changed.notify_all();
            *self.flag.lock() = true;
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): waits with a 10 ms timeout and returns when it runs out, as if the wait were
/// over: `wait` returns with the flag clear ("waits until the flag is set" broken).
pub mod wrong_event_timeout_returns {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                if self.changed.wait_for(&mut flag, Duration::from_millis(10)).timed_out() {
                    return;
                }
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): keeps the flag in an atomic (as the library does) but `set` stores it and notifies
/// without taking the lock: it can land between a waiter's check and its sleep (lost wake-up).
pub mod wrong_event_atomic_no_lock {
    use workbook::sync::{AtomicBool, Condvar, Mutex, Ordering};

    pub struct Event {
        flag: AtomicBool,
        lock: Mutex<()>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: AtomicBool::new(false), lock: Mutex::new(()), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            self.flag.load(Ordering::SeqCst)
        }

        pub fn clear(&self) {
            let _lock = self.lock.lock();
            self.flag.store(false, Ordering::SeqCst);
        }

        pub fn set(&self) {
            self.flag.store(true, Ordering::SeqCst);
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut lock = self.lock.lock();
            while !self.flag.load(Ordering::SeqCst) {
                self.changed.wait(&mut lock);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): atomic flag, set under the lock (no lost wake-up), but stored and read with
/// `Relaxed`: a `wait` that returns on the fast path does not see what the setter wrote before `set`.
pub mod loom_wrong_event_relaxed_fast_path {
    use workbook::sync::{AtomicBool, Condvar, Mutex, Ordering};

    pub struct Event {
        flag: AtomicBool,
        lock: Mutex<()>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: AtomicBool::new(false), lock: Mutex::new(()), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            self.flag.load(Ordering::Relaxed)
        }

        pub fn clear(&self) {
            let _lock = self.lock.lock();
            self.flag.store(false, Ordering::Relaxed);
        }

        pub fn set(&self) {
            let _lock = self.lock.lock();
            self.flag.store(true, Ordering::Relaxed);
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            if self.flag.load(Ordering::Relaxed) {
                return;
            }
            let mut lock = self.lock.lock();
            while !self.flag.load(Ordering::Relaxed) {
                self.changed.wait(&mut lock);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): right logic on `std::sync::Mutex`/`Condvar`: blocking the workbook's scheduler
/// cannot see, so a controlled schedule cannot run the setter while the waiters sleep.
pub mod wrong_event_std_sync {
    use std::sync::{Condvar as StdCondvar, Mutex as StdMutex};
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: StdMutex<bool>,
        changed: StdCondvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: StdMutex::new(false), changed: StdCondvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock().unwrap()
        }

        pub fn clear(&self) {
            *self.flag.lock().unwrap() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock().unwrap();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock().unwrap();
            while !*flag {
                flag = self.changed.wait(flag).unwrap();
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): sets the flag under the lock, drops the guard, then `notify_all`s; `wait` uses
/// `loop { if set { return } wait }`. The change is made under the lock, so no wake-up is lost.
pub mod right_event_notify_outside_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            {
                let mut flag = self.flag.lock();
                *flag = true;
            }
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            loop {
                if *flag {
                    return;
                }
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): `set` notifies only when the flag was clear (if it was already set, nobody can be
/// asleep waiting for it); `wait` has a lock-free-looking shortcut that still locks via `is_set`.
pub mod right_event_notify_only_on_change {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            if !*flag {
                *flag = true;
                self.changed.notify_all();
            }
        }

        pub fn wait(&self) {
            if self.is_set() {
                return;
            }
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): sleeps in 100 ms timed waits inside the `while`; a timeout only means "look
/// again", never "set". It sleeps on the condition variable and `set` wakes it (edge: timed waits).
pub mod right_event_timed_recheck {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            self.changed.notify_all();
            *flag = true;
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                let _ = self.changed.wait_for(&mut flag, Duration::from_millis(100));
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): the library's shape: an atomic flag changed only under a `Mutex<()>`, SeqCst, a
/// one-load fast path in `wait`, and the re-check under the lock before every sleep.
pub mod right_event_atomic_like_library {
    use workbook::sync::{AtomicBool, Condvar, Mutex, Ordering};

    pub struct Event {
        flag: AtomicBool,
        lock: Mutex<()>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: AtomicBool::new(false), lock: Mutex::new(()), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            self.flag.load(Ordering::SeqCst)
        }

        pub fn clear(&self) {
            let _lock = self.lock.lock();
            self.flag.store(false, Ordering::SeqCst);
        }

        pub fn set(&self) {
            let _lock = self.lock.lock();
            self.flag.store(true, Ordering::SeqCst);
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            if self.is_set() {
                return;
            }
            let mut lock = self.lock.lock();
            while !self.flag.load(Ordering::SeqCst) {
                self.changed.wait(&mut lock);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): at the edge: Python's semantics: a generation counter bumped by `set`, and `wait` returns
/// once the flag is seen set *or* a `set` happened since it began (even if cleared again since).
pub mod right_event_python_generation {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<(bool, u64)>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new((false, 0)), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            self.flag.lock().0
        }

        pub fn clear(&self) {
            self.flag.lock().0 = false;
        }

        pub fn set(&self) {
            let mut state = self.flag.lock();
            state.0 = true;
            state.1 = state.1.wrapping_add(1);
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut state = self.flag.lock();
            let start = state.1;
            while !state.0 && state.1 == start {
                self.changed.wait(&mut state);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): the starting code without the `todo!()`: waits correctly, drops the guard,
/// then crosses, so `turn_red` can run in between (E1's gap).
pub mod wrong_cross_starting_code {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            {
                let mut green = self.green.lock();
                while !*green {
                    self.changed.wait(&mut green);
                }
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): holds the lock while crossing but waits with `if`: a car woken by
/// `turn_green` can find the light already red again (turn_red got the lock first) and cross on red.
pub mod wrong_cross_if_not_while {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            if !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): waits at most 10 ms per round and, when the wait times out, crosses
/// anyway ("it has been long enough"): `cross` runs on red.
pub mod wrong_cross_timeout_goes {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                if self.changed.wait_for(&mut green, Duration::from_millis(10)).timed_out() {
                    break;
                }
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): waits, lets go, re-locks and crosses only if still green, but gives up
/// when it is red: no red crossing, yet `cross` is never called for that car ("waits for green, then calls").
pub mod wrong_cross_recheck_gives_up {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            {
                let mut green = self.green.lock();
                while !*green {
                    self.changed.wait(&mut green);
                }
            }
            let green = self.green.lock();
            if *green {
                cross();
            }
        }
    }
}

/// WRONG (cross-on-green): crosses only after having waited: a car that finds the light already
/// green returns without calling `cross`.
pub mod wrong_cross_green_never_crosses {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            if !*green {
                while !*green {
                    self.changed.wait(&mut green);
                }
                cross();
            }
        }
    }
}

/// WRONG (cross-on-green): a fast path for an already-green light without a `return`: the car
/// crosses, then falls through and crosses again (`cross` called twice).
pub mod wrong_cross_twice {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            if *green {
                cross();
            }
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): crosses under the lock (never on red) but busy-waits for green: lock,
/// look, unlock, `yield_now`, instead of sleeping on `changed`.
pub mod wrong_cross_spin_yield {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            loop {
                let green = self.green.lock();
                if *green {
                    cross();
                    return;
                }
                drop(green);
                std::thread::yield_now();
            }
        }
    }
}

/// WRONG (cross-on-green): spins on `try_lock` until it holds the light green, then crosses: right
/// crossings, but a waiting car never sleeps.
pub mod wrong_cross_spin_try_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            loop {
                if let Some(green) = self.green.try_lock() {
                    if *green {
                        cross();
                        return;
                    }
                }
                std::hint::spin_loop();
            }
        }
    }
}

/// WRONG (cross-on-green): polls the light with `std::thread::sleep(1ms)` between looks: the car
/// crosses under the lock, but sleeps where the scheduler cannot see and is never woken by `turn_green`.
pub mod wrong_cross_poll_sleep {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                drop(green);
                std::thread::sleep(std::time::Duration::from_millis(1));
                green = self.green.lock();
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): `cross_on_green` is right, but `turn_green` wakes one car
/// (`notify_one`): with two cars waiting, the other sleeps through the green ("wakes every waiting car").
pub mod wrong_cross_turn_green_notify_one {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_one();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): `turn_green` notifies before it sets green: woken cars see red and sleep
/// again, and the light stays green with cars asleep at it.
pub mod wrong_cross_turn_green_notify_first {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            self.changed.notify_all();
            *self.green.lock() = true;
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): right logic on `std::sync::Mutex`/`Condvar`: the light and the cars
/// block where the workbook's scheduler cannot see.
pub mod wrong_cross_std_sync {
    use std::sync::{Condvar as StdCondvar, Mutex as StdMutex};
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: StdMutex<bool>,
        changed: StdCondvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: StdMutex::new(false), changed: StdCondvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock().unwrap() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock().unwrap() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock().unwrap();
            while !*green {
                green = self.changed.wait(green).unwrap();
            }
            cross();
        }
    }
}

/// RIGHT (cross-on-green): waits in one lock scope, then re-locks and crosses only if still green,
/// going back to wait otherwise: the crossing itself happens under a lock that saw green.
pub mod right_cross_recheck_loop {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            loop {
                {
                    let mut green = self.green.lock();
                    while !*green {
                        self.changed.wait(&mut green);
                    }
                }
                let green = self.green.lock();
                if *green {
                    cross();
                    return;
                }
            }
        }
    }
}

/// RIGHT (cross-on-green): `loop { if green { cross(); return } wait }` with the guard alive
/// throughout, and an explicit `drop` of the guard only after `cross` returns.
pub mod right_cross_loop_return {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            loop {
                if *green {
                    cross();
                    drop(green);
                    return;
                }
                self.changed.wait(&mut green);
            }
        }
    }
}

/// RIGHT (cross-on-green): 50 ms timed waits inside the `while`; a timeout means "look again", and
/// `cross` runs under the guard after the loop has seen green.
pub mod right_cross_timed_recheck {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                let _ = self.changed.wait_for(&mut green, Duration::from_millis(50));
            }
            cross();
        }
    }
}

/// RIGHT (cross-on-green): at the edge: `turn_green` notifies after dropping the guard and `turn_red` also
/// notifies (harmless: woken cars see red and sleep again); `cross_on_green` holds the guard across `cross`.
pub mod right_cross_notify_outside_and_on_red {
    use workbook::sync::{Condvar, Mutex, MutexGuard};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            {
                let mut green = self.green.lock();
                *green = true;
            }
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            let mut green = self.green.lock();
            *green = false;
            self.changed.notify_all();
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            self.wait_for_green(&mut green);
            cross();
        }

        fn wait_for_green(&self, green: &mut MutexGuard<'_, bool>) {
            while !**green {
                self.changed.wait(green);
            }
        }
    }
}

// Round 2: a second blind reviewer, after the checks had changed.

// ======================================================================
// event: WRONG
// ======================================================================

/// WRONG (event): `if` instead of `while` around the wait: a spurious wake-up (or a set that was
/// cleared again before the waiter re-locked) returns from `wait` with the flag still clear.
pub mod wrong_event_r2_if_not_while {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            if !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `set` notifies first and writes the flag afterwards, in another lock scope: a
/// waiter woken by the notify re-checks before the write, sleeps again, and nothing wakes it.
pub mod wrong_event_r2_notify_before_set {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            self.changed.notify_all();
            *self.flag.lock() = true;
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `while !*self.flag.lock()` drops that guard at the end of the condition, so the
/// check and the wait are under two locks: a `set` in between notifies nobody (lost wake-up).
pub mod wrong_event_r2_while_condition_guard {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            while !*self.flag.lock() {
                let mut flag = self.flag.lock();
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): the loop re-checks a copy taken before it (`let set = *flag;`): after the set and
/// the notify the waiter looks at its stale snapshot, sleeps again, and never comes back.
pub mod wrong_event_r2_stale_copy {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            let set = *flag;
            while !set {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): the loop asks `self.is_set()` while `wait` already holds the flag's lock: the
/// lock is not reentrant, so a waiter on a clear event deadlocks on its own lock.
pub mod wrong_event_r2_is_set_under_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !self.is_set() {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `wait_while` read as "wait until": the predicate `|set| *set` waits while the
/// flag IS set, so a waiter on a clear event returns at once and one on a set event sleeps for ever.
pub mod wrong_event_r2_wait_while_inverted {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            self.changed.wait_while(&mut flag, |set| *set);
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): an auto-reset event: `wait` consumes the flag (`*flag = false`) like a
/// semaphore; with B and C waiting, one `set` lets one through and the other waits for ever.
pub mod wrong_event_r2_auto_reset {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
            // Seen: take it down so the next wait waits again.
            *flag = false;
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): busy-waits on `is_set()` with `yield_now` instead of sleeping on the condvar
/// (right result; the chapter promises a waiter sleeps rather than spins).
pub mod wrong_event_r2_spin_is_set {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            while !self.is_set() {
                std::thread::yield_now();
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): a timed wait whose timeout means "stop waiting" (a port of `wait(timeout=1)`
/// with a default): `wait` can return with the flag still clear.
pub mod wrong_event_r2_timeout_returns {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                if self.changed.wait_for(&mut flag, Duration::from_secs(1)).timed_out() {
                    return;
                }
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (event): `set` skips the notify when the flag "was already set", but reads that with
/// `is_set()` before taking the lock: a `clear` and a new waiter in between are never woken.
pub mod wrong_event_r2_was_set_read_early {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let was_set = self.is_set();
            *self.flag.lock() = true;
            if !was_set {
                self.changed.notify_all();
            }
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

// ======================================================================
// event: RIGHT
// ======================================================================

/// RIGHT (event): a fast path (`is_set()` under its own short lock) before the real check, which
/// is repeated under the lock held until the wait; like the library's `Event`.
pub mod right_event_r2_fast_path {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            if self.is_set() {
                return;
            }
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event): `wait_while` with the right predicate, and `set` notifies after dropping the
/// guard (the flag changed under the lock, so a waiter is either past its check or asleep).
pub mod right_event_r2_wait_while_notify_unlocked {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            {
                let mut flag = self.flag.lock();
                *flag = true;
            }
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            self.changed.wait_while(&mut flag, |set| !*set);
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event, edge): `notify_all` BEFORE writing the flag, both under the one lock: woken
/// waiters cannot re-check until `set` unlocks, and by then the flag is true.
pub mod right_event_r2_notify_then_write_same_lock {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            self.changed.notify_all();
            *flag = true;
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event, edge): `set` skips the notify when the flag was already set, read under the same
/// lock: nobody can be asleep on a set flag (waiters sleep only after seeing it clear).
pub mod right_event_r2_skip_notify_if_set {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            if !*flag {
                *flag = true;
                self.changed.notify_all();
            }
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event, edge): relay: `set` wakes one waiter, and every waiter that sees the flag set
/// wakes the next before returning, so all waiters come back (one notify each, under the lock).
pub mod right_event_r2_relay_notify_one {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_one();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
            self.changed.notify_one();
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event, edge): Python's semantics: a generation count, so `wait` returns after any `set`
/// since it began, even if cleared again before it woke (the chapter says ours need not; see report).
pub mod right_event_r2_python_generation {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        // (flag, number of `set` calls so far)
        flag: Mutex<(bool, u64)>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new((false, 0)), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            let state = self.flag.lock();
            state.0
        }

        pub fn clear(&self) {
            let mut state = self.flag.lock();
            state.0 = false;
        }

        pub fn set(&self) {
            let mut state = self.flag.lock();
            state.0 = true;
            state.1 = state.1.wrapping_add(1);
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut state = self.flag.lock();
            let seen = state.1;
            while !state.0 && state.1 == seen {
                self.changed.wait(&mut state);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// RIGHT (event, edge): `set` calls `notify_one` until it reports that nobody was woken (documented:
/// "returns whether one was woken"); woken waiters cannot re-wait while `set` holds the lock.
pub mod right_event_r2_notify_one_until_none {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            while self.changed.notify_one() {}
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

// ======================================================================
// cross-on-green: WRONG
// ======================================================================

/// WRONG (cross-on-green): the guard is held while crossing, but `if` replaces `while`: a car woken
/// by `turn_green` gets the lock after `turn_red` ran, and crosses on red.
pub mod wrong_cross_r2_if_not_while {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            if !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): a helper returns the guard, but `let _ = self.wait_green();` drops it at
/// once (`_` binds nothing): the car crosses with the light unlocked and it can turn red.
pub mod wrong_cross_r2_let_underscore_guard {
    use workbook::sync::{Condvar, Mutex, MutexGuard};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        fn wait_green(&self) -> MutexGuard<'_, bool> {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            green
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            // Hold the light green while crossing.
            let _ = self.wait_green();
            cross();
        }
    }
}

/// WRONG (cross-on-green): waits for green in a helper, then locks the light again to cross but
/// does not look again: it can have turned red between the two locks, and the car crosses on red.
pub mod wrong_cross_r2_relock_without_recheck {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        fn wait_green(&self) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            self.wait_green();
            let _light = self.green.lock(); // keep it from turning red while crossing
            cross();
        }
    }
}

/// WRONG (cross-on-green): re-locks and re-checks, but gives up when it finds red ("missed this
/// green"): never crosses on red, yet returns without crossing (a car meant to cross twice crosses once).
pub mod wrong_cross_r2_gives_up_on_red {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            {
                let mut green = self.green.lock();
                while !*green {
                    self.changed.wait(&mut green);
                }
            }
            let green = self.green.lock();
            if *green {
                cross();
            }
        }
    }
}

/// WRONG (cross-on-green): a fast path `if *self.green.lock() { cross(); }`: an `if` condition's
/// temporary guard is dropped before the block runs, so the fast path crosses unlocked.
pub mod wrong_cross_r2_if_temporary_guard {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            // Already green: go at once.
            if *self.green.lock() {
                cross();
                return;
            }
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): busy-waits: locks, looks, unlocks and yields until green (crosses
/// under the lock, so never on red, but a waiting car spins instead of sleeping on `changed`).
pub mod wrong_cross_r2_spin_yield {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            loop {
                {
                    let green = self.green.lock();
                    if *green {
                        cross();
                        return;
                    }
                }
                std::thread::yield_now();
            }
        }
    }
}

/// WRONG (cross-on-green): waits for green by sleeping (Python's `time.sleep`) while holding the
/// lock: `turn_green` can never take it, so a car that arrives on red blocks the light for ever.
pub mod wrong_cross_r2_sleep_holding_lock {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let green = self.green.lock();
            while !*green {
                std::thread::sleep(Duration::from_millis(1));
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): a timed wait whose timeout means "the light is stuck, go": after the
/// timeout the car crosses on red (holding the lock, but red).
pub mod wrong_cross_r2_timeout_goes {
    use std::time::Duration;
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            while !*green {
                if self.changed.wait_for(&mut green, Duration::from_millis(50)).timed_out() {
                    break;
                }
            }
            cross();
        }
    }
}

/// WRONG (cross-on-green): `wait_while(&mut green, |g| *g)` read as "wait until green": it waits
/// while green and returns at once on red, so the car crosses on red (and sleeps through green).
pub mod wrong_cross_r2_wait_while_inverted {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            self.changed.wait_while(&mut green, |g| *g);
            cross();
        }
    }
}

// ======================================================================
// cross-on-green: RIGHT
// ======================================================================

/// RIGHT (cross-on-green): `wait_while` with the right predicate, `cross()` with the guard alive,
/// and an explicit `drop(green)` after it to show where the light is let go.
pub mod right_cross_r2_wait_while_then_drop {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            self.changed.wait_while(&mut green, |g| !*g);
            cross();
            drop(green);
        }
    }
}

/// RIGHT (cross-on-green, edge): crosses from inside the `wait_while` predicate, which runs with
/// the lock held: it calls `cross` once, the first time it sees green, and then stops waiting.
pub mod right_cross_r2_inside_predicate {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            self.changed.wait_while(&mut green, |g| {
                if *g {
                    cross();
                }
                !*g
            });
        }
    }
}

/// RIGHT (cross-on-green): waits in one lock scope, then re-locks and re-checks, and goes back to
/// waiting if the light turned red meanwhile; crosses only under a lock that saw green.
pub mod right_cross_r2_retry_loop {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        fn wait_green(&self) {
            let mut green = self.green.lock();
            while !*green {
                self.changed.wait(&mut green);
            }
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            loop {
                self.wait_green();
                let green = self.green.lock();
                if *green {
                    cross();
                    return;
                }
            }
        }
    }
}

/// RIGHT (cross-on-green): `loop` with the check first and the wait at the bottom, all under the
/// one guard; `cross` runs inside the loop before `return`.
pub mod right_cross_r2_loop_check_first {
    use workbook::sync::{Condvar, Mutex};

    pub struct Event {
        flag: Mutex<bool>,
        changed: Condvar,
    }

    impl Event {
        pub fn new() -> Self {
            Event { flag: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn is_set(&self) -> bool {
            *self.flag.lock()
        }

        pub fn clear(&self) {
            *self.flag.lock() = false;
        }

        pub fn set(&self) {
            let mut flag = self.flag.lock();
            *flag = true;
            self.changed.notify_all();
        }

        pub fn wait(&self) {
            let mut flag = self.flag.lock();
            while !*flag {
                self.changed.wait(&mut flag);
            }
        }
    }

    pub struct Light {
        green: Mutex<bool>,
        changed: Condvar,
    }

    impl Light {
        pub fn new() -> Self {
            Light { green: Mutex::new(false), changed: Condvar::new() }
        }

        pub fn turn_green(&self) {
            *self.green.lock() = true;
            self.changed.notify_all();
        }

        pub fn turn_red(&self) {
            *self.green.lock() = false;
        }

        pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
            let mut green = self.green.lock();
            loop {
                if *green {
                    cross();
                    return;
                }
                self.changed.wait(&mut green);
            }
        }
    }
}
