//! Lesson 07, producer-consumer: a queue between threads. Ports Q1 and Q2.
//!
//! The Python original starts three consumers that `get` an item, work on
//! it and call `task_done`, and three producers that `put` items and
//! `join` the queue (wait until every item put has been handled). Here the
//! queue is our [`JoinableQueue`], the producers put a batch each and then
//! join, the consumers stop when the last producer closes the queue, and
//! the outcome says who handled which item, how many items the queue held
//! at its fullest, and what went wrong.
//!
//! - [`Version::CheckThenTake`]: the consumers look before they take:
//!   `is_empty()`, then `try_get()`, two lock scopes (Python: `if not
//!   q.empty(): q.get_nowait()`). Two consumers can both see the last item;
//!   one takes it and the other finds nothing. A script forces it.
//! - [`Version::Unbounded`]: a queue with no limit and consumers slower
//!   than the producers. Nothing holds the producers back, so the queue
//!   grows to every item they have: memory a real program runs out of.
//! - [`Version::Bounded`]: the seed program done right: a bounded queue
//!   (a producer waits while it is full) and consumers that take with
//!   `get`, one lock scope that waits for an item. No misses, and the queue
//!   never holds more than its capacity, under every schedule.
//!
//! [`orders`] is Q2: the same items through FIFO, LIFO and priority queues.

use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::sched::{self, Schedule, ScheduleError};
use crate::sync::{JoinableQueue, LifoQueue, PriorityQueue};
use crate::trace::{Trace, Value};

/// How long a consumer works on an item in free runs (Python: a second).
pub const WORK: Duration = Duration::from_millis(1);

/// An item: which producer made it (from 1) and its number in that
/// producer's batch (from 1). Shown as `2.3`: producer 2's third item.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Item {
    /// The producer, from 1.
    pub producer: usize,
    /// Its number in the producer's batch, from 1.
    pub n: usize,
}

impl fmt::Debug for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.producer, self.n)
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The queue every version uses (traced: its lock shows what it holds).
pub type Queue = JoinableQueue<Item>;

/// Who handled what, in the order it happened: (consumer from 1, item).
type Handled = StdMutex<Vec<(usize, Item)>>;

/// A consumer's work on one item: the slow part (a `sleeps` point under a
/// schedule), then a note of who handled it.
fn handle(consumer: usize, item: Item, handled: &Handled) {
    sched::sleep(WORK);
    handled.lock().expect("no panics while pushing").push((consumer, item));
}

// ANCHOR: producer
/// A producer: puts its batch, then waits until every item put so far has
/// been handled. Returns how many of its own items were *not* handled when
/// `join` returned (none, if task_done is called after the work).
fn produce(q: &Queue, producer: usize, items: usize, handled: &Handled) -> usize {
    for n in 1..=items {
        q.put(Item { producer, n }).expect("open until the last producer closes it");
    }
    q.join(); // Python: q.join()
    let handled = handled.lock().expect("no panics while pushing");
    let mine: HashSet<usize> =
        handled.iter().filter(|(_, i)| i.producer == producer).map(|(_, i)| i.n).collect();
    (1..=items).filter(|n| !mine.contains(n)).count()
}
// ANCHOR_END: producer

// ANCHOR: consumer
/// A consumer: takes items until the queue is closed and empty, and marks
/// each done once it has been handled, not before.
fn consume(q: &Queue, consumer: usize, handled: &Handled) {
    while let Some(item) = q.get() {
        // get: waits for an item and takes it, in one lock scope
        handle(consumer, item, handled);
        q.task_done().expect("one task_done per item taken");
    }
}
// ANCHOR_END: consumer

// ANCHOR: check-then-take
/// A consumer that looks before it takes (Python: `if not q.empty():
/// item = q.get_nowait()`). Returns how many times it found nothing.
fn consume_checking(q: &Queue, consumer: usize, handled: &Handled) -> usize {
    let mut missed = 0;
    while !q.is_closed() || !q.is_empty() {
        if !q.is_empty() {
            // look: one lock scope, released here...
            match q.try_get() {
                // ...take: another. Someone may have been in between.
                Ok(item) => {
                    handle(consumer, item, handled);
                    q.task_done().expect("one task_done per item taken");
                }
                Err(_) => {
                    missed += 1; // Python: queue.Empty
                    sched::step("misses");
                }
            }
        }
    }
    missed
}
// ANCHOR_END: check-then-take

/// The three versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// Consumers look with `is_empty`, then take with `try_get`.
    CheckThenTake,
    /// No limit on the queue, and slow consumers.
    Unbounded,
    /// A bounded queue, consumers that take with `get`.
    Bounded,
}

impl Version {
    /// The versions that go wrong.
    pub const WRONG: [Version; 2] = [Version::CheckThenTake, Version::Unbounded];

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::CheckThenTake => "wrong: consumers look (is_empty), then take (try_get)",
            Version::Unbounded => "wrong: an unbounded queue, consumers slower than producers",
            Version::Bounded => "fixed: a bounded queue, consumers take with get (Q1 done right)",
        }
    }
}

/// The cast and the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// Producer threads, `P1`, `P2`, ….
    pub producers: usize,
    /// Consumer threads, `C1`, `C2`, ….
    pub consumers: usize,
    /// Items each producer puts.
    pub items: usize,
    /// The bounded queue's capacity (all but [`Version::Unbounded`]).
    pub capacity: usize,
}

impl Setup {
    /// The seed program's: 3 producers and 3 consumers, 3 items each, a
    /// queue of 2.
    pub fn new() -> Self {
        Setup { producers: 3, consumers: 3, items: 3, capacity: 2 }
    }

    /// Items put in one run.
    pub fn total(&self) -> usize {
        self.producers * self.items
    }
}

impl Default for Setup {
    fn default() -> Self {
        Setup::new()
    }
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Which version ran.
    pub version: Version,
    /// With what.
    pub setup: Setup,
    /// Who handled which item, in order: (consumer from 1, item).
    pub handled: Vec<(usize, Item)>,
    /// Times a consumer saw an item and then found the queue empty.
    pub missed: usize,
    /// The most items the queue held at once.
    pub peak: usize,
    /// Items whose producer's `join` returned before they were handled.
    pub early: usize,
    /// What each thread did.
    pub trace: Trace,
}

impl Outcome {
    /// How many different items were handled.
    fn distinct(&self) -> usize {
        self.handled.iter().map(|&(_, i)| i).collect::<HashSet<Item>>().len()
    }

    /// Items put but never handled.
    pub fn lost(&self) -> usize {
        self.setup.total() - self.distinct()
    }

    /// Handlings beyond the first of the same item.
    pub fn duplicated(&self) -> usize {
        self.handled.len() - self.distinct()
    }

    /// The items consumer `consumer` (from 1) handled, in order.
    pub fn by(&self, consumer: usize) -> Vec<Item> {
        self.handled.iter().filter(|&&(c, _)| c == consumer).map(|&(_, i)| i).collect()
    }
}

/// The producer thread names: `P1`, `P2`, ….
pub fn producer_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("P{i}")).collect()
}

/// The consumer thread names: `C1`, `C2`, ….
pub fn consumer_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("C{i}")).collect()
}

/// One run of `version` under `schedule`: the producers put their batches
/// and join; the last producer to finish closes the queue; the consumers
/// take until it is closed and empty.
///
/// # Errors
///
/// When the schedule cannot be followed (see [`Schedule::finish`]).
pub fn run(version: Version, setup: Setup, schedule: Schedule) -> Result<Outcome, ScheduleError> {
    let q = match version {
        Version::Unbounded => Queue::unbounded(),
        _ => Queue::bounded(setup.capacity),
    }
    .traced();
    let handled = Handled::default();
    let (missed, early, left) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(setup.producers));
    // Every actor joins before any thread starts, so that round-robin and
    // random schedules know the whole cast from the first step.
    let producers: Vec<_> = producer_names(setup.producers).into_iter().map(|n| schedule.actor(n)).collect();
    let consumers: Vec<_> = consumer_names(setup.consumers).into_iter().map(|n| schedule.actor(n)).collect();
    thread::scope(|s| {
        let (q, handled, missed, early, left) = (&q, &handled, &missed, &early, &left);
        for (i, actor) in producers.into_iter().enumerate() {
            s.spawn(move || {
                actor.run(|| {
                    early.fetch_add(produce(q, i + 1, setup.items, handled), Ordering::SeqCst);
                    if left.fetch_sub(1, Ordering::SeqCst) == 1 {
                        q.close(); // the last producer out: consumers drain and stop
                    }
                });
            });
        }
        for (i, actor) in consumers.into_iter().enumerate() {
            s.spawn(move || {
                actor.run(|| match version {
                    Version::CheckThenTake => {
                        missed.fetch_add(consume_checking(q, i + 1, handled), Ordering::SeqCst);
                    }
                    _ => consume(q, i + 1, handled),
                });
            });
        }
    });
    let mut trace = schedule.finish()?;
    let peak = q.peak();
    mark(&mut trace, peak);
    Ok(Outcome {
        version,
        setup,
        handled: handled.into_inner().expect("no panics while pushing"),
        missed: missed.into_inner(),
        peak,
        early: early.into_inner(),
        trace,
    })
}

/// The mark on a consumer's miss.
pub const MISSED: &str = "saw an item, then found none";

/// The mark on the first step that leaves the queue at its peak.
pub const PEAK: &str = "the most it held";

/// The mark on the first producer that sleeps because the queue is full.
pub const FULL: &str = "full: the producer sleeps until there is room";

/// How many items a traced queue's lock shows: 2 for `[1.1 2.1] 3 undone`.
fn queued(value: &Value) -> Option<usize> {
    let Value::Text(text) = value else { return None };
    let inside = text.strip_prefix('[')?.split(']').next()?;
    Some(inside.split_whitespace().count())
}

/// Marks every miss, the first unlock that leaves the queue holding
/// `peak` items, and the first producer that waits on a condition variable
/// (only `put` does: the queue is full).
fn mark(trace: &mut Trace, peak: usize) {
    let (mut peaked, mut full) = (false, false);
    for i in 0..trace.events.len() {
        let producer = trace.thread_of(&trace.events[i]).starts_with('P');
        let e = &mut trace.events[i];
        if e.label == "misses" {
            e.mark = Some(MISSED.into());
        } else if !peaked && e.label == "unlocks" && queued(&e.value) == Some(peak) {
            e.mark = Some(PEAK.into());
            peaked = true;
        } else if !full && producer && e.label == "waits" && e.value == Value::None {
            e.mark = Some(FULL.into());
            full = true;
        }
    }
}

/// The part of a run's timeline worth reading: up to the scripted misses
/// (or the first miss), else up to the moment the queue is at its peak.
/// The rest is counted, not drawn.
pub fn shown(outcome: &Outcome) -> Trace {
    let mut trace = outcome.trace.clone();
    let at = |label: &str| trace.events.iter().position(|e| e.label == label && e.mark.is_some());
    let scripted = miss_script(outcome.setup.consumers).len();
    let keep = match outcome.version {
        Version::CheckThenTake => at("misses").map(|i| (i + 1).max(scripted.min(trace.events.len()))),
        Version::Unbounded => at("unlocks").map(|i| i + 1),
        Version::Bounded => at("unlocks").max(at("waits")).map(|i| i + 1),
    };
    if let Some(keep) = keep {
        trace.cut(keep);
    }
    trace
}

/// The script that makes consumers miss: producer P1 puts its first item;
/// every consumer checks that the queue is open (`is_closed`) and not
/// empty (`is_empty`); then C1 takes the item, and every other consumer
/// tries to and finds nothing. Needs two consumers or more; round-robin
/// finishes the run ([`Schedule::then_round_robin`]).
pub fn miss_script(consumers: usize) -> Vec<String> {
    let put = ["locks", "notifies", "unlocks"].map(|s| format!("P1 {s}"));
    let names = consumer_names(consumers);
    let looks =
        names.iter().flat_map(|c| ["locks", "unlocks", "locks", "unlocks"].map(|s| format!("{c} {s}")));
    let take = ["locks", "notifies", "unlocks"].map(|s| format!("C1 {s}"));
    let misses = names[1..].iter().flat_map(|c| ["locks", "unlocks", "misses"].map(|s| format!("{c} {s}")));
    put.into_iter().chain(looks).chain(take).chain(misses).collect()
}

/// The worst case for `version`: for [`Version::CheckThenTake`] the
/// [`miss_script`] (with two consumers or more); for the others
/// round-robin with sleepers last, so that consumers at work let the
/// producers put all they can.
pub fn worst(version: Version, setup: Setup) -> Schedule {
    match version {
        Version::CheckThenTake if setup.consumers > 1 => {
            Schedule::script(miss_script(setup.consumers)).then_round_robin()
        }
        _ => Schedule::round_robin().sleepers_last(),
    }
}

/// Many runs of one version, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Misses, over all runs.
    pub missed: usize,
    /// Runs with at least one miss.
    pub runs_missing: usize,
    /// The lowest and highest peak queue length of a run.
    pub min_peak: usize,
    /// See `min_peak`.
    pub max_peak: usize,
    /// Items lost or handled twice, and joins that returned early, over
    /// all runs: never, in every version.
    pub broken: usize,
}

impl Tally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &Outcome) {
        self.min_peak = if self.runs == 0 { outcome.peak } else { self.min_peak.min(outcome.peak) };
        self.runs += 1;
        self.missed += outcome.missed;
        self.runs_missing += usize::from(outcome.missed > 0);
        self.max_peak = self.max_peak.max(outcome.peak);
        self.broken += outcome.lost() + outcome.duplicated() + outcome.early;
    }

    /// `4 misses in 10/10 runs; peak 2` and the like.
    pub fn summary(&self, version: Version, setup: Setup) -> String {
        let limit = match version {
            Version::Unbounded => format!("of {} items, no limit", setup.total()),
            _ => format!("capacity {}", setup.capacity),
        };
        let peak = if self.min_peak == self.max_peak {
            format!("peak {} ({limit})", self.max_peak)
        } else {
            format!("peak {}–{} ({limit})", self.min_peak, self.max_peak)
        };
        let mut text = match version {
            Version::CheckThenTake => {
                format!("{} misses, in {}/{} runs; {peak}", self.missed, self.runs_missing, self.runs)
            }
            _ => format!("{peak} over {} runs", self.runs),
        };
        if self.broken > 0 {
            text.push_str(&format!("; {} items lost, twice or joined early", self.broken));
        }
        text
    }
}

/// Runs `version` `runs` times, the `i`th run under `schedule(i)`.
///
/// # Errors
///
/// The first schedule that could not be followed.
pub fn tally(
    version: Version,
    setup: Setup,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<Tally, ScheduleError> {
    super::tally_runs(runs, schedule, |s| run(version, setup, s), Tally::add)
}

// ANCHOR: orders
/// Q2: the same items put into a FIFO, a LIFO and a priority queue, and
/// the order each hands them out in.
pub fn orders<T: Ord + Clone>(items: &[T]) -> [(&'static str, Vec<T>); 3] {
    let fifo = JoinableQueue::unbounded();
    let lifo = LifoQueue::unbounded();
    let priority = PriorityQueue::unbounded();
    for item in items {
        fifo.put(item.clone()).expect("open");
        lifo.put(item.clone()).expect("open");
        priority.put(item.clone()).expect("open");
    }
    let drain = |next: &dyn Fn() -> Option<T>| std::iter::from_fn(next).collect();
    [
        ("JoinableQueue (first in, first out)", drain(&|| fifo.try_get().ok())),
        ("LifoQueue (last in, first out)", drain(&|| lifo.try_get().ok())),
        ("PriorityQueue (smallest first)", drain(&|| priority.try_get().ok())),
    ]
}
// ANCHOR_END: orders

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_script_looks_twice_then_takes_once() {
        let steps = miss_script(2);
        assert_eq!(steps[..3], ["P1 locks", "P1 notifies", "P1 unlocks"]);
        assert_eq!(steps.len(), 3 + 2 * 4 + 3 + 3);
        assert_eq!(steps[steps.len() - 3..], ["C2 locks", "C2 unlocks", "C2 misses"]);
    }

    #[test]
    fn items_read_as_producer_dot_number() {
        assert_eq!(format!("{:?}", Item { producer: 2, n: 3 }), "2.3");
    }
}
