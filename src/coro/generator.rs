//! Python's generator as a coroutine (C1): a consumer that stops at
//! `yield`, is resumed by `send`, and eats what it was sent.
//!
//! A generator is a function that can stop in the middle and be resumed
//! where it stopped, with its local variables intact. Rust gives the same
//! thing two ways:
//!
//! - [`Consumer`]: the state machine written by hand. The "where it
//!   stopped" is an enum, the local variables are fields.
//! - [`consumer`]: an `async fn`. The compiler writes the state machine: the
//!   future it returns *is* an enum of the points where it can stop (each
//!   `.await`), holding the variables alive at that point. Polling it is
//!   `send`.

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::Log;

/// Where a [`Consumer`] stands: the generator's frame, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Made, not started: its body has not run at all.
    Created,
    /// Stopped at `yield`, waiting for a value.
    Waiting,
    /// Closed: it will never run again.
    Closed,
}

/// Why a [`Consumer`] refused a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// `send` before `start`: Python raises "can't send non-None value to a
    /// just-started generator".
    NotStarted,
    /// `start` twice.
    AlreadyStarted,
    /// `send` after `close`: Python raises `StopIteration`.
    Closed,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refused::NotStarted => "sent a value to a consumer that was never started",
            Refused::AlreadyStarted => "started a consumer twice",
            Refused::Closed => "sent a value to a closed consumer",
        })
    }
}

// ANCHOR: consumer
/// Python's `consumer(name)` generator, written out as the state machine
/// it is: [`start`](Self::start) is `next(con)`, [`send`](Self::send) is
/// `con.send(n)`, [`close`](Self::close) is `con.close()`.
#[derive(Debug)]
pub struct Consumer {
    name: &'static str,
    state: State,
    /// What it has eaten: a local variable that lives across `yield`s.
    eaten: Vec<u32>,
}

impl Consumer {
    /// A consumer that has not started.
    pub fn new(name: &'static str) -> Self {
        Consumer { name, state: State::Created, eaten: Vec::new() }
    }

    /// Runs the body up to its first `yield`.
    ///
    /// # Errors
    ///
    /// [`Refused::AlreadyStarted`] if it already ran, [`Refused::Closed`]
    /// if it was closed.
    pub fn start(&mut self, log: &Log) -> Result<(), Refused> {
        match self.state {
            State::Created => {
                log.add(self.name, "starts", ());
                self.state = State::Waiting;
                Ok(())
            }
            State::Waiting => Err(Refused::AlreadyStarted),
            State::Closed => Err(Refused::Closed),
        }
    }

    /// Resumes it at its `yield` with `n`: it eats `n` and stops at the
    /// `yield` again.
    ///
    /// # Errors
    ///
    /// [`Refused::NotStarted`] or [`Refused::Closed`]: the states where
    /// there is no `yield` to resume.
    pub fn send(&mut self, n: u32, log: &Log) -> Result<(), Refused> {
        match self.state {
            State::Waiting => {
                log.add(self.name, "eats", n);
                self.eaten.push(n);
                Ok(()) // and back to Waiting: the loop's next `yield`
            }
            State::Created => Err(Refused::NotStarted),
            State::Closed => Err(Refused::Closed),
        }
    }

    /// Ends it: later calls are refused.
    pub fn close(&mut self) {
        self.state = State::Closed;
    }

    /// Where it stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// What it has eaten, in order.
    pub fn eaten(&self) -> &[u32] {
        &self.eaten
    }
}
// ANCHOR_END: consumer

/// A one-value mailbox between the producer and an `async` consumer, on
/// one thread.
pub type Inbox = Rc<Cell<Option<u32>>>;

// ANCHOR: async_consumer
/// The same consumer as an `async fn`: the compiler turns it into a state
/// machine like [`Consumer`], with one state per `.await`.
pub async fn consumer(name: &'static str, inbox: Inbox, log: Rc<Log>) {
    log.add(name, "starts", ());
    loop {
        let n = next(&inbox).await; // Python: `n = yield`
        log.add(name, "eats", n);
    }
}

/// Waits for a value in `inbox`: ready when there is one, else `Pending`,
/// which stops the consumer here until it is polled again.
async fn next(inbox: &Inbox) -> u32 {
    std::future::poll_fn(|_| match inbox.take() {
        Some(n) => Poll::Ready(n),
        None => Poll::Pending,
    })
    .await
}
// ANCHOR_END: async_consumer

/// What a run of the producer and its two consumers did.
#[derive(Debug)]
pub struct Meal {
    /// Who did what, in order.
    pub trace: crate::trace::Trace,
    /// What each consumer ate, in order: `(name, baozi)`.
    pub eaten: Vec<(&'static str, Vec<u32>)>,
    /// The size in bytes of one suspended consumer: the state machine's
    /// enum (0 for the thread version, whose state is a whole stack).
    pub state_bytes: usize,
}

/// The consumers' names, from the Python program.
pub const NAMES: [&str; 2] = ["hetan", "liuyao"];

fn columns() -> Log {
    Log::with_columns(&["producer", NAMES[0], NAMES[1]])
}

// ANCHOR: by_hand
/// The producer of C1 with the hand-written state machines: start both,
/// then send each baozi to one and the other, then say it was made.
///
/// # Errors
///
/// None in this order; [`Refused`] shows what Python raises when the calls
/// come in the wrong order.
pub fn by_hand(baozi: u32) -> Result<Meal, Refused> {
    let log = columns();
    let mut consumers = NAMES.map(Consumer::new);
    for c in &mut consumers {
        c.start(&log)?; // Python: `con.__next__()`
    }
    for n in 1..=baozi {
        for c in &mut consumers {
            c.send(n, &log)?;
        }
        log.add("producer", "makes", n);
    }
    let eaten = consumers.iter().map(|c| (c.name, c.eaten.clone())).collect();
    Ok(Meal { trace: log.take(), eaten, state_bytes: std::mem::size_of::<Consumer>() })
}
// ANCHOR_END: by_hand

// ANCHOR: by_polling
/// The same producer driving `async` consumers by hand: a poll is a
/// `send`. No executor, no waker that does anything: whoever polls
/// decides when the consumer runs, exactly as with a generator.
pub fn by_polling(baozi: u32) -> Meal {
    let log = Rc::new(columns());
    let inboxes: [Inbox; 2] = Default::default();
    let mut first = pin!(consumer(NAMES[0], Rc::clone(&inboxes[0]), Rc::clone(&log)));
    let mut second = pin!(consumer(NAMES[1], Rc::clone(&inboxes[1]), Rc::clone(&log)));
    let state_bytes = std::mem::size_of_val(&*first);
    let mut cx = Context::from_waker(Waker::noop());
    let mut consumers: [(&Inbox, std::pin::Pin<&mut dyn Future<Output = ()>>); 2] =
        [(&inboxes[0], first.as_mut()), (&inboxes[1], second.as_mut())];
    for (_, c) in &mut consumers {
        let _ = c.as_mut().poll(&mut cx); // runs to the first await
    }
    for n in 1..=baozi {
        for (inbox, c) in &mut consumers {
            inbox.set(Some(n));
            let _ = c.as_mut().poll(&mut cx); // eats n, stops at the await
            debug_assert!(inbox.get().is_none(), "the consumer took its baozi");
        }
        log.add("producer", "makes", n);
    }
    let trace = log.take();
    Meal { eaten: eaten_in(&trace), trace, state_bytes }
}
// ANCHOR_END: by_polling

/// What each consumer ate, read back from the trace.
pub fn eaten_in(trace: &crate::trace::Trace) -> Vec<(&'static str, Vec<u32>)> {
    NAMES
        .iter()
        .map(|&name| {
            let ate = trace
                .events
                .iter()
                .filter(|e| trace.thread_of(e) == name && e.label == "eats")
                .filter_map(|e| e.value.as_int().and_then(|v| u32::try_from(v).ok()))
                .collect();
            (name, ate)
        })
        .collect()
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_hand_written_and_the_compiled_state_machines_agree() {
        let by_hand = by_hand(5).unwrap();
        let polled = by_polling(5);
        assert_eq!(by_hand.trace.steps(), polled.trace.steps());
        assert_eq!(by_hand.eaten, polled.eaten);
        assert_eq!(polled.eaten[0].1, [1, 2, 3, 4, 5]);
        assert!(polled.state_bytes > 0);
    }

    #[test]
    fn a_consumer_refuses_calls_in_the_wrong_state() {
        let log = Log::default();
        let mut c = Consumer::new("c");
        assert_eq!(c.send(1, &log), Err(Refused::NotStarted));
        c.start(&log).unwrap();
        assert_eq!(c.start(&log), Err(Refused::AlreadyStarted));
        c.send(1, &log).unwrap();
        c.close();
        assert_eq!(c.send(2, &log), Err(Refused::Closed));
        assert_eq!(c.eaten(), [1]);
        assert_eq!(c.state(), State::Closed);
    }
}
