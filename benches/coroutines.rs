//! Lesson 10's measurements: what it costs to hand a value to a consumer
//! that is a coroutine (a state machine resumed by a call, an `async`
//! block resumed by a poll), against handing it to a consumer thread
//! through a rendezvous channel; and a greenlet-style switch.

use std::cell::Cell;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use workbook::coro::Log;
use workbook::coro::generator::Consumer;
use workbook::coro::switch::Greenlets;
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

const ITEMS: u32 = 200_000;
/// Fewer for the thread: each value costs microseconds there.
const THREAD_ITEMS: u32 = 10_000;

/// A consumer that sums what it is sent: an `async` block, polled by hand.
fn polled(items: u32) -> u64 {
    let inbox = Cell::new(None::<u32>);
    let total = Cell::new(0u64);
    let mut consumer = pin!(async {
        loop {
            let n = std::future::poll_fn(|_| inbox.take().map_or(Poll::Pending, Poll::Ready)).await;
            total.set(total.get() + u64::from(n));
        }
    });
    let mut cx = Context::from_waker(Waker::noop());
    let _ = consumer.as_mut().poll(&mut cx);
    for n in 0..items {
        inbox.set(Some(black_box(n)));
        let _ = consumer.as_mut().poll(&mut cx);
    }
    total.get()
}

/// The lesson's hand-written state machine, which also logs every step.
fn by_hand(items: u32) -> usize {
    let log = Log::default();
    let mut c = Consumer::new("c");
    c.start(&log).expect("a new consumer starts");
    for n in 0..items {
        c.send(black_box(n), &log).expect("a started consumer takes it");
    }
    c.eaten().len()
}

/// The same consumer on a thread: each value through `bounded(0)`.
fn threaded(items: u32) -> u64 {
    let (tx, rx) = crossbeam::channel::bounded::<u32>(0);
    std::thread::scope(|s| {
        let consumer = s.spawn(move || rx.iter().map(u64::from).sum::<u64>());
        for n in 0..items {
            tx.send(black_box(n)).expect("the consumer is there");
        }
        drop(tx);
        consumer.join().expect("no panic")
    })
}

/// Two tasks that switch to each other `switches` times in all.
fn switching(switches: u32) -> usize {
    let mut tasks = Greenlets::new();
    for (me, other) in [("a", "b"), ("b", "a")] {
        tasks.spawn(me, move |s| async move {
            for _ in 0..switches / 2 {
                s.to(other).await;
            }
        });
    }
    tasks.run("a").expect("both tasks exist").said.len()
}

fn main() {
    let mut bench = Bench::new(&format!("coroutines: {ITEMS} values handed to a consumer"), 9);
    let t = bench.time_interleaved(&mut [
        ("async block, polled by hand", &mut || {
            black_box(polled(ITEMS));
        }),
        ("state machine by hand, logged", &mut || {
            black_box(by_hand(ITEMS));
        }),
        ("greenlet-style switch, logged", &mut || {
            black_box(switching(ITEMS));
        }),
        ("thread + rendezvous channel (1/20 as many)", &mut || {
            black_box(threaded(THREAD_ITEMS));
        }),
    ]);
    let mut t = t;
    t[3] *= f64::from(ITEMS) / f64::from(THREAD_ITEMS); // as if for ITEMS values
    let per = |secs: f64| secs * 1e9 / f64::from(ITEMS);
    bench.note(format!(
        "per value: poll {:.1} ns, logged send {:.1} ns, switch {:.1} ns, rendezvous {:.0} ns",
        per(t[0]),
        per(t[1]),
        per(t[2]),
        per(t[3])
    ));
    bench.note(format!(
        "one suspended async consumer: {} bytes; a thread: a stack of 2 MiB reserved (std's default)",
        workbook::coro::generator::by_polling(1).state_bytes
    ));
    bench.claim(
        "resuming a coroutine vs waking a thread (rendezvous / poll)",
        t[3] / t[0],
        Bound::AtLeast(100.0),
    );
    bench.claim(
        "a logged switch vs waking a thread (rendezvous / switch)",
        t[3] / t[2],
        Bound::AtLeast(10.0),
    );
    report(bench);
}
