//! `cargo run --bin traffic-light`: lesson 06. A light cycles green, yellow
//! and red; cars that act on a glance, or wait and then go, cross on red
//! when the light changes in between; a car that crosses while holding the
//! light green never does. See book/src/06-traffic-light.md.

use std::io::Write as _;
use std::time::{Duration, Instant};

use clap::Parser;
use workbook::cli::{self, Common, Style};
use workbook::lessons::traffic_light::{self, Colour, Setup, Sight, Tally, Version};
use workbook::sched::{self, Schedule};

const PROGRAM: &str = "traffic-light";

/// Lesson 06: a traffic light and its cars. Wrong: a car that glances and
/// then drives (E2); one that waits for green, then goes (E1). Fixed: a car
/// that crosses while holding the light green.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,

    /// How many times the light goes green, yellow, red (and back to green)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=100))]
    cycles: u16,

    /// How long a tick lasts in the live run, in milliseconds
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u16).range(1..=1000))]
    tick_ms: u16,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    let cars = flags.threads_or(3);
    let cycles = usize::from(args.cycles);
    println!(
        "{}",
        style.bold(&format!(
            "traffic-light: a light cycling green {} / yellow {} / red {} ticks, {cycles} cycles",
            Colour::Green.ticks(),
            Colour::Yellow.ticks(),
            Colour::Red.ticks()
        ))
    );
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports E1 and E2. A crossing counts as on red if the light shows red at that moment. {} here.",
            cli::cores_phrase()
        ))
    );
    let mut versions = Vec::new();
    if flags.mode.racy() {
        versions.extend(Version::WRONG);
    }
    if flags.mode.fixed() {
        versions.push(Version::Hold);
    }
    let tick = Duration::from_millis(u64::from(args.tick_ms));
    live(&versions, cars, cycles, tick, flags.seed, style);
    let setup = Setup { cycles, seed: flags.seed, ..Setup::new() }; // the 1 ms tick of counted runs
    for version in versions {
        let tallies = section(version, cars, setup, flags);
        println!("{}\n", verdict(version, &tallies, style));
    }
}

/// One run with real ticks, `cars` cars of each version, printed as it
/// happens: a line per colour, and on it the cars that crossed.
fn live(versions: &[Version], cars: usize, cycles: usize, tick: Duration, seed: u64, style: Style) {
    let fleet: Vec<Version> = versions.iter().flat_map(|&v| std::iter::repeat_n(v, cars)).collect();
    let names = sched::names(fleet.len());
    let cast: Vec<String> = names
        .chunks(cars)
        .zip(versions)
        .map(|(group, v)| format!("{}: {}", group.join(" "), v.does()))
        .collect();
    println!(
        "{}",
        style.bold(&format!(
            "The light, live: one tick = {} ms, the OS schedules the threads",
            tick.as_millis()
        ))
    );
    println!("  {}", style.dim(&format!("cars: {}", cast.join(" · "))));
    let start = Instant::now();
    let show = |text: String| {
        let mut out = std::io::stdout().lock();
        // A closed pipe ends the program at the next println!.
        let _ = write!(out, "{text}").and_then(|()| out.flush());
    };
    show(format!("  {:6.2}s  {}", 0.0, paint(Colour::Green, style)));
    let watch = |sight: Sight| match sight {
        Sight::Turns(colour) => {
            show(format!("\n  {:6.2}s  {}", start.elapsed().as_secs_f64(), paint(colour, style)));
        }
        Sight::Crosses { car, on: Colour::Red } => {
            show(format!(" {}", style.paint("31;1", &format!("{} on red!", names[car]))));
        }
        Sight::Crosses { car, .. } => show(format!(" {}", names[car])),
    };
    let setup = Setup { cycles, tick, seed };
    let outcome = traffic_light::drive(&fleet, setup, Schedule::free(), &watch)
        .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!();
    let per_version: Vec<String> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mine = || outcome.crossings.iter().filter(move |c| c.car / cars == i);
            format!("{} {} of {}", v.cars(), mine().filter(|c| c.on == Colour::Red).count(), mine().count())
        })
        .collect();
    println!("  crossings on red: {}\n", per_version.join(" · "));
}

/// The light's colour, as a coloured block.
fn paint(colour: Colour, style: Style) -> String {
    let code = match colour {
        Colour::Green => "30;42",
        Colour::Yellow => "30;43",
        Colour::Red => "30;41",
    };
    style.paint(code, &format!(" {:<6} ", colour.name()))
}

/// Runs one version under its worst case, random schedules and the OS, and
/// prints a row for each.
fn section(version: Version, cars: usize, setup: Setup, flags: &Common) -> [Tally; 3] {
    let (worst_name, worst_what) = match version {
        Version::Hold => ("round-robin", cli::ROUND_ROBIN),
        _ => ("scripted", "all see green; it turns red; all cross"),
    };
    cli::section(
        PROGRAM,
        version.name(),
        flags,
        (worst_name, worst_what, &|_| traffic_light::worst(version, cars)),
        |runs, schedule| traffic_light::tally(version, cars, setup, runs, schedule),
        Tally::summary,
        |schedule| traffic_light::run(version, cars, setup, schedule).map(|o| o.trace),
    )
}

fn verdict(version: Version, tallies: &[Tally; 3], style: Style) -> String {
    let [worst, random, free] = tallies;
    let runs: usize = tallies.iter().map(|t| t.runs).sum();
    let crossings: usize = tallies.iter().map(|t| t.crossings).sum();
    let on_red: usize = tallies.iter().map(|t| t.on_red).sum();
    match version {
        Version::Hold if on_red == 0 => style.pass(&format!(
            "fixed: 0 of {crossings} crossings on red in {runs} runs: the light cannot turn red while a car holds it"
        )),
        Version::Hold => style.fail("fixed: a car crossed on red. That is a bug in the workbook: please report it."),
        _ if on_red == 0 => style.pass(&format!("{}: no red crossing (nothing to race with)", version.cars())),
        _ => {
            let mut text = format!(
                "{} cross on red. Under the script {} of {} crossings, every run; in {}/{} random and {}/{} free runs",
                version.cars(),
                worst.on_red / worst.runs.max(1),
                worst.crossings / worst.runs.max(1),
                random.bad_runs,
                random.runs,
                free.bad_runs,
                free.runs
            );
            if free.bad_runs == 0 {
                text.push_str(" (rare on this machine, but the script shows the gap is there)");
            }
            style.fail(&text)
        }
    }
}
