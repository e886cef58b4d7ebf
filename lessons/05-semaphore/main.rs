//! `cargo run --bin semaphore`: lesson 05. Twenty workers, at most three
//! inside at once. Without a semaphore all twenty get in; with a plain one
//! that is released once too often, four do; a bounded semaphore refuses the
//! extra release and never lets a fourth in. See book/src/05-semaphore.md.

use clap::Parser;
use workbook::cli::{self, Common, Style};
use workbook::lessons::semaphore::{self, Tally, Version};
use workbook::sched::Schedule;

const PROGRAM: &str = "semaphore";

/// Lesson 05: 20 workers, a semaphore of 3. Wrong: no limit; a release too
/// many on a plain semaphore. Fixed: a BoundedSemaphore.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,

    /// How many workers may be inside at once
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=1000))]
    permits: u16,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    let workers = flags.threads_or(20);
    let limit = usize::from(args.permits);
    println!("{}", style.bold(&format!("semaphore: {workers} workers, at most {limit} inside at once")));
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports S1. Peak = the most workers inside at once; worker A releases twice. {} here.",
            cli::cores_phrase()
        ))
    );
    let mut versions = Vec::new();
    if flags.mode.racy() {
        versions.extend(Version::WRONG);
    }
    if flags.mode.fixed() {
        versions.push(Version::Bounded);
    }
    for version in versions {
        let tallies = section(version, workers, limit, flags);
        let worst = tallies.iter().map(|t| t.max_peak).max().unwrap_or(0);
        let over: usize = tallies.iter().map(|t| t.over).sum();
        let runs: usize = tallies.iter().map(|t| t.runs).sum();
        let verdict = match version {
            Version::Bounded if over == 0 => style.pass(&format!(
                "fixed: never more than {limit} inside in {runs} runs; the release too many was refused every time"
            )),
            Version::Bounded => style.fail("fixed: the limit was passed. That is a bug in the workbook: please report it."),
            _ if over == 0 => style.pass(&format!("{}: stayed within {limit} (too few workers to show it)", version.name())),
            _ => style.fail(&format!("{}: up to {worst} inside at once, over the limit in {over}/{runs} runs", short(version))),
        };
        println!("{verdict}\n");
    }
}

fn short(version: Version) -> &'static str {
    match version {
        Version::NoLimit => "no limit",
        Version::ReleasedTwice => "a release too many",
        Version::Bounded => "bounded",
    }
}

/// Runs one version under round-robin, random schedules and the OS, and
/// prints a row for each.
fn section(version: Version, workers: usize, limit: usize, flags: &Common) -> [Tally; 3] {
    let filling = |_| Schedule::round_robin().sleepers_last();
    cli::section(
        PROGRAM,
        version.name(),
        flags,
        ("round-robin", "sleepers last: all who can get in, do", &filling),
        |runs, schedule| semaphore::tally(version, workers, limit, runs, schedule),
        |tally| tally.summary(limit),
        |schedule| semaphore::run(version, workers, limit, schedule).map(|o| o.trace),
    )
}
