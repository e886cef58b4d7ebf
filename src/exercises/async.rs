//! Checks for lesson 11's exercises. Each case runs the answer on the
//! workbook's executor, on a thread of its own with a deadline, so an
//! answer that waits for ever fails instead of hanging.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `race` ("runs `a` and `b` at the same time, on this task, and returns
//! the output of whichever finishes first; the other is dropped"):
//! - `a` done at once, `b` after 3 yields (and the other way round); `a`
//!   after 5 yields and `b` after 1 (and the other way round): the first to
//!   finish wins, whichever side it is on;
//! - both futures are dropped by the time `race` returns, and the loser is
//!   not polled again once the winner is ready (its output would be lost);
//! - `a` sleeps 10 ms and `b` never finishes: `a` wins (its timer's wake-up
//!   must reach the task: a peek at `a` with a waker that does nothing
//!   never hears it);
//! - `a` never finishes and `b` sleeps 20 ms: `b` wins, and `race` sleeps
//!   meanwhile: it is polled a few times, not hundreds (a future that
//!   wakes itself at once is busy-waiting), and it polls `a` and `b` at
//!   most once each per poll of its own (no loop inside one poll).
//!
//! `concurrent` ("fetches every page in `names` with `fetch`, all at the
//! same time, and returns them in the order of `names`"):
//! - five pages whose fetches take 50, 40, 30, 20 and 10 ms: returned in
//!   the order asked, and every fetch has started before the first ends;
//! - the same name twice among three, and a page that takes 120 ms: every
//!   page in its place (a fixed wait is not enough; fetching the same name
//!   once is allowed);
//! - no names at all: an empty list, at once;
//! - `fetch_all` sleeps while it waits: it is polled a few times per page,
//!   not hundreds.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::coro::{self, Either, Log};
use crate::deadline;

/// A boxed future on one thread: what the bindings pass.
pub type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

/// The learner's `race`, on the check's two kinds of future.
pub type Race = fn(Boxed<&'static str>, Boxed<u32>) -> Boxed<Either<&'static str, u32>>;

/// A page fetcher, as the `concurrent` check hands it over.
pub type Fetch = Rc<dyn Fn(&'static str) -> Boxed<String>>;

/// The learner's `fetch_all`, on the check's fetcher.
pub type FetchAll = fn(Vec<&'static str>, Fetch) -> Boxed<Vec<String>>;

/// How long one case may run: its futures take milliseconds.
const LIMIT: Duration = Duration::from_secs(2);

thread_local! {
    /// Counts every poll of every watched future on this thread: when
    /// each poll happened, relative to the others.
    static CLOCK: Cell<usize> = const { Cell::new(0) };
}

/// Polls of a future a check watches, and when it finished.
#[derive(Default)]
struct Watch {
    polls: Cell<usize>,
    /// When it was last polled, on [`CLOCK`].
    last_poll: Cell<usize>,
    /// When it returned `Ready`, on [`CLOCK`].
    ready_at: Cell<Option<usize>>,
    dropped: Cell<bool>,
}

/// `inner`, counting its polls in `watch` and flagging its drop.
fn watched<T: 'static>(inner: Boxed<T>, watch: &Rc<Watch>) -> Boxed<T> {
    struct Watched<T> {
        inner: Boxed<T>,
        watch: Rc<Watch>,
    }
    impl<T> Future for Watched<T> {
        type Output = T;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
            let now = CLOCK.with(|c| c.replace(c.get() + 1));
            self.watch.polls.set(self.watch.polls.get() + 1);
            self.watch.last_poll.set(now);
            let out = self.inner.as_mut().poll(cx);
            if out.is_ready() {
                self.watch.ready_at.set(Some(now));
            }
            out
        }
    }
    impl<T> Drop for Watched<T> {
        fn drop(&mut self) {
            self.watch.dropped.set(true);
        }
    }
    Box::pin(Watched { inner, watch: Rc::clone(watch) })
}

/// A future that finishes after `yields` yields, with `out`.
fn after<T: 'static>(yields: usize, out: T) -> Boxed<T> {
    Box::pin(async move {
        for _ in 0..yields {
            coro::yield_now().await;
        }
        out
    })
}

/// `race`: see the module's list.
///
/// # Errors
///
/// The case that came out wrong.
pub fn race(race: Race) -> Result<(), String> {
    let cases: [(usize, usize, Either<&str, u32>); 4] = [
        (0, 3, Either::Left("a")),
        (3, 0, Either::Right(7)),
        (5, 1, Either::Right(7)),
        (1, 5, Either::Left("a")),
    ];
    for (a_yields, b_yields, want) in cases {
        let case = format!("a finishes after {a_yields} yields, b after {b_yields}");
        in_time(&case, move || {
            let (a, b) = (Rc::new(Watch::default()), Rc::new(Watch::default()));
            let got =
                coro::block_on(race(watched(after(a_yields, "a"), &a), watched(after(b_yields, 7), &b)));
            if got != want {
                return Err(format!("race returned {got:?}, expected {want:?}"));
            }
            if !(a.dropped.get() && b.dropped.get()) {
                return Err("race returned but kept a future alive: both must be dropped by then".into());
            }
            let (winner, loser, loser_name) =
                if matches!(want, Either::Left(_)) { (&a, &b, "b") } else { (&b, &a, "a") };
            if winner.ready_at.get().is_some_and(|won| loser.polls.get() > 0 && loser.last_poll.get() > won) {
                return Err(format!(
                    "race polled {loser_name} again after the winner was ready: the loser may \
                     finish then, and its output is lost"
                ));
            }
            Ok(())
        })?;
    }
    in_time("a sleeps 10 ms, b never finishes", move || {
        let sleeper: Boxed<&'static str> = Box::pin(async {
            coro::sleep(Duration::from_millis(10)).await;
            "a"
        });
        match coro::block_on(race(sleeper, Box::pin(std::future::pending::<u32>()))) {
            Either::Left("a") => Ok(()),
            other => Err(format!("race returned {other:?}")),
        }
    })?;
    in_time("a never finishes, b sleeps 20 ms", move || {
        let (a, b) = (Rc::new(Watch::default()), Rc::new(Watch::default()));
        let outer = Rc::new(Watch::default());
        let never = watched(Box::pin(std::future::pending::<&'static str>()), &a);
        let soon: Boxed<u32> = watched(
            Box::pin(async {
                coro::sleep(Duration::from_millis(20)).await;
                9
            }),
            &b,
        );
        match coro::block_on(watched(race(never, soon), &outer)) {
            Either::Right(9) => {}
            other => return Err(format!("race returned {other:?}")),
        }
        let polls = outer.polls.get();
        if polls > 4 {
            return Err(format!(
                "race was polled {polls} times while b slept: it asked to be polled again at once \
                 instead of waiting to be woken (busy-waiting). Return Pending and let the \
                 futures' wakers wake the task"
            ));
        }
        let inner = a.polls.get() + b.polls.get();
        if inner > 2 * polls {
            return Err(format!(
                "race polled a and b {inner} times within {polls} polls of its own: it loops inside \
                 one poll instead of returning Pending"
            ));
        }
        Ok(())
    })
}

/// Runs one case on a thread of its own, with a deadline, and reports a
/// panic or a hang as the case's failure.
fn in_time(case: &str, f: impl FnOnce() -> Result<(), String> + Send + 'static) -> Result<(), String> {
    let ran = deadline::try_within(LIMIT, case, move || {
        let sink = super::PanicSink::default();
        let _collecting = super::collect_panics(&sink);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
            Err(format!("it panicked: {}", super::first_panic(&sink).unwrap_or_default()))
        })
    })
    .map_err(|_| {
        format!(
            "{case}: it did not return within {LIMIT:?}. A future that waits must be woken: \
             poll each with the task's own context, so that its wake-up reaches the task"
        )
    })?;
    ran.map_err(|e| format!("{case}: {e}"))
}

/// The pages `fetch_all` is asked for in one case, and how long each takes.
type Pages = Vec<(&'static str, u64)>;

/// `concurrent`: see the module's list.
///
/// # Errors
///
/// What came back, or the order things happened in.
pub fn concurrent(fetch_all: FetchAll) -> Result<(), String> {
    let cases: [(&str, Pages, bool); 3] = [
        ("no pages", vec![], false),
        ("five pages", vec![("a", 50), ("b", 40), ("c", 30), ("d", 20), ("e", 10)], true),
        ("a page asked for twice, and a slow one", vec![("a", 10), ("slow", 120), ("a", 10)], false),
    ];
    for (what, pages, overlap) in cases {
        let names: Vec<&'static str> = pages.iter().map(|p| p.0).collect();
        in_time(&format!("{what} ({names:?})"), move || fetch_case(fetch_all, &pages, overlap))?;
    }
    Ok(())
}

/// One `concurrent` case: `fetch_all` over `pages`, each fetch taking its
/// time.
fn fetch_case(fetch_all: FetchAll, pages: &Pages, overlap: bool) -> Result<(), String> {
    let names: Vec<&'static str> = pages.iter().map(|p| p.0).collect();
    let mut columns = names.clone();
    columns.sort_unstable();
    columns.dedup();
    let log = Rc::new(Log::with_columns(&columns));
    let delays: Rc<RefCell<Pages>> = Rc::new(RefCell::new(pages.clone()));
    let fetch: Fetch = {
        let log = Rc::clone(&log);
        Rc::new(move |name| {
            let ms = delays.borrow().iter().find(|(n, _)| *n == name).map_or(1, |(_, ms)| *ms);
            let log = Rc::clone(&log);
            Box::pin(async move {
                log.add(name, "starts", ());
                coro::sleep(Duration::from_millis(ms)).await;
                log.add(name, "done", ());
                format!("page {name}")
            })
        })
    };
    let outer = Rc::new(Watch::default());
    let got = coro::block_on(watched(fetch_all(names.clone(), fetch), &outer));
    let trace = log.take();
    let want: Vec<String> = names.iter().map(|n| format!("page {n}")).collect();
    if got != want {
        return Err(format!("fetch_all returned {got:?}, expected {want:?}\n{}", trace.timeline()));
    }
    let started = trace.events.iter().take_while(|e| e.label == "starts").count();
    if overlap && started != names.len() {
        return Err(format!(
            "only {started} of {} fetches had started when the first one ended: they did not all \
             run at the same time\n{}",
            names.len(),
            trace.timeline()
        ));
    }
    let polls = outer.polls.get();
    if polls > 2 * names.len() + 4 {
        return Err(format!(
            "fetch_all was polled {polls} times while the fetches slept: it asked to be polled \
             again at once instead of waiting to be woken (busy-waiting)"
        ));
    }
    Ok(())
}
