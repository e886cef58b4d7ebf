//! Checks for lesson 08's exercises.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `read-frame` ("reads one frame: a 4-byte big-endian length, then that
//! many bytes of payload; `Ok(None)` when the stream ends cleanly, before
//! the first byte of a frame"):
//! - four frames back to back ("hello", a JSON text, an empty payload, and
//!   261 bytes, whose length tells big-endian from little-endian), handed
//!   out all at once, 3 bytes a read and 1 byte a read, with a signal
//!   (`Interrupted`) before every read: each payload in turn, then
//!   `Ok(None)`, and `Ok(None)` again; bytes the answer did not ask for
//!   stay for its next call, as on a socket;
//! - the stream ending 2 bytes into a header, 3 bytes into a 5-byte
//!   payload, and right after a header: `Truncated` with the part, the
//!   bytes wanted and the bytes that came;
//! - a length over `max` (by one, and `u32::MAX`) is `TooLarge`, found
//!   before a single payload byte is read or allocated (when the binary
//!   counts allocations: see `probe::LargestAllocation`); a length of
//!   exactly `max` is read;
//! - a read error at once, or in the middle of a payload, is `Io`.
//!
//! `add-one` ("adds one to the manager's counter, so that ten clients doing
//! it at once always leave it ten higher"; the clients are other processes,
//! each with its own connection):
//! - alone, with the counter holding a string: the manager refuses the
//!   update, and `add_one` passes the refusal on as an `Err`, changing
//!   nothing;
//! - three clients, threads here so that the schedule can reach them, each
//!   call the answer once, under every schedule with up to two
//!   preemptions, from 0 and from a counter that does not exist yet (which
//!   the manager counts as 0): the counter ends at 3, never goes down on
//!   the way, and is fresh for each schedule; a lock taken in this process
//!   (it cannot hold back a client in another) is refused, as is a call
//!   that fails.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read};
use std::sync::Mutex as StdMutex;

use super::{Plan, Wrong, explore, run_threads};
use crate::lessons::mutex_race::mark_lost;
use crate::lessons::processes::COUNTER;
use crate::probe::largest_allocation;
use crate::process::frame::{FrameError, MAX_FRAME, write_frame};
use crate::process::manager::{Client, Manager};
use crate::process::{Error, Program};
use crate::trace::Value;

/// The learner's `read_frame`.
pub type ReadFrame = fn(&mut dyn Read, usize) -> Result<Option<Vec<u8>>, FrameError>;

/// What arrives on a scripted stream, in order.
#[derive(Clone, Debug)]
enum Arrives {
    /// Bytes; a read takes as many as fit and leaves the rest for the next.
    Bytes(Vec<u8>),
    /// A signal: the next read fails with `Interrupted`.
    Signal,
    /// The stream fails: every read from here on returns this error.
    Fails(ErrorKind),
}

/// A stream that behaves like a socket: bytes arrive in chunks, a read
/// takes what has arrived (up to its buffer) and leaves the rest, and after
/// the last chunk every read returns 0.
struct Stream {
    arriving: VecDeque<Arrives>,
    /// Bytes handed out so far.
    taken: usize,
}

impl Stream {
    fn new(arriving: Vec<Arrives>) -> Self {
        Stream { arriving: arriving.into(), taken: 0 }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.arriving.front_mut() {
            None => Ok(0),
            Some(Arrives::Signal) => {
                self.arriving.pop_front();
                Err(io::Error::new(ErrorKind::Interrupted, "a signal arrived"))
            }
            Some(Arrives::Fails(kind)) => Err(io::Error::new(*kind, "the stream failed")),
            Some(Arrives::Bytes(chunk)) => {
                let n = buf.len().min(chunk.len());
                buf[..n].copy_from_slice(&chunk[..n]);
                chunk.drain(..n);
                if chunk.is_empty() {
                    self.arriving.pop_front();
                }
                self.taken += n;
                Ok(n)
            }
        }
    }
}

fn framed(payloads: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in payloads {
        write_frame(&mut out, p).expect("writing to a Vec");
    }
    out
}

/// `bytes` arriving `chunk` at a time, each chunk after a signal.
fn in_chunks(bytes: &[u8], chunk: usize) -> Vec<Arrives> {
    bytes.chunks(chunk).flat_map(|c| [Arrives::Signal, Arrives::Bytes(c.to_vec())]).collect()
}

/// Bytes as a learner can read them: printable ASCII as is, the rest
/// escaped (`\x00`), long runs shortened.
fn escaped(bytes: &[u8]) -> String {
    let shown = |b: &[u8]| b.escape_ascii().to_string();
    if bytes.len() <= 24 {
        format!("b\"{}\" ({} bytes)", shown(bytes), bytes.len())
    } else {
        format!("b\"{}…{}\" ({} bytes)", shown(&bytes[..12]), shown(&bytes[bytes.len() - 4..]), bytes.len())
    }
}

fn shown(result: &Result<Option<Vec<u8>>, FrameError>) -> String {
    match result {
        Ok(Some(p)) => format!("Ok(Some({}))", escaped(p)),
        Ok(None) => "Ok(None)".into(),
        Err(e) => format!("Err({e:?})"),
    }
}

/// `read-frame`: see the module's list.
///
/// # Errors
///
/// The input, what the answer returned, and what it should have.
pub fn read_frame(answer: ReadFrame) -> Result<(), String> {
    let long = vec![b'x'; 261];
    let payloads: [&[u8]; 4] = [b"hello", b"[42,null,\"hello\"]", b"", &long];
    let stream = framed(&payloads);
    for chunk in [stream.len(), 3, 1] {
        let mut r = Stream::new(in_chunks(&stream, chunk));
        let got: Vec<_> = (0..6).map(|_| answer(&mut r, MAX_FRAME)).collect();
        let ok = got.len() == 6
            && got[..4].iter().zip(payloads).all(|(g, p)| matches!(g, Ok(Some(v)) if v == p))
            && matches!(got[4..], [Ok(None), Ok(None)]);
        if !ok {
            let got: Vec<_> = got.iter().map(shown).collect();
            let want: Vec<_> = payloads.iter().map(|p| format!("Ok(Some({}))", escaped(p))).collect();
            return Err(format!(
                "four frames back to back, arriving {} a read, with a signal (Interrupted) \
                 before every read, then the end. Six calls returned:\n  {}\nexpected:\n  {}, \
                 Ok(None), Ok(None)",
                if chunk == stream.len() { "all at once".to_owned() } else { format!("{chunk} byte(s)") },
                got.join("\n  "),
                want.join(", ")
            ));
        }
    }
    let header = |len: u32| len.to_be_bytes().to_vec();
    let mut five_then_three = header(5);
    five_then_three.extend(b"abc");
    let mut exactly_max = header(4);
    exactly_max.extend(b"abcd");
    let mut then_fails = vec![Arrives::Bytes(header(5)), Arrives::Bytes(b"ab".to_vec())];
    then_fails.push(Arrives::Fails(ErrorKind::ConnectionReset));
    // (what, what arrives, max, the right result, its name, bytes it may take)
    type Case = (
        &'static str,
        Vec<Arrives>,
        usize,
        fn(&Result<Option<Vec<u8>>, FrameError>) -> bool,
        &'static str,
        usize,
    );
    let cases: Vec<Case> = vec![
        (
            "2 bytes of a header, then the end",
            in_chunks(&header(5)[..2], 1),
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::Truncated { part: "length", wanted: 4, got: 2 })),
            "Err(Truncated { part: \"length\", wanted: 4, got: 2 })",
            2,
        ),
        (
            "a header for 5 bytes, then 3, then the end",
            in_chunks(&five_then_three, 2),
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::Truncated { part: "payload", wanted: 5, got: 3 })),
            "Err(Truncated { part: \"payload\", wanted: 5, got: 3 })",
            7,
        ),
        (
            "a header for 5 bytes, then the end",
            in_chunks(&header(5), 4),
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::Truncated { part: "payload", wanted: 5, got: 0 })),
            "Err(Truncated { part: \"payload\", wanted: 5, got: 0 })",
            4,
        ),
        (
            "a header for 5 bytes and 5 more, with a limit of 4",
            in_chunks(&framed(&[b"abcde"]), 9),
            4,
            |r| matches!(r, Err(FrameError::TooLarge { len: 5, max: 4 })),
            "Err(TooLarge { len: 5, max: 4 })",
            4,
        ),
        (
            "a header announcing 4 GiB (u32::MAX bytes)",
            in_chunks(&header(u32::MAX), 4),
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::TooLarge { len, .. }) if *len == u64::from(u32::MAX)),
            "Err(TooLarge { len: 4294967295, max: .. })",
            4,
        ),
        (
            "a frame of exactly the limit, 4 bytes",
            in_chunks(&exactly_max, 3),
            4,
            |r| matches!(r, Ok(Some(p)) if p == b"abcd"),
            "Ok(Some(b\"abcd\"))",
            8,
        ),
        (
            "a stream that fails at once",
            vec![Arrives::Fails(ErrorKind::ConnectionReset)],
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::Io(e)) if e.kind() == ErrorKind::ConnectionReset),
            "Err(Io(the stream's error))",
            0,
        ),
        (
            "a header for 5 bytes, 2 of them, then a failing stream",
            then_fails,
            MAX_FRAME,
            |r| matches!(r, Err(FrameError::Io(e)) if e.kind() == ErrorKind::ConnectionReset),
            "Err(Io(the stream's error))",
            6,
        ),
    ];
    for (what, arriving, max, good, want, may_take) in cases {
        let mut r = Stream::new(arriving);
        let (got, largest) = largest_allocation(|| answer(&mut r, max));
        if !good(&got) {
            return Err(format!("{what}: read_frame returned {}; it should be {want}", shown(&got)));
        }
        if let Some(bytes) = largest.filter(|&b| b > max.max(1 << 16) && got.is_err()) {
            return Err(format!(
                "{what}: read_frame allocated {bytes} bytes before refusing the frame; check the \
                 length against the limit before allocating for the payload"
            ));
        }
        if r.taken > may_take {
            return Err(format!(
                "{what}: read_frame read {} bytes of the stream; it should stop after {may_take} \
                 (check the length before reading the payload)",
                r.taken
            ));
        }
    }
    Ok(())
}

/// `add-one`: see the module's list.
///
/// # Errors
///
/// The schedule under which an update was lost, with its timeline.
pub fn add_one(program: &Program, answer: fn(&mut Client) -> Result<(), Error>) -> Result<(), String> {
    let manager = Manager::start(program).map_err(|e| format!("starting a manager: {e}"))?;
    let admin = manager.connect().map_err(|e| e.to_string())?;
    let shared = std::sync::Arc::new(StdMutex::new((manager, admin)));
    for missing in [false, true] {
        let shared = std::sync::Arc::clone(&shared);
        let what = if missing {
            "three clients each added one to a counter that did not exist yet (a missing counter counts as 0)"
        } else {
            "three clients each added one to the counter, from 0"
        };
        explore(Plan::SMALL, what, move |schedule| {
            let mut shared = shared.lock().expect("one schedule at a time");
            let (manager, admin) = &mut *shared;
            if missing {
                admin.remove(COUNTER).map_err(|e| e.to_string())?;
            } else {
                admin.set(COUNTER, 0).map_err(|e| e.to_string())?;
            }
            let clients: Vec<StdMutex<Client>> = (0..3)
                .map(|_| manager.connect().map(StdMutex::new))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            let failed = StdMutex::new(None);
            let mut trace = run_threads(schedule, 3, |i| {
                let mut client = clients[i].lock().expect("one thread a client");
                if let Err(e) = answer(&mut client) {
                    *failed.lock().expect("no panics") = Some(e.to_string());
                }
            })?;
            if let Some(e) = failed.into_inner().expect("no panics") {
                return Err(Wrong::shown(format!("a client's add_one failed: {e}"), &trace));
            }
            if trace.events.iter().any(|e| e.label == "locks" || e.label == "tries") {
                return Err(Wrong::shown(
                    "add_one took a lock in this process. The clients are other processes, each \
                     with its own memory: a lock here holds none of them back. Make the manager \
                     do the whole update in one request.",
                    &trace,
                ));
            }
            let down =
                trace.events.iter().position(|e| matches!(e.value, Value::Change(old, new) if new < old));
            if let Some(at) = down {
                trace.events[at].mark = Some("goes down".into());
                return Err(Wrong::shown(
                    "the counter went down (marked below): adding one never takes anything away, \
                     not even for a moment.",
                    &trace,
                ));
            }
            let end = admin.get(COUNTER).map_err(|e| e.to_string())?.and_then(|v| v.as_i64());
            if end != Some(3) {
                mark_lost(&mut trace, 0, "gets", "sets", "updates");
                return Err(Wrong::shown(
                    format!(
                        "the counter ended at {} instead of 3.",
                        end.map_or("nothing".to_owned(), |n| n.to_string())
                    ),
                    &trace,
                ));
            }
            Ok(())
        })?;
    }
    {
        let (manager, admin) = &mut *shared.lock().expect("no panics");
        admin.set(COUNTER, "ten").map_err(|e| e.to_string())?;
        let mut client = manager.connect().map_err(|e| e.to_string())?;
        let out = super::alone(move || answer(&mut client))
            .map_err(|e| format!("on one thread, with the counter holding \"ten\": {e}"))?;
        let left = admin.get(COUNTER).map_err(|e| e.to_string())?;
        if out.is_ok() || left != Some("ten".into()) {
            return Err(format!(
                "with the counter holding \"ten\" (not a number), add_one returned {out:?} and \
                 left {left:?}: it should pass on the manager's refusal as an Err, and change nothing"
            ));
        }
    }
    Ok(())
}
