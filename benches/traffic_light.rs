//! Lesson 06's measurements: what a car pays to look at the light. A wait
//! on a set event against a bare lock, a crossing inside `wait_then`
//! against the same lock, and a blocking hand-off through two events
//! against a Mutex+Condvar ping-pong.

use std::hint::black_box;

use workbook::measure::{Bench, Bound};
use workbook::sync::Event;

mod common;
use common::{condvar_ping_pong, report};

const OPS: usize = 1_000_000;
const TRIPS: usize = 20_000;

/// A hand-off through two events: each side waits for its event, clears
/// it, and sets the other's.
fn event_ping_pong(trips: usize) {
    let (ping, pong) = (Event::new(), Event::new());
    std::thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..trips {
                ping.wait();
                ping.clear();
                pong.set();
            }
        });
        for _ in 0..trips {
            ping.set();
            pong.wait();
            pong.clear();
        }
    });
}

fn main() {
    let mut bench =
        Bench::new(&format!("traffic-light: {OPS} uncontended ops; {TRIPS} hand-off round trips"), 11);
    let lock = parking_lot::Mutex::new(0u64);
    let green = Event::new();
    green.set();
    let t_lock = bench.time("parking_lot Mutex: lock + unlock", || {
        for _ in 0..OPS {
            *black_box(&lock).lock() += 1;
        }
    });
    let t_wait = bench.time("Event::wait, already set", || {
        for _ in 0..OPS {
            black_box(&green).wait();
        }
    });
    let mut crossed = 0u64;
    let t_hold = bench.time("Event::wait_then, already set", || {
        for _ in 0..OPS {
            black_box(&green).wait_then(|| crossed += 1);
        }
    });
    black_box(crossed);
    let t_condvar = bench.time("Mutex + Condvar ping-pong", || condvar_ping_pong(TRIPS));
    let t_events = bench.time("two Events ping-pong (wait, clear, set)", || event_ping_pong(TRIPS));
    bench.note(format!(
        "per op: lock+unlock {:.1} ns, wait {:.1} ns, wait_then {:.1} ns; per round trip: condvar {:.2} µs, events {:.2} µs",
        t_lock * 1e9 / OPS as f64,
        t_wait * 1e9 / OPS as f64,
        t_hold * 1e9 / OPS as f64,
        t_condvar * 1e6 / TRIPS as f64,
        t_events * 1e6 / TRIPS as f64
    ));
    bench.claim("a wait on a green light takes no lock (wait / Mutex)", t_wait / t_lock, Bound::AtMost(0.5));
    bench.claim(
        "holding the light costs a lock, and the look at the flag (wait_then / Mutex)",
        t_hold / t_lock,
        Bound::AtMost(2.0),
    );
    bench.claim(
        "a hand-off through events (events / Mutex+Condvar)",
        t_events / t_condvar,
        Bound::AtMost(1.5),
    );
    report(bench);
}
