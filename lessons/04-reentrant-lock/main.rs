//! `cargo run --bin reentrant-lock`: lesson 04. Ten threads each run `run3`,
//! which holds a lock and calls two helpers that take it again. On a plain
//! mutex the helpers would wait for their own thread (detected, not hung);
//! a reentrant lock, or passing the guard down, works. See
//! book/src/04-reentrant-lock.md.

use clap::Parser;
use workbook::cli::{self, Common, Style};
use workbook::lessons::reentrant_lock::{self, Tally, Version};
use workbook::sched::Schedule;

const PROGRAM: &str = "reentrant-lock";

/// Lesson 04: run3 holds a lock and calls run1 and run2, which take it
/// again. Wrong: a plain Mutex (would deadlock; detected). Fixed: a
/// ReentrantMutex, or one lock with the guard passed down.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    let threads = flags.threads_or(10);
    println!(
        "{}",
        style.bold(&format!(
            "reentrant-lock: {threads} threads each run run3, which holds the lock and calls run1 and run2"
        ))
    );
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports R1. Each helper takes the lock again; the counters should end at ({threads}, {threads}). {} here.",
            cli::cores_phrase()
        ))
    );
    let mut versions = Vec::new();
    if flags.mode.racy() {
        versions.push(Version::Plain);
    }
    if flags.mode.fixed() {
        versions.extend(Version::FIXED);
    }
    let mut fixed = (0, 0);
    for version in versions {
        let tallies = section(version, threads, flags);
        let detected: usize = tallies.iter().map(|t| t.would_deadlock).sum();
        let total: usize = tallies.iter().map(|t| t.threads).sum();
        if version == Version::Plain {
            let verdict = format!(
                "wrong: {detected} of {total} threads would have waited for themselves for ever; \
                 each was caught by a deadline instead of hanging"
            );
            println!("{}\n", style.fail(&verdict));
        } else {
            fixed.0 += tallies.iter().map(|t| t.runs).sum::<usize>();
            fixed.1 += tallies.iter().map(|t| t.runs - t.complete).sum::<usize>();
        }
    }
    if flags.mode.fixed() {
        let verdict = if fixed.1 > 0 {
            style.fail("fixed: a run went wrong. That is a bug in the workbook: please report it.")
        } else {
            style.pass(&format!(
                "fixed: (num, num2) = ({threads}, {threads}) in all {} runs, under every schedule",
                fixed.0
            ))
        };
        println!("{verdict}");
    }
}

/// Runs one version under round-robin, random schedules and the OS, and
/// prints a row for each.
fn section(version: Version, threads: usize, flags: &Common) -> [Tally; 3] {
    cli::section(
        PROGRAM,
        version.name(),
        flags,
        ("round-robin", cli::ROUND_ROBIN, &|_| Schedule::round_robin()),
        |runs, schedule| reentrant_lock::tally(version, threads, runs, schedule),
        |tally| tally.summary(threads),
        |schedule| reentrant_lock::run(version, threads, schedule).map(|o| o.trace),
    )
}
