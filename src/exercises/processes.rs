//! Checks for lesson 08's exercises.

use std::io::{self, ErrorKind, Read};
use std::sync::Mutex as StdMutex;

use crate::lessons::mutex_race::mark_lost;
use crate::lessons::processes::COUNTER;
use crate::process::frame::{FrameError, MAX_FRAME, write_frame};
use crate::process::manager::{Client, Manager};
use crate::process::{Error, Program};

/// The learner's `read_frame`.
pub type ReadFrame = fn(&mut dyn Read, usize) -> Result<Option<Vec<u8>>, FrameError>;

/// A reader that hands out at most `chunk` bytes a `read`, and is
/// interrupted (`EINTR`) before every other read: a pipe on a busy day.
struct Stingy<'a> {
    bytes: &'a [u8],
    chunk: usize,
    interrupt: bool,
}

impl Read for Stingy<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt && !self.bytes.is_empty() {
            return Err(io::Error::new(ErrorKind::Interrupted, "a signal arrived"));
        }
        let n = self.chunk.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn framed(payloads: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in payloads {
        write_frame(&mut out, p).expect("writing to a Vec");
    }
    out
}

fn shown(result: &Result<Option<Vec<u8>>, FrameError>) -> String {
    match result {
        Ok(Some(p)) => format!("Ok(Some({:?}))", String::from_utf8_lossy(p)),
        Ok(None) => "Ok(None)".into(),
        Err(e) => format!("Err({e:?})"),
    }
}

/// `read-frame`: whole frames however the stream splits them, `None` at a
/// clean end, and a precise error for a truncated or oversized frame.
///
/// # Errors
///
/// The input, what the answer returned, and what it should have.
pub fn read_frame(answer: ReadFrame) -> Result<(), String> {
    let two = framed(&[b"hello", b"[42,null,\"hello\"]"]);
    for chunk in [usize::MAX, 3, 1] {
        let mut r = Stingy { bytes: &two, chunk, interrupt: false };
        let got: Vec<_> = (0..3).map(|_| answer(&mut r, MAX_FRAME)).collect();
        let ok = matches!(&got[..], [Ok(Some(a)), Ok(Some(b)), Ok(None)]
            if a == b"hello" && b == b"[42,null,\"hello\"]");
        if !ok {
            let got: Vec<_> = got.iter().map(shown).collect();
            return Err(format!(
                "two frames, \"hello\" and \"[42,null,\\\"hello\\\"]\", arriving {} a read (with EINTR \
                 between reads), then the end: three calls returned {got:?}; they should return \
                 both payloads, then Ok(None)",
                if chunk == usize::MAX { "as much as fits".to_owned() } else { format!("{chunk} byte(s)") }
            ));
        }
    }
    let cases: [Case; 4] = [
        (
            "2 bytes of a header",
            two[..2].to_vec(),
            MAX_FRAME,
            |e| matches!(e, FrameError::Truncated { part: "length", wanted: 4, got: 2 }),
            "Truncated { part: \"length\", wanted: 4, got: 2 }",
        ),
        (
            "a header for 5 bytes, then 3",
            two[..7].to_vec(),
            MAX_FRAME,
            |e| matches!(e, FrameError::Truncated { part: "payload", wanted: 5, got: 3 }),
            "Truncated { part: \"payload\", wanted: 5, got: 3 }",
        ),
        (
            "a whole 5-byte frame, with a limit of 4",
            two[..9].to_vec(),
            4,
            |e| matches!(e, FrameError::TooLarge { len: 5, max: 4 }),
            "TooLarge { len: 5, max: 4 }",
        ),
        (
            "a stream that fails",
            Vec::new(),
            MAX_FRAME,
            |e| matches!(e, FrameError::Io(_)),
            "Io(the stream's error)",
        ),
    ];
    for (what, bytes, max, good, want) in cases {
        let got = if bytes.is_empty() {
            answer(&mut Broken, max)
        } else {
            answer(&mut Stingy { bytes: &bytes, chunk: 2, interrupt: false }, max)
        };
        if !got.as_ref().is_err_and(good) {
            return Err(format!("{what}: returned {}; it should be Err({want})", shown(&got)));
        }
    }
    Ok(())
}

/// A bad input for `read_frame`: what it is, its bytes (none: a stream
/// that fails), the limit, the right error, and that error in words.
type Case = (&'static str, Vec<u8>, usize, fn(&FrameError) -> bool, &'static str);

/// A stream whose every read fails.
struct Broken;

impl Read for Broken {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(ErrorKind::ConnectionReset, "the other end reset the connection"))
    }
}

/// `add-one`: three clients of a real manager process each call the
/// answer once, under every adversarial schedule; the counter must end at
/// 3. (The clients are threads here, so the check can schedule them; the
/// manager cannot tell a thread's connection from a process's.)
///
/// # Errors
///
/// The schedule under which an update was lost, with its timeline.
pub fn add_one(program: &Program, answer: fn(&mut Client) -> Result<(), Error>) -> Result<(), String> {
    let manager = Manager::start(program).map_err(|e| format!("starting a manager: {e}"))?;
    let mut me = manager.connect().map_err(|e| e.to_string())?;
    for schedule in super::adversarial() {
        me.set(COUNTER, 0).map_err(|e| e.to_string())?;
        let clients: Vec<StdMutex<Client>> = (0..3)
            .map(|_| manager.connect().map(StdMutex::new))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let failed = StdMutex::new(None);
        let (kind, mut trace) = super::run_under(schedule, 3, |i| {
            let mut client = clients[i].lock().expect("one thread a client");
            if let Err(e) = answer(&mut client) {
                *failed.lock().expect("no panics") = Some(e.to_string());
            }
        })?;
        if let Some(e) = failed.into_inner().expect("no panics") {
            return Err(format!("under a {kind} schedule, a client's add_one failed: {e}"));
        }
        let end = me.get(COUNTER).map_err(|e| e.to_string())?.and_then(|v| v.as_i64());
        if end != Some(3) {
            mark_lost(&mut trace, 0, "gets", "sets", "updates");
            return Err(format!(
                "three clients each added one to a counter at 0, under a {kind} schedule, and it \
                 ended at {}.\n{}",
                end.map_or("nothing".to_owned(), |n| n.to_string()),
                trace.timeline()
            ));
        }
    }
    Ok(())
}
