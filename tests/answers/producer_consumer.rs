//! Blind review answers for lesson 07 (producer-consumer): exercises `joinable` and `consumer`.
//! Each module stands in for the whole `lessons/07-producer-consumer/exercise.rs`.
//! Modules whose doc says (joinable) change only `task_done`/`join` (and may add a private
//! helper); those whose doc says (consumer) change only `consume`. The other region is the
//! obvious correct code.

/// WRONG (joinable): join waits with `if`, not `while`: after a spurious wake-up, or a put between the last
/// task_done's notify and the wake-up, it returns while items are still unfinished.
pub mod wrong_joinable_join_if {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            if state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done wakes joiners with notify_one: with two producers in join at once, only one
/// wakes when the count reaches 0 and the other sleeps for ever (lost wake-up).
pub mod wrong_joinable_notify_one {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_one();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done notifies (seeing 1 left) in one lock scope and counts down in another: a joiner
/// can check the count (1), then sleep after the only notify has gone; join never returns.
pub mod wrong_joinable_notify_before_count {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            {
                let state = self.state.lock();
                if state.unfinished == 0 {
                    return Err(TaskDoneError);
                }
                if state.unfinished == 1 {
                    // the last one: wake the joiners
                    self.all_done.notify_all();
                }
            }
            let mut state = self.state.lock();
            state.unfinished -= 1;
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done never refuses: saturating_sub keeps the count at 0 and returns Ok, so calling
/// task_done once too often is silently accepted instead of Err(TaskDoneError).
pub mod wrong_joinable_no_refusal {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            state.unfinished = state.unfinished.saturating_sub(1);
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done has no refusal check: one call too many underflows the usize (a panic in debug,
/// usize::MAX in release, and then every join hangs) instead of returning Err.
pub mod wrong_joinable_underflow {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): off-by-one: task_done notifies when one item is left (`== 1` after counting down), not
/// when none is: joiners wake early, re-check, sleep, and the count reaching 0 wakes nobody.
pub mod wrong_joinable_notify_at_one {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 1 {
                // the last one is being handled: wake the joiners
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): join busy-waits: it locks, looks, unlocks and yields in a loop instead of sleeping on
/// `all_done` (right result, but it burns a core; under a schedule it never blocks).
pub mod wrong_joinable_join_spins {
    use std::collections::VecDeque;
    use workbook::sync::thread;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            while self.state.lock().unfinished > 0 {
                thread::yield_now();
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): join polls the count with std::thread::sleep instead of waiting on `all_done`: blocking
/// the schedule cannot see, and a notify that nobody ever waits for.
pub mod wrong_joinable_join_sleep_poll {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            while self.state.lock().unfinished > 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): join checks the count in one lock scope and waits in another: if the last task_done
/// runs in between, its notify is lost and join sleeps for ever.
pub mod wrong_joinable_join_two_scopes {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            while self.state.lock().unfinished > 0 {
                let mut state = self.state.lock();
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): join treats a timed wait's timeout as "the work is over": if the consumers take longer
/// than 50 ms (or a schedule lets the wait run out), join returns with items unfinished.
pub mod wrong_joinable_join_timeout_is_done {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                if self.all_done.wait_for(&mut state, Duration::from_millis(50)).timed_out() {
                    return; // nobody called task_done for a while: they must be finished
                }
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done notifies `not_empty` (copied from put) instead of `all_done`: the joiners
/// sleeping on `all_done` are never woken.
pub mod wrong_joinable_wrong_condvar {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.not_empty.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): join waits until the queue is *empty* (every item taken) rather than until every item is
/// *done*: it returns while consumers are still handling items they have taken.
pub mod wrong_joinable_join_waits_for_empty_queue {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while !state.items.is_empty() {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): refusal for the wrong reason: task_done refuses while every unfinished item is still queued
/// (unfinished <= items.len()), though items are unfinished; Python and the doc allow that call.
pub mod wrong_joinable_refuse_untaken {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            // only items a consumer has taken can be marked done
            if state.unfinished <= state.items.len() {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done checks for "nothing unfinished" in one lock scope and counts down in another:
/// two racing calls with one item left both pass the check, and the second underflows.
pub mod wrong_joinable_task_done_check_then_act {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            if self.state.lock().unfinished == 0 {
                return Err(TaskDoneError);
            }
            let mut state = self.state.lock();
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (joinable): task_done calls a helper that takes the lock again while it still holds it: the lock is
/// not reentrant, so the first task_done deadlocks.
pub mod wrong_joinable_lock_twice {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if self.all_finished() {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }

    impl<T> Joinable<T> {
        /// True when nothing is unfinished.
        fn all_finished(&self) -> bool {
            self.state.lock().unfinished == 0
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (joinable): task_done refuses via checked_sub(1).ok_or(TaskDoneError)? before changing anything;
/// join is a `loop` that returns when the count is 0, else waits: same logic, other shape.
pub mod right_joinable_checked_sub_loop {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            let left = state.unfinished.checked_sub(1).ok_or(TaskDoneError)?;
            state.unfinished = left;
            if left == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            loop {
                if state.unfinished == 0 {
                    return;
                }
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (joinable): task_done counts down under the lock and calls notify_all after releasing it: a joiner
/// either saw 0 under the lock or is already waiting, so no wake-up can be lost.
pub mod right_joinable_notify_after_unlock {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let finished = {
                let mut state = self.state.lock();
                if state.unfinished == 0 {
                    return Err(TaskDoneError);
                }
                state.unfinished -= 1;
                state.unfinished == 0
            };
            if finished {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (joinable): task_done wakes the joiners on every successful call, not only at 0: wasteful, but join
/// re-checks the count in a `while`, so the extra wake-ups are harmless.
pub mod right_joinable_notify_every_time {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            self.all_done.notify_all(); // joiners re-check the count themselves
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (joinable): join waits in 10 ms slices with wait_for but never treats a timeout as done: it re-checks
/// the count under the lock each time and returns only at 0.
pub mod right_joinable_timed_wait_rechecks {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                // a timeout only means "look again"
                let _ = self.all_done.wait_for(&mut state, Duration::from_millis(10));
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (joinable): task_done decides from the old count (1) and notifies *before* writing the new count, but
/// in the same lock scope: no joiner can look in between, so this is not the early-notify bug.
pub mod right_joinable_notify_then_count_one_scope {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `joinable` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            let n = state.unfinished;
            if n == 0 {
                return Err(TaskDoneError);
            }
            if n == 1 {
                self.all_done.notify_all(); // still under the lock: no joiner can look yet
            }
            state.unfinished = n - 1;
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): takes with get (correct) but calls task_done before handle: the producer's join can
/// return while the item is still being worked on.
pub mod wrong_consumer_done_before_handle {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            q.task_done().expect("one task_done per item taken");
            handle(item);
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): takes with try_get until it fails: stops as soon as the queue is empty for a moment,
/// not when it is closed and empty, leaving later items unhandled.
pub mod wrong_consumer_stops_when_empty {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Ok(item) = q.try_get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): busy-waits: loops on try_get, yielding on Empty and stopping on Closed. Right items, right
/// stop, but it spins instead of sleeping in get while the queue is empty.
pub mod wrong_consumer_spin_try_get {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};
    use workbook::sync::{TryGetError, thread};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        loop {
            match q.try_get() {
                Ok(item) => {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
                Err(TryGetError::Empty) => thread::yield_now(),
                Err(TryGetError::Closed) => break,
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): polls try_get and std::thread::sleep(1 ms) on Empty: blocking the schedule cannot see
/// instead of the queue's own waiting get.
pub mod wrong_consumer_sleep_poll {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::TryGetError;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        loop {
            match q.try_get() {
                Ok(item) => {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
                Err(TryGetError::Empty) => std::thread::sleep(Duration::from_millis(1)),
                Err(TryGetError::Closed) => break,
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): treats get_timeout's Timeout as "no more work": a consumer stops after 20 ms without an
/// item although the queue is still open, and later items are never handled.
pub mod wrong_consumer_timeout_is_end {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Ok(item) = q.get_timeout(Duration::from_millis(20)) {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): handles every item but never calls task_done: the producers' join waits for ever.
pub mod wrong_consumer_no_task_done {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            handle(item);
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): Python habit: calls task_done for the end-of-queue None too (as for a sentinel item):
/// the extra call is refused, and the expect panics the consumer.
pub mod wrong_consumer_task_done_for_sentinel {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        loop {
            let item = q.get();
            let stop = item.is_none();
            if let Some(item) = item {
                handle(item);
            }
            q.task_done().expect("one task_done per get, as in Python");
            if stop {
                break;
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): stops as soon as the queue is closed, even with items still in it: the doc says to stop
/// only when it is closed *and* empty; the items left are never handled.
pub mod wrong_consumer_stops_when_closed {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while !q.is_closed() {
            match q.get() {
                Some(item) => {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
                None => break,
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): `if let` where `while let` is needed: takes, handles and marks done one item, then
/// returns; the other items wait for ever.
pub mod wrong_consumer_if_not_while {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        if let Some(item) = q.get() {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): takes a batch (get, then try_get up to 4), handles it, then marks done with
/// `for _ in 1..batch.len()`: one task_done short per batch, so join never returns.
pub mod wrong_consumer_batch_off_by_one {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(first) = q.get() {
            let mut batch = vec![first];
            while batch.len() < 4 {
                match q.try_get() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            for &item in &batch {
                handle(item);
            }
            for _ in 1..batch.len() {
                q.task_done().expect("one task_done per item taken");
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): marks an item done only when the next one arrives (and the last at the end): the count
/// is right in the end, but a consumer waits in get holding an unmarked item, so join hangs.
pub mod wrong_consumer_deferred_ack {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        let mut unmarked = false;
        while let Some(item) = q.get() {
            if unmarked {
                q.task_done().expect("one task_done per item taken");
            }
            handle(item);
            unmarked = true;
        }
        if unmarked {
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): keeps the starting code's look-then-take shape (is_closed/is_empty, then get): never misses
/// an item, but spins on the snapshots while the queue is open and empty (busy-waiting).
pub mod wrong_consumer_look_then_get {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while !q.is_closed() || !q.is_empty() {
            if !q.is_empty() {
                if let Some(item) = q.get() {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
            }
        }
    }
    // ANCHOR_END: consumer
}

/// WRONG (consumer): a try/finally-style guard bound to `let _ = ...`: `_` drops it at once, so task_done runs
/// before handle, and join can return while the item is still being worked on.
pub mod wrong_consumer_guard_dropped_at_once {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    /// Marks one item done when dropped (Python: `finally: q.task_done()`).
    struct MarkDone<'a>(&'a JoinableQueue<u32>);

    impl Drop for MarkDone<'_> {
        fn drop(&mut self) {
            self.0.task_done().expect("one task_done per item taken");
        }
    }

    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            let _ = MarkDone(q);
            handle(item);
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): a `loop` with `match q.get()`: Some -> handle then task_done, None -> break; the same
/// as `while let`, written out.
pub mod right_consumer_match_loop {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        loop {
            match q.get() {
                Some(item) => {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
                None => break,
            }
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): get_timeout in a loop, where Timeout only means "wait again" and Closed (closed and empty)
/// ends it: never stops early, marks done after handling.
pub mod right_consumer_timeout_retries {
    use std::collections::VecDeque;
    use std::time::Duration;
    use workbook::sync::GetTimeoutError;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        loop {
            match q.get_timeout(Duration::from_millis(50)) {
                Ok(item) => {
                    handle(item);
                    q.task_done().expect("one task_done per item taken");
                }
                Err(GetTimeoutError::Timeout) => continue,
                Err(GetTimeoutError::Closed) => break,
            }
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): takes a batch (a waiting get, then up to 3 more with try_get), handles all of it, then
/// marks each done: every task_done comes after its item's handle, just later than needed.
pub mod right_consumer_batch_then_mark {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(first) = q.get() {
            let mut batch = vec![first];
            while batch.len() < 4 {
                match q.try_get() {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            for &item in &batch {
                handle(item);
            }
            for _ in 0..batch.len() {
                q.task_done().expect("one task_done per item taken");
            }
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): keeps a (redundant) closed-and-empty snapshot as the loop test but takes with the waiting
/// get, which returns None if the snapshot went stale: no miss, no spin, correct stop.
pub mod right_consumer_snapshot_then_get {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while !(q.is_closed() && q.is_empty()) {
            if let Some(item) = q.get() {
                handle(item);
                q.task_done().expect("one task_done per item taken");
            }
        }
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): Python's `try: handle(item) finally: q.task_done()` as a named drop guard: dropped at the
/// end of the loop body, after handle (also if handle panics: see the ambiguity noted).
pub mod right_consumer_finally_guard {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    /// Marks one item done when dropped (Python: `finally: q.task_done()`).
    struct MarkDone<'a>(&'a JoinableQueue<u32>);

    impl Drop for MarkDone<'_> {
        fn drop(&mut self) {
            self.0.task_done().expect("one task_done per item taken");
        }
    }

    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        while let Some(item) = q.get() {
            let _done = MarkDone(q);
            handle(item);
        } // `_done` drops here, after handle
    }
    // ANCHOR_END: consumer
}

/// RIGHT (consumer): iterates `std::iter::from_fn(|| q.get())`, which ends at the first None (closed and
/// empty); handle, then task_done, per item.
pub mod right_consumer_iter_from_fn {
    use std::collections::VecDeque;
    use workbook::sync::{Condvar, JoinableQueue, Mutex, TaskDoneError};

    // Targets the `consumer` exercise; the other region holds the obvious correct code.

    // ANCHOR: joinable
    pub struct Joinable<T> {
        state: Mutex<State<T>>,
        not_empty: Condvar,
        all_done: Condvar,
    }

    struct State<T> {
        items: VecDeque<T>,
        unfinished: usize,
    }

    impl<T> Joinable<T> {
        pub fn new() -> Self {
            let state = State { items: VecDeque::new(), unfinished: 0 };
            Joinable { state: Mutex::new(state), not_empty: Condvar::new(), all_done: Condvar::new() }
        }

        pub fn put(&self, item: T) {
            let mut state = self.state.lock();
            state.items.push_back(item);
            state.unfinished += 1;
            self.not_empty.notify_one();
        }

        pub fn get(&self) -> T {
            let mut state = self.state.lock();
            loop {
                if let Some(item) = state.items.pop_front() {
                    return item;
                }
                self.not_empty.wait(&mut state);
            }
        }

        pub fn task_done(&self) -> Result<(), TaskDoneError> {
            let mut state = self.state.lock();
            if state.unfinished == 0 {
                return Err(TaskDoneError);
            }
            state.unfinished -= 1;
            if state.unfinished == 0 {
                self.all_done.notify_all();
            }
            Ok(())
        }

        pub fn join(&self) {
            let mut state = self.state.lock();
            while state.unfinished > 0 {
                self.all_done.wait(&mut state);
            }
        }
    }
    // ANCHOR_END: joinable

    // ANCHOR: consumer
    pub fn consume(q: &JoinableQueue<u32>, handle: &dyn Fn(u32)) {
        for item in std::iter::from_fn(|| q.get()) {
            handle(item);
            q.task_done().expect("one task_done per item taken");
        }
    }
    // ANCHOR_END: consumer
}
