//! Lesson 01 exercises. Edit the functions below, delete their `todo!()`,
//! then run `just check threads` (or `cargo test`). Stuck? `just hint threads`.

use std::thread;

// ANCHOR: run-all
/// Runs every job on its own thread, all at the same time, and returns the
/// results in the order of `jobs`. Job `i` runs on a thread named `job-<i>`.
pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
    let mut results = Vec::new();
    for job in jobs {
        // TODO: this waits for each thread before starting the next, so the
        // jobs run one after another. Start them all, then join them all, and
        // name each thread `job-<i>` (std::thread::Builder).
        let handle = thread::spawn(job);
        results.push(handle.join().expect("the job does not panic"));
    }
    todo!("threads/run-all: start every thread, then join them all")
}
// ANCHOR_END: run-all

// ANCHOR: parallel-sum
/// Sums `data` using up to `workers` threads: split it into at most
/// `workers` non-empty, contiguous chunks, sum each chunk with `sum_chunk`
/// on a thread of its own, all at the same time, and add up the results.
pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
    // TODO: threads spawned with thread::spawn cannot borrow `data`; threads
    // spawned inside std::thread::scope can.
    todo!("threads/parallel-sum: one scoped thread per chunk")
}
// ANCHOR_END: parallel-sum
