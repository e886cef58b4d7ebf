//! # A workbook of concurrency primitives
//!
//! Threads, locks, queues, processes, coroutines and event loops, ported
//! from the Python tutorials that teach them, with every race *forced* on
//! every run by a scripted schedule and every fix proven by a test.
//!
//! - [`sched`]: scripted, round-robin, random and free schedules that force
//!   an interleaving and record it.
//! - [`trace`]: the record of a run, drawn as a timeline.
//! - [`sync`]: the locks and atomics every lesson uses; points of the
//!   schedule normally, loom's types under `--cfg loom`.
//! - [`lessons`]: one module per lesson, each exposing its racy and correct
//!   versions as functions that return outcomes.
//! - [`exercises`]: the checks run against the learner's answers.
//! - [`deadline`], [`cli`], [`measure`]: what tests, binaries and benchmarks
//!   share.

#![warn(missing_docs)]

pub mod cli;
pub mod coro;
pub mod deadline;
pub mod exercises;
pub mod io;
pub mod lessons;
pub mod measure;
pub mod probe;
pub mod process;
pub mod sched;
pub mod sync;
pub mod trace;
