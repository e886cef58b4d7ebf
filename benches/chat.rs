//! Lesson 13's measurements: how many lines a second the chat server fans
//! out to 100 clients, and, under `just compare`, our epoll echo server
//! against an echo server on Python's `selectors` with the same 50
//! clients.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use workbook::io::Backend;
use workbook::io::echo::{EchoServer, Options, Reads};
use workbook::lessons::r#async::clients;
use workbook::lessons::chat::crowd;
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

const LIMIT: Duration = Duration::from_secs(60);
const CROWD: usize = 100;
const MESSAGES: usize = 50;
const ECHO_CLIENTS: usize = 50;
const TRIPS: usize = 200;
/// Timed runs of each variant (each also runs once to warm up).
const SAMPLES: usize = 9;

/// `benches/python/echo_selectors.py` on `python`, and the address it
/// listens on. It stops when its stdin closes (when the child is dropped
/// by `stop_python`).
fn start_python(python: &std::ffi::OsStr) -> (Child, SocketAddr) {
    let script = format!("{}/benches/python/echo_selectors.py", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped")).read_line(&mut first).expect("the port");
    let port: u16 = first.trim().strip_prefix("port ").and_then(|p| p.parse().ok()).expect("port N");
    (child, SocketAddr::from(([127, 0, 0, 1], port)))
}

fn stop_python(mut child: Child) {
    drop(child.stdin.take());
    let status = child.wait().expect("python ends");
    assert!(status.success(), "echo_selectors.py failed: {status}");
}

/// CPU time a thread has run, from the kernel's `schedstat` (in
/// nanoseconds, unlike the 10 ms ticks of `stat`).
fn cpu_ns(schedstat: &str) -> u64 {
    let text = std::fs::read_to_string(schedstat).unwrap_or_else(|e| panic!("{schedstat}: {e}"));
    text.split_whitespace().next().and_then(|n| n.parse().ok()).expect("a number")
}

/// The `schedstat` of this process's thread named `name`.
fn thread_schedstat(name: &str) -> String {
    for task in std::fs::read_dir("/proc/self/task").expect("/proc").flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == name {
            return task.path().join("schedstat").display().to_string();
        }
    }
    panic!("no thread named {name}")
}

/// Round trips of `ECHO_CLIENTS` clients against `addr`, all checked.
fn echo_round(addr: SocketAddr) {
    let (echoed, _) = clients(addr, ECHO_CLIENTS, TRIPS, 32).expect("echo clients");
    assert_eq!(echoed, ECHO_CLIENTS * TRIPS);
}

fn main() {
    let mut bench = Bench::new(
        &format!(
            "chat: {CROWD} clients × {MESSAGES} lines fanned out; echo: {ECHO_CLIENTS} clients × {TRIPS} trips"
        ),
        SAMPLES,
    );
    let expected = CROWD * (CROWD - 1) * MESSAGES;
    let mut rates = Vec::new();
    let fan_out = bench.time(&format!("chat fan-out, {CROWD} clients"), || {
        let got = crowd(CROWD, MESSAGES, LIMIT).expect("the crowd");
        assert!(got.exact(), "{got:?}");
        rates.push(got.delivered as f64 / got.took.as_secs_f64());
    });
    rates.sort_by(f64::total_cmp);
    let rate = rates[rates.len() / 2];
    bench.note(format!(
        "{expected} deliveries a run (each line to the other {}): {:.0} lines a second delivered, median (whole run {:.0} ms, with joins)",
        CROWD - 1,
        rate,
        fan_out * 1e3
    ));
    bench.claim_value("chat fan-out, lines delivered a second", rate, " lines/s", Bound::AtLeast(1e6));

    // One read per report, as the Python server does (level-triggered
    // epoll reports what is left): the same algorithm in both.
    let options = Options { reads: Reads::Once, ..Options::new(Backend::Epoll) };
    let server = EchoServer::start(options).expect("echo server");
    let ours_addr = server.addr();
    match std::env::var_os("WORKBOOK_PYTHON") {
        Some(python) => {
            // `just compare`: the same clients against Python's selectors.
            let (child, py_addr) = start_python(&python);
            let (ours_cpu, py_cpu) =
                (thread_schedstat("echo-epoll"), format!("/proc/{}/schedstat", child.id()));
            let (mut ours_ns, mut py_ns) = (0, 0);
            let times = bench.time_interleaved(&mut [
                ("echo, ours on epoll", &mut || {
                    let before = cpu_ns(&ours_cpu);
                    echo_round(ours_addr);
                    ours_ns += cpu_ns(&ours_cpu) - before;
                }),
                ("echo, Python selectors", &mut || {
                    let before = cpu_ns(&py_cpu);
                    echo_round(py_addr);
                    py_ns += cpu_ns(&py_cpu) - before;
                }),
            ]);
            stop_python(child);
            // Both servers are driven by one client thread, which on two
            // cores sets the pace of the faster server: the wall-clock
            // ratio understates the difference. The server's own CPU time
            // per round trip is what each costs.
            let trips = (ECHO_CLIENTS * TRIPS * (SAMPLES + 1)) as f64;
            let (ours_us, py_us) = (ours_ns as f64 / trips / 1e3, py_ns as f64 / trips / 1e3);
            let per_sec = |t: f64| (ECHO_CLIENTS * TRIPS) as f64 / t;
            bench.note(format!(
                "round trips a second, wall clock: ours {:.0}, Python selectors {:.0} ({:.2}×)",
                per_sec(times[0]),
                per_sec(times[1]),
                times[1] / times[0]
            ));
            bench.note(format!(
                "server CPU per round trip: ours {ours_us:.2} µs, Python selectors {py_us:.2} µs"
            ));
            bench.claim(
                "echo round trips per server CPU second: ours on epoll / Python selectors",
                py_us / ours_us,
                Bound::AtLeast(1.25),
            );
        }
        None => {
            bench.time("echo, ours on epoll", || echo_round(ours_addr));
        }
    }
    server.stop().expect("the echo server stops");
    report(bench);
}
