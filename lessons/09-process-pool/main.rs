//! `cargo run --bin process-pool`: lesson 09. Python's `Pool(5)` program
//! with `apply` and `apply_async`; a program that ends without `join`; code
//! that takes callbacks to come in submission order; workers that panic,
//! abort, exit or are killed; and the same CPU-bound work on rayon. See
//! book/src/09-process-pool.md.
//!
//! The same binary is its own worker: `process-pool worker pool` serves
//! the lesson's tasks (see `workbook::process::pool`).

use std::time::Duration;

use clap::Parser;
use workbook::cli::{self, Mode, Style};
use workbook::lessons::process_pool::{self, FATES, Finish};
use workbook::process::pool::TaskResult;
use workbook::process::{self, Program};

const PROGRAM: &str = "process-pool";

/// Lesson 09: a process pool. Wrong: ending the program without join;
/// taking the k-th callback for the k-th task. Right: close + join; a
/// callback that carries its input, or map. Workers that crash are
/// replaced, and only their task fails.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    /// Which versions to run
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    mode: Mode,

    /// Worker processes in the pool (Python's program: 5)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=64))]
    workers: u16,

    /// Calls of Foo (Python's program: 10)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
    tasks: u16,

    /// How long Foo sleeps, in ms (Python's program: 2000)
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=5_000))]
    sleep_ms: u64,
}

fn main() {
    if let Some((role, args)) = process::worker_args() {
        // Started by the lesson as a pool worker or a child program.
        if let Err(e) = process_pool::worker(&role, &args) {
            eprintln!("{PROGRAM} worker {role}: {e}");
            std::process::exit(1);
        }
        return;
    }
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let style = Style::detect();
    let program = Program::current().unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    let (workers, tasks) = (usize::from(args.workers), i64::from(args.tasks));
    let sleep = Duration::from_millis(args.sleep_ms);
    println!("{}", style.bold(&format!("process-pool: {workers} worker processes, {tasks} tasks")));
    println!(
        "{}\n",
        style.dim(&format!(
            "Port of P6. Every worker is this program, re-run; tasks travel as a name and JSON. {} here.",
            cli::cores_phrase()
        ))
    );
    foo_section(&program, workers, tasks, sleep, style);
    no_join_section(&program, workers, tasks, sleep, args.mode, style);
    order_section(&program, workers, tasks, sleep, args.mode, style);
    crash_section(&program, style);
    rayon_section(&program, style);
}

fn shown(result: &TaskResult) -> String {
    match result {
        Ok(v) => v.to_string(),
        Err(e) => format!("({e})"),
    }
}

/// Python's program: apply, then apply_async with a callback.
fn foo_section(program: &Program, workers: usize, tasks: i64, sleep: Duration, style: Style) {
    println!(
        "{}",
        style.bold(&format!(
            "Python's program: Pool({workers}), Foo(i) sleeps {} and returns i + 100",
            cli::ms(sleep)
        ))
    );
    let o = process_pool::foo(program, workers, tasks, sleep).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  started {workers} workers in {}", cli::ms(o.start));
    let applied: Vec<String> = o.applied.iter().map(shown).collect();
    println!(
        "  apply, one at a time:        {} in {} ({tasks} × {})",
        applied.join(" "),
        cli::ms(o.apply),
        cli::ms(sleep)
    );
    let called: Vec<String> = o.called_back.iter().map(|(_, r)| shown(r)).collect();
    let rounds = (tasks as usize).div_ceil(workers);
    println!(
        "  apply_async, close, join:    {} in {} ({rounds} round(s) of up to {workers})",
        called.join(" "),
        cli::ms(o.apply_async)
    );
    let verdict = if o.called_back.len() == tasks as usize && o.applied.iter().all(Result::is_ok) {
        style.pass("every task ran and every callback got its result; join returned after the last callback")
    } else {
        style.fail("a task or callback went missing. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// The program that ends without join, and the one that joins.
fn no_join_section(program: &Program, workers: usize, tasks: i64, sleep: Duration, mode: Mode, style: Style) {
    println!("{}", style.bold("A program that queues its tasks and ends"));
    let runs = [(mode.racy(), false, "without join: main returns"), (mode.fixed(), true, "close, then join")];
    for (run, join, what) in runs {
        if !run {
            continue;
        }
        let o = process_pool::exit_early(program, workers, tasks as usize, sleep, join)
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let line = format!(
            "{what:<28} {}/{} callbacks ran; it ended after {} ({})",
            o.called_back.len(),
            o.queued,
            cli::ms(o.took),
            o.status
        );
        let verdict = match (join, o.called_back.len() == o.queued) {
            (false, false) => style.fail(&format!("{line}: the pool was dropped, which kills its workers")),
            (true, true) => style.pass(&line),
            (false, true) => style.pass(&format!("{line}: every task was done before main returned")),
            (true, false) => style.fail(&format!("{line}. That is a bug in the workbook: please report it.")),
        };
        println!("  {verdict}");
    }
    println!();
}

/// Callbacks in completion order, and code that assumed otherwise.
fn order_section(program: &Program, workers: usize, tasks: i64, sleep: Duration, mode: Mode, style: Style) {
    println!("{}", style.bold("Whose result is it? Callbacks come in the order tasks finish"));
    let scripted = tasks.min(workers as i64).max(2);
    let rows = [
        (
            "scripted",
            format!("{scripted} tasks, let go last first by a gate"),
            process_pool::reversed(scripted),
            scripted,
        ),
        ("free", format!("{tasks} Foo of {}; {}", cli::ms(sleep), cli::FREE), Finish::Free(sleep), tasks),
    ];
    for (name, what, finish, n) in rows {
        let o = process_pool::callback_order(program, workers, n, &finish)
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        if !o.complete() {
            println!(
                "{}",
                style.fail("a callback was lost or wrong. That is a bug in the workbook: please report it.")
            );
            continue;
        }
        let order: Vec<String> = o.called_back.iter().map(|(i, _)| i.to_string()).collect();
        println!("{}", cli::row(name, &what, &format!("callbacks for tasks {}", order.join(" "))));
        if mode.racy() {
            if name == "scripted" {
                print!("{}", cli::indented(&o.table()));
            }
            let line = if o.mismatched() == 0 {
                style.pass("k-th callback taken as task k's: right this time, by luck of timing")
            } else {
                style.fail(&format!("k-th callback taken as task k's: {} of {n} wrong", o.mismatched()))
            };
            println!("  {:<12} {line}", "");
        }
        if mode.fixed() {
            let mapped: Vec<String> = o.mapped.iter().map(shown).collect();
            println!(
                "  {:<12} {}",
                "",
                style.pass(&format!(
                    "each callback carries its input; map gives input order: {}",
                    mapped.join(" ")
                ))
            );
        }
    }
    println!();
}

/// Workers that die every way a process can.
fn crash_section(program: &Program, style: Style) {
    println!("{}", style.bold("Workers that panic, abort, exit or are killed (3 workers, 12 tasks)"));
    let o = process_pool::crashes(program, 3, &FATES).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    print!("{}", o.table());
    let verdict = if o.kept() {
        style.pass(&format!(
            "{} workers died and were replaced; each dying task failed, no other did, none was lost or ran twice",
            o.replaced
        ))
    } else {
        style.fail(
            "a task was lost, ran twice, or failed wrongly. That is a bug in the workbook: please report it.",
        )
    };
    println!("{verdict}\n");
}

/// The same work on threads, and what a crash costs there.
fn rayon_section(program: &Program, style: Style) {
    let workers = cli::cores();
    println!(
        "{}",
        style.bold(&format!(
            "The same CPU-bound work on rayon threads and on worker processes ({workers} each)"
        ))
    );
    for (tasks, work) in [(64, 2_000_000), (20_000, 100)] {
        let v = process_pool::versus_rayon(program, workers, tasks, work)
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let per = |d: Duration| format!("{:.1} µs a task", d.as_secs_f64() * 1e6 / tasks as f64);
        println!("  {tasks} tasks of {work} rounds:");
        println!("    one thread      {:>8}  {}", cli::ms(v.sequential), per(v.sequential));
        println!("    rayon           {:>8}  {}", cli::ms(v.rayon), per(v.rayon));
        println!(
            "    process pool    {:>8}  {}  (+ {} to start it)",
            cli::ms(v.pool),
            per(v.pool),
            cli::ms(v.pool_start)
        );
        if !v.same {
            println!(
                "{}",
                style.fail("the results differ. That is a bug in the workbook: please report it.")
            );
        }
    }
    let status = process_pool::abort_in_rayon(program).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  a rayon task that aborts: the whole program ended ({status})");
    println!(
        "{}",
        style.dim("Threads share one process: cheap to start and to hand data to, but one abort ends them all. Processes cost a start and a copy of every argument and result; a crash costs one worker.")
    );
}
