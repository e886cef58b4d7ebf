//! `cargo run --bin gil`: lesson 02. CPU-bound work under one global lock
//! gets no faster with more threads; work that each thread owns does. See
//! book/src/02-gil.md.

use std::time::Duration;

use clap::{CommandFactory, Parser};
use workbook::cli::{self, Common, Style};
use workbook::lessons::gil::{self, Speedup, Version};
use workbook::sched::Schedule;

/// Lesson 02: threads share CPU-bound work. Racy: every unit under one
/// global lock (a GIL), so only one thread works at a time. Fixed: each
/// thread owns its units and merges once.
#[derive(Parser)]
#[command(name = "gil")]
struct Args {
    #[command(flatten)]
    common: Common,

    /// Units of work, in all
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    units: u64,

    /// How long one unit takes, in milliseconds (calibrated on this machine)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=100))]
    unit_ms: u64,

    /// Timed runs of each version; the best one counts
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    timing_runs: u32,
}

fn main() {
    workbook::cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let threads = flags.threads_or(cli::cores().clamp(2, 8));
    if threads > 64 {
        Args::command().error(clap::error::ErrorKind::ValueValidation, "--threads: at most 64").exit();
    }
    let style = Style::detect();
    let rounds = gil::calibrate(Duration::from_millis(args.unit_ms));
    println!(
        "{}",
        style.bold(&format!(
            "gil: {threads} threads share {} units of CPU work (about {} ms each)",
            args.units, args.unit_ms
        ))
    );
    println!("{}\n", style.dim(&format!("Ports G1. {} here.", cli::cores_phrase())));
    for version in [Version::WithGil, Version::WithoutGil] {
        if (version == Version::WithGil && !flags.mode.racy())
            || (version == Version::WithoutGil && !flags.mode.fixed())
        {
            continue;
        }
        println!("{}", style.bold(version.name()));
        // Small runs for the schedules: they show who works when, not speed.
        let units = (threads as u64 * 2).min(args.units);
        let peaks = |schedule: &dyn Fn(usize) -> Schedule| -> (usize, usize) {
            let peaks: Vec<usize> = (0..flags.runs())
                .map(|i| gil::run(version, threads, units, 1, schedule(i)).unwrap_or_else(|e| fail(&e)).peak)
                .collect();
            (*peaks.iter().min().unwrap_or(&0), *peaks.iter().max().unwrap_or(&0))
        };
        let working = |(min, max): (usize, usize)| match (min, max) {
            (1, 1) => "never more than 1 thread working at a time".to_owned(),
            (a, b) if a == b => format!("{b} threads working at once, in every run"),
            (a, b) => format!("{a} to {b} threads working at once"),
        };
        println!(
            "{}",
            cli::row("round-robin", cli::ROUND_ROBIN, &working(peaks(&|_| Schedule::round_robin())))
        );
        println!("{}", cli::row("random", &flags.random_what(), &working(peaks(&|i| flags.random(i)))));
        let speedup = gil::speedup(version, threads, args.units, rounds, args.timing_runs as usize);
        println!("{}", cli::row("free", "timed, best of each", &timing(&speedup, threads)));
        if flags.trace {
            let outcome = gil::run(version, threads, threads as u64 * 2, 1, Schedule::round_robin())
                .unwrap_or_else(|e| fail(&e));
            println!("  round-robin schedule, step by step:");
            print!("{}", cli::indented(&outcome.trace.timeline()));
        }
        if version == Version::WithoutGil {
            println!(
                "{}",
                cli::row(
                    "rayon",
                    "par_iter over the units, on its own pool",
                    &rayon(&gil::rayon_speedup(args.units, rounds, args.timing_runs as usize))
                )
            );
        }
        println!("{}\n", verdict(version, &speedup, threads, style));
    }
}

fn rayon(s: &Speedup) -> String {
    format!("1 thread {:.0?}, rayon {:.0?}: {:.2}× as fast", s.one, s.many, s.ratio())
}

fn timing(s: &Speedup, threads: usize) -> String {
    format!("1 thread {:.0?}, {threads} threads {:.0?}: {:.2}× as fast", s.one, s.many, s.ratio())
}

fn verdict(version: Version, s: &Speedup, threads: usize, style: Style) -> String {
    let cores = cli::cores();
    match version {
        Version::WithGil => style.fail(&format!(
            "racy: the global lock lets one thread work at a time, so {threads} threads are no faster \
             than 1 ({:.2}×), whatever the cores",
            s.ratio()
        )),
        Version::WithoutGil if cores == 1 => style.pass(
            "fixed: threads work at the same time (see round-robin), but with 1 core they cannot be \
             faster: try a machine with more",
        ),
        Version::WithoutGil => style.pass(&format!(
            "fixed: {:.2}× as fast on {threads} threads ({} cores); `just bench` measures it properly",
            s.ratio(),
            cores
        )),
    }
}

fn fail(error: &workbook::sched::ScheduleError) -> ! {
    eprintln!("gil: {error}");
    std::process::exit(1)
}
