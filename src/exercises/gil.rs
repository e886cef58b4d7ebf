//! Checks for lesson 02's exercises: does the work run outside the GIL, on
//! two threads at once, under every [`adversarial`](super::adversarial)
//! schedule?

use crate::lessons::gil::{Gil, GilGuard, Interpreter};
use crate::probe::Occupancy;
use crate::sched;

/// Work or IO that needs no GIL, as the exercises take it.
pub type Work<'a> = dyn Fn(u64) -> u64 + Sync + 'a;

/// The signature of `merge-once`'s `sum_work`.
pub type SumWork = fn(&Gil<Interpreter>, &[u64], &Work<'_>);

/// The signature of `allow-threads`' `handle`.
pub type Handle = fn(&mut GilGuard<'_, Interpreter>, u64, &Work<'_>) -> u64;

/// How many points a worker waits for company before working alone.
const PATIENCE: usize = 200;

/// Stands in for work that needs no GIL. It marks its thread as busy and,
/// under a controlled schedule, waits (at points, so others can run) for
/// another thread to be busy too: if the answer lets two threads work at
/// once, they will, and the check sees it.
fn work(busy: &Occupancy, x: u64) -> u64 {
    let _busy = busy.enter();
    for _ in 0..PATIENCE {
        if busy.now() >= 2 {
            break;
        }
        sched::step("waits");
    }
    x * 10
}

/// `merge-once`: two threads each sum `work(x)` over three items; the work
/// must overlap, each call must take the GIL exactly once, and the total
/// must be right.
///
/// # Errors
///
/// What went wrong, and under which schedule.
pub fn merge_once(answer: SumWork) -> Result<(), String> {
    let items: [&[u64]; 2] = [&[1, 2, 3], &[4, 5, 6]];
    for schedule in super::adversarial() {
        let gil = Gil::new(Interpreter::default());
        let busy = Occupancy::new();
        let job = |x| work(&busy, x);
        let (kind, _) = super::run_under(schedule, 2, |i| answer(&gil, items[i], &job))?;
        let taken = gil.acquisitions();
        let total = gil.into_inner().total;
        if total != 210 {
            return Err(format!("the total is {total}; the work adds up to 210"));
        }
        if busy.peak() < 2 {
            return Err(format!(
                "under a {kind} schedule the two threads never worked at the same time: the \
                 work ran while holding the GIL"
            ));
        }
        if taken != 2 {
            return Err(format!(
                "two calls took the GIL {taken} times between them; each should take it once, \
                 to merge its result"
            ));
        }
    }
    Ok(())
}

/// `allow-threads`: two threads each handle a request while holding the
/// GIL; their fetches must overlap, and both requests must be counted.
///
/// # Errors
///
/// What went wrong, and under which schedule.
pub fn allow_threads(answer: Handle) -> Result<(), String> {
    for schedule in super::adversarial() {
        let gil = Gil::new(Interpreter::default());
        let busy = Occupancy::new();
        let fetch = |url| work(&busy, url);
        let pages = std::sync::Mutex::new(Vec::new());
        let (kind, _) = super::run_under(schedule, 2, |i| {
            let mut py = gil.acquire();
            let page = answer(&mut py, i as u64 + 1, &fetch);
            drop(py);
            pages.lock().expect("no panics while pushing").push(page);
        })?;
        let mut pages = pages.into_inner().expect("no panics");
        pages.sort_unstable();
        let requests = gil.into_inner().requests;
        if pages != [10, 20] {
            return Err(format!("the pages returned were {pages:?}; fetch returns 10 and 20"));
        }
        if requests != 2 {
            return Err(format!("py.requests is {requests} after two requests"));
        }
        if busy.peak() < 2 {
            return Err(format!(
                "under a {kind} schedule the two fetches never ran at the same time: the \
                 GIL was held while fetching"
            ));
        }
    }
    Ok(())
}
