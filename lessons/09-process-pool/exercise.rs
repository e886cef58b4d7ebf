//! Lesson 09 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check process-pool` (or `cargo test`). Stuck? `just hint
//! process-pool`.

use std::sync::mpsc;

use serde_json::Value as Json;
use workbook::process::pool::{Callback, TaskResult};

// ANCHOR: in-order
/// Queues `x` for every input with `apply_async` (a stand-in for
/// `|x, callback| pool.apply_async("task", x, callback)`), and returns the
/// results in the order of `inputs`.
///
/// Callbacks run in the order the tasks *finish*, on the pool's threads,
/// and none may run until every input has been queued.
pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
    // TODO: queue them all, then put each result in its input's place.
    todo!()
}
// ANCHOR_END: in-order

// ANCHOR: task-table
/// A worker's task table, for `pool::serve`:
///
/// - `"square"`: a whole number → its square, an `i64`;
/// - `"mean"`: a non-empty array of numbers → their mean, an `f64`.
///
/// Anything else (an unknown name, an argument of the wrong kind, an
/// empty array, a square too big for an `i64`) is an `Err` saying what
/// was wrong. It must never panic: a panic kills the worker process.
pub fn run(name: &str, arg: Json) -> Result<Json, String> {
    // TODO: match on the name; check the argument before using it.
    todo!()
}
// ANCHOR_END: task-table
