//! Checks for lesson 09's exercises.

use std::io;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

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
/// equals its input; 13 is unlucky, and fails.
fn task(x: i64) -> TaskResult {
    if x == 13 { Err(TaskError::Failed("13 is unlucky".into())) } else { Ok((x * x + 1).into()) }
}

/// A callback the stand-in pool holds back, with its input (`None` once
/// it has been handed to a thread to run).
type Held = Option<(i64, Callback)>;

/// `in-order`: the answer queues every input and returns the results in
/// input order, whatever order the callbacks run in. The stand-in for
/// `apply_async` keeps each callback until every input is queued, then
/// runs them from two threads in a scripted order: reversed, shuffled,
/// and as submitted. The inputs include a repeat, its negative (the same
/// result), a task that fails, and none at all.
///
/// # Errors
///
/// The order the callbacks ran in and what the answer returned; or that
/// it waited for a result before queueing every input.
pub fn in_order(answer: InOrder) -> Result<(), String> {
    let cases: [&[i64]; 4] = [&[3, -1, 4, 10, 5], &[3, -3, 13, 3, 0], &[7], &[]];
    for inputs in cases {
        let n = inputs.len();
        let orders: Vec<Vec<usize>> =
            vec![(0..n).rev().collect(), (0..n).map(|k| (k * 2 + 1) % n.max(1)).collect(), (0..n).collect()];
        for order in orders {
            one_order(answer, inputs, &order, Duration::ZERO)?;
        }
    }
    // A pool that takes its time: the answer must wait for it (not give up
    // after a timeout) and sleep while it waits (not spin).
    one_order(answer, &[2, 5, 1], &[1, 2, 0], SLOW)
}

/// How long the slow stand-in pool takes before it runs any callback.
const SLOW: Duration = Duration::from_millis(150);

/// What the calling thread has done so far: its CPU time, and how many
/// times the kernel switched it out while it could still run (a thread
/// that sleeps is switched out when it blocks; one that spins, or spins
/// with `yield_now`, while other threads want the CPU, is switched out
/// while still runnable, again and again).
fn activity() -> (Duration, u64) {
    let cpu = nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID)
        .map_or(Duration::ZERO, |t| Duration::new(t.tv_sec() as u64, t.tv_nsec() as u32));
    let status = std::fs::read_to_string("/proc/thread-self/status").unwrap_or_default();
    let switched = status
        .lines()
        .find_map(|l| l.strip_prefix("nonvoluntary_ctxt_switches:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    (cpu, switched)
}

/// One run of `in-order`: `inputs`, their callbacks run in `order`.
fn one_order(
    answer: InOrder,
    inputs: &'static [i64],
    order: &[usize],
    delay: Duration,
) -> Result<(), String> {
    let order: Vec<usize> = {
        // A permutation of 0..n, whatever the formula gave.
        let mut seen = vec![false; inputs.len()];
        let mut o: Vec<usize> =
            order.iter().copied().filter(|&k| !std::mem::replace(&mut seen[k], true)).collect();
        o.extend((0..inputs.len()).filter(|&k| !seen[k]));
        o
    };
    let queued: Arc<Mutex<Vec<Held>>> = Arc::new(Mutex::new(Vec::new()));
    let finished = Arc::clone(&queued);
    let script = order.clone();
    let apply_async = move |x: i64, callback: Callback| {
        let mut queued = queued.lock().unwrap_or_else(PoisonError::into_inner);
        queued.push(Some((x, callback)));
        if queued.len() == inputs.len() {
            let mut calls: Vec<(i64, Callback)> = script.iter().filter_map(|&k| queued[k].take()).collect();
            // Two "dispatchers": the first runs the first half in the
            // script's order, then lets the second run the rest.
            let rest = calls.split_off(calls.len() / 2);
            thread::spawn(move || {
                thread::sleep(delay); // the tasks take this long
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
    let got = deadline::try_within(RENDEZVOUS, "results_in_order", move || {
        let sink = super::PanicSink::default();
        let _collecting = super::collect_panics(&sink);
        let (cpu, switched) = activity();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(&apply_async, inputs)))
            .map(|got| {
                let (cpu_after, switched_after) = activity();
                (got, cpu_after.saturating_sub(cpu), switched_after.saturating_sub(switched))
            })
            .map_err(|_| super::first_panic(&sink).unwrap_or_default())
    });
    let Ok(got) = got else {
        // Drop the callbacks held back, so that an answer waiting on
        // one of them wakes up and ends.
        finished.lock().unwrap_or_else(PoisonError::into_inner).clear();
        return Err(format!(
            "inputs {inputs:?}: results_in_order did not return within {} s. It queued {} of the \
             {} inputs: a result was awaited before every task was queued (the pool runs none of \
             them until then here), or a result was awaited that never came",
            RENDEZVOUS.as_secs(),
            finished.lock().unwrap_or_else(PoisonError::into_inner).len(),
            inputs.len()
        ));
    };
    let (got, cpu, switched) =
        got.map_err(|why| format!("inputs {inputs:?}: results_in_order panicked: {why}"))?;
    let want: Vec<TaskResult> = inputs.iter().map(|&x| task(x)).collect();
    if got != want {
        let came: Vec<i64> = order.iter().map(|&k| inputs[k]).collect();
        return Err(format!(
            "inputs {inputs:?}; the task computes x² + 1 (and fails for 13).\n\
             the callbacks ran for inputs {came:?}, in that order.\n\
             results_in_order returned {}\n\
             it should return          {}",
            shown(&got),
            shown(&want)
        ));
    }
    // Waiting costs a correct answer well under a millisecond of CPU and a
    // switch or two; a spinner burns the CPU for the whole wait on an idle
    // machine, and on a busy one is switched out again and again.
    if delay > Duration::ZERO && (cpu > delay / 10 || switched > 10) {
        return Err(format!(
            "inputs {inputs:?}, with tasks that take {delay:?}: results_in_order kept running while \
             it waited ({cpu:?} of CPU, switched out {switched} times while still runnable): it \
             checks again and again (spins) instead of sleeping until a result arrives (a \
             channel's recv, or a condition variable's wait)"
        ));
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

/// `task-table`: right answers for good arguments (a square at the edge of
/// `i64`, a mean that is whole but still an `f64`, a mean of mixed numbers),
/// an `Err` (not a panic, which would kill the worker) for every bad one,
/// not the same for all of them (it says what was wrong): not a number, a fraction, null, a
/// square one past the edge and of `i64::MIN`, an empty array, a bad
/// element, an object, a lone number for `mean`, an unknown or empty name. The table runs in a
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
    let good: [(&str, Json, Json); 8] = [
        ("square", json!(7), json!(49)),
        ("square", json!(0), json!(0)),
        ("square", json!(-3_000_000_000i64), json!(9_000_000_000_000_000_000i64)),
        ("square", json!(3_037_000_499i64), json!(9_223_372_030_926_249_001i64)),
        ("mean", json!([1, 2, 3, 4]), json!(2.5)),
        ("mean", json!([2, 2]), json!(2.0)),
        ("mean", json!([-1.5]), json!(-1.5)),
        ("mean", json!([1, 0.5]), json!(0.75)),
    ];
    for (name, arg, want) in good {
        let got = pool.apply(name, arg.clone());
        // A mean is an f64: `2.0`, not `2` (JSON keeps them apart).
        let same = got.as_ref().is_ok_and(|g| g == &want && g.is_f64() == want.is_f64());
        if !same {
            return Err(format!("{name}({arg}) returned {got:?}; it should be Ok({want})"));
        }
    }
    let bad: [(&str, Json); 12] = [
        ("square", json!("seven")),
        ("square", json!(4_000_000_000i64)),
        ("square", json!(3_037_000_500i64)),
        ("square", json!(i64::MIN)),
        ("square", json!(2.5)),
        ("square", json!(null)),
        ("mean", json!([])),
        ("mean", json!([1, "two"])),
        ("mean", json!({ "numbers": [1, 2] })),
        ("mean", json!(5)),
        ("cube", json!(2)),
        ("", json!(1)),
    ];
    let mut reasons = Vec::new();
    for (name, arg) in bad {
        match pool.apply(name, arg.clone()) {
            Err(TaskError::Failed(why)) => reasons.push(why),
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
    reasons.sort_unstable();
    reasons.dedup();
    if reasons.len() == 1 {
        return Err(format!(
            "every bad call returned the same Err({:?}): say what was wrong with each",
            reasons[0]
        ));
    }
    if pool.replaced() != 0 {
        return Err("a worker died along the way".into());
    }
    pool.join();
    Ok(())
}
