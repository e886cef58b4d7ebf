//! Lesson 07's measurements: our JoinableQueue (one Mutex, three Condvars)
//! against a raw crossbeam bounded(1000) channel, one producer and one
//! consumer (SPSC) and four of each (MPMC), in the same run; and what
//! `task_done` and `join` add.

use workbook::measure::{Bench, Bound};
use workbook::sync::JoinableQueue;

mod common;
use common::{python_numbers, report};

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

/// Crossbeam, ours, and ours with task_done and join, `p` producers and
/// `c` consumers, timed with their samples interleaved.
fn interleaved(bench: &mut Bench, p: usize, c: usize) -> [f64; 3] {
    let who = if p == 1 && c == 1 { "SPSC".to_owned() } else { format!("MPMC {p}x{c}") };
    let (cb, plain, done) = (
        format!("{who}: crossbeam bounded"),
        format!("{who}: JoinableQueue"),
        format!("{who}: JoinableQueue + task_done + join"),
    );
    let times = bench.time_interleaved(&mut [
        (&cb, &mut || crossbeam(p, c)),
        (&plain, &mut || ours(p, c, false)),
        (&done, &mut || ours(p, c, true)),
    ]);
    [times[0], times[1], times[2]]
}

fn main() {
    let mut bench =
        Bench::new(&format!("producer-consumer: {ITEMS} items through a queue of {CAPACITY}"), 11);
    // Each pair in the same loop, samples interleaved: on a shared VM,
    // back-to-back timings drift more than the difference measured.
    let [cb_spsc, our_spsc, our_spsc_done] = interleaved(&mut bench, 1, 1);
    let [cb_mpmc, our_mpmc, our_mpmc_done] = interleaved(&mut bench, 4, 4);
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
    // task_done takes the lock once more per item, so it may cost about
    // as much again (measured 1.1-1.9x); join is once per run.
    bench.claim("task_done + join, SPSC (with / without)", our_spsc_done / our_spsc, Bound::AtMost(2.5));
    bench.claim("task_done + join, MPMC (with / without)", our_mpmc_done / our_mpmc, Bound::AtMost(2.5));
    if let Some(python) = std::env::var_os("WORKBOOK_PYTHON") {
        // `just compare`: Python's queue.Queue on the same machine.
        let [py_spsc, py_mpmc] = python_numbers(&python, "producer_consumer.py", ["spsc", "mpmc"]);
        let ours = |t: f64| ITEMS as f64 / t;
        bench.note(format!(
            "items a second with task_done and join: SPSC Python {py_spsc:.0}, ours {:.0}; MPMC Python {py_mpmc:.0}, ours {:.0}",
            ours(our_spsc_done),
            ours(our_mpmc_done)
        ));
        bench.claim(
            "SPSC: our items/s / Python queue.Queue's",
            ours(our_spsc_done) / py_spsc,
            Bound::AtLeast(50.0),
        );
        bench.claim(
            "MPMC 4x4: our items/s / Python queue.Queue's",
            ours(our_mpmc_done) / py_mpmc,
            Bound::AtLeast(50.0),
        );
    }
    report(bench);
}
