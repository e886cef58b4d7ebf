//! Lesson 05's measurements: what a permit costs against a bare lock, a
//! blocking hand-off through two semaphores against the same hand-off done
//! with a Mutex and a Condvar, and how much CPU blocked waiters burn.

use std::hint::black_box;
use std::time::{Duration, Instant};

use workbook::measure::{Bench, Bound};
use workbook::sync::Semaphore;

mod common;
use common::{condvar_ping_pong, report};

const OPS: usize = 1_000_000;
const TRIPS: usize = 20_000;

/// The same hand-off through two semaphores of 0.
fn semaphore_ping_pong(trips: usize) {
    let (ping, pong) = (Semaphore::new(0), Semaphore::new(0));
    std::thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..trips {
                ping.acquire().forget();
                pong.release();
            }
        });
        for _ in 0..trips {
            ping.release();
            pong.acquire().forget();
        }
    });
}

/// This process's CPU time so far (user + system), from /proc.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // after the command name: state is field 3, utime 14 and stime 15
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn main() {
    let mut bench =
        Bench::new(&format!("semaphore: {OPS} uncontended ops; {TRIPS} hand-off round trips"), 11);
    let lock = parking_lot::Mutex::new(0u64);
    let semaphore = Semaphore::new(1);
    let t_lock = bench.time("parking_lot Mutex: lock + unlock", || {
        for _ in 0..OPS {
            *black_box(&lock).lock() += 1;
        }
    });
    let t_permit = bench.time("Semaphore: acquire + drop the permit", || {
        for _ in 0..OPS {
            drop(black_box(&semaphore).acquire());
        }
    });
    let t_condvar = bench.time("Mutex + Condvar ping-pong", || condvar_ping_pong(TRIPS));
    let t_handoff = bench.time("two Semaphores ping-pong", || semaphore_ping_pong(TRIPS));
    bench.note(format!(
        "per op: lock+unlock {:.1} ns, acquire+release {:.1} ns; per round trip: condvar {:.2} µs, semaphores {:.2} µs",
        t_lock * 1e9 / OPS as f64,
        t_permit * 1e9 / OPS as f64,
        t_condvar * 1e6 / TRIPS as f64,
        t_handoff * 1e6 / TRIPS as f64
    ));
    bench.claim(
        "an uncontended permit costs at most twice a lock (Semaphore / Mutex)",
        t_permit / t_lock,
        Bound::AtMost(2.0),
    );
    bench.claim(
        "a hand-off through semaphores (semaphores / Mutex+Condvar)",
        t_handoff / t_condvar,
        Bound::AtMost(1.2),
    );
    if let Some(cpu) = blocked_cpu() {
        bench.claim(
            "four blocked waiters burn no CPU (CPU time / wall time while they wait)",
            cpu,
            Bound::AtMost(0.05),
        );
    }
    report(bench);
}

/// Four threads blocked in `acquire` for half a second: the share of one
/// core the whole process used meanwhile.
fn blocked_cpu() -> Option<f64> {
    let s = Semaphore::new(0);
    let mut share = None;
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| s.acquire().forget());
        }
        std::thread::sleep(Duration::from_millis(50)); // let them block
        let (cpu0, t0) = (cpu_time(), Instant::now());
        std::thread::sleep(Duration::from_millis(500));
        if let (Some(a), Some(b)) = (cpu0, cpu_time()) {
            share = Some((b - a).as_secs_f64() / t0.elapsed().as_secs_f64());
        }
        for _ in 0..4 {
            s.release();
        }
    });
    share
}
