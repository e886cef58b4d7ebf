//! Blind-review answers for lessons/08-processes (slug `processes`): exercises `read-frame`
//! and `add-one`. Each module stands in for the whole exercise file; the exercise it does
//! not target holds the obvious correct code.

/// WRONG (read-frame): one `read` for the header and one for the payload; a short read
/// (the stream handing out 1 byte at a time) is taken as a truncated frame.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_single_read {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn read_once(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
        loop {
            match r.read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = read_once(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = if wanted == 0 { 0 } else { read_once(r, &mut payload)? };
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): loops until the buffer is full, but an `Interrupted` read is
/// returned as `FrameError::Io` instead of being tried again.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_interrupted_is_error {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn fill(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
        let mut got = 0;
        while got < buf.len() {
            match r.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        Ok(got)
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): `read_exact` for the header, and its UnexpectedEof taken as a clean
/// end: a header cut after 1-3 bytes gives `Ok(None)`, not `Truncated { part: "length" }`.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_read_exact_header {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        match r.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(FrameError::Io(e)),
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): allocates the payload buffer (`vec![0; len]`, up to 4 GiB for a
/// garbage header) before checking `len` against `max`; the error itself is right.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_alloc_before_check {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        if wanted > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): `len >= max` is refused, so a frame of exactly `max` bytes (which
/// the limit allows: only "a length above `max`" is TooLarge) is rejected.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_max_off_by_one {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize >= max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): reads the payload (take + read_to_end) and only then compares its
/// length with `max`: an oversized header on a short stream gives Truncated, not TooLarge.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_read_then_check {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        let wanted = len as usize;
        let mut payload = Vec::new();
        let got = Read::take(&mut *r, u64::from(len)).read_to_end(&mut payload).map_err(FrameError::Io)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        if wanted > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): reads the length with `u32::from_le_bytes`; the header is big-endian,
/// so a 5-byte frame announces 83886080 bytes.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_little_endian {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_le_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): a cut payload reports `wanted`/`got` for the whole frame (header
/// included), not for the payload part it names: 5-byte payload cut after 3 says 7 of 9.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_truncated_counts_header {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated {
                part: "payload",
                wanted: HEADER + wanted,
                got: HEADER + got,
            });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): one helper for both parts says "the stream had ended" when 0 bytes
/// arrive, so a stream ending right after a whole header gives Ok(None), not Truncated{got: 0}.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_end_after_header_is_clean {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    /// Fills `buf`: Ok(false) when the stream had already ended, Truncated when it ended midway.
    fn read_part(r: &mut dyn Read, buf: &mut [u8], part: &'static str) -> Result<bool, FrameError> {
        let mut got = 0;
        while got < buf.len() {
            match r.read(&mut buf[got..]) {
                Ok(0) if got == 0 => return Ok(false),
                Ok(0) => return Err(FrameError::Truncated { part, wanted: buf.len(), got }),
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        Ok(true)
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        if !read_part(r, &mut header, "length")? {
            return Ok(None);
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let mut payload = vec![0u8; len as usize];
        if !read_part(r, &mut payload, "payload")? {
            return Ok(None);
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): a frame with an empty payload (length 0) is taken as the end of the
/// stream and gives Ok(None) instead of Ok(Some(vec![])).
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_empty_frame_is_end {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len == 0 {
            return Ok(None); // nothing to read
        }
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): any read error other than Interrupted is treated as the end of the
/// stream, so a failing stream gives Ok(None) or Truncated instead of FrameError::Io.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_errors_end_the_stream {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn fill(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
        let mut got = 0;
        while got < buf.len() {
            match r.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break, // the stream is gone: stop here
            }
        }
        Ok(got)
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): the header loop retries Interrupted, the payload loop (written
/// separately) does not: an Interrupted inside the payload becomes FrameError::Io.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_interrupted_only_in_header {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let mut got = 0;
        while got < HEADER {
            match r.read(&mut header[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let mut got = 0;
        while got < wanted {
            let n = r.read(&mut payload[got..]).map_err(FrameError::Io)?;
            if n == 0 {
                return Err(FrameError::Truncated { part: "payload", wanted, got });
            }
            got += n;
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): each read goes to the start of the buffer (`&mut buf` instead of
/// `&mut buf[got..]`): the count is right but later pieces overwrite earlier ones.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_overwrites_buffer {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn fill(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
        let mut got = 0;
        while got < buf.len() {
            let want = buf.len() - got;
            match r.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        Ok(got)
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): wraps the stream in a fresh `BufReader` on every call; it reads
/// ahead, and the bytes of the next frame it buffered are thrown away when it drops.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_bufreader_per_call {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    use std::io::BufReader;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut r = BufReader::new(r);
        let mut header = [0u8; HEADER];
        let got = fill(&mut r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as usize > max {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(&mut r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (read-frame): the TooLarge error carries the clamped length (`len.min(max + 1)`)
/// instead of the announced one, so "4294967295 bytes announced" is reported as 1048577.
#[allow(unused_imports, dead_code)]
pub mod wrong_frame_too_large_reports_max {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let wanted = (u32::from_be_bytes(header) as usize).min(max + 1);
        if wanted > max {
            return Err(FrameError::TooLarge { len: wanted as u64, max });
        }
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// RIGHT (read-frame): reads one byte per `read` call into growing Vecs (capacity reserved
/// only after the limit check); slow but keeps every promise.
#[allow(unused_imports, dead_code)]
pub mod right_frame_byte_at_a_time {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn next_byte(r: &mut dyn Read) -> Result<Option<u8>, FrameError> {
        let mut b = [0u8; 1];
        loop {
            match r.read(&mut b) {
                Ok(0) => return Ok(None),
                Ok(_) => return Ok(Some(b[0])),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
    }

    fn read_up_to(r: &mut dyn Read, n: usize, out: &mut Vec<u8>) -> Result<(), FrameError> {
        while out.len() < n {
            match next_byte(r)? {
                Some(b) => out.push(b),
                None => break,
            }
        }
        Ok(())
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = Vec::with_capacity(HEADER);
        read_up_to(r, HEADER, &mut header)?;
        match header.len() {
            0 => return Ok(None),
            HEADER => {}
            got => return Err(FrameError::Truncated { part: "length", wanted: HEADER, got }),
        }
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let wanted = match usize::try_from(len) {
            Ok(n) if n <= max => n,
            _ => return Err(FrameError::TooLarge { len: u64::from(len), max }),
        };
        let mut payload = Vec::with_capacity(wanted);
        read_up_to(r, wanted, &mut payload)?;
        if payload.len() != wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got: payload.len() });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// RIGHT (read-frame): the payload is read with `take(len).read_to_end` after the limit
/// check (read_to_end retries Interrupted itself and never reads past `len`).
#[allow(unused_imports, dead_code)]
pub mod right_frame_take_read_to_end {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got != HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = Vec::with_capacity(wanted);
        let got = Read::take(&mut *r, u64::from(len)).read_to_end(&mut payload).map_err(FrameError::Io)?;
        if got != wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// RIGHT (read-frame): the payload is read through a 512-byte stack buffer, each read asking
/// for at most what is still missing, and appended to a Vec reserved after the check.
#[allow(unused_imports, dead_code)]
pub mod right_frame_chunks_of_512 {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if len as u64 > max as u64 {
            return Err(FrameError::TooLarge { len: len as u64, max });
        }
        let wanted = len as usize;
        let mut payload: Vec<u8> = Vec::with_capacity(wanted);
        let mut chunk = [0u8; 512];
        while payload.len() < wanted {
            let ask = (wanted - payload.len()).min(chunk.len());
            match r.read(&mut chunk[..ask]) {
                Ok(0) => return Err(FrameError::Truncated { part: "payload", wanted, got: payload.len() }),
                Ok(n) => payload.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(FrameError::Io(e)),
            }
        }
        Ok(Some(payload))
    }

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

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// RIGHT (read-frame): the length is assembled with shifts into a u64 and compared as u64;
/// the fill loop checks "full" before each read (`loop` shape), so an empty payload reads nothing.
#[allow(unused_imports, dead_code)]
pub mod right_frame_shifts_and_loop {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    fn fill_to(r: &mut dyn Read, buf: &mut [u8]) -> Result<usize, FrameError> {
        let mut got = 0usize;
        loop {
            if got == buf.len() {
                return Ok(got);
            }
            let n = match r.read(&mut buf[got..]) {
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(FrameError::Io(e)),
            };
            if n == 0 {
                return Ok(got);
            }
            got += n;
        }
    }

    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill_to(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        } else if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len: u64 = header.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if len > max as u64 {
            return Err(FrameError::TooLarge { len, max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill_to(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

    // add-one: the obvious correct answer (this module targets read-frame).
    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(drop)
    }
}

/// WRONG (add-one): get, then set to one more: two requests, and every client that got the
/// same value sets the same value (the lost update the lesson is about).
#[allow(unused_imports, dead_code)]
pub mod wrong_add_get_then_set {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
        client.set("counter", n + 1)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): updates, then sets the counter to the value update returned "to be
/// sure": a later set writes back an older value over another client's update.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_update_then_set {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let new = client.update("counter", 1)?;
        client.set("counter", new)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): reads the counter atomically with `update(key, 0)`, then sets it to one
/// more: the read is atomic but the read-then-set pair is not.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_update_zero_then_set {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let n = client.update("counter", 0)?;
        client.set("counter", n + 1)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): get, set, then get again and retry if the value is not what it set:
/// still loses updates (two clients both see their own value), and retries double-count.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_set_then_verify {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        loop {
            let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
            client.set("counter", n + 1)?;
            let now = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
            if now == n + 1 {
                return Ok(());
            }
        }
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): reads the counter and passes `n + 1` to `update`, taking its second
/// argument for the new value; update *adds* it, so the counter grows by n + 1.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_update_as_set {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
        client.update("counter", n + 1).map(drop)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): sets the counter to 0 when it is missing, then updates: check-then-act;
/// a late `set(0)` wipes out an update another client already made.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_init_if_missing {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        if client.get("counter")?.is_none() {
            client.set("counter", 0)?;
        }
        client.update("counter", 1).map(drop)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): a static std::sync::Mutex around get-then-set: it is per process (ten
/// client processes have ten locks), and it blocks where the schedule cannot see.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_std_mutex {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let _held = LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
        client.set("counter", n + 1)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): a static workbook::sync::Mutex around get-then-set: visible to the
/// schedule and fine for threads, but each client *process* has its own copy of the lock.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_process_local_lock {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    static LOCK: workbook::sync::Mutex<()> = workbook::sync::Mutex::new(());

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let _held = LOCK.lock();
        let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
        client.set("counter", n + 1)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): an flock on a temp file around get-then-set. Right across processes, but
/// `lock()` blocks where the schedule cannot see it, so a scheduled run deadlocks.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_flock_blocking {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let path = std::env::temp_dir().join("workbook-add-one-counter.lock");
        let file = std::fs::File::options().create(true).truncate(false).write(true).open(&path)?;
        file.lock()?;
        let n = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
        let result = client.set("counter", n + 1);
        file.unlock()?;
        result
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): counts in a static AtomicI64 and sets the manager's counter to it:
/// processes share no memory (each starts at 0), and the sets can land out of order.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_local_atomic_count {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    use std::sync::atomic::{AtomicI64, Ordering};

    static ADDED: AtomicI64 = AtomicI64::new(0);

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let n = ADDED.fetch_add(1, Ordering::SeqCst) + 1;
        client.set("counter", n)
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): get, update(+1), and if the new value is not get+1, undo with update(-1)
/// and retry: the end is right, but the counter overshoots meanwhile and retries can livelock.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_undo_and_retry {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        loop {
            let before = client.get("counter")?.and_then(|v| v.as_i64()).unwrap_or(0);
            let after = client.update("counter", 1)?;
            if after == before + 1 {
                return Ok(());
            }
            // Someone else got in between: take ours back and try again.
            client.update("counter", -1)?;
        }
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// WRONG (add-one): ignores update's result, so an unreachable manager or a counter that
/// holds no integer is reported as success.
#[allow(unused_imports, dead_code)]
pub mod wrong_add_swallows_error {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let _ = client.update("counter", 1);
        Ok(())
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// RIGHT (add-one): one update request, its new value bound and dropped; `?` passes errors.
#[allow(unused_imports, dead_code)]
pub mod right_add_update_question_mark {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let _new = client.update("counter", 1)?;
        Ok(())
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// RIGHT (add-one): an extra get before the update (harmless: it changes nothing); the add
/// itself is one atomic update request.
#[allow(unused_imports, dead_code)]
pub mod right_add_get_first_then_update {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        let _before = client.get("counter")?;
        match client.update("counter", 1) {
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}

/// RIGHT (add-one): one update, then a get to read the counter back (the value may already
/// include others' updates, and is not used to write anything).
#[allow(unused_imports, dead_code)]
pub mod right_add_update_then_read_back {
    use std::io::{ErrorKind, Read};

    use workbook::process::Error;
    use workbook::process::frame::{FrameError, HEADER};
    use workbook::process::manager::Client;

    pub fn add_one(client: &mut Client) -> Result<(), Error> {
        client.update("counter", 1).map(|_new| ())?;
        let _now = client.get("counter")?;
        Ok(())
    }

    // read-frame: the obvious correct answer (this module targets add-one).
    pub fn read_frame(r: &mut dyn Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
        let mut header = [0u8; HEADER];
        let got = fill(r, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < HEADER {
            return Err(FrameError::Truncated { part: "length", wanted: HEADER, got });
        }
        let len = u32::from_be_bytes(header);
        if u64::from(len) > max as u64 {
            return Err(FrameError::TooLarge { len: u64::from(len), max });
        }
        let wanted = len as usize;
        let mut payload = vec![0u8; wanted];
        let got = fill(r, &mut payload)?;
        if got < wanted {
            return Err(FrameError::Truncated { part: "payload", wanted, got });
        }
        Ok(Some(payload))
    }

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
}
