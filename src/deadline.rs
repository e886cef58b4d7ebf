//! Deadlines for anything that could hang.
//!
//! A test must fail with a message, never hang. [`within`] runs a closure on
//! its own thread and gives up on it after a deadline. The abandoned thread
//! is left behind (a thread cannot be killed), which is fine for a test that
//! is about to fail anyway.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Runs `f` on a new thread and returns its result, or `Err` naming `what`
/// when it has not finished after `limit`.
///
/// # Errors
///
/// A message saying that `what` did not finish in time.
///
/// # Panics
///
/// If `f` panics, the panic is resumed on the calling thread.
pub fn try_within<T, F>(limit: Duration, what: &str, f: F) -> Result<T, String>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let handle = thread::Builder::new()
        .name(format!("deadline: {what}"))
        .spawn(move || {
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(out);
        })
        .expect("spawn a thread");
    match rx.recv_timeout(limit) {
        Ok(Ok(value)) => {
            let _ = handle.join();
            Ok(value)
        }
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => Err(format!("{what} did not finish within {limit:?}: a deadlock, or a wait nobody ends")),
    }
}

/// Like [`try_within`], but panics (failing the test) at the deadline.
///
/// # Panics
///
/// When `f` panics or does not finish within `limit`.
pub fn within<T, F>(limit: Duration, what: &str, f: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    try_within(limit, what, f).unwrap_or_else(|msg| panic!("{msg}"))
}

/// Waits for `ready()` to become true, checking it again after each yield,
/// until `limit`: a rendezvous with a deadline. Returns whether it became
/// true.
pub fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    loop {
        if ready() {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        thread::yield_now();
    }
}
