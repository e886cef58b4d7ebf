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
use workbook::lessons::process_pool::{self, FATES, Fate, Finish, POOL};
use workbook::process::Program;
use workbook::process::pool::{Callback, ProcessPool, TaskError, TaskResult};

use common::{LIMIT, golden, refuses, stdout_ok};

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

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/process_pool.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::process_pool as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "process-pool",
            &[
                ("in-order", || check::in_order(solution::results_in_order)),
                ("task-table", || check::task_table(solution::run)),
            ],
        );
    }

    #[test]
    fn wrong_in_orders_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_order_arrival_order",
                || check::in_order(wrong_order_arrival_order::results_in_order),
                "the callbacks ran for inputs [5, 10, 4, -1, 3]",
            ),
            (
                "wrong_order_wait_inside_loop",
                || check::in_order(wrong_order_wait_inside_loop::results_in_order),
                "did not return within 1 s. It queued 0 of the 5 inputs",
            ),
            (
                "wrong_order_keeps_sender",
                || check::in_order(wrong_order_keeps_sender::results_in_order),
                "did not return within 1 s. It queued 0 of the 5 inputs",
            ),
            (
                "wrong_order_sort_by_value",
                || check::in_order(wrong_order_sort_by_value::results_in_order),
                "results_in_order returned",
            ),
            (
                "wrong_order_btreemap_by_input",
                || check::in_order(wrong_order_btreemap_by_input::results_in_order),
                "results_in_order returned",
            ),
            (
                "wrong_order_empty_input_recv",
                || check::in_order(wrong_order_empty_input_recv::results_in_order),
                "inputs []: results_in_order panicked",
            ),
            (
                "wrong_order_insert_at_k",
                || check::in_order(wrong_order_insert_at_k::results_in_order),
                "results_in_order returned",
            ),
            (
                "wrong_order_index_at_callback_time",
                || check::in_order(wrong_order_index_at_callback_time::results_in_order),
                "results_in_order returned",
            ),
            (
                "wrong_order_busy_wait",
                || check::in_order(wrong_order_busy_wait::results_in_order),
                "it checks again and again (spins)",
            ),
            (
                "wrong_order_condvar_if",
                || check::in_order(wrong_order_condvar_if::results_in_order),
                "results_in_order returned",
            ),
            (
                "wrong_order_timeout_means_done",
                || check::in_order(wrong_order_timeout_means_done::results_in_order),
                "inputs [2, 5, 1]; the task computes",
            ),
            (
                "wrong_order_no_wait",
                || check::in_order(wrong_order_no_wait::results_in_order),
                "results_in_order returned",
            ),
        ]);
    }

    #[test]
    fn right_in_orders_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_order_hashmap_by_value", || {
                check::in_order(right_order_hashmap_by_value::results_in_order)
            }),
            ("right_order_sync_channel_exact", || {
                check::in_order(right_order_sync_channel_exact::results_in_order)
            }),
            ("right_order_channel_per_input", || {
                check::in_order(right_order_channel_per_input::results_in_order)
            }),
            ("right_order_condvar_wait_while", || {
                check::in_order(right_order_condvar_wait_while::results_in_order)
            }),
            ("right_order_take_n_then_sort", || {
                check::in_order(right_order_take_n_then_sort::results_in_order)
            }),
            ("right_order_rendezvous_channel", || {
                check::in_order(right_order_rendezvous_channel::results_in_order)
            }),
        ]);
    }

    #[test]
    fn wrong_task_tables_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_table_unwraps_arguments",
                || check::task_table(wrong_table_unwraps_arguments::run),
                "square(\"seven\") killed the worker",
            ),
            (
                "wrong_table_unchecked_square",
                || check::task_table(wrong_table_unchecked_square::run),
                "square(4000000000) killed the worker",
            ),
            (
                "wrong_table_wrapping_square",
                || check::task_table(wrong_table_wrapping_square::run),
                "square(4000000000) returned Ok(Number(-2446744073709551616))",
            ),
            (
                "wrong_table_empty_mean_nan",
                || check::task_table(wrong_table_empty_mean_nan::run),
                "mean([]) returned Ok(Null)",
            ),
            (
                "wrong_table_skips_non_numbers",
                || check::task_table(wrong_table_skips_non_numbers::run),
                "mean([1,\"two\"]) returned Ok",
            ),
            (
                "wrong_table_integer_mean",
                || check::task_table(wrong_table_integer_mean::run),
                "mean([1,2,3,4]) returned Ok(Number(2))",
            ),
            (
                "wrong_table_square_accepts_fractions",
                || check::task_table(wrong_table_square_accepts_fractions::run),
                "square(2.5) returned Ok",
            ),
            (
                "wrong_table_square_unsigned_only",
                || check::task_table(wrong_table_square_unsigned_only::run),
                "square(-3000000000) returned Err",
            ),
            (
                "wrong_table_abs_bound_panics",
                || check::task_table(wrong_table_abs_bound_panics::run),
                "square(-9223372036854775808) killed the worker",
            ),
            (
                "wrong_table_bound_off_by_one",
                || check::task_table(wrong_table_bound_off_by_one::run),
                "square(3037000499) returned Err",
            ),
            (
                "wrong_table_unknown_name_null",
                || check::task_table(wrong_table_unknown_name_null::run),
                "cube(2) returned Ok(Null)",
            ),
            (
                "wrong_table_unknown_name_panics",
                || check::task_table(wrong_table_unknown_name_panics::run),
                "cube(2) killed the worker",
            ),
            (
                "wrong_table_scalar_mean",
                || check::task_table(wrong_table_scalar_mean::run),
                "mean(5) returned Ok",
            ),
            (
                "wrong_table_mean_integers_only",
                || check::task_table(wrong_table_mean_integers_only::run),
                "mean([-1.5]) returned Err",
            ),
            (
                "wrong_table_square_as_float",
                || check::task_table(wrong_table_square_as_float::run),
                "square(7) returned Ok(Number(49.0))",
            ),
            (
                "wrong_table_silent_errors",
                || check::task_table(wrong_table_silent_errors::run),
                "every bad call returned the same Err(\"error\")",
            ),
        ]);
    }

    #[test]
    fn right_task_tables_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_table_whole_floats_too", || check::task_table(right_table_whole_floats_too::run)),
            ("right_table_i128_square", || check::task_table(right_table_i128_square::run)),
            ("right_table_running_mean", || check::task_table(right_table_running_mean::run)),
            ("right_table_pattern_match", || check::task_table(right_table_pattern_match::run)),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure = check::in_order(answers::wrong_order_arrival_order::results_in_order).unwrap_err();
        assert!(failure.contains("the callbacks ran for inputs [5, 10, 4, -1, 3]"), "{failure}");
        golden("process-pool-in-order-failure.txt", &format!("{failure}\n"));
    }
}
