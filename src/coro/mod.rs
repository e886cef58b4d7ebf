//! Coroutines and a small async executor: lessons 10 and 11.
//!
//! - [`generator`]: Python's generator-as-coroutine, as a state machine
//!   written by hand and as an `async` block driven by hand.
//! - [`switch`]: greenlet's explicit switching between two tasks.
//! - [`block_on`], [`spawn`], [`join_all`], [`yield_now`], [`sleep`],
//!   [`timeout`]: a single-threaded executor, gevent's hub in Rust.
//! - [`net`]: TCP sockets whose waits go to the executor's reactor (epoll,
//!   through mio).

mod executor;
pub mod generator;
pub mod net;
mod reactor;
pub mod switch;
pub mod wake;

pub use executor::{
    Elapsed, JoinHandle, Sleep, Stats, block_on, block_on_stats, join_all, sleep, spawn, timeout, yield_now,
};

use std::cell::RefCell;

use crate::trace::{Event, Trace, Value};

/// The record of a run on one thread: which task did what, in order. One
/// thread means one order, so the trace is exact without a schedule.
#[derive(Debug, Default)]
pub struct Log {
    trace: RefCell<Trace>,
}

impl Log {
    /// An empty log whose timeline has these columns first, in this order.
    pub fn with_columns(names: &[&str]) -> Self {
        let trace = Trace { threads: names.iter().map(|n| (*n).to_owned()).collect(), ..Trace::default() };
        Log { trace: RefCell::new(trace) }
    }

    /// Records that `who` did `label`, with `value`.
    pub fn add(&self, who: &str, label: &'static str, value: impl Into<Value>) {
        let mut trace = self.trace.borrow_mut();
        let thread = match trace.threads.iter().position(|t| t == who) {
            Some(i) => i,
            None => {
                trace.threads.push(who.to_owned());
                trace.threads.len() - 1
            }
        };
        let seq = trace.events.len() + 1;
        trace.events.push(Event { seq, thread, label, value: value.into(), mark: None });
    }

    /// The trace, leaving the log empty.
    pub fn take(&self) -> Trace {
        self.trace.take()
    }
}

/// One of two outputs: which of two raced futures finished first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Either<A, B> {
    /// The first one's.
    Left(A),
    /// The second one's.
    Right(B),
}
