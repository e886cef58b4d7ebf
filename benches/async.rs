//! Lesson 11's measurements: how many no-op tasks the executor spawns and
//! runs a second; what one waker hop costs against one item through a
//! crossbeam channel between two threads; C4's ten tasks of 0.5 s one
//! after another and all at once; and the echo server against the same
//! server on tokio.

use std::cell::Cell;
use std::hint::black_box;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use workbook::coro;
use workbook::lessons::r#async::{self as lesson, EchoServer, Limits};
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

const TASKS: usize = 1_000_000;
const HOPS: u64 = 1_000_000;
const TRIPS: usize = 20_000;
const CLIENTS: usize = 8;

/// Spawns `n` tasks that do nothing, and runs them all.
fn spawn_and_run(n: usize) {
    let done = Rc::new(Cell::new(0usize));
    coro::block_on(async {
        for _ in 0..n {
            let done = Rc::clone(&done);
            coro::spawn(async move { done.set(done.get() + 1) });
        }
        // The tasks run once this future waits: they are all on the queue.
        std::future::poll_fn(|cx| {
            if done.get() == n {
                Poll::Ready(())
            } else {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
    });
}

/// Two tasks pass a turn back and forth `hops` times: every hop is one
/// wake (the other task onto the run queue) and one poll.
fn waker_hops(hops: u64) {
    let turn = Rc::new(Cell::new(0u64));
    let wakers: Rc<[Cell<Option<Waker>>; 2]> = Rc::new(Default::default());
    let player = |me: u64| {
        let (turn, wakers) = (Rc::clone(&turn), Rc::clone(&wakers));
        async move {
            loop {
                let now = std::future::poll_fn(|cx| {
                    let t = turn.get();
                    if t >= hops || t % 2 == me {
                        Poll::Ready(t)
                    } else {
                        wakers[me as usize].set(Some(cx.waker().clone()));
                        Poll::Pending
                    }
                })
                .await;
                if now >= hops {
                    if let Some(w) = wakers[1 - me as usize].take() {
                        w.wake();
                    }
                    return;
                }
                turn.set(now + 1);
                if let Some(w) = wakers[1 - me as usize].take() {
                    w.wake();
                }
            }
        }
    };
    coro::block_on(async {
        coro::join_all([coro::spawn(player(0)), coro::spawn(player(1))]).await;
    });
}

/// `items` numbers from one thread to another through a crossbeam channel.
fn crossbeam_spsc(items: u64) {
    let (tx, rx) = crossbeam::channel::bounded::<u64>(1024);
    std::thread::scope(|s| {
        s.spawn(move || {
            for i in 0..items {
                tx.send(i).expect("the receiver is there");
            }
        });
        black_box(rx.iter().sum::<u64>());
    });
}

// ANCHOR: tokio
/// The lesson's echo handler, line for line, on tokio.
async fn tokio_handle(stream: &mut tokio::net::TcpStream, limits: Limits) -> io::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::time::timeout;
    let mut line = Vec::with_capacity(256);
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(read) = timeout(limits.idle, stream.read(&mut chunk)).await else {
            let _ = timeout(limits.idle, stream.write_all(b"bye: idle\n")).await;
            return Ok(());
        };
        let n = read?;
        if n == 0 {
            return Ok(());
        }
        let mut rest = &chunk[..n];
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            line.extend_from_slice(&rest[..=at]);
            rest = &rest[at + 1..];
            if line.len() > limits.max_line {
                break;
            }
            let Ok(written) = timeout(limits.idle, stream.write_all(&line)).await else {
                return Ok(());
            };
            written?;
            line.clear();
        }
        line.extend_from_slice(rest);
        if line.len() > limits.max_line {
            let refusal = format!("error: line longer than {} bytes\n", limits.max_line);
            let _ = timeout(limits.idle, stream.write_all(refusal.as_bytes())).await;
            return Ok(());
        }
    }
}

/// The server on tokio's single-threaded runtime, as ours is: accept, and
/// a task per connection.
fn tokio_server(limits: Limits) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.expect("a free port");
            tx.send(listener.local_addr().expect("bound")).expect("the bench waits");
            let active = Rc::new(Cell::new(0usize));
            let local = tokio::task::LocalSet::new();
            local
                .run_until(async move {
                    loop {
                        let Ok((mut stream, _)) = listener.accept().await else { continue };
                        if active.get() >= limits.max_connections {
                            continue; // dropped: closed
                        }
                        active.set(active.get() + 1);
                        let active = Rc::clone(&active);
                        tokio::task::spawn_local(async move {
                            let _ = stream.set_nodelay(true);
                            let _ = tokio_handle(&mut stream, limits).await;
                            active.set(active.get() - 1);
                        });
                    }
                })
                .await;
        });
    });
    rx.recv().expect("the tokio server starts")
}
// ANCHOR_END: tokio

/// `CLIENTS` threads, each making `trips` round trips at once.
fn many_clients(addr: SocketAddr, trips: usize) {
    let line = lesson::line_of(32);
    std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| lesson::round_trips(addr, trips, &line, Duration::from_secs(10)).expect("echoed"));
        }
    });
}

fn main() {
    let mut bench =
        Bench::new(&format!("async: {TASKS} no-op tasks; {HOPS} waker hops; {TRIPS} echo round trips"), 9);
    let t = bench.time_interleaved(&mut [
        ("spawn + run a no-op task", &mut || spawn_and_run(TASKS)),
        ("waker hop between two tasks", &mut || waker_hops(HOPS)),
        ("crossbeam bounded(1024), thread to thread", &mut || crossbeam_spsc(HOPS)),
    ]);
    let (t_spawn, t_hop, t_item) = (t[0], t[1], t[2]);
    bench.note(format!(
        "per task {:.0} ns ({:.1} M tasks/s); per hop {:.1} ns; per channel item {:.1} ns",
        t_spawn * 1e9 / TASKS as f64,
        TASKS as f64 / t_spawn / 1e6,
        t_hop * 1e9 / HOPS as f64,
        t_item * 1e9 / HOPS as f64
    ));
    bench.claim_value(
        "no-op tasks spawned and run a second",
        TASKS as f64 / t_spawn / 1e6,
        " M/s",
        Bound::AtLeast(1.0),
    );
    bench.claim("a waker hop vs a crossbeam SPSC item (hop / item)", t_hop / t_item, Bound::AtMost(2.0));

    let limits = Limits::default();
    let ours = EchoServer::start(limits).expect("our server starts");
    let theirs = tokio_server(limits);
    let line = lesson::line_of(32);
    let limit = Duration::from_secs(10);
    let t = bench.time_interleaved(&mut [
        ("echo round trips, our executor", &mut || {
            lesson::round_trips(ours.addr(), TRIPS, &line, limit).expect("echoed");
        }),
        ("echo round trips, tokio current_thread", &mut || {
            lesson::round_trips(theirs, TRIPS, &line, limit).expect("echoed");
        }),
        ("8 clients at once, our executor", &mut || many_clients(ours.addr(), TRIPS / CLIENTS)),
        ("8 clients at once, tokio", &mut || many_clients(theirs, TRIPS / CLIENTS)),
    ]);
    bench.note(format!(
        "per round trip: ours {:.1} µs, tokio {:.1} µs; 8 clients: ours {:.1} µs, tokio {:.1} µs a line",
        t[0] * 1e6 / TRIPS as f64,
        t[1] * 1e6 / TRIPS as f64,
        t[2] * 1e6 / TRIPS as f64,
        t[3] * 1e6 / TRIPS as f64
    ));
    bench.claim("echo round trip vs tokio (ours / tokio)", t[0] / t[1], Bound::AtMost(1.3));
    bench.claim("8 echo clients vs tokio (ours / tokio)", t[2] / t[3], Bound::AtMost(1.3));
    drop(ours);
    report(bench);

    // C4 at full size: ten tasks of half a second.
    let mut c4 = Bench::new("async: C4, 10 tasks that each sleep 0.5 s", 1);
    let each = Duration::from_millis(500);
    let t = c4.time_interleaved(&mut [
        ("one after another", &mut || {
            black_box(lesson::one_after_another(10, each));
        }),
        ("all at once", &mut || {
            black_box(lesson::all_at_once(10, each));
        }),
    ]);
    c4.claim("all at once vs one after another (sequential / concurrent)", t[0] / t[1], Bound::AtLeast(9.0));
    report(c4);
}
