//! Blind answers for lesson 12 (io-multiplexing): exercises `drain` and `flush`.
//! Each module stands in for the whole exercise file. Modules that target `drain`
//! keep `flush` as the obvious correct code, and the other way round.

/// WRONG (drain): reads once and says `Open`, like `recv(1024)` under select; bytes past the first 1024 wait for an edge that never comes.
pub mod wrong_drain_read_once {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        match sock.read(&mut buf) {
            Ok(0) => Ok(Drained::Closed),
            Ok(n) => {
                into.extend_from_slice(&buf[..n]);
                Ok(Drained::Open)
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Drained::Open),
            Err(e) if e.kind() == ErrorKind::Interrupted => Ok(Drained::Open),
            Err(e) => Err(e),
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): stops at the first short read (n < buffer size) as if the socket were empty; it must read until `WouldBlock`.
pub mod wrong_drain_short_read_stops {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => {
                    into.extend_from_slice(&buf[..n]);
                    if n < buf.len() {
                        // A short read: the kernel had no more for us.
                        return Ok(Drained::Open);
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): treats `WouldBlock` as the end of the stream and returns `Closed`; it must return `Open`.
pub mod wrong_drain_wouldblock_is_closed {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(n) if n > 0 => into.extend_from_slice(&buf[..n]),
                // Nothing more to read, either way: we are done with it.
                Ok(_) => return Ok(Drained::Closed),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Closed),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): has no arm for `Interrupted`, so a read a signal interrupted is returned as an error instead of retried.
pub mod wrong_drain_interrupted_is_error {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): treats `Interrupted` like `WouldBlock` and returns `Open`; bytes after the signal are left unread with no edge to come.
pub mod wrong_drain_interrupted_is_open {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {
                    return Ok(Drained::Open);
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): appends the whole 1024-byte buffer after each read instead of the `n` bytes read: stale or zero bytes end up in `into`.
pub mod wrong_drain_whole_buffer {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(_) => into.extend_from_slice(&buf),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): clears `into` first, throwing away bytes an earlier report put there; drain must add to `into`, not replace it.
pub mod wrong_drain_clears_into {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        into.clear();
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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): reads into `Vec::with_capacity(1024)`, a buffer of length 0, so every read returns 0 bytes and an open socket is reported `Closed`.
pub mod wrong_drain_empty_buffer {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): `*into = ...` on each read keeps only the last read's bytes; the earlier reads of this report are lost.
pub mod wrong_drain_keeps_last_read {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => *into = buf[..n].to_vec(),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): after a `WouldBlock` yields and reads once more "to be sure"; it must stop at `WouldBlock` (what follows belongs to the next report).
pub mod wrong_drain_reads_past_wouldblock {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        let mut second_look = false;
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => {
                    into.extend_from_slice(&buf[..n]);
                    second_look = false;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if second_look {
                        return Ok(Drained::Open);
                    }
                    second_look = true;
                    std::thread::yield_now();
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): returns `Ok(Closed)` on any other error ("the peer is gone anyway") instead of returning the error.
pub mod wrong_drain_error_is_closed {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Ok(Drained::Closed),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): collects reads in a local buffer and moves them into `into` only at `WouldBlock`; when the peer closes, the bytes read before the 0-byte read are lost.
pub mod wrong_drain_closed_loses_tail {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        let mut got = Vec::new();
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    into.append(&mut got);
                    return Ok(Drained::Open);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): reads a 0-byte read as "nothing for now" and returns `Open`; 0 bytes means the peer closed, which is `Closed`.
pub mod wrong_drain_zero_is_open {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Open),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (drain): retries `Interrupted` only once per call (a counter never reset); a second signal in the same drain is returned as an error.
pub mod wrong_drain_interrupted_once {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 1024];
        let mut retried = false;
        loop {
            match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => into.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted && !retried => retried = true,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// RIGHT (drain): a 512-byte buffer and a `loop` that breaks with the result; reads until `WouldBlock` or 0, retries `Interrupted`.
pub mod right_drain_512_loop_value {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = [0u8; 512];
        let state = loop {
            let n = match sock.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break Drained::Open,
                Err(e) => return Err(e),
            };
            if n == 0 {
                break Drained::Closed;
            }
            into.extend_from_slice(&buf[..n]);
        };
        Ok(state)
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// RIGHT (drain, edge): `read_to_end` reads until 0, retries `Interrupted`, keeps what it read when it stops on an error, so `WouldBlock` means `Open`.
pub mod right_drain_read_to_end {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        match sock.read_to_end(into) {
            Ok(_) => Ok(Drained::Closed),
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Drained::Open),
            Err(e) => Err(e),
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// RIGHT (drain): reads straight into the spare tail of `into` (resize, read, truncate to what was read), 2048 bytes at a time.
pub mod right_drain_into_tail {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        loop {
            let start = into.len();
            into.resize(start + 2048, 0);
            let result = sock.read(&mut into[start..]);
            let got = match &result {
                Ok(n) => *n,
                Err(_) => 0,
            };
            into.truncate(start + got);
            match result {
                Ok(0) => return Ok(Drained::Closed),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// RIGHT (drain, edge): reads one byte at a time (many small reads, never past `WouldBlock`); slow but keeps every promise.
pub mod right_drain_one_byte {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut byte = [0u8; 1];
        loop {
            match sock.read(&mut byte) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(_) => into.push(byte[0]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(Drained::Open),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// RIGHT (drain): a 64 KiB heap buffer; data arms `continue`, and errors are sorted afterwards by a `match` on `kind()`.
pub mod right_drain_heap_64k {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

    pub fn drain(sock: &mut dyn Read, into: &mut Vec<u8>) -> io::Result<Drained> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let e = match sock.read(&mut buf) {
                Ok(0) => return Ok(Drained::Closed),
                Ok(n) => {
                    into.extend_from_slice(&buf[..n]);
                    continue;
                }
                Err(e) => e,
            };
            match e.kind() {
                ErrorKind::Interrupted => {}
                ErrorKind::WouldBlock => return Ok(Drained::Open),
                _ => return Err(e),
            }
        }
    }

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
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
}

/// WRONG (flush): writes once and returns; when the socket takes only part, the rest stays queued although the socket still has room.
pub mod wrong_flush_one_write {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        if queue.is_empty() {
            return Ok(false);
        }
        let front = queue.as_slices().0;
        match sock.write(front) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => {
                queue.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): writes only `as_slices().0`; when the VecDeque wraps, the second slice is left queued though the socket had room ("until the queue is empty").
pub mod wrong_flush_first_slice_only {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        let mut written = 0;
        let mut result: io::Result<()> = Ok(());
        {
            let front = queue.as_slices().0;
            while written < front.len() {
                match sock.write(&front[written..]) {
                    Ok(0) => {
                        result = Err(ErrorKind::WriteZero.into());
                        break;
                    }
                    Ok(n) => written += n,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
        }
        queue.drain(..written);
        result?;
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): removes the whole slice it offered, not the `n` bytes the socket took; a short write loses bytes (removes more than was written).
pub mod wrong_flush_removes_whole_slice {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            let offered = front.len();
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(_) => {
                    queue.drain(..offered);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): removes the written count from the back (`truncate`) instead of the front; the bytes written are sent again and the tail is lost.
pub mod wrong_flush_truncates_back {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    let keep = queue.len() - n;
                    queue.truncate(keep);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): treats a 0-byte write as "socket full" and returns `Ok(true)`; it must be an `ErrorKind::WriteZero` error.
pub mod wrong_flush_write_zero_is_full {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => break,
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
}

/// WRONG (flush): returns `Ok(false)` at `WouldBlock` ("can't write, stop watching"); bytes are still queued so it must return true.
pub mod wrong_flush_wouldblock_false {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }
}

/// WRONG (flush): no `WouldBlock` arm, so a full socket is returned as an error instead of `Ok(true)`.
pub mod wrong_flush_wouldblock_is_error {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): no `Interrupted` arm, so a write a signal interrupted is returned as an error instead of retried.
pub mod wrong_flush_interrupted_is_error {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => return Err(e),
            }
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): stops at `Interrupted` as at `WouldBlock`; the rest waits for a writable report although the socket had room (must retry).
pub mod wrong_flush_interrupted_stops {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => break,
                Err(e) => return Err(e),
            }
        }
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): do-while shape writes before checking, so an empty queue is offered to the socket (a 0-byte write, hence `WriteZero`); an empty queue must give `Ok(false)` untouched.
pub mod wrong_flush_writes_empty_queue {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        loop {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(!queue.is_empty()),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            if queue.is_empty() {
                return Ok(false);
            }
        }
    }
}

/// WRONG (flush): copies the queue, writes with an offset and removes the written bytes only at the end; on an error mid-stream the bytes already written stay queued (not "exactly what was written").
pub mod wrong_flush_error_keeps_written {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        let data: Vec<u8> = queue.iter().copied().collect();
        let mut written = 0;
        while written < data.len() {
            match sock.write(&data[written..]) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => written += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        queue.drain(..written);
        Ok(!queue.is_empty())
    }
}

/// WRONG (flush): `write_all` on a non-blocking socket; when it stops at `WouldBlock` part-way, the bytes it did write are still queued and get sent twice.
pub mod wrong_flush_write_all {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            let len = front.len();
            match sock.write_all(front) {
                Ok(()) => {
                    queue.drain(..len);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }
}

/// WRONG (flush): returns whether anything was written ("progress") instead of whether something is still queued.
pub mod wrong_flush_returns_progress {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        let mut wrote_any = false;
        while !queue.is_empty() {
            let front = queue.as_slices().0;
            match sock.write(front) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                    wrote_any = true;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(wrote_any)
    }
}

/// RIGHT (flush): `make_contiguous` and write the whole queue at once, removing `n` from the front after each write; returns `Ok(true)` at `WouldBlock`.
pub mod right_flush_make_contiguous {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let n = {
                let all = queue.make_contiguous();
                match sock.write(all) {
                    Ok(0) => return Err(ErrorKind::WriteZero.into()),
                    Ok(n) => n,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            queue.drain(..n);
        }
        Ok(false)
    }
}

/// RIGHT (flush, edge): writes one byte per call from the front (`pop_front` after each); many small writes, same bytes, same result.
pub mod right_flush_one_byte {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while let Some(&first) = queue.front() {
            match sock.write(&[first]) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(_) => {
                    queue.pop_front();
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }
}

/// RIGHT (flush): copies at most 512 bytes from the front into a chunk per write and removes the `n` the socket took.
pub mod right_flush_512_chunks {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        loop {
            if queue.is_empty() {
                return Ok(false);
            }
            let chunk: Vec<u8> = queue.iter().take(512).copied().collect();
            match sock.write(&chunk) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    queue.drain(..n);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// RIGHT (flush, edge): `write_vectored` with both halves of the VecDeque; the socket says how many bytes it took across them and exactly those are removed.
pub mod right_flush_vectored {
    use std::collections::VecDeque;
    use std::io::{self, ErrorKind, Read, Write};

    pub use workbook::exercises::io_multiplexing::Drained;

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

    pub fn flush(sock: &mut dyn Write, queue: &mut VecDeque<u8>) -> io::Result<bool> {
        while !queue.is_empty() {
            let (a, b) = queue.as_slices();
            let bufs = [io::IoSlice::new(a), io::IoSlice::new(b)];
            match sock.write_vectored(&bufs) {
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
}
