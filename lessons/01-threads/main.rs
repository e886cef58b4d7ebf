//! `cargo run --bin threads`: lesson 01. Workers that `main` does not wait
//! for never report; workers in a `thread::scope` always do; and joining
//! right after starting makes threads run one at a time. See
//! book/src/01-threads.md.

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use clap::{CommandFactory, Parser};
use workbook::cli::{self, Common, Style};
use workbook::lessons::threads::{self, Job, Numbered, Reports, Version};
use workbook::sched::Schedule;

/// Lesson 01: 10 workers each work, then report to main. Racy: main returns
/// without joining, and hears from none of them. Fixed: thread::scope joins
/// them all.
#[derive(Parser)]
#[command(name = "threads")]
struct Args {
    #[command(flatten)]
    common: Common,

    /// How long each worker works, in milliseconds
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=2000))]
    work_ms: u64,

    /// Run as the child process of the racy demo: start the workers, print
    /// "main returns", return.
    #[arg(long, hide = true)]
    child: bool,
}

fn main() {
    workbook::cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let flags = &args.common;
    let workers = flags.threads_or(10);
    if workers > 100 {
        Args::command()
            .error(clap::error::ErrorKind::ValueValidation, "--threads: at most 100 workers")
            .exit();
    }
    let work = Duration::from_millis(args.work_ms);
    if args.child {
        return child(workers, work);
    }
    let style = Style::detect();
    println!(
        "{}",
        style.bold(&format!("threads: {workers} workers each work {} ms, then report to main", args.work_ms))
    );
    println!("{}\n", style.dim(&format!("Ports T1, T2 and T3. {} here.", cli::cores_phrase())));
    if flags.mode.racy() {
        section(Version::Detached, workers, work, flags, style);
        println!(
            "{}\n",
            style.fail(
                "racy: main returned before its workers reported. In a real program the process \
                 then exits, and the workers die mid-work: every Rust thread is a daemon."
            )
        );
    }
    if flags.mode.fixed() {
        section(Version::Joined, workers, work, flags, style);
        println!(
            "{}\n",
            style.pass(
                "fixed: main heard from every worker in every run: the scope joins them all before it ends."
            )
        );
        extras(workers, work, style);
    }
}

/// One version under the worst case, random schedules and the OS.
fn section(version: Version, workers: usize, work: Duration, flags: &Common, style: Style) {
    println!("{}", style.bold(version.name()));
    let runs = flags.runs();
    let worst = || match version {
        Version::Detached => Schedule::script(threads::detached_script(workers)),
        Version::Joined => Schedule::round_robin(),
    };
    let (worst_name, worst_what) = match version {
        Version::Detached => ("scripted", "main returns before any worker has run"),
        Version::Joined => ("round-robin", cli::ROUND_ROBIN),
    };
    let tally = |schedule: &dyn Fn(usize) -> Schedule| {
        let heard: Vec<usize> =
            (0..runs).map(|i| run(version, workers, work, schedule(i)).before_return.len()).collect();
        summary(&heard, workers)
    };
    println!("{}", cli::row(worst_name, worst_what, &tally(&|_| worst())));
    if version == Version::Detached {
        let missing = run(version, workers, work, worst()).missing();
        let names: Vec<String> = missing.iter().map(|&i| threads::worker_name(i)).collect();
        println!("{}", cli::row("", "never reported before main returned:", &names.join(", ")));
    }
    println!("{}", cli::row("random", &flags.random_what(), &tally(&|i| flags.random(i))));
    println!("{}", cli::row("free", cli::FREE, &tally(&|_| Schedule::free())));
    if version == Version::Detached {
        let real = real_process(workers, work);
        println!("{}", cli::row("real", "this program, run as a child process", &real));
    }
    if flags.trace {
        let reports = run(version, workers, work, worst());
        println!("  {worst_name} schedule, step by step:");
        print!("{}", cli::indented(&reports.trace.timeline()));
        if version == Version::Detached {
            let late: Vec<String> = reports.after_return.iter().map(|r| r.thread.clone()).collect();
            println!("  reported after main returned (in a real program: never): {}", late.join(", "));
        }
    }
}

fn run(version: Version, workers: usize, work: Duration, schedule: Schedule) -> Reports {
    threads::run(version, workers, work, schedule).unwrap_or_else(|e| {
        eprintln!("threads: {e}");
        std::process::exit(1)
    })
}

/// `main heard from 0/10 workers in 10/10 runs`, or the spread.
fn summary(heard: &[usize], workers: usize) -> String {
    let runs = heard.len();
    let (min, max) = (heard.iter().min().copied().unwrap_or(0), heard.iter().max().copied().unwrap_or(0));
    if min == max {
        format!("main heard from {min}/{workers} workers in {runs}/{runs} runs")
    } else {
        let all = heard.iter().filter(|&&h| h == workers).count();
        format!("main heard from {min} to {max} of {workers}; from all of them in {all}/{runs} runs")
    }
}

/// The racy program for real: a child process whose `main` returns while
/// its workers work. Counts the worker lines it managed to print.
fn real_process(workers: usize, work: Duration) -> String {
    let work_ms = work.as_millis().to_string();
    let output = std::env::current_exe().and_then(|exe| {
        Command::new(exe).args(["--child", "--threads", &workers.to_string(), "--work-ms", &work_ms]).output()
    });
    match output {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            let lines = text.lines().filter(|l| l.starts_with("worker-")).count();
            let returned = text.lines().any(|l| l == "main returns");
            format!(
                "printed {}\"main returns\" and {lines}/{workers} worker lines, then exited",
                if returned { "" } else { "no " }
            )
        }
        Err(e) => format!("could not start a child process: {e}"),
    }
}

/// The child process: the Python T1 program, ported literally.
fn child(workers: usize, work: Duration) {
    let (tx, rx) = mpsc::channel();
    threads::detached(&Schedule::free(), workers, work, &tx);
    // The printer is detached too: it dies with the process.
    std::thread::spawn(move || {
        for report in rx {
            println!("{} done", report.thread);
        }
    });
    println!("main returns");
} // the process exits here, taking every thread with it

/// Names, the Job trait, and T3's timing.
fn extras(workers: usize, work: Duration, style: Style) {
    println!("{}", style.bold("names and jobs (T2)"));
    let reports = run(Version::Joined, workers.min(3), work, Schedule::free());
    let mut names: Vec<&str> = reports.before_return.iter().map(|r| r.thread.as_str()).collect();
    names.sort_unstable();
    println!("  worker threads, named with thread::Builder: {}", names.join(", "));
    let ran =
        threads::start(Numbered(1)).and_then(|h| h.join().map_err(|_| std::io::Error::other("panicked")));
    match ran {
        Ok(text) => println!("  start(Numbered(1)), a Job (Python's Thread subclass): {text}"),
        Err(e) => println!("  start(Numbered(1)) failed: {e}"),
    }
    println!("  a Job's thread is named by the job: {:?}\n", Numbered(1).name());
    println!(
        "{}",
        style.bold(&format!(
            "start-join in a loop vs start all, then join all (T3): {workers} tasks of {} ms",
            work.as_millis()
        ))
    );
    let serial = threads::start_then_join_each(workers, work);
    let concurrent = threads::start_all_then_join(workers, work);
    println!("  start, join, start, join, …   {:>6.0?}  (≈ {workers} × {work:?}: one at a time)", serial);
    println!("  start all, then join all       {:>6.0?}  (≈ {work:?}: all at once)", concurrent);
    println!(
        "  {}",
        style.dim(&format!(
            "{:.1}× faster here; `just bench` measures the ratio properly",
            serial.as_secs_f64() / concurrent.as_secs_f64()
        ))
    );
}
