//! Lesson 12: one thread, many sockets. Three IO-bound tasks run one after
//! another, on a thread each, and interleaved on one thread by an event
//! loop (D1). The select echo server, with its queue per connection and
//! its list of sockets to write to, on select, poll and epoll, serving
//! several ports from one loop (X1, X2, X5), and on a `selectors`-style
//! registry of callbacks (X4); a client that drives two sockets (X3).
//!
//! Wrong, twice: an edge-triggered loop that reads once per report leaves
//! the rest of a long message in the socket, and nothing reports it again
//! until the client sends more; and select cannot watch a descriptor past
//! 1023, where poll and epoll can.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::thread;
use std::time::{Duration, Instant};

use crate::io::echo::{EchoServer, Options, Reads};
use crate::io::{Backend, Interest, Waiter};

/// How the three tasks of D1 share the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// One thread, one task after another: each waits for its own reply
    /// before the next starts.
    OneThread,
    /// A thread per task, each blocked in its own read.
    Threads,
    /// One thread: start every task, then wait for whichever reply comes
    /// first (epoll) and finish that task.
    EventDriven,
}

impl Model {
    /// All three, in the order of the lesson.
    pub const ALL: [Model; 3] = [Model::OneThread, Model::Threads, Model::EventDriven];

    /// `one thread`, as the binary prints it.
    pub fn name(self) -> &'static str {
        match self {
            Model::OneThread => "one thread, in turn",
            Model::Threads => "a thread per task",
            Model::EventDriven => "one thread, event loop",
        }
    }
}

/// What a task was doing from one moment to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// On the CPU.
    Work,
    /// Waiting for its reply.
    Wait,
}

/// One stretch of one task.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    /// The task, from 0.
    pub task: usize,
    /// Working or waiting.
    pub phase: Phase,
    /// From, since the run started.
    pub from: Duration,
    /// To.
    pub to: Duration,
}

/// A run of the three tasks.
#[derive(Clone, Debug)]
pub struct Tasks {
    /// How they shared the time.
    pub model: Model,
    /// Every stretch, as recorded.
    pub spans: Vec<Span>,
    /// Threads that ran task code.
    pub threads: usize,
    /// The whole run.
    pub took: Duration,
}

impl Tasks {
    /// The stretches of `task`, in order.
    pub fn of(&self, task: usize) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(move |s| s.task == task)
    }

    /// True when some task was waiting while another was still waiting
    /// too: the waits overlapped.
    pub fn waits_overlap(&self) -> bool {
        let waits: Vec<&Span> = self.spans.iter().filter(|s| s.phase == Phase::Wait).collect();
        waits.iter().any(|a| waits.iter().any(|b| a.task != b.task && a.from < b.to && b.from < a.to))
    }

    /// True when every task began after the one before it ended.
    pub fn one_after_another(&self) -> bool {
        let tasks = self.spans.iter().map(|s| s.task).max().map_or(0, |t| t + 1);
        (1..tasks).all(|t| {
            let start = self.of(t).map(|s| s.from).min();
            let end = self.of(t - 1).map(|s| s.to).max();
            start >= end
        })
    }

    /// The seed's picture: one row per task, `#` while it works, `-` while
    /// it waits, on a scale of `width` characters for the whole run.
    pub fn chart(&self, width: usize) -> String {
        let tasks = self.spans.iter().map(|s| s.task).max().map_or(0, |t| t + 1);
        let total = self.took.as_secs_f64().max(1e-9);
        let col = |d: Duration| ((d.as_secs_f64() / total) * width as f64).round() as usize;
        let mut out = String::new();
        for task in 0..tasks {
            let mut row = vec![' '; width];
            for span in self.of(task) {
                let (a, b) = (col(span.from).min(width), col(span.to).min(width));
                let mark = if span.phase == Phase::Work { '#' } else { '-' };
                for c in &mut row[a..b.max(a + 1).min(width)] {
                    *c = mark;
                }
            }
            out.push_str(&format!("task {} |{}|\n", task + 1, row.into_iter().collect::<String>()));
        }
        out
    }
}

/// A far end that answers each request after `delay`: the IO the tasks
/// wait for. Returns the task's end.
fn remote(delay: Duration) -> io::Result<UnixStream> {
    let (near, mut far) = UnixStream::pair()?;
    thread::Builder::new().name("remote".into()).spawn(move || {
        let mut request = [0u8; 1];
        while far.read_exact(&mut request).is_ok() {
            thread::sleep(delay);
            if far.write_all(&request).is_err() {
                break;
            }
        }
    })?;
    Ok(near)
}

/// Keeps the CPU busy for `d`: the part of a task that is not IO.
fn work(d: Duration) {
    let start = Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

/// Records spans against one clock, and which threads ran them.
struct Clock {
    start: Instant,
}

impl Clock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// Runs `f` as `phase` of `task` and records the span.
    fn span<T>(&self, task: usize, phase: Phase, spans: &mut Vec<Span>, f: impl FnOnce() -> T) -> T {
        let from = self.now();
        let out = f();
        spans.push(Span { task, phase, from, to: self.now() });
        out
    }

    /// One task with a blocking read: work, ask, wait for the reply, work.
    fn blocking_task(
        &self,
        task: usize,
        end: &mut UnixStream,
        work_for: Duration,
        spans: &mut Vec<Span>,
    ) -> io::Result<()> {
        self.span(task, Phase::Work, spans, || work(work_for));
        end.write_all(b"?")?;
        self.span(task, Phase::Wait, spans, || end.read_exact(&mut [0]))?;
        self.span(task, Phase::Work, spans, || work(work_for));
        Ok(())
    }
}

// ANCHOR: three-tasks
/// D1: three tasks that each work for `work`, ask a remote for something
/// that takes `io` to come, and work for `work` again.
///
/// # Errors
///
/// A socket failed.
pub fn three_tasks(model: Model, work_for: Duration, io_for: Duration) -> io::Result<Tasks> {
    let mut ends: Vec<UnixStream> = (0..3).map(|_| remote(io_for)).collect::<io::Result<_>>()?;
    let clock = Clock { start: Instant::now() };
    let mut spans = Vec::new();
    let threads = match model {
        Model::OneThread => {
            for (task, end) in ends.iter_mut().enumerate() {
                clock.blocking_task(task, end, work_for, &mut spans)?;
            }
            1
        }
        Model::Threads => {
            let clock = &clock;
            let per_thread: Vec<io::Result<Vec<Span>>> = thread::scope(|s| {
                let handles: Vec<_> = ends
                    .iter_mut()
                    .enumerate()
                    .map(|(task, end)| {
                        s.spawn(move || {
                            let mut spans = Vec::new();
                            clock.blocking_task(task, end, work_for, &mut spans)?;
                            Ok(spans)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().expect("a task thread panicked")).collect()
            });
            for s in per_thread {
                spans.extend(s?);
            }
            3
        }
        Model::EventDriven => {
            let mut waiter = Waiter::new(Backend::Epoll)?;
            let mut waiting_since = [Duration::ZERO; 3];
            for (task, end) in ends.iter_mut().enumerate() {
                clock.span(task, Phase::Work, &mut spans, || work(work_for));
                end.write_all(b"?")?;
                end.set_nonblocking(true)?;
                waiter.add(end.as_fd(), Interest::READ)?;
                waiting_since[task] = clock.now();
            }
            let (mut left, mut ready) = (ends.len(), Vec::new());
            while left > 0 {
                waiter.wait(&[], None, &mut ready)?;
                for r in &ready {
                    let task = ends.iter().position(|e| e.as_raw_fd() == r.fd).expect("one of ours");
                    match ends[task].read(&mut [0]) {
                        Ok(1) => {}
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                        _ => return Err(io::ErrorKind::UnexpectedEof.into()),
                    }
                    spans.push(Span { task, phase: Phase::Wait, from: waiting_since[task], to: clock.now() });
                    waiter.remove(ends[task].as_fd())?;
                    clock.span(task, Phase::Work, &mut spans, || work(work_for));
                    left -= 1;
                }
            }
            1
        }
    };
    Ok(Tasks { model, spans, threads, took: clock.now() })
}
// ANCHOR_END: three-tasks

/// What became of a message larger than one read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stall {
    /// Bytes the client sent, in one write.
    pub sent: usize,
    /// Bytes echoed before the client gave up waiting.
    pub echoed: usize,
    /// Bytes echoed after the client sent one byte more, when the first
    /// wait ended short.
    pub after_nudge: Option<usize>,
    /// How long the client waited in all.
    pub waited: Duration,
}

impl Stall {
    /// True when the echo stopped short of what was sent.
    pub fn stalled(&self) -> bool {
        self.echoed < self.sent
    }
}

/// Reads echoes into `got` until `want` bytes or until `patience` passes.
fn read_until(stream: &mut TcpStream, got: &mut usize, want: usize, patience: Duration) -> io::Result<()> {
    let deadline = Instant::now() + patience;
    let mut buf = vec![0u8; 64 * 1024];
    while *got < want {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => *got += n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

// ANCHOR: stall
/// Race (a): a server on `backend` that reads `reads` per report, and a
/// client that sends `size` bytes in one write and waits up to `patience`
/// for them to come back. If they do not, it sends one byte more and waits
/// again. Edge-triggered with [`Reads::Once`] stalls; every other pair
/// echoes it all.
///
/// # Errors
///
/// A socket failed.
pub fn stall(backend: Backend, reads: Reads, size: usize, patience: Duration) -> io::Result<Stall> {
    let server = EchoServer::start(Options { reads, ..Options::new(backend) })?;
    let mut client = TcpStream::connect(server.addr())?;
    client.set_nodelay(true)?;
    let started = Instant::now();
    client.write_all(&vec![b'x'; size])?;
    let mut echoed = 0;
    read_until(&mut client, &mut echoed, size, patience)?;
    let first = echoed;
    let mut after_nudge = None;
    if echoed < size {
        // New bytes are a new edge: the server reads once more.
        client.write_all(b"!")?;
        read_until(&mut client, &mut echoed, size + 1, patience)?;
        after_nudge = Some(echoed);
    }
    Ok(Stall { sent: size, echoed: first, after_nudge, waited: started.elapsed() })
}
// ANCHOR_END: stall

/// What a server did with a client whose socket is past descriptor 1023.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastLimit {
    /// The backend.
    pub backend: Backend,
    /// The lowest descriptor the server's socket could have had.
    pub fd_at_least: RawFd,
    /// What came back for `ping\n`: the echo, or the server's error line.
    pub reply: String,
}

impl PastLimit {
    /// True when the client got its echo.
    pub fn served(&self) -> bool {
        self.reply == "ping\n"
    }
}

/// The descriptor race (b) moves server sockets to: the first one select
/// cannot hold.
pub const PAST_SELECT: RawFd = 1024;

/// Makes sure this process may open descriptors up to `needed`, raising
/// its soft limit toward the hard one if it must.
///
/// # Errors
///
/// The hard limit is lower than `needed`.
pub fn allow_descriptors(needed: u64) -> io::Result<()> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
    if soft >= needed {
        return Ok(());
    }
    if hard < needed {
        return Err(io::Error::other(format!(
            "this process may open {hard} descriptors at most (ulimit -Hn); {needed} are needed"
        )));
    }
    setrlimit(Resource::RLIMIT_NOFILE, needed.max(soft), hard)?;
    Ok(())
}

// ANCHOR: past-limit
/// Race (b): a server whose accepted sockets land at descriptor 1024 or
/// above, as on a server with a thousand other files open, and a client
/// that sends `ping\n`.
///
/// # Errors
///
/// A socket failed, or the process may not open descriptor 1024.
pub fn past_select_limit(backend: Backend, patience: Duration) -> io::Result<PastLimit> {
    allow_descriptors(PAST_SELECT as u64 + 64)?;
    let server = EchoServer::start(Options { first_fd: Some(PAST_SELECT), ..Options::new(backend) })?;
    let mut client = TcpStream::connect(server.addr())?;
    client.write_all(b"ping\n")?;
    client.set_read_timeout(Some(patience))?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 256];
    while !reply.ends_with(b"\n") {
        match client.read(&mut buf)? {
            0 => break,
            n => reply.extend_from_slice(&buf[..n]),
        }
    }
    Ok(PastLimit { backend, fd_at_least: PAST_SELECT, reply: String::from_utf8_lossy(&reply).into_owned() })
}
// ANCHOR_END: past-limit

/// Reads exactly `n` bytes within `patience`.
fn read_n(stream: &mut TcpStream, n: usize, patience: Duration) -> io::Result<String> {
    stream.set_read_timeout(Some(patience))?;
    let mut buf = vec![0u8; n];
    stream.read_exact(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

// ANCHOR: two-sockets
/// X3: one client, two sockets to the same server: each message goes out
/// on both, and each echo is read back from both. Returns what happened,
/// one line a step.
///
/// # Errors
///
/// A socket failed, or an echo took longer than `patience`.
pub fn two_sockets(addr: SocketAddr, messages: &[&str], patience: Duration) -> io::Result<Vec<String>> {
    let mut socks = [TcpStream::connect(addr)?, TcpStream::connect(addr)?];
    let mut said = Vec::new();
    for message in messages {
        for (i, s) in socks.iter_mut().enumerate() {
            s.write_all(message.as_bytes())?;
            said.push(format!("socket {} sends    {message:?}", i + 1));
        }
        for (i, s) in socks.iter_mut().enumerate() {
            let echo = read_n(s, message.len(), patience)?;
            said.push(format!("socket {} receives {echo:?}", i + 1));
        }
    }
    Ok(said)
}
// ANCHOR_END: two-sockets

/// X5: one round trip of `message` to each of the server's ports. Returns
/// each port and its echo.
///
/// # Errors
///
/// A socket failed, or an echo took longer than `patience`.
pub fn every_port(server: &EchoServer, message: &str, patience: Duration) -> io::Result<Vec<(u16, String)>> {
    server
        .addrs()
        .iter()
        .map(|addr| {
            let mut s = TcpStream::connect(addr)?;
            s.write_all(message.as_bytes())?;
            Ok((addr.port(), read_n(&mut s, message.len(), patience)?))
        })
        .collect()
}
