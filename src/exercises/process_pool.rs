//! Checks for lesson 09's exercises.

use std::io;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use serde_json::{Value as Json, json};

use super::RENDEZVOUS;
use crate::deadline;
use crate::process::Pipe;
use crate::process::pool::{self, Callback, Done, ProcessPool, TaskError, TaskResult, Worker};

/// The learner's `results_in_order`.
pub type InOrder = fn(&dyn Fn(i64, Callback), &[i64]) -> Vec<TaskResult>;

/// The learner's task table.
pub type TaskTable = fn(&str, Json) -> Done;

/// What the stand-in pool's task computes: `x² + 1`, so that no result
/// equals its input.
fn task(x: i64) -> TaskResult {
    Ok((x * x + 1).into())
}

/// A callback the stand-in pool holds back, with its input (`None` once
/// it has been handed to a thread to run).
type Held = Option<(i64, Callback)>;

/// The orders the stand-in pool finishes 5 tasks in: reverse, a shuffle,
/// and submission order (which a right answer must handle too).
const ORDERS: [[usize; 5]; 3] = [[4, 3, 2, 1, 0], [2, 0, 4, 1, 3], [0, 1, 2, 3, 4]];

/// `in-order`: the answer queues every input and returns the results in
/// input order, whatever order the callbacks run in. The stand-in for
/// `apply_async` keeps each callback until every input is queued, then
/// runs them from two threads in a scripted order.
///
/// # Errors
///
/// The order the callbacks ran in and what the answer returned; or that
/// it waited for a result before queueing every input.
pub fn in_order(answer: InOrder) -> Result<(), String> {
    let inputs = [3, -1, 4, 10, 5];
    for order in ORDERS {
        let queued: Arc<Mutex<Vec<Held>>> = Arc::new(Mutex::new(Vec::new()));
        let finished = Arc::clone(&queued);
        let apply_async = move |x: i64, callback: Callback| {
            let mut queued = queued.lock().unwrap_or_else(PoisonError::into_inner);
            queued.push(Some((x, callback)));
            if queued.len() == inputs.len() {
                let mut calls: Vec<(i64, Callback)> =
                    order.iter().filter_map(|&k| queued[k].take()).collect();
                // Two "dispatchers": the first runs the first half in the
                // script's order, then lets the second run the rest.
                let rest = calls.split_off(calls.len() / 2);
                thread::spawn(move || {
                    for (x, callback) in calls {
                        callback(task(x));
                    }
                    thread::spawn(move || {
                        for (x, callback) in rest {
                            callback(task(x));
                        }
                    });
                });
            }
        };
        let got = deadline::try_within(RENDEZVOUS, "results_in_order", move || answer(&apply_async, &inputs));
        let Ok(got) = got else {
            // Drop the callbacks held back, so that an answer waiting on
            // one of them wakes up and ends.
            finished.lock().unwrap_or_else(PoisonError::into_inner).clear();
            return Err(format!(
                "results_in_order did not return within {} s. It queued {} of the {} inputs: a \
                 result was awaited before every task was queued (the pool runs none of them \
                 until then here), or a result was awaited that never came",
                RENDEZVOUS.as_secs(),
                finished.lock().unwrap_or_else(PoisonError::into_inner).len(),
                inputs.len()
            ));
        };
        let want: Vec<TaskResult> = inputs.iter().map(|&x| task(x)).collect();
        if got != want {
            let came: Vec<i64> = order.iter().map(|&k| inputs[k]).collect();
            return Err(format!(
                "inputs {inputs:?}; the task computes x² + 1.\n\
                 the callbacks ran for inputs {came:?}, in that order.\n\
                 results_in_order returned {}\n\
                 it should return          {}",
                shown(&got),
                shown(&want)
            ));
        }
    }
    Ok(())
}

fn shown(results: &[TaskResult]) -> String {
    let parts: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(v) => v.to_string(),
            Err(e) => format!("Err({e})"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// `task-table`: right answers for good arguments, an `Err` (not a panic,
/// which would kill the worker) for every bad one. The table runs in a
/// pool of one worker, a thread standing in for a process: if it
/// panics, the worker dies just the same.
///
/// # Errors
///
/// The call that went wrong, what came back, and what should have.
pub fn task_table(answer: TaskTable) -> Result<(), String> {
    let spawn = move |_slot: usize| -> io::Result<Worker> {
        let (ours, theirs) = UnixStream::pair()?;
        let pipe = Pipe::new(theirs.try_clone()?, theirs);
        thread::Builder::new().name("worker".into()).spawn(move || pool::serve(pipe, answer))?;
        Ok(Worker::pipe(Pipe::new(ours.try_clone()?, ours)))
    };
    let pool = ProcessPool::with_spawn(1, Arc::new(spawn)).map_err(|e| e.to_string())?;
    let good: [(&str, Json, Json); 4] = [
        ("square", json!(7), json!(49)),
        ("square", json!(-3_000_000_000i64), json!(9_000_000_000_000_000_000i64)),
        ("mean", json!([1, 2, 3, 4]), json!(2.5)),
        ("mean", json!([-1.5]), json!(-1.5)),
    ];
    for (name, arg, want) in good {
        let got = pool.apply(name, arg.clone());
        if got.as_ref() != Ok(&want) {
            return Err(format!("{name}({arg}) returned {got:?}; it should be Ok({want})"));
        }
    }
    let bad: [(&str, Json); 7] = [
        ("square", json!("seven")),
        ("square", json!(4_000_000_000i64)),
        ("square", json!(2.5)),
        ("mean", json!([])),
        ("mean", json!([1, "two"])),
        ("mean", json!({ "numbers": [1, 2] })),
        ("cube", json!(2)),
    ];
    for (name, arg) in bad {
        match pool.apply(name, arg.clone()) {
            Err(TaskError::Failed(_)) => {}
            Err(TaskError::WorkerDied(_)) | Err(TaskError::NoWorker(_)) => {
                return Err(format!(
                    "{name}({arg}) killed the worker: a panic in a task ends the whole worker \
                     process, and every task queued behind it waits for a new one. Return an \
                     Err for bad input instead"
                ));
            }
            other => return Err(format!("{name}({arg}) returned {other:?}; it should be an Err")),
        }
    }
    if pool.replaced() != 0 {
        return Err("a worker died along the way".into());
    }
    pool.join();
    Ok(())
}
