//! Python's `selectors` module, on mio: register a source with the events
//! it is watched for and a callback; the loop waits, then calls the
//! callback of each source that is ready. mio waits in epoll,
//! edge-triggered, so every callback acts until `WouldBlock`.
//!
//! Python's callbacks register and unregister sockets on the selector that
//! is calling them. In Rust the selector cannot lend itself out while it
//! holds the callback it is running, so it takes the callback out of its
//! slot, lends itself to it, and puts it back when the callback asks.

use std::cell::RefCell;
use std::io::{self, ErrorKind};
use std::rc::Rc;
use std::time::Duration;

use mio::event::Source;
use mio::{Events, Poll, Registry, Token};

use super::Interest;
use super::echo::{EchoServer, Options, Owed, Reads, Stats};
use super::server::Server;

/// What a callback wants done with its source after it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Watch it as before.
    Keep,
    /// Watch it for this from now on (`selector.modify`).
    Watch(Interest),
    /// Unregister and close it.
    Close,
}

/// A registered source and its callback, behind one object-safe face.
trait Slot {
    fn call(&mut self, mask: Interest, selector: &mut Selector) -> io::Result<Next>;
    fn reregister(&mut self, registry: &Registry, token: Token, interest: Interest) -> io::Result<()>;
    fn deregister(&mut self, registry: &Registry);
}

struct Registered<S, F> {
    source: S,
    callback: F,
}

impl<S, F> Slot for Registered<S, F>
where
    S: Source,
    F: FnMut(&mut S, Interest, &mut Selector) -> io::Result<Next>,
{
    fn call(&mut self, mask: Interest, selector: &mut Selector) -> io::Result<Next> {
        (self.callback)(&mut self.source, mask, selector)
    }

    fn reregister(&mut self, registry: &Registry, token: Token, interest: Interest) -> io::Result<()> {
        registry.reregister(&mut self.source, token, to_mio(interest))
    }

    fn deregister(&mut self, registry: &Registry) {
        let _ = registry.deregister(&mut self.source);
    }
}

fn to_mio(interest: Interest) -> mio::Interest {
    match (interest.read, interest.write) {
        (_, false) => mio::Interest::READABLE,
        (false, true) => mio::Interest::WRITABLE,
        (true, true) => mio::Interest::READABLE | mio::Interest::WRITABLE,
    }
}

// ANCHOR: selector
/// `selectors.DefaultSelector()`, with the callback kept in the
/// registration as Python keeps it in `key.data`.
pub struct Selector {
    poll: Poll,
    /// Indexed by token; `None` while the callback runs, or once freed.
    slots: Vec<Option<Box<dyn Slot>>>,
    free: Vec<usize>,
    stopped: bool,
}

impl Selector {
    /// An empty selector.
    ///
    /// # Errors
    ///
    /// `epoll_create1` failed.
    pub fn new() -> io::Result<Self> {
        Ok(Selector { poll: Poll::new()?, slots: Vec::new(), free: Vec::new(), stopped: false })
    }

    /// `selector.register(source, events, data=callback)`: from now on,
    /// when `source` is ready for `interest`, the loop calls
    /// `callback(&mut source, mask, &mut selector)`. The selector owns the
    /// source and closes it when the callback returns [`Next::Close`].
    ///
    /// # Errors
    ///
    /// `epoll_ctl` failed.
    pub fn register<S, F>(&mut self, mut source: S, interest: Interest, callback: F) -> io::Result<Token>
    where
        S: Source + 'static,
        F: FnMut(&mut S, Interest, &mut Selector) -> io::Result<Next> + 'static,
    {
        let index = self.free.pop().unwrap_or(self.slots.len());
        let token = Token(index);
        self.poll.registry().register(&mut source, token, to_mio(interest))?;
        let slot: Box<dyn Slot> = Box::new(Registered { source, callback });
        if index == self.slots.len() {
            self.slots.push(Some(slot));
        } else {
            self.slots[index] = Some(slot);
        }
        Ok(token)
    }

    /// Sources registered now, the one whose callback is running included.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// True when nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes [`run`](Self::run) return after the current callbacks.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// One turn of the loop: waits (at most `timeout`) and runs the
    /// callback of every source that is ready. Returns how many ran.
    ///
    /// # Errors
    ///
    /// `epoll_wait` failed. A callback's error closes its source instead.
    pub fn select(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<usize> {
        match self.poll.poll(events, timeout) {
            Err(e) if e.kind() == ErrorKind::Interrupted => return Ok(0),
            other => other?,
        }
        let mut freed = Vec::new();
        let mut ran = 0;
        for event in events.iter() {
            let index = event.token().0;
            // Take the callback out, so that it can borrow the selector.
            let Some(mut slot) = self.slots.get_mut(index).and_then(Option::take) else { continue };
            let mask = Interest {
                read: event.is_readable() || event.is_read_closed() || event.is_error(),
                write: event.is_writable() || event.is_write_closed(),
            };
            ran += 1;
            let next = slot.call(mask, self).unwrap_or(Next::Close);
            let kept = match next {
                Next::Keep => true,
                Next::Watch(interest) => {
                    slot.reregister(self.poll.registry(), event.token(), interest).is_ok()
                }
                Next::Close => false,
            };
            if kept {
                self.slots[index] = Some(slot);
            } else {
                slot.deregister(self.poll.registry());
                // Free the token after the batch: a later event in it may
                // still name this one.
                freed.push(index);
            }
        }
        self.free.extend(freed);
        Ok(ran)
    }

    /// `while True: for key, mask in sel.select(): key.data(key.fileobj,
    /// mask)`, until a callback calls [`stop`](Self::stop).
    ///
    /// # Errors
    ///
    /// `epoll_wait` failed.
    pub fn run(&mut self) -> io::Result<()> {
        let mut events = Events::with_capacity(256);
        while !self.stopped {
            self.select(&mut events, None)?;
        }
        Ok(())
    }
}
// ANCHOR_END: selector

impl EchoServer {
    /// The echo server of Python's `selectors` example on a [`Selector`]:
    /// an `accept` callback per listener that registers each connection
    /// with an `echo` callback. Reads always drain (mio is
    /// edge-triggered); `options.backend` and `options.reads` are not used.
    ///
    /// # Errors
    ///
    /// Binding failed.
    pub fn start_selectors(options: Options) -> io::Result<EchoServer> {
        let ports = vec![0; options.listeners.max(1)];
        Server::spawn(
            "echo-selectors",
            &ports,
            Box::new(move |listeners, stop, shared| {
                let options = Rc::new(Options { reads: Reads::Drain, ..options });
                let stats = Rc::new(RefCell::new(Stats::default()));
                let mut selector = Selector::new()?;
                selector.register(mio::net::UnixStream::from_std(stop), Interest::READ, |_, _, sel| {
                    sel.stop();
                    Ok(Next::Keep)
                })?;
                for listener in listeners {
                    let listener = mio::net::TcpListener::from_std(listener);
                    selector.register(
                        listener,
                        Interest::READ,
                        accept(Rc::clone(&options), Rc::clone(&stats)),
                    )?;
                }
                let mut events = Events::with_capacity(256);
                while !selector.stopped {
                    selector.select(&mut events, None)?;
                    let mut now = stats.borrow_mut();
                    now.waits += 1;
                    *shared.lock() = *now;
                }
                Ok(())
            }),
        )
    }
}

type Shared<T> = Rc<RefCell<T>>;

// ANCHOR: callbacks
/// The listener's callback: accept everyone waiting, register each with
/// [`echo`].
fn accept(
    options: Rc<Options>,
    stats: Shared<Stats>,
) -> impl FnMut(&mut mio::net::TcpListener, Interest, &mut Selector) -> io::Result<Next> {
    move |listener, _, selector| loop {
        let (sock, _) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Next::Keep),
            Err(e) if e.kind() == ErrorKind::Interrupted || e.kind() == ErrorKind::ConnectionAborted => {
                continue;
            }
            // Out of descriptors, say: try again on the next report.
            Err(_) => return Ok(Next::Keep),
        };
        let mut now = stats.borrow_mut();
        now.accepted += 1;
        if now.open() > options.max_connections {
            now.busy += 1;
            let _ = io::Write::write(&mut &sock, b"busy\n");
            continue;
        }
        let _ = sock.set_nodelay(true);
        drop(now);
        let registered =
            selector.register(sock, Interest::READ, echo(Rc::clone(&options), Rc::clone(&stats)));
        if registered.is_err() {
            stats.borrow_mut().refused += 1;
        }
    }
}

/// A connection's callback: read what came, write what is owed, and say
/// what to watch for next.
fn echo(
    options: Rc<Options>,
    stats: Shared<Stats>,
) -> impl FnMut(&mut mio::net::TcpStream, Interest, &mut Selector) -> io::Result<Next> {
    let mut owed = Owed::new();
    let mut buf = vec![0; options.read_size.max(1)];
    move |sock, mask, _| {
        let mut stats = stats.borrow_mut();
        let open = owed.serve(sock, mask.read, &options, &mut buf, &mut stats);
        if !matches!(open, Ok(true)) {
            stats.closed += 1;
            return Ok(Next::Close);
        }
        Ok(owed.rewatch(options.max_queued).map_or(Next::Keep, Next::Watch))
    }
}
// ANCHOR_END: callbacks
