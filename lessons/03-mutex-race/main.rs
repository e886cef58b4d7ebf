//! `cargo run --bin mutex-race`: lesson 03. Many threads each do `n -= 1`;
//! the racy version loses updates under every kind of schedule, the fixed
//! ones never do. See book/src/03-mutex-race.md.

use clap::Parser;
use workbook::cli::{self, Common, Style};
use workbook::lessons::mutex_race::{self, Tally, Version};
use workbook::sched::Schedule;

const PROGRAM: &str = "mutex-race";

/// Lesson 03: 100 threads each do `n -= 1` on n = 100. Racy: lost updates,
/// forced by a script. Fixed: a Mutex, and an atomic fetch_sub.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,
}

fn main() {
    workbook::cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    let threads = flags.threads_or(100);
    println!(
        "{}",
        style.bold(&format!(
            "mutex-race: {threads} threads each do `n -= 1` on n = {threads}; the right answer is n = 0"
        ))
    );
    println!("{}\n", style.dim(&format!("Ports M1 and M2. {} here.", cli::cores_phrase())));
    let mut versions = Vec::new();
    if flags.mode.racy() {
        versions.push(Version::Racy);
    }
    if flags.mode.fixed() {
        versions.extend(Version::FIXED);
    }
    let mut fixed_runs = 0;
    let mut fixed_lost = false;
    for version in versions {
        let tallies = section(version, threads, flags);
        if version == Version::Racy {
            println!("{}\n", racy_verdict(&tallies, threads, style));
        } else {
            fixed_runs += tallies.iter().map(|t| t.runs).sum::<usize>();
            fixed_lost |= tallies.iter().any(|t| t.bad_runs > 0);
        }
    }
    if flags.mode.fixed() {
        let verdict = if fixed_lost {
            style.fail("fixed: an update was lost. That is a bug in the workbook: please report it.")
        } else {
            style.pass(&format!(
                "fixed: n = 0 in all {fixed_runs} runs, under every schedule (Mutex and fetch_sub)"
            ))
        };
        println!("{verdict}");
    }
}

/// Runs one version under the worst case, random schedules and the OS, and
/// prints a row for each.
fn section(version: Version, threads: usize, flags: &Common) -> [Tally; 3] {
    let worst = |_| match version {
        Version::Racy => Schedule::script(mutex_race::racy_script(threads)),
        _ => Schedule::round_robin(),
    };
    let (worst_name, worst_what) = match version {
        Version::Racy => ("scripted", "every thread reads before any writes"),
        _ => ("round-robin", cli::ROUND_ROBIN),
    };
    cli::section(
        PROGRAM,
        version.name(),
        flags,
        (worst_name, worst_what, &worst),
        |runs, schedule| mutex_race::tally(version, threads, runs, schedule),
        |tally| tally.summary(threads),
        |schedule| mutex_race::run(version, threads, schedule).map(|o| o.trace),
    )
}

fn racy_verdict(tallies: &[Tally; 3], threads: usize, style: Style) -> String {
    let [scripted, random, free] = tallies;
    let mut text = format!(
        "racy: loses updates. Under the script {} of {threads} every time; in {}/{} random and {}/{} free runs",
        scripted.max_lost, random.bad_runs, random.runs, free.bad_runs, free.runs
    );
    if free.bad_runs == 0 {
        text.push_str(" (rare on this machine, but the script shows it is always possible)");
    }
    if scripted.bad_runs > 0 {
        style.fail(&text)
    } else {
        style.pass("racy: lost nothing (with one thread there is no one to race)")
    }
}
