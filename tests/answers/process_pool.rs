//! Blind-review answers for lessons/09-process-pool (slug `process-pool`): exercises `in-order`
//! and `task-table`. Each module stands in for the whole exercise file; the exercise it does
//! not target holds the obvious correct code.

/// WRONG (in-order): each callback sends just its result; they are collected in the order
/// the callbacks run (the order tasks finish), not the order of `inputs`.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_arrival_order {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<TaskResult>();
        for &x in inputs {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send(r);
                }),
            );
        }
        drop(tx);
        rx.iter().collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): queues one input and waits for its result before queueing the next
/// (`apply`, really): a pool that runs no callback until all are queued makes it wait forever.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_wait_inside_loop {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<TaskResult>();
        let mut out = Vec::with_capacity(inputs.len());
        for &x in inputs {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send(r);
                }),
            );
            out.push(rx.recv().unwrap_or_else(|_| Err(TaskError::NoWorker("the pool went away".into()))));
        }
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): places each result by its index, but never drops its own Sender, so
/// `for (k, r) in rx` never ends after the last result: it hangs.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_keeps_sender {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): collects in arrival order, then sorts the results by their value: right
/// only when results grow with inputs and inputs are sorted (not for unsorted inputs).
#[allow(unused_imports, dead_code)]
pub mod wrong_order_sort_by_value {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<TaskResult>();
        for &x in inputs {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send(r);
                }),
            );
        }
        drop(tx);
        let mut results: Vec<TaskResult> = rx.iter().collect();
        results.sort_by_key(|r| r.as_ref().ok().and_then(Json::as_i64));
        results
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): keys results by the input *value* in a BTreeMap and returns its values:
/// that is sorted-input order, and repeated inputs collapse into one result.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_btreemap_by_input {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::collections::BTreeMap;

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(i64, TaskResult)>();
        for &x in inputs {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((x, r));
                }),
            );
        }
        drop(tx);
        let mut by_input: BTreeMap<i64, TaskResult> = BTreeMap::new();
        for (x, r) in rx {
            by_input.insert(x, r);
        }
        by_input.into_values().collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order, reviewed): keys results by input value and looks each input up. The blind
/// reviewer filed it as wrong (repeated inputs get the result of whichever of their tasks called
/// back last); but a task's result depends only on its input, so repeated inputs have equal
/// results, and every result is in its place.
#[allow(unused_imports, dead_code)]
pub mod right_order_hashmap_by_value {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::collections::HashMap;

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(i64, TaskResult)>();
        for &x in inputs {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((x, r));
                }),
            );
        }
        drop(tx);
        let by_input: HashMap<i64, TaskResult> = rx.iter().collect();
        inputs
            .iter()
            .map(|x| by_input.get(x).cloned().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
            .collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): a receive-first (do-while) loop: with empty `inputs` it still calls
/// `recv`, which fails (every Sender is gone) and the `expect` panics instead of returning [].
#[allow(unused_imports, dead_code)]
pub mod wrong_order_empty_input_recv {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let n = inputs.len();
        let mut out: Vec<Option<TaskResult>> = vec![None; n];
        let mut filled = 0;
        loop {
            let (k, r) = rx.recv().expect("a callback sends a result");
            out[k] = Some(r);
            filled += 1;
            if filled == n {
                break;
            }
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): `out.insert(k, r)` into a growing Vec (clamped to its length): inserting
/// shifts the ones already there, so any arrival order but input order scrambles them.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_insert_at_k {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<TaskResult> = Vec::with_capacity(inputs.len());
        for (k, r) in rx {
            let k = k.min(out.len());
            out.insert(k, r);
        }
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): each callback takes its "position" from a shared counter when it runs,
/// which numbers results in finishing order, not in input order.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_index_at_callback_time {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        let next = Arc::new(AtomicUsize::new(0));
        for &x in inputs {
            let tx = tx.clone();
            let next = Arc::clone(&next);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): results go into indexed slots under a Mutex, and the caller spins
/// (lock, check the count, unlock, yield) until all are in: right result, busy-waiting.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_busy_wait {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::{Arc, Condvar, Mutex};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let n = inputs.len();
        let slots: Vec<Option<TaskResult>> = vec![None; n];
        let state = Arc::new((Mutex::new((slots, 0usize)), Condvar::new()));
        for (k, &x) in inputs.iter().enumerate() {
            let state = Arc::clone(&state);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let (lock, cv) = &*state;
                    let mut g = lock.lock().unwrap();
                    g.0[k] = Some(r);
                    g.1 += 1;
                    cv.notify_all();
                }),
            );
        }
        let (lock, cv) = &*state;
        let _ = cv;
        loop {
            {
                let g = lock.lock().unwrap();
                if g.1 == n {
                    break;
                }
            }
            std::thread::yield_now();
        }
        let mut g = lock.lock().unwrap();
        let out: Vec<TaskResult> =
            g.0.iter_mut()
                .map(|s| s.take().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
                .collect();
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): waits on the Condvar with `if` instead of `while`: the first callback's
/// notify (or a spurious wake-up) ends the wait with slots still empty.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_condvar_if {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::{Arc, Condvar, Mutex};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let n = inputs.len();
        let slots: Vec<Option<TaskResult>> = vec![None; n];
        let state = Arc::new((Mutex::new((slots, 0usize)), Condvar::new()));
        for (k, &x) in inputs.iter().enumerate() {
            let state = Arc::clone(&state);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let (lock, cv) = &*state;
                    let mut g = lock.lock().unwrap();
                    g.0[k] = Some(r);
                    g.1 += 1;
                    cv.notify_all();
                }),
            );
        }
        let (lock, cv) = &*state;
        let mut g = lock.lock().unwrap();
        if g.1 < n {
            g = cv.wait(g).unwrap();
        }
        let out: Vec<TaskResult> =
            g.0.iter_mut()
                .map(|s| s.take().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
                .collect();
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): checks the count under one lock, then takes the lock again to wait:
/// a last notify that lands between the two is lost, and the caller waits forever.
///
/// A known gap: the check's callbacks run on real threads, and the answer waits on whatever it
/// likes (here a std `Condvar`), so no schedule can force the notify into that gap; the check
/// passes it unless the timing happens to bite. Kept here, out of the tables, as the record.
#[allow(unused_imports, dead_code)]
pub mod gap_order_lost_wakeup {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::{Arc, Condvar, Mutex};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let n = inputs.len();
        let slots: Vec<Option<TaskResult>> = vec![None; n];
        let state = Arc::new((Mutex::new((slots, 0usize)), Condvar::new()));
        for (k, &x) in inputs.iter().enumerate() {
            let state = Arc::clone(&state);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let (lock, cv) = &*state;
                    let mut g = lock.lock().unwrap();
                    g.0[k] = Some(r);
                    g.1 += 1;
                    cv.notify_all();
                }),
            );
        }
        let (lock, cv) = &*state;
        loop {
            if lock.lock().unwrap().1 == n {
                break;
            }
            let g = lock.lock().unwrap();
            drop(cv.wait(g).unwrap());
        }
        let mut g = lock.lock().unwrap();
        let out: Vec<TaskResult> =
            g.0.iter_mut()
                .map(|s| s.take().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
                .collect();
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): receives with a 20 ms timeout and takes a timeout to mean "all done":
/// a task slower than that is reported as missing (NoWorker) instead of waited for.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_timeout_means_done {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::time::Duration;

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        while let Ok((k, r)) = rx.recv_timeout(Duration::from_millis(20)) {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (in-order): fills indexed slots from the callbacks but returns right after queueing,
/// as if apply_async ran the task at once: the callbacks have not run yet.
#[allow(unused_imports, dead_code)]
pub mod wrong_order_no_wait {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::{Arc, Mutex};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let slots: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        let slots = Arc::new(Mutex::new(slots));
        for (k, &x) in inputs.iter().enumerate() {
            let slots = Arc::clone(&slots);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    slots.lock().unwrap()[k] = Some(r);
                }),
            );
        }
        let g = slots.lock().unwrap();
        let out: Vec<TaskResult> = g
            .iter()
            .map(|s| s.clone().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
            .collect();
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order): a bounded `sync_channel` with exactly one slot per input (no send ever
/// blocks), and `take(n)` to stop after the n-th result.
#[allow(unused_imports, dead_code)]
pub mod right_order_sync_channel_exact {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let n = inputs.len();
        let (tx, rx) = mpsc::sync_channel::<(usize, TaskResult)>(n);
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = (0..n).map(|_| None).collect();
        for (k, r) in rx.iter().take(n) {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order): one channel per input; after queueing them all, receive from each
/// receiver in input order (a late one just makes us wait for it).
#[allow(unused_imports, dead_code)]
pub mod right_order_channel_per_input {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let mut receivers = Vec::with_capacity(inputs.len());
        for &x in inputs {
            let (tx, rx) = mpsc::channel::<TaskResult>();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send(r);
                }),
            );
            receivers.push(rx);
        }
        receivers
            .into_iter()
            .map(|rx| {
                rx.recv().unwrap_or_else(|_| Err(TaskError::NoWorker("its callback was dropped".into())))
            })
            .collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order): indexed slots and a count under a std Mutex; the caller sleeps on a
/// Condvar with `wait_while(count < n)` (no spinning, no lost wake-up).
#[allow(unused_imports, dead_code)]
pub mod right_order_condvar_wait_while {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    use std::sync::{Arc, Condvar, Mutex};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let n = inputs.len();
        let slots: Vec<Option<TaskResult>> = vec![None; n];
        let state = Arc::new((Mutex::new((slots, 0usize)), Condvar::new()));
        for (k, &x) in inputs.iter().enumerate() {
            let state = Arc::clone(&state);
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let (lock, cv) = &*state;
                    let mut g = lock.lock().unwrap();
                    g.0[k] = Some(r);
                    g.1 += 1;
                    cv.notify_all();
                }),
            );
        }
        let (lock, cv) = &*state;
        let g = lock.lock().unwrap();
        let mut g = cv.wait_while(g, |s| s.1 < n).unwrap();
        let out: Vec<TaskResult> =
            g.0.iter_mut()
                .map(|s| s.take().unwrap_or_else(|| Err(TaskError::NoWorker("no result".into()))))
                .collect();
        out
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order): keeps its Sender (so it stops by count, `take(n)`), gathers (k, result)
/// pairs, sorts them by k and strips the indices.
#[allow(unused_imports, dead_code)]
pub mod right_order_take_n_then_sort {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        let mut pairs: Vec<(usize, TaskResult)> = rx.iter().take(inputs.len()).collect();
        pairs.sort_by_key(|p| p.0);
        pairs.into_iter().map(|(_, r)| r).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// RIGHT (in-order, at the edge): `sync_channel(0)`: each callback blocks in `send` until we
/// receive. Fine because callbacks run on the pool's threads, never inside apply_async.
#[allow(unused_imports, dead_code)]
pub mod right_order_rendezvous_channel {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::sync_channel::<(usize, TaskResult)>(0);
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        while let Ok((k, r)) = rx.recv() {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }

    // task-table: the obvious correct answer (this module targets in-order).
    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }
}

/// WRONG (task-table): `unwrap`s the argument's kind (as_i64, as_array, as_f64): a string
/// where a number goes panics and kills the worker instead of returning Err.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_unwraps_arguments {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().unwrap();
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().unwrap();
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs: Vec<f64> = items.iter().map(|v| v.as_f64().unwrap()).collect();
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): `n * n` without a check: a square too big for an i64 panics in a
/// debug build (killing the worker) and wraps silently in release.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_unchecked_square {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                Ok(Json::from(n * n))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): `wrapping_mul` so it cannot panic: a square too big for an i64
/// comes back as Ok(a wrong number) instead of an Err.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_wrapping_square {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                Ok(Json::from(n.wrapping_mul(n)))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): no empty check: 0.0 / 0.0 is NaN (no panic), which JSON makes
/// `null`, so an empty mean is Ok(null) instead of an Err.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_empty_mean_nan {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): `filter_map(as_f64)` quietly skips elements that are not numbers, so
/// [1, "x", 3] has mean 2 instead of being an Err (and ["x"] divides by zero: Ok(null)).
#[allow(unused_imports, dead_code)]
pub mod wrong_table_skips_non_numbers {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs: Vec<f64> = items.iter().filter_map(Json::as_f64).collect();
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): when every element is an integer, takes the integer mean (Python 2's
/// `/`): mean([1, 2]) is 1, an i64, not 1.5, an f64.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_integer_mean {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                if let Some(ints) = items.iter().map(Json::as_i64).collect::<Option<Vec<i64>>>() {
                    let sum = ints.iter().fold(0i64, |a, &b| a.saturating_add(b));
                    return Ok(Json::from(sum / ints.len() as i64));
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): square reads any number with `as_f64` and truncates it to an i64, so
/// 2.5 is squared as 2 (Ok(4)) instead of refused as not a whole number.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_square_accepts_fractions {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let f = arg.as_f64().ok_or_else(|| format!("square wants a number, not {arg}"))?;
                let n = f as i64;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): reads the argument with `as_u64`, so a negative whole number such
/// as -3 is refused instead of squared to 9.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_square_unsigned_only {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_u64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared is too big"))?;
                let sq = i64::try_from(sq).map_err(|_| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): guards the square with `n.abs() > 3_037_000_499`; `i64::MIN.abs()`
/// itself overflows (panic in debug, and in release MIN passes the guard and n * n overflows).
#[allow(unused_imports, dead_code)]
pub mod wrong_table_abs_bound_panics {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                if n.abs() > 3_037_000_499 {
                    return Err(format!("{n} squared does not fit in an i64"));
                }
                Ok(Json::from(n * n))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): refuses `|n| >= 3_037_000_499`, but 3037000499² = 9223372030926249001
/// fits in an i64: the largest squarable number is refused.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_bound_off_by_one {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                if n.unsigned_abs() >= 3_037_000_499 {
                    return Err(format!("{n} squared does not fit in an i64"));
                }
                Ok(Json::from(n * n))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): an unknown task name returns Ok(null) instead of an Err saying
/// there is no such task.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_unknown_name_null {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            _ => Ok(Json::Null),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): `unreachable!` for an unknown task name ("the pool only sends ours"):
/// the panic kills the worker.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_unknown_name_panics {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => unreachable!("no task named {other}"),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): a lone number given to mean is treated as a one-element array
/// (mean(5) = 5.0) instead of an argument of the wrong kind.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_scalar_mean {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items: Vec<Json> = match arg.as_array() {
                    Some(items) => items.clone(),
                    None => vec![arg.clone()],
                };
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): reads the elements with `as_i64`, so an array of fractional numbers
/// ([1.5, 2.5]) is refused although it is an array of numbers.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_mean_integers_only {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_i64().ok_or_else(|| format!("{v} is not an integer")))
                    .collect::<Result<Vec<i64>, String>>()?;
                let sum: f64 = xs.iter().map(|&x| x as f64).sum();
                Ok(Json::from(sum / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): the square is computed and returned as an f64 (9.0, not 9): the
/// promise is an i64, and above 2^53 the f64 square is not exact.
#[allow(unused_imports, dead_code)]
pub mod wrong_table_square_as_float {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                if n.checked_mul(n).is_none() {
                    return Err(format!("{n} squared does not fit in an i64"));
                }
                let f = n as f64;
                Ok(Json::from(f * f))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// WRONG (task-table): every refusal is the same `Err("error")`, which does not say what was
/// wrong (the doc asks for an Err "saying what was wrong").
#[allow(unused_imports, dead_code)]
pub mod wrong_table_silent_errors {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or("error")?;
                let sq = n.checked_mul(n).ok_or("error")?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or("error")?;
                if items.is_empty() {
                    return Err("error".into());
                }
                let xs = items.iter().map(Json::as_f64).collect::<Option<Vec<f64>>>().ok_or("error")?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            _ => Err("error".into()),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// RIGHT (task-table, at the edge): square also accepts a float with no fractional part
/// (3.0 -> 9) when it is in i64 range; fractions, strings and overflow are still Errs.
#[allow(unused_imports, dead_code)]
pub mod right_table_whole_floats_too {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = match (arg.as_i64(), arg.as_f64()) {
                    (Some(n), _) => n,
                    (None, Some(f))
                        if f.fract() == 0.0
                            && f >= -9.223372036854775808e18
                            && f < 9.223372036854775808e18 =>
                    {
                        f as i64
                    }
                    _ => return Err(format!("square wants a whole number, not {arg}")),
                };
                match n.checked_mul(n) {
                    Some(sq) => Ok(Json::from(sq)),
                    None => Err(format!("{n} squared does not fit in an i64")),
                }
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let xs = items
                    .iter()
                    .map(|v| v.as_f64().ok_or_else(|| format!("{v} is not a number")))
                    .collect::<Result<Vec<f64>, String>>()?;
                Ok(Json::from(xs.iter().sum::<f64>() / xs.len() as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// RIGHT (task-table): squares in i128 (cannot overflow) and narrows with i64::try_from;
/// the mean sums with try_fold, refusing a non-number at once and an empty array after.
#[allow(unused_imports, dead_code)]
pub mod right_table_i128_square {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let Some(n) = arg.as_i64() else {
                    return Err(format!("square: {arg} is not a whole number"));
                };
                let wide = i128::from(n) * i128::from(n);
                i64::try_from(wide)
                    .map(Json::from)
                    .map_err(|_| format!("square: {n}^2 = {wide} is too big for an i64"))
            }
            "mean" => {
                let Some(items) = arg.as_array() else {
                    return Err(format!("mean: {arg} is not an array"));
                };
                let (sum, count) = items.iter().try_fold((0.0f64, 0usize), |(s, c), v| match v.as_f64() {
                    Some(x) => Ok((s + x, c + 1)),
                    None => Err(format!("mean: element {v} is not a number")),
                })?;
                if count == 0 {
                    return Err("mean: the array is empty".into());
                }
                Ok(Json::from(sum / count as f64))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// RIGHT (task-table, at the edge): the mean is computed as a running average
/// (m += (x - m) / k), which cannot overflow to inf but may differ from sum/len in the last bit.
#[allow(unused_imports, dead_code)]
pub mod right_table_running_mean {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match name {
            "square" => {
                let n = arg.as_i64().ok_or_else(|| format!("square wants a whole number, not {arg}"))?;
                let sq = n.checked_mul(n).ok_or_else(|| format!("{n} squared does not fit in an i64"))?;
                Ok(Json::from(sq))
            }
            "mean" => {
                let items = arg.as_array().ok_or_else(|| format!("mean wants an array, not {arg}"))?;
                if items.is_empty() {
                    return Err("mean of an empty array".into());
                }
                let mut m = 0.0f64;
                for (i, v) in items.iter().enumerate() {
                    let x = v.as_f64().ok_or_else(|| format!("{v} is not a number"))?;
                    m += (x - m) / (i + 1) as f64;
                }
                Ok(Json::from(m))
            }
            other => Err(format!("no task named {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}

/// RIGHT (task-table): matches on (name, &arg) with JSON patterns (Number, Array) and falls
/// through to Errs; no unwrap anywhere.
#[allow(unused_imports, dead_code)]
pub mod right_table_pattern_match {
    use std::sync::mpsc;

    use serde_json::Value as Json;
    use workbook::process::pool::{Callback, TaskError, TaskResult};

    pub fn run(name: &str, arg: Json) -> Result<Json, String> {
        match (name, &arg) {
            ("square", Json::Number(num)) => {
                let n =
                    num.as_i64().ok_or_else(|| format!("{num} is not a whole number that fits an i64"))?;
                n.checked_mul(n).map(Json::from).ok_or_else(|| format!("{n} squared overflows an i64"))
            }
            ("mean", Json::Array(items)) if !items.is_empty() => {
                let mut sum = 0.0f64;
                for v in items {
                    match v {
                        Json::Number(x) => {
                            sum += x.as_f64().ok_or_else(|| format!("{x} is not a usable number"))?
                        }
                        other => return Err(format!("mean: {other} is not a number")),
                    }
                }
                Ok(Json::from(sum / items.len() as f64))
            }
            ("mean", Json::Array(_)) => Err("mean: the array is empty".into()),
            ("square" | "mean", other) => Err(format!("{name}: an argument of the wrong kind: {other}")),
            (other, _) => Err(format!("unknown task {other:?}")),
        }
    }

    // in-order: the obvious correct answer (this module targets task-table).
    pub fn results_in_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
        let (tx, rx) = mpsc::channel::<(usize, TaskResult)>();
        for (k, &x) in inputs.iter().enumerate() {
            let tx = tx.clone();
            apply_async(
                x,
                Box::new(move |r: TaskResult| {
                    let _ = tx.send((k, r));
                }),
            );
        }
        drop(tx);
        let mut out: Vec<Option<TaskResult>> = vec![None; inputs.len()];
        for (k, r) in rx {
            out[k] = Some(r);
        }
        out.into_iter().map(|r| r.unwrap_or_else(|| Err(TaskError::NoWorker("no result".into())))).collect()
    }
}
