//! Lesson 02 exercises. Edit the functions below, delete their `todo!()`,
//! then run `just check gil` (or `cargo test`). Stuck? `just hint gil`.

use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

// ANCHOR: merge-once
/// Adds `work(x)` for every `x` in `items` to the interpreter's `total`.
/// `work` is plain Rust and needs no GIL; `total` lives in the interpreter
/// and does.
pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
    // TODO: this holds the GIL for every item, work included, so two threads
    // never work at the same time. Work without the GIL, then take it once
    // to add your result.
    for &x in items {
        let mut py = gil.acquire();
        py.total += work(x);
    }
    todo!("gil/merge-once: work without the GIL, merge once")
}
// ANCHOR_END: merge-once

// ANCHOR: allow-threads
/// Handles one request the way a C extension would: called with the GIL
/// held, it fetches the page (`fetch` waits on the network and needs no
/// GIL), counts the request in `py.requests`, and returns the page.
pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
    // TODO: the fetch runs with the GIL held, so no other thread can run
    // meanwhile. Release the GIL just for the fetch.
    let page = fetch(url);
    py.requests += 1;
    todo!("gil/allow-threads: release the GIL around the fetch")
}
// ANCHOR_END: allow-threads
