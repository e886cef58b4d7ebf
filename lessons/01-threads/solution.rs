//! Lesson 01, reference solutions. Try the exercises first!

use std::thread;

// ANCHOR: run-all
/// Runs every job on its own thread, all at the same time, and returns the
/// results in the order of `jobs`. Job `i` runs on a thread named `job-<i>`.
pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
    let handles: Vec<_> = jobs
        .into_iter()
        .enumerate()
        .map(|(i, job)| {
            thread::Builder::new()
                .name(format!("job-{i}")) // a name shows in panics and debuggers
                .spawn(job)
                .expect("the OS creates a thread")
        })
        .collect(); // every thread is running before we wait for any
    //  ^^^^^^^ collecting first is what makes it concurrent
    handles
        .into_iter()
        .map(|handle| handle.join().expect("the job does not panic")) // in job order
        .collect()
}
// ANCHOR_END: run-all

// ANCHOR: parallel-sum
/// Sums `data` using up to `workers` threads: split it into at most
/// `workers` non-empty, contiguous chunks, sum each chunk with `sum_chunk`
/// on a thread of its own, all at the same time, and add up the results.
pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
    if data.is_empty() {
        return 0;
    }
    let size = data.len().div_ceil(workers.max(1)); // at most `workers` chunks
    thread::scope(|s| {
        //   ^^^^^ threads in a scope may borrow `data`: the scope joins them
        //         all before it returns, so the borrow cannot outlive `data`
        let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
        handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum()
    })
}
// ANCHOR_END: parallel-sum
