//! Lesson 08 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check processes` (or `cargo test`). Stuck? `just hint
//! processes`.

use std::io::{ErrorKind, Read};

use workbook::process::Error;
use workbook::process::frame::{FrameError, HEADER};
use workbook::process::manager::Client;

// ANCHOR: read-frame
/// Reads one frame from `r`: a 4-byte big-endian length, then that many
/// bytes of payload. Returns `Ok(None)` when the stream ends cleanly,
/// before the first byte of a frame.
///
/// - The stream may hand out the bytes in any number of reads, and a read
///   may fail with `ErrorKind::Interrupted` (try it again).
/// - The stream ending inside the header or the payload is
///   `FrameError::Truncated { part: "length" or "payload", wanted, got }`.
/// - A length above `max` is `FrameError::TooLarge { len, max }`, found
///   before any payload is read or allocated.
/// - Any other read error is `FrameError::Io(e)`.
pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    // TODO: read the header, check the length, read the payload.
    todo!()
}
// ANCHOR_END: read-frame

// ANCHOR: add-one
/// Adds one to the manager's `"counter"`, so that ten clients doing it at
/// once always leave it ten higher. The clients are other processes, each
/// with its own connection and its own memory. (`client.get("counter")` and
/// `client.set("counter", n)` are each one request; so is
/// `client.update("counter", n)`.)
pub fn add_one(client: &mut Client) -> Result<(), Error> {
    // TODO: add one without losing anyone else's.
    todo!()
}
// ANCHOR_END: add-one
