//! Exploring schedules systematically instead of sampling them.
//!
//! A seeded random schedule finds a bug that needs one thread to stop at
//! one exact point only if its dice happen to stop it there. An
//! [`Explorer`] does not roll dice. At every moment the scheduler has to
//! choose (who runs next, whether a timed wait runs out, whether a waiter
//! wakes with nobody notifying it), the choice is a branch, and the
//! explorer walks the branches:
//!
//! - [`Explorer::exhaustive(k)`](Explorer::exhaustive) runs *every*
//!   schedule with at most `k` **preemptions**: moments where a thread that
//!   could go on is stopped so that another runs. Stopping a thread that
//!   blocks or finishes costs nothing, so every order of threads taking
//!   turns at their blocking points is tried too. This is *iterative
//!   context bounding*, from CHESS (Musuvathi and Qadeer, 2007); loom's
//!   `LOOM_MAX_PREEMPTIONS` is the same idea. Most concurrency bugs need
//!   one or two preemptions, and the number of schedules grows with the
//!   number of points to the power `k`, not exponentially. A spurious
//!   wake-up, and a timed wait that runs out while other threads could
//!   still run, each cost one as well: they are branches like any other.
//!   Between choices the thread that ran last runs on, so a thread that
//!   spins waiting for another runs on until the schedule reports it.
//! - [`Explorer::pct(d, runs, seed)`](Explorer::pct) is *probabilistic
//!   concurrency testing* (Burckhardt, Kothari, Musuvathi and Nagarakatte,
//!   2010; shuttle's `check_pct`): each thread gets a random priority, the
//!   highest ready one runs, and at `d - 1` random steps the running thread
//!   drops below all others. A bug that needs `d` particular orderings is
//!   found in each run with probability at least `1 / (n k^(d-1))`, for `n`
//!   threads and `k` steps. It is for cases too big to explore whole.
//!
//! The exhaustive explorer runs every schedule without a preemption first,
//! then every one with exactly one, and so on, each exactly once (CHESS's
//! iterative context bounding). The first schedule that fails is therefore
//! as simple as a failure can be, and the search can stop there: a failed
//! run may have left an answer's `static` state broken, and nothing run
//! after it could be trusted.

use std::sync::{Arc, Mutex, PoisonError};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::core::{Policy, ScheduleError, Shared};
use super::{DEFAULT_DEADLINE, Schedule};

/// One thing the scheduler can make happen next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    /// The actor with this id runs until its next point.
    Run(usize),
    /// This actor's timed wait runs out.
    TimeOut(usize),
    /// This actor wakes from its wait although nobody notified it.
    Spurious(usize),
}

/// One choice the scheduler made during an explored run.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// What could have happened.
    pub moves: Vec<Move>,
    /// What each would cost: 1 for a preemption, an early time-out or a
    /// spurious wake-up; 0 otherwise.
    pub costs: Vec<u8>,
    /// The index of the move made.
    pub chosen: usize,
    /// When the move made costs something, what it did, in words.
    pub why: Option<String>,
}

/// What an explored run tells its explorer: every choice, and how the run
/// failed if it did (known before the run's threads have all stopped).
#[derive(Default)]
pub(crate) struct RunLog {
    pub nodes: Vec<Node>,
    pub error: Option<ScheduleError>,
    /// How many times the scheduler chose (PCT's estimate of a run's length).
    pub steps: usize,
}

/// The exploring policy's state inside one run: the moves to replay.
pub(crate) struct Guide {
    prefix: Vec<Move>,
}

impl Guide {
    /// The move the explorer wants at choice `depth`, if it wants one.
    pub(crate) fn forced(&self, depth: usize) -> Option<Move> {
        self.prefix.get(depth).copied()
    }
}

/// PCT's state inside one run.
pub(crate) struct Pct {
    pub seed: u64,
    rng: StdRng,
    depth: usize,
    /// The steps at which the running thread's priority drops.
    change_points: Vec<usize>,
    /// Actor id → priority; higher runs first.
    priorities: Vec<Option<u64>>,
    step: usize,
}

impl Pct {
    fn new(depth: usize, seed: u64, steps: usize) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let change_points = (1..depth).map(|_| rng.random_range(1..=steps.max(1))).collect();
        Pct { seed, rng, depth, change_points, priorities: Vec::new(), step: 0 }
    }

    /// Picks among `moves`: the ready thread with the highest priority, or
    /// when none is ready the first free move (a time-out).
    pub(crate) fn pick(
        &mut self,
        moves: &[super::explore::Move],
        free: &[usize],
        last: Option<usize>,
    ) -> usize {
        self.step += 1;
        if let (Some(at), Some(last)) = (self.change_points.iter().position(|&c| c == self.step), last) {
            // Below every initial priority, and below earlier drops.
            self.set(last, (self.depth - 1 - at) as u64);
        }
        let mut best: Option<(u64, usize)> = None;
        for (i, m) in moves.iter().enumerate() {
            if let Move::Run(id) = *m {
                let p = self.priority(id);
                if best.is_none_or(|(b, _)| p > b) {
                    best = Some((p, i));
                }
            }
        }
        best.map_or(free[0], |(_, i)| i)
    }

    fn priority(&mut self, id: usize) -> u64 {
        if let Some(Some(p)) = self.priorities.get(id) {
            return *p;
        }
        let p = self.rng.random_range(self.depth as u64..u64::MAX);
        self.set(id, p);
        p
    }

    fn set(&mut self, id: usize, p: u64) {
        if self.priorities.len() <= id {
            self.priorities.resize(id + 1, None);
        }
        self.priorities[id] = Some(p);
    }
}

/// One choice point as the exhaustive explorer remembers it.
struct Frame {
    moves: Vec<Move>,
    costs: Vec<u8>,
    chosen: usize,
    /// Which free moves have been tried from here.
    tried: Vec<bool>,
}

/// Iterative context bounding: level by level, every schedule that costs
/// exactly `level`. A *seed* is a prefix of moves whose last move is the
/// level's last costly one; from each seed, a depth-first search over the
/// free moves runs every schedule that extends it without further cost,
/// and every costly move it passes for the first time becomes a seed of
/// the next level. Each schedule runs exactly once.
struct Icb {
    bound: usize,
    level: usize,
    seeds: std::collections::VecDeque<Vec<Move>>,
    next_seeds: Vec<Vec<Move>>,
    /// The current seed's search: its forced moves, then the frames.
    stack: Vec<Frame>,
    seed_len: usize,
    /// Frames deeper than this are new to the current run: the search had
    /// not passed them before.
    branch: Option<usize>,
    /// True while a seed's search has runs left.
    searching: bool,
}

impl Icb {
    fn new(bound: usize) -> Self {
        Icb {
            bound,
            level: 0,
            seeds: std::collections::VecDeque::from([Vec::new()]),
            next_seeds: Vec::new(),
            stack: Vec::new(),
            seed_len: 0,
            branch: None,
            searching: false,
        }
    }

    /// The moves of the next schedule, or `None` when every level is done.
    fn next(&mut self) -> Option<Vec<Move>> {
        if self.searching {
            // Backtrack to the deepest free move not yet tried, past the seed.
            while self.stack.len() > self.seed_len {
                let depth = self.stack.len() - 1;
                let top = self.stack.last_mut().expect("checked above");
                let free = (0..top.moves.len()).find(|&j| !top.tried[j] && top.costs[j] == 0);
                if let Some(j) = free {
                    top.tried[j] = true;
                    top.chosen = j;
                    self.branch = Some(depth);
                    return Some(self.stack.iter().map(|f| f.moves[f.chosen]).collect());
                }
                self.stack.pop();
            }
            self.searching = false;
        }
        loop {
            if let Some(seed) = self.seeds.pop_front() {
                self.stack.clear();
                self.seed_len = seed.len();
                self.branch = None;
                self.searching = true;
                return Some(seed);
            }
            if self.level >= self.bound || self.next_seeds.is_empty() {
                return None;
            }
            self.level += 1;
            self.seeds = std::mem::take(&mut self.next_seeds).into();
        }
    }

    /// Takes in the choices of the run just made.
    fn ran(&mut self, nodes: Vec<Node>) {
        // Choices at or above the branch point were replayed: the stack
        // has them. The rest are new.
        let known = self.branch.map_or(0, |b| b + 1);
        self.stack.truncate(known);
        for (depth, node) in nodes.into_iter().enumerate().skip(known) {
            let mut tried = vec![false; node.moves.len()];
            tried[node.chosen] = true;
            let first_visit = depth >= self.seed_len;
            if first_visit && self.level < self.bound {
                let prefix: Vec<Move> = self.stack.iter().map(|f| f.moves[f.chosen]).collect();
                for (j, &m) in node.moves.iter().enumerate() {
                    if node.costs[j] > 0 {
                        let mut seed = prefix.clone();
                        seed.push(m);
                        self.next_seeds.push(seed);
                    }
                }
            }
            if !first_visit {
                // Part of the seed: nothing else is tried here.
                tried.iter_mut().for_each(|t| *t = true);
            }
            self.stack.push(Frame { moves: node.moves, costs: node.costs, chosen: node.chosen, tried });
        }
    }
}

enum Strategy {
    Exhaustive(Box<Icb>),
    /// `steps`: the most choices a run has needed so far (0 before the
    /// first run).
    Pct {
        depth: usize,
        runs: usize,
        seed: u64,
        steps: usize,
    },
}

/// PCT's guess at how many choices a run makes, before any has run.
const FIRST_GUESS: usize = 16;

/// What one explored run was, for a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explored {
    /// Which run of the exploration it was, from 1.
    pub index: usize,
    /// What it cost: preemptions, early time-outs and spurious wake-ups.
    pub preemptions: usize,
    /// Each of those, in words, in order: `A is paused before "writes"
    /// (after step 1) and B runs`.
    pub story: Vec<String>,
}

impl Explored {
    /// The run in one phrase: `schedule 3 (no preemption)`, `schedule 12
    /// (1 preemption: A is paused before "writes" (after step 1) and B
    /// runs)`.
    pub fn describe(&self) -> String {
        match self.preemptions {
            0 => format!("schedule {} (no preemption)", self.index),
            n => format!(
                "schedule {} ({n} preemption{}: {})",
                self.index,
                if n == 1 { "" } else { "s" },
                self.story.join("; then ")
            ),
        }
    }
}

/// Hands out schedules one after another, each steered by what the runs
/// before it found, until every schedule within its bound has run (or its
/// run budget is spent).
///
/// ```
/// use workbook::sched::{self, Explorer};
///
/// let mut explorer = Explorer::exhaustive(1);
/// let mut orders = Vec::new();
/// while let Some(schedule) = explorer.next_schedule() {
///     let order = std::sync::Mutex::new(String::new());
///     schedule.run_threads(2, |i| {
///         for _ in 0..2 {
///             sched::step("works");
///             order.lock().unwrap().push(if i == 0 { 'a' } else { 'b' });
///         }
///     });
///     schedule.finish().unwrap();
///     explorer.ran();
///     orders.push(order.into_inner().unwrap());
/// }
/// // No preemption first, then one; "abab" and "baba" need two.
/// assert_eq!(orders, ["aabb", "bbaa", "abba", "baab"]);
/// ```
pub struct Explorer {
    strategy: Strategy,
    runs: usize,
    cap: usize,
    log: Arc<Mutex<RunLog>>,
}

/// How many runs an exploration makes at most unless told otherwise.
pub const DEFAULT_CAP: usize = 100_000;

impl Explorer {
    /// Every schedule with at most `max_preemptions` preemptions (early
    /// time-outs and spurious wake-ups included).
    pub fn exhaustive(max_preemptions: usize) -> Self {
        Self::with(Strategy::Exhaustive(Box::new(Icb::new(max_preemptions))))
    }

    /// `runs` PCT schedules of depth `depth` (at least 1), the `i`-th seeded
    /// with `seed + i`.
    pub fn pct(depth: usize, runs: usize, seed: u64) -> Self {
        Self::with(Strategy::Pct { depth: depth.max(1), runs, seed, steps: 0 })
    }

    fn with(strategy: Strategy) -> Self {
        Explorer { strategy, runs: 0, cap: DEFAULT_CAP, log: Arc::default() }
    }

    /// Stops after `cap` runs, whatever is left.
    pub fn with_cap(mut self, cap: usize) -> Self {
        self.cap = cap;
        self
    }

    /// How many runs have been handed out.
    pub fn explored(&self) -> usize {
        self.runs
    }

    /// True when the exploration stopped at its cap.
    pub fn capped(&self) -> bool {
        self.runs >= self.cap
    }

    /// The next schedule to run, or `None` when the exploration is over.
    /// Run it, then call [`ran`](Self::ran) before asking for the next.
    ///
    /// The schedule is *strict*: a thread that spins is reported, a block
    /// the schedule cannot see is named, and a failed run ends at once,
    /// every thread unwinding at its next point.
    pub fn next_schedule(&mut self) -> Option<Schedule> {
        if self.runs >= self.cap {
            return None;
        }
        let policy = match &mut self.strategy {
            Strategy::Exhaustive(icb) => Policy::Explore(Guide { prefix: icb.next()? }),
            Strategy::Pct { depth, runs, seed, steps } => {
                if self.runs >= *runs {
                    return None;
                }
                let steps = if *steps == 0 { FIRST_GUESS } else { *steps };
                Policy::Pct(Box::new(Pct::new(*depth, seed.wrapping_add(self.runs as u64), steps)))
            }
        };
        self.runs += 1;
        self.log = Arc::default();
        let mut shared = Shared::new(policy, false, DEFAULT_DEADLINE);
        shared.strict();
        shared.lock().run_log = Some(Arc::clone(&self.log));
        Some(Schedule { shared: Arc::new(shared) })
    }

    /// How the current run has failed, if it has: known as soon as the
    /// schedule fails, before its threads have all stopped.
    pub fn failure(&self) -> Option<ScheduleError> {
        self.lock().error.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RunLog> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes in what the run handed out last did, and returns what it was.
    /// Runs come level by level (no preemption first, then one, …), so the
    /// first run that fails is as simple as a failure can be: stop there.
    pub fn ran(&mut self) -> Explored {
        let log = std::mem::take(&mut *self.lock());
        let preemptions: usize = log.nodes.iter().map(|n| usize::from(n.costs[n.chosen])).sum();
        let story = log.nodes.iter().filter_map(|n| n.why.clone()).collect();
        match &mut self.strategy {
            Strategy::Exhaustive(icb) => icb.ran(log.nodes),
            Strategy::Pct { steps, .. } => *steps = (*steps).max(log.steps),
        }
        Explored { index: self.runs, preemptions, story }
    }
}
