//! Checks for lesson 10's exercises.

use crate::coro::generator::Refused;
use crate::coro::switch::Greenlets;

/// `averager`: refuses `send` before `start`, `start` twice (also after some
/// sends, without disturbing the average), and both after `close`; between,
/// each `send` returns the mean of every term so far (repeated and negative
/// terms too); a new averager starts afresh.
///
/// # Errors
///
/// The first call that answered wrongly.
pub fn averager<A>(
    new: fn() -> A,
    start: fn(&mut A) -> Result<(), Refused>,
    send: fn(&mut A, f64) -> Result<f64, Refused>,
    close: fn(&mut A),
) -> Result<(), String> {
    let expect = |what: &str, got: Result<f64, Refused>, want: Result<f64, Refused>| {
        let same = match (got, want) {
            (Ok(a), Ok(b)) => (a - b).abs() < 1e-9,
            (a, b) => a == b,
        };
        if same { Ok(()) } else { Err(format!("{what}: got {got:?}, expected {want:?}")) }
    };
    let mut a = new();
    expect("send(10.0) before start", send(&mut a, 10.0), Err(Refused::NotStarted))?;
    expect("start()", start(&mut a).map(|()| 0.0), Ok(0.0))?;
    expect("start() a second time", start(&mut a).map(|()| 0.0), Err(Refused::AlreadyStarted))?;
    let mut total = 0.0;
    for (i, term) in [10.0, 30.0, 5.0, 7.5, -2.0].into_iter().enumerate() {
        total += term;
        let mean = total / (i + 1) as f64;
        expect(
            &format!("send({term:?}), term {} of 10, 30, 5, 7.5, -2", i + 1),
            send(&mut a, term),
            Ok(mean),
        )?;
        if i == 2 {
            // A refusal changes nothing: the average goes on.
            expect("start() after three sends", start(&mut a).map(|()| 0.0), Err(Refused::AlreadyStarted))?;
        }
    }
    close(&mut a);
    expect("send(1.0) after close", send(&mut a, 1.0), Err(Refused::Closed))?;
    expect("start() after close", start(&mut a).map(|()| 0.0), Err(Refused::Closed))?;
    let mut fresh = new();
    expect("start() on a new averager", start(&mut fresh).map(|()| 0.0), Ok(0.0))?;
    expect("its first send(4.0)", send(&mut fresh, 4.0), Ok(4.0))
}

/// `ping-pong`: for 1, 2 and 5 rounds, run from `ping`, the tasks print
/// `ping 1`, `pong 1`, … `pong n`, and `pong` finishes with `ping` left
/// stopped at a switch.
///
/// # Errors
///
/// What was printed instead, with the run's timeline.
pub fn ping_pong(tasks: fn(u32) -> Greenlets) -> Result<(), String> {
    for rounds in [1, 2, 5] {
        let run = tasks(rounds).run("ping").map_err(|e| format!("with {rounds} round(s): {e}"))?;
        let want: Vec<String> =
            (1..=rounds).flat_map(|i| [format!("ping {i}"), format!("pong {i}")]).collect();
        if run.said != want {
            return Err(format!(
                "with {rounds} round(s) the tasks printed {:?}, expected {want:?}\n{}",
                run.said,
                run.trace.timeline()
            ));
        }
        if run.finished != "pong" || run.suspended != ["ping"] {
            return Err(format!(
                "with {rounds} round(s), {} finished and {:?} were left stopped: pong must finish \
                 after its last line, with ping still stopped at its switch\n{}",
                run.finished,
                run.suspended,
                run.trace.timeline()
            ));
        }
    }
    Ok(())
}
