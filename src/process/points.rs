//! Points across processes: a race between processes, forced.
//!
//! A [`Schedule`](crate::sched::Schedule) orders threads of one process. To
//! order child processes, the parent gives each child a stand-in thread, a
//! *relay*, that is an actor of the schedule. The child's [`point`] does not
//! run its operation until the parent says so:
//!
//! ```text
//!  child A                     parent: A's relay (an actor)
//!  point("gets", op) ──at gets──▶ sched::point("gets", …)   waits for A's turn
//!                    ◀──go─────   (the turn is A's)
//!  runs op
//!                    ──did 3───▶ the step is recorded: A gets 3
//! ```
//!
//! Between its steps a child runs only while its relay holds the turn, so
//! the schedule alone decides the order of every step of every child, as
//! it does for threads: a script forces the lost update across processes on
//! every run.
//!
//! A child is scheduled only when its parent started it with [`SCHEDULED`]
//! set; otherwise [`point`] just runs the operation (and inside a thread
//! that is itself an actor, it is a [`sched::point`]).

use std::sync::{Mutex, PoisonError};
use std::thread;

use serde::{Deserialize, Serialize};

use super::{Error, Pipe};
use crate::sched::{self, Actor};
use crate::trace::Value;

/// The environment variable that tells a worker its parent schedules it.
pub const SCHEDULED: &str = "WORKBOOK_SCHEDULED";

/// What a scheduled child says to its relay.
#[derive(Debug, Serialize, Deserialize)]
enum Up {
    /// "I am at this point; may I go on?"
    At(String),
    /// "Done; here is what the step saw."
    Did(Value),
}

/// The relay's answer to [`Up::At`].
#[derive(Debug, Serialize, Deserialize)]
struct Go;

/// This process's link to its relay, when it is a scheduled child.
static LINK: Mutex<Option<Pipe>> = Mutex::new(None);

/// In a worker: if the parent scheduled this process, links its points to
/// the parent through stdin and stdout (which then carry nothing else).
/// Returns whether it did.
pub fn link_if_scheduled() -> bool {
    let scheduled = std::env::var_os(SCHEDULED).is_some();
    if scheduled {
        *LINK.lock().unwrap_or_else(PoisonError::into_inner) = Some(Pipe::stdio());
    }
    scheduled
}

// ANCHOR: point
/// A point named `label` whose operation is `op`. In a scheduled child, it
/// waits for the parent's go, runs `op`, and reports the result; in a
/// thread that is an actor, it is [`sched::point`]; otherwise it runs `op`.
///
/// A scheduled child whose parent has gone exits (code 3): nobody is left
/// to give it a turn.
pub fn point<T: Clone + Into<Value>>(label: &'static str, op: impl FnOnce() -> T) -> T {
    let mut link = LINK.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(parent) = link.as_mut() else {
        drop(link);
        return sched::point(label, op);
    };
    if let Err(e) = parent.send(&Up::At(label.to_owned())).and_then(|()| parent.recv::<Go>()) {
        orphaned(&e);
    }
    let out = op();
    if let Err(e) = parent.send(&Up::Did(out.clone().into())) {
        orphaned(&e);
    }
    out
}
// ANCHOR_END: point

fn orphaned(e: &Error) -> ! {
    eprintln!("worker {}: lost its parent's schedule ({e}); exiting", std::process::id());
    std::process::exit(3)
}

/// Starts the relay for a child: a thread that runs as `actor` and turns
/// each of the child's points into a step of the schedule, named by one of
/// `labels`. It ends when the child closes its pipe (it exited).
///
/// # Errors
///
/// The thread returns an error when the child broke the protocol (an
/// unknown label, a garbled frame) or died in the middle of a step; the
/// step is then recorded as `died`.
///
/// # Panics
///
/// When the OS cannot create a thread.
pub fn relay(
    actor: Actor,
    name: &str,
    mut child: Pipe,
    labels: &'static [&'static str],
) -> thread::JoinHandle<Result<(), Error>> {
    let body = move || {
        actor.run(|| {
            loop {
                let label = match child.recv::<Up>() {
                    Ok(Up::At(label)) => label,
                    Ok(Up::Did(v)) => return Err(Error::Remote(format!("a result ({v}) with no step"))),
                    Err(Error::Closed) => return Ok(()),
                    Err(e) => return Err(e),
                };
                let Some(&label) = labels.iter().find(|&&l| l == label) else {
                    return Err(Error::Remote(format!("unknown step {label:?}")));
                };
                let mut failed = None;
                sched::point(label, || match child.send(&Go).and_then(|()| child.recv::<Up>()) {
                    Ok(Up::Did(value)) => value,
                    Ok(Up::At(l)) => {
                        failed = Some(Error::Remote(format!("a step ({l}) inside step {label}")));
                        Value::Text("broke the protocol".into())
                    }
                    Err(e) => {
                        failed = Some(e);
                        Value::Text("died".into())
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
            }
        })
    };
    thread::Builder::new().name(format!("relay {name}")).spawn(body).expect("the OS creates a thread")
}
