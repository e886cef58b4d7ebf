//! Lesson 07's measurements: our JoinableQueue (one Mutex, three Condvars)
//! against a raw crossbeam bounded(1000) channel, one producer and one
//! consumer (SPSC) and four of each (MPMC), in the same run; and what
//! `task_done` and `join` add.

use workbook::measure::{Bench, Bound};
use workbook::sync::JoinableQueue;

mod common;
use common::report;

const ITEMS: usize = 200_000;
const CAPACITY: usize = 1000;

/// `producers` threads put ITEMS items between them, `consumers` take them
/// (and mark each done when `done` is set), through our queue.
fn ours(producers: usize, consumers: usize, done: bool) {
    let q = JoinableQueue::bounded(CAPACITY);
    std::thread::scope(|s| {
        for _ in 0..consumers {
            s.spawn(|| {
                while let Some(item) = q.get() {
                    std::hint::black_box(item);
                    if done {
                        q.task_done().expect("one per item");
                    }
                }
            });
        }
        let putters: Vec<_> = (0..producers)
            .map(|p| {
                let q = &q;
                s.spawn(move || {
                    for i in (p..ITEMS).step_by(producers) {
                        q.put(i).expect("open");
                    }
                })
            })
            .collect();
        for p in putters {
            p.join().expect("no panic");
        }
        if done {
            q.join();
        }
        q.close();
    });
}

/// The same through crossbeam's bounded channel.
fn crossbeam(producers: usize, consumers: usize) {
    let (tx, rx) = crossbeam::channel::bounded(CAPACITY);
    std::thread::scope(|s| {
        for _ in 0..consumers {
            let rx = rx.clone();
            s.spawn(move || {
                while let Ok(item) = rx.recv() {
                    std::hint::black_box(item);
                }
            });
        }
        for p in 0..producers {
            let tx = tx.clone();
            s.spawn(move || {
                for i in (p..ITEMS).step_by(producers) {
                    tx.send(i).expect("open");
                }
            });
        }
        drop(tx);
    });
}

fn main() {
    let mut bench =
        Bench::new(&format!("producer-consumer: {ITEMS} items through a queue of {CAPACITY}"), 11);
    let cb_spsc = bench.time("crossbeam bounded: 1 producer, 1 consumer", || crossbeam(1, 1));
    let our_spsc = bench.time("JoinableQueue: 1 producer, 1 consumer", || ours(1, 1, false));
    let our_spsc_done = bench.time("JoinableQueue + task_done + join: 1 and 1", || ours(1, 1, true));
    let cb_mpmc = bench.time("crossbeam bounded: 4 producers, 4 consumers", || crossbeam(4, 4));
    let our_mpmc = bench.time("JoinableQueue: 4 producers, 4 consumers", || ours(4, 4, false));
    let our_mpmc_done = bench.time("JoinableQueue + task_done + join: 4 and 4", || ours(4, 4, true));
    let per_item = |t: f64| t * 1e9 / ITEMS as f64;
    bench.note(format!(
        "per item: SPSC crossbeam {:.0} ns, ours {:.0} ns ({:.0} with task_done); MPMC crossbeam {:.0} ns, ours {:.0} ns ({:.0})",
        per_item(cb_spsc),
        per_item(our_spsc),
        per_item(our_spsc_done),
        per_item(cb_mpmc),
        per_item(our_mpmc),
        per_item(our_mpmc_done)
    ));
    bench.claim("SPSC: JoinableQueue / crossbeam bounded", our_spsc / cb_spsc, Bound::AtMost(1.5));
    bench.claim("MPMC 4x4: JoinableQueue / crossbeam bounded", our_mpmc / cb_mpmc, Bound::AtMost(1.5));
    // task_done takes the lock once more per item, so it may cost up to
    // that much again; join is once per run.
    bench.claim("task_done + join, SPSC (with / without)", our_spsc_done / our_spsc, Bound::AtMost(2.0));
    bench.claim("task_done + join, MPMC (with / without)", our_mpmc_done / our_mpmc, Bound::AtMost(2.0));
    report(bench);
}
