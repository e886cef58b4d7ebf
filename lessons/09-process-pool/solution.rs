//! Lesson 09: the reference solutions. `cargo test --features solutions`
//! checks them with the same checks as the exercises.

use std::sync::mpsc;

use serde_json::Value as Json;
use workbook::process::pool::{Callback, TaskResult};

// ANCHOR: in-order
/// Queues `x` for every input with `apply_async`, and returns the results
/// in the order of `inputs`.
pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
    let (tx, rx) = mpsc::channel();
    for (k, &x) in inputs.iter().enumerate() {
        let tx = tx.clone();
        // The callback carries its input's position: whatever order they
        // run in, each result knows where it belongs.
        apply_async(x, Box::new(move |result| drop(tx.send((k, result)))));
    }
    drop(tx); // so that `rx` ends if a callback is dropped unrun
    let mut results: Vec<Option<TaskResult>> = inputs.iter().map(|_| None).collect();
    for (k, result) in rx {
        results[k] = Some(result);
    }
    results.into_iter().map(|r| r.unwrap_or_else(|| Err(lost()))).collect()
}

fn lost() -> workbook::process::pool::TaskError {
    workbook::process::pool::TaskError::NoWorker("its callback never ran".into())
}
// ANCHOR_END: in-order

// ANCHOR: task-table
/// A worker's task table, for `pool::serve`: `"square"` and `"mean"`.
pub fn run(name: &str, arg: Json) -> Result<Json, String> {
    match name {
        "square" => {
            let n = arg.as_i64().ok_or_else(|| format!("square: {arg} is not a whole number"))?;
            let square = n.checked_mul(n).ok_or_else(|| format!("square: {n}² is too big"))?;
            Ok(square.into())
        }
        "mean" => {
            let items = arg.as_array().ok_or_else(|| format!("mean: {arg} is not an array"))?;
            if items.is_empty() {
                return Err("mean: of nothing".into());
            }
            let numbers: Vec<f64> = items
                .iter()
                .map(|x| x.as_f64().ok_or_else(|| format!("mean: {x} is not a number")))
                .collect::<Result<_, _>>()?;
            Ok((numbers.iter().sum::<f64>() / numbers.len() as f64).into())
        }
        other => Err(format!("no task is named {other:?}")),
    }
}
// ANCHOR_END: task-table
