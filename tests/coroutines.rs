//! Lesson 10: coroutines run in the program's own order, every run; the
//! same producer and consumers on threads leave that order when a script
//! says so (and, for real, under the OS). greenlet's switches print 12 56
//! 34 78. The exercises' checks pass the solutions and reject wrong
//! answers.
#![cfg(not(loom))]

mod common;

#[path = "../lessons/10-coroutines/solution.rs"]
mod solution;

use workbook::deadline::within;
use workbook::lessons::coroutines::{self, FORCED, LEFT_THE_ORDER};

use common::{LIMIT, golden, refuses, stdout_ok};

#[test]
fn both_coroutine_forms_follow_the_python_order() {
    let by_hand = coroutines::by_hand(5).unwrap();
    let polled = coroutines::by_polling(5);
    let mut want = vec!["hetan starts".to_owned(), "liuyao starts".to_owned()];
    for _ in 1..=5 {
        want.extend(["hetan eats", "liuyao eats", "producer makes"].map(String::from));
    }
    assert_eq!(by_hand.trace.steps(), want);
    assert_eq!(polled.trace.steps(), want);
    assert_eq!(by_hand.trace.marks(), 0);
    golden("coroutines-by-hand.txt", &by_hand.trace.timeline());
}

#[test]
fn the_script_forces_an_order_the_coroutines_never_print() {
    let meal =
        within(LIMIT, "the forced threads", || coroutines::by_threads(2, coroutines::forced(2)).unwrap());
    assert_eq!(meal.trace.steps()[..6], FORCED.map(String::from));
    assert_eq!(meal.trace.marks(), 1);
    assert_eq!(meal.trace.events[3].mark.as_deref(), Some(LEFT_THE_ORDER));
    assert!(meal.eaten.iter().all(|(_, ate)| *ate == [1, 2]), "{:?}", meal.eaten);
    golden("coroutines-threads-forced.txt", &meal.trace.timeline());
}

#[test]
fn free_threads_always_feed_each_consumer_in_order() {
    let orders = within(LIMIT, "free threads", || coroutines::free_orders(4, 30).unwrap());
    assert_eq!(orders.runs, 30);
    assert_eq!(orders.wrong_meals, 0);
    assert!(orders.distinct >= 1);
}

#[test]
fn greenlet_switches_print_12_56_34_78() {
    let run = coroutines::greenlet().unwrap();
    assert_eq!(run.said, ["12", "56", "34", "78"]);
    assert_eq!((run.finished, run.suspended.as_slice()), ("test2", ["test1"].as_slice()));
    golden("coroutines-greenlet.txt", &run.trace.timeline());
}

#[test]
fn the_binary_shows_both_sides_and_refuses_bad_flags() {
    let exe = env!("CARGO_BIN_EXE_coroutines");
    let out = stdout_ok(exe, &["--runs", "20"]);
    for line in [
        "✓ coroutines: the program's own order",
        "send before start: refused",
        "✗ threads: each consumer still ate 1..=5 in order",
        "printed: 12 56 34 78",
        "✓ switching",
    ] {
        assert!(out.contains(line), "no {line:?} in:\n{out}");
    }
    let traced = stdout_ok(exe, &["--mode", "racy", "--trace", "--baozi", "2", "--runs", "5"]);
    assert!(traced.contains(LEFT_THE_ORDER), "{traced}");
    assert!(!traced.contains("greenlet"), "--mode racy runs only the threads:\n{traced}");
    refuses(exe, &["--baozi", "0"]);
    refuses(exe, &["--mode", "sideways"]);
}

#[cfg(not(loom))]
#[allow(clippy::all, dead_code, unused_imports, unused_variables, unused_mut, unreachable_code)]
#[path = "answers/coroutines.rs"]
mod answers;

#[cfg(not(loom))]
mod exercises {
    use workbook::exercises::coroutines as check;

    use super::common::{all_accepted, all_rejected, golden, solutions_pass};
    use super::{answers, solution};

    #[test]
    fn the_checks_pass_the_solutions() {
        solutions_pass(
            "coroutines",
            &[
                ("averager", || {
                    check::averager(
                        solution::Averager::new,
                        solution::Averager::start,
                        solution::Averager::send,
                        solution::Averager::close,
                    )
                }),
                ("ping-pong", || check::ping_pong(solution::ping_pong)),
            ],
        );
    }

    #[test]
    fn wrong_averagers_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_avg_closed_start_says_already_started",
                || {
                    check::averager(
                        wrong_avg_closed_start_says_already_started::Averager::new,
                        wrong_avg_closed_start_says_already_started::Averager::start,
                        wrong_avg_closed_start_says_already_started::Averager::send,
                        wrong_avg_closed_start_says_already_started::Averager::close,
                    )
                },
                "start() after close: got Err(AlreadyStarted)",
            ),
            (
                "wrong_avg_start_twice_is_fine",
                || {
                    check::averager(
                        wrong_avg_start_twice_is_fine::Averager::new,
                        wrong_avg_start_twice_is_fine::Averager::start,
                        wrong_avg_start_twice_is_fine::Averager::send,
                        wrong_avg_start_twice_is_fine::Averager::close,
                    )
                },
                "start() a second time: got Ok",
            ),
            (
                "wrong_avg_restart_resets",
                || {
                    check::averager(
                        wrong_avg_restart_resets::Averager::new,
                        wrong_avg_restart_resets::Averager::start,
                        wrong_avg_restart_resets::Averager::send,
                        wrong_avg_restart_resets::Averager::close,
                    )
                },
                "start() a second time: got Ok",
            ),
            (
                "wrong_avg_reopens_after_close",
                || {
                    check::averager(
                        wrong_avg_reopens_after_close::Averager::new,
                        wrong_avg_reopens_after_close::Averager::start,
                        wrong_avg_reopens_after_close::Averager::send,
                        wrong_avg_reopens_after_close::Averager::close,
                    )
                },
                "start() after close: got Ok",
            ),
            (
                "wrong_avg_closed_start_silently_ok",
                || {
                    check::averager(
                        wrong_avg_closed_start_silently_ok::Averager::new,
                        wrong_avg_closed_start_silently_ok::Averager::start,
                        wrong_avg_closed_start_silently_ok::Averager::send,
                        wrong_avg_closed_start_silently_ok::Averager::close,
                    )
                },
                "start() after close: got Ok",
            ),
            (
                "wrong_avg_send_before_start_says_closed",
                || {
                    check::averager(
                        wrong_avg_send_before_start_says_closed::Averager::new,
                        wrong_avg_send_before_start_says_closed::Averager::start,
                        wrong_avg_send_before_start_says_closed::Averager::send,
                        wrong_avg_send_before_start_says_closed::Averager::close,
                    )
                },
                "send(10.0) before start: got Err(Closed)",
            ),
            (
                "wrong_avg_send_after_close_says_not_started",
                || {
                    check::averager(
                        wrong_avg_send_after_close_says_not_started::Averager::new,
                        wrong_avg_send_after_close_says_not_started::Averager::start,
                        wrong_avg_send_after_close_says_not_started::Averager::send,
                        wrong_avg_send_after_close_says_not_started::Averager::close,
                    )
                },
                "send(1.0) after close: got Err(NotStarted)",
            ),
            (
                "wrong_avg_send_after_close_accepted",
                || {
                    check::averager(
                        wrong_avg_send_after_close_accepted::Averager::new,
                        wrong_avg_send_after_close_accepted::Averager::start,
                        wrong_avg_send_after_close_accepted::Averager::send,
                        wrong_avg_send_after_close_accepted::Averager::close,
                    )
                },
                "send(1.0) after close: got Ok",
            ),
            (
                "wrong_avg_send_autostarts",
                || {
                    check::averager(
                        wrong_avg_send_autostarts::Averager::new,
                        wrong_avg_send_autostarts::Averager::start,
                        wrong_avg_send_autostarts::Averager::send,
                        wrong_avg_send_autostarts::Averager::close,
                    )
                },
                "send(10.0) before start: got Ok(10.0)",
            ),
            (
                "wrong_avg_refused_send_still_counts",
                || {
                    check::averager(
                        wrong_avg_refused_send_still_counts::Averager::new,
                        wrong_avg_refused_send_still_counts::Averager::start,
                        wrong_avg_refused_send_still_counts::Averager::send,
                        wrong_avg_refused_send_still_counts::Averager::close,
                    )
                },
                "term 2 of 10, 30, 5, 7.5, -2: got Ok(16.666666666666668)",
            ),
            (
                "wrong_avg_refused_start_resets",
                || {
                    check::averager(
                        wrong_avg_refused_start_resets::Averager::new,
                        wrong_avg_refused_start_resets::Averager::start,
                        wrong_avg_refused_start_resets::Averager::send,
                        wrong_avg_refused_start_resets::Averager::close,
                    )
                },
                "term 4 of 10, 30, 5, 7.5, -2",
            ),
            (
                "wrong_avg_yields_previous_average",
                || {
                    check::averager(
                        wrong_avg_yields_previous_average::Averager::new,
                        wrong_avg_yields_previous_average::Averager::start,
                        wrong_avg_yields_previous_average::Averager::send,
                        wrong_avg_yields_previous_average::Averager::close,
                    )
                },
                "term 1 of 10, 30, 5, 7.5, -2: got Ok(0.0)",
            ),
            (
                "wrong_avg_divides_by_old_count",
                || {
                    check::averager(
                        wrong_avg_divides_by_old_count::Averager::new,
                        wrong_avg_divides_by_old_count::Averager::start,
                        wrong_avg_divides_by_old_count::Averager::send,
                        wrong_avg_divides_by_old_count::Averager::close,
                    )
                },
                "term 2 of 10, 30, 5, 7.5, -2: got Ok(40.0)",
            ),
            (
                "wrong_avg_mean_of_last_two",
                || {
                    check::averager(
                        wrong_avg_mean_of_last_two::Averager::new,
                        wrong_avg_mean_of_last_two::Averager::start,
                        wrong_avg_mean_of_last_two::Averager::send,
                        wrong_avg_mean_of_last_two::Averager::close,
                    )
                },
                "term 3 of 10, 30, 5, 7.5, -2: got Ok(12.5)",
            ),
            (
                "wrong_avg_start_counts_as_a_term",
                || {
                    check::averager(
                        wrong_avg_start_counts_as_a_term::Averager::new,
                        wrong_avg_start_counts_as_a_term::Averager::start,
                        wrong_avg_start_counts_as_a_term::Averager::send,
                        wrong_avg_start_counts_as_a_term::Averager::close,
                    )
                },
                "term 1 of 10, 30, 5, 7.5, -2: got Ok(5.0)",
            ),
        ]);
    }

    #[test]
    fn right_averagers_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_avg_keeps_every_term", || {
                check::averager(
                    right_avg_keeps_every_term::Averager::new,
                    right_avg_keeps_every_term::Averager::start,
                    right_avg_keeps_every_term::Averager::send,
                    right_avg_keeps_every_term::Averager::close,
                )
            }),
            ("right_avg_if_chains", || {
                check::averager(
                    right_avg_if_chains::Averager::new,
                    right_avg_if_chains::Averager::start,
                    right_avg_if_chains::Averager::send,
                    right_avg_if_chains::Averager::close,
                )
            }),
            ("right_avg_close_clears_locals", || {
                check::averager(
                    right_avg_close_clears_locals::Averager::new,
                    right_avg_close_clears_locals::Averager::start,
                    right_avg_close_clears_locals::Averager::send,
                    right_avg_close_clears_locals::Averager::close,
                )
            }),
            ("right_avg_incremental_mean", || {
                check::averager(
                    right_avg_incremental_mean::Averager::new,
                    right_avg_incremental_mean::Averager::start,
                    right_avg_incremental_mean::Averager::send,
                    right_avg_incremental_mean::Averager::close,
                )
            }),
        ]);
    }

    #[test]
    fn wrong_ping_pongs_are_rejected_for_their_reasons() {
        use answers::*;
        all_rejected(&[
            (
                "wrong_pp_switches_back_after_last_round",
                || check::ping_pong(wrong_pp_switches_back_after_last_round::ping_pong),
                "ping finished",
            ),
            (
                "wrong_pp_never_switches",
                || check::ping_pong(wrong_pp_never_switches::ping_pong),
                "with 2 round(s) the tasks printed",
            ),
            (
                "wrong_pp_exclusive_range",
                || check::ping_pong(wrong_pp_exclusive_range::ping_pong),
                "with 1 round(s) the tasks printed [\"ping 1\"]",
            ),
            (
                "wrong_pp_counts_from_zero",
                || check::ping_pong(wrong_pp_counts_from_zero::ping_pong),
                "\"pong 0\"",
            ),
            (
                "wrong_pp_stops_a_round_early",
                || check::ping_pong(wrong_pp_stops_a_round_early::ping_pong),
                "with 2 round(s) the tasks printed [\"ping 1\", \"pong 1\"]",
            ),
            (
                "wrong_pp_switches_before_saying",
                || check::ping_pong(wrong_pp_switches_before_saying::ping_pong),
                "the tasks printed [\"ping 1\", \"ping 2\", \"pong 1\", \"pong 2\"]",
            ),
            (
                "wrong_pp_switches_to_itself",
                || check::ping_pong(wrong_pp_switches_to_itself::ping_pong),
                "with 2 round(s) the tasks printed",
            ),
            (
                "wrong_pp_says_ping",
                || check::ping_pong(wrong_pp_says_ping::ping_pong),
                "[\"ping 1\", \"ping 1\"]",
            ),
            (
                "wrong_pp_yields_instead_of_switching",
                || check::ping_pong(wrong_pp_yields_instead_of_switching::ping_pong),
                "pong stopped without switching to anyone",
            ),
            (
                "wrong_pp_checks_limit_before_saying",
                || check::ping_pong(wrong_pp_checks_limit_before_saying::ping_pong),
                "with 1 round(s) the tasks printed [\"ping 1\"]",
            ),
            (
                "wrong_pp_loop_break_greater_than",
                || check::ping_pong(wrong_pp_loop_break_greater_than::ping_pong),
                "ping finished",
            ),
            (
                "wrong_pp_forgets_await",
                || check::ping_pong(wrong_pp_forgets_await::ping_pong),
                "with 2 round(s) the tasks printed",
            ),
        ]);
    }

    #[test]
    fn right_ping_pongs_are_accepted() {
        use answers::*;
        all_accepted(&[
            ("right_pp_last_line_after_loop", || check::ping_pong(right_pp_last_line_after_loop::ping_pong)),
            ("right_pp_while_with_break", || check::ping_pong(right_pp_while_with_break::ping_pong)),
            ("right_pp_switch_at_top_of_round", || {
                check::ping_pong(right_pp_switch_at_top_of_round::ping_pong)
            }),
            ("right_pp_pong_as_async_fn", || check::ping_pong(right_pp_pong_as_async_fn::ping_pong)),
            ("right_pp_spawn_pong_first", || check::ping_pong(right_pp_spawn_pong_first::ping_pong)),
        ]);
    }

    #[test]
    fn the_book_shows_what_a_failing_answer_reports() {
        golden(
            "coroutines-ping-pong-failure.txt",
            &check::ping_pong(answers::wrong_pp_never_switches::ping_pong).unwrap_err(),
        );
    }
}
