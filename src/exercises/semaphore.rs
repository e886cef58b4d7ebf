//! Checks for lesson 05's exercises. The checks cannot name the learner's
//! types, so the bindings pass their `new`, `acquire` and `release`.

use std::sync::Mutex as StdMutex;
use std::time::Duration;

use crate::probe::Occupancy;
use crate::sched::{self, Schedule};
use crate::sync::OverRelease;

/// Five workers through a semaphore of `limit`: the peak inside must never
/// pass `limit`, and when sleepers go last (everyone who can get in does,
/// before anyone inside leaves) it must reach it.
fn through<S: Sync>(
    new: impl Fn(usize) -> S,
    acquire: impl Fn(&S) + Sync,
    release: impl Fn(&S) + Sync,
    limit: usize,
) -> Result<(), String> {
    let fill = Schedule::round_robin().sleepers_last().with_deadline(Duration::from_secs(3));
    for (forced, schedule) in std::iter::once((true, fill)).chain(super::adversarial().map(|s| (false, s))) {
        let semaphore = new(limit);
        let room = Occupancy::new();
        let (kind, trace) = super::run_under(schedule, 5, |_| {
            acquire(&semaphore);
            let inside = room.enter();
            sched::sleep(Duration::from_millis(1));
            drop(inside);
            release(&semaphore);
        })?;
        let peak = room.peak();
        if peak > limit || (forced && peak < limit) {
            let kind = if forced { format!("{kind} (sleepers last)") } else { kind };
            let want = if peak > limit { "never more" } else { "while the others wait their turn" };
            return Err(format!(
                "five workers went through a semaphore of {limit} under a {kind} schedule, and \
                 at most {peak} were inside at once ({limit} should be, {want}).\n{}",
                trace.timeline()
            ));
        }
    }
    Ok(())
}

/// `semaphore`: a permit is taken and given back on one thread without
/// blocking (also from a semaphore of 0 after a release), and five workers
/// through a semaphore of 2 are never more than 2 inside, under every
/// schedule.
///
/// # Errors
///
/// What went wrong, with the timeline when threads were involved.
pub fn semaphore<S: Sync>(new: fn(usize) -> S, acquire: fn(&S), release: fn(&S)) -> Result<(), String> {
    super::alone(|| {
        let one = new(1);
        acquire(&one);
        release(&one);
        acquire(&one);
        let none = new(0);
        release(&none);
        acquire(&none);
    })
    .map_err(|e| {
        format!("on one thread: acquire, release, acquire on a semaphore of 1, then release, acquire on one of 0: {e}")
    })?;
    through(new, acquire, release, 2)
}

/// `bounded`: a release with every permit back is refused and changes
/// nothing; the others are accepted; and the semaphore still limits five
/// workers to 1, under every schedule.
///
/// # Errors
///
/// What went wrong.
pub fn bounded<S: Sync>(
    new: fn(usize) -> S,
    acquire: fn(&S),
    release: fn(&S) -> Result<(), OverRelease>,
) -> Result<(), String> {
    let results = super::alone(|| {
        let s = new(2);
        let mut got = vec![release(&s)]; // all back: refused
        acquire(&s);
        acquire(&s);
        got.push(release(&s));
        got.push(release(&s));
        got.push(release(&s)); // all back again: refused
        got
    })
    .map_err(|e| format!("on one thread, with a bounded semaphore of 2: {e}"))?;
    let want = [Err(OverRelease { limit: 2 }), Ok(()), Ok(()), Err(OverRelease { limit: 2 })];
    if results != want {
        return Err(format!(
            "with a bounded semaphore of 2: release (all back), acquire, acquire, release, \
             release, release returned {results:?}; expected {want:?}"
        ));
    }
    let refused = StdMutex::new(Vec::new());
    let out = through(
        new,
        acquire,
        |s| {
            if let Err(e) = release(s) {
                refused.lock().expect("no panics while pushing").push(e);
            }
        },
        1,
    );
    let refused = refused.into_inner().expect("no panics");
    if let Some(e) = refused.first() {
        return Err(format!("a release that matched an acquire was refused: {e}"));
    }
    out
}
