//! Checks for lesson 06's exercises. The checks cannot name the learner's
//! types, so the bindings pass their methods as functions.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `event` (Python's `threading.Event`: "a flag, and a way to wait until it
//! is set"; `set` "sets the flag and wakes every thread waiting for it";
//! `clear`: "later waits wait again"):
//! - alone: a new event is not set; `set`, `clear` and `set` again change
//!   what `is_set` says (twice in a row too); `wait` on a set event returns
//!   at once;
//! - under every schedule with up to two preemptions (spurious wake-ups and
//!   early time-outs included) A sets the event while B waits for it, and
//!   under every schedule with one, while B and C do: every wait returns,
//!   and only once the event is set (no lost wake-up, no waiter left
//!   asleep, no wake-up taken for a set); a waiter that checks again and
//!   again instead of sleeping is reported as spinning;
//! - under every schedule with one preemption: A clears and sets the event
//!   while B waits: B returns, after a set;
//! - under every schedule with one preemption: the event is set, and A sets
//!   it again while B clears it and C waits: C may wait for ever only if
//!   the event ends clear (a waiter left asleep on a set event is a lost
//!   wake-up).
//!
//! `cross-on-green` ("waits for green, then calls `cross` while the light
//! is still green: it cannot turn red before `cross` returns"):
//! - alone: a light turned green lets `cross` run exactly once;
//! - under every schedule with up to two preemptions (early time-outs
//!   included): the light (A) turns green, stays green for a while, turns
//!   red, stays red for a while and turns green again, while a car (B)
//!   crosses twice: it never crosses while the light shows red, and crosses
//!   exactly twice;
//! - under every schedule with one preemption: two cars (B, C) cross once
//!   each while the light turns green, red and green.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::time::Duration;

use super::{Plan, Wrong, explore, run_threads};
use crate::lessons::traffic_light::RAN_THE_RED;
use crate::sched;
use crate::sync::{Condvar, Mutex};
use crate::trace::Value;

/// `event`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn event<E: Sync + 'static>(
    new: fn() -> E,
    set: fn(&E),
    clear: fn(&E),
    wait: fn(&E),
    is_set: fn(&E) -> bool,
) -> Result<(), String> {
    let alone = super::alone(|| {
        let e = new();
        let mut seen = vec![is_set(&e)];
        set(&e);
        seen.push(is_set(&e));
        set(&e);
        seen.push(is_set(&e));
        clear(&e);
        seen.push(is_set(&e));
        clear(&e);
        seen.push(is_set(&e));
        set(&e);
        wait(&e);
        seen.push(is_set(&e));
        seen
    })
    .map_err(|e| format!("on one thread: new, set, set, clear, clear, set, wait: {e}"))?;
    let want = [false, true, true, false, false, true];
    if alone != want {
        return Err(format!(
            "on one thread, is_set() said {alone:?} for a new event, after set, set again, \
             clear, clear again, and set and wait; expected {want:?}"
        ));
    }
    for (waiters, plan) in [(1, Plan::SMALL), (2, Plan::exhaustive(1))] {
        let what = if waiters == 1 {
            "A set the event while B waited"
        } else {
            "A set the event while B and C waited"
        };
        explore(plan, what, move |schedule| {
            let e = new();
            let was_set = AtomicBool::new(false);
            run_threads(schedule, 1 + waiters, |i| {
                if i == 0 {
                    sched::step("works");
                    was_set.store(true, SeqCst);
                    set(&e);
                } else {
                    wait(&e);
                    if !sched::point("returns", || was_set.load(SeqCst)) {
                        let who = &sched::names(3)[i];
                        sched::broken(
                            "before the set",
                            format!("{who}'s wait() returned before A had set it (marked below)."),
                        );
                    }
                }
            })?;
            Ok(())
        })?;
    }
    // A set that races a clear may be undone by it, and a waiter may then
    // wait for ever; but a waiter may not be left waiting while the flag
    // is set: that is a lost wake-up.
    let what = "the event was set; A set it again while B cleared it and C waited";
    explore(Plan::exhaustive(1), what, move |schedule| {
        let e = new();
        set(&e);
        match run_threads(schedule, 3, |i| match i {
            0 => set(&e),
            1 => clear(&e),
            _ => wait(&e),
        }) {
            Ok(_) => Ok(()),
            // C waits for ever (asleep, or in timed waits that keep running
            // out) on an event that ended clear: nothing promised it a set.
            Err(wrong) if never_returns(&wrong.what) && !is_set(&e) => Ok(()),
            Err(mut wrong) if never_returns(&wrong.what) => {
                wrong.what = format!(
                    "{}: C still waits although the event is set: a wake-up was lost (a set \
                     must notify whenever it sets the flag, as seen under the lock)",
                    wrong.what
                );
                Err(wrong)
            }
            Err(wrong) => Err(wrong),
        }
    })?;
    explore(Plan::exhaustive(1), "A cleared and then set the event while B waited", move |schedule| {
        let e = new();
        let sets = AtomicUsize::new(0);
        run_threads(schedule, 2, |i| {
            if i == 0 {
                clear(&e);
                sets.fetch_add(1, SeqCst);
                set(&e);
            } else {
                wait(&e);
                if sched::point("returns", || sets.load(SeqCst)) == 0 {
                    sched::broken(
                        "before any set",
                        "B's wait() returned before A had set it (marked below).",
                    );
                }
            }
        })?;
        Ok(())
    })?;
    Ok(())
}

/// Whether a run failed because C never returned from its wait.
fn never_returns(what: &str) -> bool {
    what.starts_with("deadlock") || what.starts_with("C spins")
}

/// `cross-on-green`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn cross_on_green<L: Sync + 'static>(
    new: fn() -> L,
    turn_green: fn(&L),
    turn_red: fn(&L),
    cross_on_green: fn(&L, &mut dyn FnMut()),
) -> Result<(), String> {
    let calls = super::alone(|| {
        let light = new();
        turn_green(&light);
        let mut calls = 0;
        cross_on_green(&light, &mut || calls += 1);
        calls
    })
    .map_err(|e| format!("on one thread, a light turned green, then cross_on_green: {e}"))?;
    if calls != 1 {
        return Err(format!(
            "on one thread, cross_on_green on a green light called `cross` {calls} times (once is right)"
        ));
    }
    for (cars, trips, plan) in [(1, 2, Plan::SMALL), (2, 1, Plan::exhaustive(1))] {
        let what = format!(
            "the light (A) turned green, red and green while {} crossed {}",
            if cars == 1 { "a car (B)" } else { "two cars (B and C)" },
            if trips == 1 { "once".to_owned() } else { format!("{trips} times") }
        );
        explore(plan, what, move |schedule| {
            let light = new();
            // What the light shows, as the light thread changes it: red
            // only once turn_red has returned, green before turn_green is
            // called.
            let green = AtomicBool::new(false);
            let crossings = AtomicUsize::new(0);
            let (pause, ticks) = (Mutex::new(()), Condvar::new());
            // The light stays green, then red, for a while: a timed wait,
            // during which the cars run (and which an exploration may also
            // end early).
            let stay = |colour: &'static str| {
                let mut guard = pause.lock();
                sched::step(colour);
                let _ = ticks.wait_for(&mut guard, Duration::from_secs(1));
            };
            let trace = run_threads(schedule, 1 + cars, |i| {
                if i == 0 {
                    green.store(true, SeqCst);
                    turn_green(&light);
                    stay("stays green");
                    turn_red(&light);
                    green.store(false, SeqCst);
                    stay("stays red");
                    green.store(true, SeqCst);
                    turn_green(&light);
                } else {
                    for _ in 0..trips {
                        cross_on_green(&light, &mut || {
                            crossings.fetch_add(1, SeqCst);
                            let on_green = sched::point_shown(
                                "crosses",
                                || green.load(SeqCst),
                                |&g| Value::Text(if g { "on green" } else { "on red" }.into()),
                            );
                            if !on_green {
                                sched::broken(
                                    RAN_THE_RED,
                                    "a car crossed while the light showed red (marked below): \
                                     the light (A) turned red after the car saw green and before \
                                     it crossed.",
                                );
                            }
                        });
                    }
                }
            })?;
            let crossings = crossings.into_inner();
            let want = cars * trips;
            if crossings != want {
                return Err(Wrong::shown(
                    format!("`cross` ran {crossings} times ({want} is right)."),
                    &trace,
                ));
            }
            Ok(())
        })?;
    }
    Ok(())
}
