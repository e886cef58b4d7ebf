//! Lesson 03's measurements: what the two fixes cost, contended and not,
//! and what the `sync` shim's schedule hooks cost outside a schedule.
//!
//! The lesson's own functions yield the CPU between read and write, to make
//! the race bite in free runs; that system call would swamp everything
//! here, so these loops use the bare operations.

use std::hint::black_box;
use std::sync::atomic::{AtomicI64 as StdAtomicI64, Ordering::SeqCst};

use workbook::measure::{Bench, Bound};

mod common;
use common::report;
use workbook::sync::{AtomicI64, Mutex};

const OPS: usize = 2_000_000;

/// `threads` threads share `OPS` calls of `f`.
fn spread<T: Sync>(shared: &T, threads: usize, f: fn(&T)) {
    let per = OPS / threads;
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| (0..per).for_each(|_| f(black_box(shared))));
        }
    });
}

fn lock_decrement(n: &Mutex<i64>) {
    *n.lock() -= 1;
}

fn fetch_sub(n: &AtomicI64) {
    n.fetch_sub(1, SeqCst);
}

fn std_fetch_sub(n: &StdAtomicI64) {
    n.fetch_sub(1, SeqCst);
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.clamp(2, 8);
    let mut bench = Bench::new(
        &format!("mutex-race: {OPS} decrements; {threads} threads when contended; {cores} cores"),
        11,
    );
    let (locked, atomic, plain) = (Mutex::new(0i64), AtomicI64::new(0), StdAtomicI64::new(0));
    let lock_many =
        bench.time("Mutex: lock, n -= 1, unlock (contended)", || spread(&locked, threads, lock_decrement));
    let sub_many = bench.time("fetch_sub (contended)", || spread(&atomic, threads, fetch_sub));
    let lock_one =
        bench.time("Mutex: lock, n -= 1, unlock (one thread)", || spread(&locked, 1, lock_decrement));
    let sub_one = bench.time("fetch_sub (one thread)", || spread(&atomic, 1, fetch_sub));
    let std_one =
        bench.time("std AtomicI64::fetch_sub, no shim (one thread)", || spread(&plain, 1, std_fetch_sub));
    let per_op = |t: f64| format!("{:.1} ns", t * 1e9 / OPS as f64);
    bench.note(format!(
        "per decrement: Mutex {} contended, {} alone; fetch_sub {} contended, {} alone",
        per_op(lock_many),
        per_op(lock_one),
        per_op(sub_many),
        per_op(sub_one)
    ));
    bench.claim(
        "alone, a Mutex costs more than fetch_sub (Mutex time / fetch_sub time)",
        lock_one / sub_one,
        Bound::AtLeast(1.0),
    );
    bench.note(format!("contended, Mutex time / fetch_sub time: {:.2}×", lock_many / sub_many));
    bench.claim(
        "the shim's hooks cost little outside a schedule (shim / std)",
        sub_one / std_one,
        Bound::AtMost(1.5),
    );
    report(bench);
}
