// Blind review answers for lessons/10-coroutines (slug `coroutines`).
// Each module stands in for the whole of lessons/10-coroutines/exercise.rs.
// Modules named *_avg_* target `averager` and keep ping-pong as the obvious
// correct code; modules named *_pp_* target `ping-pong` and keep the averager
// as the obvious correct code.

/// WRONG (averager): `start` after `close` must be refused as `Closed`; this one lumps every
/// non-Created state together and answers `AlreadyStarted` (a refusal for the wrong reason).
pub mod wrong_avg_closed_start_says_already_started {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                _ => Err(Refused::AlreadyStarted),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): a second `start` must be refused (`AlreadyStarted`); this one treats
/// `start` as idempotent and returns `Ok(())` again, keeping the running total.
pub mod wrong_avg_start_twice_is_fine {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                // starting twice changes nothing: it is already at its yield
                State::Created | State::Waiting => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): a second `start` must be refused; this one restarts the generator
/// (total and count back to 0) and returns `Ok(())`, so the next average forgets earlier terms.
pub mod wrong_avg_restart_resets {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created | State::Waiting => {
                    // run the body from the top: its locals start over
                    self.total = 0.0;
                    self.count = 0;
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `start` after `close` must be refused; this one reopens a closed
/// averager (Closed -> Waiting, `Ok`), so sends after close are accepted again.
pub mod wrong_avg_reopens_after_close {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created | State::Closed => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `start` on a closed averager must be refused; this one returns `Ok(())`
/// and does nothing (it stays Closed), so the refusal is hidden.
pub mod wrong_avg_closed_start_silently_ok {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Ok(()), // closed already: nothing to start, nothing to complain about
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `send` before `start` must be `NotStarted`; this one answers `Closed` for
/// every state but Waiting (a refusal for the wrong reason).
pub mod wrong_avg_send_before_start_says_closed {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                _ => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `send` after `close` must be `Closed`; this one answers `NotStarted` for
/// every state but Waiting.
pub mod wrong_avg_send_after_close_says_not_started {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                _ => Err(Refused::NotStarted),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): anything after `close` must be refused; this one only refuses a send
/// before start, so a closed averager keeps averaging.
pub mod wrong_avg_send_after_close_accepted {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            if self.state == State::Created {
                return Err(Refused::NotStarted);
            }
            self.total += term;
            self.count += 1;
            Ok(self.total / f64::from(self.count))
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `send` before `start` must be refused (`NotStarted`); this one starts the
/// averager implicitly and counts the term (Python raises TypeError here).
pub mod wrong_avg_send_autostarts {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Created | State::Waiting => {
                    // not started yet? start it, then take the term
                    self.state = State::Waiting;
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): a refused `send` must change nothing; this one adds the term to total and
/// count before it looks at the state, so a send refused before start skews later averages.
pub mod wrong_avg_refused_send_still_counts {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            self.total += term;
            self.count += 1;
            match self.state {
                State::Waiting => Ok(self.total / f64::from(self.count)),
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): a refused second `start` must change nothing; this one answers
/// `AlreadyStarted` but has already reset total and count (a refusal with a side effect).
pub mod wrong_avg_refused_start_resets {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            if self.state == State::Closed {
                return Err(Refused::Closed);
            }
            let fresh = self.state == State::Created;
            // enter the body at the top: its locals start over
            self.total = 0.0;
            self.count = 0;
            self.state = State::Waiting;
            if fresh { Ok(()) } else { Err(Refused::AlreadyStarted) }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `send(x)` must return the average *including* x; this one translates
/// `term = yield average` literally and returns the average from before x (0.0 on the first send).
pub mod wrong_avg_yields_previous_average {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

    pub struct Averager {
        state: State,
        total: f64,
        count: u32,
        average: f64,
    }

    impl Averager {
        /// Made, not started.
        pub fn new() -> Self {
            Averager { state: State::Created, total: 0.0, count: 0, average: 0.0 }
        }

        /// Runs to the first `yield`. Refused when already started or closed.
        pub fn start(&mut self) -> Result<(), Refused> {
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    // `term = yield average`: what goes out is the average we had
                    let yielded = self.average;
                    self.total += term;
                    self.count += 1;
                    self.average = self.total / f64::from(self.count);
                    Ok(yielded)
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): the average of n terms divides by n; this one divides by the count from
/// before the new term (off by one): right on the first send, too high from the second on.
pub mod wrong_avg_divides_by_old_count {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    let average =
                        if self.count == 0 { term } else { (self.total + term) / f64::from(self.count) };
                    self.total += term;
                    self.count += 1;
                    Ok(average)
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): must return the mean of every term so far; this one halves the old average
/// and the new term (an exponential average): right for the first two sends, wrong from the third.
pub mod wrong_avg_mean_of_last_two {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.count += 1;
                    // `total` holds the running average here
                    self.total = if self.count == 1 { term } else { (self.total + term) / 2.0 };
                    Ok(self.total)
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (averager): `start` (Python's `next(avg)`) adds no term; this one counts the priming
/// call as a term of 0, so the first `send(10.0)` returns 5.0.
pub mod wrong_avg_start_counts_as_a_term {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    // next(avg) is send(None): the first value in
                    self.count = 1;
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// RIGHT (averager): keeps the terms in a Vec (an extra field instead of total/count) and sums
/// them left to right on each send: the same f64 as a running total, the same refusals.
pub mod right_avg_keeps_every_term {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

    pub struct Averager {
        state: State,
        terms: Vec<f64>,
    }

    impl Averager {
        /// Made, not started.
        pub fn new() -> Self {
            Averager { state: State::Created, terms: Vec::new() }
        }

        /// Runs to the first `yield`. Refused when already started or closed.
        pub fn start(&mut self) -> Result<(), Refused> {
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.terms.push(term);
                    let total: f64 = self.terms.iter().sum();
                    Ok(total / self.terms.len() as f64)
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// RIGHT (averager): no `match`: early returns on `==`/`!=` of the state, and the new total and
/// count computed in locals before they are stored.
pub mod right_avg_if_chains {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            if self.state == State::Waiting {
                return Err(Refused::AlreadyStarted);
            }
            if self.state == State::Closed {
                return Err(Refused::Closed);
            }
            self.state = State::Waiting;
            Ok(())
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            if self.state != State::Waiting {
                return Err(if self.state == State::Created { Refused::NotStarted } else { Refused::Closed });
            }
            let total = self.total + term;
            let count = self.count + 1;
            self.total = total;
            self.count = count;
            Ok(total / f64::from(count))
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// RIGHT (averager): `start` computes the next state then stores it; `close` also drops the
/// generator's locals (total, count), which nothing can observe after close.
pub mod right_avg_close_clears_locals {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            let next = match self.state {
                State::Created => State::Waiting,
                State::Waiting => return Err(Refused::AlreadyStarted),
                State::Closed => return Err(Refused::Closed),
            };
            self.state = next;
            Ok(())
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
                State::Waiting => {
                    self.count += 1;
                    self.total += term;
                    Ok(self.total / f64::from(self.count))
                }
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
            self.total = 0.0;
            self.count = 0;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// RIGHT (averager, edge): keeps the mean itself, `mean += (x - mean) / n`: mathematically the
/// average of every term, but may differ from total/count in the last bit (checks need a tolerance).
pub mod right_avg_incremental_mean {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

    pub struct Averager {
        state: State,
        mean: f64,
        count: u32,
    }

    impl Averager {
        /// Made, not started.
        pub fn new() -> Self {
            Averager { state: State::Created, mean: 0.0, count: 0 }
        }

        /// Runs to the first `yield`. Refused when already started or closed.
        pub fn start(&mut self) -> Result<(), Refused> {
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.count += 1;
                    self.mean += (term - self.mean) / f64::from(self.count);
                    Ok(self.mean)
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): after `pong {rounds}` pong must finish; this one copies ping's body and
/// switches back after the last round too, so ping's loop ends and *ping* finishes (same lines).
pub mod wrong_pp_switches_back_after_last_round {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                s.to("ping").await;
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must hand control back to ping after each round but the last; this
/// one never switches and prints every pong line in a row (the book's failure).
pub mod wrong_pp_never_switches {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must print up to `pong {rounds}`; its loop is `1..rounds` (off by one),
/// so after `ping {rounds}` pong's body ends without printing the last line.
pub mod wrong_pp_exclusive_range {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..rounds {
                s.say(format!("pong {i}"));
                s.to("ping").await;
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): the lines are `pong 1` .. `pong {rounds}`; this one counts from 0 and
/// prints `pong 0` .. `pong {rounds-1}` (switching right otherwise).
pub mod wrong_pp_counts_from_zero {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 0..rounds {
                s.say(format!("pong {i}"));
                if i + 1 < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must switch back after every round but the last; `i < rounds - 1` stops
/// switching one round early, so pong finishes after `pong {rounds-1}` (right only for 1 round).
pub mod wrong_pp_stops_a_round_early {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds - 1 {
                    s.to("ping").await;
                } else {
                    break;
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): each round is `ping i` then `pong i`; this pong switches back first and
/// prints after, so its lines come one ping late (ping 1, ping 2, pong 1, ...).
pub mod wrong_pp_switches_before_saying {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                if i < rounds {
                    s.to("ping").await;
                }
                s.say(format!("pong {i}"));
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must switch to ping; a copy-paste leaves `s.to("pong")`, a switch to
/// itself that resumes at once, so pong prints every line in a row and finishes.
pub mod wrong_pp_switches_to_itself {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("pong").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must print `pong i`; a copy-paste of ping's body leaves the message as
/// `ping {i}` (switching is right).
pub mod wrong_pp_says_ping {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): control goes back only through `s.to("ping")`; this pong uses the
/// executor's `yield_now`, which stops it without naming anyone: the run ends in `Stopped("pong")`.
pub mod wrong_pp_yields_instead_of_switching {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    workbook::coro::yield_now().await; // give the thread back to ping
                }
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): the last line is `pong {rounds}`; this pong checks for the last round
/// before printing, so it finishes without printing it.
pub mod wrong_pp_checks_limit_before_saying {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                if i == rounds {
                    return; // last round: nobody to switch to, so finish
                }
                s.say(format!("pong {i}"));
                s.to("ping").await;
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): pong must finish right after `pong {rounds}`; its `if i > rounds { break }`
/// (`>` for `>=`) lets it switch back once more, so ping finishes instead.
pub mod wrong_pp_loop_break_greater_than {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            let mut i = 0;
            loop {
                i += 1;
                s.say(format!("pong {i}"));
                if i > rounds {
                    break;
                }
                s.to("ping").await;
            }
        });
        tasks
    }
}

/// WRONG (ping-pong): a switch happens only when its future is awaited; this pong builds
/// `s.to("ping")` and drops it, so it never stops and prints every line in a row.
pub mod wrong_pp_forgets_await {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    let _ = s.to("ping"); // switch back to ping
                }
            }
        });
        tasks
    }
}

/// RIGHT (ping-pong): the rounds that switch back are a loop over `1..rounds`; the last line is
/// printed after the loop, and the body ends (pong is only ever run when rounds >= 1).
pub mod right_pp_last_line_after_loop {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..rounds {
                s.say(format!("pong {i}"));
                s.to("ping").await;
            }
            s.say(format!("pong {rounds}"));
        });
        tasks
    }
}

/// RIGHT (ping-pong): a counter and a `loop`, breaking after the line of the last round (`>=`).
pub mod right_pp_while_with_break {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            let mut i = 1;
            loop {
                s.say(format!("pong {i}"));
                if i >= rounds {
                    break;
                }
                s.to("ping").await;
                i += 1;
            }
        });
        tasks
    }
}

/// RIGHT (ping-pong): switches back at the *start* of every round but the first, then prints;
/// after the last line the loop ends and pong finishes.
pub mod right_pp_switch_at_top_of_round {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                if i > 1 {
                    s.to("ping").await;
                }
                s.say(format!("pong {i}"));
            }
        });
        tasks
    }
}

/// RIGHT (ping-pong): pong's body is a named `async fn` taking the `Switch` and the round count.
pub mod right_pp_pong_as_async_fn {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::{Greenlets, Switch};

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    async fn pong(s: Switch, rounds: u32) {
        let mut i = 1;
        while i <= rounds {
            s.say(format!("pong {i}"));
            if i != rounds {
                s.to("ping").await;
            }
            i += 1;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks.spawn("pong", move |s| pong(s, rounds));
        tasks
    }
}

/// RIGHT (ping-pong, edge): spawns pong before ping (the doc says nothing of spawn order); the run
/// starts at ping all the same, only the trace's columns and `waits` lines come in another order.
pub mod right_pp_spawn_pong_first {
    use workbook::coro::generator::{Refused, State};
    use workbook::coro::switch::Greenlets;

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
            match self.state {
                State::Created => {
                    self.state = State::Waiting;
                    Ok(())
                }
                State::Waiting => Err(Refused::AlreadyStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Resumes at the `yield` with `term`: adds it and returns the average
        /// of every term so far. Refused unless Waiting.
        pub fn send(&mut self, term: f64) -> Result<f64, Refused> {
            match self.state {
                State::Waiting => {
                    self.total += term;
                    self.count += 1;
                    Ok(self.total / f64::from(self.count))
                }
                State::Created => Err(Refused::NotStarted),
                State::Closed => Err(Refused::Closed),
            }
        }

        /// Ends it for good.
        pub fn close(&mut self) {
            self.state = State::Closed;
        }
    }

    pub fn ping_pong(rounds: u32) -> Greenlets {
        let mut tasks = Greenlets::new();
        tasks.spawn("pong", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("pong {i}"));
                if i < rounds {
                    s.to("ping").await;
                }
            }
        });
        tasks.spawn("ping", move |s| async move {
            for i in 1..=rounds {
                s.say(format!("ping {i}"));
                s.to("pong").await;
            }
        });
        tasks
    }
}
