//! What every bench does last.

use workbook::measure::Bench;

/// Prints the bench's report; exits with code 1 if a claim did not hold.
pub fn report(bench: Bench) {
    let (text, ok) = bench.finish();
    print!("{text}");
    if !ok {
        std::process::exit(1);
    }
}

/// Ping-pong with a turn flag, a parking_lot Mutex and Condvar: the
/// textbook blocking hand-off, and the baseline of every other one.
#[allow(dead_code)] // not every bench has a hand-off
pub fn condvar_ping_pong(trips: usize) {
    let turn = parking_lot::Mutex::new(false);
    let changed = parking_lot::Condvar::new();
    let pass = |mine: bool| {
        let mut t = turn.lock();
        while *t != mine {
            changed.wait(&mut t);
        }
        *t = !mine;
        changed.notify_one();
    };
    std::thread::scope(|s| {
        s.spawn(|| (0..trips).for_each(|_| pass(true)));
        (0..trips).for_each(|_| pass(false));
    });
}
