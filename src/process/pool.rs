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

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Child, Error, Pipe, Program};
use crate::sync::JoinableQueue;

/// How long a dispatcher waits for a dead or finished worker to exit.
const REAP: Duration = Duration::from_secs(5);

/// Why a task has no result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskError {
    /// The task's function returned an error.
    Failed(String),
    /// The worker running it died: how it ended.
    WorkerDied(String),
    /// No worker could be started to run it.
    NoWorker(String),
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Failed(e) => write!(f, "the task failed: {e}"),
            TaskError::WorkerDied(how) => write!(f, "its worker died ({how})"),
            TaskError::NoWorker(e) => write!(f, "no worker could be started: {e}"),
        }
    }
}

impl std::error::Error for TaskError {}

/// A task's result.
pub type TaskResult = Result<Json, TaskError>;

/// What the pool sends a worker: tasks to run, in order.
#[derive(Debug, Serialize, Deserialize)]
struct Run(Vec<(String, Json)>);

/// What a worker sends back: one per task, as each finishes.
type Done = Result<Json, String>;

// ANCHOR: serve
/// The worker side: runs each task that arrives on `parent` with `run`,
/// sending each result back as soon as it is ready, until the pool closes
/// the pipe.
///
/// # Errors
///
/// When the pipe breaks or carries something other than tasks.
pub fn serve(mut parent: Pipe, run: impl Fn(&str, Json) -> Done) -> Result<(), Error> {
    loop {
        let Run(tasks) = match parent.recv() {
            Ok(tasks) => tasks,
            Err(Error::Closed) => return Ok(()),
            Err(e) => return Err(e),
        };
        for (name, arg) in tasks {
            parent.send(&run(&name, arg))?;
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

/// A job: tasks to run in order on one worker, and what to do with their
/// results.
struct Job {
    tasks: Vec<(String, Json)>,
    done: Box<dyn FnOnce(Vec<TaskResult>) + Send>,
}

// ANCHOR: pool
/// A pool of worker processes (Python's `multiprocessing.Pool`).
pub struct ProcessPool {
    jobs: Arc<JoinableQueue<Job>>,
    dispatchers: Vec<thread::JoinHandle<()>>,
    replaced: Arc<AtomicUsize>,
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

    /// Starts `n` workers with `spawn`.
    ///
    /// # Errors
    ///
    /// When a worker cannot be started.
    ///
    /// # Panics
    ///
    /// When the OS cannot create a dispatcher thread.
    pub fn with_spawn(n: usize, spawn: Arc<Spawn>) -> io::Result<Self> {
        let jobs = Arc::new(JoinableQueue::unbounded());
        let replaced = Arc::new(AtomicUsize::new(0));
        let mut dispatchers = Vec::new();
        for slot in 0..n {
            let worker = spawn(slot)?;
            let (jobs, spawn, replaced) = (Arc::clone(&jobs), Arc::clone(&spawn), Arc::clone(&replaced));
            let dispatcher = move || dispatch(slot, worker, &jobs, &*spawn, &replaced);
            let name = format!("dispatcher {slot}");
            dispatchers.push(thread::Builder::new().name(name).spawn(dispatcher).expect("a thread"));
        }
        Ok(ProcessPool { jobs, dispatchers, replaced })
    }

    fn submit(&self, tasks: Vec<(String, Json)>, done: impl FnOnce(Vec<TaskResult>) + Send + 'static) {
        let job = Job { tasks, done: Box::new(done) };
        if let Err(closed) = self.jobs.put(job) {
            let job = closed.0;
            let n = job.tasks.len();
            (job.done)(vec![Err(TaskError::NoWorker("the pool is closed".into())); n]);
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
        self.submit(vec![(name.to_owned(), arg.into())], move |mut results| {
            callback(results.pop().unwrap_or(Err(TaskError::NoWorker("no result".into()))));
        });
    }

    /// Runs `name` on every argument, `chunk` arguments to a job, and
    /// returns the results in the order of `args`, whatever order they
    /// finished in.
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
            let tasks: Vec<_> = args.by_ref().take(chunk).map(|a| (name.to_owned(), a)).collect();
            if tasks.is_empty() {
                break;
            }
            let (tx, start) = (tx.clone(), chunks * chunk);
            self.submit(tasks, move |results| {
                let _ = tx.send((start, results));
            });
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

    /// No more tasks: the ones queued still run, and workers exit when the
    /// queue is empty.
    pub fn close(&self) {
        self.jobs.close();
    }

    /// Closes the pool if it is not closed yet, and waits until every
    /// queued task has run and every worker has exited.
    pub fn join(mut self) {
        self.close();
        for d in self.dispatchers.drain(..) {
            let _ = d.join();
        }
    }

    /// How many workers died and were replaced.
    pub fn replaced(&self) -> usize {
        self.replaced.load(Relaxed)
    }
}

impl Drop for ProcessPool {
    /// Without [`join`](Self::join): queued tasks that have not started are
    /// dropped (their callbacks never run), as Python's `terminate()`. The
    /// dispatchers finish the job in hand; the workers are then closed.
    fn drop(&mut self) {
        self.jobs.close();
        while self.jobs.try_get().is_ok() {}
    }
}

// ANCHOR: dispatch
/// One dispatcher: feeds jobs to its worker until the queue is closed and
/// empty, replacing the worker whenever it dies.
fn dispatch(
    slot: usize,
    mut worker: Worker,
    jobs: &JoinableQueue<Job>,
    spawn: &Spawn,
    replaced: &AtomicUsize,
) {
    while let Some(Job { tasks, done }) = jobs.get() {
        let mut results = Vec::with_capacity(tasks.len());
        let mut rest = &tasks[..];
        while !rest.is_empty() {
            let ran = run_on(&mut worker, rest, &mut results);
            if ran == rest.len() {
                break;
            }
            // The worker died running rest[ran]: that task fails; the
            // ones after it never started and go to a new worker.
            let how = std::mem::replace(&mut worker, Worker::pipe(dead_pipe())).end();
            results.push(Err(TaskError::WorkerDied(how)));
            rest = &rest[ran + 1..];
            match spawn(slot) {
                Ok(fresh) => {
                    worker = fresh;
                    replaced.fetch_add(1, Relaxed);
                }
                Err(e) => {
                    results.extend(rest.iter().map(|_| Err(TaskError::NoWorker(e.to_string()))));
                    break;
                }
            }
        }
        done(results);
        let _ = jobs.task_done();
    }
    worker.end();
}
// ANCHOR_END: dispatch

/// Sends `tasks` to `worker` and collects their results, in order, until
/// it has them all or the worker dies: how many arrived.
fn run_on(worker: &mut Worker, tasks: &[(String, Json)], results: &mut Vec<TaskResult>) -> usize {
    if worker.pipe.send(&Run(tasks.to_vec())).is_err() {
        return 0;
    }
    for ran in 0..tasks.len() {
        match worker.pipe.recv::<Done>() {
            Ok(result) => results.push(result.map_err(TaskError::Failed)),
            Err(_) => return ran,
        }
    }
    tasks.len()
}

/// A pipe with nothing at either end: a placeholder while a worker is
/// replaced.
fn dead_pipe() -> Pipe {
    Pipe::new(io::empty(), io::sink())
}

// The pool is built on the sync shim's queue: outside loom only.
#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;
    use std::sync::Mutex;

    /// Worker threads instead of processes: `die` ends the worker as a
    /// crash would (its pipe closes mid-task).
    fn thread_pool(n: usize) -> ProcessPool {
        let spawn = |_slot: usize| {
            let (ours, theirs) = UnixStream::pair()?;
            let pipe = Pipe::new(theirs.try_clone()?, theirs);
            thread::spawn(move || {
                let _ = serve(pipe, |name, arg| match name {
                    "square" => Ok((arg.as_i64().unwrap_or(0).pow(2)).into()),
                    "fail" => Err("asked to".into()),
                    "die" => panic!("a worker dies"),
                    other => Err(format!("no task {other}")),
                });
            });
            Ok(Worker::pipe(Pipe::new(ours.try_clone()?, ours)))
        };
        ProcessPool::with_spawn(n, Arc::new(spawn)).unwrap()
    }

    #[test]
    fn apply_map_and_callbacks() {
        let pool = thread_pool(3);
        assert_eq!(pool.apply("square", 7), Ok(49.into()));
        assert_eq!(pool.apply("fail", 0), Err(TaskError::Failed("asked to".into())));
        let args: Vec<Json> = (0..20).map(Json::from).collect();
        let squares: Vec<TaskResult> = (0..20).map(|i: i64| Ok((i * i).into())).collect();
        assert_eq!(pool.map("square", args.clone(), 3), squares);
        assert_eq!(pool.map("square", args, 100), squares);
        let got = Arc::new(Mutex::new(Vec::new()));
        for i in 0..10 {
            let got = Arc::clone(&got);
            pool.apply_async("square", i, move |r| got.lock().unwrap().push(r.unwrap().as_i64().unwrap()));
        }
        pool.join();
        let mut got = Arc::try_unwrap(got).unwrap().into_inner().unwrap();
        got.sort_unstable();
        assert_eq!(got, (0..10).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn a_dead_worker_fails_its_task_only_and_is_replaced() {
        let pool = thread_pool(2);
        let tasks = vec![
            ("square".to_owned(), Json::from(2)),
            ("die".into(), Json::Null),
            ("square".into(), 3.into()),
        ];
        let (tx, rx) = mpsc::channel();
        pool.submit(tasks, move |r| tx.send(r).unwrap());
        let r = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(r[0], Ok(4.into()));
        assert!(matches!(r[1], Err(TaskError::WorkerDied(_))), "{r:?}");
        assert_eq!(r[2], Ok(9.into()), "the task after it ran on the new worker, once");
        assert_eq!(pool.replaced(), 1);
        assert_eq!(pool.apply("square", 3), Ok(9.into()));
        pool.join();
    }
}
