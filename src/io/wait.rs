//! One thread, many descriptors: the three system calls that say which of
//! them are ready. `select` and `poll` are handed the whole list on every
//! call and scan it; `epoll` keeps the list in the kernel and hands back
//! only what is ready, level-triggered (again and again while it stays
//! ready) or edge-triggered (once, when it becomes ready).

use std::fmt;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::time::Duration;

use clap::ValueEnum;
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout};
use nix::sys::epoll::{Epoll, EpollCreateFlags, EpollEvent, EpollFlags};
use nix::sys::select::{FD_SETSIZE, FdSet, select};
use nix::sys::time::TimeVal;

/// Which system call does the waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum)]
pub enum Backend {
    /// select(2): three bitmaps of descriptors 0 to 1023, rebuilt and
    /// scanned on every call.
    Select,
    /// poll(2): an array of (descriptor, events), any number, scanned on
    /// every call.
    Poll,
    /// epoll(7), level-triggered: registered once; reports a descriptor on
    /// every wait while it is ready.
    Epoll,
    /// epoll(7), edge-triggered: registered once; reports a descriptor when
    /// it becomes ready, once.
    EpollEdge,
}

impl Backend {
    /// All four, in the order of the lesson.
    pub const ALL: [Backend; 4] = [Backend::Select, Backend::Poll, Backend::Epoll, Backend::EpollEdge];

    /// `epoll-edge`: the name the binary's `--backend` flag takes.
    pub fn code(self) -> &'static str {
        match self {
            Backend::Select => "select",
            Backend::Poll => "poll",
            Backend::Epoll => "epoll",
            Backend::EpollEdge => "epoll-edge",
        }
    }

    /// True for select and poll: every wait hands the kernel the whole
    /// list, so each wait costs time in proportion to it.
    pub fn takes_the_list(self) -> bool {
        matches!(self, Backend::Select | Backend::Poll)
    }

    /// True for edge-triggered epoll: a descriptor is reported once per
    /// change, so whoever is told must read (or write) until `WouldBlock`.
    pub fn edge_triggered(self) -> bool {
        self == Backend::EpollEdge
    }
}

/// What a descriptor is watched for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Interest {
    /// Bytes to read (or a connection to accept, or the peer's end).
    pub read: bool,
    /// Room to write.
    pub write: bool,
}

impl Interest {
    /// Readable only.
    pub const READ: Interest = Interest { read: true, write: false };
    /// Readable or writable.
    pub const BOTH: Interest = Interest { read: true, write: true };
}

/// A descriptor the kernel reported, and what it is ready for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ready {
    /// The descriptor.
    pub fd: RawFd,
    /// A read will not block (it may return 0: the peer closed).
    pub read: bool,
    /// A write will not block.
    pub write: bool,
    /// The peer hung up or the socket has an error: a read will say which.
    pub hangup: bool,
}

/// Why a wait, or a registration, failed.
#[derive(Debug)]
pub enum WaitError {
    /// select's bitmaps (`fd_set`) have room for descriptors
    /// `0..FD_SETSIZE` only. In C, `FD_SET(1024, &set)` writes past the end
    /// of the set; here it is refused.
    PastSelectLimit {
        /// The descriptor.
        fd: RawFd,
        /// `FD_SETSIZE`: 1024 on Linux.
        limit: usize,
    },
    /// The system call failed.
    Os(io::Error),
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::PastSelectLimit { fd, limit } => write!(
                f,
                "descriptor {fd} is past select's limit: an fd_set holds descriptors 0 to {}",
                limit - 1
            ),
            WaitError::Os(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WaitError {}

impl From<io::Error> for WaitError {
    fn from(e: io::Error) -> Self {
        WaitError::Os(e)
    }
}

impl From<Errno> for WaitError {
    fn from(e: Errno) -> Self {
        WaitError::Os(e.into())
    }
}

impl From<WaitError> for io::Error {
    fn from(e: WaitError) -> Self {
        match e {
            WaitError::Os(e) => e,
            e => io::Error::other(e.to_string()),
        }
    }
}

/// Refuses a descriptor that select's bitmaps cannot hold.
///
/// # Errors
///
/// [`WaitError::PastSelectLimit`] for `fd >= FD_SETSIZE`.
pub fn check_select_limit(fd: RawFd) -> Result<(), WaitError> {
    match usize::try_from(fd) {
        Ok(n) if n < FD_SETSIZE => Ok(()),
        _ => Err(WaitError::PastSelectLimit { fd, limit: FD_SETSIZE }),
    }
}

/// The most events one epoll wait hands back; more stay for the next wait.
const EVENTS: usize = 256;

/// Waits for descriptors with one of the four [`Backend`]s.
///
/// select and poll keep nothing: [`wait`](Self::wait) takes the list every
/// time. epoll keeps its list in the kernel: [`add`](Self::add),
/// [`modify`](Self::modify) and [`remove`](Self::remove) change it, and
/// `wait` ignores the list it is given.
#[derive(Debug)]
pub struct Waiter {
    backend: Backend,
    epoll: Option<Epoll>,
    events: Vec<EpollEvent>,
}

impl Waiter {
    /// A waiter on `backend`.
    ///
    /// # Errors
    ///
    /// `epoll_create1` failed.
    pub fn new(backend: Backend) -> io::Result<Self> {
        let epoll = match backend {
            Backend::Epoll | Backend::EpollEdge => Some(Epoll::new(EpollCreateFlags::EPOLL_CLOEXEC)?),
            Backend::Select | Backend::Poll => None,
        };
        Ok(Waiter { backend, epoll, events: vec![EpollEvent::empty(); EVENTS] })
    }

    /// Which system call this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts watching `fd`. select refuses a descriptor past its limit
    /// here, before any wait; poll keeps nothing; epoll registers it.
    /// Edge-triggered epoll always watches both ways (the usual way to use
    /// it: one registration, then act until `WouldBlock`), whatever
    /// `interest` says.
    ///
    /// # Errors
    ///
    /// [`WaitError::PastSelectLimit`], or `epoll_ctl` failed.
    pub fn add(&mut self, fd: BorrowedFd<'_>, interest: Interest) -> Result<(), WaitError> {
        if self.backend == Backend::Select {
            check_select_limit(fd.as_raw_fd())?;
        }
        if let Some(epoll) = &self.epoll {
            epoll.add(fd, self.event(fd, interest))?;
        }
        Ok(())
    }

    /// Changes what `fd` is watched for (epoll only: select and poll are
    /// told on every wait; edge-triggered epoll watches both ways already).
    ///
    /// # Errors
    ///
    /// `epoll_ctl` failed.
    pub fn modify(&mut self, fd: BorrowedFd<'_>, interest: Interest) -> io::Result<()> {
        if let (Some(epoll), Backend::Epoll) = (&self.epoll, self.backend) {
            epoll.modify(fd, &mut self.event(fd, interest))?;
        }
        Ok(())
    }

    /// Stops watching `fd`; call it before the descriptor is closed.
    ///
    /// # Errors
    ///
    /// `epoll_ctl` failed.
    pub fn remove(&mut self, fd: BorrowedFd<'_>) -> io::Result<()> {
        if let Some(epoll) = &self.epoll {
            epoll.delete(fd)?;
        }
        Ok(())
    }

    fn event(&self, fd: BorrowedFd<'_>, interest: Interest) -> EpollEvent {
        let mut flags = EpollFlags::empty();
        if self.backend.edge_triggered() {
            flags = EpollFlags::EPOLLIN | EpollFlags::EPOLLRDHUP | EpollFlags::EPOLLOUT | EpollFlags::EPOLLET;
        } else {
            // RDHUP only with IN: level-triggered, a half-closed peer that
            // is no longer read from would be reported on every wait.
            flags.set(EpollFlags::EPOLLIN | EpollFlags::EPOLLRDHUP, interest.read);
            flags.set(EpollFlags::EPOLLOUT, interest.write);
        }
        // The descriptor itself is the key: the event hands it back.
        EpollEvent::new(flags, fd.as_raw_fd() as u64)
    }

    /// Waits until a descriptor is ready or `timeout` passes (`None`: no
    /// limit), and puts what is ready in `ready` (cleared first). `watched`
    /// is the whole list, with what each is watched for: select and poll
    /// need it on every call; epoll ignores it.
    ///
    /// A signal that interrupts the wait counts as a wait with nothing
    /// ready.
    ///
    /// # Errors
    ///
    /// [`WaitError::PastSelectLimit`] when select is handed a descriptor
    /// past its limit, or the system call failed.
    pub fn wait(
        &mut self,
        watched: &[(BorrowedFd<'_>, Interest)],
        timeout: Option<Duration>,
        ready: &mut Vec<Ready>,
    ) -> Result<(), WaitError> {
        ready.clear();
        let waited = match self.backend {
            Backend::Select => select_wait(watched, timeout, ready),
            Backend::Poll => poll_wait(watched, timeout, ready),
            Backend::Epoll | Backend::EpollEdge => self.epoll_wait(timeout, ready),
        };
        match waited {
            Err(WaitError::Os(e)) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            other => other,
        }
    }

    // ANCHOR: epoll
    fn epoll_wait(&mut self, timeout: Option<Duration>, ready: &mut Vec<Ready>) -> Result<(), WaitError> {
        let epoll = self.epoll.as_ref().expect("an epoll backend has its epoll");
        // The kernel fills in only the descriptors that are ready: the cost
        // does not depend on how many are registered.
        let n = epoll.wait(&mut self.events, millis(timeout))?;
        for event in &self.events[..n] {
            let flags = event.events();
            ready.push(Ready {
                fd: event.data() as RawFd,
                read: flags.intersects(
                    EpollFlags::EPOLLIN
                        | EpollFlags::EPOLLRDHUP
                        | EpollFlags::EPOLLHUP
                        | EpollFlags::EPOLLERR,
                ),
                write: flags.contains(EpollFlags::EPOLLOUT),
                hangup: flags
                    .intersects(EpollFlags::EPOLLHUP | EpollFlags::EPOLLERR | EpollFlags::EPOLLRDHUP),
            });
        }
        Ok(())
    }
    // ANCHOR_END: epoll
}

// ANCHOR: select
/// select(2): three bitmaps in, the same bitmaps out, scanned both ways.
fn select_wait(
    watched: &[(BorrowedFd<'_>, Interest)],
    timeout: Option<Duration>,
    ready: &mut Vec<Ready>,
) -> Result<(), WaitError> {
    let (mut reads, mut writes) = (FdSet::new(), FdSet::new());
    for &(fd, interest) in watched {
        // FdSet::insert would panic past the limit; say why instead.
        check_select_limit(fd.as_raw_fd())?;
        if interest.read {
            reads.insert(fd);
        }
        if interest.write {
            writes.insert(fd);
        }
    }
    // Python passes its inputs as the third, "exceptional" list too; on
    // Linux that set reports only urgent (out-of-band) data. A hang-up or
    // an error makes a socket readable instead, and the read says which.
    let mut limit = timeout.map(|t| TimeVal::new(t.as_secs() as _, t.subsec_micros() as _));
    select(None, &mut reads, &mut writes, None, limit.as_mut())?;
    for &(fd, _) in watched {
        let (read, write) = (reads.contains(fd), writes.contains(fd));
        if read || write {
            ready.push(Ready { fd: fd.as_raw_fd(), read, write, hangup: false });
        }
    }
    Ok(())
}
// ANCHOR_END: select

// ANCHOR: poll
/// poll(2): an array of (descriptor, wanted events) in, the events that
/// happened written back into each entry.
fn poll_wait(
    watched: &[(BorrowedFd<'_>, Interest)],
    timeout: Option<Duration>,
    ready: &mut Vec<Ready>,
) -> Result<(), WaitError> {
    let mut fds: Vec<PollFd<'_>> = watched
        .iter()
        .map(|&(fd, interest)| {
            let mut events = PollFlags::empty();
            events.set(PollFlags::POLLIN, interest.read);
            events.set(PollFlags::POLLOUT, interest.write);
            PollFd::new(fd, events)
        })
        .collect();
    nix::poll::poll(&mut fds, millis(timeout))?;
    for (entry, &(fd, _)) in fds.iter().zip(watched) {
        let happened = entry.revents().unwrap_or(PollFlags::empty());
        if happened.is_empty() {
            continue;
        }
        let hangup = happened.intersects(PollFlags::POLLHUP | PollFlags::POLLERR);
        ready.push(Ready {
            fd: fd.as_raw_fd(),
            read: hangup || happened.contains(PollFlags::POLLIN),
            write: happened.contains(PollFlags::POLLOUT),
            hangup,
        });
    }
    Ok(())
}
// ANCHOR_END: poll

/// A timeout in whole milliseconds, rounded up (a 0.2 ms wait must not
/// become a 0 ms one, which would spin).
fn millis(timeout: Option<Duration>) -> PollTimeout {
    match timeout {
        None => PollTimeout::NONE,
        Some(t) => {
            let ms = t.as_nanos().div_ceil(1_000_000);
            PollTimeout::try_from(ms).unwrap_or(PollTimeout::MAX)
        }
    }
}
