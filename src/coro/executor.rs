//! A single-threaded executor: what gevent's hub and asyncio's event loop
//! are, in a few hundred lines.
//!
//! - A *task* is a spawned future, boxed, in a slot of [`Local::tasks`].
//! - Its [`Waker`] is an `Arc<TaskWaker>` (built with [`std::task::Wake`]):
//!   waking puts the task's slot number on the run queue, once.
//! - The run loop takes the whole queue at a time and polls each task in
//!   it. A task polled again returns `Pending` after it has handed its waker
//!   to whatever it waits for: a timer, a socket, another task.
//! - When the queue is empty, the loop sleeps in the [`Reactor`] until the
//!   next timer is due or a socket is ready, and wakes the tasks that wait
//!   for them.
//!
//! Everything runs on the thread that called [`block_on`]: a task that
//! blocks that thread (a `std::thread::sleep`, a blocking read) stops every
//! other task with it. That is lesson 11's wrong version.
//!
//! Wakers are `Send + Sync` (std requires it), so another thread may wake a
//! task: it pushes onto the queue and, if the loop is asleep in the
//! reactor, interrupts the wait.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use super::reactor::Reactor;
use super::wake::{self, RunQueue};

type BoxFuture = Pin<Box<dyn Future<Output = ()>>>;

/// The slot number of the future passed to [`block_on`].
const MAIN: usize = usize::MAX;

/// How many tasks the loop polls before it looks at timers and sockets
/// again, even when more tasks are ready: tasks that keep yielding cannot
/// starve the ones waiting for IO.
const BATCH: usize = 256;

// ANCHOR: waker
/// What every waker of one executor shares, across threads.
struct Queue {
    run: RunQueue,
    /// Interrupts the reactor's wait.
    reactor: Arc<mio::Waker>,
}

/// A task's waker: waking it queues the task's slot, unless it is already
/// queued.
struct TaskWaker {
    slot: usize,
    queued: wake::AtomicBool,
    queue: Arc<Queue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.queue.run.wake(self.slot, &self.queued) {
            // Best effort: if the wake-up cannot be written, the loop wakes
            // at its next timer or event anyway.
            let _ = self.queue.reactor.wake();
        }
    }
}
// ANCHOR_END: waker

/// A spawned task: its future and its waker (the same `TaskWaker`, as a
/// `Waker` and as itself).
struct Task {
    future: BoxFuture,
    waker: Waker,
    wake: Arc<TaskWaker>,
}

/// The executor's state on its own thread.
struct Local {
    queue: Arc<Queue>,
    tasks: RefCell<Vec<Option<Task>>>,
    free: RefCell<Vec<usize>>,
    /// Sleeping tasks by deadline (and a sequence number, for equal ones).
    timers: RefCell<BTreeMap<(Instant, u64), Waker>>,
    next_timer: Cell<u64>,
    reactor: Reactor,
    spawned: Cell<u64>,
    polls: Cell<u64>,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Local>>> = const { RefCell::new(None) };
}

fn with_local<T>(what: &str, f: impl FnOnce(&Rc<Local>) -> T) -> T {
    CURRENT.with(|c| {
        let local = c.borrow().clone();
        match local {
            Some(local) => f(&local),
            None => panic!("{what} needs a running executor: call it inside coro::block_on"),
        }
    })
}

/// What one [`block_on`] did: for the lessons' outcomes and the benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Tasks spawned.
    pub spawned: u64,
    /// Times a task (or the main future) was polled.
    pub polls: u64,
}

// ANCHOR: block_on
/// Runs `future` to completion on this thread, with every task it spawns,
/// and returns its output. Tasks still unfinished when it completes are
/// dropped, as when Python's event loop closes.
///
/// # Panics
///
/// Inside another `block_on` on the same thread, if the OS refuses an
/// epoll instance, or when a task panics (the panic goes on from here).
pub fn block_on<T>(future: impl Future<Output = T>) -> T {
    block_on_stats(future).0
}

/// [`block_on`], also returning how many tasks were spawned and polled.
///
/// # Panics
///
/// As [`block_on`].
pub fn block_on_stats<T>(future: impl Future<Output = T>) -> (T, Stats) {
    let reactor = Reactor::new().expect("the OS gives us an epoll instance");
    let queue = Arc::new(Queue { run: RunQueue::new(), reactor: reactor.waker() });
    let local = Rc::new(Local {
        queue: Arc::clone(&queue),
        tasks: RefCell::new(Vec::new()),
        free: RefCell::new(Vec::new()),
        timers: RefCell::new(BTreeMap::new()),
        next_timer: Cell::new(0),
        reactor,
        spawned: Cell::new(0),
        polls: Cell::new(0),
    });
    let _current = Install::new(Rc::clone(&local));
    let main_waker = Arc::new(TaskWaker { slot: MAIN, queued: wake::AtomicBool::new(true), queue });
    let waker = Waker::from(Arc::clone(&main_waker));
    let mut future = std::pin::pin!(future);
    local.queue.run.push(MAIN);
    let mut batch = VecDeque::new();
    let mut since_glance = 0;
    loop {
        if batch.is_empty() {
            // Everything woken so far, in the order it was woken.
            local.queue.run.take_all(&mut batch);
        }
        if batch.is_empty() {
            local.sleep_until_woken(); // nothing to run: wait for a timer, a socket, a waker
            since_glance = 0;
            continue;
        }
        for _ in 0..BATCH {
            let Some(slot) = batch.pop_front() else { break };
            if slot == MAIN {
                main_waker.queued.store(false, Ordering::Release);
                local.polls.set(local.polls.get() + 1);
                if let Poll::Ready(out) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
                    let stats = Stats { spawned: local.spawned.get(), polls: local.polls.get() };
                    return (out, stats);
                }
            } else {
                local.run(slot);
            }
            since_glance += 1;
        }
        if since_glance >= BATCH {
            // Tasks are still ready, but timers and sockets get a look in.
            local.glance();
            since_glance = 0;
        }
    }
}
// ANCHOR_END: block_on

/// Makes `local` this thread's executor until dropped.
struct Install;

impl Install {
    fn new(local: Rc<Local>) -> Self {
        CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            assert!(c.is_none(), "block_on inside block_on: a task must .await, not block the thread");
            *c = Some(local);
        });
        Install
    }
}

impl Drop for Install {
    fn drop(&mut self) {
        // Take the executor out first, then drop it (and its tasks) with the
        // slot free: a task's drop may look for the executor.
        let local = CURRENT.with(|c| c.borrow_mut().take());
        drop(local);
    }
}

impl Local {
    // ANCHOR: run
    /// Polls the task in `slot`, if it is still there.
    fn run(&self, slot: usize) {
        // Out of its slot while it runs: it may spawn, and spawning
        // borrows the slots.
        let Some(mut task) = self.tasks.borrow_mut().get_mut(slot).and_then(Option::take) else {
            return; // finished, or woken by a waker that outlived its task
        };
        task.wake.queued.store(false, Ordering::Release);
        self.polls.set(self.polls.get() + 1);
        if task.future.as_mut().poll(&mut Context::from_waker(&task.waker)).is_ready() {
            self.free.borrow_mut().push(slot);
        } else {
            self.tasks.borrow_mut()[slot] = Some(task);
        }
    }
    // ANCHOR_END: run

    fn spawn(&self, future: BoxFuture) {
        self.spawned.set(self.spawned.get() + 1);
        let mut tasks = self.tasks.borrow_mut();
        let slot = self.free.borrow_mut().pop().unwrap_or_else(|| {
            tasks.push(None);
            tasks.len() - 1
        });
        let wake =
            Arc::new(TaskWaker { slot, queued: wake::AtomicBool::new(true), queue: Arc::clone(&self.queue) });
        tasks[slot] = Some(Task { future, waker: Waker::from(Arc::clone(&wake)), wake });
        self.queue.run.push(slot);
    }

    // ANCHOR: wait
    /// Wakes the tasks whose timers are due and whose sockets are ready,
    /// without waiting for either.
    fn glance(&self) {
        self.fire_timers();
        if self.reactor.has_sources() {
            self.reactor.poll(Some(Duration::ZERO));
        }
    }

    /// Sleeps in the reactor until the next timer is due, a socket is
    /// ready, or a waker on another thread interrupts; then wakes the tasks
    /// that were waiting for it.
    fn sleep_until_woken(&self) {
        self.fire_timers();
        let timeout =
            self.timers.borrow().keys().next().map(|(at, _)| at.saturating_duration_since(Instant::now()));
        // A waker on another thread may have queued a task before it saw us
        // asleep, and a due timer may have queued one: `may_sleep` looks.
        if self.queue.run.may_sleep() {
            self.reactor.poll(timeout);
        }
        self.queue.run.awake();
        self.fire_timers();
    }
    // ANCHOR_END: wait

    fn fire_timers(&self) {
        if self.timers.borrow().is_empty() {
            return; // no clock to read
        }
        let now = Instant::now();
        loop {
            let due = {
                let mut timers = self.timers.borrow_mut();
                match timers.first_key_value() {
                    Some((&(at, _), _)) if at <= now => timers.pop_first().map(|(_, w)| w),
                    _ => None,
                }
            };
            match due {
                Some(waker) => waker.wake(),
                None => return,
            }
        }
    }
}

/// Runs `future` as a task of the running executor, beside the others, and
/// returns a handle that completes with its output (`gevent.spawn`,
/// `asyncio.create_task`). The task runs even if the handle is dropped.
///
/// # Panics
///
/// Outside [`block_on`].
pub fn spawn<T: 'static>(future: impl Future<Output = T> + 'static) -> JoinHandle<T> {
    let state = Rc::new(RefCell::new(JoinState { output: None, waiter: None }));
    let theirs = Rc::clone(&state);
    let task = async move {
        let out = future.await;
        let waiter = {
            let mut s = theirs.borrow_mut();
            s.output = Some(out);
            s.waiter.take()
        };
        if let Some(w) = waiter {
            w.wake();
        }
    };
    with_local("spawn", |l| l.spawn(Box::pin(task)));
    JoinHandle { state }
}

struct JoinState<T> {
    output: Option<T>,
    waiter: Option<Waker>,
}

/// A spawned task's output, when it is done: `.await` it (or pass several
/// to [`join_all`]).
pub struct JoinHandle<T> {
    state: Rc<RefCell<JoinState<T>>>,
}

impl<T> JoinHandle<T> {
    /// True once the task has finished (and its output is not yet taken).
    pub fn is_finished(&self) -> bool {
        self.state.borrow().output.is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = self.state.borrow_mut();
        match s.output.take() {
            Some(out) => Poll::Ready(out),
            None => {
                s.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

// ANCHOR: join_all
/// Waits for every future and returns their outputs in the order given
/// (`gevent.joinall`, `asyncio.gather`).
///
/// Each future gets a waker of its own that notes its index before it
/// wakes this task, so a poll of `join_all` polls only the futures that
/// were woken: joining n tasks costs O(n), not O(n) per wake-up.
pub async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    let woken =
        Arc::new(Woken { indices: Mutex::new((0..pending.len()).collect()), parent: Mutex::new(None) });
    let wakers: Vec<Waker> = (0..pending.len())
        .map(|index| Waker::from(Arc::new(Child { index, woken: Arc::clone(&woken) })))
        .collect();
    let mut left = pending.len();
    std::future::poll_fn(|cx| {
        *woken.parent.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        let ready = std::mem::take(&mut *woken.indices.lock().unwrap_or_else(PoisonError::into_inner));
        for i in ready {
            if outputs[i].is_some() {
                continue; // finished already; a late wake-up
            }
            if let Poll::Ready(v) = pending[i].as_mut().poll(&mut Context::from_waker(&wakers[i])) {
                outputs[i] = Some(v);
                left -= 1;
            }
        }
        if left == 0 { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    outputs.into_iter().map(|o| o.expect("every future finished")).collect()
}

/// Which of `join_all`'s futures were woken, and who to tell.
struct Woken {
    indices: Mutex<Vec<usize>>,
    parent: Mutex<Option<Waker>>,
}

/// The waker of `join_all`'s future number `index`.
struct Child {
    index: usize,
    woken: Arc<Woken>,
}

impl Wake for Child {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.indices.lock().unwrap_or_else(PoisonError::into_inner).push(self.index);
        if let Some(parent) = self.woken.parent.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            parent.wake_by_ref();
        }
    }
}
// ANCHOR_END: join_all

// ANCHOR: yield_now
/// Lets every other ready task run before this one goes on: gevent's
/// `sleep(0)`, asyncio's `await asyncio.sleep(0)`.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref(); // back on the queue, behind the others
        Poll::Pending
    })
    .await;
}
// ANCHOR_END: yield_now

// ANCHOR: sleep
/// Waits for `duration` without blocking the thread: the task's waker goes
/// to the executor's timers, and other tasks run meanwhile (`gevent.sleep`,
/// `asyncio.sleep`).
///
/// # Panics
///
/// Outside [`block_on`].
pub fn sleep(duration: Duration) -> Sleep {
    Sleep { deadline: Instant::now() + duration, key: None }
}

/// The future [`sleep`] returns.
pub struct Sleep {
    deadline: Instant,
    key: Option<(Instant, u64)>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            self.cancel();
            return Poll::Ready(());
        }
        let deadline = self.deadline;
        let key = with_local("sleep", |l| {
            let key = self.key.unwrap_or_else(|| {
                l.next_timer.set(l.next_timer.get() + 1);
                (deadline, l.next_timer.get())
            });
            l.timers.borrow_mut().insert(key, cx.waker().clone());
            key
        });
        self.key = Some(key);
        Poll::Pending
    }
}

impl Sleep {
    fn cancel(&mut self) {
        if let Some(key) = self.key.take() {
            // The executor may be gone already (its tasks are dropped last).
            let _ = CURRENT.try_with(|c| c.borrow().as_ref().map(|l| l.timers.borrow_mut().remove(&key)));
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.cancel();
    }
}
// ANCHOR_END: sleep

/// Runs `future` for at most `limit`: `Err(Elapsed)` if it had not finished
/// by then (`asyncio.wait_for`). The future is dropped, which cancels what
/// it was waiting for.
pub async fn timeout<F: Future>(limit: Duration, future: F) -> Result<F::Output, Elapsed> {
    let mut future = std::pin::pin!(future);
    let mut timer = std::pin::pin!(sleep(limit));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(out));
        }
        timer.as_mut().poll(cx).map(|()| Err(Elapsed(limit)))
    })
    .await
}

/// What [`timeout`] returns when the time ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Elapsed(pub Duration);

impl std::fmt::Display for Elapsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "timed out after {} ms", self.0.as_millis())
    }
}

impl std::error::Error for Elapsed {}

/// Registers a socket with the running executor's reactor.
pub(super) fn reactor<T>(f: impl FnOnce(&Reactor) -> T) -> T {
    with_local("a socket", |l| f(&l.reactor))
}

/// Like [`reactor`], or `None` when no executor runs on this thread (a
/// socket dropped after its executor).
pub(super) fn try_reactor<T>(f: impl FnOnce(&Reactor) -> T) -> Option<T> {
    CURRENT.try_with(|c| c.borrow().as_ref().map(|l| f(&l.reactor))).ok().flatten()
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn spawned_tasks_run_and_their_outputs_come_back_in_order() {
        let out = block_on(async {
            let handles: Vec<_> = (0..10).map(|i| spawn(async move { i * i })).collect();
            join_all(handles).await
        });
        assert_eq!(out, (0..10).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn join_all_polls_only_what_was_woken() {
        let n = 20_000;
        let (outs, stats) = block_on_stats(async move {
            let handles: Vec<_> = (0..n)
                .map(|i| {
                    spawn(async move {
                        yield_now().await;
                        i
                    })
                })
                .collect();
            join_all(handles).await
        });
        assert_eq!(outs.len(), n);
        // each task twice, and join_all about once per batch of tasks: far
        // below n polls of join_all, each polling every handle
        assert!(stats.polls < 3 * n as u64, "{stats:?}");
    }

    #[test]
    fn yield_now_lets_the_other_task_run_between() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let task = |name: &'static str| {
            let log = Rc::clone(&log);
            async move {
                for i in 0..3 {
                    log.borrow_mut().push(format!("{name}{i}"));
                    yield_now().await;
                }
            }
        };
        block_on(async { join_all([spawn(task("a")), spawn(task("b"))]).await });
        assert_eq!(*log.borrow(), ["a0", "b0", "a1", "b1", "a2", "b2"]);
    }

    #[test]
    fn timers_fire_in_deadline_order_and_timeout_cancels() {
        let log = Rc::new(RefCell::new(Vec::new()));
        block_on(async {
            let ms = |n| Duration::from_millis(n);
            let mut handles = Vec::new();
            for n in [30, 10, 20] {
                let log = Rc::clone(&log);
                handles.push(spawn(async move {
                    sleep(ms(n)).await;
                    log.borrow_mut().push(n);
                }));
            }
            join_all(handles).await;
            assert_eq!(timeout(ms(5), sleep(ms(10_000))).await, Err(Elapsed(ms(5))));
            assert_eq!(timeout(ms(10_000), async { 7 }).await, Ok(7));
            with_local("test", |l| assert!(l.timers.borrow().is_empty(), "a dropped sleep left its timer"));
        });
        assert_eq!(*log.borrow(), [10, 20, 30]);
    }

    #[test]
    fn a_waker_on_another_thread_interrupts_the_wait() {
        let out = crate::deadline::within(Duration::from_secs(20), "a foreign wake", || {
            block_on(async {
                let slot: Arc<Mutex<Option<Waker>>> = Arc::default();
                let flag = Arc::new(AtomicBool::new(false));
                let (s, f) = (Arc::clone(&slot), Arc::clone(&flag));
                let helper = std::thread::spawn(move || {
                    let waker = loop {
                        if let Some(w) = s.lock().unwrap().take() {
                            break w;
                        }
                        std::thread::yield_now();
                    };
                    f.store(true, Ordering::SeqCst);
                    waker.wake();
                });
                std::future::poll_fn(|cx| {
                    if flag.load(Ordering::SeqCst) {
                        Poll::Ready(())
                    } else {
                        *slot.lock().unwrap() = Some(cx.waker().clone());
                        Poll::Pending
                    }
                })
                .await;
                helper.join().unwrap();
                "woken"
            })
        });
        assert_eq!(out, "woken");
    }

    #[test]
    fn unfinished_tasks_are_dropped_with_the_executor() {
        let dropped = Rc::new(Cell::new(false));
        struct Flag(Rc<Cell<bool>>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.set(true);
            }
        }
        let flag = Flag(Rc::clone(&dropped));
        let (_, stats) = block_on_stats(async move {
            spawn(async move {
                let _flag = flag;
                sleep(Duration::from_secs(3600)).await;
            });
            yield_now().await;
        });
        assert!(dropped.get());
        assert_eq!(stats.spawned, 1);
    }
}
