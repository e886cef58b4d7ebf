//! Checks for lesson 12's exercises. Each runs the answer against a
//! scripted socket, which hands out bytes, `WouldBlock`, `Interrupted`, an
//! end or an error in a set order, so every case is the same on every run;
//! `drain` also meets a real non-blocking socket.

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

/// One thing the scripted socket does on one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Read: hand out up to this many bytes. Write: take up to this many.
    Bytes(usize),
    WouldBlock,
    Interrupted,
    /// Read: 0 bytes, the peer closed. Write: 0 bytes taken.
    Zero,
    Reset,
}

/// A socket that follows a script, and records what it was given.
struct Scripted {
    steps: VecDeque<Step>,
    /// The byte stream it hands out (reads).
    next: u8,
    /// What it took (writes).
    taken: Vec<u8>,
    calls: usize,
}

impl Scripted {
    fn new(steps: &[Step]) -> Self {
        Scripted { steps: steps.iter().copied().collect(), next: 0, taken: Vec::new(), calls: 0 }
    }

    fn step(&mut self) -> io::Result<Step> {
        self.calls += 1;
        match self.steps.pop_front() {
            // Past the end of the script, as past a WouldBlock: the answer
            // went on after the socket said it had nothing.
            None => Err(io::Error::other("called again after the script ended")),
            Some(Step::WouldBlock) => Err(ErrorKind::WouldBlock.into()),
            Some(Step::Interrupted) => Err(ErrorKind::Interrupted.into()),
            Some(Step::Reset) => Err(ErrorKind::ConnectionReset.into()),
            Some(step) => Ok(step),
        }
    }
}

impl Read for Scripted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.step()? {
            Step::Bytes(n) => {
                let n = n.min(buf.len());
                for b in &mut buf[..n] {
                    *b = self.next;
                    self.next = self.next.wrapping_add(1);
                }
                Ok(n)
            }
            _ => Ok(0),
        }
    }
}

impl Write for Scripted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.step()? {
            Step::Bytes(n) => {
                let n = n.min(buf.len());
                self.taken.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            _ => Ok(0),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A case: what it is, the socket's script, the answer's result, and how
/// many bytes must have moved.
type Case<T> = (&'static str, &'static [Step], Result<T, ErrorKind>, usize);

/// The bytes a scripted socket hands out first, `n` of them.
fn stream(n: usize) -> Vec<u8> {
    (0..n).map(|i| i as u8).collect()
}

/// `drain`: reads until `WouldBlock` and no further, retries
/// `Interrupted`, reports a closed peer and passes other errors on; takes
/// a 16 KiB message off a real non-blocking socket in one call.
///
/// # Errors
///
/// The case that came out wrong.
pub fn drain(drain: Drain) -> Result<(), String> {
    use Step::*;
    let cases: [Case<Drained>; 5] = [
        (
            "three reads' worth, then WouldBlock",
            &[Bytes(1024), Bytes(1024), Bytes(500), WouldBlock],
            Ok(Drained::Open),
            2548,
        ),
        ("nothing yet: WouldBlock at once", &[WouldBlock], Ok(Drained::Open), 0),
        (
            "bytes, a signal, bytes, then the peer closes",
            &[Bytes(700), Interrupted, Bytes(300), Zero],
            Ok(Drained::Closed),
            1000,
        ),
        ("the peer closes at once", &[Zero], Ok(Drained::Closed), 0),
        ("bytes, then the connection is reset", &[Bytes(10), Reset], Err(ErrorKind::ConnectionReset), 10),
    ];
    deadline::try_within(LIMIT, "drain", move || {
        for (what, script, want, bytes) in cases {
            let mut sock = Scripted::new(script);
            let mut got = Vec::new();
            let result = drain(&mut sock, &mut got).map_err(|e| e.kind());
            if result != want {
                return Err(format!("{what}: drain returned {result:?}, expected {want:?}"));
            }
            if want.is_ok() && got != stream(bytes) {
                return Err(format!(
                    "{what}: drain put {} bytes into `into`, expected {bytes}, in the order read",
                    got.len()
                ));
            }
            if !sock.steps.is_empty() {
                return Err(format!("{what}: drain stopped after {} reads, before the socket said WouldBlock", sock.calls));
            }
        }
        let (mut near, mut far) = UnixStream::pair().map_err(|e| e.to_string())?;
        let message = stream(16 * 1024);
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

/// `flush`: writes from the front of the queue, in order, across the end
/// of the deque's first slice; stops at `WouldBlock` with the rest still
/// queued; retries `Interrupted`; a write of 0 bytes is an error.
///
/// # Errors
///
/// The case that came out wrong.
pub fn flush(flush: Flush) -> Result<(), String> {
    use Step::*;
    let cases: [Case<bool>; 5] = [
        ("the socket takes everything", &[Bytes(usize::MAX), Bytes(usize::MAX)], Ok(false), 3000),
        ("the socket takes 1000 bytes, then is full", &[Bytes(1000), WouldBlock], Ok(true), 1000),
        ("small writes, a signal, then full", &[Bytes(10), Interrupted, Bytes(20), WouldBlock], Ok(true), 30),
        ("the socket takes 0 bytes", &[Zero], Err(ErrorKind::WriteZero), 0),
        ("the peer is gone", &[Bytes(5), Reset], Err(ErrorKind::ConnectionReset), 5),
    ];
    deadline::try_within(LIMIT, "flush", move || {
        for (what, script, want, written) in cases {
            // A deque whose 3000 bytes wrap around its end: as_slices()
            // gives two pieces.
            let mut queue: VecDeque<u8> = VecDeque::with_capacity(4096);
            queue.extend(std::iter::repeat_n(0, 2500));
            queue.drain(..2500);
            queue.extend(stream(3000));
            let mut sock = Scripted::new(script);
            let result = flush(&mut sock, &mut queue).map_err(|e| e.kind());
            if result != want {
                return Err(format!("{what}: flush returned {result:?}, expected {want:?}"));
            }
            if sock.taken != stream(written) {
                return Err(format!(
                    "{what}: the socket got {} bytes, expected the first {written} of the queue, in order",
                    sock.taken.len()
                ));
            }
            if want.is_ok() && queue.iter().copied().ne(stream(3000).into_iter().skip(written)) {
                return Err(format!(
                    "{what}: {} bytes left in the queue, expected {}: remove what was written, and only that",
                    queue.len(),
                    3000 - written
                ));
            }
            if want.is_ok() && !queue.is_empty() && !sock.steps.is_empty() {
                return Err(format!("{what}: flush stopped after {} writes, with room left", sock.calls));
            }
        }
        Ok(())
    })?
    .map_err(|e| {
        e + "\n(write what the socket takes, keep the rest, and say whether writes are still wanted)"
    })
}
