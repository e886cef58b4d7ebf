//! A server on a thread of its own: the listeners it serves, a socket
//! that wakes its loop to stop it (the self-pipe trick, which works with
//! every way of waiting), and the stats its loop publishes after each wait.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::thread::JoinHandle;

use parking_lot::Mutex;

/// A server running on a thread of its own, publishing stats of type `S`.
/// Dropping it stops it.
#[derive(Debug)]
pub struct Server<S> {
    addrs: Vec<SocketAddr>,
    stop: UnixStream,
    stats: Arc<Mutex<S>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

/// What a server's thread runs: its listeners, the socket `stop` wakes it
/// through, and where it publishes its stats after each wait.
pub(crate) type Body<S> = Box<dyn FnOnce(Vec<TcpListener>, UnixStream, &Mutex<S>) -> io::Result<()> + Send>;

impl<S: Copy + Default + Send + 'static> Server<S> {
    /// Binds `ports` on 127.0.0.1 (port 0: any free one), non-blocking,
    /// and runs `body` on a new thread named `name`.
    pub(crate) fn spawn(name: &str, ports: &[u16], body: Body<S>) -> io::Result<Self> {
        let bound: Vec<TcpListener> =
            ports.iter().map(|&p| TcpListener::bind(("127.0.0.1", p))).collect::<io::Result<_>>()?;
        if bound.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "a server needs a port"));
        }
        let addrs = bound.iter().map(TcpListener::local_addr).collect::<io::Result<_>>()?;
        for l in &bound {
            l.set_nonblocking(true)?;
        }
        let (stop, wake) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        let stats = Arc::new(Mutex::new(S::default()));
        let shared = Arc::clone(&stats);
        let thread =
            std::thread::Builder::new().name(name.to_owned()).spawn(move || body(bound, wake, &shared))?;
        Ok(Server { addrs, stop, stats, thread: Some(thread) })
    }

    /// Where the first listener is.
    pub fn addr(&self) -> SocketAddr {
        self.addrs[0]
    }

    /// Where every listener is.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// What the server had done after its last wait.
    pub fn stats(&self) -> S {
        *self.stats.lock()
    }

    /// Wakes the loop, waits for it to end and returns its stats.
    ///
    /// # Errors
    ///
    /// The loop failed (a wait failed, or the thread panicked).
    pub fn stop(mut self) -> io::Result<S> {
        self.halt()?;
        Ok(self.stats())
    }
}

impl<S> Server<S> {
    fn halt(&mut self) -> io::Result<()> {
        let Some(thread) = self.thread.take() else { return Ok(()) };
        // The loop watches the other end: one byte wakes it, on any backend.
        let _ = self.stop.write_all(b"x");
        thread.join().map_err(|_| io::Error::other("the server's thread panicked"))?
    }
}

impl<S> Drop for Server<S> {
    fn drop(&mut self) {
        let _ = self.halt();
    }
}
