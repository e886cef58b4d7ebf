//! Checks for lesson 01's exercises. Threads here are the answer's own, so
//! the checks use rendezvous with deadlines instead of a schedule: a job
//! that waits for all the others to start proves they run at once.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::thread::{self, ThreadId};

use super::RENDEZVOUS;
use crate::deadline::wait_until;

/// A job for `run-all`, as the exercise takes it.
pub type Job<T> = Box<dyn FnOnce() -> T + Send>;

/// The signature of `parallel-sum`.
pub type ParallelSum = fn(&[u64], usize, &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64;

/// What one job saw while it ran.
#[derive(Debug)]
pub struct Seen {
    job: usize,
    thread: Option<String>,
    together: bool,
}

/// A rendezvous that gives up for good once anyone has waited too long, so
/// a wrong answer costs one deadline, not one per job.
#[derive(Default)]
struct Rendezvous {
    broken: AtomicBool,
}

impl Rendezvous {
    fn wait(&self, ready: impl FnMut() -> bool) -> bool {
        if self.broken.load(SeqCst) {
            return false;
        }
        let met = wait_until(RENDEZVOUS, ready);
        if !met {
            self.broken.store(true, SeqCst);
        }
        met
    }
}

/// `run-all`: no jobs give no results; one job runs on `job-0`; three jobs,
/// one of them slow, all come back in order; four jobs that each wait for
/// all four to have started, and finish in reverse order, must all run at
/// once, on threads named `job-<index>`, and come back in the order given.
///
/// # Errors
///
/// What the answer got wrong.
pub fn run_all(answer: fn(Vec<Job<Seen>>) -> Vec<Seen>) -> Result<(), String> {
    let none = caught(|| answer(Vec::new())).map_err(|e| format!("with no jobs: {e}"))?;
    if !none.is_empty() {
        return Err(format!("no jobs went in and {} results came out", none.len()));
    }
    let job = || Seen { job: 0, thread: thread::current().name().map(str::to_owned), together: true };
    let one = caught(|| answer(vec![Box::new(job)])).map_err(|e| format!("with one job: {e}"))?;
    match &one[..] {
        [s] if s.thread.as_deref() == Some("job-0") => {}
        [s] => return Err(format!("one job ran on a thread named {:?}; name it \"job-0\"", s.thread)),
        other => return Err(format!("one job went in and {} results came out", other.len())),
    }
    let slow: Vec<Job<Seen>> = (0..3)
        .map(|job| {
            Box::new(move || {
                if job == 1 {
                    // A job that takes its time: all results come back, however long.
                    thread::sleep(std::time::Duration::from_millis(300));
                }
                Seen { job, thread: thread::current().name().map(str::to_owned), together: true }
            }) as Job<Seen>
        })
        .collect();
    let order: Vec<usize> = caught(|| answer(slow))?.iter().map(|s| s.job).collect();
    if order != [0, 1, 2] {
        return Err(format!(
            "three jobs, the second taking 300 ms: the results came back as jobs {order:?}; every \
             job's result comes back, in the order of the jobs, however long it takes"
        ));
    }
    const N: usize = 4;
    let started = std::sync::Arc::new(AtomicUsize::new(0));
    let finished = std::sync::Arc::new(Mutex::new(Vec::new()));
    let meet = std::sync::Arc::new(Rendezvous::default());
    let jobs: Vec<Job<Seen>> = (0..N)
        .map(|job| {
            let (started, finished, meet) = (started.clone(), finished.clone(), meet.clone());
            Box::new(move || {
                started.fetch_add(1, SeqCst);
                let together = meet.wait(|| started.load(SeqCst) == N);
                // Job 3 finishes first, job 0 last.
                meet.wait(|| finished.lock().map_or(true, |f| f.len() == N - 1 - job));
                finished.lock().expect("no panics while pushing").push(job);
                Seen { job, thread: thread::current().name().map(str::to_owned), together }
            }) as Job<Seen>
        })
        .collect();
    let seen = caught(|| answer(jobs))?;
    let order: Vec<usize> = seen.iter().map(|s| s.job).collect();
    if order.len() != N {
        return Err(format!("{N} jobs went in and {} results came out", order.len()));
    }
    if seen.iter().any(|s| !s.together) {
        return Err(format!(
            "the jobs did not all run at once: a job waited {RENDEZVOUS:?} for the other {} to \
             start. Did you join each thread right after spawning it?",
            N - 1
        ));
    }
    if order != [0, 1, 2, 3] {
        return Err(format!(
            "the results came back as jobs {order:?}; return them in the order of the jobs, \
             [0, 1, 2, 3], whatever order they finish in (these finished 3, 2, 1, 0)"
        ));
    }
    if let Some(s) = seen.iter().find(|s| s.thread.as_deref() != Some(&format!("job-{}", s.job))) {
        return Err(format!(
            "job {} ran on a thread named {:?}; name each thread \"job-<index>\"",
            s.job, s.thread
        ));
    }
    Ok(())
}

/// `parallel-sum`: sums of several lengths and worker counts. The total must
/// be right; the chunks must be slices of the data (not copies) that cover
/// it once, in order, without empty ones; there must be no more chunks
/// than workers; each chunk must be summed on a thread of its own (not the
/// caller's), and all of them at the same time (each waits until the
/// chunks begun cover the data).
///
/// # Errors
///
/// What the answer got wrong, for which input.
pub fn parallel_sum(answer: ParallelSum) -> Result<(), String> {
    for (len, workers) in [(10, 3), (9, 4), (2, 4), (1, 1), (0, 3), (100, 7)] {
        let data: Vec<u64> = (1..=len as u64).collect();
        let calls: Mutex<Vec<(usize, usize, ThreadId)>> = Mutex::new(Vec::new());
        let covered = AtomicUsize::new(0);
        let meet = Rendezvous::default();
        let apart = AtomicBool::new(false);
        let base = data.as_ptr() as usize;
        let outside = AtomicBool::new(false);
        let sum_chunk = |chunk: &[u64]| -> u64 {
            let start = chunk.as_ptr() as usize;
            if start < base || start + size_of_val(chunk) > base + size_of_val(&data[..]) {
                outside.store(true, SeqCst);
            }
            let offset = start.wrapping_sub(base) / size_of::<u64>();
            calls.lock().expect("no panics").push((offset, chunk.len(), thread::current().id()));
            covered.fetch_add(chunk.len(), SeqCst);
            // Every chunk waits until the chunks begun cover all the data:
            // only if they all run at the same time does that happen.
            if !meet.wait(|| covered.load(SeqCst) >= len) {
                apart.store(true, SeqCst);
            }
            chunk.iter().sum()
        };
        let case = format!("summing {len} numbers with {workers} workers");
        let total = caught(|| answer(&data, workers, &sum_chunk)).map_err(|e| format!("{case}: {e}"))?;
        let expected: u64 = data.iter().sum();
        if total != expected {
            return Err(format!("{case} returned {total}; the sum is {expected}"));
        }
        if outside.load(SeqCst) {
            return Err(format!(
                "{case}: sum_chunk was given a slice that is not part of `data` (a copy?): pass it \
                 slices of `data` itself, which scoped threads may borrow"
            ));
        }
        let mut calls = calls.into_inner().expect("no panics");
        calls.sort_unstable_by_key(|c| c.0);
        if calls.len() > workers {
            return Err(format!("{case} called sum_chunk {} times: more chunks than workers", calls.len()));
        }
        let mut next = 0;
        for &(offset, n, _) in &calls {
            if n == 0 || offset != next {
                return Err(format!(
                    "{case}: the chunks (start, length) were {:?}; they must be non-empty, \
                     in order, and cover every number exactly once",
                    calls.iter().map(|c| (c.0, c.1)).collect::<Vec<_>>()
                ));
            }
            next += n;
        }
        if next != len {
            return Err(format!("{case}: the chunks covered {next} of the {len} numbers"));
        }
        if calls.iter().any(|c| c.2 == thread::current().id()) {
            return Err(format!("{case}: a chunk was summed on the calling thread; spawn a thread for each"));
        }
        if has_repeated_thread(&calls) {
            return Err(format!("{case}: two chunks were summed on the same thread; give each its own"));
        }
        if apart.load(SeqCst) {
            return Err(format!(
                "{case}: the chunks were not all summed at the same time: a chunk waited \
                 {RENDEZVOUS:?} for the others to begin. Spawn every thread before joining any \
                 (thread::scope joins them all at its end)"
            ));
        }
    }
    Ok(())
}

/// Runs `f`, turning a panic into an error that says what it was.
fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let sink = super::PanicSink::default();
    let _collecting = super::collect_panics(&sink);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| format!("it panicked: {}", super::first_panic(&sink).unwrap_or_default()))
}

/// Whether two calls ran on one thread.
fn has_repeated_thread(calls: &[(usize, usize, ThreadId)]) -> bool {
    let mut threads: Vec<ThreadId> = calls.iter().map(|c| c.2).collect();
    let n = threads.len();
    threads.sort_unstable_by_key(|t| format!("{t:?}"));
    threads.dedup();
    threads.len() != n
}
