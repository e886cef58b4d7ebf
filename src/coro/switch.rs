//! greenlet's explicit switching (C2): tasks that run only when another
//! switches to them by name.
//!
//! Each task is an `async` block. [`Switch::to`] records where to go and
//! returns `Pending` once: the task stops there, and [`Greenlets::run`]
//! polls the task it named. Nothing runs that was not switched to, so the
//! order is the program's own, on every run.
//!
//! As in greenlet, a task that finishes ends the run (control goes back
//! to the parent, here the caller of `run`); tasks still stopped at a
//! switch are dropped, never resumed.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use super::Log;
use crate::trace::Trace;

/// What the tasks share: who runs, who is next, and the log.
#[derive(Default)]
struct Board {
    running: Cell<&'static str>,
    next: Cell<Option<&'static str>>,
    said: RefCell<Vec<String>>,
    log: Log,
}

/// A task's handle on the switchboard: passed to each task's body.
#[derive(Clone)]
pub struct Switch {
    board: Rc<Board>,
}

impl Switch {
    /// Prints `what` (it is recorded, in order, under the running task).
    pub fn say(&self, what: impl fmt::Display) {
        let what = what.to_string();
        self.board.log.add(self.board.running.get(), "prints", what.clone());
        self.board.said.borrow_mut().push(what);
    }

    // ANCHOR: switch_to
    /// Stops this task here and runs `task` from where it last stopped
    /// (greenlet's `gr.switch()`). This task goes on when something
    /// switches back to it.
    pub async fn to(&self, task: &'static str) {
        self.board.log.add(self.board.running.get(), "switches to", task);
        self.board.next.set(Some(task));
        let mut stopped = false;
        std::future::poll_fn(|_| {
            if stopped {
                Poll::Ready(()) // polled again: someone switched back
            } else {
                stopped = true;
                Poll::Pending // back to `run`, which polls `task`
            }
        })
        .await;
    }
    // ANCHOR_END: switch_to
}

type Body = Pin<Box<dyn Future<Output = ()>>>;

/// Tasks that switch to each other by name.
#[derive(Default)]
pub struct Greenlets {
    board: Rc<Board>,
    tasks: Vec<(&'static str, Body)>,
}

/// What a run did.
#[derive(Debug)]
pub struct Switched {
    /// What the tasks printed, in order.
    pub said: Vec<String>,
    /// Prints and switches, one column per task.
    pub trace: Trace,
    /// The task that finished and so ended the run.
    pub finished: &'static str,
    /// Tasks left stopped at a switch when the run ended (dropped).
    pub suspended: Vec<&'static str>,
}

/// Why a run could not go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SwitchError {
    /// A switch named a task that does not exist.
    NoSuchTask(&'static str),
    /// A task stopped without switching (it awaited something else): with
    /// nobody named to run next, nothing would ever run again.
    Stopped(&'static str),
}

impl fmt::Display for SwitchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SwitchError::NoSuchTask(t) => write!(f, "switched to {t:?}, which is not a task"),
            SwitchError::Stopped(t) => {
                write!(f, "{t} stopped without switching to anyone: nothing can run next")
            }
        }
    }
}

impl std::error::Error for SwitchError {}

impl Greenlets {
    /// No tasks yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a task named `name` whose body is `body(switch)`. It does not
    /// run until something switches to it.
    ///
    /// # Panics
    ///
    /// If a task of that name exists.
    pub fn spawn<F, Fut>(&mut self, name: &'static str, body: F)
    where
        F: FnOnce(Switch) -> Fut,
        Fut: Future<Output = ()> + 'static,
    {
        assert!(self.tasks.iter().all(|(n, _)| *n != name), "two tasks named {name}");
        self.board.log.add(name, "waits", ());
        let switch = Switch { board: Rc::clone(&self.board) };
        self.tasks.push((name, Box::pin(body(switch))));
    }

    // ANCHOR: run
    /// Switches to `first`, then to whichever task each switch names, until
    /// a task finishes.
    ///
    /// # Errors
    ///
    /// A switch to a name that is not a task, or a task that stopped
    /// without switching.
    pub fn run(mut self, first: &'static str) -> Result<Switched, SwitchError> {
        let mut cx = Context::from_waker(Waker::noop());
        let mut current = first;
        loop {
            let Some(i) = self.tasks.iter().position(|(n, _)| *n == current) else {
                return Err(SwitchError::NoSuchTask(current));
            };
            self.board.running.set(current);
            if self.tasks[i].1.as_mut().poll(&mut cx).is_ready() {
                self.board.log.add(current, "finishes", ());
                drop(self.tasks.remove(i));
                let suspended = self.tasks.iter().map(|(n, _)| *n).collect();
                let said = self.board.said.take();
                return Ok(Switched { said, trace: self.board.log.take(), finished: current, suspended });
            }
            current = self.board.next.take().ok_or(SwitchError::Stopped(current))?;
        }
    }
    // ANCHOR_END: run
}

// ANCHOR: greenlet
/// C2: `test1` prints 12 and switches to `test2`, which prints 56 and
/// switches back; `test1` prints 34 and switches to `test2`, which prints
/// 78 and finishes. `test1` never gets past its second switch.
///
/// # Errors
///
/// None: the program switches only to tasks that exist.
pub fn greenlet() -> Result<Switched, SwitchError> {
    let mut tasks = Greenlets::new();
    tasks.spawn("test1", |s| async move {
        s.say(12);
        s.to("test2").await;
        s.say(34);
        s.to("test2").await;
    });
    tasks.spawn("test2", |s| async move {
        s.say(56);
        s.to("test1").await;
        s.say(78);
    });
    tasks.run("test1")
}
// ANCHOR_END: greenlet

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn greenlet_prints_in_the_switched_order_and_leaves_test1_suspended() {
        let run = greenlet().unwrap();
        assert_eq!(run.said, ["12", "56", "34", "78"]);
        assert_eq!(run.finished, "test2");
        assert_eq!(run.suspended, ["test1"]);
    }

    #[test]
    fn a_switch_to_nobody_and_a_stop_without_switching_are_errors() {
        let mut tasks = Greenlets::new();
        tasks.spawn("a", |s| async move { s.to("nobody").await });
        assert_eq!(tasks.run("a").unwrap_err(), SwitchError::NoSuchTask("nobody"));
        let mut tasks = Greenlets::new();
        tasks.spawn("a", |_| std::future::pending());
        assert_eq!(tasks.run("a").unwrap_err(), SwitchError::Stopped("a"));
    }
}
