//! Lesson 09: a pool of worker processes (P6).
//!
//! Python's program makes a `Pool(5)`, queues ten `Foo(i)` (sleep, then
//! return `i + 100`) with `apply_async` and a callback that prints the
//! result, then closes and joins the pool. Without the join, it says, the
//! program just ends. Here that program is [`foo`], and the two ways to get
//! it wrong are run for real:
//!
//! - [`exit_early`]: a child program that queues its tasks and returns from
//!   `main` without joining. Dropping the pool terminates it, and not one
//!   callback runs.
//! - [`callback_order`]: code that takes the k-th callback for the k-th
//!   task. Callbacks come in the order tasks *finish*; a [`Gate`] makes
//!   the tasks finish in a scripted order, so the mismatch is the same on
//!   every run.
//!
//! [`crashes`] kills workers every way a process can die and checks that
//! each task ran once and only the dying ones failed. [`versus_rayon`]
//! runs the same CPU-bound work on a rayon pool.
//!
//! Every worker is the lesson's binary re-run as `process-pool worker
//! pool`; its `main` hands the pipe to [`pool::serve`](crate::process::pool::serve) with
//! [`run_task`].

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value as Json, json};

use crate::process::pool::{Done, ProcessPool, TaskError, TaskResult};
use crate::process::{self, JoinError, Pipe, Program};

/// The role of a pool worker: `process-pool worker pool`.
pub const POOL: &str = "pool";

/// The role of a program that queues tasks on a pool of its own and ends,
/// joining the pool or not: `process-pool worker no-join …`.
pub const NO_JOIN: &str = "no-join";

/// The role of a program whose rayon task aborts.
pub const RAYON_ABORT: &str = "rayon-abort";

/// How long the lesson waits for a child, a callback or a task at a gate
/// before it gives up and says so.
pub const LIMIT: Duration = Duration::from_secs(10);

/// Why a run of the lesson could not finish.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure(e.to_string())
    }
}

impl From<process::Error> for Failure {
    fn from(e: process::Error) -> Self {
        Failure(e.to_string())
    }
}

impl From<JoinError> for Failure {
    fn from(e: JoinError) -> Self {
        Failure(e.to_string())
    }
}

// ANCHOR: tasks
/// The lesson's tasks: what a worker runs, by name. A closure cannot cross
/// into another process, so the pool sends a name and a JSON argument.
///
/// # Errors
///
/// An unknown name, or an argument the task cannot use.
pub fn run_task(name: &str, arg: Json) -> Done {
    match name {
        "foo" => {
            let (i, ms) = (number(&arg["i"])?, number(&arg["ms"])?);
            thread::sleep(Duration::from_millis(u64::try_from(ms).unwrap_or(0)));
            Ok((i + 100).into())
        }
        "add-one" => Ok((number(&arg)? + 1).into()),
        "spin" => Ok(spin(u64::try_from(number(&arg)?).unwrap_or(0)).into()),
        "gated" => {
            let i = number(&arg["i"])?;
            wait_at(Path::new(text(&arg["gate"])?), i).map_err(|e| e.to_string())?;
            Ok((i + 100).into())
        }
        "record" => record(&arg),
        other => Err(format!("no task is named {other:?}")),
    }
}
// ANCHOR_END: tasks

fn number(arg: &Json) -> Result<i64, String> {
    arg.as_i64().ok_or_else(|| format!("{arg} is not a whole number"))
}

fn text(arg: &Json) -> Result<&str, String> {
    arg.as_str().ok_or_else(|| format!("{arg} is not a string"))
}

/// CPU-bound work: `n` rounds of xorshift. The result depends on every
/// round, so none can be skipped.
pub fn spin(n: u64) -> u64 {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// How a [`crashes`] task ends, after writing that it ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Returns its number.
    Return,
    /// Panics: the worker's main thread unwinds and the process exits.
    Panic,
    /// `std::process::abort()`: SIGABRT.
    Abort,
    /// `std::process::exit(3)`, in the middle of the task.
    Exit,
    /// Waits at a gate until the parent kills the worker with SIGKILL.
    Kill,
}

impl Fate {
    /// Its name in the task's argument and in the lesson's output.
    pub fn name(self) -> &'static str {
        match self {
            Fate::Return => "return",
            Fate::Panic => "panic",
            Fate::Abort => "abort",
            Fate::Exit => "exit",
            Fate::Kill => "SIGKILL",
        }
    }
}

/// The `record` task: appends its number to the log, then meets its fate.
fn record(arg: &Json) -> Done {
    let i = number(&arg["i"])?;
    let mut log = OpenOptions::new().append(true).open(text(&arg["log"])?).map_err(|e| e.to_string())?;
    // One short write to a file opened for appending lands whole.
    log.write_all(format!("{i}\n").as_bytes()).map_err(|e| e.to_string())?;
    match text(&arg["fate"])? {
        "return" => Ok(i.into()),
        "panic" => panic!("task {i} panics"),
        "abort" => std::process::abort(),
        "exit" => std::process::exit(3),
        _ => {
            wait_at(Path::new(text(&arg["gate"])?), i).map_err(|e| e.to_string())?;
            Ok(i.into())
        }
    }
}

/// Where tasks wait until the parent lets them finish, one by one: how a
/// test or the lesson decides the order tasks finish in, without sleeps.
/// A task connects, says its number and pid, and waits for one byte.
pub struct Gate {
    listener: UnixListener,
    path: PathBuf,
}

/// A task waiting at a [`Gate`].
pub struct Arrival {
    /// The task's number.
    pub task: i64,
    /// The pid of the worker running it.
    pub pid: u32,
    stream: UnixStream,
}

impl Gate {
    /// A gate on a fresh socket in the temp dir.
    ///
    /// # Errors
    ///
    /// When the socket cannot be made.
    pub fn new() -> io::Result<Self> {
        let path = process::scratch("gate.sock");
        let _ = fs::remove_file(&path);
        let listener = UnixListener::bind(&path)?;
        listener.set_nonblocking(true)?;
        Ok(Gate { listener, path })
    }

    /// Its socket's path: what the tasks are given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next task to arrive, waiting at most `limit`.
    ///
    /// # Errors
    ///
    /// When none arrives in time, or the arrival says nothing sensible.
    pub fn arrival(&self, limit: Duration) -> io::Result<Arrival> {
        let start = Instant::now();
        // std's listener cannot accept with a timeout: poll it, backing off
        // from 50 µs to 5 ms (as `Child::join` waits).
        let mut pause = Duration::from_micros(50);
        let stream = loop {
            match self.listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && start.elapsed() < limit => {
                    thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(5));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let why = format!("no task arrived at the gate in {} ms", limit.as_millis());
                    return Err(io::Error::new(io::ErrorKind::TimedOut, why));
                }
                Err(e) => return Err(e),
            }
        };
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(limit))?;
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line)?;
        let bad = || io::Error::new(io::ErrorKind::InvalidData, format!("a gate heard {line:?}"));
        let (task, pid) = line.trim().split_once(' ').ok_or_else(bad)?;
        Ok(Arrival { task: task.parse().map_err(|_| bad())?, pid: pid.parse().map_err(|_| bad())?, stream })
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

impl Arrival {
    /// Lets the task finish.
    ///
    /// # Errors
    ///
    /// When the task is gone.
    pub fn release(mut self) -> io::Result<()> {
        self.stream.write_all(b"go")
    }
}

/// The task's side of a gate: says who it is and waits to be let go.
fn wait_at(gate: &Path, task: i64) -> io::Result<()> {
    let mut stream = UnixStream::connect(gate)?;
    writeln!(stream, "{task} {}", std::process::id())?;
    let mut go = [0; 2];
    stream.read_exact(&mut go)
}

/// The next message on `rx`; a failure naming `what` after [`LIMIT`].
fn recv<T>(rx: &mpsc::Receiver<T>, what: &str) -> Result<T, Failure> {
    rx.recv_timeout(LIMIT).map_err(|_| Failure(format!("{what}: nothing came in {} s", LIMIT.as_secs())))
}

/// The argument of `Foo(i)`.
pub fn foo_arg(i: i64, sleep: Duration) -> Json {
    json!({ "i": i, "ms": u64::try_from(sleep.as_millis()).unwrap_or(u64::MAX) })
}

/// Python's program, timed: `tasks` calls of `Foo` with `apply` (each
/// waits for its result), then with `apply_async` and a callback, then
/// `close` and `join`.
#[derive(Debug)]
pub struct FooOutcome {
    /// How long starting the pool took.
    pub start: Duration,
    /// How long the `apply` calls took, one after another.
    pub apply: Duration,
    /// Their results, in order.
    pub applied: Vec<TaskResult>,
    /// From the first `apply_async` to `join` returning.
    pub apply_async: Duration,
    /// `(i, result)` as each callback got it, in the order they ran.
    pub called_back: Vec<(i64, TaskResult)>,
}

// ANCHOR: foo
/// Python's P6 program: a pool of `workers`, `tasks` calls of `Foo(i)`,
/// which sleeps `sleep` and returns `i + 100`.
///
/// # Errors
///
/// When the pool cannot start.
pub fn foo(program: &Program, workers: usize, tasks: i64, sleep: Duration) -> Result<FooOutcome, Failure> {
    let start = Instant::now();
    let pool = ProcessPool::new(program, POOL, workers)?;
    let started = start.elapsed();

    let start = Instant::now();
    let applied = (0..tasks).map(|i| pool.apply("foo", foo_arg(i, sleep))).collect();
    let apply = start.elapsed();

    let start = Instant::now();
    let called_back = Arc::new(Mutex::new(Vec::new()));
    for i in 0..tasks {
        let called_back = Arc::clone(&called_back);
        pool.apply_async("foo", foo_arg(i, sleep), move |result| {
            called_back.lock().unwrap_or_else(PoisonError::into_inner).push((i, result));
        });
    }
    pool.close();
    pool.join(); // every callback has run
    let apply_async = start.elapsed();
    let called_back = std::mem::take(&mut *called_back.lock().unwrap_or_else(PoisonError::into_inner));
    Ok(FooOutcome { start: started, apply, applied, apply_async, called_back })
}
// ANCHOR_END: foo

/// What a program that queued tasks and ended saw.
#[derive(Debug)]
pub struct NoJoin {
    /// How many tasks it queued.
    pub queued: usize,
    /// The results its callbacks got, in the order they ran.
    pub called_back: Vec<i64>,
    /// How long the program ran.
    pub took: Duration,
    /// How it ended.
    pub status: String,
}

/// Runs a child program that makes a pool of `workers`, queues `tasks`
/// calls of `Foo` with callbacks that tell us their results, and returns
/// from `main`, after `close` and `join` or without them.
///
/// # Errors
///
/// When the child cannot run or says something that is not a result.
pub fn exit_early(
    program: &Program,
    workers: usize,
    tasks: usize,
    sleep: Duration,
    join: bool,
) -> Result<NoJoin, Failure> {
    let start = Instant::now();
    let args = [workers.to_string(), tasks.to_string(), sleep.as_millis().to_string(), join.to_string()];
    let mut child = program.spawn("no-join", NO_JOIN, args)?;
    let pipe = child.take_pipe();
    // The child's pipe is read on a thread, so that a child that never
    // closes it is a failure at the deadline, not a hang.
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut pipe = pipe;
        let got: Result<Vec<i64>, process::Error> = std::iter::from_fn(|| Some(pipe.recv()))
            .take_while(|r| !matches!(r, Err(process::Error::Closed)))
            .collect();
        let _ = tx.send(got);
    });
    let called_back = recv(&rx, "the no-join program")??;
    let status = child.join(LIMIT)?.to_string();
    Ok(NoJoin { queued: tasks, called_back, took: start.elapsed(), status })
}

// ANCHOR: no-join
/// The child of [`exit_early`]: `args` are workers, tasks, the sleep in
/// ms, and whether to join.
fn no_join(args: &[String]) -> Result<(), Failure> {
    let arg = |i: usize| -> Result<u64, Failure> {
        args.get(i).and_then(|a| a.parse().ok()).ok_or_else(|| Failure(format!("argument {i} of {args:?}")))
    };
    let (workers, tasks, ms) = (arg(0)?, arg(1)?, arg(2)?);
    let join = args.get(3).is_some_and(|a| a == "true");
    let parent = Arc::new(Mutex::new(Pipe::stdio()));
    let pool = ProcessPool::new(&Program::current()?, POOL, usize::try_from(workers).unwrap_or(1))?;
    for i in 0..i64::try_from(tasks).unwrap_or(0) {
        let parent = Arc::clone(&parent);
        pool.apply_async("foo", foo_arg(i, Duration::from_millis(ms)), move |result| {
            if let Ok(n) = result {
                let _ = parent.lock().unwrap_or_else(PoisonError::into_inner).send(&n);
            }
        });
    }
    if join {
        pool.close();
        pool.join();
    }
    Ok(()) // without the join, the pool is dropped here: terminated
}
// ANCHOR_END: no-join

/// How the tasks of [`callback_order`] finish.
#[derive(Clone, Debug)]
pub enum Finish {
    /// Each waits at a gate, and they are let go in this order (task
    /// numbers), each after the callback of the one before ran.
    Scripted(Vec<i64>),
    /// Python's `Foo`, all with the same sleep: the OS decides.
    Free(Duration),
}

/// What code that assumed callbacks arrive in submission order saw.
#[derive(Debug)]
pub struct Order {
    /// The inputs, in the order the tasks were queued.
    pub queued: Vec<i64>,
    /// `(input, result)` in the order the callbacks ran.
    pub called_back: Vec<(i64, i64)>,
    /// `pool.map` over the same inputs: results in input order.
    pub mapped: Vec<TaskResult>,
}

impl Order {
    /// The wrong code's pairs: the k-th callback's result taken as the
    /// k-th input's.
    pub fn assumed(&self) -> Vec<(i64, i64)> {
        self.queued.iter().zip(&self.called_back).map(|(&input, &(_, result))| (input, result)).collect()
    }

    /// How many of the wrong code's pairs are wrong.
    pub fn mismatched(&self) -> usize {
        self.queued.iter().zip(&self.called_back).filter(|(input, (from, _))| input != &from).count()
    }

    /// The wrong code's view, a row per callback: which task it was for,
    /// what it got, and the task the code took it for.
    pub fn table(&self) -> String {
        let mut out = String::from("  k  callback for  got   code that took it for task k\n");
        for (k, ((input, result), (assumed, _))) in self.called_back.iter().zip(self.assumed()).enumerate() {
            let verdict = if *input == assumed { "right" } else { "wrong" };
            out.push_str(&format!(
                "  {k}  task {input:<7} {result:<5} Foo({assumed}) = {result}: {verdict}\n"
            ));
        }
        out
    }

    /// Whether every callback came once, with the right result for its
    /// input, and `map` returned every result in input order.
    pub fn complete(&self) -> bool {
        let mut inputs: Vec<i64> = self.called_back.iter().map(|&(i, _)| i).collect();
        inputs.sort_unstable();
        let mapped: Vec<TaskResult> = self.queued.iter().map(|&i| Ok((i + 100).into())).collect();
        inputs == self.queued && self.called_back.iter().all(|&(i, r)| r == i + 100) && self.mapped == mapped
    }
}

// ANCHOR: order
/// Queues `tasks` tasks with `apply_async`; each callback records which
/// input it belonged to and what it got. Then `map` runs the same inputs.
///
/// # Errors
///
/// When the pool cannot start, a task fails, or a callback or task does
/// not come in time.
pub fn callback_order(
    program: &Program,
    workers: usize,
    tasks: i64,
    finish: &Finish,
) -> Result<Order, Failure> {
    // A scripted finish needs every task running at once, each on its own
    // worker: they are let go only when all have arrived.
    let workers = if matches!(finish, Finish::Scripted(_)) {
        workers.max(usize::try_from(tasks).unwrap_or(1))
    } else {
        workers
    };
    let pool = ProcessPool::new(program, POOL, workers)?;
    let gate = Gate::new()?;
    let gate_path = gate.path().to_string_lossy().into_owned();
    let arg = |i: i64| match finish {
        Finish::Scripted(_) => ("gated", json!({ "i": i, "gate": gate_path })),
        Finish::Free(sleep) => ("foo", foo_arg(i, *sleep)),
    };
    let (tx, rx) = mpsc::channel();
    let queued: Vec<i64> = (0..tasks).collect();
    // ANCHOR: callback
    for &i in &queued {
        let tx = tx.clone();
        let (name, arg) = arg(i);
        pool.apply_async(name, arg, move |result| {
            let _ = tx.send((i, result)); // the callback carries its input
        });
    }
    // ANCHOR_END: callback
    let mut called_back = Vec::new();
    let take = |called_back: &mut Vec<(i64, i64)>| -> Result<(), Failure> {
        let (i, result) = recv(&rx, "a callback")?;
        let n = result.map_err(|e| Failure(format!("task {i}: {e}")))?;
        called_back.push((i, n.as_i64().unwrap_or(-1)));
        Ok(())
    };
    if let Finish::Scripted(script) = finish {
        let mut waiting = Vec::new();
        for _ in &queued {
            waiting.push(Some(gate.arrival(LIMIT)?));
        }
        for &next in script {
            let at = waiting.iter().position(|a| a.as_ref().is_some_and(|a| a.task == next));
            let arrival = at.and_then(|at| waiting[at].take());
            arrival
                .ok_or_else(|| Failure(format!("the script lets task {next} go twice, or it never arrived")))?
                .release()?;
            take(&mut called_back)?;
        }
    }
    while called_back.len() < queued.len() {
        take(&mut called_back)?;
    }
    let mapped = match finish {
        // Gated tasks would wait for a release: `add-one` of i + 99 gives
        // the same results, i + 100.
        Finish::Scripted(_) => pool.map("add-one", queued.iter().map(|&i| (i + 99).into()).collect(), 1),
        Finish::Free(sleep) => pool.map("foo", queued.iter().map(|&i| foo_arg(i, *sleep)).collect(), 1),
    };
    pool.join();
    Ok(Order { queued, called_back, mapped })
}
// ANCHOR_END: order

/// The reverse of submission: the script [`callback_order`] is shown with.
pub fn reversed(tasks: i64) -> Finish {
    Finish::Scripted((0..tasks).rev().collect())
}

/// What happened to each task of [`crashes`].
#[derive(Debug)]
pub struct Crashes {
    /// Each task's fate and the result its callback got, in task order.
    pub results: Vec<(Fate, TaskResult)>,
    /// How many times each task ran, from the log they write to.
    pub runs: Vec<usize>,
    /// How many workers the pool replaced.
    pub replaced: usize,
}

impl Crashes {
    /// A row per task: its fate, how often it ran, what its callback got.
    pub fn table(&self) -> String {
        let mut out = String::from("  task  fate     ran  its callback got\n");
        for (i, ((fate, result), runs)) in self.results.iter().zip(&self.runs).enumerate() {
            let got = match result {
                Ok(v) => v.to_string(),
                Err(e) => e.to_string(),
            };
            out.push_str(&format!("  {i:>4}  {:<7}  {runs:>3}  {got}\n", fate.name()));
        }
        out
    }

    /// Whether the pool kept its promise: each task ran exactly once, those
    /// that returned have their number, and those whose worker died failed
    /// with [`TaskError::WorkerDied`].
    pub fn kept(&self) -> bool {
        let died = self.results.iter().filter(|(fate, _)| *fate != Fate::Return).count();
        self.runs.iter().all(|&n| n == 1)
            && self.replaced == died
            && self.results.iter().enumerate().all(|(i, (fate, result))| match fate {
                Fate::Return => result == &Ok(i.into()),
                _ => matches!(result, Err(TaskError::WorkerDied(_))),
            })
    }
}

/// The fates of the crash demo's twelve tasks: one of each way to die.
pub const FATES: [Fate; 12] = [
    Fate::Return,
    Fate::Return,
    Fate::Panic,
    Fate::Return,
    Fate::Return,
    Fate::Abort,
    Fate::Return,
    Fate::Return,
    Fate::Exit,
    Fate::Return,
    Fate::Kill,
    Fate::Return,
];

// ANCHOR: crashes
/// Runs one task per fate on a pool of `workers`; every task first writes
/// its number to a log. The parent kills (SIGKILL) each worker whose task
/// waits at the gate.
///
/// # Errors
///
/// When the pool or the log cannot be made, or a task or callback does not
/// come in time.
pub fn crashes(program: &Program, workers: usize, fates: &[Fate]) -> Result<Crashes, Failure> {
    let log = process::scratch("crashes.log");
    fs::write(&log, "")?;
    let gate = Gate::new()?;
    let pool = ProcessPool::new(program, POOL, workers)?;
    let (tx, rx) = mpsc::channel();
    for (i, fate) in fates.iter().enumerate() {
        let tx = tx.clone();
        let arg = json!({ "i": i, "fate": fate.name(), "log": log, "gate": gate.path() });
        pool.apply_async("record", arg, move |result| {
            let _ = tx.send((i, result));
        });
    }
    for _ in fates.iter().filter(|&&f| f == Fate::Kill) {
        let arrival = gate.arrival(LIMIT)?;
        // The worker is running the task, and waits for us: kill -9 it.
        process::kill9(arrival.pid)?;
    }
    let mut results: Vec<Option<TaskResult>> = vec![None; fates.len()];
    for _ in fates {
        let (i, result) = recv(&rx, "a callback")?;
        results[i] = Some(result);
    }
    let replaced = pool.replaced();
    pool.join();
    let mut runs = vec![0; fates.len()];
    for line in fs::read_to_string(&log)?.lines() {
        if let Some(n) = line.parse::<usize>().ok().and_then(|i| runs.get_mut(i)) {
            *n += 1;
        }
    }
    let _ = fs::remove_file(&log);
    let results = fates
        .iter()
        .zip(results)
        .map(|(&f, r)| (f, r.unwrap_or(Err(TaskError::NoWorker("none".into())))))
        .collect();
    Ok(Crashes { results, runs, replaced })
}
// ANCHOR_END: crashes

/// The same CPU-bound tasks on a rayon pool and on a process pool.
#[derive(Debug)]
pub struct Versus {
    /// How many tasks, and how many rounds of [`spin`] each.
    pub tasks: usize,
    /// Rounds of `spin` a task.
    pub work: u64,
    /// One thread, one task after another.
    pub sequential: Duration,
    /// A rayon pool of as many threads as the process pool has workers.
    pub rayon: Duration,
    /// Starting the process pool.
    pub pool_start: Duration,
    /// `map` on the process pool, with Python's default chunk size.
    pub pool: Duration,
    /// Whether all three got the same results.
    pub same: bool,
}

// ANCHOR: versus
/// Runs `tasks` tasks of `spin(work)` three ways.
///
/// # Errors
///
/// When a pool cannot start or a task fails.
pub fn versus_rayon(program: &Program, workers: usize, tasks: usize, work: u64) -> Result<Versus, Failure> {
    let start = Instant::now();
    let sequential: Vec<u64> = (0..tasks).map(|_| spin(work)).collect();
    let sequential_took = start.elapsed();

    let threads =
        rayon::ThreadPoolBuilder::new().num_threads(workers).build().map_err(|e| Failure(e.to_string()))?;
    let start = Instant::now();
    let by_rayon: Vec<u64> = threads.install(|| (0..tasks).into_par_iter().map(|_| spin(work)).collect());
    let rayon_took = start.elapsed();

    let start = Instant::now();
    let pool = ProcessPool::new(program, POOL, workers)?;
    let pool_start = start.elapsed();
    let start = Instant::now();
    let by_pool = pool.map("spin", vec![work.into(); tasks], pool.default_chunk(tasks));
    let pool_took = start.elapsed();
    pool.join();
    let by_pool: Vec<u64> = by_pool
        .into_iter()
        .map(|r| r.map(|v| v.as_u64().unwrap_or(0)))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure(e.to_string()))?;
    let same = by_rayon == sequential && by_pool == sequential;
    Ok(Versus {
        tasks,
        work,
        sequential: sequential_took,
        rayon: rayon_took,
        pool_start,
        pool: pool_took,
        same,
    })
}
// ANCHOR_END: versus

/// Runs a child whose rayon task aborts: how the child ended. A thread
/// cannot die alone; its whole process goes.
///
/// # Errors
///
/// When the child cannot be started or waited for.
pub fn abort_in_rayon(program: &Program) -> Result<String, Failure> {
    let child = program.spawn("rayon-abort", RAYON_ABORT, None::<&str>)?;
    Ok(child.join(LIMIT)?.to_string())
}

/// Runs `role` in a child process (called from the binary's `main` when it
/// was started as a worker).
///
/// # Errors
///
/// An unknown role, bad arguments, or a pipe that broke.
pub fn worker(role: &str, args: &[String]) -> Result<(), Failure> {
    match role {
        POOL => {
            no_core_dumps();
            Ok(process::pool::serve(Pipe::stdio(), run_task)?)
        }
        NO_JOIN => no_join(args),
        RAYON_ABORT => {
            no_core_dumps();
            let sums: u64 = (0..8u64)
                .into_par_iter()
                .map(|i| if i == 3 { std::process::abort() } else { spin(1000 + i) })
                .sum();
            Err(Failure(format!("every task ran ({sums}): none aborted")))
        }
        other => Err(Failure(format!("no worker role {other:?}"))),
    }
}

/// A worker that aborts on purpose should not leave a core file behind
/// (nor make its exit status read "core dumped" on some machines and not
/// others).
fn no_core_dumps() {
    let _ = nix::sys::resource::setrlimit(nix::sys::resource::Resource::RLIMIT_CORE, 0, 0);
}
