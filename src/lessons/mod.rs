//! One module per lesson: its racy and correct versions, as functions that
//! return outcomes. Binaries print the outcomes; tests assert on them.
//!
//! [`LESSONS`] is the one list of lessons. A test (`tests/layout.rs`) checks
//! that Cargo.toml, `lessons/`, `tests/`, the book and the README agree
//! with it, so none of them can drift.

pub mod r#async;
pub mod chat;
pub mod coroutines;
pub mod gil;
pub mod io_multiplexing;
pub mod mutex_race;
pub mod process_pool;
pub mod processes;
pub mod producer_consumer;
pub mod reentrant_lock;
pub mod semaphore;
pub mod threads;
pub mod traffic_light;

/// A lesson: what the `workbook` binary lists and `just hint` prints.
#[derive(Debug)]
pub struct Lesson {
    /// Position in the course, from 1.
    pub number: u8,
    /// The name used everywhere: binary, folders, test file, chapter.
    pub slug: &'static str,
    /// One line: what the lesson shows.
    pub summary: &'static str,
    /// The seed programs it ports (ids from the seed catalogue).
    pub ports: &'static [&'static str],
    /// The exercises in `lessons/NN-slug/exercise.rs`, by anchor name.
    pub exercises: &'static [&'static str],
    /// `lessons/NN-slug/hints.md`.
    pub hints: &'static str,
}

impl Lesson {
    /// `lessons/03-mutex-race`.
    pub fn dir(&self) -> String {
        format!("lessons/{:02}-{}", self.number, self.slug)
    }

    /// `mutex_race`: the module, test and bench name.
    pub fn module(&self) -> String {
        self.slug.replace('-', "_")
    }
}

/// Every lesson, in order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        number: 1,
        slug: "threads",
        summary: "spawn and join: main returning early, serial start-join, scoped threads",
        ports: &["T1", "T2", "T3"],
        exercises: &["run-all", "parallel-sum"],
        hints: include_str!("../../lessons/01-threads/hints.md"),
    },
    Lesson {
        number: 2,
        slug: "gil",
        summary: "one global lock around all work: no speed-up; Send/Sync instead",
        ports: &["G1"],
        exercises: &["merge-once", "allow-threads"],
        hints: include_str!("../../lessons/02-gil/hints.md"),
    },
    Lesson {
        number: 3,
        slug: "mutex-race",
        summary: "100 threads do n -= 1: lost updates, forced; Mutex and fetch_sub fix it",
        ports: &["M1", "M2"],
        exercises: &["decrement", "withdraw"],
        hints: include_str!("../../lessons/03-mutex-race/hints.md"),
    },
    Lesson {
        number: 4,
        slug: "reentrant-lock",
        summary: "a lock taken again by its holder: detected deadlock; RLock, or pass the guard",
        ports: &["R1"],
        exercises: &["reentrant", "pass-the-guard"],
        hints: include_str!("../../lessons/04-reentrant-lock/hints.md"),
    },
    Lesson {
        number: 5,
        slug: "semaphore",
        summary: "20 workers, at most 3 inside: no limit, a release too many, a bounded semaphore",
        ports: &["S1"],
        exercises: &["semaphore", "bounded"],
        hints: include_str!("../../lessons/05-semaphore/hints.md"),
    },
    Lesson {
        number: 6,
        slug: "traffic-light",
        summary: "a car acts on a light it saw a moment ago: red crossings; wait, and cross holding it",
        ports: &["E1", "E2"],
        exercises: &["event", "cross-on-green"],
        hints: include_str!("../../lessons/06-traffic-light/hints.md"),
    },
    Lesson {
        number: 7,
        slug: "producer-consumer",
        summary: "a joinable queue: look-then-take misses, unbounded growth; get and a bound fix them",
        ports: &["Q1", "Q2"],
        exercises: &["joinable", "consumer"],
        hints: include_str!("../../lessons/07-producer-consumer/hints.md"),
    },
    Lesson {
        number: 8,
        slug: "processes",
        summary: "ten processes, one manager's counter: get-then-set loses updates; flock; the fork hazard",
        ports: &["P1", "P2", "P3", "P4", "P5"],
        exercises: &["read-frame", "add-one"],
        hints: include_str!("../../lessons/08-processes/hints.md"),
    },
    Lesson {
        number: 9,
        slug: "process-pool",
        summary: "a pool of worker processes: exit without join, callbacks out of order, crashed workers replaced",
        ports: &["P6"],
        exercises: &["in-order", "task-table"],
        hints: include_str!("../../lessons/09-process-pool/hints.md"),
    },
    Lesson {
        number: 10,
        slug: "coroutines",
        summary: "generators as coroutines: a state machine resumed by send, async polled by hand, greenlet switches",
        ports: &["C1", "C2"],
        exercises: &["averager", "ping-pong"],
        hints: include_str!("../../lessons/10-coroutines/hints.md"),
    },
    Lesson {
        number: 11,
        slug: "async",
        summary: "an executor of our own: spawn, sleep, join_all; a blocking call freezes every task; an echo server",
        ports: &["C3", "C4", "C5", "C6"],
        exercises: &["race", "concurrent"],
        hints: include_str!("../../lessons/11-async/hints.md"),
    },
    Lesson {
        number: 12,
        slug: "io-multiplexing",
        summary: "select, poll and epoll serve many sockets on one thread; edge-triggered reads that stall; fd 1024",
        ports: &["D1", "X1", "X2", "X3", "X4", "X5"],
        exercises: &["drain", "flush"],
        hints: include_str!("../../lessons/12-io-multiplexing/hints.md"),
    },
    Lesson {
        number: 13,
        slug: "chat",
        summary: "a chat server on epoll: a client that never reads stalls blocking sends; bounded queues drop it",
        ports: &["H1", "H2"],
        exercises: &["frame", "fan-out"],
        hints: include_str!("../../lessons/13-chat/hints.md"),
    },
];

/// Runs a lesson `runs` times, the `i`th run under `schedule(i)` (a
/// [`Schedule`](crate::sched::Schedule), or a schedule with more of what varies between runs),
/// adding each outcome to a fresh tally with `add`: the loop behind every
/// lesson's `tally`.
///
/// # Errors
///
/// The first schedule that could not be followed.
pub fn tally_runs<S, O, T: Default, E>(
    runs: usize,
    schedule: impl Fn(usize) -> S,
    run: impl Fn(S) -> Result<O, E>,
    add: fn(&mut T, &O),
) -> Result<T, E> {
    let mut tally = T::default();
    for i in 0..runs {
        add(&mut tally, &run(schedule(i))?);
    }
    Ok(tally)
}

/// The lesson with this slug.
pub fn find(slug: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.slug == slug)
}
