//! Lesson 08: the reference solutions. `cargo test --features solutions`
//! checks them with the same checks as the exercises.

use std::io::{ErrorKind, Read};

use workbook::process::Error;
use workbook::process::frame::{FrameError, HEADER};
use workbook::process::manager::Client;

// ANCHOR: read-frame
/// Reads one frame from `r`: a 4-byte big-endian length, then that many
/// bytes of payload. Returns `Ok(None)` when the stream ends cleanly,
/// before the first byte of a frame.
pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0; HEADER];
    match fill(r, &mut header)? {
        0 => return Ok(None),
        HEADER => {}
        got => return Err(FrameError::Truncated { part: "length", wanted: HEADER, got }),
    }
    let len = u32::from_be_bytes(header);
    if u64::from(len) > max as u64 {
        return Err(FrameError::TooLarge { len: u64::from(len), max });
    }
    let mut payload = vec![0; len as usize];
    match fill(r, &mut payload)? {
        got if got == payload.len() => Ok(Some(payload)),
        got => Err(FrameError::Truncated { part: "payload", wanted: payload.len(), got }),
    }
}

/// Reads until `buf` is full or the stream ends; how many bytes arrived.
fn fill(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
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
// ANCHOR_END: read-frame

// ANCHOR: add-one
/// Adds one to the manager's `"counter"`, so that ten clients doing it at
/// once always leave it ten higher. The clients are other processes, each
/// with its own connection and its own memory.
pub fn add_one(client: &mut Client) -> Result<(), Error> {
    // One request: the manager reads and writes under its own lock.
    client.update("counter", 1).map(drop)
}
// ANCHOR_END: add-one
