//! `cargo run --bin processes`: lesson 08. Child processes started and
//! joined, a pipe, a queue, a manager process with a counter that ten
//! clients update (get-then-set loses updates; one update request does
//! not), records that tear without a lock across processes, and the fork
//! hazard. See book/src/08-processes.md.
//!
//! The same binary is its own worker: `processes worker <role> …` is how
//! the lesson starts its children (see `workbook::process`).

use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use workbook::cli::{self, Common, Style};
use workbook::lessons::processes::{self, Bad, Counting, Fate, Locking, Start};
use workbook::process::{self, Program, manager};
use workbook::sched::Schedule;

const PROGRAM: &str = "processes";

/// Lesson 08: processes. Racy: clients of a manager process that get a
/// counter and then set it; writers that append multi-line records with no
/// lock; a fork while another thread holds a lock. Fixed: one update
/// request; flock; spawn+exec.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,

    /// How long a forked child may wait for a lock before it counts as deadlocked, in ms
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(10..=10_000))]
    deadline_ms: u64,
}

fn main() {
    if let Some((role, args)) = process::worker_args() {
        // Started by the lesson as one of its children.
        if let Err(e) = processes::worker(&role, &args) {
            eprintln!("{PROGRAM} worker {role}: {e}");
            std::process::exit(1);
        }
        return;
    }
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    let program = Program::current().unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    let n = flags.threads_or(10);
    if n >= manager::MAX_CLIENTS {
        // Every client holds a connection to the manager at once, and so
        // does this process.
        let why = format!(
            "--threads: at most {} client processes (the manager serves {} connections, one of them ours)",
            manager::MAX_CLIENTS - 1,
            manager::MAX_CLIENTS
        );
        Args::command().error(ErrorKind::ValueValidation, why).exit();
    }
    println!(
        "{}",
        style.bold(&format!("processes: {n} child processes share a manager's counter, and a file"))
    );
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports P1-P5. Every child is this program, re-run as a worker; its stdin and stdout are its pipe. {} here.",
            cli::cores_phrase()
        ))
    );
    basics(&program, style);
    if flags.mode.racy() {
        manager_section(&program, Counting::GetThenSet, n, flags, style);
    }
    if flags.mode.fixed() {
        manager_section(&program, Counting::Update, n, flags, style);
    }
    if flags.mode.racy() {
        records_section(&program, Locking::None, n, flags, style);
    }
    if flags.mode.fixed() {
        records_section(&program, Locking::Flock, n, flags, style);
    }
    fork_section(&program, Duration::from_millis(args.deadline_ms), style);
    bad_input_section(&program, style);
}

/// P1, P3, P2: start and join, a pipe, a queue.
fn basics(program: &Program, style: Style) {
    println!("{}", style.bold("Start and join (P1)"));
    let said = processes::start_and_join(program, 2).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    for (hello, status) in &said {
        println!("  {} said hello from pid {} and {status}", hello.name, hello.pid);
    }
    println!("  this process is pid {}: each child had its own\n", std::process::id());

    println!("{}", style.bold("A pipe, both ways (P3)"));
    let pipe = processes::pipe_both_ways(program, &["ping", "still there"])
        .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  the child sent {:?}", pipe.first);
    for reply in &pipe.replies {
        println!("  it answered {reply:?}");
    }
    println!();

    println!("{}", style.bold("A queue from three children (P2)"));
    let queue = processes::queue_from_children(program, 3, 3).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    let got: Vec<String> = queue.got.iter().map(|(who, n)| format!("{who}{n}")).collect();
    println!("  the parent got, in this order: {}", got.join(" "));
    let verdict = if queue.complete_and_in_order() {
        style.pass(
            "all 9 arrived once; each child's in the order it put them, the children's mixed as they ran",
        )
    } else {
        style.fail(
            "a message was lost, doubled or reordered. That is a bug in the workbook: please report it.",
        )
    };
    println!("{verdict}\n");
}

/// P4: the manager's counter, under the worst case, random schedules and
/// the OS.
fn manager_section(program: &Program, counting: Counting, n: usize, flags: &Common, style: Style) {
    let (worst_name, worst_what, worst): (&str, &str, cli::Schedules<'_>) = match counting {
        Counting::GetThenSet => {
            ("scripted", "every client gets, then every client sets", &|_| processes::racy_schedule(n))
        }
        Counting::Update => {
            ("round-robin", "a switch of process at every request", &|_| Schedule::round_robin())
        }
    };
    let title = format!("A manager's counter (P4), {}", counting.name());
    let [script, random, free] = cli::section(
        PROGRAM,
        &title,
        flags,
        (worst_name, worst_what, worst),
        |runs, schedule| processes::tally_manager(program, counting, n, runs, schedule),
        |tally| tally.summary(n),
        |schedule| processes::run_manager(program, counting, n, schedule).map(|o| o.trace),
    );
    let failures = script.failures + random.failures + free.failures;
    let bad_lists = script.bad_lists + random.bad_lists + free.bad_lists;
    if failures > 0 || bad_lists > 0 {
        println!(
            "{}\n",
            style.fail(
                "a client failed or an append was lost. That is a bug in the workbook: please report it."
            )
        );
        return;
    }
    let verdict = match counting {
        Counting::GetThenSet if script.max_lost > 0 => style.fail(&format!(
            "get-then-set: {} of {n} updates lost under the script, in {}/{} random and {}/{} free runs; every append (one request each) arrived",
            script.max_lost, random.bad_runs, random.runs, free.bad_runs, free.runs
        )),
        Counting::GetThenSet => style.pass("get-then-set: nothing lost (with one client there is nobody to race with)"),
        Counting::Update if script.bad_runs + random.bad_runs + free.bad_runs == 0 => {
            style.pass("fixed: the manager adds under its own lock, so no update is lost, under every schedule")
        }
        Counting::Update => style.fail("fixed: an update was lost. That is a bug in the workbook: please report it."),
    };
    println!("{verdict}\n");
}

/// P5: records in one file, with and without a lock across processes.
fn records_section(program: &Program, locking: Locking, n: usize, flags: &Common, style: Style) {
    let title = format!("{n} processes append a 3-line record to one file (P5), {}", locking.name());
    let [worst, random, free] = cli::section(
        PROGRAM,
        &title,
        flags,
        ("round-robin", "a switch of process at every step", &|_| Schedule::round_robin()),
        |runs, schedule| processes::tally_records(program, locking, n, runs, schedule),
        |tally| tally.summary(n),
        |schedule| processes::run_records(program, locking, n, schedule).map(|o| o.trace),
    );
    if worst.failures + random.failures + free.failures + worst.bad_files + random.bad_files + free.bad_files
        > 0
    {
        println!(
            "{}\n",
            style.fail(
                "a writer failed or a line went missing. That is a bug in the workbook: please report it."
            )
        );
        return;
    }
    let verdict = match locking {
        Locking::None if worst.max_torn > 0 => style.fail(&format!(
            "no lock: {} of {n} records torn by round-robin; torn in {}/{} random and {}/{} free runs",
            worst.max_torn, random.torn_runs, random.runs, free.torn_runs, free.runs
        )),
        Locking::None => style.pass("no lock: nothing torn (one writer has nobody to interleave with)"),
        Locking::Flock if worst.torn_runs + random.torn_runs + free.torn_runs == 0 => style.pass(
            "fixed: flock lets one process write at a time, so every record is whole, under every schedule",
        ),
        Locking::Flock => {
            style.fail("fixed: a record was torn. That is a bug in the workbook: please report it.")
        }
    };
    println!("{verdict}\n");
}

/// The fork hazard, three ways.
fn fork_section(program: &Program, deadline: Duration, style: Style) {
    println!("{}", style.bold("The fork hazard: the child takes a lock the parent has"));
    let rows = [
        (Start::Fork, false, "fork, no thread holds the lock"),
        (Start::Fork, true, "fork while another thread holds it"),
        (Start::SpawnExec, true, "spawn+exec while another thread holds it"),
    ];
    for (start, held, what) in rows {
        let outcome = processes::fork_hazard(program, start, held, deadline);
        let fate = match &outcome.fate {
            Fate::Took(d) => style.pass(&format!("the child took it, in {:.1} ms", d.as_secs_f64() * 1e3)),
            Fate::Deadlocked(d) => style.fail(&format!(
                "deadlocked: the child still waited after {} ms; killed (the parent took its own at once: {})",
                d.as_millis(),
                outcome.parent_took_it
            )),
            Fate::Failed(e) => style.fail(&format!("failed: {e}")),
        };
        println!("  {what:<42} {fate}");
    }
    println!(
        "{}\n",
        style.dim("A forked child copies every lock, held ones too, but only the thread that forked: nobody is left to unlock. Python 3.14 no longer forks by default on Linux.")
    );
}

/// Children that send what is not a message, and the parent going on.
fn bad_input_section(program: &Program, style: Style) {
    println!("{}", style.bold("Bad input: children that break the protocol"));
    for bad in Bad::ALL {
        match processes::bad_child(program, bad) {
            Ok(o) => println!("  {:<10} parent's recv: {}; the child {}", bad.name(), o.error, o.status),
            Err(e) => println!("  {:<10} {}", bad.name(), style.fail(&e.to_string())),
        }
    }
    let next = processes::start_and_join(program, 1);
    let verdict = match next {
        Ok(said) if said.len() == 1 => {
            style.pass("every one was a clear error, and the next child was served as usual")
        }
        _ => style.fail("the parent could not go on. That is a bug in the workbook: please report it."),
    };
    println!("{verdict}");
}
