//! Lesson 08, processes: separate memory, real pipes, and the same races
//! as threads, one level up. Ports P1–P5.
//!
//! Python's `multiprocessing` starts processes running a function (P1), and
//! passes them objects through a `Queue` (P2) or a `Pipe` (P3). A `Manager`
//! process owns a dict and a list that ten processes change (P4), and a
//! `Lock` keeps ten processes' output from mixing (P5).
//!
//! Here every child is a real OS process: the lesson binary, re-run in
//! worker mode (see [`crate::process`]), with its stdin and stdout as its
//! pipe to the parent. Processes share no memory, so no data race is even
//! possible between them; race *conditions* are, through whatever they do
//! share: a manager's counter ([`run_manager`]), a file ([`run_records`]).
//! A relay per child ([`crate::process::points`]) puts each child's steps
//! under the parent's [`Schedule`], so these races are forced, not hoped
//! for. And [`fork_hazard`] shows why Python stopped starting processes
//! with a bare `fork` by default.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::Path;
use std::process::{Command, ExitStatus};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::process::manager::{self, Client, Manager};
use crate::process::points::{self, SCHEDULED};
use crate::process::{self as proc, Child, Error, Pipe, Program, Queue, QueueHandle};
use crate::sched::{self, Schedule, ScheduleError};
use crate::trace::Trace;

/// How long the parent waits for a child to exit before killing it.
pub const JOIN_LIMIT: Duration = Duration::from_secs(10);

/// The steps a child of this lesson can take under a schedule.
pub const STEPS: &[&str] = &["gets", "sets", "updates", "appends", "locks", "writes", "unlocks"];

/// The manager's key that every client adds one to.
pub const COUNTER: &str = "counter";

/// Why a run could not be completed.
#[derive(Debug)]
pub enum Failure {
    /// The schedule could not be followed.
    Schedule(ScheduleError),
    /// A process could not be started or talked to.
    Process(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Schedule(e) => write!(f, "{e}"),
            Failure::Process(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<ScheduleError> for Failure {
    fn from(e: ScheduleError) -> Self {
        Failure::Schedule(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Process(e.to_string())
    }
}

impl From<proc::JoinError> for Failure {
    fn from(e: proc::JoinError) -> Self {
        Failure::Process(e.to_string())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Process(e.to_string())
    }
}

// ---------------------------------------------------------------- P1 P2 P3

/// What a child says first: who it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The name the parent gave it.
    pub name: String,
    /// Its process id: not the parent's.
    pub pid: u32,
}

/// P1: starts `n` children, each of which says hello, and joins them all.
///
/// # Errors
///
/// When a child cannot be started or does not answer.
pub fn start_and_join(program: &Program, n: usize) -> Result<Vec<(Hello, ExitStatus)>, Failure> {
    // ANCHOR: start-join
    let mut children = Vec::new();
    for name in sched::names(n) {
        children.push(program.spawn(&name, "hello", [&name])?); // start: all run at once
    }
    let mut said = Vec::new();
    for mut child in children {
        let hello: Hello = child.pipe().recv()?;
        let status = child.join(JOIN_LIMIT)?; // join
        said.push((hello, status));
    }
    // ANCHOR_END: start-join
    Ok(said)
}

/// What P3's pipe carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipeOutcome {
    /// The child's first message: Python's `[42, None, 'hello']`.
    pub first: (i64, Option<i64>, String),
    /// What the child answered to each of the parent's messages.
    pub replies: Vec<String>,
}

/// P3: a pipe both ways. The child sends `(42, None, "hello")`, then
/// answers each message the parent sends, until the parent closes its end.
///
/// # Errors
///
/// When the child cannot be started or breaks off.
pub fn pipe_both_ways(program: &Program, asks: &[&str]) -> Result<PipeOutcome, Failure> {
    // ANCHOR: pipe-parent
    let mut child = program.spawn("child", "pipe", None::<&str>)?;
    let pipe = child.pipe();
    let first: (i64, Option<i64>, String) = pipe.recv()?;
    let mut replies = Vec::new();
    for ask in asks {
        pipe.send(ask)?;
        replies.push(pipe.recv()?);
    }
    child.join(JOIN_LIMIT)?; // closes our end first
    // ANCHOR_END: pipe-parent
    Ok(PipeOutcome { first, replies })
}

/// What P2's queue delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueOutcome {
    /// How many children put, and how many messages each.
    pub children: usize,
    /// Messages per child.
    pub each: u32,
    /// `(child, number)` in the order the parent got them.
    pub got: Vec<(String, u32)>,
}

impl QueueOutcome {
    /// True when every message arrived exactly once and each child's
    /// arrived in the order it put them.
    pub fn complete_and_in_order(&self) -> bool {
        let mut by_child: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (who, n) in &self.got {
            by_child.entry(who).or_default().push(*n);
        }
        let want: Vec<u32> = (1..=self.each).collect();
        by_child.len() == self.children && by_child.values().all(|ns| *ns == want)
    }
}

/// P2: `children` children each put `each` messages into one queue; the
/// parent gets them all.
///
/// # Errors
///
/// When a child cannot be started, or the queue's server fails.
pub fn queue_from_children(program: &Program, children: usize, each: u32) -> Result<QueueOutcome, Failure> {
    let queue = Queue::new();
    let mut kids = Vec::new();
    let mut servers = Vec::new();
    for name in sched::names(children) {
        let mut child = program.spawn(&name, "put", [name.clone(), each.to_string()])?;
        servers.push(queue.serve(child.take_pipe()));
        kids.push(child);
    }
    let mut got = Vec::new();
    for _ in 0..children * each as usize {
        let message: (String, u32) = queue.get()?.ok_or(Error::Closed)?;
        got.push(message);
    }
    for server in servers {
        server.join().expect("the server does not panic")?;
    }
    for child in kids {
        child.join(JOIN_LIMIT)?;
    }
    Ok(QueueOutcome { children, each, got })
}

// ---------------------------------------------------------------- P4

/// How a client adds one to the manager's counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// `d["counter"] = d["counter"] + 1`: a get, then a set. Racy.
    GetThenSet,
    /// One `update` request: the manager adds, under its lock.
    Update,
}

impl Counting {
    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Counting::GetThenSet => "racy: get, then set",
            Counting::Update => "fixed: one update request",
        }
    }

    fn arg(self) -> &'static str {
        match self {
            Counting::GetThenSet => "get-set",
            Counting::Update => "update",
        }
    }
}

// ANCHOR: client
/// What each client process does with the manager: adds one to the
/// counter, then appends its name to the list.
fn client(manager: &mut Client, name: &str, counting: Counting) -> Result<(), Error> {
    match counting {
        Counting::GetThenSet => {
            let n = manager.get(COUNTER)?.and_then(|v| v.as_i64()).unwrap_or(0);
            // another process can get or set the counter right here
            manager.set(COUNTER, n + 1)?;
        }
        Counting::Update => {
            manager.update(COUNTER, 1)?;
        }
    }
    manager.append(name)
}
// ANCHOR_END: client

/// What one run of the manager lesson did.
#[derive(Clone, Debug)]
pub struct ManagerOutcome {
    /// How the clients counted.
    pub counting: Counting,
    /// How many client processes each added one.
    pub clients: usize,
    /// The counter at the end: `clients` when nothing was lost.
    pub counter: i64,
    /// The list at the end: each client's name, appended once.
    pub list: Vec<String>,
    /// The manager's process id, and the clients'.
    pub pids: (u32, Vec<u32>),
    /// Each client's steps, with lost updates marked.
    pub trace: Trace,
    /// Children that failed or broke their protocol.
    pub failures: Vec<String>,
}

impl ManagerOutcome {
    /// Updates lost.
    pub fn lost(&self) -> i64 {
        self.clients as i64 - self.counter
    }
}

/// The worst case for get-then-set, as a script: every client gets, then
/// every client sets; their appends follow round-robin.
pub fn racy_script(clients: usize) -> Vec<String> {
    let names = sched::names(clients);
    let gets = names.iter().map(|t| format!("{t} gets"));
    gets.chain(names.iter().map(|t| format!("{t} sets"))).collect()
}

/// The schedule for [`racy_script`].
pub fn racy_schedule(clients: usize) -> Schedule {
    Schedule::script(racy_script(clients)).then_round_robin()
}

/// P4: starts a manager process, sets the counter to 0, and runs `clients`
/// client processes under `schedule`, each adding one with `counting` and
/// appending its name.
///
/// # Errors
///
/// When a process cannot be started or the schedule cannot be followed.
pub fn run_manager(
    program: &Program,
    counting: Counting,
    clients: usize,
    schedule: Schedule,
) -> Result<ManagerOutcome, Failure> {
    let manager = Manager::start(program)?;
    let mut me = manager.connect()?;
    me.set(COUNTER, 0)?;
    let socket = manager.path().to_path_buf();
    let (pids, failures) = run_children(&schedule, clients, |name| {
        let args = [socket.as_os_str(), name.as_ref(), counting.arg().as_ref()];
        program.command("client", args)
    })?;
    let mut trace = schedule.finish()?;
    crate::lessons::mutex_race::mark_lost(&mut trace, 0, "gets", "sets", "updates");
    let counter = me.get(COUNTER)?.and_then(|v| v.as_i64()).unwrap_or(0);
    let list = me.list()?.iter().map(|v| v.as_str().unwrap_or("?").to_owned()).collect();
    let pids = (manager.id(), pids);
    drop(me);
    manager.shutdown(JOIN_LIMIT)?;
    Ok(ManagerOutcome { counting, clients, counter, list, pids, trace, failures })
}

/// Starts `n` children (named by [`sched::names`]) with `command(name)`,
/// under `schedule`: a relay per child when it is controlled. Waits for
/// them all; returns their pids and what went wrong with any of them.
fn run_children(
    schedule: &Schedule,
    n: usize,
    command: impl Fn(&str) -> Command,
) -> Result<(Vec<u32>, Vec<String>), Failure> {
    let names = sched::names(n);
    let controlled = schedule.is_controlled();
    // Every actor is registered before any child starts (see Schedule::actor).
    let mut actors: Vec<_> =
        if controlled { names.iter().map(|n| schedule.actor(n)).collect() } else { Vec::new() };
    let mut children = Vec::new();
    for name in &names {
        let mut command = command(name);
        if controlled {
            command.env(SCHEDULED, "1");
        }
        children.push(Child::spawn(name, command)?);
    }
    let relays: Vec<_> = actors
        .drain(..)
        .zip(&mut children)
        .map(|(actor, child)| {
            let name = child.name().to_owned();
            (name.clone(), points::relay(actor, &name, child.take_pipe(), STEPS))
        })
        .collect();
    let mut failures = Vec::new();
    for (name, relay) in relays {
        if let Err(e) = relay.join().expect("a relay does not panic") {
            failures.push(format!("{name}: {e}"));
        }
    }
    let pids = children.iter().map(Child::id).collect();
    for child in children {
        let name = child.name().to_owned();
        match child.join(JOIN_LIMIT) {
            Ok(status) if status.success() => {}
            Ok(status) => failures.push(format!("{name} exited with {status}")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    Ok((pids, failures))
}

// ---------------------------------------------------------------- P5

/// How record writers share the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locking {
    /// Each writer just writes its lines.
    None,
    /// Each writer holds an exclusive `flock` on the file while it writes.
    Flock,
}

impl Locking {
    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Locking::None => "racy: no lock",
            Locking::Flock => "fixed: flock around each record",
        }
    }

    fn arg(self) -> &'static str {
        match self {
            Locking::None => "none",
            Locking::Flock => "flock",
        }
    }
}

/// Lines in one record.
pub const RECORD_LINES: usize = 3;

// ANCHOR: record
/// What each writer process does: appends a record of [`RECORD_LINES`]
/// lines to `file`, one `write` a line (as `print` does), holding an
/// exclusive lock on the file for the whole record when `locking` says so.
fn write_record(file: &mut File, name: &str, locking: Locking, scheduled: bool) -> io::Result<()> {
    if locking == Locking::Flock {
        if scheduled {
            // Under a schedule a blocked flock would stall the schedule,
            // which cannot see it: ask without blocking, as a step, until
            // the lock is ours.
            while points::point("locks", || if file.try_lock().is_ok() { "got it" } else { "busy" }) == "busy"
            {
            }
        } else {
            file.lock()?; // waits while another process holds it
        }
    }
    let pid = std::process::id();
    let lines = [
        format!("{name} 1/3 hello world\n"),
        format!("{name} 2/3 from pid {pid}\n"),
        format!("{name} 3/3 done\n"),
    ];
    for (i, line) in lines.iter().enumerate() {
        let mut wrote = Ok(());
        points::point("writes", || {
            wrote = file.write_all(line.as_bytes()); // one write(2): one line
            i + 1
        });
        wrote?;
    }
    if locking == Locking::Flock {
        let mut unlocked = Ok(());
        points::point("unlocks", || unlocked = file.unlock());
        unlocked?;
    }
    Ok(())
}
// ANCHOR_END: record

/// What one run of the records lesson did.
#[derive(Clone, Debug)]
pub struct RecordsOutcome {
    /// How the writers shared the file.
    pub locking: Locking,
    /// How many writer processes.
    pub writers: usize,
    /// The file's lines, in order.
    pub lines: Vec<String>,
    /// Each writer's steps.
    pub trace: Trace,
    /// Children that failed.
    pub failures: Vec<String>,
}

impl RecordsOutcome {
    /// The writers whose record is not whole: its lines are not next to
    /// each other, in order.
    pub fn torn(&self) -> Vec<String> {
        torn_records(&self.lines, self.writers)
    }
}

/// The writers (of `writers`) whose record in `lines` is not
/// [`RECORD_LINES`] lines in a row, in order.
pub fn torn_records(lines: &[String], writers: usize) -> Vec<String> {
    sched::names(writers)
        .into_iter()
        .filter(|name| {
            let at: Vec<usize> =
                (0..lines.len()).filter(|&i| lines[i].split(' ').next() == Some(name)).collect();
            let whole = at.len() == RECORD_LINES
                && at.windows(2).all(|w| w[1] == w[0] + 1)
                && at.iter().enumerate().all(|(k, &i)| lines[i].starts_with(&format!("{name} {}/", k + 1)));
            !whole
        })
        .collect()
}

/// P5: `writers` processes each append a record to one fresh file under
/// `schedule`, sharing it as `locking` says.
///
/// # Errors
///
/// When a process cannot be started or the schedule cannot be followed.
pub fn run_records(
    program: &Program,
    locking: Locking,
    writers: usize,
    schedule: Schedule,
) -> Result<RecordsOutcome, Failure> {
    let path = proc::scratch("records.txt");
    File::create(&path)?;
    let run = run_children(&schedule, writers, |name| {
        program.command("record", [path.as_os_str(), name.as_ref(), locking.arg().as_ref()])
    });
    let lines = fs::read_to_string(&path);
    let _ = fs::remove_file(&path);
    let (_, failures) = run?;
    let mut trace = schedule.finish()?;
    mark_torn(&mut trace);
    let lines = lines?.lines().map(str::to_owned).collect();
    Ok(RecordsOutcome { locking, writers, lines, trace, failures })
}

/// Marks every line written into the middle of another writer's record:
/// a `writes` step that follows another process's `writes` of a line
/// before its last.
pub fn mark_torn(trace: &mut Trace) {
    let mut open: Option<usize> = None; // the writer whose record is unfinished
    for e in trace.events.iter_mut().filter(|e| e.label == "writes") {
        if let Some(w) = open.filter(|&w| w != e.thread) {
            e.mark = Some(format!("lands inside {}'s record", trace.threads[w]));
        }
        let last = e.value.as_int() == Some(RECORD_LINES as i128);
        open = if last { None } else { Some(e.thread) };
    }
}

// ---------------------------------------------------------------- fork

/// How a child process is started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// `fork()`: the child is a copy of this process, memory and locks
    /// included, with only the thread that forked.
    Fork,
    /// `fork` and `exec` at once (`std::process::Command`, Python's
    /// `spawn`): the child is a fresh program with fresh memory.
    SpawnExec,
}

/// What became of a child that tried to take a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It took the lock and exited.
    Took(Duration),
    /// It was still waiting for the lock at the deadline, and was killed.
    Deadlocked(Duration),
    /// Something else went wrong.
    Failed(String),
}

/// What one fork-hazard run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForkOutcome {
    /// How the child was started.
    pub start: Start,
    /// Whether another thread of the parent held the lock at that moment.
    pub held: bool,
    /// What became of the child.
    pub fate: Fate,
    /// Whether the parent could take its own lock afterwards.
    pub parent_took_it: bool,
}

/// The fork hazard: a thread of this process holds a lock (when `held`)
/// while the main thread starts a child the `start` way; the child then
/// takes that lock. After a fork the child has a copy of the lock, held,
/// and no copy of the thread that would release it: it waits forever,
/// which the parent detects at `limit` and ends with `SIGKILL`. A spawned
/// program has its own memory, and its own lock.
///
/// # Panics
///
/// When the OS cannot create a thread or a process at all.
pub fn fork_hazard(program: &Program, start: Start, held: bool, limit: Duration) -> ForkOutcome {
    let lock = Arc::new(std::sync::Mutex::new(()));
    let (holding_tx, holding) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let holder = held.then(|| {
        let lock = Arc::clone(&lock);
        thread::spawn(move || {
            let _guard = lock.lock();
            let _ = holding_tx.send(());
            let _ = release_rx.recv_timeout(limit * 4);
        })
    });
    if holder.is_some() {
        holding.recv_timeout(limit).expect("the holder thread takes the lock");
    }
    let fate = match start {
        Start::Fork => fork_and_lock(&lock, limit),
        Start::SpawnExec => match (Instant::now(), program.spawn("fresh", "lock", None::<&str>)) {
            (_, Err(e)) => Fate::Failed(e.to_string()),
            (began, Ok(child)) => match child.join(limit) {
                Ok(status) if status.success() => Fate::Took(began.elapsed()),
                Ok(status) => Fate::Failed(format!("exited with {status}")),
                Err(proc::JoinError::TimedOut(d)) => Fate::Deadlocked(d),
                Err(e) => Fate::Failed(e.to_string()),
            },
        },
    };
    drop(release);
    if let Some(holder) = holder {
        holder.join().expect("the holder does not panic");
    }
    let parent_took_it = lock.try_lock().is_ok();
    ForkOutcome { start, held, fate, parent_took_it }
}

// ANCHOR: fork
/// Forks; the child takes `lock` and exits. Waits for it at most `limit`.
#[allow(unsafe_code)]
fn fork_and_lock(lock: &std::sync::Mutex<()>, limit: Duration) -> Fate {
    use nix::sys::signal::{Signal, kill};
    use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
    use nix::unistd::{ForkResult, fork};

    let began = Instant::now();
    // SAFETY: between fork and exit the child runs only async-signal-safe
    // code: it takes a std Mutex (an atomic swap, and the futex system call
    // when the lock is held) and calls `_exit`. It allocates nothing,
    // prints nothing, and runs no destructors.
    match unsafe { fork() } {
        Ok(ForkResult::Child) => {
            let guard = lock.lock(); // the copy of a lock held by a thread that is not here
            drop(guard);
            // SAFETY: `_exit` ends the process at once; nothing is shared
            // with the parent that it could leave half done.
            unsafe { nix::libc::_exit(0) }
        }
        Err(e) => Fate::Failed(format!("fork: {e}")),
        Ok(ForkResult::Parent { child }) => loop {
            match waitpid(child, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::Exited(_, 0)) => return Fate::Took(began.elapsed()),
                Ok(WaitStatus::StillAlive) if began.elapsed() < limit => {
                    thread::sleep(Duration::from_millis(1))
                }
                Ok(WaitStatus::StillAlive) => {
                    let _ = kill(child, Signal::SIGKILL);
                    let _ = waitpid(child, None);
                    return Fate::Deadlocked(limit);
                }
                Ok(other) => return Fate::Failed(format!("{other:?}")),
                Err(e) => return Fate::Failed(format!("waitpid: {e}")),
            }
        },
    }
}
// ANCHOR_END: fork

// ---------------------------------------------------------------- bad input

/// What a misbehaving child sends before it stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bad {
    /// Half a frame, then a normal exit.
    Truncated,
    /// A header announcing 4 GiB.
    Oversized,
    /// A whole frame that is not JSON.
    Garbage,
    /// Half a frame, then `abort()`: it dies mid-message.
    Dies,
}

impl Bad {
    /// Every kind.
    pub const ALL: [Bad; 4] = [Bad::Truncated, Bad::Oversized, Bad::Garbage, Bad::Dies];

    /// A short name, and the worker's argument.
    pub fn name(self) -> &'static str {
        match self {
            Bad::Truncated => "truncated",
            Bad::Oversized => "oversized",
            Bad::Garbage => "garbage",
            Bad::Dies => "dies",
        }
    }
}

/// How the parent fared with a misbehaving child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadOutcome {
    /// What the child did.
    pub bad: Bad,
    /// The error the parent's `recv` reported.
    pub error: String,
    /// How the child ended.
    pub status: String,
}

/// Starts a child that misbehaves as `bad`, and reports what the parent's
/// `recv` said and how the child ended. The parent goes on either way.
///
/// # Errors
///
/// When the child cannot be started, or what it sent was read as a message.
pub fn bad_child(program: &Program, bad: Bad) -> Result<BadOutcome, Failure> {
    let mut child = program.spawn(bad.name(), "bad", [bad.name()])?;
    let error = match child.pipe().recv::<String>() {
        Ok(m) => return Err(Failure::Process(format!("{m:?} was read as a message"))),
        Err(e) => e.to_string(),
    };
    let status = match child.join(JOIN_LIMIT) {
        Ok(s) => s.to_string(),
        Err(e) => e.to_string(),
    };
    Ok(BadOutcome { bad, error, status })
}

// ---------------------------------------------------------------- workers

/// The worker side of this lesson: runs `role` with `args` in this process
/// (started by [`Program::spawn`]). Returns an error to print on failure.
///
/// # Errors
///
/// A role's own failure, or an unknown role.
pub fn worker(role: &str, args: &[String]) -> Result<(), String> {
    let arg =
        |i: usize| args.get(i).map(String::as_str).ok_or_else(|| format!("{role}: argument {i} missing"));
    let e = |e: Error| e.to_string();
    match role {
        "hello" => {
            Pipe::stdio().send(&Hello { name: arg(0)?.to_owned(), pid: std::process::id() }).map_err(e)
        }
        "pipe" => {
            // ANCHOR: pipe-child
            let mut parent = Pipe::stdio();
            parent.send(&(42, None::<i64>, "hello")).map_err(e)?;
            loop {
                match parent.recv::<String>() {
                    Ok(ask) => parent.send(&format!("{ask}? {} heard you", std::process::id())).map_err(e)?,
                    Err(Error::Closed) => return Ok(()), // the parent closed its end: done
                    Err(other) => return Err(other.to_string()),
                }
            }
            // ANCHOR_END: pipe-child
        }
        "put" => {
            let mut queue = QueueHandle::stdio();
            let n: u32 = arg(1)?.parse().map_err(|_| "put: a count".to_owned())?;
            (1..=n).try_for_each(|i| queue.put(&(arg(0)?, i)).map_err(e))
        }
        manager::ROLE => manager::run_server(Path::new(arg(0)?), Pipe::stdio()).map_err(e),
        "client" => {
            points::link_if_scheduled();
            let counting =
                if arg(2)? == Counting::Update.arg() { Counting::Update } else { Counting::GetThenSet };
            let mut manager = Client::connect(Path::new(arg(0)?)).map_err(|e| e.to_string())?;
            client(&mut manager, arg(1)?, counting).map_err(e)
        }
        "record" => {
            let scheduled = points::link_if_scheduled();
            let locking = if arg(2)? == Locking::Flock.arg() { Locking::Flock } else { Locking::None };
            let mut file = OpenOptions::new().append(true).open(arg(0)?).map_err(|e| e.to_string())?;
            write_record(&mut file, arg(1)?, locking, scheduled).map_err(|e| e.to_string())
        }
        "lock" => {
            // A fresh program: its lock is its own, and free.
            let lock = std::sync::Mutex::new(());
            drop(lock.lock());
            Ok(())
        }
        "bad" => misbehave(arg(0)?),
        other => Err(format!("no worker role {other:?}")),
    }
}

/// The worker role `bad`: sends what `kind` says to stdout, raw.
fn misbehave(kind: &str) -> Result<(), String> {
    let mut out = io::stdout().lock();
    let e = |e: io::Error| e.to_string();
    match kind {
        "truncated" => out.write_all(b"\0\0\0\x64only ten b").map_err(e)?,
        "oversized" => out.write_all(&[0xff; 4]).map_err(e)?,
        "garbage" => proc::frame::write_frame(&mut out, b"\x00\x9f not json").map_err(e)?,
        "dies" => {
            out.write_all(b"\0\0\0\x64half a mess").map_err(e)?;
            out.flush().map_err(e)?;
            std::process::abort();
        }
        other => return Err(format!("no bad kind {other:?}")),
    }
    out.flush().map_err(e)
}

// ---------------------------------------------------------------- tallies

/// Many runs of the manager lesson, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagerTally {
    /// How many runs.
    pub runs: usize,
    /// Runs that lost at least one update.
    pub bad_runs: usize,
    /// The fewest and the most updates lost in one run.
    pub min_lost: i64,
    /// The most updates lost in one run.
    pub max_lost: i64,
    /// Runs whose list missed or doubled a client's append.
    pub bad_lists: usize,
    /// Children that failed, over all runs.
    pub failures: usize,
}

impl ManagerTally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &ManagerOutcome) {
        let lost = outcome.lost();
        self.min_lost = if self.runs == 0 { lost } else { self.min_lost.min(lost) };
        self.max_lost = self.max_lost.max(lost);
        self.runs += 1;
        self.bad_runs += usize::from(lost != 0);
        let mut list = outcome.list.clone();
        list.sort();
        self.bad_lists += usize::from(list != sched::names(outcome.clients));
        self.failures += outcome.failures.len();
    }

    /// `counter = 10 in 5/5 runs`, or how many runs lost updates.
    pub fn summary(&self, clients: usize) -> String {
        let runs = self.runs;
        if self.bad_runs == 0 {
            format!("counter = {clients} in {runs}/{runs} runs")
        } else if self.min_lost == self.max_lost && self.bad_runs == runs {
            let end = clients as i64 - self.max_lost;
            format!("counter = {end} in {runs}/{runs} runs: {} of {clients} updates lost", self.max_lost)
        } else {
            format!("updates lost in {}/{runs} runs (at most {})", self.bad_runs, self.max_lost)
        }
    }
}

/// Runs the manager lesson `runs` times, the `i`th under `schedule(i)`.
///
/// # Errors
///
/// The first run that could not be completed.
pub fn tally_manager(
    program: &Program,
    counting: Counting,
    clients: usize,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<ManagerTally, Failure> {
    super::tally_runs(runs, schedule, |s| run_manager(program, counting, clients, s), ManagerTally::add)
}

/// Many runs of the records lesson, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordsTally {
    /// How many runs.
    pub runs: usize,
    /// Runs with at least one torn record.
    pub torn_runs: usize,
    /// The most torn records in one run.
    pub max_torn: usize,
    /// Runs whose file did not hold every line exactly once.
    pub bad_files: usize,
    /// Children that failed, over all runs.
    pub failures: usize,
}

impl RecordsTally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &RecordsOutcome) {
        let torn = outcome.torn().len();
        self.runs += 1;
        self.torn_runs += usize::from(torn > 0);
        self.max_torn = self.max_torn.max(torn);
        self.bad_files += usize::from(outcome.lines.len() != outcome.writers * RECORD_LINES);
        self.failures += outcome.failures.len();
    }

    /// `0 torn records in 5/5 runs`, or how many runs tore records.
    pub fn summary(&self, writers: usize) -> String {
        let runs = self.runs;
        if self.torn_runs == 0 {
            format!("every record whole in {runs}/{runs} runs")
        } else {
            format!("torn records in {}/{runs} runs (up to {} of {writers})", self.torn_runs, self.max_torn)
        }
    }
}

/// Runs the records lesson `runs` times, the `i`th under `schedule(i)`.
///
/// # Errors
///
/// The first run that could not be completed.
pub fn tally_records(
    program: &Program,
    locking: Locking,
    writers: usize,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<RecordsTally, Failure> {
    super::tally_runs(runs, schedule, |s| run_records(program, locking, writers, s), RecordsTally::add)
}
