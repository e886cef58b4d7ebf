//! Checks for lesson 11's exercises. Each runs the answer on the
//! workbook's executor, on a thread of its own with a deadline, so an
//! answer that waits for ever fails instead of hanging.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
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

/// How long a check may run: its futures take milliseconds.
const LIMIT: Duration = Duration::from_secs(5);

/// Sets a flag when dropped: shows that a future was cancelled.
struct Dropped(Rc<Cell<bool>>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// A future that finishes after `yields` yields, with `out`, and flags its
/// drop.
fn after<T: 'static>(yields: usize, out: T, dropped: &Rc<Cell<bool>>) -> Boxed<T> {
    let flag = Dropped(Rc::clone(dropped));
    Box::pin(async move {
        let _flag = flag;
        for _ in 0..yields {
            coro::yield_now().await;
        }
        out
    })
}

/// `race`: the first to finish wins, whichever side it is on; the loser is
/// dropped; a loser that never finishes does not hold up the winner.
///
/// # Errors
///
/// The case that came out wrong.
pub fn race(race: Race) -> Result<(), String> {
    deadline::try_within(LIMIT, "race", move || {
        coro::block_on(async move {
            let cases: [(usize, usize, Either<&str, u32>); 4] = [
                (0, 3, Either::Left("a")),
                (3, 0, Either::Right(7)),
                (5, 1, Either::Right(7)),
                (1, 5, Either::Left("a")),
            ];
            for (a_yields, b_yields, want) in cases {
                let (a_dropped, b_dropped) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
                let got = race(after(a_yields, "a", &a_dropped), after(b_yields, 7, &b_dropped)).await;
                if got != want {
                    return Err(format!(
                        "a finishes after {a_yields} yields, b after {b_yields}: race returned {got:?}, \
                         expected {want:?}"
                    ));
                }
                if !(a_dropped.get() && b_dropped.get()) {
                    return Err("race returned but kept a future alive: both must be dropped by then".into());
                }
            }
            let never = Box::pin(std::future::pending::<&'static str>());
            let soon: Boxed<u32> = Box::pin(async {
                coro::sleep(Duration::from_millis(5)).await;
                9
            });
            match race(never, soon).await {
                Either::Right(9) => Ok(()),
                other => Err(format!("a never finishes, b sleeps 5 ms: race returned {other:?}")),
            }
        })
    })?
    .map_err(|e| e + "\n(a race that awaits one future and then the other waits for both)")
}

/// `concurrent`: five pages whose fetches take 50, 40, 30, 20 and 10 ms
/// come back in the order asked, and every fetch starts before the first
/// one ends.
///
/// # Errors
///
/// What came back, or the order things happened in.
pub fn concurrent(fetch_all: FetchAll) -> Result<(), String> {
    deadline::try_within(LIMIT, "concurrent", move || {
        let names = vec!["a", "b", "c", "d", "e"];
        let log = Rc::new(Log::with_columns(&names));
        let delays: Rc<RefCell<Vec<(&str, u64)>>> =
            Rc::new(RefCell::new(names.iter().copied().zip([50, 40, 30, 20, 10]).collect()));
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
        let pages = coro::block_on(fetch_all(names.clone(), fetch));
        let trace = log.take();
        let want: Vec<String> = names.iter().map(|n| format!("page {n}")).collect();
        if pages != want {
            return Err(format!("fetch_all returned {pages:?}, expected {want:?}\n{}", trace.timeline()));
        }
        let started = trace.events.iter().take_while(|e| e.label == "starts").count();
        if started != names.len() {
            return Err(format!(
                "only {started} of {} fetches had started when the first one ended: they ran one \
                 after another\n{}",
                names.len(),
                trace.timeline()
            ));
        }
        Ok(())
    })?
}
