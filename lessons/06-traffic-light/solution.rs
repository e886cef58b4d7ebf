//! Lesson 06: reference solutions. Checked by
//! `cargo test --features solutions`.

use workbook::sync::{Condvar, Mutex};

// ANCHOR: event
/// Python's `threading.Event`: a flag, and a way to wait until it is set.
pub struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Event { flag: Mutex::new(false), changed: Condvar::new() }
    }

    /// True if the flag is set now.
    pub fn is_set(&self) -> bool {
        *self.flag.lock()
    }

    /// Clears the flag: later waits wait again.
    pub fn clear(&self) {
        *self.flag.lock() = false;
    }

    /// Sets the flag and wakes every thread waiting for it.
    pub fn set(&self) {
        let mut flag = self.flag.lock();
        *flag = true;
        self.changed.notify_all();
    }

    /// Waits until the flag is set.
    pub fn wait(&self) {
        let mut flag = self.flag.lock();
        while !*flag {
            self.changed.wait(&mut flag);
        }
    }
}
// ANCHOR_END: event

// ANCHOR: cross-on-green
/// The lesson's light, on a `Mutex<bool>` (true = green) and a `Condvar`.
pub struct Light {
    green: Mutex<bool>,
    changed: Condvar,
}

impl Light {
    /// A red light.
    pub fn new() -> Self {
        Light { green: Mutex::new(false), changed: Condvar::new() }
    }

    /// Turns green and wakes every waiting car.
    pub fn turn_green(&self) {
        *self.green.lock() = true;
        self.changed.notify_all();
    }

    /// Turns red.
    pub fn turn_red(&self) {
        *self.green.lock() = false;
    }

    /// Waits for green, then calls `cross` while the light is still green:
    /// it cannot turn red before `cross` returns.
    pub fn cross_on_green(&self, cross: &mut dyn FnMut()) {
        let mut green = self.green.lock();
        while !*green {
            self.changed.wait(&mut green);
        }
        cross(); // `green` is still locked: `turn_red` waits for us
    }
}
// ANCHOR_END: cross-on-green
