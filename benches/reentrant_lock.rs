//! Lesson 04's measurements: what reentrancy costs. A reentrant lock must
//! find out which thread is asking (a thread-local lookup) and keep a
//! count; a plain mutex only flips a word.

use std::cell::RefCell;
use std::hint::black_box;

use workbook::measure::{Bench, Bound};
use workbook::sync::{Mutex, ReentrantMutex};

mod common;
use common::report;

const OPS: usize = 2_000_000;

fn main() {
    let mut bench = Bench::new(&format!("reentrant-lock: {OPS} lock+unlock on one thread"), 11);
    let plain = Mutex::new(0u64);
    let reentrant = ReentrantMutex::new(RefCell::new(0u64));
    let std_plain = std::sync::Mutex::new(0u64);
    let t_plain = bench.time("Mutex: lock, += 1, unlock", || {
        for _ in 0..OPS {
            *black_box(&plain).lock() += 1;
        }
    });
    let t_reentrant = bench.time("ReentrantMutex<RefCell>: lock, borrow_mut, += 1, unlock", || {
        for _ in 0..OPS {
            *black_box(&reentrant).lock().borrow_mut() += 1;
        }
    });
    let t_nested = bench.time("ReentrantMutex: taken again while held (the inner lock only)", || {
        let _outer = reentrant.lock();
        for _ in 0..OPS {
            *black_box(&reentrant).lock().borrow_mut() += 1;
        }
    });
    let t_std = bench.time("std Mutex: lock, += 1, unlock", || {
        for _ in 0..OPS {
            *black_box(&std_plain).lock().expect("not poisoned") += 1;
        }
    });
    let per = |t: f64| format!("{:.1} ns", t * 1e9 / OPS as f64);
    bench.note(format!(
        "per lock: Mutex {}, ReentrantMutex {}, again while held {}, std Mutex {}",
        per(t_plain),
        per(t_reentrant),
        per(t_nested),
        per(t_std)
    ));
    bench.claim("reentrancy costs little: ReentrantMutex / Mutex", t_reentrant / t_plain, Bound::AtMost(3.0));
    bench.claim(
        "taking it again while held is no dearer: nested / first",
        t_nested / t_reentrant,
        Bound::AtMost(1.1),
    );
    report(bench);
}
