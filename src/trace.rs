//! Recording what each thread did, and drawing it as a timeline.
//!
//! A [`Trace`] is the list of [`Event`]s a run produced: who did what, in
//! which order, with which value. Under a controlled [`Schedule`] the order
//! is exact, because only one thread moves at a time. Under a free schedule
//! events are recorded just after each operation, so two operations that
//! really happened at the same moment may be drawn in either order.
//!
//! [`Trace::timeline`] draws one column per thread, one row per step, and
//! writes a lesson's marks (`← update lost`) at the end of the row where an
//! invariant broke:
//!
//! ```text
//! step | A        | B
//! -----+----------+----------
//!    1 | reads 2  |
//!    2 |          | reads 2
//!    3 | writes 1 |
//!    4 |          | writes 1   ← update lost
//! ```
//!
//! [`Schedule`]: crate::sched::Schedule

use std::fmt;

/// What an event carries besides its name. Serializable: a child process
/// reports its steps' values to the parent (see [`crate::process::points`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// Nothing worth showing.
    #[default]
    None,
    /// A number: a value read, written or counted.
    Int(i128),
    /// A number that changed in one indivisible step: `3→2`.
    Change(i128, i128),
    /// Anything else, already worded.
    Text(String),
}

impl Value {
    /// The number an event saw or produced: `Int(v)` or the new value of a
    /// `Change`.
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(v) | Value::Change(_, v) => Some(*v),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => Ok(()),
            Value::Int(v) => write!(f, "{v}"),
            Value::Change(a, b) => write!(f, "{a}→{b}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl From<()> for Value {
    fn from((): ()) -> Self {
        Value::None
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

macro_rules! int_values {
    ($($t:ty)*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(i128::from(v))
            }
        }
    )*};
}
int_values!(i8 i16 i32 i64 u8 u16 u32 u64);

impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i128)
    }
}

impl From<isize> for Value {
    fn from(v: isize) -> Self {
        Value::Int(v as i128)
    }
}

/// One thing one thread did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Position in the run, from 1.
    pub seq: usize,
    /// Index into [`Trace::threads`].
    pub thread: usize,
    /// What happened: `reads`, `writes`, `locks`, `reports`…
    pub label: &'static str,
    /// What it saw or produced.
    pub value: Value,
    /// Set by a lesson where this event breaks its invariant.
    pub mark: Option<String>,
}

impl Event {
    /// `reads 3`, or just `locks` when there is no value.
    pub fn cell(&self) -> String {
        match self.value {
            Value::None => self.label.to_owned(),
            ref v => format!("{} {v}", self.label),
        }
    }
}

/// The events of one run, in order, and the threads that took part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    /// Thread names, in the order they joined the run: the timeline's columns.
    pub threads: Vec<String>,
    /// What happened, in order.
    pub events: Vec<Event>,
    /// Steps left off the end by [`cut`](Self::cut).
    pub omitted: usize,
}

/// Above this many threads a timeline is drawn as a list, one line a step.
pub const MAX_COLUMNS: usize = 6;

impl Trace {
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The name of the thread that produced `event`.
    pub fn thread_of(&self, event: &Event) -> &str {
        &self.threads[event.thread]
    }

    /// The labels in order, as `"A reads"`: the form a script is written in.
    pub fn steps(&self) -> Vec<String> {
        self.events.iter().map(|e| format!("{} {}", self.thread_of(e), e.label)).collect()
    }

    /// How many events carry a mark.
    pub fn marks(&self) -> usize {
        self.events.iter().filter(|e| e.mark.is_some()).count()
    }

    /// Keeps the first `steps` events and counts the rest as omitted: the
    /// timeline ends at the moment that matters and says how many steps
    /// followed.
    pub fn cut(&mut self, steps: usize) {
        if steps < self.events.len() {
            self.omitted += self.events.len() - steps;
            self.events.truncate(steps);
        }
    }

    /// Draws the run: a grid with one column per thread, or, past
    /// [`MAX_COLUMNS`] threads, a list with one line per step.
    pub fn timeline(&self) -> String {
        let mut out = if self.threads.len() <= MAX_COLUMNS { self.grid() } else { self.list() };
        if self.omitted > 0 {
            let steps = if self.omitted == 1 { "step" } else { "steps" };
            out.push_str(&format!("… and {} more {steps} until every thread is done\n", self.omitted));
        }
        out
    }

    fn grid(&self) -> String {
        let mut widths: Vec<usize> = self.threads.iter().map(|t| t.chars().count()).collect();
        for e in &self.events {
            widths[e.thread] = widths[e.thread].max(e.cell().chars().count());
        }
        let step_w = "step".len().max(self.events.len().to_string().len());
        let mut out = String::new();
        let mut line = format!("{:>step_w$} ", "step");
        for (name, w) in self.threads.iter().zip(&widths) {
            line.push_str(&format!("| {name:<w$} "));
        }
        push_line(&mut out, &line);
        let mut rule = "-".repeat(step_w + 1);
        for w in &widths {
            rule.push('+');
            rule.push_str(&"-".repeat(w + 2));
        }
        push_line(&mut out, &rule);
        for e in &self.events {
            let mut line = format!("{:>step_w$} ", e.seq);
            for (col, w) in widths.iter().enumerate() {
                let cell = if col == e.thread { e.cell() } else { String::new() };
                line.push_str(&format!("| {cell:<w$} "));
            }
            if let Some(mark) = &e.mark {
                line.push_str(&format!("  ← {mark}"));
            }
            push_line(&mut out, &line);
        }
        out
    }

    fn list(&self) -> String {
        let name_w = self.threads.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        let step_w = self.events.len().to_string().len().max(4);
        let cell_w = self.events.iter().map(|e| e.cell().chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for e in &self.events {
            let mut line =
                format!("{:>step_w$}  {:<name_w$}  {:<cell_w$}", e.seq, self.thread_of(e), e.cell());
            if let Some(mark) = &e.mark {
                line.push_str(&format!("  ← {mark}"));
            }
            push_line(&mut out, &line);
        }
        out
    }
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.timeline())
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn lost_update() -> Trace {
        let ev = |seq, thread, label, v: i64, mark: Option<&str>| Event {
            seq,
            thread,
            label,
            value: Value::from(v),
            mark: mark.map(str::to_owned),
        };
        Trace {
            threads: vec!["A".into(), "B".into()],
            events: vec![
                ev(1, 0, "reads", 2, None),
                ev(2, 1, "reads", 2, None),
                ev(3, 0, "writes", 1, None),
                ev(4, 1, "writes", 1, Some("update lost")),
            ],
            omitted: 0,
        }
    }

    #[test]
    fn grid_has_a_column_per_thread_and_the_mark_on_its_row() {
        let expected = "\
step | A        | B
-----+----------+----------
   1 | reads 2  |
   2 |          | reads 2
   3 | writes 1 |
   4 |          | writes 1   ← update lost
";
        assert_eq!(lost_update().timeline(), expected);
    }

    #[test]
    fn many_threads_are_listed_one_step_a_line() {
        let mut trace = lost_update();
        trace.threads = (0..MAX_COLUMNS + 1).map(|i| format!("T{i}")).collect();
        let text = trace.timeline();
        assert_eq!(text.lines().count(), 4);
        assert!(text.lines().last().unwrap().ends_with("T1  writes 1  ← update lost"));
    }

    #[test]
    fn a_cut_timeline_says_how_many_steps_it_left_off() {
        let mut trace = lost_update();
        trace.cut(10);
        assert_eq!(trace.omitted, 0, "nothing to cut");
        trace.cut(3);
        assert_eq!((trace.events.len(), trace.omitted), (3, 1));
        assert!(trace.timeline().ends_with("… and 1 more step until every thread is done\n"));
    }

    #[test]
    fn steps_read_like_a_script() {
        assert_eq!(lost_update().steps(), ["A reads", "B reads", "A writes", "B writes"]);
        assert_eq!(lost_update().marks(), 1);
    }

    #[test]
    fn values_render_compactly() {
        assert_eq!(Value::Change(3, 2).to_string(), "3→2");
        assert_eq!(Value::from(()).to_string(), "");
        assert_eq!(Value::Change(3, 2).as_int(), Some(2));
    }
}
