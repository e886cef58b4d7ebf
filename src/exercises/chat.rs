//! Checks for lesson 13's exercises: a stream of bytes cut into lines
//! however the reads fell, and a line handed to every other client's
//! bounded queue. Both are plain functions on plain data, so every case is
//! the same on every run.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `frame` ("adds `bytes` to `partial` and moves every whole line out of
//! it into `lines`, newline included, in order"; a line over `max_line`
//! bytes, or a `partial` that has reached `max_line` with no newline, is
//! `TooLong`; "the lines before the long one stay"):
//! - a line in one read and in three; three lines and the start of a
//!   fourth in one read; the same line three times; `\r\n` endings (only
//!   `\n` ends a line); an empty read; bytes that are not text;
//! - a line of exactly the cap, in one read and across reads; one byte
//!   over, after a line that fits; over the cap across reads; the cap's
//!   worth with no newline (refused) and one byte short of it (kept in
//!   `partial`); an over-long start after good lines in the same read.
//!
//! `fan-out` ("appends `line`, whole, to every other client's queue; a
//! client whose queue would then hold more than `max_queued` is marked
//! `dropped` and queued nothing; a client already dropped gets nothing"):
//! - five clients (idle, room for exactly the line, the sender, a byte
//!   short of room, dropped earlier), with the sender in the middle, first
//!   and last: each gets the right bytes at the end of its queue, or is
//!   dropped (a client being dropped may keep or lose what it was owed);
//! - two lines in a row to a client with room for one; a line as long as
//!   the cap to an idle client.

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

    /// Like [`owed`](Self::owed), with room for far more in its buffer
    /// than it holds, as a queue that has been written from has: its
    /// capacity says nothing about what it is owed.
    fn roomy(owed: usize) -> Self {
        let mut queue = std::collections::VecDeque::with_capacity(256);
        queue.extend(std::iter::repeat_n(b'.', owed));
        Outbox { queue, dropped: false }
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

/// `frame`: see the module's list.
///
/// # Errors
///
/// The case that came out wrong.
pub fn frame(frame: Frame) -> Result<(), String> {
    let cases: [FrameCase; 14] = [
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
        ("the same line three times", &[b"hi\nhi\n", b"hi\n"], 10, &[b"hi\n", b"hi\n", b"hi\n"], b"", false),
        ("lines ending in \\r\\n", &[b"a\r\nbc\r", b"\n"], 10, &[b"a\r\n", b"bc\r\n"], b"", false),
        ("a read of nothing, between two halves", &[b"ab", b"", b"c\n"], 10, &[b"abc\n"], b"", false),
        ("a line of exactly the cap, newline included", &[b"abcd\n"], 5, &[b"abcd\n"], b"", false),
        ("a line of exactly the cap, across reads", &[b"ab", b"cd", b"\n"], 5, &[b"abcd\n"], b"", false),
        ("a line one byte over the cap, after one that fits", &[b"ok\nabcde\n"], 5, &[b"ok\n"], b"", true),
        ("a line over the cap across two reads", &[b"abc", b"def\n"], 5, &[], b"", true),
        ("the cap's worth of bytes and no newline yet", &[b"abc", b"de"], 5, &[], b"", true),
        ("one byte short of the cap, no newline yet", &[b"abc", b"d"], 5, &[], b"abcd", false),
        ("bytes that are not text", &[b"\x00\xff\r", b"\x1b\n"], 10, &[b"\x00\xff\r\x1b\n"], b"", false),
        (
            "a line, and an over-long start in the same read",
            &[b"x\n", b"y\nzzzzz"],
            5,
            &[b"x\n", b"y\n"],
            b"",
            true,
        ),
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
            let case = format!("{what} (reads {}, cap {max})", show(reads));
            if result.is_err() != refused {
                return Err(format!(
                    "{case}: frame returned {result:?}, expected {}",
                    if refused { "Err(TooLong)" } else { "Ok(())" }
                ));
            }
            if lines != want {
                return Err(format!("{case}: lines {}, expected {}", show(&lines), show(want)));
            }
            if !refused && partial != rest {
                return Err(format!(
                    "{case}: `partial` holds {}, expected {}: what follows the last newline waits \
                     there for the next read",
                    show(&[&partial]),
                    show(&[rest])
                ));
            }
        }
        Ok(())
    })?
    .map_err(|e| e + "\n(TCP carries bytes, not messages: a read may hold half a line, or three)")
}

/// Byte strings as a learner can read them, each byte once: `b"a\r\n"`.
fn show<T: AsRef<[u8]>>(lines: &[T]) -> String {
    let shown: Vec<String> = lines.iter().map(|l| format!("b\"{}\"", l.as_ref().escape_ascii())).collect();
    format!("[{}]", shown.join(", "))
}

/// `fan_out`: see the module's list.
///
/// # Errors
///
/// The case that came out wrong.
pub fn fan_out(fan_out: FanOut) -> Result<(), String> {
    deadline::try_within(LIMIT, "fan_out", move || {
        let line = b"guest2: hi\n";
        let max = 100;
        let fits = max - line.len();
        let client = |i: usize| {
            let owed = [0, fits, 5, fits + 1, 7][i];
            Outbox { dropped: i == 4, ..Outbox::roomy(owed) }
        };
        // An idle client, one with room for exactly this line, the
        // sender, one a byte short of room, and one dropped earlier; the
        // sender in the middle, first, and last; the one dropped now
        // first, before the others.
        let who = [
            "a client owed nothing",
            "a client with room for exactly the line",
            "the sender",
            "a client one byte short of room",
            "a client dropped earlier",
        ];
        for order in [[0, 1, 2, 3, 4], [2, 0, 1, 3, 4], [0, 4, 1, 3, 2], [3, 0, 2, 1, 4]] {
            let before: Vec<Outbox> = order.iter().map(|&i| client(i)).collect();
            let from = order.iter().position(|&i| i == 2).expect("the sender is there");
            let mut after: Vec<Outbox> = order.iter().map(|&i| client(i)).collect();
            fan_out(&mut after, from, line, max);
            for (slot, &i) in order.iter().enumerate() {
                let (who, was) = (who[i], &before[slot]);
                let want = match i {
                    0 | 1 => {
                        Outbox { queue: was.queue.iter().chain(line).copied().collect(), dropped: false }
                    }
                    3 => Outbox { dropped: true, ..was.clone() },
                    _ => was.clone(),
                };
                let got = &after[slot];
                // A client being dropped may keep or lose what it was owed.
                let dropped_ok = i == 3 || i == 4;
                let same = got == &want || (dropped_ok && got.dropped && got.queue.is_empty());
                if !same {
                    return Err(format!(
                        "{who} (client {slot} of {}, the sender being client {from}; cap {max}, owed \
                         {} bytes, a line of {}): after fan_out it is owed {} bytes, dropped: {}; \
                         expected {} bytes, dropped: {}",
                        order.len(),
                        was.queue.len(),
                        line.len(),
                        got.queue.len(),
                        got.dropped,
                        want.queue.len(),
                        want.dropped
                    ));
                }
            }
        }
        // Two lines in a row: room for the first, not the second.
        let mut two = vec![Outbox::owed(0), Outbox::owed(max - 2 * line.len() + 1)];
        fan_out(&mut two, 0, line, max);
        fan_out(&mut two, 0, line, max);
        let owed = max - 2 * line.len() + 1 + line.len();
        if !two[1].dropped || (two[1].queue.len() != owed && !two[1].queue.is_empty()) {
            return Err(format!(
                "a client with room for one line and not two, sent two in a row: it ended owed {} \
                 bytes, dropped: {}; expected {owed} bytes (the first line), dropped: true",
                two[1].queue.len(),
                two[1].dropped
            ));
        }
        // A line as long as the cap, to an idle client: it fits exactly.
        let long = vec![b'x'; max];
        let mut idle = vec![Outbox::owed(0), Outbox::owed(0)];
        fan_out(&mut idle, 0, &long, max);
        if idle[1].dropped || idle[1].queue.len() != max {
            return Err(format!(
                "a line of exactly the cap ({max} bytes) to a client owed nothing: it ended owed {} \
                 bytes, dropped: {}; it fits",
                idle[1].queue.len(),
                idle[1].dropped
            ));
        }
        Ok(())
    })?
    .map_err(|e| {
        e + "\n(a queue with a bound, and a client that would pass it is let go: no one waits for it)"
    })
}
