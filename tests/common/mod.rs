//! Helpers shared by the lesson tests.
#![allow(dead_code)]

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

/// Generous: only a hung test waits this long.
pub const LIMIT: Duration = Duration::from_secs(60);

/// Compares `actual` with `book/src/generated/<name>`, which the book
/// includes. `UPDATE_GOLDEN=1 cargo test` rewrites the files instead.
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("book/src/generated").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} is out of date; run `UPDATE_GOLDEN=1 cargo test` and commit it.\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// True when the check returned an error or panicked: a wrong answer must
/// do one or the other.
pub fn rejects(check: impl FnOnce() -> Result<(), String> + Send + 'static) -> bool {
    let outcome =
        workbook::deadline::within(LIMIT, "a check", || panic::catch_unwind(AssertUnwindSafe(check)));
    !matches!(outcome, Ok(Ok(())))
}

/// Runs a lesson binary with `args` (under a deadline) and returns its output.
pub fn run_bin(exe: &'static str, args: &'static [&'static str]) -> Output {
    workbook::deadline::within(LIMIT, exe, move || {
        Command::new(exe).args(args).env("NO_COLOR", "1").output().expect("the binary starts")
    })
}

/// The binary's stdout, after checking that it exited 0.
pub fn stdout_ok(exe: &'static str, args: &'static [&'static str]) -> String {
    let out = run_bin(exe, args);
    assert!(out.status.success(), "{exe} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Checks that a bad flag gets clap's error and exit code 2.
pub fn refuses(exe: &'static str, args: &'static [&'static str]) {
    let out = run_bin(exe, args);
    assert_eq!(out.status.code(), Some(2), "{exe} {args:?} should exit 2");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error:"), "{exe} {args:?} printed: {err}");
}

/// A check bound to one answer: `|| check::decrement(answers::x::decrement)`.
pub type Verdict = fn() -> Result<(), String>;

/// The seed bases every verdict is taken under: a check's verdict must
/// come from exploration, not from the luck of a seed.
const SEED_BASES: [u64; 2] = [0, 0x5eed_f00d];

/// `WORKBOOK_SHOW_VERDICTS=1 cargo test ... -- --nocapture` prints every
/// verdict with how long it took: for reviewing what learners would read.
/// Returns the verdict and whether it used seeded schedules at all.
fn verdict(name: &str, check: Verdict, base: u64) -> (Result<(), String>, bool) {
    let started = std::time::Instant::now();
    let owned = name.to_owned();
    let out = workbook::deadline::try_within(LIMIT, &owned, move || {
        let before = workbook::exercises::seeded_runs();
        let out = panic::catch_unwind(AssertUnwindSafe(|| workbook::exercises::with_seed_base(base, check)))
            .unwrap_or_else(|_| Err("the check panicked".to_owned()));
        (out, workbook::exercises::seeded_runs() > before)
    });
    let (out, seeded) = match out {
        Ok((out, seeded)) => (out, seeded),
        Err(hung) => (Err(hung), false),
    };
    if std::env::var_os("WORKBOOK_SHOW_VERDICTS").is_some() && base == SEED_BASES[0] {
        let shown = out.as_ref().err().map_or("passed", String::as_str);
        eprintln!("=== {name} ({:.2?})\n{shown}\n", started.elapsed());
    }
    (out, seeded)
}

/// The verdicts of `check` under every seed base it can depend on: one
/// when it ran no seeded schedule, all of them otherwise.
fn verdicts(name: &str, check: Verdict) -> Vec<(u64, Result<(), String>)> {
    let mut out = Vec::new();
    for base in SEED_BASES {
        let (verdict, seeded) = verdict(name, check, base);
        out.push((base, verdict));
        if !seeded {
            break;
        }
    }
    out
}

/// Every wrong answer must be rejected, under every seed base, with a
/// message that contains its reason: rejected for the right reason, not
/// for another.
pub fn all_rejected(cases: &[(&str, Verdict, &str)]) {
    let mut problems = Vec::new();
    for &(name, check, why) in cases {
        for (base, verdict) in verdicts(name, check) {
            match verdict {
                Ok(()) => problems.push(format!("{name} (seed base {base:#x}) passed its check")),
                Err(message) if !message.contains(why) => problems.push(format!(
                    "{name} (seed base {base:#x}) was rejected, but not for {why:?}:\n{message}"
                )),
                Err(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Every right answer must pass, under every seed base.
pub fn all_accepted(cases: &[(&str, Verdict)]) {
    let mut problems = Vec::new();
    for &(name, check) in cases {
        for (base, verdict) in verdicts(name, check) {
            if let Err(message) = verdict {
                problems.push(format!("{name} (seed base {base:#x}) was rejected:\n{message}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Runs each reference solution's check (each must pass) and writes how
/// many schedules it explored to `book/src/generated/schedules-<slug>.md`,
/// one table row an exercise, for the how-it-works chapter.
pub fn solutions_pass(slug: &str, checks: &[(&str, Verdict)]) {
    let mut rows = String::new();
    for &(name, check) in checks {
        let before = workbook::exercises::schedules_explored();
        if let Err(e) = check() {
            panic!("{slug}/{name}: the reference solution fails its check:\n{e}");
        }
        let explored = workbook::exercises::schedules_explored() - before;
        let shown = if explored == 0 { "—".to_owned() } else { explored.to_string() };
        rows.push_str(&format!("| {slug}/{name} | {shown} |\n"));
    }
    golden(&format!("schedules-{slug}.md"), &rows);
}
