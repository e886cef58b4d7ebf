//! Lesson 12, the reference solutions: `cargo test --features solutions`
//! checks these instead of `exercise.rs`.

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
    loop {
        match sock.read(&mut buf) {
            Ok(0) => return Ok(Drained::Closed),
            Ok(n) => into.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
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
    while !queue.is_empty() {
        match sock.write(queue.as_slices().0) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => {
                queue.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(!queue.is_empty())
}
// ANCHOR_END: flush
