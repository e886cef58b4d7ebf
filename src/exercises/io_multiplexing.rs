//! Checks for lesson 12's exercises. Each runs the answer against a
//! scripted socket that behaves like a real one: its script says when bytes
//! arrive (or room to write appears), signals, the peer's close and
//! resets; a read takes what has arrived up to its buffer and leaves the
//! rest, a write takes what fits. Every case is the same on every run;
//! `drain` also meets a real non-blocking socket.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `drain` ("reads everything `sock` has for now into `into`"; `Closed`
//! when a read returns 0, `Open` at `WouldBlock`; retries `Interrupted`;
//! returns any other error):
//! - bytes then nothing more for now; nothing at all; bytes, a signal,
//!   bytes and a close; a signal then a close; bytes then a reset; bytes
//!   arriving one at a time; 64 KiB with a signal before every arrival:
//!   whatever the answer's buffer size, every byte lands in `into`, in
//!   order, after what `into` already held;
//! - two calls, with more bytes and a close arriving after the first one's
//!   `WouldBlock`: the first returns at `WouldBlock` without reading what
//!   belongs to the next report;
//! - a real non-blocking socket holding 16 KiB: one call takes it all.
//!
//! `flush` ("writes the queued bytes from the front until the queue is
//! empty or the socket is full, and removes exactly what was written";
//! returns whether writes are still wanted; a write of 0 bytes is
//! `WriteZero`; `Interrupted` is retried):
//! - a queue whose storage wraps around (`as_slices` gives two pieces),
//!   against room for everything, room for part, room in pieces with a
//!   signal, room 1 byte at a time, a write that takes 0 bytes, a reset
//!   after 5 bytes, a signal first: the socket gets the front of the queue
//!   in order, the queue keeps exactly the rest (also after an error), and
//!   the result says whether anything is left;
//! - an empty queue: `Ok(false)`, without a write of nothing.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use crate::deadline;

/// What a drain found at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drained {
    /// The socket has nothing more for now; the peer is still there.
    Open,
    /// The peer closed its end: a read returned 0 bytes.
    Closed,
}

/// The learner's `drain`, on the check's sockets.
pub type Drain = fn(&mut dyn Read, &mut Vec<u8>) -> io::Result<Drained>;

/// The learner's `flush`, on the check's sockets.
pub type Flush = fn(&mut dyn Write, &mut VecDeque<u8>) -> io::Result<bool>;

/// How long a check may run: an answer that loops for ever fails.
const LIMIT: Duration = Duration::from_secs(5);

/// What happens on a scripted socket, in order. The script describes the
/// network, not the calls: bytes arrive and room to write appears, and the
/// answer reads and writes however it likes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Net {
    /// Reading: this many more bytes arrive. Writing: room for this many.
    Bytes(usize),
    /// Nothing more for now: a read or write that finds no bytes (or no
    /// room) says `WouldBlock`, and the next one goes on from here.
    Now,
    /// A signal: the next call fails with `Interrupted`.
    Signal,
    /// Reading: the peer closes (reads return 0 once the bytes are taken).
    /// Writing: a write that finds no room takes 0 bytes.
    Zero,
    /// The connection is reset: calls fail from here on.
    Reset,
}

/// A socket that follows a script of arrivals (and room), keeps what a
/// read did not take for the next read, takes part of a write when only
/// part fits, and records what it handed out and took.
struct Scripted {
    script: VecDeque<Net>,
    /// Bytes that have arrived and not been read; room left to write.
    ready: usize,
    /// The byte stream it hands out (reads): the next byte's value.
    next: u8,
    /// What it took (writes).
    taken: Vec<u8>,
    /// How many calls the answer made.
    calls: usize,
    /// Calls with an empty buffer.
    empty_calls: usize,
}

impl Scripted {
    fn new(script: &[Net]) -> Self {
        Scripted {
            script: script.iter().copied().collect(),
            ready: 0,
            next: 0,
            taken: Vec::new(),
            calls: 0,
            empty_calls: 0,
        }
    }

    /// How many bytes (or bytes of room) this call may have, or why none.
    fn step(&mut self, wanted: usize) -> io::Result<usize> {
        self.calls += 1;
        if wanted == 0 {
            self.empty_calls += 1;
        }
        loop {
            if self.script.front() == Some(&Net::Signal) {
                self.script.pop_front();
                return Err(ErrorKind::Interrupted.into());
            }
            if self.ready > 0 {
                let n = wanted.min(self.ready);
                self.ready -= n;
                return Ok(n);
            }
            match self.script.front().copied() {
                Some(Net::Bytes(n)) => {
                    self.script.pop_front();
                    self.ready += n;
                }
                None | Some(Net::Now) => {
                    self.script.pop_front();
                    return Err(ErrorKind::WouldBlock.into());
                }
                Some(Net::Zero) => return Ok(0),
                Some(Net::Reset) => return Err(ErrorKind::ConnectionReset.into()),
                Some(Net::Signal) => unreachable!("handled above"),
            }
        }
    }
}

impl Read for Scripted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step(buf.len())?;
        for b in &mut buf[..n] {
            *b = self.next;
            self.next = self.next.wrapping_add(1);
        }
        Ok(n)
    }
}

impl Write for Scripted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.step(buf.len())?;
        self.taken.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The bytes a scripted socket hands out, from the `from`-th, `n` of them.
fn stream(from: usize, n: usize) -> Vec<u8> {
    (from..from + n).map(|i| i as u8).collect()
}

/// `drain`: see the module's list.
///
/// # Errors
///
/// The case that came out wrong.
pub fn drain(drain: Drain) -> Result<(), String> {
    use Net::*;
    // (what, the script, what each call returns and how many bytes it adds)
    type Case = (&'static str, &'static [Net], &'static [(Result<Drained, ErrorKind>, usize)]);
    let cases: [Case; 8] = [
        ("2548 bytes, then nothing more for now", &[Bytes(2548), Now], &[(Ok(Drained::Open), 2548)]),
        ("nothing yet", &[Now], &[(Ok(Drained::Open), 0)]),
        (
            "700 bytes, a signal, 300 bytes, then the peer closes",
            &[Bytes(700), Signal, Bytes(300), Zero],
            &[(Ok(Drained::Closed), 1000)],
        ),
        ("a signal, then the peer closes at once", &[Signal, Zero], &[(Ok(Drained::Closed), 0)]),
        (
            "10 bytes, then the connection is reset",
            &[Bytes(10), Reset],
            &[(Err(ErrorKind::ConnectionReset), 10)],
        ),
        (
            "10 bytes, nothing more for now; later 5 more, then the peer closes (two calls)",
            &[Bytes(10), Now, Bytes(5), Zero],
            &[(Ok(Drained::Open), 10), (Ok(Drained::Closed), 5)],
        ),
        (
            "3000 bytes that come 1 at a time, then nothing more for now",
            &[Bytes(1), Bytes(1), Bytes(2998), Now],
            &[(Ok(Drained::Open), 3000)],
        ),
        (
            "a signal before every arrival, 64 KiB in all, then the peer closes",
            &[Signal, Bytes(30000), Signal, Bytes(30000), Signal, Bytes(5536), Signal, Zero],
            &[(Ok(Drained::Closed), 65536)],
        ),
    ];
    deadline::try_within(LIMIT, "drain", move || {
        for (what, script, calls) in cases {
            let mut sock = Scripted::new(script);
            let mut so_far = 0;
            for (call, &(want, bytes)) in calls.iter().enumerate() {
                // `into` already holds what an earlier report left there.
                let mut into = b"abc".to_vec();
                let result = drain(&mut sock, &mut into).map_err(|e| e.kind());
                let which = if calls.len() > 1 { format!(" (call {})", call + 1) } else { String::new() };
                if result != want {
                    return Err(format!("{what}{which}: drain returned {result:?}, expected {want:?}"));
                }
                let mut expected = b"abc".to_vec();
                expected.extend(stream(so_far, bytes));
                if want.is_ok() && into != expected {
                    return Err(format!(
                        "{what}{which}: `into` held b\"abc\" to start with and ended with {} bytes; \
                         expected b\"abc\" and then the {bytes} bytes read, in order ({}){}",
                        into.len(),
                        first_difference(&into, &expected),
                        if into.len() > expected.len() && call + 1 < calls.len() {
                            ". It read past WouldBlock: what comes after belongs to the next report"
                        } else {
                            ""
                        }
                    ));
                }
                so_far += bytes;
            }
        }
        let (mut near, mut far) = UnixStream::pair().map_err(|e| e.to_string())?;
        let message = stream(0, 16 * 1024);
        far.write_all(&message).map_err(|e| e.to_string())?;
        near.set_nonblocking(true).map_err(|e| e.to_string())?;
        let mut got = Vec::new();
        match drain(&mut near, &mut got) {
            Ok(Drained::Open) if got == message => Ok(()),
            other => Err(format!(
                "a real socket holding 16 KiB: drain returned {other:?} with {} bytes; one call should take all",
                got.len()
            )),
        }
    })?
    .map_err(|e| e + "\n(edge-triggered epoll says \"readable\" once: what is not read now waits for more bytes)")
}

/// Where `got` first differs from `want`, in words.
fn first_difference(got: &[u8], want: &[u8]) -> String {
    match got.iter().zip(want).position(|(a, b)| a != b) {
        Some(i) => format!("byte {i} is {:#04x}, expected {:#04x}", got[i], want[i]),
        None if got.len() < want.len() => format!("the last {} are missing", want.len() - got.len()),
        None => format!("{} bytes too many at the end", got.len() - want.len()),
    }
}

/// A queue of `stream(0, 3000)` whose storage wraps around: `as_slices()`
/// gives two pieces, so writing only the first slice leaves bytes behind.
fn wrapped_queue() -> VecDeque<u8> {
    let mut queue: VecDeque<u8> = VecDeque::with_capacity(4096);
    queue.extend(std::iter::repeat_n(0xee, 2500));
    // Pop the filler one byte at a time as the data goes in behind it: the
    // queue never empties, so its start stays where the filler began.
    for b in stream(0, 2500) {
        queue.push_back(b);
        queue.pop_front();
    }
    queue.extend(stream(2500, 500));
    queue
}

/// `flush`: see the module's list.
///
/// # Errors
///
/// The case that came out wrong.
pub fn flush(flush: Flush) -> Result<(), String> {
    use Net::*;
    // (what, the script, the queue's length, the result, bytes taken)
    type Case = (&'static str, &'static [Net], usize, Result<bool, ErrorKind>, usize);
    let cases: [Case; 8] = [
        ("room for everything", &[Bytes(4000)], 3000, Ok(false), 3000),
        ("room for 1000 bytes, then none for now", &[Bytes(1000), Now], 3000, Ok(true), 1000),
        (
            "room for 10, a signal, room for 20, then none",
            &[Bytes(10), Signal, Bytes(20), Now],
            3000,
            Ok(true),
            30,
        ),
        (
            "room for 1 byte at a time, 2999 times, then none",
            &[Bytes(1), Bytes(2998), Now],
            3000,
            Ok(true),
            2999,
        ),
        ("the socket takes 0 bytes", &[Zero], 3000, Err(ErrorKind::WriteZero), 0),
        ("room for 5, then the peer is gone", &[Bytes(5), Reset], 3000, Err(ErrorKind::ConnectionReset), 5),
        ("a signal, then room for everything", &[Signal, Bytes(3000)], 3000, Ok(false), 3000),
        ("an empty queue", &[Bytes(100)], 0, Ok(false), 0),
    ];
    deadline::try_within(LIMIT, "flush", move || {
        for (what, script, len, want, written) in cases {
            let mut queue = if len == 0 { VecDeque::new() } else { wrapped_queue() };
            if len > 0 && queue.as_slices().1.is_empty() {
                return Err("the check's own queue does not wrap around: the check needs fixing".to_owned());
            }
            let mut sock = Scripted::new(script);
            let result = flush(&mut sock, &mut queue).map_err(|e| e.kind());
            if result != want {
                return Err(format!(
                    "{what} ({len} bytes queued): flush returned {result:?}, expected {want:?}"
                ));
            }
            if sock.taken != stream(0, written) {
                return Err(format!(
                    "{what} ({len} bytes queued): the socket took {} bytes; expected the first \
                     {written} bytes of the queue, in order ({})",
                    sock.taken.len(),
                    first_difference(&sock.taken, &stream(0, written))
                ));
            }
            if queue.iter().copied().ne(stream(written, len - written)) {
                return Err(format!(
                    "{what} ({len} bytes queued): {} bytes left in the queue, expected the last {}: \
                     remove what was written, and only that",
                    queue.len(),
                    len - written
                ));
            }
            if sock.empty_calls > 0 {
                return Err(format!(
                    "{what} ({len} bytes queued): flush called write with nothing to write (a \
                     socket answers that with 0 bytes taken)"
                ));
            }
        }
        Ok(())
    })?
    .map_err(|e| {
        e + "\n(write what the socket takes, keep the rest, and say whether writes are still wanted)"
    })
}
