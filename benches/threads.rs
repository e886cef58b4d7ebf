//! Lesson 01's claim: N tasks of d ms take ≈ N·d when each thread is joined
//! right after it starts, and ≈ d when all start before any is joined.

use std::time::Duration;

use workbook::lessons::threads::{start_all_then_join, start_then_join_each};
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

fn main() {
    let (tasks, work) = (10, Duration::from_millis(20));
    let mut bench = Bench::new(&format!("threads: {tasks} tasks of {work:?}"), 5);
    let serial = bench.time("start, join, start, join, …", || {
        start_then_join_each(tasks, work);
    });
    let concurrent = bench.time("start all, then join all", || {
        start_all_then_join(tasks, work);
    });
    let d = work.as_secs_f64();
    bench.claim(
        "start-join in a loop takes about N·d (time / N·d)",
        serial / (tasks as f64 * d),
        Bound::AtLeast(1.0),
    );
    bench.claim("start all then join all takes about d (time / d)", concurrent / d, Bound::AtMost(2.0));
    bench.claim(
        "so the second is many times faster (≥ N/2)",
        serial / concurrent,
        Bound::AtLeast(tasks as f64 / 2.0),
    );
    report(bench);
}
