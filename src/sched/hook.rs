//! The scheduler seen from inside a thread: which actor this thread runs,
//! and the calls the `sync` types make at their points.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use std::sync::MutexGuard;

use super::core::{Shared, State, Status};
use crate::trace::Value;

/// Threads currently running as actors of a schedule that needs hooks (one
/// that controls or records). While it is zero, every `sync` operation skips
/// the scheduler entirely.
static HOOKED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static CURRENT: RefCell<Option<Me>> = const { RefCell::new(None) };
}

/// Whether any thread runs as an actor that needs hooks: when not, the
/// `sync` types take their plain paths without looking further.
#[inline]
pub(crate) fn hooked() -> bool {
    HOOKED.load(Ordering::Relaxed) != 0
}

/// This thread's actor, when it runs one that needs hooks.
#[inline]
pub(crate) fn current() -> Option<Me> {
    if HOOKED.load(Ordering::Relaxed) == 0 {
        return None;
    }
    CURRENT.with(|c| c.borrow().clone())
}

/// How a thread asks for a lock.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ask {
    /// `lock()`: wait as long as it takes.
    Lock,
    /// `try_lock()`: only if it is free now.
    Try,
    /// `try_lock_for(d)`: wait, but not for the thread itself. Under a
    /// schedule a thread that holds the lock gets `Busy` at once (its wait
    /// could only time out); one held by another thread is waited for
    /// until it is released or the wait times out (when nobody else can
    /// move, or when an exploration chooses it).
    Timed,
    /// A reentrant lock: the holder takes it again.
    Reentrant,
}

/// How a lock acquisition went through the schedule.
pub(crate) enum LockPath {
    /// Not controlled: take the real lock, blocking.
    Plain,
    /// The schedule gave us the lock: the real one is free.
    Granted,
    /// A `try_lock` found it held.
    Busy,
    /// The run failed while this thread waited for the lock: take the real
    /// one if it comes free within this time, else give up (a deadlock).
    Abandoned(Duration),
}
/// One actor, seen from its own thread.
#[derive(Clone)]
pub(crate) struct Me {
    pub(super) shared: Arc<Shared>,
    pub(super) id: usize,
}

impl Me {
    /// Makes this thread run as this actor until the returned guard drops;
    /// then the actor is done.
    ///
    /// # Panics
    ///
    /// Panics if this thread already runs an actor.
    pub(super) fn install(self) -> Installed {
        let hooked = self.shared.controlled || self.shared.recording;
        if hooked {
            CURRENT.with(|c| {
                let mut c = c.borrow_mut();
                assert!(c.is_none(), "this thread already runs an actor");
                *c = Some(self.clone());
            });
            HOOKED.fetch_add(1, Ordering::SeqCst);
        }
        if self.shared.controlled {
            self.shared.lock().set_tid(self.id, super::watch::my_tid());
        }
        Installed { me: self, hooked }
    }

    /// Unwinds this thread (quietly: no panic message) when its run has
    /// failed and the schedule abandons failed runs; otherwise returns.
    pub(crate) fn bail_if_failed(&self) {
        if self.shared.abandon && !std::thread::panicking() && self.failed() {
            std::panic::resume_unwind(Box::new(super::Abandoned));
        }
    }

    fn bail(&self, st: MutexGuard<'_, State>) {
        if self.shared.abandon && !std::thread::panicking() {
            drop(st);
            std::panic::resume_unwind(Box::new(super::Abandoned));
        }
    }

    /// True when this actor's schedule decides the order.
    #[inline]
    pub(crate) fn is_controlled(&self) -> bool {
        self.shared.controlled
    }

    /// True once this actor's controlled run has failed: from then on every
    /// actor runs free.
    pub(crate) fn failed(&self) -> bool {
        self.shared.lock().error.is_some()
    }

    /// How long a thread of a failed run waits for a lock or a notify
    /// before concluding that it never comes: the schedule's deadline.
    pub(crate) fn patience(&self) -> Duration {
        self.shared.deadline
    }

    pub(super) fn set(&self, status: Status) {
        let mut st = self.shared.lock();
        if st.error.is_none() {
            st.set(self.id, status);
            st.dispatch();
        }
    }

    pub(super) fn done(&self) {
        let mut st = self.shared.lock();
        st.set(self.id, Status::Done);
        st.dispatch();
        st.finished_cv().notify_all();
    }

    /// Waits at a point until it is this actor's turn.
    pub(crate) fn enter(&self, label: &'static str) {
        if !self.shared.controlled {
            return;
        }
        let mut st = self.shared.lock();
        if st.error.is_some() {
            return self.bail(st);
        }
        st.set(self.id, Status::Parked(label));
        st.dispatch();
        let st = self.shared.wait_turn(st, self.id);
        if st.error.is_some() {
            self.bail(st);
        }
    }

    /// Fails the run: an invariant broke at this thread's last step.
    pub(crate) fn broken(&self, mark: &str, what: String) {
        let mut st = self.shared.lock();
        st.mark_last(self.id, mark);
        st.fail(None, what);
    }

    /// Records that the point's operation happened, with its value.
    pub(crate) fn leave(&self, label: &'static str, value: Value) {
        if self.shared.recording {
            self.shared.lock().record(self.id, label, value);
        }
    }

    /// Acquires the lock `key` as far as the schedule is concerned.
    ///
    /// # Panics
    ///
    /// When this thread already holds the lock: under a controlled schedule
    /// that certain deadlock fails the run and unwinds this thread instead
    /// of hanging it.
    pub(crate) fn lock(&self, key: usize, ask: Ask) -> LockPath {
        if !self.shared.controlled {
            return LockPath::Plain;
        }
        self.enter(if matches!(ask, Ask::Try | Ask::Timed) { "tries" } else { "locks" });
        self.acquire(key, ask, false)
    }

    /// The schedule's side of taking the lock `key`, once this actor holds
    /// the turn: take it if free, else block until its holder releases it.
    fn acquire(&self, key: usize, ask: Ask, mut waited: bool) -> LockPath {
        let mut st = self.shared.lock();
        loop {
            if st.error.is_some() {
                if self.shared.abandon && !std::thread::panicking() {
                    self.bail(st);
                    unreachable!("bail unwinds");
                }
                return if waited { LockPath::Abandoned(self.shared.deadline) } else { LockPath::Plain };
            }
            let holder = st.holder(key);
            if holder.is_none() || (holder == Some(self.id) && ask == Ask::Reentrant) {
                st.take_lock(key, self.id);
                return LockPath::Granted;
            }
            let holder = holder.expect("checked above");
            let name = st.name(self.id).to_owned();
            if ask == Ask::Try || (ask == Ask::Timed && holder == self.id) {
                let who = if holder == self.id { "itself" } else { st.name(holder) };
                let busy = Value::Text(format!("busy: {who}"));
                st.record(self.id, "tries", busy);
                return LockPath::Busy;
            }
            if holder == self.id {
                st.record(self.id, "waits", Value::Text("for itself".into()));
                let message = format!(
                    "deadlock: {name} locks a mutex it already holds, and would wait for itself forever"
                );
                st.fail(None, message.clone());
                self.bail(st);
                panic!("{message}");
            }
            let text = format!("for {}", st.name(holder));
            st.record(self.id, "waits", Value::Text(text));
            st.block_on(key, self.id, ask == Ask::Timed);
            st.dispatch();
            st = self.shared.wait_turn(st, self.id);
            waited = true;
            if ask == Ask::Timed && st.error.is_none() && st.timed_out(self.id) {
                st.record(self.id, "times out", Value::None);
                return LockPath::Busy;
            }
        }
    }

    /// Waits on the condition variable `cv` under a controlled schedule: at
    /// a point named `waits`, releases the lock `key` (as far as the
    /// schedule is concerned; the caller releases the real one around this
    /// call) and sleeps until a notify, or until nobody else can move when
    /// there is a `timeout`. Then takes the lock back, waiting for it like
    /// any other thread. Returns whether the wait timed out, or `None` when
    /// the run failed meanwhile (the caller then takes the real lock with
    /// patience, as after [`LockPath::Abandoned`]).
    pub(crate) fn wait(&self, cv: usize, key: usize, timeout: Option<Duration>) -> Option<bool> {
        self.enter("waits");
        let mut st = self.shared.lock();
        if st.error.is_some() {
            return None;
        }
        st.release_lock(key);
        // Not the duration: what is left of one depends on the machine.
        let shown = timeout.map_or(Value::None, |_| Value::Text("(timed)".into()));
        st.record(self.id, "waits", shown);
        st.sleep_on(cv, self.id, timeout);
        st.dispatch();
        st = self.shared.wait_turn(st, self.id);
        if st.error.is_some() {
            self.bail(st);
            return None;
        }
        let timed_out = st.timed_out(self.id);
        let shown = if st.woke_spuriously(self.id) { Value::Text("(spurious)".into()) } else { Value::None };
        st.record(self.id, if timed_out { "times out" } else { "wakes" }, shown);
        drop(st);
        match self.acquire(key, Ask::Lock, true) {
            LockPath::Granted => Some(timed_out),
            _ => None,
        }
    }

    /// Notifies the condition variable `cv` at a point named `notifies`:
    /// one sleeper (or `all`) moves to its `wakes` point. Returns how many
    /// woke, as far as the schedule knows.
    pub(crate) fn notify(&self, cv: usize, all: bool) -> usize {
        self.enter("notifies");
        let mut st = self.shared.lock();
        let woken = if self.shared.controlled && st.error.is_none() { st.notify(cv, all) } else { 0 };
        if self.shared.recording {
            let shown = match (self.shared.controlled, woken) {
                (false, _) => Value::None,
                (true, 0) => Value::Text("nobody waits".into()),
                (true, n) => Value::Text(format!("woke {n}")),
            };
            st.record(self.id, "notifies", shown);
        }
        st.dispatch();
        woken
    }

    /// Releases the lock `key` at a point named `unlocks`: the first actor
    /// blocked on it may try again.
    pub(crate) fn unlock(&self, key: usize, granted: bool, value: Value) {
        self.enter("unlocks");
        let mut st = self.shared.lock();
        if granted {
            st.release_lock(key);
        }
        if self.shared.recording {
            st.record(self.id, "unlocks", value);
        }
        st.dispatch();
    }
}

/// This thread's membership, while it lasts.
pub(super) struct Installed {
    me: Me,
    hooked: bool,
}

impl Drop for Installed {
    fn drop(&mut self) {
        if self.hooked {
            CURRENT.with(|c| c.borrow_mut().take());
            HOOKED.fetch_sub(1, Ordering::SeqCst);
        }
        self.me.done();
    }
}
