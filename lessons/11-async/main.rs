//! `cargo run --bin async`: lesson 11. gevent's programs on the workbook's
//! own executor: two tasks that yield to each other, ten sleeping tasks one
//! after another and all at once, a blocking call that freezes every task
//! next to the async call that does not, and an echo server with clients
//! that vanish, flood, stay silent or send garbage. See
//! book/src/11-async.md.

use std::time::Duration;

use clap::Parser;
use workbook::cli::{self, Mode, Style};
use workbook::lessons::r#async::{self as lesson, EchoServer, Limits, Wait};

const PROGRAM: &str = "async";

/// Lesson 11: async on one thread. Wrong: a task that blocks the thread
/// (std::thread::sleep, a blocking read) freezes every task. Right: the
/// executor's sleep and sockets, which hand the thread back while they
/// wait.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    /// Which versions to run (racy: the blocking waits; fixed: the async ones)
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    mode: Mode,

    /// Draw the runs as timelines, one column per task
    #[arg(long)]
    trace: bool,

    /// Tasks that sleep (Python's program: 10)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    tasks: u16,

    /// How long each task sleeps, in ms (Python's program: 500)
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=5_000))]
    task_ms: u64,

    /// How long the blocking or async wait lasts, in ms
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(10..=5_000))]
    pause_ms: u64,

    /// Echo clients at once, all on one thread
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=200))]
    clients: u16,

    /// Lines each echo client sends
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    lines: u32,

    /// How long the server lets a connection stay silent, in ms
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(50..=60_000))]
    idle_ms: u64,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let style = Style::detect();
    println!("{}", style.bold("async: many tasks, one thread, the workbook's own executor"));
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports C3-C6. Every task below runs on one thread; {} here, and it does not matter.",
            cli::cores_phrase()
        ))
    );
    if args.mode.fixed() {
        yield_section(style);
        sleep_section(&args, style);
    }
    freeze_section(&args, style);
    if args.mode.fixed() {
        echo_section(&args, style);
    }
}

/// C3: foo and bar yield to each other.
fn yield_section(style: Style) {
    println!("{}", style.bold("spawn + join_all: foo and bar each yield once (gevent.sleep(0))"));
    let trace = lesson::foo_bar();
    print!("{}", cli::indented(&trace.timeline()));
    let order: Vec<String> = trace.steps();
    let verdict = if order == ["foo runs", "bar runs", "foo runs again", "bar runs again"] {
        style.pass("yield_now: each half runs in turn, on every run")
    } else {
        style.fail("yield_now: another order. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// C4: ten sleeping tasks.
fn sleep_section(args: &Args, style: Style) {
    let (tasks, each) = (usize::from(args.tasks), Duration::from_millis(args.task_ms));
    println!("{}", style.bold(&format!("{tasks} tasks that each sleep {}", cli::ms(each))));
    let seq = lesson::one_after_another(tasks, each);
    let conc = lesson::all_at_once(tasks, each);
    println!(
        "  one after another (await each): {:>8}   {} started before the first was done",
        cli::ms(seq.took),
        seq.started_before_first_done()
    );
    println!(
        "  all at once (spawn, join_all):  {:>8}   {} started before the first was done",
        cli::ms(conc.took),
        conc.started_before_first_done()
    );
    if args.trace {
        let mut trace = conc.trace.clone();
        trace.cut(2 * tasks.min(4) + 1);
        print!("{}", cli::indented(&trace.timeline()));
    }
    let ratio = seq.took.as_secs_f64() / conc.took.as_secs_f64();
    let verdict = if conc.started_before_first_done() == tasks {
        style.pass(&format!("concurrent: all {tasks} slept at once, {ratio:.1}× faster, on one thread"))
    } else {
        style.fail("concurrent: a task finished before all started. That is a bug in the workbook.")
    };
    println!("{verdict}\n");
}

/// C5: a blocking wait next to the async one.
fn freeze_section(args: &Args, style: Style) {
    let (tick, pause) = (Duration::from_millis(10), Duration::from_millis(args.pause_ms));
    println!(
        "{}",
        style.bold(&format!(
            "A heartbeat ticks every {} while another task waits {}",
            cli::ms(tick),
            cli::ms(pause)
        ))
    );
    let waits: Vec<Wait> = Wait::ALL
        .into_iter()
        .filter(|w| if w.blocks() { args.mode.racy() } else { args.mode.fixed() })
        .collect();
    let mut frozen = (0, 0);
    let mut async_froze = false;
    for wait in waits {
        let f = lesson::freeze(wait, tick, pause).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let got = match f.got_bytes {
            Some(true) => ", the bytes arrived",
            Some(false) => ", no bytes: the sender never ran",
            None => "",
        };
        println!(
            "  {:<28} {:>2} tick{} while it waited {:>7}; longest gap {:>6}{got}",
            wait.code(),
            f.ticks_during,
            if f.ticks_during == 1 { " " } else { "s" },
            cli::ms(f.waited),
            cli::ms(f.longest_gap)
        );
        if args.trace {
            print!("{}", cli::indented(&f.trace.timeline()));
        }
        if wait.blocks() {
            frozen.0 += usize::from(f.ticks_during == 0);
            frozen.1 += 1;
        } else {
            async_froze |= f.ticks_during == 0 || f.got_bytes == Some(false);
        }
    }
    if frozen.1 > 0 {
        println!(
            "{}",
            style.fail(&format!(
                "blocking: {} of {} blocking waits froze every other task",
                frozen.0, frozen.1
            ))
        );
    }
    if args.mode.fixed() {
        let verdict = if async_froze {
            style.fail("async: a wait froze the others. That is a bug in the workbook: please report it.")
        } else {
            style.pass("async: the heartbeat kept ticking; the read woke when the bytes came")
        };
        println!("{verdict}");
    }
    println!();
}

/// C6: the echo server, its clients, and the clients it must survive.
fn echo_section(args: &Args, style: Style) {
    let limits = Limits { idle: Duration::from_millis(args.idle_ms), ..Limits::default() };
    println!(
        "{}",
        style.bold(&format!(
            "Echo server on 127.0.0.1: lines up to {} bytes, {} connections, {} idle",
            limits.max_line,
            limits.max_connections,
            cli::ms(limits.idle)
        ))
    );
    let server = EchoServer::start(limits).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    let (clients, lines) = (usize::from(args.clients), args.lines as usize);
    let (echoed, took) =
        lesson::clients(server.addr(), clients, lines, 32).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!(
        "  {clients} clients × {lines} lines, as tasks on one client thread: {echoed} echoed in {}",
        cli::ms(took)
    );
    server.settle(Duration::from_secs(5));
    println!("  server: {}", server.stop().summary());
    let bad = lesson::bad_clients(limits, 200).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  a client over the line cap read:   {}", bad.too_long_reply);
    println!("  a silent client read, after {}: {}", cli::ms(limits.idle), bad.silent_reply);
    println!("  one client too many read:          {}", bad.busy_reply);
    println!(
        "  bytes that are not text:           {}",
        if bad.garbage_echoed { "echoed as sent" } else { "NOT echoed" }
    );
    println!(
        "  meanwhile a healthy client made {} round trips, the slowest {}",
        bad.healthy_trips,
        cli::ms(bad.slowest_trip)
    );
    println!("  server: {}", bad.stats);
    let ok = echoed == clients * lines
        && bad.too_long_reply.starts_with("error: line longer")
        && bad.silent_reply == "bye: idle"
        && bad.busy_reply == "busy"
        && bad.garbage_echoed;
    let verdict = if ok {
        style.pass("echo: every line came back; silent, vanished, flooding and deaf clients stalled nobody")
    } else {
        style.fail("echo: a client was not served as it should be. That is a bug in the workbook.")
    };
    println!("{verdict}\n");
}
