//! Lesson 12: select, poll and level-triggered epoll report a ready socket
//! on every wait, edge-triggered epoll once; every backend's echo loop
//! serves many clients and several ports, and survives clients that
//! vanish, send garbage or never read; an edge-triggered loop that reads
//! once per report stalls a long message until more bytes come, and one
//! that drains does not; select refuses descriptor 1024 with a clear
//! error where poll and epoll serve it. The event loop interleaves three
//! IO-bound tasks on one thread. The exercises' checks pass the solutions
//! and reject wrong answers.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/12-io-multiplexing/solution.rs"]
mod solution;

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use workbook::deadline::{wait_until, within};
use workbook::exercises::io_multiplexing::{self as check, Drained};
use workbook::io::echo::{EchoServer, Options, Reads};
use workbook::io::{Backend, Interest, Ready, WaitError, Waiter, check_select_limit};
use workbook::lessons::r#async::{clients, round_trips};
use workbook::lessons::io_multiplexing::{self as lesson, Model, PAST_SELECT};

use common::{LIMIT, golden, refuses, rejects, stdout_ok};

/// Long enough for any echo on a loaded machine; only a stalled one waits
/// it out.
const PATIENCE: Duration = Duration::from_millis(400);

/// Every server the lesson builds: the loop on each backend, and the
/// selectors registry.
fn servers(options: &Options) -> Vec<(String, EchoServer)> {
    let mut all: Vec<(String, EchoServer)> = Backend::ALL
        .iter()
        .map(|&b| {
            (b.code().to_owned(), EchoServer::start(Options { backend: b, ..options.clone() }).unwrap())
        })
        .collect();
    all.push(("selectors".to_owned(), EchoServer::start_selectors(options.clone()).unwrap()));
    all
}

/// One wait with nothing to wait for: a zero timeout.
fn reported(waiter: &mut Waiter, watched: &[(std::os::fd::BorrowedFd<'_>, Interest)]) -> Vec<Ready> {
    let mut ready = Vec::new();
    waiter.wait(watched, Some(Duration::ZERO), &mut ready).unwrap();
    ready
}

#[test]
fn level_triggered_reports_an_unread_socket_on_every_wait_and_edge_triggered_once() {
    for backend in Backend::ALL {
        let (near, mut far) = UnixStream::pair().unwrap();
        let mut waiter = Waiter::new(backend).unwrap();
        waiter.add(near.as_fd(), Interest::READ).unwrap();
        let watched = [(near.as_fd(), Interest::READ)];
        assert!(reported(&mut waiter, &watched).iter().all(|r| !r.read), "{backend:?}: nothing sent yet");
        far.write_all(b"hello").unwrap();
        let first = reported(&mut waiter, &watched);
        let second = reported(&mut waiter, &watched);
        assert!(first.iter().any(|r| r.read), "{backend:?} did not report the bytes");
        let again = second.iter().any(|r| r.read);
        assert_eq!(again, !backend.edge_triggered(), "{backend:?}: reported again without a read: {again}");
        far.write_all(b"!").unwrap();
        assert!(
            reported(&mut waiter, &watched).iter().any(|r| r.read),
            "{backend:?}: new bytes, a new report"
        );
    }
}

#[test]
fn select_refuses_descriptors_past_its_limit_and_says_why() {
    assert!(check_select_limit(0).is_ok() && check_select_limit(1023).is_ok());
    match check_select_limit(1024) {
        Err(e @ WaitError::PastSelectLimit { fd: 1024, limit: 1024 }) => {
            assert_eq!(
                e.to_string(),
                "descriptor 1024 is past select's limit: an fd_set holds descriptors 0 to 1023"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(check_select_limit(-1).is_err());
}

#[test]
fn the_select_server_refuses_a_socket_at_descriptor_1024_and_poll_and_epoll_serve_it() {
    for backend in Backend::ALL {
        let got =
            within(LIMIT, "past the limit", move || lesson::past_select_limit(backend, PATIENCE)).unwrap();
        assert_eq!(got.fd_at_least, PAST_SELECT);
        if backend == Backend::Select {
            assert_eq!(
                got.reply,
                "error: descriptor 1024 is past select's limit: an fd_set holds descriptors 0 to 1023\n"
            );
        } else {
            assert!(got.served(), "{backend:?}: {:?}", got.reply);
        }
    }
}

#[test]
fn edge_triggered_reading_once_stalls_a_long_message_until_more_bytes_come() {
    let size = 16 * 1024;
    let stall =
        within(LIMIT, "stall", move || lesson::stall(Backend::EpollEdge, Reads::Once, size, PATIENCE))
            .unwrap();
    assert!(stall.stalled(), "{stall:?}");
    assert!(stall.echoed >= 1024, "the first read is echoed: {stall:?}");
    let nudged = stall.after_nudge.expect("a stalled client nudges");
    assert!(nudged > stall.echoed && nudged < size + 1, "one more edge, one more read: {stall:?}");
}

#[test]
fn draining_or_level_triggering_echoes_the_whole_message() {
    let size = 16 * 1024;
    for (backend, reads) in
        [(Backend::EpollEdge, Reads::Drain), (Backend::Epoll, Reads::Once), (Backend::Poll, Reads::Once)]
    {
        let s = within(LIMIT, "no stall", move || lesson::stall(backend, reads, size, LIMIT)).unwrap();
        assert_eq!((s.echoed, s.after_nudge), (size, None), "{backend:?} {reads:?}");
    }
}

#[test]
fn every_server_echoes_fifty_clients_at_once() {
    within(LIMIT, "fifty clients", || {
        for (name, server) in servers(&Options::new(Backend::Select)) {
            let (echoed, _) = clients(server.addr(), 50, 20, 32).unwrap();
            assert_eq!(echoed, 50 * 20, "{name}");
            assert!(wait_until(LIMIT, || server.stats().closed == 50), "{name}: {:?}", server.stats());
            let stats = server.stop().unwrap();
            assert_eq!((stats.accepted, stats.busy, stats.refused), (50, 0, 0), "{name}");
            assert_eq!((stats.bytes_in, stats.bytes_out), (50 * 20 * 32, 50 * 20 * 32), "{name}");
        }
    });
}

#[test]
fn one_loop_serves_three_ports() {
    within(LIMIT, "three ports", || {
        let options = Options { listeners: 3, ..Options::new(Backend::Poll) };
        for (name, server) in servers(&options) {
            let echoes = lesson::every_port(&server, "hello\n", PATIENCE).unwrap();
            assert_eq!(echoes.len(), 3, "{name}");
            assert!(echoes.iter().all(|(_, e)| e == "hello\n"), "{name}: {echoes:?}");
        }
    });
}

#[test]
fn a_client_drives_two_sockets_through_three_messages() {
    let said = within(LIMIT, "two sockets", || {
        let server = EchoServer::start(Options::new(Backend::Select)).unwrap();
        lesson::two_sockets(server.addr(), &["one loop, ", "two sockets, ", "three messages."], PATIENCE)
            .unwrap()
    });
    golden("io-multiplexing-two-sockets.txt", &(said.join("\n") + "\n"));
}

#[test]
fn vanished_garbage_and_deaf_clients_do_not_disturb_the_rest() {
    within(LIMIT, "bad clients", || {
        let options = Options { max_queued: 8 * 1024, ..Options::new(Backend::Select) };
        for (name, server) in servers(&options) {
            // Vanishes mid-message, with its echo unread.
            let mut gone = TcpStream::connect(server.addr()).unwrap();
            gone.write_all(b"half a li").unwrap();
            drop(gone);
            // Every byte value, echoed exactly.
            let garbage: Vec<u8> = (0..=255).collect();
            let trips = round_trips(server.addr(), 3, &garbage, PATIENCE).unwrap();
            assert!(trips.slowest < PATIENCE, "{name}");
            // Sends up to 64 MiB and never reads. Both kernels buffer a few
            // MiB of echoes; then the server owes 8 KiB, stops reading, and
            // goes on serving everyone else.
            let mut deaf = TcpStream::connect(server.addr()).unwrap();
            deaf.set_write_timeout(Some(Duration::from_millis(100))).unwrap();
            let chunk = vec![b'z'; 64 * 1024];
            let mut sent = 0;
            while sent < 64 << 20 {
                match deaf.write(&chunk) {
                    Ok(n) => sent += n,
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => break,
                    Err(e) => panic!("{name}: {e}"),
                }
            }
            assert!(sent < 64 << 20, "{name}: the server kept reading from a client that never reads");
            round_trips(server.addr(), 20, b"still here\n", PATIENCE).unwrap();
            deaf.shutdown(Shutdown::Both).unwrap();
            drop(deaf);
            assert!(
                wait_until(LIMIT, || server.stats().open() == 0),
                "{name}: every connection is closed in the end: {:?}",
                server.stats()
            );
        }
    });
}

#[test]
fn a_client_past_the_connection_cap_is_told_busy() {
    within(LIMIT, "busy", || {
        let options = Options { max_connections: 2, ..Options::new(Backend::Epoll) };
        for (name, server) in servers(&options) {
            let held: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(server.addr()).unwrap()).collect();
            assert!(wait_until(LIMIT, || server.stats().open() == 2), "{name}");
            let mut third = TcpStream::connect(server.addr()).unwrap();
            third.set_read_timeout(Some(LIMIT)).unwrap();
            let mut reply = String::new();
            third.read_to_string(&mut reply).unwrap();
            assert_eq!(reply, "busy\n", "{name}");
            drop(held);
            assert!(wait_until(LIMIT, || server.stats().open() == 0), "{name}");
            round_trips(server.addr(), 2, b"room again\n", PATIENCE).unwrap();
        }
    });
}

#[test]
fn one_thread_waits_in_turn_threads_and_the_event_loop_wait_together() {
    let (work, io) = (Duration::from_millis(1), Duration::from_millis(30));
    let one = lesson::three_tasks(Model::OneThread, work, io).unwrap();
    assert!(one.one_after_another() && !one.waits_overlap(), "{one:?}");
    assert!(one.took >= io * 3);
    let threads = lesson::three_tasks(Model::Threads, work, io).unwrap();
    assert!(threads.waits_overlap() && threads.threads == 3, "{threads:?}");
    let looped = lesson::three_tasks(Model::EventDriven, work, io).unwrap();
    assert!(looped.waits_overlap() && !looped.one_after_another() && looped.threads == 1, "{looped:?}");
    for tasks in [&one, &threads, &looped] {
        for task in 0..3 {
            let phases: Vec<_> = tasks.of(task).map(|s| s.phase).collect();
            assert_eq!(phases.len(), 3, "work, wait, work: {tasks:?}");
        }
        let chart = tasks.chart(40);
        assert_eq!(chart.lines().count(), 3, "{chart}");
    }
}

#[test]
fn the_solutions_pass_their_checks() {
    check::drain(|s, into| solution::drain(s, into)).unwrap();
    check::flush(|s, q| solution::flush(s, q)).unwrap();
}

#[test]
fn a_drain_that_reads_once_or_past_would_block_is_rejected() {
    fn once(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        match sock.read(&mut buf) {
            Ok(0) => Ok(Drained::Closed),
            Ok(n) => {
                into.extend_from_slice(&buf[..n]);
                Ok(Drained::Open)
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Drained::Open),
            Err(e) => Err(e),
        }
    }
    fn no_retry(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) => return Err(e),
            }
        }
    }
    let failure = check::drain(once).expect_err("reading once is wrong");
    golden("io-multiplexing-drain-failure.txt", &(failure + "\n"));
    assert!(rejects(|| check::drain(no_retry)));
}

#[test]
fn a_flush_that_writes_one_slice_or_keeps_written_bytes_is_rejected() {
    fn one_write(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        match sock.write(queue.as_slices().0) {
            Ok(n) => {
                queue.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
        Ok(!queue.is_empty())
    }
    fn keeps(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        let all: Vec<u8> = queue.iter().copied().collect();
        match sock.write(&all) {
            Ok(_) | Err(_) => Ok(true),
        }
    }
    assert!(rejects(|| check::flush(one_write)));
    assert!(rejects(|| check::flush(keeps)));
}

#[test]
fn the_binary_runs_and_refuses_bad_flags() {
    let out = stdout_ok(env!("CARGO_BIN_EXE_io-multiplexing"), &["--clients", "5", "--trips", "5"]);
    assert!(out.contains("refused"), "{out}");
    refuses(env!("CARGO_BIN_EXE_io-multiplexing"), &["--clients", "0"]);
    refuses(env!("CARGO_BIN_EXE_io-multiplexing"), &["--backend", "kqueue"]);
}
