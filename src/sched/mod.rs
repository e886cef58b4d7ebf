//! Scripted schedules: forcing an interleaving instead of hoping for it.
//!
//! A race shows up only when the OS happens to switch threads at the wrong
//! moment. To show it on every run, the workbook runs threads as *actors* of
//! a [`Schedule`]. Every operation on a [`crate::sync`] type (an atomic load
//! or store, taking or releasing a lock) and every explicit [`step`] is a
//! *point*: the thread
//! stops there until the schedule says it is its turn. Only the thread holding
//! the turn runs, so the schedule alone decides the order, on one core or
//! sixteen.
//!
//! The policies:
//!
//! - [`Schedule::script`]: a list of steps such as
//!   `["A reads", "B reads", "A writes", "B writes"]`, run in exactly that
//!   order. A thread that arrives at a point out of order waits. A script
//!   that cannot run (a thread parked somewhere else, blocked on a lock, a
//!   name that does not exist, steps left over) fails with a message naming
//!   the step, at once where the schedule can see it, and otherwise when
//!   nothing has moved for the deadline.
//! - [`Schedule::round_robin`]: switch to the next thread at every point. For
//!   a read-then-write race this is the worst case: everyone reads before
//!   anyone writes.
//! - [`Schedule::random`]: any ready thread, picked by a seeded generator:
//!   many different interleavings, each one reproducible from its seed.
//! - [`Schedule::free`]: the OS decides. Points only record (with
//!   [`Schedule::traced`]); this is how often a race bites for real.
//! - An [`Explorer`] hands out schedule after schedule: every one with at
//!   most `k` preemptions, fewest first, spurious wake-ups and early
//!   time-outs included ([`Explorer::exhaustive`]), or PCT's
//!   ([`Explorer::pct`]). Its schedules are [strict](Schedule::strict): a
//!   thread that spins, or blocks where the schedule cannot see, fails the
//!   run at once. The exercise checks use them.
//!
//! Every run records a [`Trace`], which [`Trace::timeline`] draws.
//!
//! ```
//! use workbook::sched::Schedule;
//! use workbook::sync::{AtomicI64, Ordering::SeqCst};
//!
//! let n = AtomicI64::new(2);
//! let schedule = Schedule::script(["A reads", "B reads", "A writes", "B writes"]);
//! schedule.run_threads(2, |_| {
//!     let v = n.load(SeqCst); // a point named "reads"
//!     n.store(v - 1, SeqCst); // a point named "writes"
//! });
//! let trace = schedule.finish().unwrap();
//! assert_eq!(n.load(SeqCst), 1); // one update lost, on every run
//! assert_eq!(trace.steps(), ["A reads", "B reads", "A writes", "B writes"]);
//! ```
//!
//! The scheduler is the test harness, not a subject of it, so it is built on
//! `std::sync` directly rather than on the loom shim.

// Under loom the sync shim is loom's own, so the lock hooks go unused.
#![cfg_attr(loom, allow(dead_code))]

mod core;
mod explore;
mod hook;
mod watch;

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use self::core::{Policy, Shared, Status, Step};
pub use self::core::{SPIN_TURNS, ScheduleError};
pub use self::explore::{DEFAULT_CAP, Explored, Explorer};
#[cfg(not(loom))]
pub(crate) use self::hook::hooked;
#[cfg(not(loom))]
pub(crate) use self::hook::{Ask, LockPath};
pub(crate) use self::hook::{Me, current};
use crate::trace::{Trace, Value};

/// How long a controlled run may go without any progress before it is
/// declared stuck.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// A schedule: the policy that decides which actor moves next, and the
/// record of what they did.
///
/// # Panics
///
/// Creating two actors with the same name, or a name with spaces in it,
/// panics: scripts refer to threads by name.
pub struct Schedule {
    pub(crate) shared: Arc<Shared>,
}

/// The payload a thread of a failed [strict](Schedule::strict) run unwinds
/// with: the run is over, and nothing it does from here can matter.
#[derive(Debug)]
pub struct Abandoned;

impl Schedule {
    fn with(policy: Policy) -> Self {
        Schedule { shared: Arc::new(Shared::new(policy, false, DEFAULT_DEADLINE)) }
    }

    /// The OS decides the order. Points do nothing unless [`traced`](Self::traced).
    pub fn free() -> Self {
        Self::with(Policy::Free)
    }

    /// Runs the steps in exactly this order. Each step is a thread name and a
    /// point label: `"A reads"`.
    ///
    /// # Panics
    ///
    /// Panics if a step is not of the form `"<thread> <label>"`.
    pub fn script<I, S>(steps: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let steps = steps
            .into_iter()
            .map(|s| {
                let s = s.as_ref().trim();
                let (thread, label) = s
                    .split_once(char::is_whitespace)
                    .unwrap_or_else(|| panic!("script step {s:?} must read \"<thread> <label>\""));
                Step { thread: thread.to_owned(), label: label.trim().to_owned() }
            })
            .collect();
        Self::with(Policy::Script { steps, next: 0, then_round_robin: false })
    }

    /// Lets a script name only the first steps of a run, the ones that
    /// force the interleaving a lesson is about; once they have run,
    /// round-robin finishes the run. Without it, a script must name every
    /// step.
    ///
    /// # Panics
    ///
    /// Panics if the schedule is not a script, or actors were already added.
    pub fn then_round_robin(mut self) -> Self {
        let is_script = self.configure().lock().continue_script_with_round_robin();
        assert!(is_script, "only a script can go on with round-robin");
        self
    }

    /// Switches to the next thread (in the order they joined) at every point.
    pub fn round_robin() -> Self {
        Self::with(Policy::RoundRobin)
    }

    /// Picks any ready thread at every point, using a generator seeded with
    /// `seed`: the same seed gives the same run.
    pub fn random(seed: u64) -> Self {
        Self::with(Policy::random(seed))
    }

    fn configure(&mut self) -> &mut Shared {
        Arc::get_mut(&mut self.shared).expect("configure a schedule before adding actors")
    }

    /// Records a trace even under the free policy (controlled policies
    /// always record).
    ///
    /// # Panics
    ///
    /// Panics if actors were already added.
    pub fn traced(mut self) -> Self {
        self.configure().recording = true;
        self
    }

    /// Makes the schedule a check's: a thread that goes round the same loop
    /// seeing the same thing ([`SPIN_TURNS`] times) is reported as
    /// spinning; a thread blocked where the schedule cannot see (a
    /// `std::sync` lock, a sleep) is named within a second; and once the
    /// run has failed every thread unwinds at its next point (with an
    /// [`Abandoned`] payload, and no panic message), so a failed run ends
    /// at once instead of running on free.
    ///
    /// # Panics
    ///
    /// Panics if actors were already added.
    pub fn strict(mut self) -> Self {
        self.configure().strict();
        self
    }

    /// Makes time pass only when nobody else can move: a thread at a
    /// `sleeps` point (see [`sleep`]) is picked only when every thread that
    /// could run is sleeping too. Round-robin then models "the workers
    /// sleep a second, and everyone else gets in meanwhile", which is how
    /// a semaphore's limit is reached on every run. Scripts ignore it.
    ///
    /// # Panics
    ///
    /// Panics if actors were already added.
    pub fn sleepers_last(mut self) -> Self {
        self.configure().lock().sleepers_last = true;
        self
    }

    /// Sets how long a run may go without progress before it fails
    /// ([`DEFAULT_DEADLINE`] otherwise).
    ///
    /// # Panics
    ///
    /// Panics if actors were already added.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.configure().deadline = deadline;
        self
    }

    /// The policy, in words: `scripted`, `round-robin`, `random (seed 7)`, `free`.
    pub fn describe(&self) -> String {
        self.shared.lock().describe_policy()
    }

    /// True unless the policy is free.
    pub fn is_controlled(&self) -> bool {
        self.shared.controlled
    }

    /// Registers a thread under `name` (or claims the name if it was
    /// [expected](Self::expect)). Register every actor before the run can
    /// depend on it: round-robin and random wait for every registered actor
    /// to reach a point before they choose.
    pub fn actor(&self, name: impl Into<String>) -> Actor {
        let id = self.shared.lock().add_actor(name.into(), true);
        Actor { me: Some(Me { shared: Arc::clone(&self.shared), id }) }
    }

    /// Registers threads that will join later (spawned by another actor, one
    /// by one): until each has been claimed by [`actor`](Self::actor) or
    /// [`spawn`](Self::spawn) and reached its first point, round-robin and
    /// random wait for it, so the run does not depend on how fast threads
    /// start.
    ///
    /// # Panics
    ///
    /// Panics if actors were already added under these names.
    pub fn expect<I, S>(self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        {
            let mut st = self.shared.lock();
            for name in names {
                st.add_actor(name.into(), false);
            }
        }
        self
    }

    /// Runs `body(i)` on `n` scoped threads named by [`names`], each as an
    /// actor of this schedule, and waits for them all.
    pub fn run_threads<F>(&self, n: usize, body: F)
    where
        F: Fn(usize) + Sync,
    {
        // Every actor is registered before any thread starts: round-robin
        // and random must know the whole cast before they pick.
        let names = names(n);
        let actors: Vec<Actor> = names.iter().map(|name| self.actor(name.as_str())).collect();
        thread::scope(|s| {
            for (i, (actor, name)) in actors.into_iter().zip(names).enumerate() {
                let body = &body;
                thread::Builder::new()
                    .name(name)
                    .spawn_scoped(s, move || actor.run(|| run_body(&body, i)))
                    .expect("the OS creates a thread");
            }
        });
    }

    /// Spawns a thread named `name` that runs `f` as an actor of this
    /// schedule: `thread::Builder::new().name(name).spawn(f)`, scheduled.
    ///
    /// # Panics
    ///
    /// When the OS cannot create a thread.
    pub fn spawn<F, T>(&self, name: impl Into<String>, f: F) -> thread::JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let name = name.into();
        let actor = self.actor(name.clone());
        thread::Builder::new().name(name).spawn(move || actor.run(f)).expect("the OS creates a thread")
    }

    /// Like [`spawn`](Self::spawn), inside a `thread::scope`.
    ///
    /// # Panics
    ///
    /// When the OS cannot create a thread.
    pub fn spawn_scoped<'scope, 'env, F, T>(
        &self,
        scope: &'scope thread::Scope<'scope, 'env>,
        name: impl Into<String>,
        f: F,
    ) -> thread::ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let name = name.into();
        let actor = self.actor(name.clone());
        thread::Builder::new()
            .name(name)
            .spawn_scoped(scope, move || actor.run(f))
            .expect("the OS creates a thread")
    }

    /// Waits until every actor has finished, then returns what they did, or
    /// why the schedule could not be followed (including a script with steps
    /// left over).
    ///
    /// # Errors
    ///
    /// [`ScheduleError`] when the run got stuck or did not follow the script.
    pub fn finish(self) -> Result<Trace, ScheduleError> {
        let st = self.shared.wait_all_done();
        match &st.error {
            Some(e) => Err(e.clone()),
            None => Ok(st.trace()),
        }
    }
}

/// Runs one thread's body; an [`Abandoned`] unwind (the run failed, and
/// the thread was stopped at its next point) ends it quietly, so that the
/// scope does not panic for a failure the schedule already reports.
fn run_body(body: &(impl Fn(usize) + Sync), i: usize) {
    if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(i)))
        && !payload.is::<Abandoned>()
    {
        std::panic::resume_unwind(payload);
    }
}

/// A thread's membership in a schedule. Created by [`Schedule::actor`] and
/// moved into the thread, which calls [`Actor::run`]. Dropping it without
/// running counts as finishing.
pub struct Actor {
    me: Option<Me>,
}

impl Actor {
    /// Runs `f` on this thread as this actor: every point inside waits for
    /// the schedule. The actor is done when `f` returns or panics.
    ///
    /// # Panics
    ///
    /// Panics if this thread is already running an actor.
    pub fn run<T>(mut self, f: impl FnOnce() -> T) -> T {
        let me = self.me.take().expect("an actor runs once");
        let _leave = me.install();
        f()
    }
}

impl Drop for Actor {
    fn drop(&mut self) {
        if let Some(me) = self.me.take() {
            me.done();
        }
    }
}

/// Names for `n` threads: `A`, `B`, … up to 26, else `T00`, `T01`, ….
pub fn names(n: usize) -> Vec<String> {
    if n <= 26 {
        (0..n).map(|i| char::from(b'A' + i as u8).to_string()).collect()
    } else {
        let width = (n - 1).to_string().len();
        (0..n).map(|i| format!("T{i:0width$}")).collect()
    }
}

/// An explicit point named `label`: under a controlled schedule the thread
/// waits here for its turn; the step is recorded. Outside a schedule it does
/// nothing.
pub fn step(label: &'static str) {
    step_with(label, Value::None);
}

/// Like [`step`], recording `value` with it: `reports 3`.
pub fn step_with(label: &'static str, value: impl Into<Value>) {
    let value = value.into();
    point(label, move || value);
}

/// A point named `label` whose operation is `op`: under a controlled
/// schedule the thread waits for its turn, runs `op`, and the step is
/// recorded with `op`'s result.
pub fn point<T: Clone + Into<Value>>(label: &'static str, op: impl FnOnce() -> T) -> T {
    point_shown(label, op, |out| out.clone().into())
}

/// [`point`], recording what `shown` makes of `op`'s result: the form the
/// `sync` types use (`writes 2` shows the value written, not `()`).
#[inline]
pub(crate) fn point_shown<T>(
    label: &'static str,
    op: impl FnOnce() -> T,
    shown: impl FnOnce(&T) -> Value,
) -> T {
    match current() {
        None => op(),
        Some(me) => {
            me.enter(label);
            let out = op();
            me.leave(label, shown(&out));
            out
        }
    }
}

/// Fails the current run here: an invariant the caller checks has just
/// broken. The step this thread took last is marked `mark`, and the run's
/// error says `what`; under a [strict](Schedule::strict) schedule every
/// thread then stops at its next point. Outside a controlled schedule it
/// panics with `what`.
///
/// A check calls it the moment it sees the invariant break (two threads
/// inside, a balance below zero), so the failure shows that moment, not
/// whatever went wrong later because of it.
///
/// # Panics
///
/// Outside a controlled schedule.
pub fn broken(mark: &str, what: impl Into<String>) {
    let what = what.into();
    match current() {
        Some(me) if me.shared.controlled => me.broken(mark, what),
        _ => panic!("{what}"),
    }
}

/// True when this thread is an actor of a controlled (not free) schedule:
/// for code that would only add noise to the trace, such as a spin before
/// sleeping.
pub(crate) fn controlled() -> bool {
    current().is_some_and(|me| me.shared.controlled)
}

/// Sleeps for `d`, the stand-in for slow work or IO. Under a controlled
/// schedule it does not sleep at all: it is a point named `sleeps`, and the
/// schedule decides who runs while this thread "sleeps".
pub fn sleep(d: Duration) {
    let shown = Value::Text(format!("{}ms", d.as_millis()));
    match current() {
        Some(me) if me.shared.controlled => step_with("sleeps", shown),
        other => {
            thread::sleep(d);
            if let Some(me) = other {
                me.leave("sleeps", shown);
            }
        }
    }
}

/// Runs `f`, which blocks on something the schedule cannot see (joining
/// threads, a channel), without holding up the schedule: other actors move
/// on meanwhile.
pub fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match current() {
        Some(me) if me.shared.controlled => {
            me.set(Status::External);
            let out = f();
            me.set(Status::Arriving);
            out
        }
        _ => f(),
    }
}
