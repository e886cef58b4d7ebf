//! Blind answers for lesson 13 (chat): exercises `frame` and `fan-out`.
//! Each module stands in for the whole exercise file. Modules that target `frame`
//! keep `fan_out` as the obvious correct code, and the other way round.

/// WRONG (frame): checks the cap only at a newline; a `partial` that reaches `max_line` bytes with no newline is kept (a line that never ends fills memory).
pub mod wrong_frame_no_partial_cap {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): `>=` at the newline refuses a line of exactly `max_line` bytes (newline included), which is allowed.
pub mod wrong_frame_exact_line_refused {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() >= max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            } else if partial.len() >= max_line {
                return Err(TooLong);
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): `>` for the partial check; a `partial` of exactly `max_line` bytes with no newline is accepted though it can only end too long.
pub mod wrong_frame_partial_gt {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            } else if partial.len() > max_line {
                return Err(TooLong);
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): counts a line without its newline, so a line of `max_line + 1` bytes (newline included) passes; the cap includes the newline.
pub mod wrong_frame_cap_excludes_newline {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                // The text of the line, not its terminator.
                if partial.len() - 1 > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            } else if partial.len() > max_line {
                return Err(TooLong);
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): pushes lines without their `\n` (like Python's `splitlines()`); lines must keep the newline.
pub mod wrong_frame_strips_newline {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            if b == b'\n' {
                if partial.len() + 1 > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            } else {
                partial.push(b);
                if partial.len() >= max_line {
                    return Err(TooLong);
                }
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): cuts lines out of `bytes` alone and never puts `partial` in front of the first one; a line split across reads loses its start.
pub mod wrong_frame_forgets_partial {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            let line = rest[..=i].to_vec();
            if line.len() > max_line {
                return Err(TooLong);
            }
            lines.push(line);
            rest = &rest[i + 1..];
        }
        partial.extend_from_slice(rest);
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): `*partial = rest` instead of appending: a read with no newline replaces what an earlier read left, so a line in three reads loses its first piece.
pub mod wrong_frame_overwrites_partial {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            let mut line = std::mem::take(partial);
            line.extend_from_slice(&rest[..=i]);
            if line.len() > max_line {
                return Err(TooLong);
            }
            lines.push(line);
            rest = &rest[i + 1..];
        }
        *partial = rest.to_vec();
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): collects this read's lines locally and adds them to `lines` only on success; on `TooLong` the lines before the long one are lost.
pub mod wrong_frame_all_or_nothing {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let mut found = Vec::new();
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                found.push(std::mem::take(partial));
            } else if partial.len() >= max_line {
                return Err(TooLong);
            }
        }
        lines.append(&mut found);
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (frame, reviewed): drops the long line and goes on framing, reporting `TooLong` at the
/// end of the read. The blind reviewer filed it as wrong (the hint says to return at once), but
/// the doc comment only promises that the lines *before* the long one stay, and the server drops
/// the client on `TooLong`, so lines after it are never passed on.
pub mod right_frame_frames_past_long_line {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let mut too_long = false;
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                let line = std::mem::take(partial);
                if line.len() > max_line {
                    too_long = true;
                } else {
                    lines.push(line);
                }
            }
        }
        if too_long || partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): checks the `partial` cap on entry, before adding the bytes; a read that brings `partial` to `max_line` with no newline returns `Ok`.
pub mod wrong_frame_checks_before_appending {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): treats `\r` as a line end too (Python `splitlines` habit); `a\r\n` becomes two lines `a\r` and `\n` instead of one.
pub mod wrong_frame_cr_ends_line {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' || b == b'\r' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): splits on `\n`, filters out empty pieces, treats the last piece as the partial; a read ending in `\n` leaves its last line in `partial`, and blank lines vanish.
pub mod wrong_frame_filters_empty_pieces {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let pieces: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|p| !p.is_empty()).collect();
        let count = pieces.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            partial.extend_from_slice(piece);
            if k + 1 < count {
                partial.push(b'\n');
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                lines.push(std::mem::take(partial));
            }
        }
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): discards a line that is only `\n` ("nothing said"); every whole line must reach `lines`.
pub mod wrong_frame_skips_blank_lines {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                if partial.len() > max_line {
                    return Err(TooLong);
                }
                if partial.len() > 1 {
                    lines.push(std::mem::take(partial));
                } else {
                    partial.clear();
                }
            } else if partial.len() >= max_line {
                return Err(TooLong);
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): cuts a long line down to `max_line` bytes and carries on instead of returning `Err(TooLong)`.
pub mod wrong_frame_truncates_long {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            if b == b'\n' {
                let mut line = std::mem::take(partial);
                line.truncate(max_line.saturating_sub(1));
                line.push(b'\n');
                lines.push(line);
            } else if partial.len() + 1 < max_line {
                partial.push(b);
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (frame): applies the cap to `partial` plus the whole read, so a read holding several short lines is refused.
pub mod wrong_frame_caps_the_read {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        if partial.len() + bytes.len() > max_line {
            return Err(TooLong);
        }
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
                lines.push(std::mem::take(partial));
            }
        }
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (frame): jumps from newline to newline with `position`, checks each line's length before copying it, and checks the leftover once at the end.
pub mod right_frame_newline_positions {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            if partial.len() + i + 1 > max_line {
                return Err(TooLong);
            }
            let mut line = std::mem::take(partial);
            line.extend_from_slice(&rest[..=i]);
            lines.push(line);
            rest = &rest[i + 1..];
        }
        partial.extend_from_slice(rest);
        if partial.len() >= max_line { Err(TooLong) } else { Ok(()) }
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (frame): `split_inclusive` on `\n`: a piece ending in `\n` completes a line, the last piece without one stays in `partial`.
pub mod right_frame_split_inclusive {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for piece in bytes.split_inclusive(|&b| b == b'\n') {
            partial.extend_from_slice(piece);
            if piece.last() == Some(&b'\n') {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (frame, edge): appends the whole read to `partial` first, then drains lines off its front; on `TooLong`, `partial` still holds unread bytes (unspecified after an error).
pub mod right_frame_append_then_cut {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        partial.extend_from_slice(bytes);
        while let Some(i) = partial.iter().position(|&b| b == b'\n') {
            if i + 1 > max_line {
                return Err(TooLong);
            }
            let line: Vec<u8> = partial.drain(..=i).collect();
            lines.push(line);
        }
        if partial.len() >= max_line {
            return Err(TooLong);
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (frame, edge): byte by byte, but empties `partial` before returning `TooLong` (the client is closed anyway; the doc says nothing of `partial` after an error).
pub mod right_frame_clears_on_error {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            let too_long = if b == b'\n' { partial.len() > max_line } else { partial.len() >= max_line };
            if too_long {
                partial.clear();
                return Err(TooLong);
            }
            if b == b'\n' {
                lines.push(std::mem::take(partial));
            }
        }
        Ok(())
    }

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): bounds the queues but still queues the line to its sender; only the other clients get it.
pub mod wrong_fan_sender_too {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for outbox in outboxes.iter_mut() {
            if outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
        let _ = from;
    }
}

/// WRONG (fan-out): `>=` drops a client whose queue would hold exactly `max_queued` bytes, which fits.
pub mod wrong_fan_exact_fit_dropped {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() >= max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): queues as much of the line as fits, then drops the client; the line must be queued whole or not at all.
pub mod wrong_fan_half_line {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            let room = max_queued.saturating_sub(outbox.queue.len());
            if line.len() > room {
                outbox.queue.extend(&line[..room]);
                outbox.dropped = true;
            } else {
                outbox.queue.extend(line);
            }
        }
    }
}

/// WRONG (fan-out): appends first and then marks the client dropped if it overflowed; a dropped client must be queued nothing.
pub mod wrong_fan_append_then_check {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            outbox.queue.extend(line);
            if outbox.queue.len() > max_queued {
                outbox.dropped = true;
            }
        }
    }
}

/// WRONG (fan-out): never looks at `dropped` before queuing, so a client already dropped keeps getting lines that fit.
pub mod wrong_fan_dropped_still_fed {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): `dropped = would_overflow` assigns rather than sets, so a client already dropped whose line fits is un-dropped and fed.
pub mod wrong_fan_reassigns_dropped {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from {
                continue;
            }
            outbox.dropped = outbox.queue.len() + line.len() > max_queued;
            if !outbox.dropped {
                outbox.queue.extend(line);
            }
        }
    }
}

/// WRONG (fan-out): compares only the line's length with `max_queued`, ignoring what is already queued; a slow client's queue grows past the bound.
pub mod wrong_fan_line_only {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): drops only a queue already full (`len >= max_queued`) before appending, so the line can push a queue past the bound.
pub mod wrong_fan_queue_only {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() >= max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): `break` instead of `continue` at the sender, so clients after it get nothing.
pub mod wrong_fan_break_at_sender {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from {
                break;
            }
            if outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): `return` after dropping a client, so the clients after the first slow one get nothing.
pub mod wrong_fan_return_at_first_drop {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                return;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (fan-out, reviewed): empties the queue of a client it drops ("free the memory"). The
/// doc says to mark it and queue it nothing; a client being dropped is never written to again,
/// so what it was owed may go (the check accepts either).
pub mod right_fan_clears_on_drop {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                outbox.queue.clear();
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): uses `queue.capacity()` instead of `queue.len()`; the allocation is bigger than the bytes queued, so clients are dropped while their line would fit.
pub mod wrong_fan_capacity {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.capacity() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// WRONG (fan-out): counts clients from 1 (`(1..).zip(...)`), so it skips index `from - 1`: the sender gets its own line and the client before it gets nothing.
pub mod wrong_fan_skips_next {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (n, outbox) in (1..).zip(outboxes.iter_mut()) {
            if n == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
                continue;
            }
            outbox.queue.extend(line);
        }
    }
}

/// RIGHT (fan-out): plain index loop; the fit test is `line.len() <= max_queued - len`, subtracted only when `len <= max_queued`.
pub mod right_fan_index_loop {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for i in 0..outboxes.len() {
            if i == from {
                continue;
            }
            let outbox = &mut outboxes[i];
            if outbox.dropped {
                continue;
            }
            let fits = outbox.queue.len() <= max_queued && line.len() <= max_queued - outbox.queue.len();
            if fits {
                outbox.queue.extend(line);
            } else {
                outbox.dropped = true;
            }
        }
    }
}

/// RIGHT (fan-out): overflow-safe `checked_add` for the would-be length, an iterator `filter` to skip the sender and the dropped.
pub mod right_fan_checked_add {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        let others = outboxes.iter_mut().enumerate().filter(|(i, o)| *i != from && !o.dropped);
        for (_, outbox) in others {
            let after = outbox.queue.len().checked_add(line.len());
            match after {
                Some(total) if total <= max_queued => outbox.queue.extend(line),
                _ => outbox.dropped = true,
            }
        }
    }
}

/// RIGHT (fan-out): appends byte by byte with `push_back` after the check, iterating with `get_mut` so an out-of-range `from` is harmless.
pub mod right_fan_push_back {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        let mut i = 0;
        while let Some(outbox) = outboxes.get_mut(i) {
            if i != from && !outbox.dropped {
                if outbox.queue.len() + line.len() > max_queued {
                    outbox.dropped = true;
                } else {
                    for &b in line {
                        outbox.queue.push_back(b);
                    }
                }
            }
            i += 1;
        }
    }
}

/// RIGHT (fan-out, edge): reserves room before appending (capacity grows, contents do not); the bound is on bytes queued, not on capacity.
pub mod right_fan_reserve_first {
    pub use workbook::exercises::chat::{Outbox, TooLong};

    pub fn frame(
        partial: &mut Vec<u8>,
        bytes: &[u8],
        max_line: usize,
        lines: &mut Vec<Vec<u8>>,
    ) -> Result<(), TooLong> {
        for &b in bytes {
            partial.push(b);
            if b == b'\n' {
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

    pub fn fan_out(outboxes: &mut [Outbox], from: usize, line: &[u8], max_queued: usize) {
        for (i, outbox) in outboxes.iter_mut().enumerate() {
            if i == from || outbox.dropped {
                continue;
            }
            if outbox.queue.len() + line.len() > max_queued {
                outbox.dropped = true;
            } else {
                outbox.queue.reserve(line.len());
                outbox.queue.extend(line.iter().copied());
            }
        }
    }
}
