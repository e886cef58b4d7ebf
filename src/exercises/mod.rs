//! Exercises: the learner edits `lessons/NN-slug/exercise.rs`; these checks
//! decide whether the answer holds.
//!
//! Each exercise is a region of the file between `// ANCHOR: name` and
//! `// ANCHOR_END: name` (the markers mdBook uses to include it in the book).
//! A region that still contains `todo!(` is *pending*: it is not checked,
//! and `cargo test` stays green. Once the `todo!()` is gone the check runs,
//! and a wrong answer fails with what went wrong and the exercise's hint.
//!
//! Checks for concurrent code do not hope for a bad interleaving: they
//! [`explore()`] the schedules of small cases systematically (every schedule
//! with up to a few preemptions, spurious wake-ups and early time-outs
//! included, then PCT for bigger ones), so a racy answer fails on every
//! run, with the simplest schedule that shows why. Each check lists, at
//! the top of its module, every promise its exercise makes and the case
//! that tries it.
//!
//! `tests/exercises.rs` binds each check to the learner's functions (or, with
//! `--features solutions`, to the reference solutions) and calls [`run`].

pub mod r#async;
pub mod chat;
pub mod coroutines;
pub mod explore;
pub mod gil;
pub mod io_multiplexing;
#[cfg(loom)]
pub mod loom;
pub mod mutex_race;
pub mod process_pool;
pub mod processes;
pub mod producer_consumer;
pub mod reentrant_lock;
mod room;
pub mod semaphore;
pub mod threads;
pub mod traffic_light;

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::deadline;
use crate::lessons;
use crate::sched::Schedule;

pub use self::explore::{
    Outcomes, Plan, Wrong, explore, run as run_threads, schedules_explored, seeded_runs, with_seed_base,
};

/// A check: `Ok` when the answer holds, else what went wrong.
pub type Check = Arc<dyn Fn() -> Result<(), String> + Send + Sync>;

/// How long one check may run before it counts as hung.
pub const CHECK_LIMIT: Duration = Duration::from_secs(60);

/// How long a check waits at a rendezvous (every job started, say) before
/// concluding it will never happen. Only wrong answers wait this long.
pub const RENDEZVOUS: Duration = Duration::from_secs(1);

/// Runs `f` on one thread, as the only actor of a strict round-robin
/// schedule, so that an answer which deadlocks by itself (locking a mutex
/// it holds), spins, or panics is reported instead of hanging or crashing
/// the check.
///
/// # Errors
///
/// Why the schedule failed, or the panic's message.
pub fn alone<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, String> {
    let schedule = Schedule::round_robin().with_deadline(Duration::from_secs(3)).strict();
    let actor = schedule.actor("A");
    let sink = PanicSink::default();
    let out = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("A".into())
            .spawn_scoped(s, || {
                let _collecting = collect_panics(&sink);
                actor.run(f)
            })
            .expect("the OS creates a thread")
            .join()
    });
    schedule.finish().map_err(|e| e.to_string())?;
    out.map_err(|_| format!("it panicked: {}", first_panic(&sink).unwrap_or_default()))
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, leaving out
/// every line that carries an anchor marker (as mdBook does).
pub fn region(text: &str, name: &str) -> Option<String> {
    let begin = format!("ANCHOR: {name}");
    let end = format!("ANCHOR_END: {name}");
    let mut lines = text.lines().skip_while(|l| !ends_with_marker(l, &begin));
    lines.next()?;
    let mut out = String::new();
    for line in lines {
        if ends_with_marker(line, &end) {
            return Some(out);
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            out.push_str(line);
            out.push('\n');
        }
    }
    None
}

fn ends_with_marker(line: &str, marker: &str) -> bool {
    line.trim_end().trim_end_matches("-->").trim_end().ends_with(marker)
}

/// The names of every anchored region, in order.
pub fn regions(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let at = l.find("ANCHOR: ")?;
            Some(l[at + "ANCHOR: ".len()..].trim().trim_end_matches("-->").trim().to_owned())
        })
        .collect()
}

/// True while the exercise's region still holds a `todo!()`.
pub fn is_pending(source: &str, name: &str) -> bool {
    region(source, name).is_none_or(|r| r.contains("todo!("))
}

/// The hint for one exercise, from its lesson's `hints.md`.
pub fn hint(lesson: &str, name: &str) -> Option<String> {
    region(lessons::find(lesson)?.hints, name).map(|h| h.trim().to_owned())
}

/// One lesson's answers: the source the learner edits and the checks bound
/// to its functions.
pub struct Answers {
    /// The lesson's slug.
    pub lesson: &'static str,
    /// The text of the file the checks run against.
    pub source: &'static str,
    /// Exercise name → check, in the order of the lesson's exercise list.
    pub checks: Vec<(&'static str, Check)>,
}

/// What happened to one exercise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Still has its `todo!()`.
    Pending,
    /// The check passed.
    Done,
    /// The check failed, with why.
    Failed(String),
}

/// How [`run`] was asked to judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judge {
    /// The learner's files: pending is fine.
    Learner,
    /// The reference solutions: every exercise must be done.
    Solutions,
    /// The files as shipped: every exercise must still be pending.
    Shipped,
}

/// The result of checking: the text to print and whether it passed.
#[derive(Clone, Debug)]
pub struct Report {
    /// One line per exercise, failures with their reasons and hints, and a
    /// summary line.
    pub text: String,
    /// False when an exercise failed (or, judging solutions or shipped files,
    /// was not in the state required).
    pub ok: bool,
}

/// Checks every exercise whose `lesson/name` contains one of `filters` (all
/// when there are none).
pub fn run(answers: &[Answers], filters: &[String], judge: Judge) -> Report {
    let mut text = String::new();
    let mut ok = true;
    if let Err(problem) = consistent(answers) {
        return Report { text: format!("exercises: {problem}\n"), ok: false };
    }
    let (mut done, mut pending, mut failed) = (0, 0, 0);
    let width = answers
        .iter()
        .flat_map(|a| a.checks.iter().map(move |(name, _)| a.lesson.len() + 1 + name.len()))
        .max()
        .unwrap_or(0);
    let _quiet = QuietPanics::install();
    for answer in answers {
        let dir = lessons::find(answer.lesson).map(lessons::Lesson::dir).unwrap_or_default();
        for (name, check) in &answer.checks {
            let id = format!("{}/{name}", answer.lesson);
            if !filters.is_empty() && !filters.iter().any(|f| id.contains(f.as_str())) {
                continue;
            }
            let status =
                if is_pending(answer.source, name) { Status::Pending } else { judge_one(&id, check) };
            let status = match (status, judge) {
                (Status::Pending, Judge::Solutions) => {
                    Status::Failed("the solution still has todo!()".into())
                }
                (Status::Done, Judge::Shipped) => {
                    Status::Failed("is shipped already solved (no todo!())".into())
                }
                (status, _) => status,
            };
            match status {
                Status::Pending => {
                    pending += 1;
                    let _ = writeln!(text, "  · {id:<width$} pending: {dir}/exercise.rs");
                }
                Status::Done => {
                    done += 1;
                    let _ = writeln!(text, "  ✓ {id}");
                }
                Status::Failed(why) => {
                    ok = false;
                    failed += 1;
                    let _ = writeln!(text, "  ✗ {id}");
                    let _ = writeln!(text, "{}", indent(&why, 6));
                    if let (Judge::Learner, Some(hint)) = (judge, hint(answer.lesson, name)) {
                        let _ = writeln!(text, "      hint (also: just hint {}):", answer.lesson);
                        let _ = writeln!(text, "{}", indent(&hint, 8));
                    }
                }
            }
        }
    }
    let total = done + pending + failed;
    if total > 0 {
        let _ = write!(text, "exercises: {done}/{total} done, {pending} pending");
        if failed > 0 {
            let _ = write!(text, ", {failed} failing");
        }
        let _ = writeln!(text, "{}", if judge == Judge::Solutions { " (reference solutions)" } else { "" });
    }
    Report { text, ok }
}

fn judge_one(id: &str, check: &Check) -> Status {
    let check = Arc::clone(check);
    let outcome =
        deadline::try_within(CHECK_LIMIT, id, move || panic::catch_unwind(AssertUnwindSafe(|| check())));
    match outcome {
        Ok(Ok(Ok(()))) => Status::Done,
        Ok(Ok(Err(why))) => Status::Failed(why),
        Ok(Err(_)) => Status::Failed(format!("your code panicked: {}", QuietPanics::last())),
        Err(hung) => Status::Failed(hung),
    }
}

/// Every lesson's exercise list, the file's anchors and the bound checks
/// must name the same exercises: none can go unchecked.
fn consistent(answers: &[Answers]) -> Result<(), String> {
    for answer in answers {
        let lesson = lessons::find(answer.lesson).ok_or(format!("no lesson is named {}", answer.lesson))?;
        let anchors = regions(answer.source);
        let checks: Vec<&str> = answer.checks.iter().map(|(n, _)| *n).collect();
        if anchors != lesson.exercises || checks != lesson.exercises {
            return Err(format!(
                "{}: the lesson lists {:?}, the file has regions {anchors:?}, the checks cover {checks:?}",
                answer.lesson, lesson.exercises
            ));
        }
    }
    Ok(())
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.trim_end().lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
}

/// Where a thread's panic messages go instead of the terminal while it
/// runs a learner's answer: the check reports them once, in its verdict.
pub(crate) type PanicSink = Arc<Mutex<Vec<String>>>;

thread_local! {
    static SINK: std::cell::RefCell<Option<PanicSink>> = const { std::cell::RefCell::new(None) };
}

/// Sends this thread's panic messages to `sink` until the returned guard
/// drops (then to wherever they went before).
pub(crate) fn collect_panics(sink: &PanicSink) -> Collecting {
    install_hook();
    Collecting(SINK.with(|s| s.borrow_mut().replace(Arc::clone(sink))))
}

/// While alive, this thread's panic messages go to a sink.
pub(crate) struct Collecting(Option<PanicSink>);

impl Drop for Collecting {
    fn drop(&mut self) {
        let previous = self.0.take();
        SINK.with(|s| *s.borrow_mut() = previous);
    }
}

/// The first message in `sink` that says what went wrong (a scope's
/// "a scoped thread panicked" only repeats that a thread did).
pub(crate) fn first_panic(sink: &PanicSink) -> Option<String> {
    let messages = sink.lock().unwrap_or_else(PoisonError::into_inner);
    messages.iter().find(|m| !m.starts_with("'a scoped thread panicked")).or(messages.first()).cloned()
}

/// Installs, once, a panic hook that sends a panic's message to its
/// thread's sink when it has one, to [`QuietPanics`] while that is on, and
/// otherwise to the hook that was there before.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info.location().map(|l| format!(" (at {}:{})", l.file(), l.line())).unwrap_or_default();
            let thread = std::thread::current();
            let who = thread.name().unwrap_or("a thread");
            let text = format!("'{message}' in {who}{at}");
            let sink = SINK.with(|s| s.borrow().clone());
            if let Some(sink) = sink {
                sink.lock().unwrap_or_else(PoisonError::into_inner).push(text);
            } else if QUIET.load(std::sync::atomic::Ordering::SeqCst) {
                // A scope re-panics when one of its threads did: keep the
                // first, which says what really went wrong.
                let mut last = LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner);
                if !message.starts_with("a scoped thread panicked") || last.is_empty() {
                    *last = text;
                }
            } else {
                previous(info);
            }
        }));
    });
}

/// While installed, panics are recorded instead of printed: a learner's
/// panic is reported once, inside the failing exercise's entry.
struct QuietPanics;

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

impl QuietPanics {
    fn install() -> Self {
        install_hook();
        LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner).clear();
        QUIET.store(true, std::sync::atomic::Ordering::SeqCst);
        QuietPanics
    }

    fn last() -> String {
        std::mem::take(&mut *LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        QUIET.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    const FILE: &str = "\
// ANCHOR: one
fn one() { todo!() }
// ANCHOR_END: one
// ANCHOR: two
fn two() {}
// ANCHOR_END: two
<!-- ANCHOR: three -->
three
<!-- ANCHOR_END: three -->
";

    #[test]
    fn regions_are_found_by_their_anchors() {
        assert_eq!(regions(FILE), ["one", "two", "three"]);
        assert_eq!(region(FILE, "two").as_deref(), Some("fn two() {}\n"));
        assert_eq!(region(FILE, "three").as_deref(), Some("three\n"));
        assert_eq!(region(FILE, "four"), None);
    }

    #[test]
    fn a_todo_left_in_a_region_means_pending() {
        assert!(is_pending(FILE, "one"));
        assert!(!is_pending(FILE, "two"));
        assert!(is_pending(FILE, "missing"));
    }
}
