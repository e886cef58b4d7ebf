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

/// Runs `benches/python/<script>` with the interpreter `python` and reads
/// the numbers it prints, one `name number …` line each, for `names`.
#[allow(dead_code)] // only the benches that `just compare` runs
pub fn python_numbers<const N: usize>(python: &std::ffi::OsStr, script: &str, names: [&str; N]) -> [f64; N] {
    let script = format!("{}/benches/python/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(python).arg(&script).output().expect("python runs");
    assert!(out.status.success(), "{script} failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    names.map(|name| {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(name));
        let line = line.unwrap_or_else(|| panic!("no {name} in {text}"));
        line.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("bad line {line}"))
    })
}
