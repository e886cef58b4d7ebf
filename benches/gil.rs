//! Lesson 02's claims: with one global lock, more threads bring no
//! speed-up; without it, the speed-up follows the cores.

use std::time::Duration;

use workbook::lessons::gil::{Version, calibrate, speedup, work_alone, work_with_rayon};
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.clamp(2, 16);
    let units = 16 * threads as u64;
    let rounds = calibrate(Duration::from_millis(2));
    let mut bench =
        Bench::new(&format!("gil: {units} units of ~2 ms on {threads} threads, {cores} cores"), 5);
    let mut ratios = Vec::new();
    for version in [Version::WithGil, Version::WithoutGil] {
        let s = speedup(version, threads, units, rounds, 5);
        bench.note(format!(
            "{:<40} 1 thread {:>8.1?}   {threads} threads {:>8.1?}   speed-up {:.2}×",
            version.name(),
            s.one,
            s.many,
            s.ratio()
        ));
        ratios.push(s.ratio());
    }
    let mut curve = Vec::new();
    let mut n = 1;
    while n <= threads {
        curve.push(format!("{n}: {:.2}×", speedup(Version::WithoutGil, n, units, rounds, 3).ratio()));
        n *= 2;
    }
    bench.note(format!("without the GIL, speed-up by thread count: {}", curve.join(", ")));
    let one = bench.time("one thread, no locks", || {
        work_alone(0..units, rounds);
    });
    let pool = bench.time("rayon's par_iter, its own pool", || {
        work_with_rayon(0..units, rounds);
    });
    bench.claim("with the GIL, threads bring no speed-up", ratios[0], Bound::AtMost(1.2));
    if cores >= 2 {
        let want = 0.6 * threads.min(cores) as f64;
        bench.claim(
            &format!("without it, at least 0.6× the {} cores", threads.min(cores)),
            ratios[1],
            Bound::AtLeast(want),
        );
        let want = 0.6 * cores.min(16) as f64;
        bench.claim("rayon too (one thread's time / rayon's)", one / pool, Bound::AtLeast(want));
    }
    report(bench);
}
