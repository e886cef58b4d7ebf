//! Checks for lesson 04's exercises.
//!
//! What the exercises promise, and the case that tries each:
//!
//! `reentrant` (Python's `RLock`: "takes the lock at once if this thread
//! already holds it, else after waiting until nobody holds it; the lock is
//! free only when the holder's last guard is gone"):
//! - alone: taken three times nested, released, taken again; taken twice
//!   and released first-taken-first (guards may drop in any order);
//! - under every schedule with up to two preemptions (spurious wake-ups
//!   included), two threads that each take it, take it again inside and
//!   let one guard go (the inner one, or the outer one first) are never
//!   inside at once, and both get in: the lock stays held until the last
//!   guard drops, and whoever waits is woken;
//! - three threads taking it once each, under every schedule with one
//!   preemption: one at a time, and nobody left waiting.
//!
//! `pass-the-guard` ("moves `amount` from `from` to `to` if `from` has it,
//! and says whether it did; nobody may ever see the money in neither
//! account"):
//! - alone: a transfer that fits, one that does not (nothing changes), one
//!   of exactly the balance, one of 0, one from an account to itself (no
//!   money made), and one between other accounts of three;
//! - under every schedule with up to two preemptions: transfers both ways
//!   while an auditor adds up the accounts (always 100), and two transfers
//!   racing for the same money (exactly one succeeds, no account below 0);
//! - at every moment another thread could look (every time the lock is
//!   taken or released), the accounts add up to the total.

use std::sync::Mutex as StdMutex;

use super::room::Room;
use super::{Plan, Wrong, explore, run_threads};
use crate::sched;
use crate::sync::Mutex;
use crate::trace::Value;

/// Anything: a guard of the learner's lock, whose type the check cannot
/// name, held until it is dropped.
pub trait Hold {}

impl<T: ?Sized> Hold for T {}

/// A held guard of the learner's lock.
pub type Held<'a> = Box<dyn Hold + 'a>;

/// Takes the learner's lock: the binding is `|lock| Box::new(lock.lock())`.
pub type Take<L> = for<'a> fn(&'a L) -> Held<'a>;

/// A guard the check holds. If the thread is already unwinding (the
/// answer panicked, say in a guard's drop), it is leaked rather than
/// dropped: a second panic while unwinding would abort the whole process.
struct Kept<'a>(Option<Held<'a>>);

impl<'a> Kept<'a> {
    fn take<L>(take: Take<L>, lock: &'a L) -> Self {
        Kept(Some(take(lock)))
    }
}

impl Drop for Kept<'_> {
    fn drop(&mut self) {
        if let Some(held) = self.0.take() {
            if std::thread::panicking() {
                std::mem::forget(held);
            } else {
                drop(held);
            }
        }
    }
}

/// The learner's `transfer`.
pub type Transfer = fn(&Mutex<Vec<u64>>, usize, usize, u64) -> bool;

/// How each of two threads holds the lock twice in the `reentrant` check.
#[derive(Clone, Copy)]
enum Nesting {
    /// Outer, inner; the inner guard goes first.
    InnerFirst,
    /// First, second; the first guard goes first.
    OuterFirst,
}

/// `reentrant`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn reentrant<L: Sync + Default + 'static>(take: Take<L>) -> Result<(), String> {
    super::alone(|| {
        let lock = L::default();
        let a = Kept::take(take, &lock);
        let b = Kept::take(take, &lock);
        let c = Kept::take(take, &lock);
        drop((c, b, a));
        drop(Kept::take(take, &lock));
        let first = Kept::take(take, &lock);
        let second = Kept::take(take, &lock);
        drop(first);
        drop(second);
        drop(Kept::take(take, &lock));
    })
    .map_err(|e| {
        format!(
            "one thread took the lock three times, nested, let them go, took it once more, then \
             twice and let the first guard go first, then once more: {e}"
        )
    })?;
    for nesting in [Nesting::InnerFirst, Nesting::OuterFirst] {
        let what = match nesting {
            Nesting::InnerFirst => {
                "two threads each took the lock, took it again, and let the inner guard go"
            }
            Nesting::OuterFirst => {
                "two threads each took the lock, took it again, and let the first guard go"
            }
        };
        explore(Plan::SMALL, what, move |schedule| {
            let lock = L::default();
            let room = Room::new(1);
            let which = match nesting {
                Nesting::InnerFirst => "the inner guard",
                Nesting::OuterFirst => "the first guard taken",
            };
            run_threads(schedule, 2, |_| {
                let first = Kept::take(take, &lock);
                let inside = room.enter(|_| {
                    format!(
                        "two threads each took the lock, took it again, and let {which} go: \
                         both were inside at once (marked below). The lock must stay held \
                         until the holder's last guard drops, and let one thread in at a time."
                    )
                });
                let second = Kept::take(take, &lock);
                let last = match nesting {
                    Nesting::InnerFirst => {
                        drop(second);
                        first
                    }
                    Nesting::OuterFirst => {
                        drop(first);
                        second
                    }
                };
                sched::step("still-holds"); // one guard is still alive
                drop(inside);
                drop(last);
            })?;
            Ok(())
        })?;
    }
    explore(Plan::exhaustive(1), "three threads each took the lock once", move |schedule| {
        let lock = L::default();
        let room = Room::new(1);
        run_threads(schedule, 3, |_| {
            let _held = Kept::take(take, &lock);
            let _inside = room.enter(|_| {
                "three threads each took the lock once: two were inside at once (marked below).".to_owned()
            });
        })?;
        Ok(())
    })?;
    Ok(())
}

/// The accounts as a trace shows them: `[60, 40]`.
fn shown(accounts: &Vec<u64>) -> Value {
    Value::Text(format!("{accounts:?}"))
}

/// The sum of accounts shown as `[60, 40]`.
fn total_of(value: &Value) -> Option<u64> {
    let Value::Text(text) = value else { return None };
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    inner.split(", ").map(|n| n.parse::<u64>().ok()).sum()
}

/// `pass-the-guard`: see the module's list.
///
/// # Errors
///
/// The case that went wrong, with the simplest schedule that shows it.
pub fn pass_the_guard(transfer: Transfer) -> Result<(), String> {
    // (the accounts, from, to, amount, what it returns, the accounts after)
    type Alone = (Vec<u64>, usize, usize, u64, bool, Vec<u64>);
    let alone: [Alone; 6] = [
        (vec![50, 0], 0, 1, 30, true, vec![20, 30]),
        (vec![50, 0], 0, 1, 80, false, vec![50, 0]),
        (vec![50, 0], 0, 1, 50, true, vec![0, 50]),
        (vec![50, 0], 0, 1, 0, true, vec![50, 0]),
        (vec![50, 0], 0, 0, 30, true, vec![50, 0]),
        (vec![5, 10, 20], 2, 0, 20, true, vec![25, 10, 0]),
    ];
    for (before, from, to, amount, expect, after) in alone {
        let bank = Mutex::new(before.clone());
        let ok = super::alone(|| transfer(&bank, from, to, amount)).map_err(|e| {
            format!("on one thread, transferring {amount} from account {from} to {to} of {before:?}: {e}")
        })?;
        let got = bank.into_inner();
        if ok != expect || got != after {
            return Err(format!(
                "on one thread, transferring {amount} from account {from} to account {to} of \
                 {before:?} returned {ok} and left {got:?}; it should return {expect} and leave \
                 {after:?}"
            ));
        }
    }
    // (what the threads do, the transfers, how many succeed, the accounts after)
    type Race = (&'static str, [(usize, usize, u64); 2], usize, [u64; 2]);
    let races: [Race; 2] = [
        ("A moved 40 from account 0 to 1 and B moved 10 back", [(0, 1, 40), (1, 0, 10)], 2, [30, 70]),
        ("A and B each moved 40 from account 0 (which holds 60) to 1", [(0, 1, 40), (0, 1, 40)], 1, [20, 80]),
    ];
    for (what, moves, succeed, after) in races {
        explore(Plan::SMALL, format!("{what}, while C added up both accounts"), move |schedule| {
            let bank = Mutex::traced_with(vec![60, 40], shown);
            let audits = StdMutex::new(Vec::new());
            let done = StdMutex::new(Vec::new());
            let mut trace = run_threads(schedule, 3, |i| match i {
                0 | 1 => {
                    let (from, to, amount) = moves[i];
                    let ok = transfer(&bank, from, to, amount);
                    done.lock().expect("no panics while pushing").push(ok);
                }
                _ => {
                    for _ in 0..2 {
                        let total: u64 = bank.lock().iter().sum();
                        audits.lock().expect("no panics while pushing").push(total);
                    }
                }
            })?;
            let got = bank.into_inner();
            let ok = done.into_inner().expect("no panics").iter().filter(|&&ok| ok).count();
            let glimpse = trace.events.iter().position(|e| total_of(&e.value).is_some_and(|t| t != 100));
            if let Some(at) = glimpse {
                let total = total_of(&trace.events[at].value).unwrap_or_default();
                trace.events[at].mark = Some(format!("total {total}"));
                let seen = audits.into_inner().expect("no panics");
                return Err(Wrong::shown(
                    format!(
                        "{what}, while C added up both accounts (and found {seen:?}). The \
                         accounts held {total} instead of 100 at a moment another thread could \
                         look (marked below): money was in neither account, or in both."
                    ),
                    &trace,
                ));
            }
            if ok != succeed || got != after {
                return Err(Wrong::shown(
                    format!(
                        "{ok} transfer(s) succeeded and the accounts ended as {got:?}; {succeed} \
                         should, leaving {after:?}."
                    ),
                    &trace,
                ));
            }
            Ok(())
        })?;
    }
    Ok(())
}
