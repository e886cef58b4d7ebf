//! Lesson 12's parts: the three system calls that tell one thread which of
//! many descriptors are ready ([`Waiter`] on select, poll or epoll), the
//! select echo server of the Python tutorials on any of them
//! ([`echo::EchoServer`]), and Python's `selectors` registry of callbacks
//! on mio ([`registry::Selector`]). Lesson 13's chat server and client
//! ([`chat`]) are built on the same parts.

pub mod chat;
pub mod echo;
pub mod registry;
pub mod server;
mod wait;

use std::net::TcpStream;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

pub use wait::{Backend, Interest, Ready, WaitError, Waiter, check_select_limit};

/// Moves `stream` to the lowest free descriptor at or above `floor`, as if
/// the process had `floor` other files open: how a busy server's sockets
/// come to be past select's limit of 1024. The old descriptor is closed.
///
/// # Errors
///
/// `fcntl(F_DUPFD_CLOEXEC)` failed: `EINVAL` when `floor` is past the
/// process's limit on open files (`ulimit -n`).
pub fn raise_fd(stream: TcpStream, floor: RawFd) -> std::io::Result<TcpStream> {
    use nix::fcntl::{FcntlArg, fcntl};
    let raw = fcntl(&stream, FcntlArg::F_DUPFD_CLOEXEC(floor))?;
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) just returned `raw` as a new
    // descriptor; nothing else in the process knows it, so the OwnedFd is
    // its only owner and closes it exactly once.
    #[allow(unsafe_code)]
    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
    Ok(TcpStream::from(owned))
}
