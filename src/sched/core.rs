//! The scheduler's state machine: who may move, and what went wrong.
//!
//! Everything here runs under one std `Mutex<State>`. Only the thread that
//! holds the *turn* runs code between points; every other actor is parked at
//! a point, blocked on a lock, blocked outside the schedule, not yet arrived,
//! or done. When the turn is free, [`State::dispatch`] asks the policy who
//! goes next. A policy never has to guess: it waits until every actor that
//! could change the answer has arrived somewhere, so the same program and the
//! same policy give the same run on one core or sixteen.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::explore::{Guide, Move, Node, Pct, RunLog};
use super::watch;
use crate::trace::{Event, Trace, Value};

/// Why a controlled run could not go on. Returned by
/// [`Schedule::finish`](super::Schedule::finish).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
    /// The script step (from 1) that could not run, when a script was used.
    pub step: Option<usize>,
    /// What went wrong, in words, naming the step and the threads.
    pub message: String,
    /// What happened before it went wrong.
    pub trace: Trace,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ScheduleError {}

/// One line of a script: `"B writes"` is thread `B`, label `writes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub thread: String,
    pub label: String,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.thread, self.label)
    }
}

pub(crate) enum Policy {
    /// The OS decides; points only record.
    Free,
    /// The script names every step in order; with `then_round_robin`, it
    /// names the first steps and round-robin runs the rest.
    Script { steps: Vec<Step>, next: usize, then_round_robin: bool },
    /// Switch to the next thread, in the order they joined, at every point.
    RoundRobin,
    /// Pick any ready thread, with a seeded generator.
    Random { seed: u64, rng: Box<StdRng> },
    /// Systematic exploration: replay a prefix of moves, then keep the
    /// running thread running; every choice is logged for the explorer.
    Explore(Guide),
    /// Probabilistic concurrency testing: the ready thread with the highest
    /// priority runs; priorities drop at a few random steps.
    Pct(Box<Pct>),
}

impl Policy {
    pub(crate) fn random(seed: u64) -> Self {
        Policy::Random { seed, rng: Box::new(StdRng::seed_from_u64(seed)) }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Policy::Free => "free".into(),
            Policy::Script { then_round_robin: false, .. } => "scripted".into(),
            Policy::Script { then_round_robin: true, .. } => "scripted, then round-robin".into(),
            Policy::RoundRobin => "round-robin".into(),
            Policy::Random { seed, .. } => format!("random (seed {seed})"),
            Policy::Explore(_) => "explored".into(),
            Policy::Pct(pct) => format!("PCT (seed {})", pct.seed),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Registered, running code that has not reached a point yet.
    Arriving,
    /// Holds the turn.
    Running,
    /// Waiting at a point for its turn.
    Parked(&'static str),
    /// Waiting for the lock with this key.
    Blocked(usize),
    /// Waiting on the condition variable with this key, for a notify; with
    /// a timeout, when `timed` is set (the order in which timed waits
    /// began: they run out in that order).
    Waiting { cv: usize, timed: Option<u64> },
    /// Waiting on something the schedule cannot see (a join, a channel).
    External,
    /// Finished.
    Done,
}

struct Slot {
    name: String,
    status: Status,
    wake: Arc<Condvar>,
    /// False while the actor is only expected: a thread will claim it.
    claimed: bool,
    /// Its last condition-variable wait ended by timing out, not a notify.
    timed_out: bool,
    /// Its last condition-variable wait ended with nobody notifying it.
    spurious: bool,
    /// While it waits for a lock with a timeout (`try_lock_for`): the order
    /// in which timed waits began.
    timed_lock: Option<u64>,
    /// The OS thread running it, once it has started (for naming what it
    /// blocks on when the schedule cannot see it).
    pub(crate) tid: Option<i32>,
    /// What it saw lately, for spin detection.
    seen: Seen,
}

pub(crate) struct State {
    policy: Policy,
    actors: Vec<Slot>,
    /// The actor allowed to run between points.
    pub(crate) turn: Option<usize>,
    /// The last actor granted the turn (round-robin starts after it).
    last: Option<usize>,
    /// Lock key → the actor holding it, and how many times it took it (more
    /// than once only for a reentrant lock).
    holders: HashMap<usize, (usize, usize)>,
    /// Lock key → the actors blocked on it, first come first woken.
    waiters: HashMap<usize, VecDeque<usize>>,
    /// Condition variable key → the actors waiting on it, first come first
    /// notified.
    sleepers: HashMap<usize, VecDeque<usize>>,
    events: Vec<Event>,
    pub(crate) error: Option<ScheduleError>,
    /// Timed waits begun so far.
    timed_waits: u64,
    /// Threads at a `sleeps` point go last (see `Schedule::sleepers_last`).
    pub(crate) sleepers_last: bool,
    /// Report a thread that keeps taking turns and seeing the same thing.
    pub(crate) spin_watch: bool,
    /// Where an explored run reports its choices and its failure.
    pub(crate) run_log: Option<Arc<Mutex<RunLog>>>,
    /// When anything last changed; the deadline counts from here.
    progress: Instant,
    finished: Arc<Condvar>,
}

enum Choice {
    Grant(usize),
    Wait,
    Fail(Option<usize>, String),
}

impl State {
    pub(crate) fn new(policy: Policy) -> Self {
        State {
            policy,
            actors: Vec::new(),
            turn: None,
            last: None,
            holders: HashMap::new(),
            waiters: HashMap::new(),
            sleepers: HashMap::new(),
            sleepers_last: false,
            spin_watch: false,
            run_log: None,
            timed_waits: 0,
            events: Vec::new(),
            error: None,
            progress: Instant::now(),
            finished: Arc::new(Condvar::new()),
        }
    }

    /// Lets a script hand over to round-robin when it ends; false when the
    /// policy is not a script.
    pub(crate) fn continue_script_with_round_robin(&mut self) -> bool {
        match &mut self.policy {
            Policy::Script { then_round_robin, .. } => {
                *then_round_robin = true;
                true
            }
            _ => false,
        }
    }

    pub(crate) fn describe_policy(&self) -> String {
        self.policy.describe()
    }

    /// Registers `name` (or claims it, if it was only expected) and returns
    /// its id.
    pub(crate) fn add_actor(&mut self, name: String, claim: bool) -> usize {
        assert!(
            !name.is_empty() && !name.contains(char::is_whitespace),
            "thread name {name:?} must be one word: scripts say \"{name} reads\""
        );
        if let Some(id) = self.find(&name) {
            assert!(claim && !self.actors[id].claimed, "two threads in one schedule are both named {name:?}");
            self.actors[id].claimed = true;
            return id;
        }
        self.actors.push(Slot {
            name,
            status: Status::Arriving,
            wake: Arc::new(Condvar::new()),
            claimed: claim,
            timed_out: false,
            spurious: false,
            timed_lock: None,
            tid: None,
            seen: Seen::default(),
        });
        self.touch();
        self.actors.len() - 1
    }

    pub(crate) fn name(&self, id: usize) -> &str {
        &self.actors[id].name
    }

    pub(crate) fn wake_of(&self, id: usize) -> Arc<Condvar> {
        Arc::clone(&self.actors[id].wake)
    }

    pub(crate) fn finished_cv(&self) -> Arc<Condvar> {
        Arc::clone(&self.finished)
    }

    pub(crate) fn all_done(&self) -> bool {
        self.actors.iter().all(|a| a.status == Status::Done)
    }

    pub(crate) fn since_progress(&self) -> Duration {
        self.progress.elapsed()
    }

    fn touch(&mut self) {
        self.progress = Instant::now();
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.name == name)
    }

    pub(crate) fn set(&mut self, id: usize, status: Status) {
        if status != Status::Running && self.turn == Some(id) {
            self.turn = None;
        }
        self.actors[id].status = status;
        self.touch();
    }

    pub(crate) fn record(&mut self, id: usize, label: &'static str, value: Value) {
        if self.spin_watch && self.error.is_none() && self.actors[id].seen.saw(label, &value) {
            self.events.push(Event { seq: self.events.len() + 1, thread: id, label, value, mark: None });
            self.spun(id);
            return;
        }
        let seq = self.events.len() + 1;
        self.events.push(Event { seq, thread: id, label, value, mark: None });
        self.touch();
    }

    /// `id` has taken [`SPIN_TURNS`] turns in a row seeing the same thing:
    /// the run fails, showing the run up to the first two laps of the loop.
    fn spun(&mut self, id: usize) {
        let lap = self.actors[id].seen.lap();
        let name = self.actors[id].name.clone();
        let mine: Vec<usize> = (0..self.events.len()).filter(|&i| self.events[i].thread == id).collect();
        // The spin began SPIN_TURNS laps before its last event.
        let first = mine.len().saturating_sub(lap * SPIN_TURNS);
        let show_until = mine.get(first + 2 * lap).map_or(self.events.len(), |&i| i);
        let loop_: Vec<String> = mine[first..first + lap].iter().map(|&i| self.events[i].cell()).collect();
        let message = format!(
            "{name} spins: it went round the same loop ({}) {SPIN_TURNS} times and saw the same \
             thing every time, waiting for a change only another thread can make. Sleep until \
             that thread wakes you (a condition variable's wait, a blocking lock or get) instead \
             of checking again and again",
            loop_.join(", ")
        );
        self.fail(None, message);
        if let Some(error) = &mut self.error {
            error.trace.cut(show_until);
        }
    }

    /// Marks the last step `id` took.
    pub(crate) fn mark_last(&mut self, id: usize, mark: &str) {
        if let Some(e) = self.events.iter_mut().rev().find(|e| e.thread == id) {
            e.mark = Some(mark.to_owned());
        }
    }

    pub(crate) fn trace(&self) -> Trace {
        Trace {
            threads: self.actors.iter().map(|a| a.name.clone()).collect(),
            events: self.events.clone(),
            omitted: 0,
        }
    }

    /// The actor holding the lock with this key, if the schedule tracks it.
    pub(crate) fn holder(&self, key: usize) -> Option<usize> {
        self.holders.get(&key).map(|&(id, _)| id)
    }

    /// `id` takes the lock `key` (again, if it already holds it).
    pub(crate) fn take_lock(&mut self, key: usize, id: usize) {
        self.holders.entry(key).or_insert((id, 0)).1 += 1;
    }

    /// Puts `id` in the queue of actors blocked on the lock `key`; `timed`
    /// when it waits with a timeout (`try_lock_for`), which may run out.
    pub(crate) fn block_on(&mut self, key: usize, id: usize, timed: bool) {
        self.waiters.entry(key).or_default().push_back(id);
        self.actors[id].timed_out = false;
        self.actors[id].timed_lock = timed.then(|| {
            self.timed_waits += 1;
            self.timed_waits
        });
        self.set(id, Status::Blocked(key));
    }

    /// Frees the lock and wakes the first actor blocked on it, as a real
    /// unlock wakes one waiter: it goes back to its `locks` point and tries
    /// again when granted the turn.
    pub(crate) fn release_lock(&mut self, key: usize) {
        if let Some((_, depth)) = self.holders.get_mut(&key)
            && *depth > 1
        {
            *depth -= 1;
            self.touch();
            return;
        }
        self.holders.remove(&key);
        if let Some(id) = self.waiters.get_mut(&key).and_then(VecDeque::pop_front) {
            self.actors[id].status = Status::Parked("locks");
            self.actors[id].timed_lock = None;
        }
        self.touch();
    }

    /// Puts `id` to sleep on the condition variable `cv` (its lock has
    /// already been released).
    pub(crate) fn sleep_on(&mut self, cv: usize, id: usize, timeout: Option<Duration>) {
        self.sleepers.entry(cv).or_default().push_back(id);
        self.actors[id].timed_out = false;
        self.actors[id].spurious = false;
        // A schedule has no clock, and real durations would make the order
        // depend on the machine: timed waits run out in the order they
        // began, whatever their lengths.
        let timed = timeout.map(|_| {
            self.timed_waits += 1;
            self.timed_waits
        });
        self.set(id, Status::Waiting { cv, timed });
    }

    /// Wakes the first actor sleeping on `cv` (every one, with `all`): each
    /// goes to a point named `wakes`, where it will take the lock back.
    /// Returns how many woke.
    pub(crate) fn notify(&mut self, cv: usize, all: bool) -> usize {
        let Some(queue) = self.sleepers.get_mut(&cv) else { return 0 };
        let woken: Vec<usize> =
            if all { queue.drain(..).collect() } else { queue.pop_front().into_iter().collect() };
        for &id in &woken {
            self.actors[id].status = Status::Parked("wakes");
        }
        self.touch();
        woken.len()
    }

    /// Ends `id`'s timed wait: its time is up. It goes to a point named
    /// `times out`.
    fn time_out(&mut self, id: usize) {
        let queue = match self.actors[id].status {
            Status::Waiting { cv, .. } => self.sleepers.get_mut(&cv),
            Status::Blocked(key) => self.waiters.get_mut(&key),
            _ => None,
        };
        if let Some(queue) = queue {
            queue.retain(|&w| w != id);
        }
        self.actors[id].timed_lock = None;
        self.actors[id].timed_out = true;
        self.actors[id].status = Status::Parked("times out");
        self.touch();
    }

    /// Wakes `id` from its condition-variable wait although nobody
    /// notified it: a *spurious* wake-up, which real condition variables
    /// allow. It goes to a point named `wakes`.
    fn wake_spuriously(&mut self, id: usize) {
        if let Status::Waiting { cv, .. } = self.actors[id].status
            && let Some(queue) = self.sleepers.get_mut(&cv)
        {
            queue.retain(|&w| w != id);
        }
        self.actors[id].spurious = true;
        self.actors[id].status = Status::Parked("wakes");
        self.touch();
    }

    /// Whether `id`'s last condition-variable wait timed out.
    pub(crate) fn timed_out(&self, id: usize) -> bool {
        self.actors[id].timed_out
    }

    /// Whether `id`'s last condition-variable wait ended without a notify.
    pub(crate) fn woke_spuriously(&self, id: usize) -> bool {
        self.actors[id].spurious
    }

    /// When `id`'s timed wait (on a condition variable or a lock) began.
    fn timed_since(&self, id: usize) -> Option<u64> {
        match self.actors[id].status {
            Status::Waiting { timed, .. } => timed,
            Status::Blocked(_) => self.actors[id].timed_lock,
            _ => None,
        }
    }

    /// The timed waiter whose wait began first.
    fn first_timeout(&self) -> Option<usize> {
        (0..self.actors.len()).filter_map(|i| self.timed_since(i).map(|at| (at, i))).min().map(|(_, i)| i)
    }

    /// Gives up the run: everyone is woken and runs free from now on.
    pub(crate) fn fail(&mut self, step: Option<usize>, message: String) {
        if self.error.is_none() {
            let error = ScheduleError { step, message, trace: self.trace() };
            if let Some(log) = &self.run_log {
                lock_log(log).error = Some(error.clone());
            }
            self.error = Some(error);
        }
        for slot in &self.actors {
            slot.wake.notify_all();
        }
        self.finished.notify_all();
    }

    /// Called when an actor's wait passed the deadline without progress.
    pub(crate) fn fail_stuck(&mut self, deadline: Duration) {
        let step = match &self.policy {
            Policy::Script { steps, next, .. } => steps.get(*next).map(|s| (*next + 1, s.to_string())),
            _ => None,
        };
        let (index, at) = match step {
            Some((i, s)) => (Some(i), format!(" at step {i} (\"{s}\")")),
            None => (None, String::new()),
        };
        let message = format!(
            "the {} schedule made no progress for {:.1?}{at}: {}",
            self.policy.describe(),
            deadline,
            self.whereabouts()
        );
        self.fail(index, message);
    }

    /// Where every unfinished actor is, in words.
    fn whereabouts(&self) -> String {
        let mut parts = Vec::new();
        for a in &self.actors {
            let where_ = match &a.status {
                Status::Done => continue,
                Status::Arriving | Status::Running => match self.invisible(a) {
                    Some(why) => {
                        parts.push(why);
                        continue;
                    }
                    None if a.status == Status::Arriving => "has not reached its next point".to_owned(),
                    None => "holds the turn but has not reached its next point \
                             (busy, or blocked on something the schedule cannot see)"
                        .to_owned(),
                },
                Status::Parked(l) => format!("is parked at \"{l}\""),
                Status::Blocked(k) => self.blocked_on(*k),
                Status::Waiting { timed: None, .. } => {
                    "waits on a condition variable for a notify".to_owned()
                }
                Status::Waiting { .. } => "waits on a condition variable (with a timeout)".to_owned(),
                Status::External => "is blocked outside the schedule".to_owned(),
            };
            parts.push(format!("{} {where_}", a.name));
        }
        if parts.is_empty() { "every thread has finished".into() } else { parts.join("; ") }
    }

    /// What the kernel says `a` (running code, not at a point) is doing,
    /// when it explains why nothing moves.
    fn invisible(&self, a: &Slot) -> Option<String> {
        let doing = watch::doing(a.tid?)?;
        watch::explain(&a.name, doing)
    }

    /// Called by parked threads when nothing has moved for a while: fails
    /// the run at once if a thread running code is blocked in a std lock or
    /// asleep, or has run too long without reaching a point.
    pub(crate) fn look_for_invisible_blocking(&mut self) {
        let quiet = self.since_progress();
        let found = self.actors.iter().find_map(|a| {
            if !matches!(a.status, Status::Arriving | Status::Running) {
                return None;
            }
            match watch::doing(a.tid?)? {
                watch::Doing::Running if quiet < watch::BUSY_FOR => None,
                doing => watch::explain(&a.name, doing),
            }
        });
        if let Some(why) = found {
            let message = format!("the run cannot go on: {why}");
            self.fail(None, message);
        }
    }

    /// Notes which OS thread runs actor `id`.
    pub(crate) fn set_tid(&mut self, id: usize, tid: i32) {
        self.actors[id].tid = Some(tid);
    }

    fn blocked_on(&self, key: usize) -> String {
        match self.holder(key) {
            Some(h) => format!("is blocked on a lock held by {}", self.actors[h].name),
            None => "is blocked on a lock".to_owned(),
        }
    }

    fn someone_may_arrive(&self) -> bool {
        self.actors.iter().any(|a| matches!(a.status, Status::Arriving | Status::External | Status::Running))
    }

    /// Hands the turn to whoever the policy picks, if it can pick yet.
    pub(crate) fn dispatch(&mut self) {
        if self.turn.is_some() || self.error.is_some() {
            return;
        }
        match self.choose() {
            Choice::Grant(id) => {
                self.turn = Some(id);
                self.last = Some(id);
                self.actors[id].status = Status::Running;
                self.touch();
                self.actors[id].wake.notify_all();
            }
            Choice::Wait => {}
            Choice::Fail(step, message) => self.fail(step, message),
        }
    }

    fn choose(&mut self) -> Choice {
        let script = match &self.policy {
            Policy::Free => return Choice::Wait,
            Policy::Script { steps, next, .. } => Some((steps.get(*next).cloned(), *next, steps.len())),
            Policy::RoundRobin | Policy::Random { .. } => None,
            Policy::Explore(_) | Policy::Pct(_) => return self.choose_explored(),
        };
        match script {
            Some((Some(step), next, len)) => self.choose_scripted(&step, next, len),
            Some((None, _, _)) if matches!(self.policy, Policy::Script { then_round_robin: true, .. }) => {
                self.policy = Policy::RoundRobin;
                self.choose_among_ready()
            }
            Some((None, _, _)) => self.script_ended(),
            None => self.choose_among_ready(),
        }
    }

    fn choose_scripted(&mut self, step: &Step, next: usize, len: usize) -> Choice {
        let n = next + 1;
        let fail =
            |why: String| Choice::Fail(Some(n), format!("step {n} of {len} (\"{step}\") cannot run: {why}"));
        let Some(id) = self.find(&step.thread) else {
            if self.someone_may_arrive() {
                return Choice::Wait;
            }
            let known: Vec<&str> = self.actors.iter().map(|a| a.name.as_str()).collect();
            return fail(format!(
                "no thread is named {} (the threads are {})",
                step.thread,
                known.join(", ")
            ));
        };
        match &self.actors[id].status {
            Status::Parked(label) if *label == step.label => {
                if let Policy::Script { next, .. } = &mut self.policy {
                    *next += 1;
                }
                Choice::Grant(id)
            }
            Status::Parked(label) => {
                fail(format!("{} is parked at \"{label}\", not at \"{}\"", step.thread, step.label))
            }
            Status::Blocked(_) if step.label == "times out" && self.actors[id].timed_lock.is_some() => {
                self.time_out(id);
                if let Policy::Script { next, .. } = &mut self.policy {
                    *next += 1;
                }
                Choice::Grant(id)
            }
            Status::Blocked(key) => fail(format!("{} {}", step.thread, self.blocked_on(*key))),
            Status::Waiting { timed, .. } => {
                if step.label == "times out" && timed.is_some() {
                    self.time_out(id);
                    if let Policy::Script { next, .. } = &mut self.policy {
                        *next += 1;
                    }
                    return Choice::Grant(id);
                }
                let hint = if timed.is_some() { "; a script can say \"times out\"" } else { "" };
                fail(format!(
                    "{} waits on a condition variable and nobody has notified it{hint}",
                    step.thread
                ))
            }
            Status::Done => fail(format!("{} has already finished", step.thread)),
            Status::Arriving | Status::External | Status::Running => Choice::Wait,
        }
    }

    fn script_ended(&self) -> Choice {
        match self.actors.iter().find_map(|a| match a.status {
            Status::Parked(label) => Some((a.name.as_str(), label)),
            _ => None,
        }) {
            Some((name, label)) => Choice::Fail(
                None,
                format!(
                    "the script has ended, but {name} is parked at \"{label}\": add \"{name} {label}\" to it"
                ),
            ),
            None => self.deadlock().map_or(Choice::Wait, |message| Choice::Fail(None, message)),
        }
    }

    /// When nobody can move and nobody ever will (every unfinished actor is
    /// blocked on a lock or waits for a notify), what that deadlock is.
    fn deadlock(&self) -> Option<String> {
        let ready = self.actors.iter().any(|a| matches!(a.status, Status::Parked(_)));
        let stuck = self
            .actors
            .iter()
            .any(|a| matches!(a.status, Status::Blocked(_) | Status::Waiting { timed: None, .. }));
        let timed = self.first_timeout().is_some();
        let finished = self.actors.iter().filter(|a| a.status == Status::Done).count();
        let others = match finished {
            0 => "",
            1 => " (the other thread has finished)",
            _ => " (the other threads have finished)",
        };
        (!ready && stuck && !timed && !self.someone_may_arrive())
            .then(|| format!("deadlock: {}{others}", self.whereabouts()))
    }

    fn choose_among_ready(&mut self) -> Choice {
        if self.actors.iter().any(|a| a.status == Status::Arriving) {
            return Choice::Wait;
        }
        let mut ready: Vec<usize> =
            (0..self.actors.len()).filter(|&i| matches!(self.actors[i].status, Status::Parked(_))).collect();
        // Time passes only when nobody can move: then the first timed wait
        // runs out. (A schedule has no clock; this is the one order that
        // does not depend on how fast the machine is.)
        if ready.is_empty()
            && !self.someone_may_arrive()
            && let Some(id) = self.first_timeout()
        {
            self.time_out(id);
            ready.push(id);
        }
        if ready.is_empty() {
            return self.deadlock().map_or(Choice::Wait, |message| Choice::Fail(None, message));
        }
        if self.sleepers_last {
            let awake: Vec<usize> = ready
                .iter()
                .copied()
                .filter(|&i| self.actors[i].status != Status::Parked("sleeps"))
                .collect();
            if !awake.is_empty() {
                ready = awake;
            }
        }
        let pick = match &mut self.policy {
            Policy::Random { rng, .. } => ready[rng.random_range(0..ready.len())],
            _ => {
                let start = self.last.map_or(0, |l| l + 1);
                *ready.iter().find(|&&i| i >= start).unwrap_or(&ready[0])
            }
        };
        Choice::Grant(pick)
    }

    /// What may happen next, and what each costs an exploration: running a
    /// ready thread (a *preemption*, costing 1, when it stops another that
    /// could go on), timing out a timed wait (free only when nobody else can
    /// run, and then only the wait that began first), or waking a waiter
    /// that nobody notified (a spurious wake-up, costing 1).
    fn moves(&self, ready: &[usize]) -> (Vec<Move>, Vec<u8>) {
        let last_ready = self.last.is_some_and(|l| ready.contains(&l));
        let first_timeout = self.first_timeout();
        let mut moves = Vec::new();
        let mut costs = Vec::new();
        for &r in ready {
            moves.push(Move::Run(r));
            costs.push(u8::from(last_ready && self.last != Some(r)));
        }
        for w in 0..self.actors.len() {
            if self.timed_since(w).is_some() {
                moves.push(Move::TimeOut(w));
                costs.push(u8::from(!(ready.is_empty() && first_timeout == Some(w))));
            }
        }
        if matches!(self.policy, Policy::Explore(_)) {
            for w in 0..self.actors.len() {
                if matches!(self.actors[w].status, Status::Waiting { .. }) {
                    moves.push(Move::Spurious(w));
                    costs.push(1);
                }
            }
        }
        (moves, costs)
    }

    /// The move an exploration makes when it is not told otherwise: the
    /// thread that ran last runs on; if it cannot, the next ready one in
    /// round-robin order; if none is ready, the free time-out.
    fn default_move(&self, moves: &[Move], costs: &[u8]) -> Option<usize> {
        if let Some(last) = self.last
            && let Some(i) = moves.iter().position(|&m| m == Move::Run(last))
        {
            return Some(i);
        }
        let start = self.last.map_or(0, |l| l + 1);
        let runs = || {
            moves
                .iter()
                .enumerate()
                .filter_map(|(i, m)| if let Move::Run(r) = m { Some((i, *r)) } else { None })
        };
        runs()
            .find(|&(_, r)| r >= start)
            .or_else(|| runs().next())
            .map(|(i, _)| i)
            .or_else(|| costs.iter().position(|&c| c == 0))
    }

    fn choose_explored(&mut self) -> Choice {
        if self.actors.iter().any(|a| a.status == Status::Arriving) {
            return Choice::Wait;
        }
        let ready: Vec<usize> =
            (0..self.actors.len()).filter(|&i| matches!(self.actors[i].status, Status::Parked(_))).collect();
        if ready.is_empty() && self.someone_may_arrive() {
            return Choice::Wait;
        }
        let (moves, costs) = self.moves(&ready);
        let Some(default) = self.default_move(&moves, &costs) else {
            return self.deadlock().map_or(Choice::Wait, |message| Choice::Fail(None, message));
        };
        let pick = match &mut self.policy {
            Policy::Explore(guide) => {
                let depth = self.run_log.as_ref().map_or(0, |log| lock_log(log).nodes.len());
                let pick = match guide.forced(depth) {
                    None => default,
                    Some(want) => match moves.iter().position(|&m| m == want) {
                        Some(i) => i,
                        None => {
                            let message = format!(
                                "the run did not repeat itself: at choice {} the exploration \
                                 replayed {want:?}, which is not possible now ({moves:?}). \
                                 The code depends on something the schedule cannot see: the \
                                 time, randomness, or a lock or channel that is not \
                                 workbook::sync's",
                                depth + 1
                            );
                            return Choice::Fail(None, message);
                        }
                    },
                };
                let why = (costs[pick] > 0).then(|| self.tell(moves[pick]));
                if let Some(log) = &self.run_log {
                    lock_log(log).nodes.push(Node { moves: moves.clone(), costs, chosen: pick, why });
                }
                pick
            }
            Policy::Pct(pct) => {
                let free: Vec<usize> = (0..moves.len()).filter(|&i| costs[i] == 0).collect();
                let pick = pct.pick(&moves, &free, self.last);
                if let Some(log) = &self.run_log {
                    lock_log(log).steps += 1;
                }
                pick
            }
            _ => unreachable!("only exploring policies come here"),
        };
        let id = match moves[pick] {
            Move::Run(id) => id,
            Move::TimeOut(id) => {
                self.time_out(id);
                id
            }
            Move::Spurious(id) => {
                self.wake_spuriously(id);
                id
            }
        };
        Choice::Grant(id)
    }

    /// A move that costs something, in words, for the failure report.
    fn tell(&self, m: Move) -> String {
        let step = self.events.len();
        let name = |id: usize| self.actors[id].name.as_str();
        match m {
            Move::Run(r) => match self.last.map(|l| (l, &self.actors[l].status)) {
                Some((l, Status::Parked(label))) => {
                    format!(
                        "{} is paused before \"{label}\" (after step {step}) and {} runs",
                        name(l),
                        name(r)
                    )
                }
                _ => format!("{} runs (after step {step})", name(r)),
            },
            Move::TimeOut(w) => format!("{}'s timed wait runs out early (after step {step})", name(w)),
            Move::Spurious(w) => format!("{} wakes up with nobody notifying it (after step {step})", name(w)),
        }
    }

    /// After every actor is done: a script must have been used up.
    pub(crate) fn check_complete(&mut self) {
        if self.error.is_some() {
            return;
        }
        if let Policy::Script { steps, next, .. } = &self.policy
            && *next < steps.len()
        {
            let (n, len) = (*next + 1, steps.len());
            let message = format!(
                "every thread finished, but the script still had step {n} of {len} (\"{}\"){}",
                steps[*next],
                if len - n > 0 { format!(" and {} more", len - n) } else { String::new() }
            );
            self.fail(Some(n), message);
        }
    }
}

fn lock_log(log: &Mutex<RunLog>) -> MutexGuard<'_, RunLog> {
    log.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How many laps of one loop, each seeing exactly what the last one saw,
/// make a thread *spinning*: it is waiting for a change by checking again
/// and again instead of sleeping until woken.
pub const SPIN_TURNS: usize = 32;

/// The longest loop, in points, that spin detection recognises.
const SPIN_LAP: usize = 12;

/// What one actor saw at its last few points, as fingerprints, and for
/// each loop length how many points in a row repeated the one that many
/// points before.
#[derive(Default)]
struct Seen {
    recent: VecDeque<u64>,
    repeats: [usize; SPIN_LAP + 1],
}

impl Seen {
    /// Notes one point; true when the last [`SPIN_TURNS`] laps of some loop
    /// were all the same.
    fn saw(&mut self, label: &str, value: &Value) -> bool {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        label.hash(&mut h);
        value.to_string().hash(&mut h);
        let print = h.finish();
        for lap in 1..=SPIN_LAP {
            let same = self.recent.len() >= lap && self.recent[self.recent.len() - lap] == print;
            self.repeats[lap] = if same { self.repeats[lap] + 1 } else { 0 };
        }
        self.recent.push_back(print);
        if self.recent.len() > SPIN_LAP {
            self.recent.pop_front();
        }
        self.lap() > 0
    }

    /// The shortest loop that has repeated [`SPIN_TURNS`] times (0: none).
    fn lap(&self) -> usize {
        (1..=SPIN_LAP).find(|&lap| self.repeats[lap] >= lap * (SPIN_TURNS - 1)).unwrap_or(0)
    }
}

/// The state behind one [`Schedule`](super::Schedule), shared with its actors.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// True unless the policy is free: points wait for the turn.
    pub(crate) controlled: bool,
    /// True when events are recorded (always, when controlled).
    pub(crate) recording: bool,
    pub(crate) deadline: Duration,
    /// Once the run has failed, every actor unwinds at its next point
    /// instead of running on free (checks: a failed run ends at once).
    pub(crate) abandon: bool,
    /// Parked actors look every so often at what the running thread is
    /// doing, to name a block the schedule cannot see without waiting for
    /// the deadline.
    pub(crate) watch: bool,
}

impl Shared {
    pub(crate) fn new(policy: Policy, recording: bool, deadline: Duration) -> Self {
        let controlled = !matches!(policy, Policy::Free);
        Shared {
            state: Mutex::new(State::new(policy)),
            controlled,
            recording: recording || controlled,
            deadline,
            abandon: false,
            watch: false,
        }
    }

    /// Makes the schedule a check's: a thread that spins fails the run, a
    /// block the schedule cannot see is named within a second, and once
    /// the run fails every actor unwinds at its next point.
    pub(crate) fn strict(&mut self) {
        self.abandon = true;
        self.watch = true;
        self.state.get_mut().unwrap_or_else(PoisonError::into_inner).spin_watch = true;
    }

    /// The state, even if a panicking actor poisoned the lock: the
    /// scheduler must keep working so the other actors can finish.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `id` holds the turn, the run has failed, or the deadline
    /// passes without progress (which fails the run).
    pub(crate) fn wait_turn<'a>(&'a self, mut st: MutexGuard<'a, State>, id: usize) -> MutexGuard<'a, State> {
        let wake = st.wake_of(id);
        while st.error.is_none() && st.turn != Some(id) {
            let left = self.deadline.saturating_sub(st.since_progress());
            if left.is_zero() {
                st.fail_stuck(self.deadline);
                break;
            }
            if self.watch && st.since_progress() >= watch::LOOK_AFTER {
                st.look_for_invisible_blocking();
                if st.error.is_some() {
                    break;
                }
            }
            let nap = if self.watch { left.min(watch::LOOK_EVERY) } else { left };
            st = wake.wait_timeout(st, nap).unwrap_or_else(PoisonError::into_inner).0;
        }
        st
    }

    /// Waits until every actor is done (or nothing moves for the deadline).
    pub(crate) fn wait_all_done(&self) -> MutexGuard<'_, State> {
        let mut st = self.lock();
        let finished = st.finished_cv();
        while !st.all_done() {
            let left = self.deadline.saturating_sub(st.since_progress());
            if left.is_zero() {
                if st.error.is_some() {
                    break;
                }
                st.fail_stuck(self.deadline);
                continue;
            }
            st = finished.wait_timeout(st, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        st.check_complete();
        st
    }
}
