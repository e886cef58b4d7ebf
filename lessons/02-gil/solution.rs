//! Lesson 02, reference solutions. Try the exercises first!

use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

// ANCHOR: merge-once
/// Adds `work(x)` for every `x` in `items` to the interpreter's `total`.
/// `work` is plain Rust and needs no GIL; `total` lives in the interpreter
/// and does.
pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
    let mine: u64 = items.iter().map(|&x| work(x)).sum(); // no GIL: runs alongside other threads
    gil.acquire().total += mine;
    // ^^^^^^^ taken once, for the one step that touches interpreter state
}
// ANCHOR_END: merge-once

// ANCHOR: allow-threads
/// Handles one request the way a C extension would: called with the GIL
/// held, it fetches the page (`fetch` waits on the network and needs no
/// GIL), counts the request in `py.requests`, and returns the page.
pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
    let page = py.allow_threads(|| fetch(url));
    //            ^^^^^^^^^^^^^ the GIL is free while we wait; other threads run
    py.requests += 1; // the GIL is held again here
    page
}
// ANCHOR_END: allow-threads
