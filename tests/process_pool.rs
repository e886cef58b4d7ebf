//! Lesson 09: a pool of real worker processes (this crate's `process-pool`
//! binary in worker mode). A program that ends without `join` loses every
//! callback; code that takes the k-th callback for task k pairs results
//! with the wrong tasks, forced by a gate that lets tasks finish in a
//! scripted order. Workers that panic, abort, exit or are killed fail only
//! their own task, are replaced, and no task is lost or runs twice.
//!
//! Every wait has a deadline: the lesson gives up after its own `LIMIT`,
//! and each test runs under `within`.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/09-process-pool/solution.rs"]
mod solution;

use std::time::Duration;

use serde_json::{Value as Json, json};
use workbook::deadline::within;
use workbook::exercises::process_pool as check;
use workbook::lessons::process_pool::{self, FATES, Fate, Finish, POOL};
use workbook::process::Program;
use workbook::process::pool::{Callback, ProcessPool, TaskError, TaskResult};

use common::{LIMIT, golden, refuses, rejects, stdout_ok};

const EXE: &str = env!("CARGO_BIN_EXE_process-pool");

/// Runs `f` with the lesson's program, failing the test if it takes longer
/// than `LIMIT`.
fn with_program<T: Send + 'static>(what: &str, f: impl FnOnce(Program) -> T + Send + 'static) -> T {
    within(LIMIT, what, move || f(Program::new(EXE)))
}

#[test]
fn apply_returns_in_order_and_every_callback_runs_before_join_returns() {
    let o = with_program("Foo", |p| process_pool::foo(&p, 3, 10, Duration::from_millis(1)).unwrap());
    let hundreds: Vec<TaskResult> = (100..110).map(|n| Ok(n.into())).collect();
    assert_eq!(o.applied, hundreds);
    let mut called: Vec<(i64, TaskResult)> = o.called_back;
    called.sort_by_key(|(i, _)| *i);
    assert_eq!(called, (0..10).map(|i| (i, Ok((i + 100).into()))).collect::<Vec<_>>());
}

#[test]
fn a_program_that_ends_without_join_runs_no_callback() {
    // The tasks sleep far longer than the program takes to end: dropping
    // the pool kills the workers, so none can finish.
    let o = with_program("no join", |p| {
        process_pool::exit_early(&p, 2, 6, Duration::from_secs(30), false).unwrap()
    });
    assert_eq!((o.queued, o.called_back.len()), (6, 0), "{o:?}");
    assert_eq!(o.status, "exit status: 0");
    assert!(o.took < Duration::from_secs(20), "the drop did not wait for the tasks: {o:?}");
}

#[test]
fn a_program_that_joins_gets_every_callback() {
    let o =
        with_program("join", |p| process_pool::exit_early(&p, 2, 6, Duration::from_millis(1), true).unwrap());
    let mut got = o.called_back.clone();
    got.sort_unstable();
    assert_eq!(got, [100, 101, 102, 103, 104, 105], "{o:?}");
    assert_eq!(o.status, "exit status: 0");
}

#[test]
fn callbacks_come_in_the_order_tasks_finish_not_the_order_queued() {
    let o = with_program("reverse", |p| {
        process_pool::callback_order(&p, 2, 5, &process_pool::reversed(5)).unwrap()
    });
    assert!(o.complete(), "{o:?}");
    let order: Vec<i64> = o.called_back.iter().map(|&(i, _)| i).collect();
    assert_eq!(order, [4, 3, 2, 1, 0], "the gate's script decides, on every run");
    assert_eq!(o.mismatched(), 4, "only the middle one lines up");
    golden("process-pool-order.txt", &o.table());

    let script = vec![1, 3, 0, 2];
    let o = with_program("a shuffle", move |p| {
        process_pool::callback_order(&p, 4, 4, &Finish::Scripted(script)).unwrap()
    });
    let order: Vec<i64> = o.called_back.iter().map(|&(i, _)| i).collect();
    assert_eq!(order, [1, 3, 0, 2]);
    assert_eq!(o.mismatched(), 4);
}

#[test]
fn free_order_loses_nothing_and_map_keeps_input_order() {
    let o = with_program("free", |p| {
        process_pool::callback_order(&p, 3, 9, &Finish::Free(Duration::from_millis(2))).unwrap()
    });
    assert!(o.complete(), "every callback once, map in input order: {o:?}");
}

#[test]
fn workers_that_panic_abort_exit_or_are_killed_fail_their_task_only() {
    let o = with_program("crashes", |p| process_pool::crashes(&p, 3, &FATES).unwrap());
    assert!(o.kept(), "{}", o.table());
    assert_eq!(o.replaced, 4);
    let died = |fate: Fate| {
        let (_, result) = o.results.iter().find(|(f, _)| *f == fate).unwrap();
        match result {
            Err(TaskError::WorkerDied(how)) => how.clone(),
            other => panic!("{fate:?}: {other:?}"),
        }
    };
    assert_eq!(died(Fate::Panic), "exit status: 101");
    assert_eq!(died(Fate::Abort), "signal: 6 (SIGABRT)");
    assert_eq!(died(Fate::Exit), "exit status: 3");
    assert_eq!(died(Fate::Kill), "signal: 9 (SIGKILL)");
    golden("process-pool-crashes.txt", &o.table());
}

#[test]
fn a_worker_killed_mid_chunk_fails_that_chunk_and_the_pool_goes_on() {
    with_program("a chunk", |p| {
        let gate = process_pool::Gate::new().unwrap();
        let pool = ProcessPool::new(&p, POOL, 1).unwrap();
        let log = workbook::process::scratch("chunk.log");
        std::fs::write(&log, "").unwrap();
        let arg = |i: i64, fate: &str| json!({ "i": i, "fate": fate, "log": log, "gate": gate.path() });
        let args = vec![arg(0, "return"), arg(1, "hang"), arg(2, "return"), arg(3, "return")];
        let killer = std::thread::scope(|s| {
            let mapped = s.spawn(|| pool.map("record", args, 2));
            let arrival = gate.arrival(Duration::from_secs(10)).unwrap();
            workbook::process::kill9(arrival.pid).unwrap();
            mapped.join().unwrap()
        });
        assert!(killer[..2].iter().all(|r| matches!(r, Err(TaskError::WorkerDied(_)))), "{killer:?}");
        assert_eq!(killer[2..], [Ok(2.into()), Ok(3.into())]);
        assert_eq!(pool.apply("add-one", 41), Ok(42.into()), "a new worker took over");
        assert_eq!(pool.replaced(), 1);
        pool.join();
        let ran = std::fs::read_to_string(&log).unwrap();
        let _ = std::fs::remove_file(&log);
        assert_eq!(ran, "0\n1\n2\n3\n", "each ran once");
    });
}

#[test]
fn a_closed_pool_refuses_new_tasks_and_bad_tasks_fail_without_killing_a_worker() {
    with_program("closed", |p| {
        let pool = ProcessPool::new(&p, POOL, 1).unwrap();
        assert!(matches!(pool.apply("no-such-task", 1), Err(TaskError::Failed(e)) if e.contains("no task")));
        assert!(
            matches!(pool.apply("add-one", "one"), Err(TaskError::Failed(e)) if e.contains("not a whole number"))
        );
        assert_eq!(pool.replaced(), 0);
        pool.close();
        assert!(matches!(pool.apply("add-one", 1), Err(TaskError::NoWorker(_))));
        pool.join();
    });
}

#[test]
fn rayon_and_the_process_pool_compute_the_same_and_an_abort_ends_rayons_program() {
    let v = with_program("versus", |p| process_pool::versus_rayon(&p, 2, 16, 1000).unwrap());
    assert!(v.same, "{v:?}");
    let status = with_program("abort", |p| process_pool::abort_in_rayon(&p).unwrap());
    assert_eq!(status, "signal: 6 (SIGABRT)");
}

#[test]
fn the_solutions_work_on_a_real_pool() {
    with_program("solutions", |p| {
        let pool = ProcessPool::new(&p, POOL, 3).unwrap();
        let apply_async = |x: i64, callback: Callback| pool.apply_async("add-one", x, callback);
        let inputs: Vec<i64> = (0..50).collect();
        let got = solution::results_in_order(&apply_async, &inputs);
        assert_eq!(got, (1..=50).map(|n| Ok(Json::from(n))).collect::<Vec<_>>());
        pool.join();
    });
    assert!(check::in_order(solution::results_in_order).is_ok());
    assert!(check::task_table(solution::run).is_ok());
}

/// Pushes each result as its callback runs: the order tasks finished.
fn in_callback_order(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
    let (tx, rx) = std::sync::mpsc::channel();
    for &x in inputs {
        let tx = tx.clone();
        apply_async(x, Box::new(move |r| drop(tx.send(r))));
    }
    drop(tx);
    rx.iter().collect()
}

/// Waits for each result before queueing the next.
fn one_at_a_time(apply_async: &dyn Fn(i64, Callback), inputs: &[i64]) -> Vec<TaskResult> {
    inputs
        .iter()
        .map(|&x| {
            let (tx, rx) = std::sync::mpsc::channel();
            apply_async(x, Box::new(move |r| drop(tx.send(r))));
            rx.recv().unwrap_or(Err(TaskError::NoWorker("gone".into())))
        })
        .collect()
}

/// Unwraps its way through: a bad argument panics the worker.
fn unwrapping(name: &str, arg: Json) -> Result<Json, String> {
    match name {
        "square" => Ok((arg.as_i64().unwrap().pow(2)).into()),
        "mean" => {
            let v: Vec<f64> = arg.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
            Ok((v.iter().sum::<f64>() / v.len() as f64).into())
        }
        other => Err(format!("no task {other}")),
    }
}

#[test]
fn wrong_answers_are_rejected() {
    let failure = check::in_order(in_callback_order).unwrap_err();
    assert!(failure.contains("the callbacks ran for inputs [5, 10, 4, -1, 3]"), "{failure}");
    golden("process-pool-in-order-failure.txt", &format!("{failure}\n"));
    assert!(check::in_order(one_at_a_time).unwrap_err().contains("did not return within"));
    let failure = check::task_table(unwrapping).unwrap_err();
    assert!(failure.contains("killed the worker"), "{failure}");
    assert!(rejects(|| check::task_table(|_, _| Ok(Json::Null))));
}

#[test]
fn the_binary_runs_and_refuses_bad_flags() {
    let out = stdout_ok(EXE, &["--workers", "3", "--tasks", "6", "--sleep-ms", "5"]);
    for line in ["0/6 callbacks ran", "6/6 callbacks ran", "4 workers died and were replaced", "SIGABRT"] {
        assert!(out.contains(line), "no {line:?} in:\n{out}");
    }
    assert!(!out.contains("bug in the workbook"), "{out}");
    refuses(EXE, &["--workers", "0"]);
    refuses(EXE, &["--sleep-ms", "fast"]);
    refuses(EXE, &["--mode", "sideways"]);
}
