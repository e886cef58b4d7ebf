//! Lesson 10 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check coroutines` (or `cargo test`). Stuck? `just hint
//! coroutines`.

use workbook::coro::generator::{Refused, State};
use workbook::coro::switch::Greenlets;

// ANCHOR: averager
/// Python's running-average generator, as a state machine:
///
/// ```python
/// def averager():
///     total, count, average = 0.0, 0, None
///     while True:
///         term = yield average
///         total += term
///         count += 1
///         average = total / count
/// ```
///
/// `start` is `next(avg)`, `send(x)` is `avg.send(x)` and returns the
/// average so far, `close` is `avg.close()`.
pub struct Averager {
    state: State,
    total: f64,
    count: u32,
}

impl Averager {
    /// Made, not started.
    pub fn new() -> Self {
        Averager { state: State::Created, total: 0.0, count: 0 }
    }

    /// Runs to the first `yield`. Refused when already started or closed.
    pub fn start(&mut self) -> Result<(), Refused> {
        // TODO: only a Created averager starts; it is then Waiting.
        todo!("coroutines/averager: start")
    }

    /// Resumes at the `yield` with `term`: adds it and returns the average
    /// of every term so far. Refused unless Waiting.
    pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
        // TODO: the right Refused for Created and Closed; the running
        // average when Waiting.
        todo!("coroutines/averager: send")
    }

    /// Ends it for good.
    pub fn close(&mut self) {
        self.state = State::Closed;
    }
}
// ANCHOR_END: averager

// ANCHOR: ping-pong
/// Two tasks, `ping` and `pong`, for `rounds` rounds. Run from `ping`, they
/// must print `ping 1`, `pong 1`, `ping 2`, `pong 2`, … up to `pong
/// {rounds}`, and then `pong` finishes (leaving `ping` stopped at its last
/// switch).
pub fn ping_pong(rounds: u32) -> Greenlets {
    let mut tasks = Greenlets::new();
    tasks.spawn("ping", move |s| async move {
        for i in 1..=rounds {
            s.say(format!("ping {i}"));
            s.to("pong").await;
        }
    });
    // TODO: spawn "pong": say "pong i", then switch back to ping, except
    // after the last round, where it simply finishes.
    todo!("coroutines/ping-pong: spawn pong");
    tasks
}
// ANCHOR_END: ping-pong
