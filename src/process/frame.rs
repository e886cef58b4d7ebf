//! Frames: how a message keeps its edges on a byte stream.
//!
//! A pipe or a socket carries bytes, not messages: one `write` of 100 bytes
//! may arrive as two reads of 60 and 40, and two writes may arrive as one
//! read. So every message travels as a *frame*:
//!
//! ```text
//! +----------------------+---------------------------+
//! | length: u32, big-end | payload: `length` bytes   |
//! +----------------------+---------------------------+
//!   00 00 00 11            [42,null,"hello"]
//! ```
//!
//! The reader reads exactly four bytes, then exactly `length` bytes, however
//! the stream splits them. It refuses a length above its limit before
//! allocating anything (a garbage header must not make it reserve 4 GiB),
//! and tells a clean end (the stream closed between frames) from a truncated
//! frame (it closed in the middle of one).

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};

/// The largest payload a reader accepts unless told otherwise: 1 MiB.
pub const MAX_FRAME: usize = 1 << 20;

/// The bytes of the length header.
pub const HEADER: usize = 4;

/// Why a frame could not be read.
#[derive(Debug)]
pub enum FrameError {
    /// The stream ended inside a frame: `got` of the `wanted` bytes of its
    /// header or payload arrived. The writer died, or closed mid-message.
    Truncated {
        /// Which part was cut: `"length"` or `"payload"`.
        part: &'static str,
        /// The bytes that part needed.
        wanted: usize,
        /// The bytes that arrived before the end.
        got: usize,
    },
    /// The header announced more than the reader accepts.
    TooLarge {
        /// The announced payload length.
        len: u64,
        /// The reader's limit.
        max: usize,
    },
    /// The stream itself failed.
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Truncated { part, wanted, got } => {
                write!(f, "truncated frame: the stream ended {got} bytes into a {wanted}-byte {part}")
            }
            FrameError::TooLarge { len, max } => {
                write!(f, "oversized frame: {len} bytes announced, at most {max} accepted")
            }
            FrameError::Io(e) => write!(f, "reading a frame: {e}"),
        }
    }
}

impl std::error::Error for FrameError {}

// ANCHOR: write
/// Writes `payload` as one frame. The caller flushes (a buffered writer
/// sends header and payload in one `write`).
///
/// # Errors
///
/// The writer's error; `InvalidInput` for a payload over `u32::MAX` bytes.
pub fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(ErrorKind::InvalidInput, "a frame holds at most 4 GiB"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(payload)
}
// ANCHOR_END: write

// ANCHOR: read
/// Reads one frame of at most `max` bytes. `Ok(None)` is a clean end: the
/// stream closed between frames.
///
/// # Errors
///
/// A truncated or oversized frame, or the stream's own error.
pub fn read_frame(r: &mut impl Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0; HEADER];
    match fill(r, &mut header)? {
        0 => return Ok(None),
        HEADER => {}
        got => return Err(FrameError::Truncated { part: "length", wanted: HEADER, got }),
    }
    let len = u32::from_be_bytes(header);
    let wanted = usize::try_from(len).ok().filter(|&n| n <= max);
    let wanted = wanted.ok_or(FrameError::TooLarge { len: u64::from(len), max })?;
    let mut payload = vec![0; wanted];
    match fill(r, &mut payload)? {
        got if got == wanted => Ok(Some(payload)),
        got => Err(FrameError::Truncated { part: "payload", wanted, got }),
    }
}

/// Reads until `buf` is full or the stream ends, however the stream splits
/// the bytes; returns how many arrived. (`read_exact` would say only "early
/// end", not how early.)
fn fill(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, FrameError> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    Ok(got)
}
// ANCHOR_END: read

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(payloads: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in payloads {
            write_frame(&mut out, p).unwrap();
        }
        out
    }

    /// A reader that hands out one byte per `read`, like a slow pipe.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn frames_keep_their_edges_however_the_stream_splits_them() {
        let bytes = framed(&[b"hello", b"", b"[42,null,\"hello\"]"]);
        assert_eq!(&bytes[..9], b"\0\0\0\x05hello");
        let mut r = Trickle(&bytes);
        assert_eq!(read_frame(&mut r, MAX_FRAME).unwrap().unwrap(), b"hello");
        assert_eq!(read_frame(&mut r, MAX_FRAME).unwrap().unwrap(), b"");
        assert_eq!(read_frame(&mut r, MAX_FRAME).unwrap().unwrap(), b"[42,null,\"hello\"]");
        assert!(read_frame(&mut r, MAX_FRAME).unwrap().is_none(), "a clean end");
    }

    #[test]
    fn a_cut_frame_says_where_it_was_cut() {
        let bytes = framed(&[b"hello"]);
        let e = read_frame(&mut &bytes[..2], MAX_FRAME).unwrap_err();
        assert_eq!(e.to_string(), "truncated frame: the stream ended 2 bytes into a 4-byte length");
        let e = read_frame(&mut &bytes[..7], MAX_FRAME).unwrap_err();
        assert_eq!(e.to_string(), "truncated frame: the stream ended 3 bytes into a 5-byte payload");
    }

    #[test]
    fn an_oversized_header_is_refused_before_allocating() {
        let e = read_frame(&mut &[0xff, 0xff, 0xff, 0xff][..], MAX_FRAME).unwrap_err();
        assert_eq!(e.to_string(), "oversized frame: 4294967295 bytes announced, at most 1048576 accepted");
        let e = read_frame(&mut &framed(&[b"hello"])[..], 4).unwrap_err();
        assert!(matches!(e, FrameError::TooLarge { len: 5, max: 4 }));
    }
}
