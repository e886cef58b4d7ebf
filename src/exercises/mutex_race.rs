//! Checks for lesson 03's exercises.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `decrement` ("`n -= 1`, correct however many threads call it at once"):
//! - one call takes exactly one off, from a positive, zero or negative `n`
//!   (alone, three starting values);
//! - two threads, three threads, and two threads twice each, lose no update
//!   under every schedule with up to two preemptions (a lost update needs
//!   one); a retry loop that spins, and a lock the schedule cannot see, are
//!   reported as such.
//!
//! `withdraw` ("takes `amount` out if the balance covers it, and says
//! whether it did; two threads at once must never overdraw"):
//! - alone: refuses an amount over the balance and changes nothing; accepts
//!   one equal to it (down to 0), one below it, and 0;
//! - concurrently, under every schedule with up to two preemptions:
//!   80 + 80 from 100 (exactly one succeeds), 50 + 50 from 100 (both, down
//!   to exactly 0), 30 + 30 from 100 (both: a refusal because the lock was
//!   busy is wrong), 40 × 3 from 100 (two succeed);
//! - the balance is never below zero at any moment (every value the lock
//!   holds when taken or released is recorded), and what was paid out is
//!   exactly what left the balance.

use std::sync::Mutex as StdMutex;

use super::{Plan, Wrong, explore, run_threads};
use crate::lessons::mutex_race::mark_lost_updates;
use crate::sync::{AtomicI64, Mutex};
use crate::trace::Value;

/// The learner's `decrement`.
pub type Decrement = fn(&AtomicI64);

/// The learner's `withdraw`.
pub type Withdraw = fn(&Mutex<i64>, i64) -> bool;

/// `decrement`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn decrement(answer: Decrement) -> Result<(), String> {
    for start in [5, 0, -3] {
        let n = AtomicI64::new(start);
        super::alone(|| answer(&n)).map_err(|e| format!("on one thread, decrementing n = {start}: {e}"))?;
        let end = n.into_inner();
        if end != start - 1 {
            return Err(format!(
                "on one thread, decrement took n = {start} to {end}; it should be {}",
                start - 1
            ));
        }
    }
    for (threads, each) in [(2, 1), (3, 1), (2, 2)] {
        let times = if each == 1 { "once".to_owned() } else { format!("{each} times") };
        let what = format!("{threads} threads each decremented n = 10 {times}");
        explore(Plan::SMALL, what, move |schedule| {
            let start = 10;
            let n = AtomicI64::new(start);
            let mut trace = run_threads(schedule, threads, |_| (0..each).for_each(|_| answer(&n)))?;
            let end = n.into_inner();
            let want = start - (threads * each) as i64;
            if end == want {
                return Ok(());
            }
            mark_lost_updates(&mut trace, start);
            let times = if each == 1 { "once".to_owned() } else { format!("{each} times") };
            Err(Wrong::shown(
                format!(
                    "{threads} threads each decremented n = {start} {times}, and n ended at {end} \
                     instead of {want}: {} update(s) lost.",
                    end - want
                ),
                &trace,
            ))
        })?;
    }
    Ok(())
}

/// `withdraw`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn withdraw(answer: Withdraw) -> Result<(), String> {
    for (balance, amount) in [(50, 80), (80, 80), (100, 30), (100, 0), (0, 0)] {
        let account = Mutex::new(balance);
        let ok = super::alone(|| answer(&account, amount))
            .map_err(|e| format!("on one thread, withdrawing {amount} from {balance}: {e}"))?;
        let left = account.into_inner();
        let expect = balance >= amount;
        let want = if expect { balance - amount } else { balance };
        if ok != expect || left != want {
            return Err(format!(
                "on one thread, withdrawing {amount} from {balance} returned {ok} and left {left}; \
                 it should return {expect} and leave {want}"
            ));
        }
    }
    let cases: [(i64, &'static [i64], usize); 4] =
        [(100, &[80, 80], 1), (100, &[50, 50], 2), (100, &[30, 30], 2), (100, &[40, 40, 40], 2)];
    for (balance, amounts, succeed) in cases {
        let what = format!(
            "{} threads withdrew {} from a balance of {balance}",
            amounts.len(),
            amounts.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
        );
        explore(Plan::SMALL, what, move |schedule| {
            let account = Mutex::traced(balance);
            let results = StdMutex::new(Vec::new());
            let trace = run_threads(schedule, amounts.len(), |i| {
                let ok = answer(&account, amounts[i]);
                results.lock().expect("no panics while pushing").push((amounts[i], ok));
            })?;
            let left = account.into_inner();
            let results = results.into_inner().expect("no panics");
            let paid: i64 = results.iter().filter(|r| r.1).map(|r| r.0).sum();
            let ok = results.iter().filter(|r| r.1).count();
            let case = format!(
                "{} threads withdrew {} from a balance of {balance}",
                amounts.len(),
                amounts.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            );
            let lowest = trace.events.iter().filter_map(|e| e.value.as_int()).min();
            if let Some(low) = lowest.filter(|&low| low < 0) {
                let mut trace = trace;
                if let Some(e) = trace.events.iter_mut().find(|e| e.value == Value::Int(low)) {
                    e.mark = Some("overdrawn".into());
                }
                return Err(Wrong::shown(
                    format!("{case}: for a moment the balance was {low}, below zero (marked below)."),
                    &trace,
                ));
            }
            if ok != succeed || left != balance - paid || left < 0 {
                return Err(Wrong::shown(
                    format!(
                        "{case}: {ok} succeeded, paying out {paid}, and {left} was left; {succeed} \
                         should succeed, and what is left must be {balance} minus what was paid out."
                    ),
                    &trace,
                ));
            }
            Ok(())
        })?;
    }
    Ok(())
}
