//! Lesson 08's measurements: what a request to another process costs,
//! next to a lock in this one, and what starting a process costs.
//!
//! The manager is this crate's `processes` binary in worker mode, built by
//! `cargo bench` for us (`CARGO_BIN_EXE_processes`).

use std::hint::black_box;

use workbook::lessons::processes::COUNTER;
use workbook::measure::{Bench, Bound};
use workbook::process::Program;
use workbook::process::manager::Manager;
use workbook::sync::Mutex;

mod common;
use common::report;

const REQUESTS: usize = 2_000;
const LOCKS: usize = 2_000_000;
const SPAWNS: usize = 20;

fn main() {
    let program = Program::new(env!("CARGO_BIN_EXE_processes"));
    let manager = Manager::start(&program).expect("a manager starts");
    let mut client = manager.connect().expect("it listens");
    let mut other = manager.connect().expect("it listens");
    client.set(COUNTER, 0).expect("it answers");
    let mut bench = Bench::new(&format!("processes: {REQUESTS} additions through a manager process"), 11);
    let counter = Mutex::new(0i64);
    let times = bench.time_interleaved(&mut [
        ("get, then set (two requests; racy)", &mut || {
            for _ in 0..REQUESTS {
                let n = client.get(COUNTER).unwrap().and_then(|v| v.as_i64()).unwrap_or(0);
                client.set(COUNTER, n + 1).unwrap();
            }
        }),
        ("update (one request)", &mut || {
            for _ in 0..REQUESTS {
                black_box(other.update(COUNTER, 1).unwrap());
            }
        }),
    ]);
    let (get_set, update) = (times[0], times[1]);
    let lock = bench.time(&format!("a Mutex in this process ({LOCKS} additions)"), || {
        for _ in 0..LOCKS {
            *counter.lock() += 1;
        }
    }) / LOCKS as f64;
    let spawn = bench.time(&format!("start a child and join it ({SPAWNS} times)"), || {
        for _ in 0..SPAWNS {
            workbook::lessons::processes::start_and_join(&program, 1).expect("a child starts");
        }
    }) / SPAWNS as f64;
    let per = |t: f64| t / REQUESTS as f64;
    bench.note(format!(
        "per addition: update {:.1} µs, get+set {:.1} µs, Mutex {:.1} ns; a child started and joined: {:.2} ms",
        per(update) * 1e6,
        per(get_set) * 1e6,
        lock * 1e9,
        spawn * 1e3
    ));
    bench.claim(
        "get-then-set / update (the fix is also the faster one)",
        get_set / update,
        Bound::AtLeast(1.5),
    );
    bench.claim("one update request / one Mutex addition", per(update) / lock, Bound::AtLeast(100.0));
    drop((client, other));
    manager.shutdown(std::time::Duration::from_secs(10)).expect("the manager stops");
    report(bench);
}
