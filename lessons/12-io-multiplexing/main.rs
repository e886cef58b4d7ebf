//! `cargo run --bin io-multiplexing`: lesson 12. Three IO-bound tasks in
//! turn, on threads and on an event loop; one echo loop on select, poll,
//! level- and edge-triggered epoll and a selectors-style registry, serving
//! three ports and many clients; an edge-triggered loop that reads once
//! and stalls; select refusing descriptor 1024. See
//! book/src/12-io-multiplexing.md.

use std::time::Duration;

use clap::Parser;
use workbook::cli::{self, Mode, Style};
use workbook::io::Backend;
use workbook::io::echo::{EchoServer, Options, Reads};
use workbook::lessons::r#async::clients;
use workbook::lessons::io_multiplexing::{self as lesson, Model};

const PROGRAM: &str = "io-multiplexing";

/// Lesson 12: one thread, many sockets, with select, poll and epoll.
/// Wrong: an edge-triggered loop that reads once per report (a long
/// message stalls), and select past descriptor 1023. Right: drain until
/// WouldBlock; poll or epoll.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    /// Which versions to run (racy: the stall and select's refusal; fixed:
    /// the rest)
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    mode: Mode,

    /// Run the echo loop on this backend only (default: all four, and the
    /// selectors registry)
    #[arg(long, value_enum)]
    backend: Option<Backend>,

    /// Echo clients at once
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=200))]
    clients: u16,

    /// Round trips each client makes
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    trips: u32,

    /// Bytes of the long message, sent in one write
    #[arg(long, default_value_t = 16 * 1024, value_parser = clap::value_parser!(u32).range(2048..=1 << 20))]
    size: u32,

    /// How long a client waits for its echo before it calls it stalled, in ms
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(10..=10_000))]
    patience_ms: u64,

    /// How long each task's IO takes, in ms (the tasks also work 10 ms before and after)
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(10..=5_000))]
    io_ms: u64,
}

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    let style = Style::detect();
    println!("{}", style.bold("io-multiplexing: one thread, many sockets"));
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports D1, X1-X5. Every server below runs on one thread; {} here.",
            cli::cores_phrase()
        ))
    );
    if args.mode.fixed() {
        tasks_section(&args, style);
        echo_section(&args, style);
    }
    stall_section(&args, style);
    limit_section(&args, style);
}

/// D1: three tasks, three ways.
fn tasks_section(args: &Args, style: Style) {
    let (work, io) = (Duration::from_millis(10), Duration::from_millis(args.io_ms));
    println!(
        "{}",
        style.bold(&format!(
            "Three tasks: work {}, wait {} for a reply, work {}",
            cli::ms(work),
            cli::ms(io),
            cli::ms(work)
        ))
    );
    println!("{}", style.dim("  # working, - waiting"));
    let mut event_loop_took = None;
    for model in Model::ALL {
        let tasks = lesson::three_tasks(model, work, io).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        println!(
            "  {} ({} thread{}): {}",
            model.name(),
            tasks.threads,
            if tasks.threads == 1 { "" } else { "s" },
            cli::ms(tasks.took)
        );
        print!("{}", cli::indented(&tasks.chart(48)));
        if model == Model::EventDriven && tasks.waits_overlap() && tasks.threads == 1 {
            event_loop_took = Some(tasks.took);
        }
    }
    let verdict = match event_loop_took {
        Some(took) => {
            style.pass(&format!("event loop: the three waits overlap on one thread ({})", cli::ms(took)))
        }
        None => style
            .fail("event loop: the waits did not overlap. That is a bug in the workbook: please report it."),
    };
    println!("{verdict}\n");
}

/// X2-X5: the echo loop on each backend.
fn echo_section(args: &Args, style: Style) {
    let options = Options { listeners: 3, ..Options::new(Backend::Select) };
    let (n, trips) = (usize::from(args.clients), args.trips as usize);
    println!(
        "{}",
        style.bold(&format!(
            "One echo loop, three ports, {n} clients × {trips} round trips, {} connections at most",
            options.max_connections
        ))
    );
    let patience = Duration::from_millis(args.patience_ms).max(Duration::from_secs(5));
    let backends: Vec<Backend> = match args.backend {
        Some(b) => vec![b],
        None => Backend::ALL.to_vec(),
    };
    let mut runs: Vec<(&str, EchoServer)> = backends
        .iter()
        .map(|&b| {
            let server = EchoServer::start(Options { backend: b, ..options.clone() });
            (b.code(), server.unwrap_or_else(|e| cli::fail(PROGRAM, &e)))
        })
        .collect();
    if args.backend.is_none() {
        let server = EchoServer::start_selectors(options.clone()).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        runs.push(("selectors (mio)", server));
    }
    let mut all_well = true;
    for (name, server) in runs {
        let ports =
            lesson::every_port(&server, "hello\n", patience).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let (echoed, took) = clients(server.addr(), n, trips, 32).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let stats = server.stop().unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let ok = ports.iter().all(|(_, e)| e == "hello\n") && echoed == n * trips;
        all_well &= ok;
        println!(
            "  {name:<16} ports {}: echoed; {echoed} round trips in {:>7}, {} waits",
            ports.iter().map(|(p, _)| p.to_string()).collect::<Vec<_>>().join(", "),
            cli::ms(took),
            stats.waits
        );
    }
    let server = EchoServer::start(options).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  {}", style.dim("one client, two sockets (select):"));
    let said =
        lesson::two_sockets(server.addr(), &["one loop, ", "two sockets, ", "three messages."], patience)
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    for line in said {
        println!("    {line}");
    }
    let verdict = if all_well {
        style.pass("every backend: every port and every client echoed, on one thread")
    } else {
        style.fail("an echo went missing. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// Race (a): edge-triggered, one read per report.
fn stall_section(args: &Args, style: Style) {
    let (size, patience) = (args.size as usize, Duration::from_millis(args.patience_ms));
    println!(
        "{}",
        style.bold(&format!("Edge-triggered epoll, a {size}-byte message in one write, reads of 1024 bytes"))
    );
    let mut cases = Vec::new();
    if args.mode.racy() {
        cases.push(("one read per report", Reads::Once));
    }
    if args.mode.fixed() {
        cases.push(("read until WouldBlock", Reads::Drain));
    }
    for (what, reads) in cases {
        let s = lesson::stall(Backend::EpollEdge, reads, size, patience)
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let nudge = match s.after_nudge {
            Some(after) => format!("; one byte more: {after} of {}", size + 1),
            None => String::new(),
        };
        println!(
            "  {what:<22} echoed {:>6} of {size} bytes in {}{nudge}",
            s.echoed,
            cli::ms(patience.min(s.waited))
        );
        let verdict = match (reads, s.stalled()) {
            (Reads::Once, true) => style.fail(&format!(
                "racy: stalled at {} bytes; the rest waits in the socket until the client sends more",
                s.echoed
            )),
            (Reads::Once, false) => {
                style.pass("racy: this run echoed it all (the message came in many pieces)")
            }
            (Reads::Drain, false) => style.pass("fixed: draining until WouldBlock echoes every byte"),
            (Reads::Drain, true) => {
                style.fail("fixed: stalled. That is a bug in the workbook: please report it.")
            }
        };
        println!("{verdict}");
    }
    println!();
}

/// Race (b): descriptor 1024.
fn limit_section(args: &Args, style: Style) {
    println!(
        "{}",
        style.bold(&format!("A server with its sockets at descriptor {} and up", lesson::PAST_SELECT))
    );
    let patience = Duration::from_millis(args.patience_ms).max(Duration::from_secs(5));
    let backends: Vec<Backend> = Backend::ALL
        .into_iter()
        .filter(|&b| if b == Backend::Select { args.mode.racy() } else { args.mode.fixed() })
        .collect();
    for backend in backends {
        let got = lesson::past_select_limit(backend, patience).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let reply = got.reply.trim_end();
        let verdict = if got.served() {
            style.pass(&format!("{:<10} served: {reply:?}", backend.code()))
        } else {
            style.fail(&format!("{:<10} refused: {reply}", backend.code()))
        };
        println!("  {verdict}");
    }
    println!();
}
