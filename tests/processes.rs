//! Lesson 08: real child processes (this crate's `processes` binary in
//! worker mode). Clients of a manager process that get a counter and then
//! set it lose updates (forced across processes by a script); one update
//! request loses none. Records written without a lock tear (forced by
//! round-robin); with flock none do. A forked child deadlocks on a lock
//! another thread held; a spawned one does not. Children and clients that
//! send garbage get clear errors, and the parent and the manager go on.
//!
//! Every wait on a child has a deadline: the lesson's own joins kill a
//! child after `JOIN_LIMIT`, and each test runs under `within`.
#![cfg(not(loom))]

// read-frame's check asks how much an answer allocated before refusing an
// oversized frame.
#[cfg(not(loom))]
#[global_allocator]
static ALLOC: workbook::probe::LargestAllocation = workbook::probe::LargestAllocation;

mod common;

#[path = "../lessons/08-processes/solution.rs"]
mod solution;

use std::io::Write as _;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use workbook::deadline::within;
use workbook::lessons::processes::{
    self, Bad, Counting, Fate, Locking, RECORD_LINES, Start, racy_schedule, run_manager, run_records,
};
use workbook::process::Program;
use workbook::process::manager::{MAX_CLIENTS, Manager, Reply, Request};
use workbook::sched::{self, Schedule};

use common::{LIMIT, golden, refuses, stdout_ok};

const EXE: &str = env!("CARGO_BIN_EXE_processes");

fn program() -> Program {
    Program::new(EXE)
}

/// Runs `f` with the lesson's program, failing the test if it takes longer
/// than `LIMIT`.
fn with_program<T: Send + 'static>(what: &str, f: impl FnOnce(Program) -> T + Send + 'static) -> T {
    within(LIMIT, what, move || f(program()))
}

#[test]
fn children_are_separate_processes_that_say_hello_and_are_joined() {
    let said = with_program("start and join", |p| processes::start_and_join(&p, 3).unwrap());
    let names: Vec<_> = said.iter().map(|(h, _)| h.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C"]);
    let mut pids: Vec<u32> = said.iter().map(|(h, _)| h.pid).collect();
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 3, "three processes");
    assert!(!pids.contains(&std::process::id()));
    assert!(said.iter().all(|(_, status)| status.success()));
}

#[test]
fn a_pipe_carries_messages_both_ways() {
    let out = with_program("a pipe", |p| processes::pipe_both_ways(&p, &["ping", "again"]).unwrap());
    assert_eq!(out.first, (42, None, "hello".to_owned()));
    assert_eq!(out.replies.len(), 2);
    assert!(out.replies[0].starts_with("ping? ") && out.replies[1].starts_with("again? "));
}

#[test]
fn a_queue_delivers_every_childs_messages_once_and_in_its_order() {
    let out = with_program("a queue", |p| processes::queue_from_children(&p, 4, 25).unwrap());
    assert_eq!(out.got.len(), 100);
    assert!(out.complete_and_in_order(), "{:?}", out.got);
}

#[test]
fn get_then_set_loses_every_update_but_one_under_the_script() {
    let out = with_program("the racy manager", |p| {
        run_manager(&p, Counting::GetThenSet, 10, racy_schedule(10)).unwrap()
    });
    assert_eq!(out.counter, 1);
    assert_eq!(out.lost(), 9);
    assert_eq!(out.trace.marks(), 9, "{}", out.trace.timeline());
    let mut list = out.list.clone();
    list.sort();
    assert_eq!(list, sched::names(10), "appends are one request each: none lost");
    assert!(out.failures.is_empty(), "{:?}", out.failures);
    let (manager, clients) = &out.pids;
    assert!(!clients.contains(manager) && clients.len() == 10);
}

#[test]
fn one_update_request_loses_nothing_under_any_schedule() {
    with_program("the fixed manager", |p| {
        let schedules = [Schedule::round_robin(), Schedule::random(1), Schedule::random(2), Schedule::free()];
        for schedule in schedules {
            let kind = schedule.describe();
            let out = run_manager(&p, Counting::Update, 5, schedule).unwrap();
            assert_eq!(out.counter, 5, "under {kind}:\n{}", out.trace.timeline());
            assert!(out.failures.is_empty(), "{:?}", out.failures);
        }
    });
}

#[test]
fn random_schedules_find_the_lost_update_too() {
    let tally = with_program("random schedules", |p| {
        processes::tally_manager(&p, Counting::GetThenSet, 3, 10, |i| Schedule::random(i as u64)).unwrap()
    });
    assert!(tally.bad_runs > 0, "{tally:?}");
    assert_eq!(tally.failures, 0);
}

#[test]
fn the_manager_timelines_in_the_book() {
    with_program("manager timelines", |p| {
        let racy = run_manager(&p, Counting::GetThenSet, 3, racy_schedule(3)).unwrap();
        golden("processes-manager-racy.txt", &racy.trace.timeline());
        let fixed = run_manager(&p, Counting::Update, 3, Schedule::round_robin()).unwrap();
        golden("processes-manager-update.txt", &fixed.trace.timeline());
    });
}

#[test]
fn records_tear_without_a_lock_and_never_with_flock() {
    with_program("records", |p| {
        let torn = run_records(&p, Locking::None, 3, Schedule::round_robin()).unwrap();
        assert_eq!(torn.torn(), ["A", "B", "C"], "{:?}", torn.lines);
        assert_eq!(torn.lines.len(), 3 * RECORD_LINES, "every line is there, just mixed");
        golden("processes-records-torn.txt", &torn.trace.timeline());
        let file = torn.lines.iter().map(|l| l.replace(|c: char| c.is_ascii_digit(), "")).collect::<Vec<_>>();
        assert_eq!(file[..3], ["A / hello world", "B / hello world", "C / hello world"]);

        let schedules = [Schedule::round_robin(), Schedule::random(3), Schedule::random(4), Schedule::free()];
        for (i, schedule) in schedules.into_iter().enumerate() {
            let kind = schedule.describe();
            let whole = run_records(&p, Locking::Flock, 3, schedule).unwrap();
            assert!(whole.torn().is_empty(), "under {kind}: {:?}", whole.lines);
            assert!(whole.failures.is_empty(), "{:?}", whole.failures);
            if i == 0 {
                golden("processes-records-flock.txt", &whole.trace.timeline());
            }
        }
    });
}

#[test]
fn torn_records_are_counted_by_writer() {
    let lines: Vec<String> =
        ["A 1/3 x", "A 2/3 x", "B 1/3 x", "A 3/3 x", "B 2/3 x", "B 3/3 x", "C 1/3 x", "C 2/3 x", "C 3/3 x"]
            .map(String::from)
            .into();
    assert_eq!(processes::torn_records(&lines, 3), ["A", "B"]);
    assert_eq!(processes::torn_records(&lines[6..], 3), ["A", "B"], "missing records are not whole");
}

#[test]
fn a_forked_child_deadlocks_on_a_lock_another_thread_held() {
    with_program("the fork hazard", |p| {
        let limit = Duration::from_millis(200);
        let held = processes::fork_hazard(&p, Start::Fork, true, limit);
        assert_eq!(held.fate, Fate::Deadlocked(limit));
        assert!(held.parent_took_it, "the parent's own lock was released as usual");
        let free = processes::fork_hazard(&p, Start::Fork, false, limit);
        assert!(matches!(free.fate, Fate::Took(_)), "{free:?}");
        let spawned = processes::fork_hazard(&p, Start::SpawnExec, true, Duration::from_secs(10));
        assert!(matches!(spawned.fate, Fate::Took(_)), "{spawned:?}");
    });
}

#[test]
fn children_that_break_the_protocol_get_clear_errors_and_the_parent_goes_on() {
    with_program("bad children", |p| {
        let errors: Vec<(String, String)> = Bad::ALL
            .into_iter()
            .map(|bad| {
                let o = processes::bad_child(&p, bad).unwrap();
                (o.error, o.status)
            })
            .collect();
        assert_eq!(errors[0].0, "truncated frame: the stream ended 10 bytes into a 100-byte payload");
        assert_eq!(errors[1].0, "oversized frame: 4294967295 bytes announced, at most 1048576 accepted");
        assert!(errors[2].0.starts_with("a frame that is not the message expected"), "{}", errors[2].0);
        assert_eq!(errors[3].0, "truncated frame: the stream ended 11 bytes into a 100-byte payload");
        assert!(errors[3].1.contains("SIGABRT"), "{}", errors[3].1);
        assert_eq!(processes::start_and_join(&p, 1).unwrap().len(), 1, "the next child is served");
    });
}

#[test]
fn the_manager_survives_garbage_oversized_frames_and_vanishing_clients() {
    with_program("a robust manager", |p| {
        let manager = Manager::start(&p).unwrap();
        let mut good = manager.connect().unwrap();
        good.set("k", 1).unwrap();

        // Not a request, in a whole frame: an error reply, and the
        // connection goes on.
        let mut odd = manager.connect().unwrap();
        odd.pipe().send_raw(b"{\"Explode\":1}").unwrap();
        assert!(
            matches!(odd.pipe().recv::<Reply>().unwrap(), Reply::Error(e) if e.starts_with("not a request"))
        );
        assert_eq!(odd.update("k", 1).unwrap(), 2);

        // An oversized frame: an error reply, then the manager hangs up.
        let mut big = manager.connect().unwrap();
        // (The manager hangs up before reading it all: writing may fail.)
        let _ = big.pipe().send_raw(&vec![b' '; (1 << 20) + 1]);
        assert!(matches!(big.pipe().recv::<Reply>().unwrap(), Reply::Error(e) if e.starts_with("oversized")));
        // (A hang-up with our bytes unread reads as a reset, not a clean end.)
        assert!(big.pipe().recv::<Reply>().is_err(), "the manager hung up");

        // Half a frame, then gone.
        let mut gone = UnixStream::connect(manager.path()).unwrap();
        gone.write_all(b"\0\0\0\x10{\"Get\"").unwrap();
        drop(gone);

        // Too many at once: the one over the cap is told so. (Clients that
        // left above may still count for a moment, so fill up until told.)
        let mut crowd = Vec::new();
        let busy = loop {
            let mut c = manager.connect().unwrap();
            // A refused client's request may meet a closed socket: its
            // answer is already waiting either way.
            let _ = c.pipe().send(&Request::Get("k".into()));
            match c.pipe().recv::<Reply>().unwrap() {
                Reply::Error(e) => break e,
                _ => crowd.push(c),
            }
            assert!(crowd.len() < MAX_CLIENTS, "more than {MAX_CLIENTS} clients served at once");
        };
        assert!(busy.starts_with("busy"), "{busy}");
        drop(crowd);

        assert_eq!(good.get("k").unwrap(), Some(2.into()), "the first client never noticed");
        drop(good);
        assert!(manager.shutdown(Duration::from_secs(10)).unwrap().success());
    });
}

#[test]
fn the_binary_shows_every_part_and_its_verdicts() {
    let out = stdout_ok(EXE, &["--runs", "2", "--threads", "4"]);
    for needle in [
        "the child sent (42, None, \"hello\")",
        "✗ get-then-set: 3 of 4 updates lost under the script",
        "✓ fixed: the manager adds under its own lock",
        "✗ no lock: 4 of 4 records torn by round-robin",
        "✓ fixed: flock lets one process write at a time",
        "✗ deadlocked: the child still waited after 200 ms",
        "✓ every one was a clear error, and the next child was served as usual",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from\n{out}");
    }
}

#[test]
fn the_binary_traces_the_worst_cases() {
    let out = stdout_ok(EXE, &["--trace", "--runs", "1", "--mode", "racy"]);
    for needle in ["update lost: undoes A's", "lands inside A's record"] {
        assert!(out.contains(needle), "{needle:?} missing from\n{out}");
    }
}

#[test]
fn the_binary_refuses_bad_flags() {
    refuses(EXE, &["--deadline-ms", "0"]);
    refuses(EXE, &["--threads", "0"]);
    refuses(EXE, &["--threads", "64"]);
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/processes.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::processes as check;
    use workbook::process::Program;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    fn program() -> Program {
        Program::new(super::EXE)
    }

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "processes",
            &[
                ("read-frame", || check::read_frame(solution::read_frame)),
                ("add-one", || check::add_one(&program(), solution::add_one)),
            ],
        );
    }

    #[test]
    fn wrong_frame_readers_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_frame_single_read",
                || check::read_frame(wrong_frame_single_read::read_frame),
                "arriving 3 byte(s) a read",
            ),
            (
                "wrong_frame_interrupted_is_error",
                || check::read_frame(wrong_frame_interrupted_is_error::read_frame),
                "with a signal (Interrupted) before every read",
            ),
            (
                "wrong_frame_read_exact_header",
                || check::read_frame(wrong_frame_read_exact_header::read_frame),
                "returned Ok(None); it should be Err(Truncated { part: \"length\", wanted: 4, got: 2 })",
            ),
            (
                "wrong_frame_alloc_before_check",
                || check::read_frame(wrong_frame_alloc_before_check::read_frame),
                "allocated 4294967295 bytes before refusing",
            ),
            (
                "wrong_frame_max_off_by_one",
                || check::read_frame(wrong_frame_max_off_by_one::read_frame),
                "returned Err(TooLarge { len: 4, max: 4 })",
            ),
            (
                "wrong_frame_read_then_check",
                || check::read_frame(wrong_frame_read_then_check::read_frame),
                "it should stop after 4",
            ),
            (
                "wrong_frame_little_endian",
                || check::read_frame(wrong_frame_little_endian::read_frame),
                "arriving all at once",
            ),
            (
                "wrong_frame_truncated_counts_header",
                || check::read_frame(wrong_frame_truncated_counts_header::read_frame),
                "Truncated { part: \"payload\", wanted: 9, got: 7 }",
            ),
            (
                "wrong_frame_end_after_header_is_clean",
                || check::read_frame(wrong_frame_end_after_header_is_clean::read_frame),
                "a header for 5 bytes, then the end: read_frame returned Ok(None)",
            ),
            (
                "wrong_frame_empty_frame_is_end",
                || check::read_frame(wrong_frame_empty_frame_is_end::read_frame),
                "Six calls returned",
            ),
            (
                "wrong_frame_errors_end_the_stream",
                || check::read_frame(wrong_frame_errors_end_the_stream::read_frame),
                "a stream that fails at once: read_frame returned Ok(None)",
            ),
            (
                "wrong_frame_interrupted_only_in_header",
                || check::read_frame(wrong_frame_interrupted_only_in_header::read_frame),
                "with a signal (Interrupted) before every read",
            ),
            (
                "wrong_frame_overwrites_buffer",
                || check::read_frame(wrong_frame_overwrites_buffer::read_frame),
                "arriving 3 byte(s) a read",
            ),
            (
                "wrong_frame_bufreader_per_call",
                || check::read_frame(wrong_frame_bufreader_per_call::read_frame),
                "Six calls returned",
            ),
            (
                "wrong_frame_too_large_reports_max",
                || check::read_frame(wrong_frame_too_large_reports_max::read_frame),
                "TooLarge { len: 1048577, max: 1048576 }",
            ),
        ]);
    }

    #[test]
    fn right_frame_readers_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_frame_byte_at_a_time", || check::read_frame(right_frame_byte_at_a_time::read_frame)),
            ("right_frame_take_read_to_end", || check::read_frame(right_frame_take_read_to_end::read_frame)),
            ("right_frame_chunks_of_512", || check::read_frame(right_frame_chunks_of_512::read_frame)),
            ("right_frame_shifts_and_loop", || check::read_frame(right_frame_shifts_and_loop::read_frame)),
        ]);
    }

    #[test]
    fn wrong_add_ones_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_add_get_then_set",
                || check::add_one(&program(), wrong_add_get_then_set::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_update_then_set",
                || check::add_one(&program(), wrong_add_update_then_set::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_update_zero_then_set",
                || check::add_one(&program(), wrong_add_update_zero_then_set::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_set_then_verify",
                || check::add_one(&program(), wrong_add_set_then_verify::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_update_as_set",
                || check::add_one(&program(), wrong_add_update_as_set::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_init_if_missing",
                || check::add_one(&program(), wrong_add_init_if_missing::add_one),
                "a counter that did not exist yet",
            ),
            (
                "wrong_add_std_mutex",
                || check::add_one(&program(), wrong_add_std_mutex::add_one),
                "std::sync::Mutex",
            ),
            (
                "wrong_add_process_local_lock",
                || check::add_one(&program(), wrong_add_process_local_lock::add_one),
                "add_one took a lock in this process",
            ),
            (
                "wrong_add_flock_blocking",
                || check::add_one(&program(), wrong_add_flock_blocking::add_one),
                "waits for a file lock (flock)",
            ),
            (
                "wrong_add_local_atomic_count",
                || check::add_one(&program(), wrong_add_local_atomic_count::add_one),
                "the counter ended at",
            ),
            (
                "wrong_add_undo_and_retry",
                || check::add_one(&program(), wrong_add_undo_and_retry::add_one),
                "the counter went down",
            ),
            (
                "wrong_add_swallows_error",
                || check::add_one(&program(), wrong_add_swallows_error::add_one),
                "with the counter holding \"ten\"",
            ),
        ]);
    }

    #[test]
    fn right_add_ones_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_add_update_question_mark", || {
                check::add_one(&program(), right_add_update_question_mark::add_one)
            }),
            ("right_add_get_first_then_update", || {
                check::add_one(&program(), right_add_get_first_then_update::add_one)
            }),
            ("right_add_update_then_read_back", || {
                check::add_one(&program(), right_add_update_then_read_back::add_one)
            }),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        let failure = check::add_one(&program(), answers::wrong_add_get_then_set::add_one).unwrap_err();
        assert!(failure.contains("update lost"), "{failure}");
        golden("processes-add-one-failure.txt", &failure);
    }
}
