//! Checks for lesson 05's exercises. The checks cannot name the learner's
//! types, so the bindings pass their `new`, `acquire` and `release`.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `semaphore` ("`acquire` takes a permit, waiting while there is none;
//! `release` gives one back, waking one waiting thread"):
//! - alone: acquire, release, acquire on a semaphore of 1; release then
//!   acquire on one of 0; two acquires on one of 2 (none of them waits);
//! - under every schedule with up to two preemptions (spurious wake-ups and
//!   early time-outs included): three workers through a semaphore of 2 are
//!   never more than 2 inside, and all get through (no lost wake-up);
//!   some schedule lets 2 in at once (a semaphore of 2 is not a lock);
//! - two workers through a semaphore of 1, one at a time, under every
//!   schedule with up to two preemptions;
//! - two threads that acquire from a semaphore of 0 wait until a third
//!   releases twice, then both go on: each release wakes a waiter, even
//!   when the count was not 0 before it.
//!
//! `bounded` (`BoundedSemaphore`: "refuses to hold more permits than it
//! started with"; `release` is `Err(OverRelease { limit })` "when all
//! `limit` permits are already back"):
//! - alone: a release with every permit back is refused, another is
//!   accepted after an acquire;
//! - a refused release leaves the count as it was: after one, two workers
//!   through a bounded semaphore of 1 still go one at a time;
//! - two threads releasing at once into a semaphore missing one permit:
//!   exactly one is accepted, under every schedule;
//! - with both permits of a semaphore of 2 out, two threads wait while a
//!   third releases twice: both wake (each release wakes a waiter);
//! - three workers through a bounded semaphore of 2, as for `semaphore`,
//!   with every matched release accepted.

use std::sync::Mutex as StdMutex;

use super::room::Room;
use super::{Plan, Wrong, explore, run_threads};
use crate::sched;
use crate::sync::OverRelease;

/// `workers` threads each acquire, spend a step inside, and release, under
/// every schedule of `plan`: never more than `limit` inside, everyone
/// through; and (when `must_fill`) some schedule has `limit` inside at once.
fn through<S: Sync + 'static>(
    new: fn(usize) -> S,
    acquire: fn(&S),
    release: impl Fn(&S) + Send + Sync + 'static,
    limit: usize,
    workers: usize,
    plan: Plan,
) -> Result<(), String> {
    let what = format!("{workers} workers went through a semaphore of {limit}");
    let peaks = explore(plan, what, move |schedule| {
        let semaphore = new(limit);
        let room = Room::new(limit);
        run_threads(schedule, workers, |_| {
            acquire(&semaphore);
            let inside = room.enter(|now| {
                format!(
                    "{workers} workers went through a semaphore of {limit}, and {now} were inside \
                     at once (marked below): never more than {limit}."
                )
            });
            sched::step("works");
            drop(inside);
            release(&semaphore);
        })?;
        Ok(room.peak())
    })?;
    let most = peaks.results.iter().copied().max().unwrap_or(0);
    if most < limit {
        return Err(format!(
            "{workers} workers went through a semaphore of {limit}, and under none of the {} \
             schedules explored were more than {most} inside at once: acquire must let {limit} \
             in while there are permits",
            peaks.schedules
        ));
    }
    Ok(())
}

/// `semaphore`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn semaphore<S: Sync + 'static>(
    new: fn(usize) -> S,
    acquire: fn(&S),
    release: fn(&S),
) -> Result<(), String> {
    super::alone(|| {
        let one = new(1);
        acquire(&one);
        release(&one);
        acquire(&one);
        let none = new(0);
        release(&none);
        acquire(&none);
        let two = new(2);
        acquire(&two);
        acquire(&two);
    })
    .map_err(|e| {
        format!(
            "on one thread: acquire, release, acquire on a semaphore of 1; release, acquire on \
             one of 0; acquire, acquire on one of 2: {e}"
        )
    })?;
    through(new, acquire, release, 1, 2, Plan::SMALL)?;
    through(new, acquire, release, 2, 3, Plan::exhaustive(1))?;
    // A and B wait on a semaphore of 0; C's two releases must wake both.
    let what = "A and B each acquired from a semaphore of 0 while C released twice";
    explore(Plan::exhaustive(1), what, move |schedule| {
        let semaphore = new(0);
        run_threads(schedule, 3, |i| {
            if i < 2 {
                acquire(&semaphore);
            } else {
                release(&semaphore);
                release(&semaphore);
            }
        })?;
        Ok(())
    })?;
    Ok(())
}

/// `bounded`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn bounded<S: Sync + 'static>(
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
    // A refused release must not add a permit: two workers through a
    // bounded semaphore of 1 after one go one at a time.
    let what = "a release on a full bounded semaphore of 1 was refused, then two workers went through it";
    explore(Plan::SMALL, what, move |schedule| {
        let semaphore = new(1);
        let refused = release(&semaphore);
        if refused != Err(OverRelease { limit: 1 }) {
            return Err(Wrong::from(format!(
                "a release on a full bounded semaphore of 1 returned {refused:?}; expected \
                 Err(OverRelease {{ limit: 1 }})"
            )));
        }
        let room = Room::new(1);
        run_threads(schedule, 2, |_| {
            acquire(&semaphore);
            let inside = room.enter(|now| {
                format!(
                    "a release on a full bounded semaphore of 1 was refused, then two workers \
                     went through it, and {now} were inside at once (marked below): the refused \
                     release added a permit. Leave the count as it was."
                )
            });
            drop(inside);
            let _ = release(&semaphore);
        })?;
        Ok(())
    })?;
    // One permit is out; two threads give one back at once: one fits.
    let what = "a bounded semaphore of 1 had its permit out, and A and B each released at once";
    explore(Plan::SMALL, what, move |schedule| {
        let semaphore = new(1);
        acquire(&semaphore);
        let results = StdMutex::new(Vec::new());
        let trace = run_threads(schedule, 2, |_| {
            let r = release(&semaphore);
            results.lock().expect("no panics while pushing").push(r);
        })?;
        let results = results.into_inner().expect("no panics");
        if results.iter().filter(|r| r.is_ok()).count() != 1 {
            return Err(Wrong::shown(
                format!(
                    "a bounded semaphore of 1 had its permit out, and A and B each released at \
                     once: they returned {results:?}; exactly one fits, the other is refused."
                ),
                &trace,
            ));
        }
        Ok(())
    })?;
    // Both permits out: A and B wait, and C's two releases must wake both.
    let what = "a bounded semaphore of 2 had both permits out; A and B each acquired while C released twice";
    explore(Plan::exhaustive(1), what, move |schedule| {
        let semaphore = new(2);
        acquire(&semaphore);
        acquire(&semaphore);
        run_threads(schedule, 3, |i| {
            if i < 2 {
                acquire(&semaphore);
            } else {
                let _ = release(&semaphore);
                let _ = release(&semaphore);
            }
        })?;
        Ok(())
    })?;
    let refused = std::sync::Arc::new(StdMutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&refused);
    let release_matched = move |s: &S| {
        if let Err(e) = release(s) {
            seen.lock().expect("no panics while pushing").push(e);
        }
    };
    let out = through(new, acquire, release_matched, 2, 3, Plan::exhaustive(1));
    if let Some(e) = refused.lock().expect("no panics").first() {
        return Err(format!("a release that matched an acquire was refused: {e}"));
    }
    out
}
