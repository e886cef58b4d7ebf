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

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use workbook::deadline::{wait_until, within};
use workbook::io::echo::{EchoServer, Options, Reads};
use workbook::io::{Backend, Interest, Ready, WaitError, Waiter, check_select_limit};
use workbook::lessons::r#async::{clients, round_trips};
use workbook::lessons::io_multiplexing::{self as lesson, Model, PAST_SELECT};

use common::{LIMIT, golden, refuses, stdout_ok};

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
fn the_binary_runs_and_refuses_bad_flags() {
    let out = stdout_ok(env!("CARGO_BIN_EXE_io-multiplexing"), &["--clients", "5", "--trips", "5"]);
    assert!(out.contains("refused"), "{out}");
    refuses(env!("CARGO_BIN_EXE_io-multiplexing"), &["--clients", "0"]);
    refuses(env!("CARGO_BIN_EXE_io-multiplexing"), &["--backend", "kqueue"]);
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/io_multiplexing.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::io_multiplexing as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "io-multiplexing",
            &[
                ("drain", || check::drain(|s, into| solution::drain(s, into))),
                ("flush", || check::flush(|s, q| solution::flush(s, q))),
            ],
        );
    }

    #[test]
    fn wrong_drains_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_drain_read_once",
                || check::drain(|s, into| wrong_drain_read_once::drain(s, into)),
                "2548 bytes, then nothing more for now: `into` held",
            ),
            (
                "wrong_drain_short_read_stops",
                || check::drain(|s, into| wrong_drain_short_read_stops::drain(s, into)),
                "drain returned Ok(Open), expected Ok(Closed)",
            ),
            (
                "wrong_drain_wouldblock_is_closed",
                || check::drain(|s, into| wrong_drain_wouldblock_is_closed::drain(s, into)),
                "drain returned Ok(Closed), expected Ok(Open)",
            ),
            (
                "wrong_drain_interrupted_is_error",
                || check::drain(|s, into| wrong_drain_interrupted_is_error::drain(s, into)),
                "drain returned Err(Interrupted)",
            ),
            (
                "wrong_drain_interrupted_is_open",
                || check::drain(|s, into| wrong_drain_interrupted_is_open::drain(s, into)),
                "a signal, 300 bytes, then the peer closes: drain returned Ok(Open)",
            ),
            (
                "wrong_drain_whole_buffer",
                || check::drain(|s, into| wrong_drain_whole_buffer::drain(s, into)),
                "ended with 3075 bytes",
            ),
            (
                "wrong_drain_clears_into",
                || check::drain(|s, into| wrong_drain_clears_into::drain(s, into)),
                "held b\"abc\" to start with and ended with 2548 bytes",
            ),
            (
                "wrong_drain_empty_buffer",
                || check::drain(|s, into| wrong_drain_empty_buffer::drain(s, into)),
                "drain returned Ok(Closed), expected Ok(Open)",
            ),
            (
                "wrong_drain_keeps_last_read",
                || check::drain(|s, into| wrong_drain_keeps_last_read::drain(s, into)),
                "ended with 500 bytes",
            ),
            (
                "wrong_drain_reads_past_wouldblock",
                || check::drain(|s, into| wrong_drain_reads_past_wouldblock::drain(s, into)),
                "(call 1): drain returned Ok(Closed), expected Ok(Open)",
            ),
            (
                "wrong_drain_error_is_closed",
                || check::drain(|s, into| wrong_drain_error_is_closed::drain(s, into)),
                "drain returned Ok(Closed), expected Err(ConnectionReset)",
            ),
            (
                "wrong_drain_closed_loses_tail",
                || check::drain(|s, into| wrong_drain_closed_loses_tail::drain(s, into)),
                "ended with 3 bytes",
            ),
            (
                "wrong_drain_zero_is_open",
                || check::drain(|s, into| wrong_drain_zero_is_open::drain(s, into)),
                "drain returned Ok(Open), expected Ok(Closed)",
            ),
            (
                "wrong_drain_interrupted_once",
                || check::drain(|s, into| wrong_drain_interrupted_once::drain(s, into)),
                "drain returned Err(Interrupted)",
            ),
        ]);
    }

    #[test]
    fn right_drains_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_drain_512_loop_value", || {
                check::drain(|s, into| right_drain_512_loop_value::drain(s, into))
            }),
            ("right_drain_read_to_end", || check::drain(|s, into| right_drain_read_to_end::drain(s, into))),
            ("right_drain_into_tail", || check::drain(|s, into| right_drain_into_tail::drain(s, into))),
            ("right_drain_one_byte", || check::drain(|s, into| right_drain_one_byte::drain(s, into))),
            ("right_drain_heap_64k", || check::drain(|s, into| right_drain_heap_64k::drain(s, into))),
        ]);
    }

    #[test]
    fn wrong_flushes_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_flush_one_write",
                || check::flush(|s, q| wrong_flush_one_write::flush(s, q)),
                "flush returned Ok(true), expected Ok(false)",
            ),
            (
                "wrong_flush_first_slice_only",
                || check::flush(|s, q| wrong_flush_first_slice_only::flush(s, q)),
                "flush returned Ok(true), expected Ok(false)",
            ),
            (
                "wrong_flush_removes_whole_slice",
                || check::flush(|s, q| wrong_flush_removes_whole_slice::flush(s, q)),
                "remove what was written, and only that",
            ),
            (
                "wrong_flush_truncates_back",
                || check::flush(|s, q| wrong_flush_truncates_back::flush(s, q)),
                "expected the first 3000 bytes of the queue, in order (byte 1596 is",
            ),
            (
                "wrong_flush_write_zero_is_full",
                || check::flush(|s, q| wrong_flush_write_zero_is_full::flush(s, q)),
                "flush returned Ok(true), expected Err(WriteZero)",
            ),
            (
                "wrong_flush_wouldblock_false",
                || check::flush(|s, q| wrong_flush_wouldblock_false::flush(s, q)),
                "flush returned Ok(false), expected Ok(true)",
            ),
            (
                "wrong_flush_wouldblock_is_error",
                || check::flush(|s, q| wrong_flush_wouldblock_is_error::flush(s, q)),
                "flush returned Err(WouldBlock), expected Ok(true)",
            ),
            (
                "wrong_flush_interrupted_is_error",
                || check::flush(|s, q| wrong_flush_interrupted_is_error::flush(s, q)),
                "flush returned Err(Interrupted), expected Ok(true)",
            ),
            (
                "wrong_flush_interrupted_stops",
                || check::flush(|s, q| wrong_flush_interrupted_stops::flush(s, q)),
                "expected the first 30 bytes of the queue",
            ),
            (
                "wrong_flush_writes_empty_queue",
                || check::flush(|s, q| wrong_flush_writes_empty_queue::flush(s, q)),
                "an empty queue (0 bytes queued): flush returned Err(WriteZero)",
            ),
            (
                "wrong_flush_error_keeps_written",
                || check::flush(|s, q| wrong_flush_error_keeps_written::flush(s, q)),
                "room for 5, then the peer is gone (3000 bytes queued): 3000 bytes left in the queue, expected the last 2995",
            ),
            (
                "wrong_flush_write_all",
                || check::flush(|s, q| wrong_flush_write_all::flush(s, q)),
                "remove what was written, and only that",
            ),
            (
                "wrong_flush_returns_progress",
                || check::flush(|s, q| wrong_flush_returns_progress::flush(s, q)),
                "flush returned Ok(true), expected Ok(false)",
            ),
        ]);
    }

    #[test]
    fn right_flushes_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_flush_make_contiguous", || check::flush(|s, q| right_flush_make_contiguous::flush(s, q))),
            ("right_flush_one_byte", || check::flush(|s, q| right_flush_one_byte::flush(s, q))),
            ("right_flush_512_chunks", || check::flush(|s, q| right_flush_512_chunks::flush(s, q))),
            ("right_flush_vectored", || check::flush(|s, q| right_flush_vectored::flush(s, q))),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure = check::drain(|s, into| answers::wrong_drain_read_once::drain(s, into)).unwrap_err();
        golden("io-multiplexing-drain-failure.txt", &(failure + "\n"));
    }
}
