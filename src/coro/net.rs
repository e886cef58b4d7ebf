//! TCP sockets for the executor: gevent's patched `socket`, asyncio's
//! streams. Every call that would block instead leaves the task's waker
//! with the reactor and returns `Pending`, so the thread goes on running
//! other tasks.

use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::net::{Shutdown, SocketAddr};

use mio::Token;

use super::executor::{reactor, try_reactor};
use super::reactor::Direction;

/// A mio socket registered with the running executor's reactor, and
/// deregistered when dropped. Neither `Send` nor `Sync`: its token means
/// something only to the reactor of the thread that made it.
struct Registered<S: mio::event::Source> {
    socket: S,
    token: Token,
    _this_thread: PhantomData<*const ()>,
}

impl<S: mio::event::Source> Registered<S> {
    fn new(mut socket: S) -> io::Result<Self> {
        let token = reactor(|r| r.register(&mut socket))?;
        Ok(Registered { socket, token, _this_thread: PhantomData })
    }

    async fn io<T>(&self, direction: Direction, mut op: impl FnMut(&S) -> io::Result<T>) -> io::Result<T> {
        std::future::poll_fn(|cx| reactor(|r| r.poll_io(cx, self.token, direction, || op(&self.socket))))
            .await
    }
}

impl<S: mio::event::Source> Drop for Registered<S> {
    fn drop(&mut self) {
        // A socket dropped after its executor (a task dropped last) has
        // nothing left to deregister from.
        try_reactor(|r| r.deregister(&mut self.socket, self.token));
    }
}

/// A listening socket.
pub struct TcpListener {
    inner: Registered<mio::net::TcpListener>,
}

impl TcpListener {
    /// Listens on `addr` (`127.0.0.1:0` picks a free port).
    ///
    /// # Errors
    ///
    /// When the address is taken or the OS refuses.
    ///
    /// # Panics
    ///
    /// Outside [`block_on`](super::block_on).
    pub fn bind(addr: SocketAddr) -> io::Result<Self> {
        Ok(TcpListener { inner: Registered::new(mio::net::TcpListener::bind(addr)?)? })
    }

    /// The address it listens on.
    ///
    /// # Errors
    ///
    /// As `getsockname(2)`.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.socket.local_addr()
    }

    /// Waits for the next connection.
    ///
    /// # Errors
    ///
    /// As `accept(2)` (too many open files, say).
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddr)> {
        let (socket, peer) = self.inner.io(Direction::Read, mio::net::TcpListener::accept).await?;
        Ok((TcpStream { inner: Registered::new(socket)? }, peer))
    }
}

/// A connected socket, bound to the executor (and so the thread) it was
/// made on: it cannot be sent to another thread.
///
/// ```compile_fail
/// fn another_thread<T: Send>(_: T) {}
/// # fn check(s: workbook::coro::net::TcpStream) {
/// another_thread(s); // error: `*const ()` cannot be sent between threads safely
/// # }
/// ```
pub struct TcpStream {
    inner: Registered<mio::net::TcpStream>,
}

impl TcpStream {
    /// Connects to `addr` without blocking the thread.
    ///
    /// # Errors
    ///
    /// When the connection is refused or fails.
    pub async fn connect(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream { inner: Registered::new(mio::net::TcpStream::connect(addr)?)? };
        // Writable means connected, or failed: `take_error` says which.
        stream
            .inner
            .io(Direction::Write, |s| match s.take_error()? {
                Some(e) => Err(e),
                None => match s.peer_addr() {
                    Ok(_) => Ok(()),
                    Err(e) if e.kind() == io::ErrorKind::NotConnected => {
                        Err(io::ErrorKind::WouldBlock.into())
                    }
                    Err(e) => Err(e),
                },
            })
            .await?;
        Ok(stream)
    }

    /// Takes over a connected std socket (made non-blocking here).
    ///
    /// # Errors
    ///
    /// When it cannot be made non-blocking or registered.
    ///
    /// # Panics
    ///
    /// Outside [`block_on`](super::block_on).
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<Self> {
        stream.set_nonblocking(true)?;
        Ok(TcpStream { inner: Registered::new(mio::net::TcpStream::from_std(stream))? })
    }

    /// Reads what has arrived, up to `buf.len()` bytes; 0 at end of stream.
    ///
    /// # Errors
    ///
    /// As `read(2)` (a connection reset, say).
    pub async fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.io(Direction::Read, |mut s| s.read(buf)).await
    }

    /// Writes all of `buf`, waiting whenever the socket's send buffer is
    /// full.
    ///
    /// # Errors
    ///
    /// As `write(2)` (a peer that went away, say).
    pub async fn write_all(&self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            match self.inner.io(Direction::Write, |mut s| s.write(buf)).await? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                n => buf = &buf[n..],
            }
        }
        Ok(())
    }

    /// Closes the writing half: the peer reads end of stream.
    ///
    /// # Errors
    ///
    /// As `shutdown(2)`.
    pub fn shutdown_write(&self) -> io::Result<()> {
        self.inner.socket.shutdown(Shutdown::Write)
    }

    /// The peer's address.
    ///
    /// # Errors
    ///
    /// As `getpeername(2)`.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.inner.socket.peer_addr()
    }

    /// Turns Nagle's algorithm off: small writes go out at once.
    ///
    /// # Errors
    ///
    /// As `setsockopt(2)`.
    pub fn set_nodelay(&self, on: bool) -> io::Result<()> {
        self.inner.socket.set_nodelay(on)
    }
}
