//! Checks for lesson 13's exercises: a stream of bytes cut into lines
//! however the reads fell, and a line handed to every other client's
//! bounded queue. Both are plain functions on plain data, so every case is
//! the same on every run.

use std::collections::VecDeque;
use std::time::Duration;

use crate::deadline;
pub use crate::io::chat::TooLong;

/// What the server owes one client, as the `fan_out` exercise sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    /// Bytes not yet written to the client.
    pub queue: VecDeque<u8>,
    /// The client is being dropped: it gets nothing more.
    pub dropped: bool,
}

impl Outbox {
    /// An outbox already owed `owed` bytes (all `b'.'`).
    pub fn owed(owed: usize) -> Self {
        Outbox { queue: std::iter::repeat_n(b'.', owed).collect(), dropped: false }
    }
}

/// The learner's `frame`.
pub type Frame = fn(&mut Vec<u8>, &[u8], usize, &mut Vec<Vec<u8>>) -> Result<(), TooLong>;

/// The learner's `fan_out`.
pub type FanOut = fn(&mut [Outbox], usize, &[u8], usize);

/// How long a check may run: an answer that loops for ever fails.
const LIMIT: Duration = Duration::from_secs(5);

/// A `frame` case: what it is, the reads, the cap, the lines that must
/// come out, what must stay in `partial`, and whether the last read is
/// refused.
type FrameCase =
    (&'static str, &'static [&'static [u8]], usize, &'static [&'static [u8]], &'static [u8], bool);

/// `frame`: pieces of a line joined, runs of lines split, the cap applied
/// to whole lines (newline included) and to a line not yet ended; bytes
/// that are not text passed as they are.
///
/// # Errors
///
/// The case that came out wrong.
pub fn frame(frame: Frame) -> Result<(), String> {
    let cases: [FrameCase; 8] = [
        ("one line in one read", &[b"hello\n"], 10, &[b"hello\n"], b"", false),
        ("a line in three reads", &[b"he", b"ll", b"o\n"], 10, &[b"hello\n"], b"", false),
        (
            "three lines in one read, and the start of a fourth",
            &[b"a\nb\n\nc"],
            10,
            &[b"a\n", b"b\n", b"\n"],
            b"c",
            false,
        ),
        ("a line of exactly the cap, newline included", &[b"abcd\n"], 5, &[b"abcd\n"], b"", false),
        ("a line one byte over the cap, after one that fits", &[b"ok\nabcde\n"], 5, &[b"ok\n"], b"", true),
        ("a line over the cap across two reads", &[b"abc", b"def\n"], 5, &[], b"", true),
        ("the cap's worth of bytes and no newline yet", &[b"abc", b"de"], 5, &[], b"", true),
        ("bytes that are not text", &[b"\x00\xff\r", b"\x1b\n"], 10, &[b"\x00\xff\r\x1b\n"], b"", false),
    ];
    deadline::try_within(LIMIT, "frame", move || {
        for (what, reads, max, want, rest, refused) in cases {
            let (mut partial, mut lines) = (Vec::new(), Vec::new());
            let mut result = Ok(());
            for read in reads {
                result = frame(&mut partial, read, max, &mut lines);
                if result.is_err() {
                    break;
                }
            }
            if result.is_err() != refused {
                return Err(format!(
                    "{what} (cap {max}): frame returned {result:?}, expected {}",
                    if refused { "Err(TooLong)" } else { "Ok(())" }
                ));
            }
            if lines != want {
                return Err(format!("{what} (cap {max}): lines {}, expected {}", show(&lines), show(want)));
            }
            if !refused && partial != rest {
                return Err(format!(
                    "{what} (cap {max}): `partial` holds {}, expected {}: what follows the last newline waits there for the next read",
                    show(&[&partial]),
                    show(&[rest])
                ));
            }
        }
        Ok(())
    })?
    .map_err(|e| e + "\n(TCP carries bytes, not messages: a read may hold half a line, or three)")
}

fn show<T: AsRef<[u8]>>(lines: &[T]) -> String {
    let shown: Vec<String> =
        lines.iter().map(|l| format!("\"{}\"", String::from_utf8_lossy(l.as_ref()).escape_debug())).collect();
    format!("[{}]", shown.join(", "))
}

/// `fan_out`: the line goes once to every client but its sender, whole;
/// a client whose queue would pass the cap is dropped and queued nothing;
/// a dropped client gets nothing more.
///
/// # Errors
///
/// The case that came out wrong.
pub fn fan_out(fan_out: FanOut) -> Result<(), String> {
    deadline::try_within(LIMIT, "fan_out", move || {
        let line = b"guest2: hi\n";
        let max = 100;
        let fits = max - line.len();
        let mut gone = Outbox::owed(7);
        gone.dropped = true;
        // An idle client, one with room for exactly this line, the
        // sender, one a byte short of room, and one dropped earlier.
        let before = vec![Outbox::owed(0), Outbox::owed(fits), Outbox::owed(5), Outbox::owed(fits + 1), gone];
        let mut after = before.clone();
        fan_out(&mut after, 2, line, max);
        let queued = |b: &Outbox| {
            let mut q = b.queue.clone();
            q.extend(line);
            Outbox { queue: q, dropped: false }
        };
        let want = [
            ("a client owed nothing", queued(&before[0])),
            ("a client with room for exactly the line", queued(&before[1])),
            ("the sender (from = 2)", before[2].clone()),
            ("a client one byte short of room", Outbox { dropped: true, ..before[3].clone() }),
            ("a client dropped earlier", before[4].clone()),
        ];
        for (i, (who, want)) in want.iter().enumerate() {
            let got = &after[i];
            let dropped_ok = got.dropped && want.dropped && (got.queue == want.queue || got.queue.is_empty());
            if got != want && !dropped_ok {
                return Err(format!(
                    "{who} (cap {max}, owed {} bytes, a line of {}): after fan_out it is owed {} bytes, dropped: {}; expected {} bytes, dropped: {}",
                    before[i].queue.len(),
                    line.len(),
                    got.queue.len(),
                    got.dropped,
                    want.queue.len(),
                    want.dropped
                ));
            }
        }
        Ok(())
    })?
    .map_err(|e| e + "\n(a queue with a bound, and a client that would pass it is let go: no one waits for it)")
}
