//! Lesson 13 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check chat` (or `cargo test`). Stuck? `just hint chat`.

pub use workbook::exercises::chat::{Outbox, TooLong};

// ANCHOR: frame
/// Adds `bytes`, just read from a client, to `partial` (what the client
/// sent after its last newline) and moves every whole line out of it into
/// `lines`, newline included, in order. A line of more than `max_line`
/// bytes (newline included) is `Err(TooLong)`, and so is a `partial` that
/// has reached `max_line` bytes with no newline: it can only end as one.
/// The lines before the long one stay in `lines`.
pub fn frame(
    partial: &mut Vec<u8>,
    bytes: &[u8],
    max_line: usize,
    lines: &mut Vec<Vec<u8>>,
) -> Result<(), TooLong> {
    // TODO: this takes one read for one line, as the Python chat server
    // takes what one `recv(4096)` returns for one message. TCP carries
    // bytes, not messages: a read may hold half a line, or three. Keep
    // what follows the last newline in `partial` for the next read, and
    // refuse a line over `max_line`.
    let _ = (partial, max_line);
    lines.push(bytes.to_vec());
    todo!("chat/frame: cut the stream into lines")
}
// ANCHOR_END: frame

// ANCHOR: fan-out
/// Hands `line`, which client `from` sent, to every other client: appends
/// it to their queues, whole. A client whose queue would then hold more
/// than `max_queued` bytes is too slow: mark it `dropped` and queue it
/// nothing. A client already dropped gets nothing more.
pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
    // TODO: this queues the line to everyone, its sender too, and lets a
    // queue grow without limit: a client that never reads would hold the
    // server's memory, and the blocking version would hold everyone up.
    let _ = (from, max_queued);
    for outbox in outboxes.iter_mut() {
        outbox.queue.extend(line);
    }
    todo!("chat/fan-out: skip the sender, bound the queues")
}
// ANCHOR_END: fan-out
