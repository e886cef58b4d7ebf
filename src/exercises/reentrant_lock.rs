//! Checks for lesson 04's exercises.

use crate::probe::Occupancy;
use crate::sched;
use crate::sync::Mutex;
use crate::trace::Value;

/// Runs `f` while holding the learner's lock (the check cannot name the
/// learner's guard type, so the binding passes a function that locks, runs
/// `f`, and drops the guard).
pub type WithLock<L> = fn(&L, &mut dyn FnMut());

/// `reentrant`: the holder can take the lock again, the lock stays held
/// until the last guard drops, and two threads are never inside at once,
/// under every schedule.
///
/// # Errors
///
/// What went wrong, with the timeline when threads were involved.
pub fn reentrant<L: Sync + Default>(with_lock: WithLock<L>) -> Result<(), String> {
    let lock = L::default();
    super::alone(|| {
        with_lock(&lock, &mut || with_lock(&lock, &mut || with_lock(&lock, &mut || ())));
        with_lock(&lock, &mut || ());
    })
    .map_err(|e| format!("one thread took the lock three times, nested, then once more: {e}"))?;
    for schedule in super::adversarial() {
        let lock = L::default();
        let room = Occupancy::new();
        let (kind, trace) = super::run_under(schedule, 3, |_| {
            with_lock(&lock, &mut || {
                let inside = room.enter();
                with_lock(&lock, &mut || sched::step("nested"));
                sched::step("still-holds"); // the outer guard is still alive
                drop(inside);
            });
        })?;
        if room.peak() > 1 {
            return Err(format!(
                "three threads each took the lock, took it again inside, and let the inner guard \
                 go; under a {kind} schedule {} threads were inside at once. The lock must stay \
                 held until the holder's last guard drops.\n{}",
                room.peak(),
                trace.timeline()
            ));
        }
    }
    Ok(())
}

/// `pass-the-guard`: transfers move money only when it is there, and an
/// auditor that sums every account under the lock always finds the total,
/// under every schedule.
///
/// # Errors
///
/// The case that went wrong, with the timeline when threads were involved.
pub fn pass_the_guard(transfer: fn(&Mutex<Vec<u64>>, usize, usize, u64) -> bool) -> Result<(), String> {
    for (amount, expect, left) in
        [(30, true, vec![20, 30]), (80, false, vec![50, 0]), (50, true, vec![0, 50])]
    {
        let bank = Mutex::new(vec![50, 0]);
        let ok = super::alone(|| transfer(&bank, 0, 1, amount))?;
        let got = bank.into_inner();
        if ok != expect || got != left {
            return Err(format!(
                "transferring {amount} from [50, 0] returned {ok} and left {got:?}; it should \
                 return {expect} and leave {left:?}"
            ));
        }
    }
    for schedule in super::adversarial() {
        let bank = Mutex::traced_with(vec![60, 40], |v| Value::Text(format!("{v:?}")));
        let audits = std::sync::Mutex::new(Vec::new());
        let (kind, trace) = super::run_under(schedule, 3, |i| match i {
            0 => {
                transfer(&bank, 0, 1, 40);
            }
            1 => {
                transfer(&bank, 1, 0, 10);
            }
            _ => {
                for _ in 0..3 {
                    let total: u64 = bank.lock().iter().sum();
                    audits.lock().expect("no panics while pushing").push(total);
                }
            }
        })?;
        let audits = audits.into_inner().expect("no panics");
        if let Some(bad) = audits.iter().find(|&&t| t != 100) {
            return Err(format!(
                "A moved 40 from account 0 to 1 and B moved 10 back while C added up both \
                 accounts; under a {kind} schedule C found {bad} instead of 100: money was in \
                 neither account.\n{}",
                trace.timeline()
            ));
        }
    }
    Ok(())
}
