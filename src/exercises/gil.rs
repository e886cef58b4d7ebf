//! Checks for lesson 02's exercises.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `merge-once` ("adds `work(x)` for every `x` in `items` to the
//! interpreter's `total`; `work` needs no GIL, `total` does"; merge once):
//! - alone, with items that repeat and are out of order (3, 1, 3, 0, 2, 5): the
//!   total is right, `work` runs once for each item and never with the GIL
//!   held by its thread, and the GIL is taken exactly once; with no items,
//!   the total stays as it was and the GIL is taken at most once;
//! - under every schedule with up to two preemptions: two threads each sum
//!   their items; the total is right, the GIL is taken once per call, no
//!   `work` runs with the GIL held, and some schedule has the two threads
//!   working at the same time.
//!
//! `allow-threads` ("called with the GIL held, it fetches the page (`fetch`
//! needs no GIL), counts the request in `py.requests`, and returns the
//! page"):
//! - alone: it returns the page (also a page of 0), counts the request
//!   once, fetches once, and fetches without the GIL held;
//! - under every schedule with up to two preemptions: two threads each
//!   handle a request while holding the GIL; both pages come back, both
//!   requests are counted, no fetch runs with the GIL held, and some
//!   schedule has the two fetches at the same time.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};

use super::{Plan, Wrong, explore, run_threads};
use crate::lessons::gil::{Gil, GilGuard, Interpreter};
use crate::probe::Occupancy;

/// Work or IO that needs no GIL, as the exercises take it.
pub type Work<'a> = dyn Fn(u64) -> u64 + Sync + 'a;

/// The signature of `merge-once`'s `sum_work`.
pub type SumWork = fn(&Gil<Interpreter>, &[u64], &Work<'_>);

/// The signature of `allow-threads`' `handle`.
pub type Handle = fn(&mut GilGuard<'_, Interpreter>, u64, &Work<'_>) -> u64;

/// What the work does: `10 x + 1`, so that no result is 0 or its input.
fn value(x: u64) -> u64 {
    10 * x + 1
}

/// Stands in for work that needs no GIL: notes whether its thread held the
/// GIL, counts itself, and is a region (`enters`, `leaves`) a schedule can
/// stop a thread inside, so two threads' work can overlap.
struct Worker<'g> {
    gil: &'g Gil<Interpreter>,
    busy: Occupancy,
    calls: AtomicUsize,
    under_gil: AtomicBool,
}

impl<'g> Worker<'g> {
    fn new(gil: &'g Gil<Interpreter>) -> Self {
        Worker { gil, busy: Occupancy::new(), calls: AtomicUsize::new(0), under_gil: AtomicBool::new(false) }
    }

    fn work(&self, x: u64) -> u64 {
        if self.gil.held_here() {
            self.under_gil.store(true, SeqCst);
        }
        self.calls.fetch_add(1, SeqCst);
        let _busy = self.busy.enter();
        value(x)
    }
}

/// `merge-once`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn merge_once(answer: SumWork) -> Result<(), String> {
    for items in [vec![3, 1, 3, 0, 2, 5], vec![]] {
        let gil = Gil::new(Interpreter { total: 5, ..Interpreter::default() });
        let (calls, under_gil) = super::alone(|| {
            let worker = Worker::new(&gil);
            answer(&gil, &items, &|x| worker.work(x));
            (worker.calls.into_inner(), worker.under_gil.into_inner())
        })
        .map_err(|e| format!("on one thread, summing {items:?}: {e}"))?;
        let taken = gil.acquisitions();
        let total = gil.into_inner().total;
        let want = 5 + items.iter().map(|&x| value(x)).sum::<u64>();
        let case = format!("on one thread, with total = 5 and items {items:?} (work(x) = 10x + 1)");
        if total != want {
            return Err(format!("{case}: the total ended at {total}; it should be {want}"));
        }
        if calls != items.len() {
            return Err(format!("{case}: work ran {calls} times; once for each item is {}", items.len()));
        }
        if under_gil {
            return Err(format!("{case}: work ran while its thread held the GIL: work needs no GIL"));
        }
        if taken != 1 && !(items.is_empty() && taken == 0) {
            return Err(format!(
                "{case}: the GIL was taken {taken} times; take it once, to merge the sum of the work"
            ));
        }
    }
    let items: [&[u64]; 2] = [&[1, 2], &[3, 3]];
    let outcomes = explore(Plan::SMALL, "A summed [1, 2] and B [3, 3]", move |schedule| {
        let gil = Gil::new(Interpreter::default());
        let worker = Worker::new(&gil);
        let trace = run_threads(schedule, 2, |i| answer(&gil, items[i], &|x| worker.work(x)))?;
        let taken = gil.acquisitions();
        let (peak, under_gil) = (worker.busy.peak(), worker.under_gil.into_inner());
        let total = gil.into_inner().total;
        let want: u64 = items.iter().flat_map(|i| i.iter()).map(|&x| value(x)).sum();
        if total != want {
            return Err(Wrong::shown(format!("the total is {total}; the work adds up to {want}."), &trace));
        }
        if under_gil {
            return Err(Wrong::shown("work ran while its thread held the GIL: work needs no GIL.", &trace));
        }
        if taken != 2 {
            return Err(Wrong::shown(
                format!("the two calls took the GIL {taken} times; each should take it once, to merge."),
                &trace,
            ));
        }
        Ok(peak)
    })?;
    if outcomes.results.iter().all(|&peak| peak < 2) {
        return Err(format!(
            "A summed [1, 2] and B [3, 3]: in none of the {} schedules explored did the two \
             threads work at the same time",
            outcomes.schedules
        ));
    }
    Ok(())
}

/// `allow-threads`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn allow_threads(answer: Handle) -> Result<(), String> {
    let zero: fn(u64) -> u64 = |_| 0;
    for (url, fetch) in [(7, value as fn(u64) -> u64), (4, zero)] {
        let gil = Gil::new(Interpreter::default());
        let (page, calls, under_gil) = super::alone(|| {
            let worker = Worker::new(&gil);
            let mut py = gil.acquire();
            let page = answer(&mut py, url, &|x| {
                worker.work(x);
                fetch(x)
            });
            drop(py);
            (page, worker.calls.into_inner(), worker.under_gil.into_inner())
        })
        .map_err(|e| format!("on one thread, handling url {url}: {e}"))?;
        let requests = gil.into_inner().requests;
        let want = fetch(url);
        let case = format!("on one thread, handling url {url} (fetch returns {want})");
        if page != want {
            return Err(format!("{case}: handle returned {page}; it should return the page, {want}"));
        }
        if requests != 1 {
            return Err(format!("{case}: py.requests is {requests} after one request"));
        }
        if calls != 1 {
            return Err(format!("{case}: fetch ran {calls} times; once is right"));
        }
        if under_gil {
            return Err(format!("{case}: fetch ran while the GIL was held: release it for the fetch"));
        }
    }
    let outcomes =
        explore(Plan::SMALL, "A and B each handled a request, holding the GIL", move |schedule| {
            let gil = Gil::new(Interpreter::default());
            let worker = Worker::new(&gil);
            let pages = StdMutex::new(Vec::new());
            let trace = run_threads(schedule, 2, |i| {
                let mut py = gil.acquire();
                let page = answer(&mut py, i as u64 + 1, &|x| worker.work(x));
                drop(py);
                pages.lock().expect("no panics while pushing").push(page);
            })?;
            let mut pages = pages.into_inner().expect("no panics");
            pages.sort_unstable();
            let (peak, under_gil) = (worker.busy.peak(), worker.under_gil.into_inner());
            let requests = gil.into_inner().requests;
            if pages != [value(1), value(2)] {
                return Err(Wrong::shown(
                    format!(
                        "the pages returned were {pages:?}; fetch returns {} and {}.",
                        value(1),
                        value(2)
                    ),
                    &trace,
                ));
            }
            if requests != 2 {
                return Err(Wrong::shown(format!("py.requests is {requests} after two requests."), &trace));
            }
            if under_gil {
                return Err(Wrong::shown(
                    "a fetch ran while the GIL was held: release it for the fetch.",
                    &trace,
                ));
            }
            Ok(peak)
        })?;
    if outcomes.results.iter().all(|&peak| peak < 2) {
        return Err(format!(
            "A and B each handled a request: in none of the {} schedules explored did the two \
             fetches run at the same time",
            outcomes.schedules
        ));
    }
    Ok(())
}
