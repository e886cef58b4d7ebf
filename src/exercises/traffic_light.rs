//! Checks for lesson 06's exercises. The checks cannot name the learner's
//! types, so the bindings pass their methods as functions.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::lessons::traffic_light::{RAN_THE_RED, mark_red_crossings};
use crate::sched;
use crate::trace::Value;

/// How many steps the setter works before it sets the flag: long enough
/// that a waiter which spins instead of sleeping shows it.
const WORK: usize = 6;

/// The most times a waiter may take the lock in the `event` check: once to
/// wait, once more for the `is_set` after it. A waiter that spins takes it
/// at every turn.
const LOCKS_PER_WAITER: usize = 3;

/// `event`: on one thread, `set` and `clear` change what `is_set` says, and
/// `wait` on a set event returns at once;
/// then A works a few steps and sets the event while B, C and D wait for
/// it, under every schedule: every waiter must return (no lost wake-up, no
/// waiter left asleep), see the flag set when it does, and sleep rather
/// than spin while it waits.
///
/// # Errors
///
/// What went wrong, with the timeline when threads were involved.
pub fn event<E: Sync>(
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
        clear(&e);
        seen.push(is_set(&e));
        set(&e);
        wait(&e);
        seen.push(is_set(&e));
        seen
    })
    .map_err(|e| format!("on one thread, new, set, clear, set, wait: {e}"))?;
    if alone != [false, true, false, true] {
        return Err(format!(
            "on one thread: is_set() said {alone:?} for a new event, after set, after clear, and \
             after set and wait (expected [false, true, false, true])"
        ));
    }
    for (forced, schedule) in super::adversarial().enumerate().map(|(i, s)| (i == 0, s)) {
        let e = new();
        let early = StdMutex::new(Vec::new());
        let (kind, trace) = super::run_under(schedule, 4, |i| {
            if i == 0 {
                for _ in 0..WORK {
                    sched::step("works");
                }
                set(&e);
            } else {
                wait(&e);
                if !is_set(&e) {
                    early.lock().expect("no panics while pushing").push(sched::names(4)[i].clone());
                }
            }
        })?;
        let early = early.into_inner().expect("no panics");
        if let Some(waiter) = early.first() {
            return Err(format!(
                "under a {kind} schedule, {waiter}'s wait() returned while the flag was still clear \
                 (A had not set it).\n{}",
                trace.timeline()
            ));
        }
        if forced {
            for waiter in ["B", "C", "D"] {
                let locks = trace
                    .events
                    .iter()
                    .filter(|e| trace.thread_of(e) == waiter && e.label == "locks")
                    .count();
                if locks > LOCKS_PER_WAITER {
                    return Err(format!(
                        "under a {kind} schedule, {waiter} took the lock {locks} times while A worked: \
                         it spins, checking again and again, instead of sleeping on the condition \
                         variable until set() wakes it.\n{}",
                        trace.timeline()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// How many times the light in `cross-on-green` turns green and red.
const TOGGLES: usize = 3;

/// How many times each car in `cross-on-green` crosses.
const TRIPS: usize = 3;

/// `cross-on-green`: on one thread, a light turned green lets `cross` run
/// exactly once; then a light (A) turns green and red `TOGGLES` (3) times and
/// ends green while two cars (B and C) each cross `TRIPS` (3) times, under
/// every schedule: no car may cross while the light shows red, and every
/// crossing must happen.
///
/// # Errors
///
/// What went wrong, with the timeline.
pub fn cross_on_green<L: Sync>(
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
    for schedule in super::adversarial() {
        let light = new();
        // What the light shows, as the light thread changes it: red only
        // once turn_red has returned, green before turn_green is called.
        let green = AtomicBool::new(false);
        let crossings = AtomicUsize::new(0);
        let (kind, mut trace) = super::run_under(schedule, 3, |i| {
            if i == 0 {
                for _ in 0..TOGGLES {
                    green.store(true, Ordering::SeqCst);
                    turn_green(&light);
                    turn_red(&light);
                    green.store(false, Ordering::SeqCst);
                    sched::step("shows red");
                }
                green.store(true, Ordering::SeqCst);
                turn_green(&light);
            } else {
                for _ in 0..TRIPS {
                    cross_on_green(&light, &mut || {
                        crossings.fetch_add(1, Ordering::SeqCst);
                        sched::point_shown(
                            "crosses",
                            || green.load(Ordering::SeqCst),
                            |&g| Value::Text(if g { "on green" } else { "on red" }.into()),
                        );
                    });
                }
            }
        })?;
        mark_red_crossings(&mut trace);
        if trace.marks() > 0 {
            return Err(format!(
                "under a {kind} schedule a car crossed on red (\"{RAN_THE_RED}\" below): the light \
                 turned red after the car saw green and before it crossed.\n{}",
                trace.timeline()
            ));
        }
        let crossings = crossings.into_inner();
        if crossings != 2 * TRIPS {
            return Err(format!(
                "under a {kind} schedule two cars called cross_on_green {TRIPS} times each, and \
                 `cross` ran {crossings} times ({} is right).\n{}",
                2 * TRIPS,
                trace.timeline()
            ));
        }
    }
    Ok(())
}

#[cfg(all(test, not(loom)))]
mod tests {
    #[test]
    fn the_forced_schedule_is_round_robin() {
        // `event` looks for spinning only under the first adversarial
        // schedule, which must be the one where everyone takes turns.
        let first = super::super::adversarial().next().expect("one schedule at least");
        assert_eq!(first.describe(), crate::sched::Schedule::round_robin().describe());
    }
}
