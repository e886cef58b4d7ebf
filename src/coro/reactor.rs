//! The reactor: one `epoll_wait` (through mio) for every socket the tasks
//! wait on, plus the executor's timers and wake-ups from other threads.
//!
//! A socket is registered once, for reading and writing, edge-triggered
//! (mio's only mode). A task that gets `WouldBlock` leaves its waker in the
//! socket's entry; the next event for that socket wakes it, and it tries
//! again. Events are handled only between polls, on the executor's thread,
//! so no event can slip between "the read would block" and "the waker is
//! stored": an edge after that point is an event still to come.

use std::cell::RefCell;
use std::io;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use mio::{Events, Interest, Poll as MioPoll, Token};

/// The token of the wake-up from other threads.
const WAKE: Token = Token(usize::MAX);

/// Who waits on one socket.
#[derive(Default)]
struct Waiters {
    read: Option<Waker>,
    write: Option<Waker>,
}

/// An epoll instance and the tasks waiting on its sockets.
pub struct Reactor {
    poll: RefCell<MioPoll>,
    events: RefCell<Events>,
    waker: Arc<mio::Waker>,
    /// By token; `None` marks a free slot.
    sources: RefCell<Vec<Option<Waiters>>>,
    free: RefCell<Vec<usize>>,
}

/// Which way a task waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Until the socket can be read (or accepted from).
    Read,
    /// Until the socket can be written (or has connected).
    Write,
}

impl Reactor {
    /// A new epoll instance.
    ///
    /// # Errors
    ///
    /// When the OS refuses one.
    pub fn new() -> io::Result<Self> {
        let poll = MioPoll::new()?;
        let waker = Arc::new(mio::Waker::new(poll.registry(), WAKE)?);
        Ok(Reactor {
            poll: RefCell::new(poll),
            events: RefCell::new(Events::with_capacity(256)),
            waker,
            sources: RefCell::new(Vec::new()),
            free: RefCell::new(Vec::new()),
        })
    }

    /// What another thread uses to interrupt [`poll`](Self::poll).
    pub fn waker(&self) -> Arc<mio::Waker> {
        Arc::clone(&self.waker)
    }

    /// True when any socket is registered.
    pub fn has_sources(&self) -> bool {
        self.sources.borrow().len() > self.free.borrow().len()
    }

    /// Registers `source` for both directions and returns its token.
    ///
    /// # Errors
    ///
    /// When epoll refuses it.
    pub fn register(&self, source: &mut impl mio::event::Source) -> io::Result<Token> {
        let mut sources = self.sources.borrow_mut();
        let slot = self.free.borrow_mut().pop().unwrap_or_else(|| {
            sources.push(None);
            sources.len() - 1
        });
        let token = Token(slot);
        match self.poll.borrow().registry().register(source, token, Interest::READABLE | Interest::WRITABLE) {
            Ok(()) => {
                sources[slot] = Some(Waiters::default());
                Ok(token)
            }
            Err(e) => {
                self.free.borrow_mut().push(slot);
                Err(e)
            }
        }
    }

    /// Forgets `source`; its waiters are dropped.
    pub fn deregister(&self, source: &mut impl mio::event::Source, token: Token) {
        // Closing the socket removes it from epoll anyway; a failure here
        // changes nothing.
        let _ = self.poll.borrow().registry().deregister(source);
        if let Some(entry) = self.sources.borrow_mut().get_mut(token.0) {
            *entry = None;
            self.free.borrow_mut().push(token.0);
        }
    }

    // ANCHOR: poll_io
    /// Runs `op` on a registered socket: its result when it does not
    /// block, else `Pending` with the task's waker left for the socket's
    /// next event in `direction`.
    pub fn poll_io<T>(
        &self,
        cx: &mut Context<'_>,
        token: Token,
        direction: Direction,
        mut op: impl FnMut() -> io::Result<T>,
    ) -> Poll<io::Result<T>> {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if let Some(Some(w)) = self.sources.borrow_mut().get_mut(token.0) {
                    let slot = match direction {
                        Direction::Read => &mut w.read,
                        Direction::Write => &mut w.write,
                    };
                    *slot = Some(cx.waker().clone());
                }
                Poll::Pending
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                cx.waker().wake_by_ref(); // try again at once
                Poll::Pending
            }
            other => Poll::Ready(other),
        }
    }
    // ANCHOR_END: poll_io

    /// Waits up to `timeout` (for ever with `None`) for socket events and
    /// wakes the tasks waiting on them.
    pub fn poll(&self, timeout: Option<Duration>) {
        let mut events = self.events.borrow_mut();
        match self.poll.borrow_mut().poll(&mut events, timeout) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return,
            Err(e) => panic!("epoll_wait failed: {e}"),
        }
        let mut woken = Vec::new();
        {
            let mut sources = self.sources.borrow_mut();
            for event in events.iter() {
                let Some(Some(w)) = sources.get_mut(event.token().0) else { continue };
                // An error or a hang-up wakes both directions: each finds
                // out by trying.
                let gone = event.is_error() || event.is_read_closed() || event.is_write_closed();
                if event.is_readable() || gone {
                    woken.extend(w.read.take());
                }
                if event.is_writable() || gone {
                    woken.extend(w.write.take());
                }
            }
        }
        // Woken outside the borrow: a waker may be the executor's own.
        woken.into_iter().for_each(Waker::wake);
    }
}
