//! `cargo run --bin chat`: lesson 13. A chat server on one thread and one
//! epoll: a scripted conversation (one client is the H2 client, one poll
//! over its keyboard and its socket), a crowd where every line reaches
//! every other client once and in order, clients that misbehave, and the
//! race: blocking sends let one client that never reads hold up everyone.
//! `--serve` and `--connect` run a real server and client to chat with.
//! See book/src/13-chat.md.

use std::time::Duration;

use clap::Parser;
use workbook::cli::{self, Mode, Style};
use workbook::io::chat::{ChatServer, Delivery, Limits};
use workbook::lessons::chat as lesson;

const PROGRAM: &str = "chat";

/// Lesson 13: a chat server that no client can stall. Wrong: write to
/// each client in turn, waiting on each (one that never reads holds up
/// everyone). Right: a bounded queue per client, written when its socket
/// has room; a client whose queue overflows is dropped.
#[derive(Parser)]
#[command(name = PROGRAM)]
struct Args {
    /// Which versions to run (racy: blocking sends; fixed: the rest)
    #[arg(long, value_enum, default_value_t = Mode::Both)]
    mode: Mode,

    /// Clients in the crowd
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(2..=250))]
    clients: u16,

    /// Lines each client of the crowd sends
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    messages: u32,

    /// Healthy clients listening while one never reads
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    listeners: u16,

    /// Bytes in each line the talker sends while one client never reads
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u16).range(1..=1000))]
    line_len: u16,

    /// How long a blocking send waits on one client before giving up, in ms
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(100..=10_000))]
    patience_ms: u64,

    /// Run a chat server on 127.0.0.1 at this port (0: any free one) until
    /// stopped with Ctrl-C, instead of the lesson
    #[arg(long, value_name = "PORT", conflicts_with = "connect")]
    serve: Option<u16>,

    /// Chat with a server as the H2 client: lines you type go to it, what
    /// it says is printed; end with Ctrl-D
    #[arg(long, value_name = "HOST:PORT")]
    connect: Option<String>,
}

/// How long the lesson waits for any one line before it calls it lost.
const LIMIT: Duration = Duration::from_secs(30);

fn main() {
    cli::quiet_on_closed_pipe();
    let args = Args::parse();
    if let Some(port) = args.serve {
        serve(port);
    }
    if let Some(addr) = &args.connect {
        lesson::connect_stdio(addr).unwrap_or_else(|e| cli::fail(PROGRAM, &format!("{addr}: {e}")));
        return;
    }
    let style = Style::detect();
    println!("{}", style.bold("chat: one thread, every client, no client in charge"));
    println!(
        "{}\n",
        style.dim(&format!(
            "Ports H1, H2. The server runs on one thread and one epoll; {} here.",
            cli::cores_phrase()
        ))
    );
    if args.mode.fixed() {
        conversation_section(style);
        crowd_section(&args, style);
        bad_clients_section(style);
    }
    race_section(&args, style);
}

/// `--serve`: a server until Ctrl-C, printing who is online as it changes.
fn serve(port: u16) -> ! {
    let server = ChatServer::start_on(port, Limits::default(), Delivery::Queued)
        .unwrap_or_else(|e| cli::fail(PROGRAM, &format!("port {port}: {e}")));
    let addr = server.addr();
    println!("chat server on {addr}; stop it with Ctrl-C");
    println!("chat with: cargo run --bin chat -- --connect {addr}");
    let mut last = server.stats();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = server.stats();
        if now != last {
            println!(
                "online {}: {} joined, {} left, {} dropped, {} lines",
                now.online(),
                now.joined,
                now.left,
                now.dropped + now.too_long,
                now.lines
            );
            last = now;
        }
    }
}

/// Three clients, one of them the H2 client.
fn conversation_section(style: Style) {
    println!(
        "{}",
        style.bold("A conversation: guest1 is the H2 client, one poll over its keyboard and socket")
    );
    let said = lesson::conversation(LIMIT).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    for (who, line) in said {
        println!("  {who:<7} {} {line}", style.dim("|"));
    }
    println!();
}

/// Many clients, every line to every other one.
fn crowd_section(args: &Args, style: Style) {
    let (n, m) = (usize::from(args.clients), args.messages as usize);
    println!(
        "{}",
        style.bold(&format!("A crowd: {n} clients, {m} lines each, every line to the other {}", n - 1))
    );
    let crowd = lesson::crowd(n, m, LIMIT).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!(
        "  {} lines delivered in {} ({:.0} a second); {} out of order, twice or missing",
        crowd.delivered,
        cli::ms(crowd.took),
        crowd.delivered as f64 / crowd.took.as_secs_f64(),
        crowd.misdelivered
    );
    let verdict = if crowd.exact() {
        style.pass(&format!("every client got each of the others' {m} lines once, in the order sent"))
    } else {
        style.fail("lines went missing or out of order. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// Clients that misbehave, and two that keep talking.
fn bad_clients_section(style: Style) {
    println!("{}", style.bold("Clients that misbehave, one at a time, while guest1 and guest2 stay"));
    let bad = lesson::bad_clients(5, LIMIT).unwrap_or_else(|e| cli::fail(PROGRAM, &e));
    println!("  {}", style.dim("guest2 hears:"));
    for line in &bad.heard {
        println!("    {line}");
    }
    println!("  {}", style.dim(&format!("the long line's sender read: {:?}", bad.too_long_reply)));
    println!("  {}", style.dim(&format!("the client past the cap of 5 read: {:?}", bad.busy_reply)));
    let well = bad.garbage_intact && bad.heard.last().is_some_and(|l| l == "guest1: still here?");
    let verdict = if well {
        style.pass("bytes passed as sent; vanished and oversized clients removed; the two still talk")
    } else {
        style.fail("a bad client got through. That is a bug in the workbook: please report it.")
    };
    println!("{verdict}\n");
}

/// The race: one client never reads.
fn race_section(args: &Args, style: Style) {
    let patience = Duration::from_millis(args.patience_ms);
    let (listeners, line_len) = (usize::from(args.listeners), usize::from(args.line_len));
    println!(
        "{}",
        style.bold(&format!(
            "One client never reads; one talks ({line_len}-byte lines, each waited for); {listeners} listen"
        ))
    );
    let mut cases = Vec::new();
    if args.mode.racy() {
        cases.push(("blocking write_all", Delivery::Blocking(patience)));
    }
    if args.mode.fixed() {
        cases.push(("bounded queues", Delivery::Queued));
    }
    for (what, delivery) in cases {
        let got = lesson::latency(delivery, listeners, line_len, LIMIT.max(patience * 3))
            .unwrap_or_else(|e| cli::fail(PROGRAM, &e));
        let dropped = match got.dropped_after {
            Some(n) => format!("dropped after {n} lines"),
            None => "never dropped".to_owned(),
        };
        println!(
            "  {what:<18} {} lines: median {:.1?}, worst {:.1?}; the deaf client {dropped}",
            got.lines, got.median, got.worst
        );
        let held_up = got.worst >= patience / 2;
        let verdict = match delivery {
            Delivery::Blocking(_) if held_up => style.fail(&format!(
                "racy: every listener waited {} while the server waited on the one client that does not read",
                cli::ms(got.worst)
            )),
            Delivery::Blocking(_) => {
                style.pass("racy: this run was never held up (the deaf client's buffers never filled)")
            }
            Delivery::Queued if got.delivered && !held_up => style.pass(
                "fixed: the deaf client's queue overflowed and it was dropped; no listener waited for it",
            ),
            Delivery::Queued => style.fail(&format!(
                "fixed: a line took {}. On a loaded machine that can happen; otherwise please report it.",
                cli::ms(got.worst)
            )),
        };
        println!("{verdict}");
    }
    println!();
}
