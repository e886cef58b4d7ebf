//! [`ProcessPool`]: a fixed set of worker processes that run tasks.
//!
//! A closure cannot be sent to another process, so a task is a *name* and
//! a JSON argument; each worker runs a table of named functions
//! ([`serve`]). The pool keeps one dispatcher thread per worker. Each takes
//! the next job from a shared queue (lesson 07's [`JoinableQueue`]), sends
//! its tasks to its worker, and collects one result per task, in order.
//!
//! A worker that dies (it panicked, aborted, or was killed) is noticed when
//! its pipe closes. The task it was running fails with
//! [`TaskError::WorkerDied`]; the dispatcher starts a new worker, which
//! runs the rest of the job. So no task is lost, and none runs twice: a
//! worker runs its tasks one after another, so the tasks after the one
//! that killed it had not started.

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Child, Error, Pipe, Program};
use crate::sync::JoinableQueue;

/// How long a dispatcher waits for a dead or finished worker to exit.
const REAP: Duration = Duration::from_secs(5);

/// A dispatcher sends its worker as many queued tasks at once as it
/// expects the worker to finish in this long (judging by the last ones),
/// so trivial tasks travel in batches and slow ones one at a time.
const BATCH_TIME: Duration = Duration::from_micros(200);

/// The most tasks in one batch.
const BATCH_MAX: usize = 1024;

/// Why a task has no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskError {
    /// The task's function returned an error.
    Failed(String),
    /// The worker running it died: how it ended.
    WorkerDied(String),
    /// No worker could be started to run it, or the pool was closed.
    NoWorker(String),
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Failed(e) => write!(f, "the task failed: {e}"),
            TaskError::WorkerDied(how) => write!(f, "its worker died ({how})"),
            TaskError::NoWorker(e) => write!(f, "no worker: {e}"),
        }
    }
}

impl std::error::Error for TaskError {}

/// A task's result.
pub type TaskResult = Result<Json, TaskError>;

/// What [`ProcessPool::apply_async`] calls with a task's result.
pub type Callback = Box<dyn FnOnce(TaskResult) + Send>;

/// What a worker's function returns for one task.
pub type Done = Result<Json, String>;

/// Work for a worker: run `name` on each argument. With `whole`, all the
/// results come back in one reply (a chunk of `map`); without, one reply
/// a task, as each finishes.
#[derive(Debug, Deserialize)]
struct Work {
    name: String,
    args: Vec<Json>,
    whole: bool,
}

/// [`Work`] as the pool sends it, borrowing the job's arguments.
#[derive(Serialize)]
struct WorkRef<'a> {
    name: &'a str,
    args: &'a [Json],
    whole: bool,
}

// ANCHOR: serve
/// The worker side: runs the tasks that arrive on `parent` with `run`,
/// one after another, and sends each result back as soon as it is ready
/// (a `map` chunk's results together), until the pool closes the pipe.
///
/// # Errors
///
/// When the pipe breaks or carries something other than work.
pub fn serve(mut parent: Pipe, run: impl Fn(&str, Json) -> Done) -> Result<(), Error> {
    loop {
        let batch: Vec<Work> = match parent.recv() {
            Ok(batch) => batch,
            Err(Error::Closed) => return Ok(()),
            Err(e) => return Err(e),
        };
        for Work { name, args, whole } in batch {
            if whole {
                let results: Vec<Done> = args.into_iter().map(|arg| run(&name, arg)).collect();
                parent.send(&results)?;
            } else {
                for arg in args {
                    // Sent before the next task starts: if that one kills
                    // the worker, this result has already left.
                    parent.send(&[run(&name, arg)])?;
                }
            }
        }
    }
}
// ANCHOR_END: serve

/// One worker: its pipe, and the process behind it (none for a worker
/// thread in tests).
pub struct Worker {
    pipe: Pipe,
    child: Option<Child>,
}

impl Worker {
    /// A worker process.
    pub fn process(mut child: Child) -> Self {
        Worker { pipe: child.take_pipe(), child: Some(child) }
    }

    /// A worker at the other end of `pipe`, with no process to reap.
    pub fn pipe(pipe: Pipe) -> Self {
        Worker { pipe, child: None }
    }

    fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Closes the pipe and waits for the process: how it ended.
    fn end(self) -> String {
        drop(self.pipe);
        match self.child.map(|c| c.join(REAP)) {
            None => "its pipe closed".to_owned(),
            Some(Ok(status)) => status.to_string(),
            Some(Err(e)) => e.to_string(),
        }
    }
}

/// Starts worker number `slot`.
pub type Spawn = dyn Fn(usize) -> io::Result<Worker> + Send + Sync;

/// A job: `name` on each of `args` on one worker, and what to do with the
/// results.
struct Job {
    name: String,
    args: Vec<Json>,
    whole: bool,
    done: Box<dyn FnOnce(Vec<TaskResult>) + Send>,
}

/// What the pool and its dispatchers share.
struct Shared {
    jobs: JoinableQueue<Job>,
    spawn: Arc<Spawn>,
    replaced: AtomicUsize,
    /// Set by `Drop`: stop, start no one, call back no one.
    terminating: AtomicBool,
    /// Each slot's worker process, while it is running: what `Drop`
    /// kills. A dispatcher clears its slot before it reaps the process,
    /// so a pid here never belongs to anyone else.
    live: Mutex<Vec<Option<u32>>>,
}

impl Shared {
    /// Records `worker` as slot's; false (and the worker is dropped,
    /// killing it) when the pool is terminating.
    fn enlist(&self, slot: usize, worker: &Worker) -> bool {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        if self.terminating.load(Relaxed) {
            return false;
        }
        live[slot] = worker.pid();
        true
    }

    fn forget(&self, slot: usize) {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)[slot] = None;
    }
}

// ANCHOR: pool
/// A pool of worker processes (Python's `multiprocessing.Pool`).
pub struct ProcessPool {
    shared: Arc<Shared>,
    dispatchers: Vec<thread::JoinHandle<()>>,
}
// ANCHOR_END: pool

impl fmt::Debug for ProcessPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessPool").field("workers", &self.dispatchers.len()).finish_non_exhaustive()
    }
}

impl ProcessPool {
    /// Starts `n` workers, each `program worker <role>`, whose `main`
    /// calls [`serve`].
    ///
    /// # Errors
    ///
    /// When a worker cannot be started.
    pub fn new(program: &Program, role: &str, n: usize) -> io::Result<Self> {
        let (program, role) = (program.clone(), role.to_owned());
        let spawn = move |slot: usize| {
            program.spawn(&format!("worker{slot}"), &role, None::<&str>).map(Worker::process)
        };
        Self::with_spawn(n, Arc::new(spawn))
    }

    /// Starts `n` workers with `spawn`. A worker made with
    /// [`Worker::pipe`] (a thread, in tests) has no process to kill, so
    /// dropping the pool waits for the task it is running.
    ///
    /// # Errors
    ///
    /// When a worker cannot be started.
    ///
    /// # Panics
    ///
    /// When the OS cannot create a dispatcher thread.
    pub fn with_spawn(n: usize, spawn: Arc<Spawn>) -> io::Result<Self> {
        let shared = Arc::new(Shared {
            jobs: JoinableQueue::unbounded(),
            spawn,
            replaced: AtomicUsize::new(0),
            terminating: AtomicBool::new(false),
            live: Mutex::new(vec![None; n]),
        });
        let mut pool = ProcessPool { shared, dispatchers: Vec::new() };
        for slot in 0..n {
            // On an error, dropping `pool` ends the workers started so far.
            let worker = (pool.shared.spawn)(slot)?;
            pool.shared.enlist(slot, &worker);
            let shared = Arc::clone(&pool.shared);
            let dispatcher = move || Dispatcher { slot, worker: Some(worker), shared: &shared }.run();
            let name = format!("dispatcher {slot}");
            pool.dispatchers.push(thread::Builder::new().name(name).spawn(dispatcher).expect("a thread"));
        }
        Ok(pool)
    }

    /// How many workers it has.
    pub fn workers(&self) -> usize {
        self.shared.live.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn submit(
        &self,
        name: &str,
        args: Vec<Json>,
        whole: bool,
        done: Box<dyn FnOnce(Vec<TaskResult>) + Send>,
    ) {
        let job = Job { name: name.to_owned(), args, whole, done };
        if let Err(closed) = self.shared.jobs.put(job) {
            let job = closed.0;
            (job.done)(vec![Err(TaskError::NoWorker("the pool is closed".into())); job.args.len()]);
        }
    }

    /// Runs `name(arg)` on a worker and waits for the result.
    pub fn apply(&self, name: &str, arg: impl Into<Json>) -> TaskResult {
        let (tx, rx) = mpsc::channel();
        self.apply_async(name, arg, move |result| {
            let _ = tx.send(result);
        });
        rx.recv().unwrap_or_else(|_| Err(TaskError::NoWorker("the pool went away".into())))
    }

    /// Queues `name(arg)`, and returns at once. `callback` gets the result,
    /// on a dispatcher thread, when the task finishes: callbacks run in the
    /// order tasks *finish*, not the order they were queued.
    pub fn apply_async(
        &self,
        name: &str,
        arg: impl Into<Json>,
        callback: impl FnOnce(TaskResult) + Send + 'static,
    ) {
        let done = move |mut results: Vec<TaskResult>| {
            callback(results.pop().unwrap_or(Err(TaskError::NoWorker("no result".into()))));
        };
        self.submit(name, vec![arg.into()], false, Box::new(done));
    }

    /// Runs `name` on every argument, `chunk` arguments to a job, and
    /// returns the results in the order of `args`, whatever order they
    /// finished in. A chunk's results come back together, so a worker
    /// dying in a chunk fails the whole chunk: which of its tasks had run
    /// cannot be known.
    ///
    /// # Panics
    ///
    /// If `chunk` is 0.
    pub fn map(&self, name: &str, args: Vec<Json>, chunk: usize) -> Vec<TaskResult> {
        assert!(chunk > 0, "a chunk holds at least one task");
        let (tx, rx) = mpsc::channel();
        let total = args.len();
        let mut chunks = 0;
        let mut args = args.into_iter();
        loop {
            let tasks: Vec<Json> = args.by_ref().take(chunk).collect();
            if tasks.is_empty() {
                break;
            }
            let (tx, start) = (tx.clone(), chunks * chunk);
            self.submit(
                name,
                tasks,
                true,
                Box::new(move |results| {
                    let _ = tx.send((start, results));
                }),
            );
            chunks += 1;
        }
        let mut out: Vec<Option<TaskResult>> = vec![None; total];
        for (start, results) in rx.iter().take(chunks) {
            for (i, r) in results.into_iter().enumerate() {
                out[start + i] = Some(r);
            }
        }
        out.into_iter().map(|r| r.unwrap_or(Err(TaskError::NoWorker("the pool went away".into())))).collect()
    }

    /// Python's default chunk size for `map` over `len` arguments: four
    /// chunks a worker.
    pub fn default_chunk(&self, len: usize) -> usize {
        len.div_ceil(4 * self.workers().max(1)).max(1)
    }

    /// No more tasks: the ones queued still run, and workers exit when the
    /// queue is empty.
    pub fn close(&self) {
        self.shared.jobs.close();
    }

    /// Closes the pool if it is not closed yet, and waits until every
    /// queued task has run, its callback has returned, and every worker
    /// has exited.
    pub fn join(mut self) {
        self.close();
        for d in self.dispatchers.drain(..) {
            let _ = d.join();
        }
    }

    /// How many workers died and were replaced.
    pub fn replaced(&self) -> usize {
        self.shared.replaced.load(Relaxed)
    }
}

// ANCHOR: terminate
impl Drop for ProcessPool {
    /// Without [`join`](Self::join), Python's `terminate()`: queued tasks
    /// are dropped and worker processes killed, so the tasks they were
    /// running never finish. No callback runs after the drop returns, and
    /// none runs for a task that did not finish before it.
    fn drop(&mut self) {
        let shared = &self.shared;
        shared.jobs.close();
        {
            let live = shared.live.lock().unwrap_or_else(PoisonError::into_inner);
            shared.terminating.store(true, Relaxed);
            for pid in live.iter().flatten() {
                // The pid is not reaped yet (see `Shared::live`): it is ours.
                let _ = super::kill9(*pid);
            }
        }
        while shared.jobs.try_get().is_ok() {}
        for d in self.dispatchers.drain(..) {
            let _ = d.join();
        }
    }
}
// ANCHOR_END: terminate

/// A job in a batch, with the results it has so far.
struct Pending {
    job: Job,
    results: Vec<TaskResult>,
}

impl Pending {
    fn complete(&self) -> bool {
        self.results.len() == self.job.args.len()
    }
}

/// One worker's dispatcher thread.
struct Dispatcher<'a> {
    slot: usize,
    /// None while the worker is dead and not yet replaced.
    worker: Option<Worker>,
    shared: &'a Shared,
}

// ANCHOR: dispatch
impl Dispatcher<'_> {
    /// Feeds batches of jobs to the worker until the queue is closed and
    /// empty, replacing the worker whenever it dies.
    fn run(mut self) {
        let mut per_task = BATCH_TIME; // a guess until results come in
        while let Some(first) = self.shared.jobs.get() {
            let mut tasks = first.args.len();
            let mut batch = VecDeque::from([Pending { job: first, results: Vec::new() }]);
            while tasks < BATCH_MAX && per_task * u32::try_from(tasks).unwrap_or(u32::MAX) < BATCH_TIME {
                let Ok(job) = self.shared.jobs.try_get() else { break };
                tasks += job.args.len();
                batch.push_back(Pending { job, results: Vec::new() });
            }
            self.run_batch(batch, &mut per_task);
        }
        self.bury();
    }

    /// Runs every job of the batch, on as many workers as it takes: a
    /// worker that dies is replaced at once, as Python's pool does.
    fn run_batch(&mut self, mut batch: VecDeque<Pending>, per_task: &mut Duration) {
        loop {
            if self.worker.is_none()
                && let Err(e) = self.restart()
            {
                for Pending { job, mut results } in batch.drain(..) {
                    results.resize(job.args.len(), Err(TaskError::NoWorker(e.clone())));
                    self.deliver(job, results);
                }
            }
            if batch.is_empty() {
                return;
            }
            self.run_on_worker(&mut batch, per_task);
        }
    }

    /// Sends the batch to the worker, and hands each job its results as
    /// soon as they are all in, until the batch is done or the worker
    /// dies. Then the task it was running (the chunk, for a `map` chunk)
    /// fails, and the rest of the batch waits for a new worker.
    fn run_on_worker(&mut self, batch: &mut VecDeque<Pending>, per_task: &mut Duration) {
        let Some(worker) = self.worker.as_mut() else { return };
        let work: Vec<WorkRef<'_>> = batch
            .iter()
            .map(|p| WorkRef { name: &p.job.name, args: &p.job.args[p.results.len()..], whole: p.job.whole })
            .collect();
        if worker.pipe.send(&work).is_err() {
            // It died before it could have started any of them.
            self.bury();
            return;
        }
        let mut last = Instant::now();
        while let Some(pending) = batch.front_mut() {
            let Some(worker) = self.worker.as_mut() else { return };
            let died = match worker.pipe.recv::<Vec<Done>>() {
                Ok(results) => {
                    let n = u32::try_from(results.len().max(1)).unwrap_or(u32::MAX);
                    *per_task = (*per_task * 7 + last.elapsed() / n) / 8;
                    last = Instant::now();
                    pending.results.extend(results.into_iter().map(|r| r.map_err(TaskError::Failed)));
                    false
                }
                // ANCHOR: death
                Err(_) => {
                    let how = self.bury();
                    let failed =
                        if pending.job.whole { pending.job.args.len() - pending.results.len() } else { 1 };
                    pending.results.extend((0..failed).map(|_| Err(TaskError::WorkerDied(how.clone()))));
                    // Replaced before anyone hears of the death. If it
                    // cannot be, `run_batch` tries again and says why.
                    let _ = self.restart();
                    true
                } // ANCHOR_END: death
            };
            if pending.complete() {
                let Pending { job, results } = batch.pop_front().expect("the front job");
                self.deliver(job, results);
            }
            if died {
                return;
            }
        }
    }

    /// Starts a new worker in place of the dead one.
    fn restart(&mut self) -> Result<(), String> {
        if self.shared.terminating.load(Relaxed) {
            return Err("the pool is terminating".into());
        }
        let fresh = (self.shared.spawn)(self.slot).map_err(|e| e.to_string())?;
        if !self.shared.enlist(self.slot, &fresh) {
            return Err("the pool is terminating".into());
        }
        self.worker = Some(fresh);
        self.shared.replaced.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Hands a job its results (unless the pool is terminating: then no
    /// callback runs) and marks it done.
    fn deliver(&self, job: Job, results: Vec<TaskResult>) {
        if !self.shared.terminating.load(Relaxed) {
            (job.done)(results);
        }
        let _ = self.shared.jobs.task_done();
    }

    /// Ends the worker, if there is one: how it ended.
    fn bury(&mut self) -> String {
        self.shared.forget(self.slot);
        self.worker.take().map_or_else(|| "no worker".to_owned(), Worker::end)
    }
}
// ANCHOR_END: dispatch

// The pool is built on the sync shim's queue: outside loom only.
#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;
    use std::sync::Mutex;

    /// A worker thread instead of a process: `square` dies (its pipe
    /// closes mid-task, as a crash would) on a negative number.
    fn thread_worker(_slot: usize) -> io::Result<Worker> {
        let (ours, theirs) = UnixStream::pair()?;
        let pipe = Pipe::new(theirs.try_clone()?, theirs);
        thread::spawn(move || {
            let _ = serve(pipe, |name, arg| match (name, arg.as_i64()) {
                ("square", Some(n)) if n < 0 => panic!("a worker dies"),
                ("square", Some(n)) => Ok((n * n).into()),
                ("fail", _) => Err("asked to".into()),
                (other, _) => Err(format!("no task {other} for {arg}")),
            });
        });
        Ok(Worker::pipe(Pipe::new(ours.try_clone()?, ours)))
    }

    fn thread_pool(n: usize) -> ProcessPool {
        ProcessPool::with_spawn(n, Arc::new(thread_worker)).unwrap()
    }

    #[test]
    fn apply_map_and_callbacks() {
        let pool = thread_pool(3);
        assert_eq!(pool.apply("square", 7), Ok(49.into()));
        assert_eq!(pool.apply("fail", 0), Err(TaskError::Failed("asked to".into())));
        let args: Vec<Json> = (0..20).map(Json::from).collect();
        let squares: Vec<TaskResult> = (0..20).map(|i: i64| Ok((i * i).into())).collect();
        assert_eq!(pool.map("square", args.clone(), 3), squares);
        assert_eq!(pool.map("square", args.clone(), pool.default_chunk(args.len())), squares);
        assert_eq!(pool.default_chunk(20), 2, "20 tasks, 3 workers: 12 chunks of 2");
        let got = Arc::new(Mutex::new(Vec::new()));
        for i in 0..1000 {
            let got = Arc::clone(&got);
            pool.apply_async("square", i, move |r| got.lock().unwrap().push(r.unwrap().as_i64().unwrap()));
        }
        pool.join();
        let mut got = Arc::try_unwrap(got).unwrap().into_inner().unwrap();
        got.sort_unstable();
        assert_eq!(got, (0..1000).map(|i| i * i).collect::<Vec<_>>(), "each callback ran once");
    }

    #[test]
    fn a_dead_worker_fails_its_task_only_and_is_replaced() {
        let pool = thread_pool(1);
        assert!(matches!(pool.apply("square", -1), Err(TaskError::WorkerDied(_))));
        assert_eq!(pool.apply("square", 3), Ok(9.into()));
        assert_eq!(pool.replaced(), 1);
        let chunked = pool.map("square", vec![1.into(), 2.into(), (-1).into(), 4.into()], 2);
        assert_eq!(chunked[..2], [Ok(1.into()), Ok(4.into())]);
        assert!(chunked[2..].iter().all(|r| matches!(r, Err(TaskError::WorkerDied(_)))), "{chunked:?}");
        pool.join();
    }

    #[test]
    fn a_batch_survives_a_death_in_its_middle() {
        let shared = Shared {
            jobs: JoinableQueue::unbounded(),
            spawn: Arc::new(thread_worker),
            replaced: AtomicUsize::new(0),
            terminating: AtomicBool::new(false),
            live: Mutex::new(vec![None]),
        };
        let got = Arc::new(Mutex::new(Vec::new()));
        let job = |args: &[i64], whole: bool| {
            let got = Arc::clone(&got);
            let args: Vec<Json> = args.iter().map(|&a| a.into()).collect();
            let first = args[0].clone();
            let done = move |r: Vec<TaskResult>| got.lock().unwrap().push((first, r));
            Pending {
                job: Job { name: "square".into(), args, whole, done: Box::new(done) },
                results: Vec::new(),
            }
        };
        let batch = VecDeque::from([
            job(&[1, 2], false),
            job(&[3, -1, 5], false),
            job(&[6], false),
            job(&[7, -2, 8], true),
            job(&[9], true),
        ]);
        for _ in 0..batch.len() {
            shared.jobs.put(job(&[0], false).job).unwrap();
            shared.jobs.try_get().unwrap(); // `deliver` marks each done
        }
        let mut dispatcher = Dispatcher { slot: 0, worker: Some(thread_worker(0).unwrap()), shared: &shared };
        dispatcher.run_batch(batch, &mut BATCH_TIME.clone());
        dispatcher.bury();
        let got = got.lock().unwrap();
        let died = |r: &TaskResult| matches!(r, Err(TaskError::WorkerDied(_)));
        assert_eq!(got.len(), 5, "every job called back once: {got:?}");
        assert_eq!(got[0].1, [Ok(1.into()), Ok(4.into())]);
        assert!(got[1].1[0] == Ok(9.into()) && died(&got[1].1[1]) && got[1].1[2] == Ok(25.into()), "{got:?}");
        assert_eq!(got[2].1, [Ok(36.into())], "after the death, on the new worker");
        assert!(got[3].1.iter().all(died), "a chunk fails whole: {got:?}");
        assert_eq!(got[4].1, [Ok(81.into())]);
        assert_eq!(shared.replaced.load(Relaxed), 2);
        assert_eq!(shared.jobs.unfinished(), 0);
    }
}
