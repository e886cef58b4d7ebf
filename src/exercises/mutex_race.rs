//! Checks for lesson 03's exercises: each answer runs under every
//! [`adversarial`](super::adversarial) schedule.

use std::sync::Mutex as StdMutex;

use crate::lessons::mutex_race::mark_lost_updates;
use crate::sync::{AtomicI64, Mutex};

/// `decrement`: three threads each decrement `n = 3` once; `n` must end at 0
/// under every schedule.
///
/// # Errors
///
/// The schedule under which an update was lost, with its timeline.
pub fn decrement(answer: fn(&AtomicI64)) -> Result<(), String> {
    for schedule in super::adversarial() {
        let n = AtomicI64::new(3);
        let (kind, mut trace) = super::run_under(schedule, 3, |_| answer(&n))?;
        let end = n.into_inner();
        if end != 0 {
            mark_lost_updates(&mut trace, 3);
            return Err(format!(
                "three threads each decremented n = 3 once, under a {kind} schedule, and n \
                 ended at {end}: {end} update(s) lost.\n{}",
                trace.timeline()
            ));
        }
    }
    Ok(())
}

/// `withdraw`: on its own, a withdrawal succeeds exactly when the balance
/// covers it; two threads withdrawing 80 from 100 must leave exactly one
/// success and 20, under every schedule.
///
/// # Errors
///
/// The case that went wrong, with the timeline when threads were involved.
pub fn withdraw(answer: fn(&Mutex<i64>, i64) -> bool) -> Result<(), String> {
    for (balance, amount, expect) in [(50, 80, false), (80, 80, true), (100, 30, true)] {
        let account = Mutex::new(balance);
        let ok = super::alone(|| answer(&account, amount))?;
        let left = account.into_inner();
        let want = if expect { balance - amount } else { balance };
        if ok != expect || left != want {
            return Err(format!(
                "withdrawing {amount} from {balance} returned {ok} and left {left}; \
                 it should return {expect} and leave {want}"
            ));
        }
    }
    for schedule in super::adversarial() {
        let account = Mutex::traced(100);
        let results = StdMutex::new(Vec::new());
        let (kind, trace) = super::run_under(schedule, 2, |_| {
            let ok = answer(&account, 80);
            results.lock().expect("no panics while pushing").push(ok);
        })?;
        let left = account.into_inner();
        let succeeded = results.into_inner().expect("no panics").iter().filter(|&&ok| ok).count();
        if succeeded != 1 || left != 20 {
            return Err(format!(
                "two threads each withdrew 80 from a balance of 100, under a {kind} schedule: \
                 {succeeded} succeeded and {left} was left (exactly one should succeed, \
                 leaving 20).\n{}",
                trace.timeline()
            ));
        }
    }
    Ok(())
}
