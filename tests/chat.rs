//! Lesson 13: the chat server (H1) and client (H2). Every line to every
//! other client once and in order; bad clients removed without disturbing
//! the rest; the race: blocking sends let a client that never reads hold
//! up everyone, bounded queues drop it instead.
#![cfg(not(loom))]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{LIMIT, golden, refuses, stdout_ok};
use workbook::deadline::{wait_until, within};
use workbook::io::chat::{ChatServer, Delivery, Ended, Limits, talk};
use workbook::lessons::chat as lesson;

const EXE: &str = env!("CARGO_BIN_EXE_chat");

/// Reads one line from a bare client, newline dropped.
fn line(from: &mut impl BufRead) -> String {
    let mut line = String::new();
    let n = from.read_line(&mut line).expect("a line within the read timeout");
    assert!(n > 0, "the connection closed");
    line.trim_end_matches('\n').to_owned()
}

/// A bare client that has read its welcome.
fn join(server: &ChatServer) -> (TcpStream, BufReader<TcpStream>, String) {
    let sock = TcpStream::connect(server.addr()).unwrap();
    sock.set_read_timeout(Some(LIMIT)).unwrap();
    let mut lines = BufReader::new(sock.try_clone().unwrap());
    let hello = line(&mut lines);
    let name = hello.strip_prefix("* you are ").expect("a welcome").to_owned();
    (sock, lines, name)
}

#[test]
fn a_conversation_reads_the_same_on_every_run() {
    let said = within(LIMIT, "conversation", || lesson::conversation(LIMIT).unwrap());
    let text: String = said.iter().map(|(who, line)| format!("{who:<7} | {line}\n")).collect();
    golden("chat-conversation.txt", &text);
}

#[test]
fn two_hundred_clients_get_every_other_clients_fifty_lines_once_and_in_order() {
    let crowd = within(LIMIT, "crowd", || lesson::crowd(200, 50, LIMIT).unwrap());
    assert_eq!(crowd.misdelivered, 0, "{crowd:?}");
    assert_eq!(crowd.delivered, 200 * 199 * 50, "{crowd:?}");
    assert!(crowd.exact());
    let s = crowd.stats;
    assert_eq!((s.joined, s.left, s.dropped, s.lines), (200, 0, 0, 200 * 50), "{s:?}");
}

#[test]
fn a_client_that_never_reads_holds_up_everyone_under_blocking_sends() {
    let patience = Duration::from_secs(1);
    let got = within(LIMIT, "blocking", move || {
        lesson::latency(Delivery::Blocking(patience), 2, 1000, LIMIT).unwrap()
    });
    // The server waits `patience` in write_all to the deaf client; the
    // line in flight then, or the next one, waits as long.
    assert!(got.worst >= patience / 2, "{got:?}");
    assert!(got.dropped_after.is_some() && got.delivered, "{got:?}");
}

#[test]
fn bounded_queues_drop_the_client_that_never_reads_and_deliver_every_line() {
    let got = within(LIMIT, "queued", || lesson::latency(Delivery::Queued, 2, 1000, LIMIT).unwrap());
    let dropped = got.dropped_after.expect("the deaf client is dropped");
    assert!(got.delivered, "{got:?}");
    assert_eq!(got.lines, dropped + 50, "service goes on after the drop: {got:?}");
}

#[test]
fn bad_clients_are_removed_and_the_rest_talk_on() {
    let bad = within(LIMIT, "bad clients", || lesson::bad_clients(5, LIMIT).unwrap());
    assert!(bad.garbage_intact, "{bad:?}");
    assert_eq!(
        bad.heard,
        [
            "* guest3 joined",
            "guest3: \\0\u{fffd}\\r\\u{1b}[2J",
            "* guest3 left",
            "* guest4 joined",
            "* guest4 left",
            "* guest5 joined",
            "* guest5 was dropped: line too long",
            "* guest6 joined",
            "* guest7 joined",
            "* guest8 joined",
            "guest1: still here?",
        ]
    );
    assert_eq!(bad.too_long_reply, "error: line longer than 1024 bytes");
    assert_eq!(bad.busy_reply, "busy");
}

#[test]
fn a_client_that_sends_without_pause_does_not_starve_the_others() {
    within(LIMIT, "flood", || {
        let limits = Limits { max_queued: 64 << 20, ..Limits::default() };
        let server = ChatServer::start(limits, Delivery::Queued).unwrap();
        let (flooder, _flooder_in, _) = join(&server);
        let (mut a, _a_in, a_name) = join(&server);
        let (_b, mut b_in, _) = join(&server);
        let heard = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = std::sync::Arc::clone(&heard);
        // Lines without pause, until b has heard a's ping (or 256 MiB).
        let flood = std::thread::spawn(move || {
            let chunk = "flood\n".repeat(10_000);
            let mut sent = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && sent < 256 << 20 {
                (&flooder).write_all(chunk.as_bytes()).unwrap();
                sent += chunk.len();
            }
            sent
        });
        assert!(wait_until(LIMIT, || server.stats().lines >= 10_000), "the flood is under way");
        a.write_all(b"ping\n").unwrap();
        let ping = format!("{a_name}: ping");
        let mut flood_lines = 0u64;
        loop {
            let got = line(&mut b_in);
            if got == ping {
                break;
            }
            assert!(got.ends_with(": flood") || got.starts_with("* "), "{got:?}");
            flood_lines += 1;
        }
        heard.store(true, std::sync::atomic::Ordering::Relaxed);
        let sent = flood.join().unwrap();
        // a's line came through while the flood went on, not after it.
        assert!(flood_lines * 6 < sent as u64, "b heard {flood_lines} flood lines first, of {}", sent / 6);
        assert_eq!(server.stats().dropped, 0);
    });
}

#[test]
fn talk_ends_when_the_server_goes() {
    within(LIMIT, "talk", || {
        let server = ChatServer::start(Limits::default(), Delivery::Queued).unwrap();
        let sock = TcpStream::connect(server.addr()).unwrap();
        let (_keys, mut keyboard) = UnixStream::pair().unwrap();
        let mut screen = Vec::new();
        let client = std::thread::spawn(move || {
            let ended = talk(&sock, &mut keyboard, &mut screen);
            (ended.unwrap(), screen)
        });
        assert!(wait_until(LIMIT, || server.stats().joined == 1));
        server.stop().unwrap();
        let (ended, screen) = client.join().unwrap();
        assert_eq!(ended, Ended::ServerClosed);
        assert_eq!(String::from_utf8(screen).unwrap(), "* you are guest1\n");
    });
}

#[test]
fn the_binary_connects_stdin_to_a_server() {
    within(LIMIT, "--connect", || {
        let server = ChatServer::start(Limits::default(), Delivery::Queued).unwrap();
        let (_other, mut other_in, _) = join(&server);
        let mut child = Command::new(EXE)
            .args(["--connect", &server.addr().to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        assert_eq!(line(&mut other_in), "* guest2 joined");
        child.stdin.take().unwrap().write_all(b"hello from the binary\n").unwrap();
        assert_eq!(line(&mut other_in), "guest2: hello from the binary");
        assert_eq!(line(&mut other_in), "* guest2 left");
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "* you are guest2\n");
    });
}

#[test]
fn the_binary_serves_until_stopped() {
    within(LIMIT, "--serve", || {
        let mut child = Command::new(EXE).args(["--serve", "0"]).stdout(Stdio::piped()).spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let first = line(&mut out);
        let addr = first.strip_prefix("chat server on ").and_then(|r| r.split(';').next()).expect(&first);
        assert!(addr.starts_with("127.0.0.1:"), "{first}");
        let mut sock = TcpStream::connect(addr).unwrap();
        sock.set_read_timeout(Some(LIMIT)).unwrap();
        let mut hello = [0u8; 17];
        sock.read_exact(&mut hello).unwrap();
        assert_eq!(&hello, b"* you are guest1\n");
        child.kill().unwrap();
        child.wait().unwrap();
    });
}

#[test]
fn the_binary_runs_and_refuses_bad_flags() {
    let out = stdout_ok(EXE, &["--clients", "10", "--messages", "5"]);
    assert!(out.contains("racy: every listener waited"), "{out}");
    assert!(out.contains("every client got each of the others' 5 lines once"), "{out}");
    refuses(EXE, &["--clients", "1"]);
    refuses(EXE, &["--serve", "0", "--connect", "127.0.0.1:1"]);
    refuses(EXE, &["--line-len", "5000"]);
}

#[cfg(not(loom))]
#[path = "../lessons/13-chat/solution.rs"]
mod solution;

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/chat.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::chat as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "chat",
            &[("frame", || check::frame(solution::frame)), ("fan-out", || check::fan_out(solution::fan_out))],
        );
        // The server's own framing is the same function.
        check::frame(workbook::io::chat::frame).unwrap();
    }

    #[test]
    fn wrong_framings_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_frame_no_partial_cap",
                || check::frame(wrong_frame_no_partial_cap::frame),
                "the cap's worth of bytes and no newline yet",
            ),
            (
                "wrong_frame_exact_line_refused",
                || check::frame(wrong_frame_exact_line_refused::frame),
                "a line of exactly the cap, newline included",
            ),
            (
                "wrong_frame_partial_gt",
                || check::frame(wrong_frame_partial_gt::frame),
                "the cap's worth of bytes and no newline yet",
            ),
            (
                "wrong_frame_cap_excludes_newline",
                || check::frame(wrong_frame_cap_excludes_newline::frame),
                "a line one byte over the cap",
            ),
            (
                "wrong_frame_strips_newline",
                || check::frame(wrong_frame_strips_newline::frame),
                "lines [b\"hello\"], expected [b\"hello\\n\"]",
            ),
            (
                "wrong_frame_forgets_partial",
                || check::frame(wrong_frame_forgets_partial::frame),
                "a line in three reads",
            ),
            (
                "wrong_frame_overwrites_partial",
                || check::frame(wrong_frame_overwrites_partial::frame),
                "a line in three reads",
            ),
            (
                "wrong_frame_all_or_nothing",
                || check::frame(wrong_frame_all_or_nothing::frame),
                "lines [], expected [b\"ok\\n\"]",
            ),
            (
                "wrong_frame_checks_before_appending",
                || check::frame(wrong_frame_checks_before_appending::frame),
                "the cap's worth of bytes and no newline yet",
            ),
            (
                "wrong_frame_cr_ends_line",
                || check::frame(wrong_frame_cr_ends_line::frame),
                "lines ending in \\r\\n",
            ),
            (
                "wrong_frame_filters_empty_pieces",
                || check::frame(wrong_frame_filters_empty_pieces::frame),
                "one line in one read",
            ),
            (
                "wrong_frame_skips_blank_lines",
                || check::frame(wrong_frame_skips_blank_lines::frame),
                "three lines in one read",
            ),
            (
                "wrong_frame_truncates_long",
                || check::frame(wrong_frame_truncates_long::frame),
                "a line one byte over the cap",
            ),
            (
                "wrong_frame_caps_the_read",
                || check::frame(wrong_frame_caps_the_read::frame),
                "lines [], expected [b\"ok\\n\"]",
            ),
        ]);
    }

    #[test]
    fn right_framings_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_frame_frames_past_long_line", || check::frame(right_frame_frames_past_long_line::frame)),
            ("right_frame_newline_positions", || check::frame(right_frame_newline_positions::frame)),
            ("right_frame_split_inclusive", || check::frame(right_frame_split_inclusive::frame)),
            ("right_frame_append_then_cut", || check::frame(right_frame_append_then_cut::frame)),
            ("right_frame_clears_on_error", || check::frame(right_frame_clears_on_error::frame)),
        ]);
    }

    #[test]
    fn wrong_fan_outs_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_fan_sender_too",
                || check::fan_out(wrong_fan_sender_too::fan_out),
                "the sender (client 2 of 5",
            ),
            (
                "wrong_fan_exact_fit_dropped",
                || check::fan_out(wrong_fan_exact_fit_dropped::fan_out),
                "a client with room for exactly the line",
            ),
            (
                "wrong_fan_half_line",
                || check::fan_out(wrong_fan_half_line::fan_out),
                "a client one byte short of room",
            ),
            (
                "wrong_fan_append_then_check",
                || check::fan_out(wrong_fan_append_then_check::fan_out),
                "a client one byte short of room",
            ),
            (
                "wrong_fan_dropped_still_fed",
                || check::fan_out(wrong_fan_dropped_still_fed::fan_out),
                "a client dropped earlier",
            ),
            (
                "wrong_fan_reassigns_dropped",
                || check::fan_out(wrong_fan_reassigns_dropped::fan_out),
                "a client dropped earlier",
            ),
            (
                "wrong_fan_line_only",
                || check::fan_out(wrong_fan_line_only::fan_out),
                "a client one byte short of room",
            ),
            (
                "wrong_fan_queue_only",
                || check::fan_out(wrong_fan_queue_only::fan_out),
                "a client one byte short of room",
            ),
            (
                "wrong_fan_break_at_sender",
                || check::fan_out(wrong_fan_break_at_sender::fan_out),
                "a client one byte short of room",
            ),
            (
                "wrong_fan_return_at_first_drop",
                || check::fan_out(wrong_fan_return_at_first_drop::fan_out),
                "a client owed nothing (client 1 of 5",
            ),
            ("wrong_fan_capacity", || check::fan_out(wrong_fan_capacity::fan_out), "a client owed nothing"),
            (
                "wrong_fan_skips_next",
                || check::fan_out(wrong_fan_skips_next::fan_out),
                "a client with room for exactly the line",
            ),
        ]);
    }

    #[test]
    fn right_fan_outs_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_fan_clears_on_drop", || check::fan_out(right_fan_clears_on_drop::fan_out)),
            ("right_fan_index_loop", || check::fan_out(right_fan_index_loop::fan_out)),
            ("right_fan_checked_add", || check::fan_out(right_fan_checked_add::fan_out)),
            ("right_fan_push_back", || check::fan_out(right_fan_push_back::fan_out)),
            ("right_fan_reserve_first", || check::fan_out(right_fan_reserve_first::fan_out)),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        fn read_is_line(
            _: &mut Vec<u8>,
            bytes: &[u8],
            _: usize,
            lines: &mut Vec<Vec<u8>>,
        ) -> Result<(), check::TooLong> {
            lines.push(bytes.to_vec());
            Ok(())
        }
        golden("chat-frame-failure.txt", &(check::frame(read_is_line).unwrap_err() + "\n"));
    }
}
