//! Lesson 12 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check io-multiplexing` (or `cargo test`). Stuck? `just hint
//! io-multiplexing`.

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};

pub use workbook::exercises::io_multiplexing::Drained;

// ANCHOR: drain
/// Reads everything `sock` has for now into `into`: what an event loop on
/// edge-triggered epoll must do each time it is told a socket is readable.
/// Returns `Closed` when the peer has closed its end (a read returns 0
/// bytes), `Open` when the socket says `WouldBlock`. Retries a read that a
/// signal `Interrupted`; returns any other error.
pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
    let mut buf = [0u8; 1024];
    // TODO: this reads once, like Python's `recv(1024)`: right for select,
    // poll and level-triggered epoll, which will say "readable" again.
    // Edge-triggered epoll will not. Read until the socket says so.
    match sock.read(&mut buf) {
        Ok(0) => return Ok(Drained::Closed),
        Ok(n) => into.extend_from_slice(&buf[..n]),
        Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
        Err(e) => return Err(e),
    }
    todo!("io-multiplexing/drain: read until WouldBlock")
}
// ANCHOR_END: drain

// ANCHOR: flush
/// Writes the bytes queued for a client to its non-blocking `sock`, from
/// the front, until the queue is empty or the socket is full
/// (`WouldBlock`), and removes from the queue exactly what was written.
/// Returns whether the loop should go on watching the socket for room to
/// write (Python's `outputs` list): true while something is still queued.
/// A write that takes 0 bytes is an error (`ErrorKind::WriteZero`); a
/// write that a signal `Interrupted` is retried.
pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
    // TODO: `queue.as_slices().0` is the front of the queue; `sock.write`
    // takes some of it and says how many bytes; `queue.drain(..n)` removes
    // them.
    let _ = (sock, queue);
    todo!("io-multiplexing/flush: write until empty or WouldBlock")
}
// ANCHOR_END: flush
