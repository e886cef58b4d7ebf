//! `cargo run --bin coroutines`: lesson 10. Python's generator consumers
//! as a hand-written state machine and as `async` blocks polled by hand;
//! the same program on threads, where the order is no longer the
//! program's; and greenlet's explicit switching. See
//! book/src/10-coroutines.md.

use clap::Parser;
use workbook::cli::{self, Mode, Style};
use workbook::coro::generator::{Consumer, Meal};
use workbook::coro::{Log, switch};
use workbook::lessons::coroutines::{self, FORCED};
use workbook::trace::Trace;

const PROGRAM: &str = "coroutines";

/// Lesson 10: coroutines. A producer sends baozi to two consumers that are
/// resumed only when sent to (C1), and two tasks that switch to each other
/// by name (C2). The contrast: a thread per consumer, where the OS picks
/// the order.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    /// Which versions to run (racy: the threads; fixed: the coroutines)
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    mode: Mode,

    /// Draw each run as a timeline, one column per task or thread
    #[arg(long)]
    trace: bool,

    /// Baozi the producer makes (Python's program: 5)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    baozi: u32,

    /// Free runs of the threaded version
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    runs: u32,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let style = Style::detect();
    println!("{}", style.bold(&format!("coroutines: a producer, two consumers, {} baozi", args.baozi)));
    println!(
        "{}\n",
        style
            .dim(&format!("Ports C1 and C2. One thread runs every coroutine. {} here.", cli::cores_phrase()))
    );
    if args.mode.fixed() {
        generator_section(&args, style);
    }
    if args.mode.racy() {
        threads_section(&args, style);
    }
    if args.mode.fixed() {
        greenlet_section(&args, style);
    }
}

fn steps_line(trace: &Trace, limit: usize) -> String {
    let cells: Vec<String> =
        trace.events.iter().take(limit).map(|e| format!("{} {}", trace.thread_of(e), e.cell())).collect();
    let more = trace.events.len().saturating_sub(limit);
    let tail = if more > 0 { format!(", … ({more} more)") } else { String::new() };
    format!("{}{tail}", cells.join(", "))
}

fn show(trace: &Trace, args: &Args) {
    if args.trace {
        print!("{}", cli::indented(&trace.timeline()));
    } else {
        println!("  {}", steps_line(trace, 9));
    }
}

fn all_eaten(meal: &Meal, baozi: u32) -> bool {
    meal.eaten.iter().all(|(_, ate)| ate.iter().copied().eq(1..=baozi))
}

/// C1 on coroutines: the hand-written state machine, the async block, and
/// what Python raises as a refused call.
fn generator_section(args: &Args, style: Style) {
    println!("{}", style.bold("Coroutines: the consumer as a state machine, resumed by send"));
    let by_hand = coroutines::by_hand(args.baozi).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  by hand (enum State, fn send):");
    show(&by_hand.trace, args);
    let polled = coroutines::by_polling(args.baozi);
    let same = polled.trace.steps() == by_hand.trace.steps();
    println!(
        "  async fn, polled by hand: {} steps, {}; one suspended consumer is a {}-byte value",
        polled.trace.events.len(),
        if same { "the same order" } else { "A DIFFERENT ORDER" },
        polled.state_bytes
    );
    let log = Log::default();
    let mut early = Consumer::new("hetan");
    let refused = early.send(1, &log).expect_err("not started");
    println!("  send before start: refused ({refused}); Python raises TypeError");
    let verdict = if same && all_eaten(&by_hand, args.baozi) && all_eaten(&polled, args.baozi) {
        style
            .pass("coroutines: the program's own order, the same on every run; each consumer ate every baozi")
    } else {
        style.fail("coroutines: the order changed. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// The contrast: a thread per consumer, forced into an order the
/// coroutines never show, then free.
fn threads_section(args: &Args, style: Style) {
    println!("{}", style.bold("Threads: a thread per consumer, a rendezvous channel for send"));
    let forced = coroutines::by_threads(args.baozi.max(2), coroutines::forced(args.baozi.max(2)))
        .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  scripted ({}, then the coroutines' order):", FORCED.join(", "));
    if args.trace {
        print!("{}", cli::indented(&forced.trace.timeline()));
    } else {
        println!("  {}", steps_line(&forced.trace, 6));
    }
    let orders =
        coroutines::free_orders(args.baozi, args.runs as usize).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!(
        "{}",
        cli::row(
            "free",
            cli::FREE,
            &format!(
                "{} different orders in {} runs; {} as the coroutines",
                orders.distinct, orders.runs, orders.as_coroutines
            )
        )
    );
    let verdict = if orders.wrong_meals == 0 && all_eaten(&forced, args.baozi.max(2)) {
        style.fail(&format!(
            "threads: each consumer still ate 1..={} in order, but the OS picks the program's order: \
             {} seen in {} free runs, and the scripted one can happen on any run",
            args.baozi, orders.distinct, orders.runs
        ))
    } else {
        style.fail("threads: a consumer missed a baozi. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// C2: greenlet's two tasks.
fn greenlet_section(args: &Args, style: Style) {
    println!("{}", style.bold("greenlet: test1 and test2 switch to each other by name"));
    let run = switch::greenlet().unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    if args.trace {
        print!("{}", cli::indented(&run.trace.timeline()));
    }
    println!("  printed: {}", run.said.join(" "));
    println!(
        "  {} finished; left stopped at a switch and dropped: {}",
        run.finished,
        run.suspended.join(", ")
    );
    let verdict = if run.said == ["12", "56", "34", "78"] {
        style.pass("switching: 12 56 34 78, the order the switches name, on every run")
    } else {
        style.fail("switching: another order. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}
