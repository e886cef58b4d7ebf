//! Lesson 13: a chat server that no client can stall (H1), and a client
//! that waits on the keyboard and the socket at once (H2). The server and
//! client are in [`crate::io::chat`]; this module drives them:
//! [`conversation`] (three clients, a scripted chat), [`crowd`] (many
//! clients, every line to every other one, once and in order), and the
//! race, [`latency`]: with blocking delivery, one client that never reads
//! holds up everyone; with queues, it is dropped and no one notices.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::unix::net::UnixStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::io::chat::{ChatServer, ChatStats, Delivery, Ended, Limits, talk};
use crate::lessons::r#async::read_reply;

/// A connected client, reading line by line.
struct Peer {
    sock: TcpStream,
    lines: BufReader<TcpStream>,
    name: String,
}

impl Peer {
    /// Connects and reads the welcome, `* you are guestN`: after it the
    /// server counts this client in.
    fn join(addr: SocketAddr, limit: Duration) -> io::Result<Peer> {
        let sock = TcpStream::connect(addr)?;
        sock.set_read_timeout(Some(limit))?;
        // Each line at once: without this, Nagle's algorithm holds a line
        // back until the server acknowledges the last, which a server
        // with nothing to say back delays by up to 40 ms.
        sock.set_nodelay(true)?;
        let mut lines = BufReader::new(sock.try_clone()?);
        let hello = read_line(&mut lines)?;
        let name = hello
            .strip_prefix("* you are ")
            .ok_or_else(|| io::Error::other(format!("expected a welcome, got {hello:?}")))?
            .to_owned();
        Ok(Peer { sock, lines, name })
    }

    fn say(&mut self, text: &str) -> io::Result<()> {
        self.sock.write_all(format!("{text}\n").as_bytes())
    }
}

/// One line's bytes without its newline; an error at the end of the
/// stream (or at the socket's read timeout).
fn read_bytes(from: &mut dyn BufRead) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    if from.read_until(b'\n', &mut line)? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(line)
}

/// One line as text (bytes that are not UTF-8 shown as U+FFFD).
fn read_line(from: &mut dyn BufRead) -> io::Result<String> {
    Ok(String::from_utf8_lossy(&read_bytes(from)?).into_owned())
}

/// Reads `n` lines from `from` into `seen`, as `who`'s.
fn see(seen: &mut Transcript, who: &str, from: &mut dyn BufRead, n: usize) -> io::Result<()> {
    for _ in 0..n {
        seen.push((who.to_owned(), read_line(from)?));
    }
    Ok(())
}

/// What one client saw, in the order the script read it.
pub type Transcript = Vec<(String, String)>;

// ANCHOR: conversation
/// Three clients chat. The first is [`talk`], the H2 client, with a
/// scripted keyboard; the others are bare sockets. Each step waits for what
/// it caused to reach everyone, so the transcript is the same on every run:
/// `(who, line)` pairs, `who` being `guest1`… as the server named them.
///
/// # Errors
///
/// A connection failed, or a line did not come within `limit`.
pub fn conversation(limit: Duration) -> io::Result<Transcript> {
    let server = ChatServer::start(Limits::default(), Delivery::Queued)?;
    let sock = TcpStream::connect(server.addr())?;
    let (mut keys, keyboard) = UnixStream::pair()?;
    let (screen, mut display) = UnixStream::pair()?;
    screen.set_read_timeout(Some(limit))?;
    let client = std::thread::spawn(move || {
        let mut keyboard = keyboard;
        talk(&sock, &mut keyboard, &mut display)
    });
    let (mut screen, mut seen) = (BufReader::new(screen), Transcript::new());
    let s = &mut seen;
    see(s, "guest1", &mut screen, 1)?;
    let mut b = Peer::join(server.addr(), limit)?;
    s.push((b.name.clone(), format!("* you are {}", b.name)));
    see(s, "guest1", &mut screen, 1)?;
    let mut c = Peer::join(server.addr(), limit)?;
    s.push((c.name.clone(), format!("* you are {}", c.name)));
    see(s, "guest1", &mut screen, 1)?;
    see(s, &b.name, &mut b.lines, 1)?;
    keys.write_all(b"hello, both of you\n")?;
    see(s, &b.name, &mut b.lines, 1)?;
    see(s, &c.name, &mut c.lines, 1)?;
    b.say("hi guest1")?;
    see(s, "guest1", &mut screen, 1)?;
    see(s, &c.name, &mut c.lines, 1)?;
    drop(c);
    see(s, "guest1", &mut screen, 1)?;
    see(s, &b.name, &mut b.lines, 1)?;
    // The end of guest1's input: it shuts its side, the server says it
    // left and closes the connection, and `talk` returns.
    drop(keys);
    see(s, &b.name, &mut b.lines, 1)?;
    let ended = client.join().map_err(|_| io::Error::other("the client panicked"))??;
    s.push(("guest1".to_owned(), format!("(talk returned {ended:?})")));
    Ok(seen)
}
// ANCHOR_END: conversation

/// What [`crowd`] found.
#[derive(Clone, Debug)]
pub struct Crowd {
    /// Clients.
    pub clients: usize,
    /// Lines each sent.
    pub messages: usize,
    /// Lines each client should get: every line of every other client.
    pub expected: usize,
    /// Lines the clients got, all together.
    pub delivered: usize,
    /// Lines that came out of their sender's order, twice, or not at all.
    pub misdelivered: usize,
    /// From the first line sent to the last one read.
    pub took: Duration,
    /// The server's counters at the end.
    pub stats: ChatStats,
}

impl Crowd {
    /// Every client got every other client's every line, once, in order.
    pub fn exact(&self) -> bool {
        self.misdelivered == 0 && self.delivered == self.clients * self.expected
    }
}

/// One client of the crowd: sends its lines, then reads until it has
/// `expected` lines from the others (notices aside), checking each
/// sender's lines come `0, 1, 2, …`. Returns how many it got, how many of
/// those were out of order, and its socket (closed only when everyone is
/// done: a client that left early would send notices mid-count).
fn member(mut peer: Peer, messages: usize, expected: usize) -> io::Result<(usize, usize, Peer)> {
    for i in 0..messages {
        peer.say(&format!("{i}"))?;
    }
    let (mut got, mut wrong) = (0, 0);
    let mut next: HashMap<String, usize> = HashMap::new();
    while got < expected {
        let line = read_line(&mut peer.lines)?;
        if line.starts_with("* ") {
            continue;
        }
        let (from, i) =
            line.split_once(": ").ok_or_else(|| io::Error::other(format!("odd line {line:?}")))?;
        let want = next.entry(from.to_owned()).or_insert(0);
        if i.parse() != Ok(*want) || from == peer.name {
            wrong += 1;
        }
        *want += 1;
        got += 1;
    }
    // Missing lines would have shown as a wrong number, or a timeout.
    wrong += next.values().filter(|&&n| n != messages).count();
    Ok((got, wrong, peer))
}

// ANCHOR: crowd
/// `clients` clients join a fresh server (each reads its welcome before
/// the next connects, so all are in before anyone speaks); then each, on
/// its own thread, sends `messages` lines and reads everyone else's.
///
/// # Errors
///
/// A connection failed, or a client waited more than `limit` for a line.
pub fn crowd(clients: usize, messages: usize, limit: Duration) -> io::Result<Crowd> {
    let limits = Limits { max_clients: clients.max(1), max_queued: 16 << 20, ..Limits::default() };
    let server = ChatServer::start(limits, Delivery::Queued)?;
    let peers = (0..clients).map(|_| Peer::join(server.addr(), limit)).collect::<io::Result<Vec<_>>>()?;
    let expected = clients.saturating_sub(1) * messages;
    let started = Instant::now();
    let threads: Vec<_> =
        peers.into_iter().map(|p| std::thread::spawn(move || member(p, messages, expected))).collect();
    let (mut delivered, mut misdelivered, mut done) = (0, 0, Vec::new());
    for t in threads {
        let (got, wrong, peer) = t.join().map_err(|_| io::Error::other("a client panicked"))??;
        delivered += got;
        misdelivered += wrong;
        done.push(peer);
    }
    let took = started.elapsed();
    let stats = server.stop()?;
    drop(done);
    Ok(Crowd { clients, messages, expected, delivered, misdelivered, took, stats })
}
// ANCHOR_END: crowd

/// What [`latency`] measured: how long each line took to reach every
/// healthy client while one client never read.
#[derive(Clone, Debug)]
pub struct Latency {
    /// Lines sent.
    pub lines: usize,
    /// The slowest line, to the slowest listener.
    pub worst: Duration,
    /// The median line.
    pub median: Duration,
    /// After how many lines the server dropped the client that never
    /// reads.
    pub dropped_after: Option<usize>,
    /// Every listener got every line, in order.
    pub delivered: bool,
}

/// Lines sent after the deaf client is dropped, to see service go on.
const AFTER_DROP: usize = 50;

// ANCHOR: latency
/// One client never reads; one talks, a line of `line_len` bytes at a time,
/// waiting for each to reach `listeners` healthy clients before the next;
/// until the server drops the deaf client (and a few lines more). Under
/// [`Delivery::Blocking`] the server writes to the deaf client and waits,
/// and every line sent meanwhile waits too.
///
/// # Errors
///
/// A connection failed, or a line did not reach everyone within `limit`.
pub fn latency(
    delivery: Delivery,
    listeners: usize,
    line_len: usize,
    limit: Duration,
) -> io::Result<Latency> {
    let limits = Limits { max_queued: 64 * 1024, ..Limits::default() };
    let line_len = line_len.clamp(1, limits.max_line - 12);
    let server = ChatServer::start(limits, delivery)?;
    let _deaf = Peer::join(server.addr(), limit)?;
    let mut talker = Peer::join(server.addr(), limit)?;
    let (tx, rx) = mpsc::channel();
    let mut ears = Vec::new();
    for l in 0..listeners {
        let mut peer = Peer::join(server.addr(), limit)?;
        ears.push(peer.sock.try_clone()?);
        let (tx, prefix) = (tx.clone(), format!("{}: ", talker.name));
        std::thread::spawn(move || {
            while let Ok(line) = read_line(&mut peer.lines) {
                if let Some(i) = line.strip_prefix(&prefix).and_then(|rest| rest.split(' ').next()) {
                    let _ = tx.send((l, i.parse::<usize>().ok(), Instant::now()));
                }
            }
        });
    }
    let padding = "x".repeat(line_len);
    // Enough to fill any loopback socket's buffers many times over.
    let most = (64 << 20) / line_len;
    let (mut took, mut dropped_after, mut delivered) = (Vec::new(), None, true);
    for i in 0..most {
        let sent = Instant::now();
        talker.say(&format!("{i} {padding}"))?;
        let mut slowest = Duration::ZERO;
        for _ in 0..listeners {
            let (_, got, at) =
                rx.recv_timeout(limit).map_err(|_| io::Error::other(format!("line {i} was lost")))?;
            delivered &= got == Some(i);
            slowest = slowest.max(at - sent);
        }
        took.push(slowest);
        if dropped_after.is_none() && server.stats().dropped > 0 {
            dropped_after = Some(i + 1);
        }
        if dropped_after.is_some_and(|d| i + 1 >= d + AFTER_DROP) {
            break;
        }
    }
    for ear in ears {
        let _ = ear.shutdown(Shutdown::Both);
    }
    let lines = took.len();
    let worst = took.iter().copied().max().unwrap_or_default();
    took.sort();
    Ok(Latency { lines, worst, median: took[lines / 2], dropped_after, delivered })
}
// ANCHOR_END: latency

/// What the server tells the clients a bad client leaves behind, and
/// whether the good ones went on meanwhile.
#[derive(Clone, Debug)]
pub struct BadClients {
    /// What a healthy client read while the bad ones came and went,
    /// notices and lines, in order.
    pub heard: Vec<String>,
    /// What the client with a line over the cap read back.
    pub too_long_reply: String,
    /// What the client past the connection cap read back.
    pub busy_reply: String,
    /// The bytes that are not text reached the other clients as sent.
    pub garbage_intact: bool,
    /// The server's counters at the end.
    pub stats: ChatStats,
}

// ANCHOR: bad_clients
/// Two healthy clients and, one after another: a client that sends bytes
/// that are not text, one that vanishes halfway through a line, one that
/// sends a line over the cap, and one past the connection cap. The server
/// takes `max_clients` (at least 3: the two, and the bad client of the
/// moment).
///
/// # Errors
///
/// A connection failed, or a line did not come within `limit`.
pub fn bad_clients(max_clients: usize, limit: Duration) -> io::Result<BadClients> {
    let limits = Limits { max_clients: max_clients.max(3), ..Limits::default() };
    let server = ChatServer::start(limits, Delivery::Queued)?;
    let mut a = Peer::join(server.addr(), limit)?;
    let mut b = Peer::join(server.addr(), limit)?;
    let mut heard = Vec::new();
    let hear = |heard: &mut Vec<String>, b: &mut Peer| -> io::Result<()> {
        heard.push(read_line(&mut b.lines)?);
        Ok(())
    };
    // Bytes that are not text (a NUL, 0xFF, a lone CR, an escape that
    // would clear a terminal): passed on as they are.
    let mut garbage = Peer::join(server.addr(), limit)?;
    hear(&mut heard, &mut b)?;
    let junk = b"\x00\xff\r\x1b[2J";
    garbage.sock.write_all(&[&junk[..], b"\n"].concat())?;
    let raw = read_bytes(&mut b.lines)?;
    let garbage_intact = raw == [format!("{}: ", garbage.name).as_bytes(), junk].concat();
    heard.push(String::from_utf8_lossy(&raw).escape_debug().to_string());
    drop(garbage);
    hear(&mut heard, &mut b)?;
    // Half a line, then gone without a word.
    let vanished = Peer::join(server.addr(), limit)?;
    hear(&mut heard, &mut b)?;
    (&vanished.sock).write_all(b"half a li")?;
    drop(vanished);
    hear(&mut heard, &mut b)?;
    // A line over the cap: told why, closed; the rest told it went.
    let long = Peer::join(server.addr(), limit)?;
    hear(&mut heard, &mut b)?;
    (&long.sock).write_all(&vec![b'z'; limits.max_line + 1])?;
    let too_long_reply = read_reply(&long.sock, limit);
    hear(&mut heard, &mut b)?;
    // Up to the cap (the two are all that is left), and one past it.
    let mut fill = Vec::new();
    for _ in 2..limits.max_clients {
        fill.push(Peer::join(server.addr(), limit)?);
        hear(&mut heard, &mut b)?;
    }
    let extra = TcpStream::connect(server.addr())?;
    let busy_reply = read_reply(&extra, limit);
    // And the healthy two still talk.
    a.say("still here?")?;
    hear(&mut heard, &mut b)?;
    let stats = server.stop()?;
    Ok(BadClients { heard, too_long_reply, busy_reply, garbage_intact, stats })
}
// ANCHOR_END: bad_clients

/// Runs [`talk`] on stdin and stdout against a server at `addr`: the
/// binary's `--connect`.
///
/// # Errors
///
/// Connecting, or the session, failed.
pub fn connect_stdio(addr: &str) -> io::Result<Ended> {
    let sock = TcpStream::connect(addr)?;
    talk(&sock, &mut io::stdin().lock(), &mut io::stdout().lock())
}
