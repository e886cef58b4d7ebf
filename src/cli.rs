//! What the lesson binaries share: the common flags, colour, and the shape
//! of their output (rows per schedule, one verdict line per version).
//!
//! Everything here returns strings; the binaries print them.

use std::fmt;
use std::io::IsTerminal;

use clap::{Args, ValueEnum};

use crate::sched::Schedule;
use crate::trace::Trace;

/// What a round-robin row says it does.
pub const ROUND_ROBIN: &str = "a switch of thread at every step";

/// Makes the schedule for run `i` of a row.
pub type Schedules<'a> = &'a dyn Fn(usize) -> Schedule;

/// What a free row says it does.
pub const FREE: &str = "the OS decides the order";

/// Which versions a lesson binary runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Only the racy (or wrong) version.
    Racy,
    /// Only the correct version.
    Fixed,
    /// Both, side by side.
    #[default]
    Both,
}

impl Mode {
    /// Whether the racy version runs.
    pub fn racy(self) -> bool {
        self != Mode::Fixed
    }

    /// Whether the fixed version runs.
    pub fn fixed(self) -> bool {
        self != Mode::Racy
    }
}

/// The flags every lesson binary takes.
#[derive(Args, Clone, Debug)]
pub struct Common {
    /// Which versions to run
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    pub mode: Mode,

    /// Draw each version's worst-case interleaving as a timeline, one column per thread
    #[arg(long)]
    pub trace: bool,

    /// How many threads [default: the lesson's own; 3 with --trace]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub threads: Option<u16>,

    /// How many runs under each kind of schedule
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub runs: u32,

    /// Seed of the first random schedule (run i uses seed + i)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl Common {
    /// `--threads`, or the lesson's default: a small one when tracing, so the
    /// timeline fits on a screen.
    pub fn threads_or(&self, default: usize) -> usize {
        match self.threads {
            Some(n) => usize::from(n),
            None if self.trace => 3,
            None => default,
        }
    }

    /// The random schedule for run `run`: seeded with `--seed` + `run`.
    pub fn random(&self, run: usize) -> Schedule {
        Schedule::random(self.seed.wrapping_add(run as u64))
    }

    /// What the random row says it does.
    pub fn random_what(&self) -> String {
        format!("a different interleaving per run (seed {}…)", self.seed)
    }

    /// `--runs` as a count.
    pub fn runs(&self) -> usize {
        self.runs as usize
    }
}

/// Makes a closed pipe (`cargo run --bin gil | head`) end the program
/// quietly, as it ends `cat` or `grep`, instead of with a panic about a
/// failed `println!`. Call it first thing in `main`.
pub fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// How many cores this machine offers.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `1 core` / `16 cores`.
pub fn cores_phrase() -> String {
    match cores() {
        1 => "1 core".to_owned(),
        n => format!("{n} cores"),
    }
}

/// Colour for terminals, none for pipes or when `NO_COLOR` is set.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colour only when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: !no_color && std::io::stdout().is_terminal() }
    }

    /// No colour at all.
    pub fn plain() -> Self {
        Style { color: false }
    }

    /// `text` in the colours of an ANSI SGR `code` (`"30;42"`: black on
    /// green), or as it is without colour.
    pub fn paint(self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Dim, for the less important.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// `✓ text`, in green.
    pub fn pass(self, text: &str) -> String {
        format!("{} {text}", self.paint("32;1", "✓"))
    }

    /// `✗ text`, in red.
    pub fn fail(self, text: &str) -> String {
        format!("{} {text}", self.paint("31;1", "✗"))
    }
}

/// One row of a version's section: the schedule, what it does, the result.
pub fn row(schedule: &str, what: &str, result: &str) -> String {
    format!("  {schedule:<12} {what:<44} {result}")
}

/// The first row of a version's section: the schedule that shows the
/// version at its worst (`"scripted"`, what it does, the schedule for run i).
pub type Worst<'a> = (&'a str, &'a str, Schedules<'a>);

/// Prints one version's section, as every lesson binary from 03 on does:
/// the title, then a row for each kind of schedule (the worst case, random
/// schedules seeded from `--seed`, the OS), each summing up `--runs` runs,
/// and with `--trace` the worst case drawn step by step. `tally` runs a
/// row's runs; `trace` runs once under the worst case. Returns the three
/// tallies in that order.
///
/// A schedule that cannot be followed ends the program with exit code 1,
/// naming `program`: that is a bug in the workbook, not in the learner's
/// flags.
pub fn section<T, E: fmt::Display>(
    program: &str,
    title: &str,
    flags: &Common,
    worst: Worst<'_>,
    tally: impl Fn(usize, Schedules<'_>) -> Result<T, E>,
    summary: impl Fn(&T) -> String,
    trace: impl FnOnce(Schedule) -> Result<Trace, E>,
) -> [T; 3] {
    let style = Style::detect();
    println!("{}", style.bold(title));
    let (worst_name, worst_what, worst_schedule) = worst;
    let random = |i| flags.random(i);
    let random_what = flags.random_what();
    let rows: [(&str, &str, Schedules<'_>); 3] = [
        (worst_name, worst_what, worst_schedule),
        ("random", &random_what, &random),
        ("free", FREE, &|_| Schedule::free()),
    ];
    let tallies = rows.map(|(name, what, schedule)| {
        let tally = tally(flags.runs(), schedule).unwrap_or_else(|e| fail(program, &e));
        println!("{}", row(name, what, &summary(&tally)));
        tally
    });
    if flags.trace {
        let trace = trace(worst_schedule(0)).unwrap_or_else(|e| fail(program, &e));
        println!("  {worst_name} schedule, step by step:");
        print!("{}", indented(&trace.timeline()));
    }
    tallies
}

/// Ends the program after a schedule that could not be followed (or, in
/// lessons 08-09, a process that could not be run): prints `program: why`
/// to stderr and exits with code 1.
pub fn fail(program: &str, error: &impl fmt::Display) -> ! {
    eprintln!("{program}: {error}");
    std::process::exit(1)
}

/// A duration in whole milliseconds: `502 ms`.
pub fn ms(d: std::time::Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

/// A timeline, indented under its section.
pub fn indented(block: &str) -> String {
    block.lines().map(|l| format!("    {l}\n")).collect()
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        common: Common,
    }

    #[test]
    fn tracing_defaults_to_three_threads() {
        let flags = Flags::try_parse_from(["x", "--trace"]).unwrap();
        assert_eq!(flags.common.threads_or(100), 3);
        let flags = Flags::try_parse_from(["x", "--trace", "--threads", "5"]).unwrap();
        assert_eq!(flags.common.threads_or(100), 5);
    }

    #[test]
    fn bad_flags_are_refused() {
        for bad in [&["x", "--threads", "0"][..], &["x", "--mode", "sideways"], &["x", "--runs", "-1"]] {
            assert!(Flags::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn plain_style_has_no_escape_codes() {
        assert_eq!(Style::plain().pass("ok"), "✓ ok");
    }
}
