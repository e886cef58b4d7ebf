//! Lesson 13 exercises, solved. `cargo test --features solutions` checks
//! these instead of `exercise.rs`.

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
    for &byte in bytes {
        partial.push(byte);
        if byte == b'\n' {
            if partial.len() > max_line {
                return Err(TooLong);
            }
            lines.push(std::mem::take(partial));
        } else if partial.len() >= max_line {
            return Err(TooLong);
        }
    }
    Ok(())
}
// ANCHOR_END: frame

// ANCHOR: fan-out
/// Hands `line`, which client `from` sent, to every other client: appends
/// it to their queues, whole. A client whose queue would then hold more
/// than `max_queued` bytes is too slow: mark it `dropped` and queue it
/// nothing. A client already dropped gets nothing more.
pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
    for (i, outbox) in outboxes.iter_mut().enumerate() {
        if i == from || outbox.dropped {
            continue;
        }
        if outbox.queue.len() + line.len() > max_queued {
            outbox.dropped = true;
        } else {
            outbox.queue.extend(line);
        }
    }
}
// ANCHOR_END: fan-out
