//! Real processes: started, joined, talked to, and scheduled.
//!
//! Python's `multiprocessing.Process(target=f)` runs `f` in a new process.
//! Rust has no way to send a closure to another process, so a [`Program`]
//! re-runs an executable (the lesson's own binary) in *worker mode*:
//! `processes worker <role> <args…>`. The child's stdin and stdout become
//! its [`Pipe`] to the parent; its stderr is the terminal's.
//!
//! - [`frame`]: length-prefixed frames, the wire format under everything.
//! - [`Pipe`]: typed messages both ways over a frame stream.
//! - [`Queue`]: a queue many processes put to and get from.
//! - [`manager`]: a process that owns a dict and a list and serves them to
//!   clients over a Unix domain socket.
//! - [`pool`]: a pool of worker processes that run named tasks.
//! - [`points`]: a child's steps, scheduled by the parent's
//!   [`Schedule`](crate::sched::Schedule), so a race between processes is
//!   forced like one between threads.
//!
//! Everything here runs on std's own threads and locks: processes are not
//! something loom can model.

pub mod frame;
pub mod manager;
mod pipe;
pub mod points;
pub mod pool;
mod queue;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};
use std::{fmt, io, thread};

pub use pipe::{Error, Pipe};
pub use queue::{Queue, QueueHandle, Request as QueueRequest};

/// The first argument that puts a program in worker mode.
pub const WORKER: &str = "worker";

/// An executable that can be re-run as a worker: the lesson binary itself
/// ([`Program::current`]), or in tests `env!("CARGO_BIN_EXE_processes")`.
#[derive(Clone, Debug)]
pub struct Program {
    path: PathBuf,
}

impl Program {
    /// The executable at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Program { path: path.into() }
    }

    /// The running executable.
    ///
    /// # Errors
    ///
    /// When the OS cannot say where it is.
    pub fn current() -> io::Result<Self> {
        Ok(Program::new(std::env::current_exe()?))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The command that starts `role` in worker mode, with `args`, and the
    /// child's stdin and stdout as its pipe to us.
    pub fn command<I, S>(&self, role: &str, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut command = Command::new(&self.path);
        command.arg(WORKER).arg(role);
        command.args(args.into_iter().map(Into::into));
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        command
    }

    /// Starts `role` in worker mode: `program worker <role> <args…>`.
    ///
    /// # Errors
    ///
    /// When the OS cannot start it.
    pub fn spawn<I, S>(&self, name: &str, role: &str, args: I) -> io::Result<Child>
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        Child::spawn(name, self.command(role, args))
    }
}

/// A fresh path in the temporary directory, unique to this process and
/// call, ending in `what` (a socket, a log): `workbook-<pid>-<n>-<what>`.
pub fn scratch(what: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Relaxed);
    std::env::temp_dir().join(format!("workbook-{}-{n}-{what}", std::process::id()))
}

/// Sends process `pid` `SIGKILL`, as `kill -9` does: for a process known
/// only by its pid (a pool's worker, a task at a gate). The caller must
/// know the pid is not reaped yet, or it may be someone else's by now.
///
/// # Errors
///
/// When the process cannot be signalled.
pub fn kill9(pid: u32) -> io::Result<()> {
    let pid = i32::try_from(pid).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "not a pid"))?;
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL)
        .map_err(io::Error::from)
}

/// The worker-mode arguments of this process, if it was started as a
/// worker: `(role, args)`.
pub fn worker_args() -> Option<(String, Vec<String>)> {
    let mut args = std::env::args().skip(1);
    if args.next()? != WORKER {
        return None;
    }
    let role = args.next().unwrap_or_default();
    Some((role, args.collect()))
}

/// A child process we started, with its pipe. Dropping it kills the child
/// if it is still running and reaps it: no zombies, no orphans.
pub struct Child {
    name: String,
    process: std::process::Child,
    pipe: Option<Pipe>,
}

impl fmt::Debug for Child {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Child").field("name", &self.name).field("pid", &self.id()).finish()
    }
}

/// Why [`Child::join`] gave up.
#[derive(Debug)]
pub enum JoinError {
    /// The child was still running at the deadline; it has been killed.
    TimedOut(Duration),
    /// Waiting failed.
    Io(io::Error),
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::TimedOut(d) => write!(f, "still running after {} ms; killed", d.as_millis()),
            JoinError::Io(e) => write!(f, "waiting for the child: {e}"),
        }
    }
}

impl std::error::Error for JoinError {}

impl Child {
    /// Starts `command`, whose stdin and stdout must be piped.
    ///
    /// # Errors
    ///
    /// When the OS cannot start it.
    ///
    /// # Panics
    ///
    /// If the command's stdin or stdout is not piped.
    pub fn spawn(name: &str, mut command: Command) -> io::Result<Child> {
        let mut process = command.spawn()?;
        let stdin = process.stdin.take().expect("stdin is piped");
        let stdout = process.stdout.take().expect("stdout is piped");
        Ok(Child { name: name.to_owned(), process, pipe: Some(Pipe::new(stdout, stdin)) })
    }

    /// The name we gave it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.process.id()
    }

    /// Our end of its pipe.
    ///
    /// # Panics
    ///
    /// If the pipe was taken.
    pub fn pipe(&mut self) -> &mut Pipe {
        self.pipe.as_mut().expect("the pipe was taken")
    }

    /// Takes our end of its pipe, to hand to another thread. Dropping it
    /// closes the child's stdin: the child reads a clean end.
    ///
    /// # Panics
    ///
    /// If the pipe was taken already.
    pub fn take_pipe(&mut self) -> Pipe {
        self.pipe.take().expect("the pipe was taken")
    }

    /// Closes our end of the pipe, then waits for the child to exit, at
    /// most `limit`; a child still running then is killed.
    ///
    /// # Errors
    ///
    /// [`JoinError::TimedOut`] when it had to be killed.
    pub fn join(mut self, limit: Duration) -> Result<ExitStatus, JoinError> {
        self.pipe = None;
        wait_for(&mut self.process, limit)
    }

    /// Kills it now (`SIGKILL`), as a crash or `kill -9` would.
    ///
    /// # Errors
    ///
    /// When it cannot be signalled.
    pub fn kill(&mut self) -> io::Result<()> {
        self.process.kill()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if let Ok(None) = self.process.try_wait() {
            let _ = self.process.kill();
            let _ = self.process.wait();
        }
    }
}

/// Waits for `process` to exit, at most `limit`, killing it then.
fn wait_for(process: &mut std::process::Child, limit: Duration) -> Result<ExitStatus, JoinError> {
    let start = Instant::now();
    // A child has no waitable handle in std other than `wait`, which cannot
    // time out: poll, backing off from 50 µs to 5 ms.
    let mut pause = Duration::from_micros(50);
    loop {
        if let Some(status) = process.try_wait().map_err(JoinError::Io)? {
            return Ok(status);
        }
        if start.elapsed() >= limit {
            let _ = process.kill();
            let _ = process.wait();
            return Err(JoinError::TimedOut(limit));
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}
