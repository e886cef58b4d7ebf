//! What a thread is doing when the schedule cannot see it, read from
//! Linux's `/proc`: blocked in a futex (a `std::sync` lock, condition
//! variable or channel), asleep, or running without reaching a point.
//!
//! The schedule knows only the points its own types reach. A thread that
//! holds the turn and blocks on something else holds everyone up; without
//! a look at the kernel's view, all the schedule could say after its
//! deadline is "no progress". With it, it names the cause within a fraction
//! of a second.

use std::time::Duration;

use nix::libc;

/// How long nothing must have moved before parked threads look.
pub(crate) const LOOK_AFTER: Duration = Duration::from_millis(300);

/// How often a parked thread looks, once nothing moves.
pub(crate) const LOOK_EVERY: Duration = Duration::from_millis(100);

/// How long a thread may run without reaching a point before it counts as
/// a loop the schedule cannot see.
pub(crate) const BUSY_FOR: Duration = Duration::from_secs(1);

/// What the kernel says a thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Doing {
    /// Waiting in a futex: a std lock, condition variable, channel or park.
    Futex,
    /// In `nanosleep`: `std::thread::sleep`.
    Sleep,
    /// In `flock`: waiting for a file lock (`File::lock`).
    FileLock,
    /// On a CPU, or ready for one.
    Running,
    /// Anything else (reading a socket, say): not ours to judge.
    Other,
}

/// The OS id of the calling thread.
pub(crate) fn my_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// What thread `tid` of this process is doing, if `/proc` says.
pub(crate) fn doing(tid: i32) -> Option<Doing> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    // The state follows the command name, which is in parentheses and may
    // itself hold spaces or parentheses.
    let state = stat.rsplit_once(')')?.1.trim_start().chars().next()?;
    if state == 'R' {
        return Some(Doing::Running);
    }
    let syscall = std::fs::read_to_string(format!("/proc/self/task/{tid}/syscall")).ok();
    let number = syscall.as_deref().and_then(|s| s.split_whitespace().next()?.parse::<i64>().ok());
    Some(match number {
        Some(n) if n == libc::SYS_futex => Doing::Futex,
        Some(n) if n == libc::SYS_nanosleep || n == libc::SYS_clock_nanosleep => Doing::Sleep,
        Some(n) if n == libc::SYS_flock => Doing::FileLock,
        Some(_) => Doing::Other,
        // No syscall file (permissions): the wait channel's name will do.
        None => {
            let wchan = std::fs::read_to_string(format!("/proc/self/task/{tid}/wchan")).unwrap_or_default();
            if wchan.contains("futex") {
                Doing::Futex
            } else if wchan.contains("nanosleep") {
                Doing::Sleep
            } else {
                Doing::Other
            }
        }
    })
}

/// What `name` doing `doing` means for a learner, and what to use instead.
pub(crate) fn explain(name: &str, doing: Doing) -> Option<String> {
    match doing {
        Doing::Futex => Some(format!(
            "{name} is blocked where the schedule cannot see it: in the kernel's futex wait, which \
             is where a std::sync::Mutex, Condvar, RwLock, a channel or thread::park block. The \
             schedule sees only workbook::sync's types: use workbook::sync::Mutex and \
             workbook::sync::Condvar (the exercise's `use` line), and it runs the other threads \
             while this one waits"
        )),
        Doing::Sleep => Some(format!(
            "{name} sleeps (std::thread::sleep) while the others wait for it: a sleep does not \
             order threads, and under the schedule it only holds everyone up. Wait on a \
             condition variable for the change you are waiting for"
        )),
        Doing::FileLock => Some(format!(
            "{name} waits for a file lock (flock) that another thread holds, where the schedule \
             cannot see it: the schedule cannot run the holder to let it go"
        )),
        Doing::Running => Some(format!(
            "{name} has run for over {BUSY_FOR:?} without reaching a point: a loop on something \
             the schedule cannot see (a std atomic, a plain variable), or work that never ends. \
             Use workbook::sync's types, so the schedule sees each look"
        )),
        Doing::Other => None,
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn a_thread_blocked_on_a_std_mutex_is_seen_in_a_futex() {
        let lock = std::sync::Mutex::new(());
        let held = lock.lock().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                tx.send(my_tid()).unwrap();
                drop(lock.lock());
            });
            let tid = rx.recv().unwrap();
            // It reaches the futex soon; until then it is running.
            let seen =
                crate::deadline::wait_until(Duration::from_secs(5), || doing(tid) == Some(Doing::Futex));
            drop(held);
            assert!(seen, "the blocked thread should show as waiting in a futex");
        });
    }

    #[test]
    fn a_sleeping_thread_is_seen_asleep() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|s| {
            s.spawn(move || {
                tx.send(my_tid()).unwrap();
                while done_rx.try_recv().is_err() {
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
            let tid = rx.recv().unwrap();
            let seen =
                crate::deadline::wait_until(Duration::from_secs(5), || doing(tid) == Some(Doing::Sleep));
            done_tx.send(()).unwrap();
            assert!(seen, "the sleeping thread should show as in nanosleep");
        });
    }
}
