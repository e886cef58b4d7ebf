//! Lesson 09's measurements: what a task on a process pool costs, how long
//! a pool takes to start, and (under `just compare`) how both compare with
//! Python's `multiprocessing.Pool` on this machine.
//!
//! The workers are this crate's `process-pool` binary in worker mode,
//! built by `cargo bench` for us (`CARGO_BIN_EXE_process-pool`). Like
//! Python's `Pool()`, the pool has a worker per core.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value as Json;
use workbook::lessons::process_pool::POOL;
use workbook::measure::{Bench, Bound};
use workbook::process::Program;
use workbook::process::pool::ProcessPool;

mod common;
use common::{python_numbers, report};

/// Trivial tasks a sample: as many as Python's script runs.
const TASKS: usize = 100_000;

/// Pools started to time a start.
const STARTS: usize = 10;

/// Queues `TASKS` trivial tasks with `apply_async`, each with a callback,
/// and waits for the last callback.
fn apply_async(pool: &ProcessPool) {
    let called = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    for i in 0..TASKS {
        let (called, tx) = (Arc::clone(&called), tx.clone());
        pool.apply_async("add-one", i, move |r| {
            assert!(r.is_ok(), "{r:?}");
            if called.fetch_add(1, Relaxed) + 1 == TASKS {
                let _ = tx.send(());
            }
        });
    }
    rx.recv_timeout(Duration::from_secs(60)).expect("every callback runs");
}

/// `map` of `TASKS` trivial tasks with Python's default chunk size.
fn map(pool: &ProcessPool) {
    let args: Vec<Json> = (0..TASKS).map(Json::from).collect();
    let out = pool.map("add-one", args, pool.default_chunk(TASKS));
    assert_eq!(out.last(), Some(&Ok(TASKS.into())));
}

/// Starts a pool of `workers` and has every worker answer once.
fn start(program: &Program, workers: usize) {
    let pool = ProcessPool::new(program, POOL, workers).expect("a pool starts");
    let out = pool.map("add-one", (0..workers).map(Json::from).collect(), 1);
    assert!(out.iter().all(Result::is_ok));
}

fn main() {
    let program = Program::new(env!("CARGO_BIN_EXE_process-pool"));
    let workers = workbook::cli::cores();
    let pool = ProcessPool::new(&program, POOL, workers).expect("a pool starts");
    let mut bench =
        Bench::new(&format!("process-pool: {TASKS} trivial tasks on {workers} worker processes"), 11);
    let times = bench.time_interleaved(&mut [
        ("apply_async + a callback each", &mut || apply_async(&pool)),
        ("map, Python's default chunk size", &mut || map(&pool)),
    ]);
    let (async_time, map_time) = (times[0], times[1]);
    let start_time = bench.time(&format!("start a pool; each worker answers ({STARTS} times)"), || {
        for _ in 0..STARTS {
            start(&program, workers);
        }
    }) / STARTS as f64;
    pool.join();
    let rate = |t: f64| TASKS as f64 / t;
    let per_task = async_time / TASKS as f64;
    bench.note(format!(
        "apply_async {:.0} tasks/s ({:.2} µs a task), map {:.0} tasks/s; a pool of {workers} starts in {:.2} ms",
        rate(async_time),
        per_task * 1e6,
        rate(map_time),
        start_time * 1e3
    ));
    bench.claim_value(
        "apply_async: one task's cost, callback included",
        per_task * 1e6,
        " µs",
        Bound::AtMost(5.0),
    );
    bench.claim_value("starting a pool", start_time * 1e3, " ms", Bound::AtMost(5.0));
    if let Some(py) = std::env::var_os("WORKBOOK_PYTHON") {
        // `just compare`: Python's multiprocessing.Pool on the same machine.
        let [py_async, py_map, py_start] =
            python_numbers(&py, "process_pool.py", ["apply_async", "map", "startup"]);
        bench.note(format!(
            "Python: apply_async {py_async:.0} tasks/s, map {py_map:.0} tasks/s; a pool starts in {:.2} ms",
            py_start * 1e3
        ));
        bench.claim("apply_async: our tasks/s / Python's", rate(async_time) / py_async, Bound::AtLeast(10.0));
        bench.claim(
            "map, default chunk size: our tasks/s / Python's",
            rate(map_time) / py_map,
            Bound::AtLeast(1.0),
        );
    }
    report(bench);
}
