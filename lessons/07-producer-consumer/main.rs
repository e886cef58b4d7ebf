//! `cargo run --bin producer-consumer`: lesson 07. Producers put items into
//! a queue and join it; consumers take, handle and mark them done.
//! Consumers that look before they take find nothing; an unbounded queue
//! grows to every item; a bounded queue taken from with `get` does neither.
//! See book/src/07-producer-consumer.md.

use clap::Parser;
use workbook::cli::{self, Common, Style};
use workbook::lessons::producer_consumer::{self, Setup, Tally, Version};
use workbook::sched::Schedule;

const PROGRAM: &str = "producer-consumer";

/// Lesson 07: producers and consumers around a joinable queue. Wrong:
/// consumers that look (is_empty) and then take (try_get); an unbounded
/// queue with slow consumers. Fixed: a bounded queue, taken from with get.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    #[command(flatten)]
    common: Common,

    /// How many items each producer puts
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=1000))]
    items: u16,

    /// The bounded queue's capacity
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=1000))]
    capacity: u16,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let style = Style::detect();
    // --threads N: N producers and N consumers; with --trace, 2 of each.
    let threads = if flags.trace && flags.threads.is_none() { 2 } else { flags.threads_or(3) };
    let setup = Setup {
        producers: threads,
        consumers: threads,
        items: usize::from(args.items),
        capacity: usize::from(args.capacity),
    };
    println!(
        "{}",
        style.bold(&format!(
            "producer-consumer: {} producers put {} items each, {} consumers take them; a queue of {}",
            setup.producers, setup.items, setup.consumers, setup.capacity
        ))
    );
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports Q1 and Q2. A miss = a consumer saw an item, then found the queue empty. Peak = the most items queued at once. {} here.",
            cli::cores_phrase()
        ))
    );
    orders(style);
    who_handled_what(setup, style);
    let mut versions = Vec::new();
    if flags.mode.racy() {
        versions.extend(Version::WRONG);
    }
    if flags.mode.fixed() {
        versions.push(Version::Bounded);
    }
    for version in versions {
        let tallies = section(version, setup, flags);
        println!("{}\n", verdict(version, setup, &tallies, style));
    }
}

/// Q2: one set of items through the three kinds of queue.
fn orders(style: Style) {
    let items = [3, 1, 4, 1, 5];
    println!("{}", style.bold(&format!("Three orders (Q2): put {}", spaced(&items))));
    for (name, out) in producer_consumer::orders(&items) {
        println!("  {name:<37} hands out {}", spaced(&out));
    }
    println!();
}

fn spaced<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

/// One free run of the seed program (Q1), and who handled which item.
fn who_handled_what(setup: Setup, style: Style) {
    println!("{}", style.bold("Who handled what (Q1, one free run: the OS schedules the threads)"));
    let outcome = producer_consumer::run(Version::Bounded, setup, Schedule::free())
        .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    for consumer in 1..=setup.consumers {
        let items = outcome.by(consumer);
        println!("  C{consumer} handled {:>2}: {}", items.len(), spaced(&items));
    }
    let joins = if outcome.early == 0 {
        "every producer's join returned after its items were handled".to_owned()
    } else {
        format!("{} items were still unhandled when their producer's join returned", outcome.early)
    };
    println!("  {joins}; the queue held at most {}\n", outcome.peak);
}

/// Runs one version under its worst case, random schedules and the OS, and
/// prints a row for each.
fn section(version: Version, setup: Setup, flags: &Common) -> [Tally; 3] {
    let (worst_name, worst_what) = match version {
        Version::CheckThenTake if setup.consumers > 1 => {
            ("scripted", "all see 1 item, C1 takes it, the rest try")
        }
        _ => ("round-robin", "sleepers last: consumers at work go last"),
    };
    cli::section(
        PROGRAM,
        version.name(),
        flags,
        (worst_name, worst_what, &|_| producer_consumer::worst(version, setup)),
        |runs, schedule| producer_consumer::tally(version, setup, runs, schedule),
        |tally| tally.summary(version, setup),
        |schedule| producer_consumer::run(version, setup, schedule).map(|o| producer_consumer::shown(&o)),
    )
}

fn verdict(version: Version, setup: Setup, tallies: &[Tally; 3], style: Style) -> String {
    let [worst, random, free] = tallies;
    let runs: usize = tallies.iter().map(|t| t.runs).sum();
    let broken: usize = tallies.iter().map(|t| t.broken).sum();
    let missed: usize = tallies.iter().map(|t| t.missed).sum();
    let peak = tallies.iter().map(|t| t.max_peak).max().unwrap_or(0);
    if broken > 0 {
        return style.fail("an item was lost, handled twice, or joined early. That is a bug in the workbook: please report it.");
    }
    match version {
        Version::CheckThenTake if missed == 0 => {
            style.pass("look-then-take: no miss (with one consumer there is nobody to race with)")
        }
        Version::CheckThenTake => style.fail(&format!(
            "look-then-take: consumers found nothing after seeing an item: {} a run under the script; in {}/{} random and {}/{} free runs",
            match worst.missed / worst.runs.max(1) {
                1 => "once".to_owned(),
                n => format!("{n} times"),
            },
            random.runs_missing,
            random.runs,
            free.runs_missing,
            free.runs
        )),
        Version::Unbounded => style.fail(&format!(
            "unbounded: the queue grew to {peak} of {} items; with more items it grows with them (try --items 20)",
            setup.total()
        )),
        Version::Bounded if missed == 0 && peak <= setup.capacity => style.pass(&format!(
            "fixed: no miss, never more than {} queued, every item handled once, in {runs} runs",
            setup.capacity
        )),
        Version::Bounded => style.fail("fixed: a miss, or the queue over its capacity. That is a bug in the workbook: please report it."),
    }
}
