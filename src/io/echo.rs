//! The select echo server of the Python tutorials, on one thread and any
//! [`Backend`]: accept on the listening sockets (several of them, in one
//! loop), read into a queue per connection, write when the socket has
//! room, remove a connection when it closes. With the limits a real server
//! needs: a cap on connections, a cap on what one connection may be owed
//! (past it the loop stops reading from that client until it reads its
//! echoes), and a stop that wakes the loop through a socket of its own.

use std::collections::{HashMap, VecDeque};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::os::unix::net::UnixStream;

use parking_lot::Mutex;

use super::server::Server;
use super::{Backend, Interest, Ready, WaitError, Waiter, raise_fd};

/// How much the loop reads when a connection is reported readable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// One `read` of at most `read_size` bytes, as Python's `recv(1024)`.
    /// Right with select, poll and level-triggered epoll, which report the
    /// rest on the next wait. Wrong with edge-triggered epoll, which does
    /// not: the rest waits until more bytes arrive.
    Once,
    /// Read until the socket says `WouldBlock` (or the queue is full).
    /// Right with all four.
    Drain,
}

/// How a server is set up.
#[derive(Clone, Debug)]
pub struct Options {
    /// The system call the loop waits in.
    pub backend: Backend,
    /// Listening sockets, each on its own port, served by the one loop.
    pub listeners: usize,
    /// One read per readiness report, or until `WouldBlock`.
    pub reads: Reads,
    /// The most one `read` takes.
    pub read_size: usize,
    /// Connections at once; one more is told `busy` and closed.
    pub max_connections: usize,
    /// Bytes the server may owe one client. At the cap it stops reading
    /// from that client until the client reads its echoes: a client that
    /// never reads costs this much memory and no more.
    pub max_queued: usize,
    /// Moves every accepted socket to a descriptor at or above this one,
    /// as if the server had that many other files open.
    pub first_fd: Option<RawFd>,
}

impl Options {
    /// One listener, draining reads of 1024 bytes, 256 connections, 64 KiB
    /// owed to each at most.
    pub fn new(backend: Backend) -> Self {
        Options {
            backend,
            listeners: 1,
            reads: Reads::Drain,
            read_size: 1024,
            max_connections: 256,
            max_queued: 64 * 1024,
            first_fd: None,
        }
    }
}

/// What a server has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections accepted, refused ones included.
    pub accepted: usize,
    /// Refused at the connection cap, with `busy`.
    pub busy: usize,
    /// Refused because the backend cannot watch the descriptor (select
    /// past its limit), with an error line.
    pub refused: usize,
    /// Connections closed after being served.
    pub closed: usize,
    /// Bytes read from clients.
    pub bytes_in: u64,
    /// Bytes written back.
    pub bytes_out: u64,
    /// Waits in the system call.
    pub waits: u64,
}

impl Stats {
    /// Connections open now.
    pub fn open(&self) -> usize {
        self.accepted - self.busy - self.refused - self.closed
    }
}

/// The echo server, running on a thread of its own.
pub type EchoServer = Server<Stats>;

impl EchoServer {
    /// Binds `options.listeners` ports on 127.0.0.1 and serves them on a
    /// new thread.
    ///
    /// # Errors
    ///
    /// Binding or starting the waiter failed.
    pub fn start(options: Options) -> io::Result<EchoServer> {
        let waiter = Waiter::new(options.backend)?;
        let name = format!("echo-{}", options.backend.code());
        let ports = vec![0; options.listeners.max(1)];
        Server::spawn(
            &name,
            &ports,
            Box::new(move |listeners, stop, stats| {
                EventLoop::new(options, waiter).run(listeners, stop, stats)
            }),
        )
    }
}

/// A socket both ways: what [`Owed::serve`] reads from and writes to.
pub(crate) trait ReadWrite: Read + Write {}

impl<T: Read + Write> ReadWrite for T {}

/// A client of the loop: its socket and what it is owed.
struct Conn {
    sock: TcpStream,
    owed: Owed,
}

/// What a descriptor in the loop is.
enum Entry {
    /// The socket [`EchoServer::stop`] writes to.
    Stop(UnixStream),
    Listener(TcpListener),
    Conn(Conn),
}

impl Entry {
    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Entry::Stop(s) => s.as_fd(),
            Entry::Listener(l) => l.as_fd(),
            Entry::Conn(c) => c.sock.as_fd(),
        }
    }

    fn interest(&self) -> Interest {
        match self {
            Entry::Conn(c) => c.owed.interest,
            Entry::Stop(_) | Entry::Listener(_) => Interest::READ,
        }
    }
}

// ANCHOR: conn
/// What the server owes one client, apart from its socket.
#[derive(Debug, Default)]
pub(crate) struct Owed {
    /// Echoes not yet written: Python's `message_queues[s]`.
    queue: VecDeque<u8>,
    /// What the waiter watches the socket for now.
    interest: Interest,
    /// The client closed its end: echo what is queued, then close.
    eof: bool,
    /// Reading stopped at a full queue with bytes maybe still waiting:
    /// read again as soon as there is room (an edge-triggered waiter will
    /// not say so again).
    unread: bool,
}

impl Owed {
    /// A new client's: nothing owed, watched for reading.
    pub(crate) fn new() -> Self {
        Owed { interest: Interest::READ, ..Owed::default() }
    }

    /// What the waiter should watch for now: reads while there is room to
    /// queue, writes while something is queued (Python's `outputs` list).
    /// `Some` when that changed, and the waiter must be told.
    pub(crate) fn rewatch(&mut self, max_queued: usize) -> Option<Interest> {
        let want =
            Interest { read: !self.eof && self.queue.len() < max_queued, write: !self.queue.is_empty() };
        (want != self.interest).then(|| {
            self.interest = want;
            want
        })
    }

    /// Handles one readiness report for `sock` (`readable`: the report
    /// said so). `Ok(false)`: done, close it.
    pub(crate) fn serve(
        &mut self,
        sock: &mut impl ReadWrite,
        readable: bool,
        options: &Options,
        buf: &mut [u8],
        stats: &mut Stats,
    ) -> io::Result<bool> {
        let mut read = readable || self.unread;
        loop {
            if read && !self.eof {
                self.unread = false;
                self.read(sock, options, buf, stats)?;
            }
            // Write now rather than wait to be told the socket is
            // writable: usually it is, and an edge-triggered waiter that
            // already said so will not say it again.
            let owed = self.queue.len();
            self.flush(sock, stats)?;
            read = self.unread && self.queue.len() < owed;
            if !read {
                return Ok(!(self.eof && self.queue.is_empty()));
            }
        }
    }

    fn read(
        &mut self,
        sock: &mut impl Read,
        options: &Options,
        buf: &mut [u8],
        stats: &mut Stats,
    ) -> io::Result<()> {
        loop {
            let room = options.max_queued.saturating_sub(self.queue.len());
            if room == 0 {
                self.unread = true;
                return Ok(());
            }
            let want = room.min(buf.len());
            match sock.read(&mut buf[..want]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    stats.bytes_in += n as u64;
                    self.queue.extend(&buf[..n]);
                    if options.reads == Reads::Once {
                        return Ok(());
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes what is queued until it is all written or the socket is
    /// full.
    fn flush(&mut self, sock: &mut impl Write, stats: &mut Stats) -> io::Result<()> {
        stats.bytes_out += write_queued(sock, &mut self.queue)? as u64;
        Ok(())
    }
}

/// Writes `queue` from the front until it is empty or `sock` is full
/// (`WouldBlock`), removing what was written; returns how many bytes that
/// was. A write of 0 bytes is an error (`WriteZero`).
pub(crate) fn write_queued(sock: &mut impl Write, queue: &mut VecDeque<u8>) -> io::Result<usize> {
    let mut written = 0;
    while !queue.is_empty() {
        let (front, _) = queue.as_slices();
        match sock.write(front) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => {
                written += n;
                queue.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(written)
}
// ANCHOR_END: conn

/// The loop and everything it watches, keyed by descriptor.
struct EventLoop {
    options: Options,
    waiter: Waiter,
    entries: HashMap<RawFd, Entry>,
    conns: usize,
    stats: Stats,
    buf: Vec<u8>,
}

impl EventLoop {
    fn new(options: Options, waiter: Waiter) -> Self {
        let buf = vec![0; options.read_size.max(1)];
        EventLoop { options, waiter, entries: HashMap::new(), conns: 0, stats: Stats::default(), buf }
    }

    fn watch(&mut self, entry: Entry) -> Result<(), (Entry, WaitError)> {
        let fd = entry.fd().as_raw_fd();
        match self.waiter.add(entry.fd(), entry.interest()) {
            Ok(()) => {
                self.entries.insert(fd, entry);
                Ok(())
            }
            Err(e) => Err((entry, e)),
        }
    }

    // ANCHOR: run
    fn run(mut self, listeners: Vec<TcpListener>, stop: UnixStream, shared: &Mutex<Stats>) -> io::Result<()> {
        self.watch(Entry::Stop(stop)).map_err(|(_, e)| e)?;
        for listener in listeners {
            self.watch(Entry::Listener(listener)).map_err(|(_, e)| e)?;
        }
        let mut ready = Vec::new();
        loop {
            if self.waiter.backend().takes_the_list() {
                // select and poll: the whole list, on every wait.
                let watched: Vec<(BorrowedFd<'_>, Interest)> =
                    self.entries.values().map(|e| (e.fd(), e.interest())).collect();
                self.waiter.wait(&watched, None, &mut ready)?;
            } else {
                self.waiter.wait(&[], None, &mut ready)?;
            }
            self.stats.waits += 1;
            for r in ready.drain(..) {
                match self.entries.get(&r.fd) {
                    // Edge-triggered epoll also reports it writable: only a
                    // byte to read means stop.
                    Some(Entry::Stop(_)) if r.read => return Ok(()),
                    Some(Entry::Stop(_)) => {}
                    Some(Entry::Listener(_)) => self.accept(r.fd),
                    Some(Entry::Conn(_)) => self.service(r),
                    // Closed earlier in this batch.
                    None => {}
                }
            }
            *shared.lock() = self.stats;
        }
    }
    // ANCHOR_END: run

    /// Accepts until the listener has no one left waiting: with an
    /// edge-triggered waiter, one accept per report would leave the rest.
    fn accept(&mut self, fd: RawFd) {
        loop {
            let accepted = match self.entries.get(&fd) {
                Some(Entry::Listener(l)) => l.accept(),
                _ => return,
            };
            match accepted {
                Ok((sock, _)) => self.admit(sock),
                Err(e) if e.kind() == ErrorKind::Interrupted || e.kind() == ErrorKind::ConnectionAborted => {}
                // WouldBlock: no one left. Anything else (out of
                // descriptors, say): try again on the next report.
                Err(_) => return,
            }
        }
    }

    fn admit(&mut self, sock: TcpStream) {
        self.stats.accepted += 1;
        if self.conns >= self.options.max_connections {
            self.stats.busy += 1;
            turn_away(&sock, "busy\n");
            return;
        }
        let sock = match self.options.first_fd {
            Some(floor) => match raise_fd(sock, floor) {
                Ok(raised) => raised,
                Err(_) => {
                    self.stats.refused += 1;
                    return;
                }
            },
            None => sock,
        };
        if sock.set_nonblocking(true).is_err() {
            self.stats.refused += 1;
            return;
        }
        let _ = sock.set_nodelay(true);
        let conn = Conn { sock, owed: Owed::new() };
        match self.watch(Entry::Conn(conn)) {
            Ok(()) => self.conns += 1,
            Err((entry, e)) => {
                self.stats.refused += 1;
                if let Entry::Conn(conn) = entry {
                    turn_away(&conn.sock, &format!("error: {e}\n"));
                }
            }
        }
    }

    fn service(&mut self, ready: Ready) {
        let Some(Entry::Conn(conn)) = self.entries.get_mut(&ready.fd) else { return };
        let served =
            conn.owed.serve(&mut conn.sock, ready.read, &self.options, &mut self.buf, &mut self.stats);
        let keep = match served {
            Ok(true) => match conn.owed.rewatch(self.options.max_queued) {
                Some(want) => self.waiter.modify(conn.sock.as_fd(), want).is_ok(),
                None => true,
            },
            // Done, or the client vanished (reset, broken pipe): both are
            // normal for a server.
            Ok(false) | Err(_) => false,
        };
        if !keep {
            self.close(ready.fd);
        }
    }

    fn close(&mut self, fd: RawFd) {
        if let Some(entry) = self.entries.remove(&fd) {
            let _ = self.waiter.remove(entry.fd());
            self.conns -= 1;
            self.stats.closed += 1;
        }
    }
}

/// Tells a client why it is being closed, if its socket has room; never
/// waits.
fn turn_away(mut sock: &TcpStream, why: &str) {
    let _ = sock.set_nonblocking(true);
    let _ = sock.write(why.as_bytes());
}
