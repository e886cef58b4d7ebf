//! For loom checks that must find a deadlock. loom reports one by
//! panicking, and then aborts the whole process while unwinding the model's
//! threads, so `#[should_panic]` cannot catch it. Instead the test runs
//! itself again in a child process, where the model runs, and checks that
//! the child died reporting a deadlock.

/// Runs `model` in a child process (this test binary, filtered to `test`,
/// the test's full path) and asserts that loom found a deadlock in it.
pub fn expect_deadlock(test: &str, model: impl Fn()) {
    const CHILD: &str = "WORKBOOK_LOOM_CHILD";
    if std::env::var_os(CHILD).is_some() {
        model();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args(["--exact", test, "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("deadlock"),
        "loom should find a deadlock in {test}:\n{stderr}"
    );
}
