//! The harness behind `just bench`: time a few variants of one thing, and
//! check the ratios the book claims about them.
//!
//! A claim of speed is a measured ratio, not a timed test: the benchmarks
//! in `benches/` time each variant several times, keep the median, and
//! compare ratios of medians with the bound the book states. A bench exits
//! with code 1 when a claim does not hold on the machine it ran on (see
//! `benches/common/mod.rs`).
//!
//! ```
//! use std::time::Duration;
//! use workbook::measure::{Bench, Bound};
//!
//! let mut bench = Bench::new("sleep", 3);
//! let short = bench.time("1 ms", || std::thread::sleep(Duration::from_millis(1)));
//! let long = bench.time("3 ms", || std::thread::sleep(Duration::from_millis(3)));
//! bench.claim("a 3 ms sleep takes longer than a 1 ms one", long / short, Bound::AtLeast(1.0));
//! let (text, ok) = bench.finish();
//! assert!(ok, "{text}");
//! ```

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// Which side of a claimed ratio the measurement must fall on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// The ratio is at least this.
    AtLeast(f64),
    /// The ratio is at most this.
    AtMost(f64),
}

impl Bound {
    /// Whether `ratio` satisfies the bound.
    pub fn holds(self, ratio: f64) -> bool {
        match self {
            Bound::AtLeast(b) => ratio >= b,
            Bound::AtMost(b) => ratio <= b,
        }
    }
}

/// A set of timed variants and the claims about them.
#[derive(Debug)]
pub struct Bench {
    name: String,
    samples: usize,
    rows: Vec<(String, Duration, Duration, Duration)>,
    /// What, the measured value, its bound, and its unit (`×` for a ratio).
    claims: Vec<(String, f64, Bound, &'static str)>,
    notes: Vec<String>,
}

impl Bench {
    /// A bench that times each variant `samples` times.
    pub fn new(name: &str, samples: usize) -> Self {
        Bench {
            name: name.to_owned(),
            samples: samples.max(1),
            rows: Vec::new(),
            claims: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Runs `f` once to warm up, then `samples` times; records and returns
    /// the median, in seconds.
    pub fn time(&mut self, label: &str, mut f: impl FnMut()) -> f64 {
        self.time_interleaved(&mut [(label, &mut f)])[0]
    }

    /// Times several variants with their samples interleaved (a, b, c, a,
    /// b, c, …), after one warm-up run of each: a machine that slows down
    /// halfway (another tenant, a frequency change) slows every variant
    /// alike, so their ratios hold still where back-to-back timings drift.
    /// Records each and returns their medians, in seconds, in order.
    pub fn time_interleaved(&mut self, variants: &mut [(&str, &mut dyn FnMut())]) -> Vec<f64> {
        for (_, f) in variants.iter_mut() {
            f();
        }
        let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(self.samples); variants.len()];
        for _ in 0..self.samples {
            for ((_, f), times) in variants.iter_mut().zip(&mut times) {
                let started = Instant::now();
                f();
                times.push(started.elapsed());
            }
        }
        variants
            .iter()
            .zip(times)
            .map(|((label, _), mut times)| {
                times.sort_unstable();
                let median = times[times.len() / 2];
                self.rows.push(((*label).to_owned(), median, times[0], times[times.len() - 1]));
                median.as_secs_f64()
            })
            .collect()
    }

    /// Records a measured value that is not a time (a speed-up, a rate).
    pub fn note(&mut self, line: impl Into<String>) {
        self.notes.push(line.into());
    }

    /// Records a claim: `ratio` must satisfy `bound`.
    pub fn claim(&mut self, what: &str, ratio: f64, bound: Bound) {
        self.claims.push((what.to_owned(), ratio, bound, "×"));
    }

    /// Records a claim about a measured value in `unit` (`" µs"`, `" ms"`),
    /// not a ratio: `value` must satisfy `bound`.
    pub fn claim_value(&mut self, what: &str, value: f64, unit: &'static str, bound: Bound) {
        self.claims.push((what.to_owned(), value, bound, unit));
    }

    /// The report, and whether every claim held.
    pub fn finish(self) -> (String, bool) {
        let mut out = format!("{} (median of {} runs)\n", self.name, self.samples);
        let width = self.rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (label, median, min, max) in &self.rows {
            let _ = writeln!(out, "  {label:<width$}  {median:>10.3?}   (min {min:.3?}, max {max:.3?})");
        }
        for note in &self.notes {
            let _ = writeln!(out, "  {note}");
        }
        let mut ok = true;
        for (what, ratio, bound, unit) in &self.claims {
            let holds = bound.holds(*ratio);
            ok &= holds;
            let (verdict, bound) = match bound {
                Bound::AtLeast(b) => (holds, format!("≥ {b}")),
                Bound::AtMost(b) => (holds, format!("≤ {b}")),
            };
            let mark = if verdict { "holds" } else { "DOES NOT HOLD" };
            let _ =
                writeln!(out, "  claim: {what}: measured {ratio:.2}{unit} (claimed {bound}{unit}): {mark}");
        }
        (out, ok)
    }
}
