// Blind answers for lesson 01 (threads): exercises run-all and parallel-sum.
// Each module stands in for the whole of lessons/01-threads/exercise.rs.
// Modules that target run-all keep the obvious parallel_sum, and the other
// way round.

// ===================================================================
// run-all: WRONG
// ===================================================================

/// WRONG (run-all): spawns and joins each job in the same loop (named correctly),
/// so the jobs run one after another, not "all at the same time".
pub mod wrong_run_serial {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut results = Vec::new();
        for (i, job) in jobs.into_iter().enumerate() {
            let handle =
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread");
            results.push(handle.join().expect("the job does not panic"));
        }
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): concurrent and in order, but uses plain `thread::spawn`, so
/// the threads have no name instead of `job-<i>`.
pub mod wrong_run_unnamed {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs.into_iter().map(|job| thread::spawn(job)).collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): numbers the threads from 1 (`job-1` .. `job-n`), as a
/// human would count, instead of `job-<i>` with `i` the job's index.
pub mod wrong_run_names_from_one {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new()
                    .name(format!("job-{}", i + 1))
                    .spawn(job)
                    .expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): names the threads `job_<i>` (underscore) instead of
/// `job-<i>`; everything else is right.
pub mod wrong_run_name_format {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job_{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): collects results from a channel as the jobs finish, so the
/// results come back in finishing order, not in the order of `jobs`.
pub mod wrong_run_finish_order {
    use std::sync::mpsc;
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let n = jobs.len();
        let (tx, rx) = mpsc::channel::<T>();
        let mut handles = Vec::with_capacity(n);
        for (i, job) in jobs.into_iter().enumerate() {
            let tx = tx.clone();
            let handle = thread::Builder::new()
                .name(format!("job-{i}"))
                .spawn(move || {
                    let _ = tx.send(job());
                })
                .expect("the OS starts the thread");
            handles.push(handle);
        }
        drop(tx);
        let results: Vec<T> = rx.iter().take(n).collect();
        for h in handles {
            h.join().expect("the job does not panic");
        }
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): starts all, then joins with `while let Some(h) = handles.pop()`,
/// which joins last-first, so the results come back reversed.
pub mod wrong_run_pop_reverse {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut handles = Vec::new();
        for (i, job) in jobs.into_iter().enumerate() {
            handles.push(
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread"),
            );
        }
        let mut results = Vec::new();
        while let Some(h) = handles.pop() {
            results.push(h.join().expect("the job does not panic"));
        }
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): "the caller would only sit idle": starts jobs 1.. on threads, then
/// runs job 0 on the calling thread, so job 0 is not on its own thread named `job-0`.
pub mod wrong_run_inline_first {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut jobs = jobs.into_iter();
        let first = jobs.next();
        let handles: Vec<_> = jobs
            .enumerate()
            .map(|(k, job)| {
                thread::Builder::new()
                    .name(format!("job-{}", k + 1))
                    .spawn(job)
                    .expect("the OS starts the thread")
            })
            .collect();
        let mut results = Vec::new();
        if let Some(first) = first {
            results.push(first());
        }
        for h in handles {
            results.push(h.join().expect("the job does not panic"));
        }
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): caps concurrency at 2 threads ("don't start too many"): runs the
/// jobs in batches of two, so with 3+ jobs they are not all running at the same time.
pub mod wrong_run_two_at_a_time {
    use std::thread;

    const MAX_THREADS: usize = 2;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut results = Vec::new();
        let mut jobs = jobs.into_iter().enumerate().peekable();
        while jobs.peek().is_some() {
            let batch: Vec<_> = jobs
                .by_ref()
                .take(MAX_THREADS)
                .map(|(i, job)| {
                    thread::Builder::new()
                        .name(format!("job-{i}"))
                        .spawn(job)
                        .expect("the OS starts the thread")
                })
                .collect();
            for h in batch {
                results.push(h.join().expect("the job does not panic"));
            }
        }
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): one background thread named `job-0` runs every job in turn:
/// not one thread per job, not at the same time, and jobs 1.. run on `job-0`.
pub mod wrong_run_one_thread {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handle = thread::Builder::new()
            .name("job-0".to_owned())
            .spawn(move || jobs.into_iter().map(|job| job()).collect::<Vec<T>>())
            .expect("the OS starts the thread");
        handle.join().expect("no job panics")
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): each named `job-<i>` thread only supervises: it runs the job
/// on an inner, unnamed thread, so the job itself does not run on `job-<i>`.
pub mod wrong_run_inner_unnamed {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new()
                    .name(format!("job-{i}"))
                    .spawn(move || thread::spawn(job).join().expect("the job does not panic"))
                    .expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the supervisor does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): starts the last job first by reversing *before* enumerating,
/// so the names are reversed (job n-1 runs on `job-0`); results still come back in order.
pub mod wrong_run_reverse_names {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut handles: Vec<_> = jobs
            .into_iter()
            .rev()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.reverse();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (run-all): treats a 200 ms silence on the results channel as "all jobs are done":
/// a slow job's result is dropped (fewer results than jobs) and its thread is never joined.
pub mod wrong_run_timeout_means_done {
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let n = jobs.len();
        let (tx, rx) = mpsc::channel::<(usize, T)>();
        for (i, job) in jobs.into_iter().enumerate() {
            let tx = tx.clone();
            thread::Builder::new()
                .name(format!("job-{i}"))
                .spawn(move || {
                    let _ = tx.send((i, job()));
                })
                .expect("the OS starts the thread");
        }
        drop(tx);
        let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
        while let Ok((i, v)) = rx.recv_timeout(Duration::from_millis(200)) {
            slots[i] = Some(v);
        }
        slots.into_iter().flatten().collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

// ===================================================================
// run-all: RIGHT
// ===================================================================

/// RIGHT (run-all): the jobs are 'static but a scope works too: `Builder::spawn_scoped`
/// names each thread, all start before any join, handles are joined in job order.
pub mod right_run_scoped_builder {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        thread::scope(|s| {
            let handles: Vec<_> = jobs
                .into_iter()
                .enumerate()
                .map(|(i, job)| {
                    thread::Builder::new()
                        .name(format!("job-{i}"))
                        .spawn_scoped(s, job)
                        .expect("the OS starts the thread")
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
        })
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (run-all): each thread sends `(index, result)` over a channel; results are put
/// into slots by index, so finishing order does not matter; every thread is joined.
pub mod right_run_indexed_channel {
    use std::sync::mpsc;
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let n = jobs.len();
        let (tx, rx) = mpsc::channel::<(usize, T)>();
        let mut handles = Vec::with_capacity(n);
        for (i, job) in jobs.into_iter().enumerate() {
            let tx = tx.clone();
            let handle = thread::Builder::new()
                .name(format!("job-{i}"))
                .spawn(move || {
                    let _ = tx.send((i, job()));
                })
                .expect("the OS starts the thread");
            handles.push(handle);
        }
        drop(tx);
        let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
        for (i, v) in rx {
            slots[i] = Some(v);
        }
        for h in handles {
            h.join().expect("the job does not panic");
        }
        slots.into_iter().map(|v| v.expect("every job reported")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (run-all): joins the handles last-first (`pop`) but then reverses the results,
/// so they are in job order; a panicking job's panic is re-raised with `resume_unwind`.
pub mod right_run_reverse_join {
    use std::panic;
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut handles = Vec::new();
        for (i, job) in jobs.into_iter().enumerate() {
            handles.push(
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread"),
            );
        }
        let mut results = Vec::with_capacity(handles.len());
        while let Some(h) = handles.pop() {
            match h.join() {
                Ok(v) => results.push(v),
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        results.reverse();
        results
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (run-all): starts the threads last job first (correctly named: enumerate
/// before rev) with a bigger stack; start order is not promised, only overlap and result order.
pub mod right_run_spawn_last_first {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let mut handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .rev()
            .map(|(i, job)| {
                thread::Builder::new()
                    .name(format!("job-{i}"))
                    .stack_size(4 * 1024 * 1024)
                    .spawn(job)
                    .expect("the OS starts the thread")
            })
            .collect();
        handles.reverse();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

// ===================================================================
// parallel-sum: WRONG
// ===================================================================

/// WRONG (parallel-sum): no guard for empty data: `0.div_ceil(workers)` is 0 and
/// `chunks(0)` panics, instead of returning 0 for an empty slice.
pub mod wrong_sum_empty_panics {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): handles empty data by calling `sum_chunk(&[])` (on the caller's
/// thread): chunks must be non-empty, and an empty slice has none.
pub mod wrong_sum_empty_chunk_call {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return sum_chunk(data);
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): splits with `len*i/workers .. len*(i+1)/workers` for every i
/// in 0..workers: when workers > len some chunks are empty (and sum_chunk gets them).
pub mod wrong_sum_empty_chunks_when_few {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        let len = data.len();
        thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|i| {
                    let chunk = &data[len * i / workers..len * (i + 1) / workers];
                    s.spawn(move || sum_chunk(chunk))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): chunk size `len / workers` (rounded down, at least 1) gives
/// more than `workers` chunks whenever len is not a multiple of workers.
pub mod wrong_sum_floor_size {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = (data.len() / workers).max(1);
        thread::scope(|s| {
            let handles: Vec<_> = data.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): confuses chunk size with chunk count: `data.chunks(workers)`
/// makes chunks of `workers` elements, so there are about len/workers chunks, not at most workers.
pub mod wrong_sum_chunks_of_workers {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        thread::scope(|s| {
            let handles: Vec<_> =
                data.chunks(workers).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): `chunks_exact` silently drops the remainder, so when len is not
/// a multiple of the chunk size the last elements are never summed.
pub mod wrong_sum_chunks_exact {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> =
                data.chunks_exact(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): spawns and joins each chunk's thread in the same loop, so
/// the chunks are summed one after another, not all at the same time.
pub mod wrong_sum_serial_join {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let mut total = 0;
            for chunk in data.chunks(size) {
                total += s.spawn(move || sum_chunk(chunk)).join().expect("sum_chunk does not panic");
            }
            total
        })
    }
}

/// WRONG (parallel-sum): each thread takes a shared Mutex "to protect the total" *before*
/// calling sum_chunk, so only one chunk is being summed at any time.
pub mod wrong_sum_lock_around_sum {
    use std::sync::Mutex;
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        let total = Mutex::new(0u64);
        thread::scope(|s| {
            for chunk in data.chunks(size) {
                let total = &total;
                s.spawn(move || {
                    let mut t = total.lock().expect("no thread panicked");
                    *t += sum_chunk(chunk);
                });
            }
        });
        total.into_inner().expect("no thread panicked")
    }
}

/// WRONG (parallel-sum): "sum_chunk is just a sum": uses `chunk.iter().sum()` in the
/// threads instead of calling `sum_chunk` (right total, but sum_chunk is never used).
pub mod wrong_sum_ignores_sum_chunk {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, _sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> =
                data.chunks(size).map(|chunk| s.spawn(move || chunk.iter().sum::<u64>())).collect();
            handles.into_iter().map(|h| h.join().expect("no thread panics")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): sums the first chunk on the calling thread "while it waits",
/// so that chunk is not summed on a thread of its own.
pub mod wrong_sum_first_chunk_inline {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        let mut chunks = data.chunks(size);
        let first = chunks.next().expect("data is not empty");
        thread::scope(|s| {
            let handles: Vec<_> = chunks.map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            let mine = sum_chunk(first);
            mine + handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): gives each of `workers` threads an even `len/workers` share and sums
/// the leftover on the calling thread: the total is right, but that is workers+1 chunks, one not on a thread.
pub mod wrong_sum_remainder_inline {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        let size = data.len() / workers;
        let (even, rest) = data.split_at(size * workers);
        let threaded = if size == 0 {
            0
        } else {
            thread::scope(|s| {
                let handles: Vec<_> =
                    even.chunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
                handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
            })
        };
        let leftover = if rest.is_empty() { 0 } else { sum_chunk(rest) };
        threaded + leftover
    }
}

/// WRONG (parallel-sum): copies each chunk into a Vec before handing it to its thread
/// (the chapter asks to borrow the data, not copy it); sum_chunk sees copies, not slices of `data`.
pub mod wrong_sum_copies_chunks {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data
                .chunks(size)
                .map(|chunk| {
                    let owned: Vec<u64> = chunk.to_vec();
                    s.spawn(move || sum_chunk(&owned))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): deals elements round-robin (worker w gets w, w+workers, ...):
/// the parts are not contiguous chunks (and are copies); the total is still right.
pub mod wrong_sum_strided {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        thread::scope(|s| {
            let handles: Vec<_> = (0..workers.min(data.len()))
                .map(|w| {
                    s.spawn(move || {
                        let mine: Vec<u64> = data.iter().skip(w).step_by(workers).copied().collect();
                        sum_chunk(&mine)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// WRONG (parallel-sum): one scoped thread sums every chunk in turn: right chunks,
/// right total, but not one thread per chunk and not at the same time.
pub mod wrong_sum_one_thread_all_chunks {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            s.spawn(move || data.chunks(size).map(|chunk| sum_chunk(chunk)).sum::<u64>())
                .join()
                .expect("sum_chunk does not panic")
        })
    }
}

// ===================================================================
// parallel-sum: RIGHT
// ===================================================================

/// RIGHT (parallel-sum): balanced split into exactly min(workers, len) chunks whose sizes
/// differ by at most one (10 over 4 -> 3,3,2,2), cut with split_at; workers == 0 treated as 1.
pub mod right_sum_balanced {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        let n = workers.max(1).min(data.len());
        if n == 0 {
            return 0;
        }
        let base = data.len() / n;
        let extra = data.len() % n;
        thread::scope(|s| {
            let mut rest = data;
            let mut handles = Vec::with_capacity(n);
            for i in 0..n {
                let take = base + usize::from(i < extra);
                let (chunk, tail) = rest.split_at(take);
                rest = tail;
                handles.push(s.spawn(move || sum_chunk(chunk)));
            }
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (parallel-sum): no handles: each scoped thread adds its chunk's sum to an
/// AtomicU64 with Relaxed, which is enough because the scope's join orders it before the load.
pub mod right_sum_atomic_relaxed {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        let total = AtomicU64::new(0);
        thread::scope(|s| {
            for chunk in data.chunks(size) {
                let total = &total;
                s.spawn(move || {
                    let part = sum_chunk(chunk);
                    total.fetch_add(part, Ordering::Relaxed);
                });
            }
        });
        total.into_inner()
    }
}

/// RIGHT (parallel-sum): floor-sized chunks with the remainder folded into the last one
/// (10 over 4 -> 2,2,2,4): exactly min(workers, len) contiguous non-empty chunks.
pub mod right_sum_remainder_in_last {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        let len = data.len();
        let n = workers.max(1).min(len);
        if n == 0 {
            return 0;
        }
        let size = len / n;
        thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .map(|i| {
                    let start = i * size;
                    let end = if i == n - 1 { len } else { start + size };
                    let chunk = &data[start..end];
                    s.spawn(move || sum_chunk(chunk))
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (parallel-sum): chunks cut from the end with `rchunks` (the short chunk comes
/// first); still at most `workers` contiguous, non-empty chunks, summed concurrently.
pub mod right_sum_rchunks {
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        thread::scope(|s| {
            let handles: Vec<_> = data.rchunks(size).map(|chunk| s.spawn(move || sum_chunk(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("sum_chunk does not panic")).sum::<u64>()
        })
    }
}

/// RIGHT (parallel-sum): each scoped thread sends its chunk's sum over an mpsc channel;
/// the caller adds up whatever arrives once the scope has joined every thread.
pub mod right_sum_channel {
    use std::sync::mpsc;
    use std::thread;

    pub fn run_all<T: Send + 'static>(jobs: Vec<Box<dyn FnOnce() -> T + Send>>) -> Vec<T> {
        let handles: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| {
                thread::Builder::new().name(format!("job-{i}")).spawn(job).expect("the OS starts the thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("the job does not panic")).collect()
    }

    pub fn parallel_sum(data: &[u64], workers: usize, sum_chunk: &(dyn Fn(&[u64]) -> u64 + Sync)) -> u64 {
        if data.is_empty() {
            return 0;
        }
        let size = data.len().div_ceil(workers);
        let (tx, rx) = mpsc::channel::<u64>();
        thread::scope(|s| {
            for chunk in data.chunks(size) {
                let tx = tx.clone();
                s.spawn(move || {
                    let _ = tx.send(sum_chunk(chunk));
                });
            }
        });
        drop(tx);
        rx.iter().sum::<u64>()
    }
}
