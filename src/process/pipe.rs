//! [`Pipe`]: a duplex connection that carries typed messages.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::fd::{AsFd, BorrowedFd};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::frame::{self, FrameError, MAX_FRAME};

/// Why a message could not be sent or received.
#[derive(Debug)]
pub enum Error {
    /// The other end closed the connection between messages.
    Closed,
    /// A frame was truncated, oversized or unreadable.
    Frame(FrameError),
    /// A whole frame arrived, but it is not the message expected.
    Decode(serde_json::Error),
    /// Writing failed (the other end is gone: `BrokenPipe`).
    Io(io::Error),
    /// The other end answered with an error of its own.
    Remote(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Closed => write!(f, "the other end closed the connection"),
            Error::Frame(e) => e.fmt(f),
            Error::Decode(e) => write!(f, "a frame that is not the message expected: {e}"),
            Error::Io(e) => write!(f, "sending: {e}"),
            Error::Remote(e) => write!(f, "the other end says: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

// ANCHOR: pipe
/// One end of a duplex connection: [`send`](Self::send) a message on it,
/// [`recv`](Self::recv) the messages the other end sent, in order. Python's
/// `multiprocessing.Pipe()` gives two such ends; here a child's end is its
/// stdin and stdout, and the parent's end is the other side of those.
///
/// A message is any serde type, encoded as JSON in one
/// [frame](super::frame) (pickle's job in Python).
pub struct Pipe {
    reader: BufReader<Box<dyn Read + Send>>,
    writer: BufWriter<Box<dyn Write + Send>>,
    max: usize,
}
// ANCHOR_END: pipe

impl fmt::Debug for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipe").field("max", &self.max).finish_non_exhaustive()
    }
}

impl Pipe {
    /// A pipe reading from `reader` and writing to `writer`, accepting
    /// frames up to [`MAX_FRAME`].
    pub fn new(reader: impl Read + Send + 'static, writer: impl Write + Send + 'static) -> Self {
        let reader: Box<dyn Read + Send> = Box::new(reader);
        let writer: Box<dyn Write + Send> = Box::new(writer);
        Pipe { reader: BufReader::new(reader), writer: BufWriter::new(writer), max: MAX_FRAME }
    }

    /// This process's pipe to its parent: stdin and stdout. (A worker
    /// prints nothing else to stdout; stderr is free.)
    pub fn stdio() -> Self {
        // Our own handles on fds 0 and 1, not std's `Stdin` and `Stdout`:
        // `Stdout` flushes at every newline byte, and a frame's binary
        // length may hold one. If the fds cannot be copied (no fds left),
        // std's handles still work.
        let own = |fd: BorrowedFd<'_>| fd.try_clone_to_owned().map(File::from);
        match (own(io::stdin().as_fd()), own(io::stdout().as_fd())) {
            (Ok(stdin), Ok(stdout)) => Pipe::new(stdin, stdout),
            _ => Pipe::new(io::stdin(), io::stdout()),
        }
    }

    /// Accepts frames of at most `max` bytes.
    #[must_use]
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = max;
        self
    }

    /// Sends `message` as one frame, and flushes.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the other end is gone.
    pub fn send<T: Serialize + ?Sized>(&mut self, message: &T) -> Result<(), Error> {
        let payload = serde_json::to_vec(message).map_err(Error::Decode)?;
        self.send_raw(&payload)
    }

    /// Sends `payload` as one frame, as it is: for bytes that need not be a
    /// message (tests send garbage this way).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the other end is gone.
    pub fn send_raw(&mut self, payload: &[u8]) -> Result<(), Error> {
        frame::write_frame(&mut self.writer, payload)?;
        Ok(self.writer.flush()?)
    }

    /// Waits for the next message.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`] at a clean end; a [`Error::Frame`] or
    /// [`Error::Decode`] error when what arrived is not a whole message.
    pub fn recv<T: DeserializeOwned>(&mut self) -> Result<T, Error> {
        let payload = self.recv_raw()?;
        serde_json::from_slice(&payload).map_err(Error::Decode)
    }

    /// Waits for the next frame and returns its bytes.
    ///
    /// # Errors
    ///
    /// As [`recv`](Self::recv), less decoding.
    pub fn recv_raw(&mut self) -> Result<Vec<u8>, Error> {
        match frame::read_frame(&mut self.reader, self.max) {
            Ok(Some(payload)) => Ok(payload),
            Ok(None) => Err(Error::Closed),
            Err(e) => Err(Error::Frame(e)),
        }
    }

    /// Sends `request` and waits for the answer.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send) and [`recv`](Self::recv).
    pub fn call<Q: Serialize + ?Sized, A: DeserializeOwned>(&mut self, request: &Q) -> Result<A, Error> {
        self.send(request)?;
        self.recv()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;

    #[test]
    fn messages_arrive_whole_and_in_order() {
        let (a, b) = UnixStream::pair().unwrap();
        let mut left = Pipe::new(a.try_clone().unwrap(), a);
        let mut right = Pipe::new(b.try_clone().unwrap(), b);
        left.send(&(42, None::<i32>, "hello")).unwrap();
        left.send(&vec![1, 2, 3]).unwrap();
        assert_eq!(right.recv::<(i32, Option<i32>, String)>().unwrap(), (42, None, "hello".into()));
        assert_eq!(right.recv::<Vec<i32>>().unwrap(), [1, 2, 3]);
        drop(left);
        assert!(matches!(right.recv::<i32>(), Err(Error::Closed)));
    }

    #[test]
    fn a_frame_of_the_wrong_shape_is_a_decode_error() {
        let (a, b) = UnixStream::pair().unwrap();
        let mut left = Pipe::new(a.try_clone().unwrap(), a);
        let mut right = Pipe::new(b.try_clone().unwrap(), b);
        left.send_raw(b"{not json").unwrap();
        left.send(&"a string").unwrap();
        assert!(matches!(right.recv::<i32>(), Err(Error::Decode(_))));
        assert!(matches!(right.recv::<i32>(), Err(Error::Decode(_))), "a string is not an i32");
    }
}
