//! Lesson 11: async. gevent's programs (C3-C6) on the workbook's own
//! executor ([`crate::coro`]): two tasks that yield to each other, ten
//! tasks that sleep at once, a blocking call that freezes every task, and
//! an echo server that no client can stall.
//!
//! One thread runs every task. A task gives the thread up only at an
//! `.await` that is not ready; between two of those it runs alone. That is
//! the whole trick, and the whole danger: a task that blocks the thread
//! (a `std::thread::sleep`, a blocking read) stops every other task until
//! it returns. gevent hides the danger by "monkey-patching" the blocking
//! calls into switches; Rust makes it visible in the types: a function
//! that can wait is an `async fn`.

use std::cell::Cell;
use std::future::Future;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener, TcpStream as StdStream};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use crate::coro::net::{TcpListener, TcpStream};
use crate::coro::{self, Log};
use crate::trace::Trace;

// ANCHOR: foo_bar
/// C3: `foo` and `bar`, spawned and joined; each yields once in the
/// middle (gevent's `sleep(0)`), so their halves interleave.
pub fn foo_bar() -> Trace {
    let log = Rc::new(Log::with_columns(&["foo", "bar"]));
    let task = |name: &'static str, first: &'static str, second: &'static str| {
        let log = Rc::clone(&log);
        async move {
            log.add(name, first, ());
            coro::yield_now().await; // back of the queue: the other task runs
            log.add(name, second, ());
        }
    };
    coro::block_on(async {
        let first = coro::spawn(task("foo", "runs", "runs again"));
        let second = coro::spawn(task("bar", "runs", "runs again"));
        coro::join_all([first, second]).await;
    });
    log.take()
}
// ANCHOR_END: foo_bar

/// What C4's ten tasks did, one way or the other.
#[derive(Debug)]
pub struct Timed {
    /// From the first start to the last finish.
    pub took: Duration,
    /// Starts and finishes, one column per task.
    pub trace: Trace,
}

impl Timed {
    /// How many tasks had started before the first one finished.
    pub fn started_before_first_done(&self) -> usize {
        self.trace.events.iter().take_while(|e| e.label != "done").count()
    }

    /// The order the tasks finished in, by number.
    pub fn done_order(&self) -> Vec<i128> {
        self.trace.events.iter().filter(|e| e.label == "done").filter_map(|e| e.value.as_int()).collect()
    }
}

/// C4's task: sleeps `each`, without blocking the thread, and says so.
async fn task(i: usize, each: Duration, log: Rc<Log>) {
    let name = format!("t{i}");
    log.add(&name, "starts", ());
    coro::sleep(each).await;
    log.add(&name, "done", i);
}

fn names(tasks: usize) -> Vec<String> {
    (0..tasks).map(|i| format!("t{i}")).collect()
}

// ANCHOR: ten_tasks
/// C4, synchronous: each task is awaited before the next starts.
pub fn one_after_another(tasks: usize, each: Duration) -> Timed {
    let names = names(tasks);
    let log = Rc::new(Log::with_columns(&names.iter().map(String::as_str).collect::<Vec<_>>()));
    let started = Instant::now();
    coro::block_on(async {
        for i in 0..tasks {
            task(i, each, Rc::clone(&log)).await;
        }
    });
    Timed { took: started.elapsed(), trace: log.take() }
}

/// C4, asynchronous: every task spawned, then all joined. They sleep at the
/// same time, so the whole takes about one task's time.
pub fn all_at_once(tasks: usize, each: Duration) -> Timed {
    let names = names(tasks);
    let log = Rc::new(Log::with_columns(&names.iter().map(String::as_str).collect::<Vec<_>>()));
    let started = Instant::now();
    coro::block_on(async {
        let handles: Vec<_> = (0..tasks).map(|i| coro::spawn(task(i, each, Rc::clone(&log)))).collect();
        coro::join_all(handles).await;
    });
    Timed { took: started.elapsed(), trace: log.take() }
}
// ANCHOR_END: ten_tasks

/// How the other task waits in C5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// `std::thread::sleep`: blocks the thread, and every task with it.
    BlockingSleep,
    /// `coro::sleep(..).await`: the task waits, the thread goes on.
    AsyncSleep,
    /// A blocking `read` on a socket whose data another task would send.
    BlockingRead,
    /// `TcpStream::read(..).await` on the same socket.
    AsyncRead,
}

impl Wait {
    /// The blocking ways, then the async ones.
    pub const ALL: [Wait; 4] = [Wait::BlockingSleep, Wait::BlockingRead, Wait::AsyncSleep, Wait::AsyncRead];

    /// True for the ways that block the thread.
    pub fn blocks(self) -> bool {
        matches!(self, Wait::BlockingSleep | Wait::BlockingRead)
    }

    /// What the waiting task runs.
    pub fn code(self) -> &'static str {
        match self {
            Wait::BlockingSleep => "std::thread::sleep(pause)",
            Wait::AsyncSleep => "coro::sleep(pause).await",
            Wait::BlockingRead => "std_stream.read(&mut buf)",
            Wait::AsyncRead => "stream.read(&mut buf).await",
        }
    }
}

/// What C5 saw: the heartbeat's ticks while the other task waited.
#[derive(Debug)]
pub struct Freeze {
    /// How the other task waited.
    pub wait: Wait,
    /// Heartbeat ticks between the start and the end of the wait.
    pub ticks_during: usize,
    /// How long the wait took.
    pub waited: Duration,
    /// The longest time between two ticks.
    pub longest_gap: Duration,
    /// For the reads: whether the bytes arrived (a blocking read gives up
    /// after `pause`: the sender could not run).
    pub got_bytes: Option<bool>,
    /// The heartbeat and the waiter, one column each.
    pub trace: Trace,
}

/// The mark on a wait that no tick interrupted.
pub const FROZEN: &str = "no tick while it waited: every task froze";

// ANCHOR: freeze
/// C5: a heartbeat task ticks every `tick` while another task waits for
/// `pause`, in the way `wait` says. For the reads, a third task (`sender`)
/// would send the bytes after one tick.
///
/// # Errors
///
/// When the OS refuses a local socket.
pub fn freeze(wait: Wait, tick: Duration, pause: Duration) -> io::Result<Freeze> {
    let log = Rc::new(Log::with_columns(&["heartbeat", "waiter"])); // and "sender", for reads
    let ticks = Rc::new(Cell::new(Vec::<Instant>::new()));
    let finished = Rc::new(Cell::new(false));
    let (mine, theirs) = socket_pair()?;
    let heartbeat = {
        let (log, ticks, finished) = (Rc::clone(&log), Rc::clone(&ticks), Rc::clone(&finished));
        async move {
            loop {
                let mut t = ticks.take();
                t.push(Instant::now());
                log.add("heartbeat", "ticks", t.len());
                ticks.set(t);
                if finished.get() {
                    break; // one tick after the wait, to time the gap
                }
                coro::sleep(tick).await;
            }
        }
    };
    let waiter = {
        let (log, finished) = (Rc::clone(&log), Rc::clone(&finished));
        async move {
            coro::yield_now().await; // let the heartbeat tick once first
            log.add("waiter", "waits", wait.code().split('(').next().unwrap_or(""));
            let started = Instant::now();
            let got = match wait {
                Wait::BlockingSleep => {
                    thread::sleep(pause);
                    None
                }
                Wait::AsyncSleep => {
                    coro::sleep(pause).await;
                    None
                }
                Wait::BlockingRead => {
                    mine.set_read_timeout(Some(pause)).expect("a positive timeout");
                    Some(matches!((&mine).read(&mut [0u8; 16]), Ok(n) if n > 0))
                }
                Wait::AsyncRead => {
                    let stream = TcpStream::from_std(mine).expect("a connected socket");
                    let read = coro::timeout(pause * 4, stream.read(&mut [0u8; 16])).await;
                    Some(matches!(read, Ok(Ok(n)) if n > 0))
                }
            };
            let waited = started.elapsed();
            log.add("waiter", "wakes", ());
            finished.set(true);
            (waited, got)
        }
    };
    let reads = matches!(wait, Wait::BlockingRead | Wait::AsyncRead);
    let sender = {
        let log = Rc::clone(&log);
        async move {
            if reads {
                coro::sleep(tick).await;
                (&theirs).write_all(b"hello\n").expect("a local socket takes 6 bytes");
                log.add("sender", "sends", 6usize);
            }
        }
    };
    let (waited, got) = coro::block_on(async {
        let beat = coro::spawn(heartbeat);
        let send = coro::spawn(sender);
        let out = waiter.await;
        coro::join_all([beat, send]).await;
        out
    });
    let mut trace = log.take();
    let start = trace.events.iter().position(|e| e.label == "waits").unwrap_or(0);
    let end = trace.events.iter().position(|e| e.label == "wakes").unwrap_or(trace.events.len());
    let ticks_during = trace.events[start..end].iter().filter(|e| e.label == "ticks").count();
    if ticks_during == 0 {
        trace.events[end].mark = Some(FROZEN.to_owned());
    }
    let times = ticks.take();
    let longest_gap = times.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default();
    Ok(Freeze { wait, ticks_during, waited, longest_gap, got_bytes: got, trace })
}
// ANCHOR_END: freeze

/// A connected pair of local TCP sockets, both blocking.
fn socket_pair() -> io::Result<(StdStream, StdStream)> {
    let listener = StdListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let client = StdStream::connect(listener.local_addr()?)?;
    let (server, _) = listener.accept()?;
    Ok((server, client))
}

/// What the echo server allows.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest line, in bytes, newline included.
    pub max_line: usize,
    /// Connections served at once; one more gets `busy` and is closed.
    pub max_connections: usize,
    /// How long a connection may stay silent (or not read its echo)
    /// before it is closed.
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_line: 1024, max_connections: 256, idle: Duration::from_secs(10) }
    }
}

/// What the echo server has done, readable from any thread.
#[derive(Debug, Default)]
pub struct ServerStats {
    /// Connections accepted and served.
    pub served: AtomicU64,
    /// Connections turned away at the cap.
    pub busy: AtomicU64,
    /// Lines echoed.
    pub lines: AtomicU64,
    /// Connections closed for a line over the cap.
    pub too_long: AtomicU64,
    /// Connections closed for staying silent, or for not reading their
    /// echoes.
    pub idle: AtomicU64,
    /// Connections that ended with an error (a reset, a peer gone mid-write).
    pub errors: AtomicU64,
    /// Connections that ended, however.
    pub closed: AtomicU64,
}

impl ServerStats {
    fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// One line: every counter.
    pub fn summary(&self) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "served {}, busy {}, lines {}, too long {}, idle {}, errors {}, closed {}",
            g(&self.served),
            g(&self.busy),
            g(&self.lines),
            g(&self.too_long),
            g(&self.idle),
            g(&self.errors),
            g(&self.closed)
        )
    }
}

/// How one connection ended.
enum End {
    Closed,
    TooLong,
    Idle,
}

// ANCHOR: handle
/// Serves one connection: echoes each line back, closes it on a line over
/// the cap, or after `idle` without a read, or with an echo it does not
/// take.
async fn handle(stream: &TcpStream, limits: Limits, stats: &ServerStats) -> io::Result<End> {
    let mut line = Vec::with_capacity(256);
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(read) = coro::timeout(limits.idle, stream.read(&mut chunk)).await else {
            let _ = coro::timeout(limits.idle, stream.write_all(b"bye: idle\n")).await;
            return Ok(End::Idle);
        };
        let n = read?;
        if n == 0 {
            return Ok(End::Closed); // the client closed: nothing to clean up
        }
        let mut rest = &chunk[..n];
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            line.extend_from_slice(&rest[..=at]);
            rest = &rest[at + 1..];
            if line.len() > limits.max_line {
                break;
            }
            let Ok(written) = coro::timeout(limits.idle, stream.write_all(&line)).await else {
                return Ok(End::Idle); // it does not read its echoes
            };
            written?;
            ServerStats::bump(&stats.lines);
            line.clear();
        }
        line.extend_from_slice(rest);
        if line.len() > limits.max_line {
            let refusal = format!("error: line longer than {} bytes\n", limits.max_line);
            let _ = coro::timeout(limits.idle, stream.write_all(refusal.as_bytes())).await;
            return Ok(End::TooLong);
        }
    }
}
// ANCHOR_END: handle

// ANCHOR: serve
/// C6: accepts connections until `stop` and serves each in its own task,
/// never more than `limits.max_connections` at once.
async fn serve(listener: TcpListener, limits: Limits, stats: Arc<ServerStats>, stop: Stop) {
    let active = Rc::new(Cell::new(0usize));
    loop {
        let accepted = match race_stop(&stop, listener.accept()).await {
            None => return,
            Some(accepted) => accepted,
        };
        let Ok((stream, _peer)) = accepted else {
            // Out of descriptors, say: wait a moment rather than spin.
            coro::sleep(Duration::from_millis(10)).await;
            continue;
        };
        if active.get() >= limits.max_connections {
            ServerStats::bump(&stats.busy);
            coro::spawn(async move {
                let _ = coro::timeout(Duration::from_secs(1), stream.write_all(b"busy\n")).await;
            });
            continue;
        }
        active.set(active.get() + 1);
        ServerStats::bump(&stats.served);
        let (active, stats) = (Rc::clone(&active), Arc::clone(&stats));
        coro::spawn(async move {
            let _ = stream.set_nodelay(true);
            let counter = match handle(&stream, limits, &stats).await {
                Ok(End::Closed) => None,
                Ok(End::TooLong) => Some(&stats.too_long),
                Ok(End::Idle) => Some(&stats.idle),
                Err(_) => Some(&stats.errors),
            };
            counter.into_iter().for_each(ServerStats::bump);
            ServerStats::bump(&stats.closed);
            active.set(active.get() - 1);
        });
    }
}
// ANCHOR_END: serve

/// A stop signal another thread can raise: it wakes the server's accept
/// loop through the executor's cross-thread waker.
#[derive(Clone, Default)]
pub struct Stop {
    inner: Arc<(AtomicBool, Mutex<Option<Waker>>)>,
}

impl Stop {
    /// Raises it.
    pub fn raise(&self) {
        self.inner.0.store(true, Ordering::SeqCst);
        let waker = self.inner.1.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// `future`'s output, or `None` once `stop` is raised.
async fn race_stop<F: Future>(stop: &Stop, future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        *stop.inner.1.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        if stop.inner.0.load(Ordering::SeqCst) {
            return Poll::Ready(None);
        }
        future.as_mut().poll(cx).map(Some)
    })
    .await
}

/// The echo server, running on its own thread with its own executor.
pub struct EchoServer {
    addr: SocketAddr,
    stats: Arc<ServerStats>,
    stop: Stop,
    thread: Option<thread::JoinHandle<()>>,
}

impl EchoServer {
    /// Starts it on 127.0.0.1, on a free port.
    ///
    /// # Errors
    ///
    /// When the OS refuses the socket or the thread.
    pub fn start(limits: Limits) -> io::Result<Self> {
        let stats = Arc::new(ServerStats::default());
        let stop = Stop::default();
        let (tx, rx) = std::sync::mpsc::channel();
        let (their_stats, their_stop) = (Arc::clone(&stats), stop.clone());
        let thread = thread::Builder::new().name("echo-server".into()).spawn(move || {
            coro::block_on(async move {
                let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, 0).into()) {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                let _ = tx.send(listener.local_addr());
                serve(listener, limits, their_stats, their_stop).await;
            });
        })?;
        let addr = rx.recv().map_err(|_| io::Error::other("the server thread ended early"))??;
        Ok(EchoServer { addr, stats, stop, thread: Some(thread) })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its counters.
    pub fn stats(&self) -> &ServerStats {
        &self.stats
    }

    /// Waits up to `limit` until every connection it served has ended;
    /// false if some are still open.
    pub fn settle(&self, limit: Duration) -> bool {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        crate::deadline::wait_until(limit, || g(&self.stats.closed) == g(&self.stats.served))
    }

    /// Stops accepting, drops every connection and joins the thread.
    pub fn stop(mut self) -> Arc<ServerStats> {
        self.shut();
        Arc::clone(&self.stats)
    }

    fn shut(&mut self) {
        self.stop.raise();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.shut();
    }
}

/// A line of `len` bytes, newline included: `0123…\n`.
pub fn line_of(len: usize) -> Vec<u8> {
    let mut line: Vec<u8> = (0..len.saturating_sub(1)).map(|i| b'0' + (i % 10) as u8).collect();
    line.push(b'\n');
    line
}

/// How a client's round trips went.
#[derive(Clone, Copy, Debug)]
pub struct Trips {
    /// All of them, one after another.
    pub took: Duration,
    /// The slowest one.
    pub slowest: Duration,
}

/// A client on std's blocking sockets: sends `line` `trips` times, reading
/// each echo before the next send.
///
/// # Errors
///
/// When the connection fails, an echo differs from the line, or the
/// server takes more than `limit` to answer one.
pub fn round_trips(addr: SocketAddr, trips: usize, line: &[u8], limit: Duration) -> io::Result<Trips> {
    let mut stream = StdStream::connect(addr)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(limit))?;
    let mut echo = vec![0u8; line.len()];
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for _ in 0..trips {
        let sent = Instant::now();
        stream.write_all(line)?;
        stream.read_exact(&mut echo)?;
        slowest = slowest.max(sent.elapsed());
        if echo != line {
            return Err(io::Error::other(format!("echoed {:?}", String::from_utf8_lossy(&echo))));
        }
    }
    Ok(Trips { took: started.elapsed(), slowest })
}

// ANCHOR: client
/// C6's client, as a task: connects, sends each line and reads its echo.
///
/// # Errors
///
/// When the connection fails, or the server closes it early.
pub async fn client(addr: SocketAddr, lines: usize, line: Rc<Vec<u8>>) -> io::Result<usize> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut echo = vec![0u8; line.len()];
    for _ in 0..lines {
        stream.write_all(&line).await?;
        let mut got = 0;
        while got < echo.len() {
            match stream.read(&mut echo[got..]).await? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => got += n,
            }
        }
        if echo != *line {
            return Err(io::Error::other("a different echo"));
        }
    }
    Ok(lines)
}
// ANCHOR_END: client

/// `clients` copies of [`client`] at once, on one thread: how many lines
/// came back right, and how long it took.
///
/// # Errors
///
/// The first client that failed.
pub fn clients(
    addr: SocketAddr,
    clients: usize,
    lines: usize,
    line_len: usize,
) -> io::Result<(usize, Duration)> {
    let line = Rc::new(line_of(line_len));
    let started = Instant::now();
    let results = coro::block_on(async {
        let handles: Vec<_> =
            (0..clients).map(|_| coro::spawn(client(addr, lines, Rc::clone(&line)))).collect();
        coro::join_all(handles).await
    });
    let mut echoed = 0;
    for r in results {
        echoed += r?;
    }
    Ok((echoed, started.elapsed()))
}

/// What the bad clients got, and how the good ones fared meanwhile.
#[derive(Debug)]
pub struct BadClients {
    /// What the client that sent a line over the cap read back.
    pub too_long_reply: String,
    /// What the client that stayed silent read back, after the idle limit.
    pub silent_reply: String,
    /// What the client over the connection cap read back.
    pub busy_reply: String,
    /// Whether bytes that are not text (NULs, 0xFF, a lone CR) came back
    /// as they were sent.
    pub garbage_echoed: bool,
    /// Round trips a healthy client made while the bad ones were connected.
    pub healthy_trips: usize,
    /// The slowest of those round trips.
    pub slowest_trip: Duration,
    /// The server's counters at the end.
    pub stats: String,
}

/// Reads what the server says until it closes the connection (or `limit`).
/// Lesson 13's bad clients read their last words with it too.
pub(crate) fn read_reply(mut stream: &StdStream, limit: Duration) -> String {
    let _ = stream.set_read_timeout(Some(limit));
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).trim_end().to_owned()
}

// ANCHOR: bad_clients
/// Connects the clients a server must survive while a healthy client
/// makes `trips` round trips: one that stays silent, one that vanishes
/// mid-line, one that sends a line over the cap, one that never reads its
/// echoes, one that sends bytes that are not text; and, on a server that
/// takes one connection, one too many.
///
/// # Errors
///
/// When a connection cannot be made, or a healthy round trip fails.
pub fn bad_clients(limits: Limits, trips: usize) -> io::Result<BadClients> {
    let server = EchoServer::start(limits)?;
    let addr = server.addr();
    let silent = StdStream::connect(addr)?;
    let mut vanishing = StdStream::connect(addr)?;
    vanishing.write_all(b"half a li")?;
    drop(vanishing);
    let mut too_long = StdStream::connect(addr)?;
    too_long.write_all(&vec![b'x'; limits.max_line + 100])?;
    let mut deaf = StdStream::connect(addr)?;
    let flood = line_of(1000).repeat(64);
    deaf.set_write_timeout(Some(Duration::from_millis(200)))?;
    for _ in 0..64 {
        if deaf.write_all(&flood).is_err() {
            break; // both socket buffers are full: the server waits on us
        }
    }
    let wait = limits.idle * 4 + Duration::from_secs(2);
    let healthy = round_trips(addr, trips, &line_of(32), wait)?;
    let garbage: Vec<u8> = (0..=255u8).filter(|&b| b != b'\n').chain([b'\n']).collect();
    let garbage_echoed = round_trips(addr, 3, &garbage, wait).is_ok();
    let too_long_reply = read_reply(&too_long, wait);
    let silent_reply = read_reply(&silent, wait);
    drop(deaf);
    server.settle(wait);
    let stats = server.stop();
    Ok(BadClients {
        too_long_reply,
        silent_reply,
        busy_reply: busy_reply()?,
        garbage_echoed,
        healthy_trips: trips,
        slowest_trip: healthy.slowest,
        stats: stats.summary(),
    })
}
// ANCHOR_END: bad_clients

/// What a second client reads from a server capped at one connection,
/// while the first is served.
fn busy_reply() -> io::Result<String> {
    let server = EchoServer::start(Limits { max_connections: 1, ..Limits::default() })?;
    let mut held = StdStream::connect(server.addr())?;
    held.write_all(b"hi\n")?;
    held.read_exact(&mut [0u8; 3])?; // served: the one place is taken
    let second = StdStream::connect(server.addr())?;
    Ok(read_reply(&second, Duration::from_secs(10)))
}
