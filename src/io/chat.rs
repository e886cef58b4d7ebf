//! Lesson 13's parts. The server (H1): every line a client sends goes to
//! every other client, with notices when someone joins or leaves. One
//! thread, one level-triggered epoll, a bounded queue of bytes owed to
//! each client and write readiness, so a client that never reads cannot
//! stall the rest: when its queue would overflow it is dropped.
//! [`Delivery::Blocking`] is the wrong version: `write_all` to each client
//! in turn, which waits on the slowest. The client (H2): one `poll` over
//! the keyboard and the socket.

use std::collections::{HashMap, VecDeque};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use parking_lot::Mutex;

use super::echo::write_queued;
use super::server::Server;
use super::{Backend, Interest, Waiter};

/// How the server hands a line to the other clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Into each client's queue, written when its socket has room; a
    /// client whose queue would overflow is dropped.
    Queued,
    /// `write_all` to each client in turn, blocking, giving up on a client
    /// after this long: a client that does not read holds up everyone.
    /// (Python's `sendall` has no such limit: it would wait for ever.)
    Blocking(Duration),
}

/// The server's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest line, newline included; a longer one closes its sender.
    pub max_line: usize,
    /// Clients at once; one more is told `busy` and closed.
    pub max_clients: usize,
    /// Bytes the server may owe one client; past it the client is dropped.
    pub max_queued: usize,
}

impl Default for Limits {
    /// Lines of 1 KiB, 256 clients, 256 KiB owed to each at most.
    fn default() -> Self {
        Limits { max_line: 1024, max_clients: 256, max_queued: 256 * 1024 }
    }
}

/// What the server has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChatStats {
    /// Clients that joined.
    pub joined: usize,
    /// Turned away at the cap, with `busy`.
    pub busy: usize,
    /// Left: closed their end, or vanished.
    pub left: usize,
    /// Dropped because they did not read: their queue would have
    /// overflowed (or, blocking, a write to them timed out).
    pub dropped: usize,
    /// Closed for a line over the cap.
    pub too_long: usize,
    /// Lines received and passed on.
    pub lines: u64,
    /// Bytes written to clients.
    pub bytes_out: u64,
}

impl ChatStats {
    /// Clients connected now.
    pub fn online(&self) -> usize {
        self.joined - self.left - self.dropped - self.too_long
    }
}

/// The chat server, on a thread of its own. Dropping it stops it.
pub type ChatServer = Server<ChatStats>;

impl ChatServer {
    /// Binds a free port on 127.0.0.1 and serves it on a new thread.
    ///
    /// # Errors
    ///
    /// Binding or creating the epoll failed.
    pub fn start(limits: Limits, delivery: Delivery) -> io::Result<ChatServer> {
        ChatServer::start_on(0, limits, delivery)
    }

    /// Binds `port` on 127.0.0.1 (0: any free one) and serves it on a new
    /// thread.
    ///
    /// # Errors
    ///
    /// Binding (the port is taken, say) or creating the epoll failed.
    pub fn start_on(port: u16, limits: Limits, delivery: Delivery) -> io::Result<ChatServer> {
        let waiter = Waiter::new(Backend::Epoll)?;
        Server::spawn(
            "chat",
            &[port],
            Box::new(move |listeners, stop, stats| {
                Room::new(limits, delivery, waiter).run(listeners, stop, stats)
            }),
        )
    }
}

/// A line of more than the cap's bytes (newline included), or the start
/// of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong;

// ANCHOR: frame
/// Adds `bytes`, just read from a client, to `partial` (what it sent
/// after its last newline) and moves every whole line out into `lines`,
/// newline included. A line of more than `max_line` bytes, or a `partial`
/// that can only end as one, is `TooLong`; the lines before it are in
/// `lines`.
///
/// # Errors
///
/// [`TooLong`], and the client should be closed.
pub fn frame(
    partial: &mut Vec<u8>,
    bytes: &[u8],
    max_line: usize,
    lines: &mut Vec<Vec<u8>>,
) -> Result<(), TooLong> {
    let mut start = 0;
    for end in bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i + 1) {
        if partial.len() + end - start > max_line {
            return Err(TooLong);
        }
        let mut line = std::mem::take(partial);
        line.extend_from_slice(&bytes[start..end]);
        lines.push(line);
        start = end;
    }
    partial.extend_from_slice(&bytes[start..]);
    // `max_line` bytes and no newline yet: with it, one too many.
    if partial.len() >= max_line { Err(TooLong) } else { Ok(()) }
}
// ANCHOR_END: frame

/// Why a client goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gone {
    Left,
    Dropped,
    TooLong,
}

struct Client {
    sock: TcpStream,
    name: String,
    /// What it sent after its last newline.
    partial: Vec<u8>,
    /// What the server owes it.
    owed: VecDeque<u8>,
    interest: Interest,
    gone: Option<Gone>,
}

impl Client {
    /// Marks the client as going, for the sweep (the first reason
    /// stands), and lists it in `leaving` the first time.
    fn go(&mut self, why: Gone, fd: RawFd, leaving: &mut Vec<RawFd>) {
        if self.gone.is_none() {
            self.gone = Some(why);
            leaving.push(fd);
        }
    }

    /// Writes what it is owed, as much as its socket takes, then has the
    /// waiter watch it for room to write exactly while something is
    /// still owed (lesson 12's `outputs` list). Returns the bytes
    /// written.
    fn flush(&mut self, waiter: &mut Waiter) -> io::Result<usize> {
        let written = write_queued(&mut self.sock, &mut self.owed)?;
        let want = Interest { read: true, write: !self.owed.is_empty() };
        if want != self.interest {
            self.interest = want;
            waiter.modify(self.sock.as_fd(), want)?;
        }
        Ok(written)
    }
}

/// The loop's state: its clients, by descriptor.
struct Room {
    limits: Limits,
    delivery: Delivery,
    waiter: Waiter,
    clients: HashMap<RawFd, Client>,
    /// Clients owed bytes since the last flush.
    unflushed: Vec<RawFd>,
    /// Clients marked as going since the last sweep.
    leaving: Vec<RawFd>,
    next_id: usize,
    stats: ChatStats,
}

impl Room {
    fn new(limits: Limits, delivery: Delivery, waiter: Waiter) -> Self {
        Room {
            limits,
            delivery,
            waiter,
            clients: HashMap::new(),
            unflushed: Vec::new(),
            leaving: Vec::new(),
            next_id: 1,
            stats: ChatStats::default(),
        }
    }

    // ANCHOR: run
    fn run(
        mut self,
        listeners: Vec<TcpListener>,
        stop: UnixStream,
        shared: &Mutex<ChatStats>,
    ) -> io::Result<()> {
        let listener = listeners.into_iter().next().ok_or_else(|| io::Error::other("no listener"))?;
        self.waiter.add(stop.as_fd(), Interest::READ)?;
        self.waiter.add(listener.as_fd(), Interest::READ)?;
        let mut ready = Vec::new();
        loop {
            self.waiter.wait(&[], None, &mut ready)?;
            for r in ready.drain(..) {
                if r.fd == stop.as_raw_fd() {
                    return Ok(());
                } else if r.fd == listener.as_raw_fd() {
                    self.accept(&listener);
                } else {
                    self.serve(r.fd, r.read, r.write);
                }
            }
            // Everything this batch owes, written at once: one write per
            // client, however many lines it is owed.
            self.flush();
            self.sweep();
            *shared.lock() = self.stats;
        }
    }
    // ANCHOR_END: run

    fn accept(&mut self, listener: &TcpListener) {
        loop {
            let sock = match listener.accept() {
                Ok((sock, _)) => sock,
                Err(e) if e.kind() == ErrorKind::Interrupted || e.kind() == ErrorKind::ConnectionAborted => {
                    continue;
                }
                // WouldBlock: no one left; anything else: next time.
                Err(_) => return,
            };
            if self.clients.len() >= self.limits.max_clients {
                self.stats.busy += 1;
                let _ = sock.set_nonblocking(true);
                let _ = (&sock).write(b"busy\n");
                continue;
            }
            if sock.set_nonblocking(true).is_err() || self.waiter.add(sock.as_fd(), Interest::READ).is_err() {
                continue;
            }
            let _ = sock.set_nodelay(true);
            let name = format!("guest{}", self.next_id);
            self.next_id += 1;
            self.stats.joined += 1;
            let fd = sock.as_raw_fd();
            let client = Client {
                sock,
                name: name.clone(),
                partial: Vec::new(),
                owed: VecDeque::new(),
                interest: Interest::READ,
                gone: None,
            };
            self.clients.insert(fd, client);
            self.send(fd, format!("* you are {name}\n").as_bytes());
            self.broadcast(fd, format!("* {name} joined\n").as_bytes());
        }
    }

    /// Reads what `fd` sent, passes its whole lines on, and writes what it
    /// is owed if its socket has room.
    fn serve(&mut self, fd: RawFd, readable: bool, writable: bool) {
        let mut lines = Vec::new();
        let Some(client) = self.clients.get_mut(&fd) else { return };
        if client.gone.is_some() {
            return;
        }
        if readable && let Some(why) = read_lines(client, self.limits.max_line, &mut lines) {
            client.go(why, fd, &mut self.leaving);
        }
        if writable && client.gone.is_none() {
            match client.flush(&mut self.waiter) {
                Ok(n) => self.stats.bytes_out += n as u64,
                Err(_) => client.go(Gone::Left, fd, &mut self.leaving),
            }
        }
        if lines.is_empty() {
            return;
        }
        let name = client.name.clone();
        for line in lines {
            self.stats.lines += 1;
            let mut said = Vec::with_capacity(name.len() + 2 + line.len());
            said.extend_from_slice(name.as_bytes());
            said.extend_from_slice(b": ");
            said.extend_from_slice(&line);
            self.broadcast(fd, &said);
        }
    }

    /// Owes `bytes` to every client but `from`.
    fn broadcast(&mut self, from: RawFd, bytes: &[u8]) {
        let others: Vec<RawFd> = self.clients.keys().copied().filter(|&fd| fd != from).collect();
        for fd in others {
            self.send(fd, bytes);
        }
    }

    // ANCHOR: send
    /// Owes `bytes` to one client: queued, dropping the client if its
    /// queue would overflow; or, the wrong way, written there and then.
    fn send(&mut self, fd: RawFd, bytes: &[u8]) {
        let Some(client) = self.clients.get_mut(&fd) else { return };
        if client.gone.is_some() {
            return;
        }
        match self.delivery {
            Delivery::Queued => {
                if client.owed.len() + bytes.len() > self.limits.max_queued {
                    client.go(Gone::Dropped, fd, &mut self.leaving);
                    return;
                }
                if client.owed.is_empty() {
                    self.unflushed.push(fd);
                }
                client.owed.extend(bytes);
            }
            Delivery::Blocking(patience) => {
                // Everyone else waits while this one client is written to.
                let sock = &mut client.sock;
                let sent = sock
                    .set_nonblocking(false)
                    .and_then(|()| sock.set_write_timeout(Some(patience)))
                    .and_then(|()| sock.write_all(bytes))
                    .and_then(|()| sock.set_nonblocking(true));
                match sent {
                    Ok(()) => self.stats.bytes_out += bytes.len() as u64,
                    Err(_) => client.go(Gone::Dropped, fd, &mut self.leaving),
                }
            }
        }
    }
    // ANCHOR_END: send

    /// Writes what each client was owed this batch, as much as its socket
    /// takes; the rest waits for the socket to say it has room.
    fn flush(&mut self) {
        for fd in std::mem::take(&mut self.unflushed) {
            let Some(client) = self.clients.get_mut(&fd) else { continue };
            if client.gone.is_some() {
                continue;
            }
            match client.flush(&mut self.waiter) {
                Ok(n) => self.stats.bytes_out += n as u64,
                Err(_) => client.go(Gone::Left, fd, &mut self.leaving),
            }
        }
    }

    /// Removes the clients that went and tells the rest, which may drop
    /// more.
    fn sweep(&mut self) {
        while !self.leaving.is_empty() {
            for fd in std::mem::take(&mut self.leaving) {
                let Some(client) = self.clients.remove(&fd) else { continue };
                let Some(why) = client.gone else { continue };
                let _ = self.waiter.remove(client.sock.as_fd());
                let (count, notice) = match why {
                    Gone::Left => (&mut self.stats.left, "left"),
                    Gone::Dropped => (&mut self.stats.dropped, "was dropped: too slow"),
                    Gone::TooLong => (&mut self.stats.too_long, "was dropped: line too long"),
                };
                *count += 1;
                self.broadcast(fd, format!("* {} {notice}\n", client.name).as_bytes());
            }
            self.flush();
        }
    }
}

/// How many reads of 4 KiB one client gets per wait.
const READS_PER_TURN: usize = 16;

/// Reads until `WouldBlock`, or until this client has had its turn, and
/// frames what came; says why the client goes, if it does. The turn is
/// what keeps one client that sends without pause from starving the
/// rest: level-triggered epoll reports the bytes left on the next wait.
fn read_lines(client: &mut Client, max_line: usize, lines: &mut Vec<Vec<u8>>) -> Option<Gone> {
    let mut buf = [0u8; 4096];
    for _ in 0..READS_PER_TURN {
        match client.sock.read(&mut buf) {
            Ok(0) => return Some(Gone::Left),
            Ok(n) => {
                if frame(&mut client.partial, &buf[..n], max_line, lines) == Err(TooLong) {
                    // Best effort: it is being closed anyway.
                    let _ =
                        client.sock.write(format!("error: line longer than {max_line} bytes\n").as_bytes());
                    return Some(Gone::TooLong);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => return None,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Some(Gone::Left),
        }
    }
    None
}

/// How a client's session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The input ended first; the client said so (shut its side) and the
    /// server then closed.
    InputClosed,
    /// The server closed the connection while the input was still open.
    ServerClosed,
}

// ANCHOR: talk
/// The chat client (H2): one `poll` over the keyboard (`input`) and the
/// server (`sock`). What the user types goes to the server as it comes;
/// what the server says goes to `output`. Neither waits for the other:
/// whichever is ready is served. At the end of the input it shuts its
/// sending side and reads on until the server closes.
///
/// # Errors
///
/// A read, write or poll failed.
pub fn talk(sock: &TcpStream, input: &mut (impl Read + AsFd), output: &mut impl Write) -> io::Result<Ended> {
    // poll, not epoll: epoll refuses regular files, and stdin may be one.
    let mut waiter = Waiter::new(Backend::Poll)?;
    let (mut ready, mut buf) = (Vec::new(), [0u8; 4096]);
    let mut input_open = true;
    loop {
        let mut watched: Vec<(BorrowedFd<'_>, Interest)> = vec![(sock.as_fd(), Interest::READ)];
        if input_open {
            watched.push((input.as_fd(), Interest::READ));
        }
        waiter.wait(&watched, None, &mut ready)?;
        let (from_server, from_input) = ready.drain(..).fold((false, false), |(s, i), r| {
            (s || r.fd == sock.as_raw_fd(), i || r.fd == input.as_fd().as_raw_fd())
        });
        if from_server {
            match (&*sock).read(&mut buf) {
                Ok(0) => return Ok(if input_open { Ended::ServerClosed } else { Ended::InputClosed }),
                Ok(n) => {
                    output.write_all(&buf[..n])?;
                    output.flush()?;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if from_input && input_open {
            match input.read(&mut buf) {
                Ok(0) => {
                    input_open = false;
                    sock.shutdown(Shutdown::Write)?;
                }
                Ok(n) => (&*sock).write_all(&buf[..n])?,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}
// ANCHOR_END: talk

#[cfg(test)]
mod tests {
    use super::{TooLong, frame};

    fn framed(chunks: &[&[u8]], max: usize) -> (Vec<Vec<u8>>, Vec<u8>, Result<(), TooLong>) {
        let (mut partial, mut lines) = (Vec::new(), Vec::new());
        for chunk in chunks {
            let got = frame(&mut partial, chunk, max, &mut lines);
            if got.is_err() {
                return (lines, partial, got);
            }
        }
        (lines, partial, Ok(()))
    }

    #[test]
    fn frame_joins_pieces_and_splits_runs_of_lines() {
        let (lines, partial, got) = framed(&[b"he", b"llo\nwor", b"ld\n\nab"], 10);
        assert_eq!(got, Ok(()));
        assert_eq!(lines, [&b"hello\n"[..], b"world\n", b"\n"]);
        assert_eq!(partial, b"ab");
    }

    #[test]
    fn frame_takes_a_line_at_the_cap_and_refuses_one_past_it() {
        assert_eq!(framed(&[b"abcd\n"], 5).2, Ok(()));
        let (lines, _, got) = framed(&[b"ok\nabcde\n"], 5);
        assert_eq!((lines, got), (vec![b"ok\n".to_vec()], Err(TooLong)));
        assert_eq!(framed(&[b"abcd"], 5).2, Ok(()));
        assert_eq!(framed(&[b"abc", b"de"], 5).2, Err(TooLong));
    }
}
