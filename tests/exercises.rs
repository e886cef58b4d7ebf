//! Checks every exercise: pending ones (still holding their `todo!()`) are
//! listed, done ones pass, wrong ones fail with their hint.
//!
//! `cargo test` runs this; `just check <slug>` runs only one lesson's
//! (`cargo test --test exercises -- <slug>`). With `--features solutions`
//! the reference solutions are checked instead, and must all be done; with
//! `-- --shipped` (CI) every shipped exercise must still be pending. Under
//! `RUSTFLAGS="--cfg loom"` (`just check-loom <slug>`) the answers that may
//! use atomics run under loom's memory model instead.

#![cfg_attr(loom, allow(dead_code, unused_imports))]

use std::sync::Arc;

use workbook::exercises::{self, Answers, Judge};

// read-frame's check asks how much an answer allocated before refusing an
// oversized frame.
#[cfg(not(loom))]
#[global_allocator]
static ALLOC: workbook::probe::LargestAllocation = workbook::probe::LargestAllocation;

macro_rules! answer_file {
    ($dir:literal) => {
        include_str!(concat!("../lessons/", $dir, "/", answer_name!()))
    };
}

#[cfg(not(feature = "solutions"))]
macro_rules! answer_name {
    () => {
        "exercise.rs"
    };
}

#[cfg(feature = "solutions")]
macro_rules! answer_name {
    () => {
        "solution.rs"
    };
}

// The learner's files are checked as they are being written: unused
// parameters and unreachable code are expected until the `todo!()` goes.
#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/01-threads/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/01-threads/solution.rs")]
mod threads;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/02-gil/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/02-gil/solution.rs")]
mod gil;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/03-mutex-race/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/03-mutex-race/solution.rs")]
mod mutex_race;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/04-reentrant-lock/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/04-reentrant-lock/solution.rs")]
mod reentrant_lock;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/05-semaphore/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/05-semaphore/solution.rs")]
mod semaphore;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/06-traffic-light/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/06-traffic-light/solution.rs")]
mod traffic_light;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/07-producer-consumer/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/07-producer-consumer/solution.rs")]
mod producer_consumer;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/08-processes/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/08-processes/solution.rs")]
mod processes;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/10-coroutines/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/10-coroutines/solution.rs")]
mod coroutines;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/11-async/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/11-async/solution.rs")]
mod r#async;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/13-chat/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/13-chat/solution.rs")]
mod chat;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/12-io-multiplexing/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/12-io-multiplexing/solution.rs")]
mod io_multiplexing;

#[allow(unused_variables, unused_mut, unreachable_code, unused_imports, dead_code)]
#[cfg_attr(not(feature = "solutions"), path = "../lessons/09-process-pool/exercise.rs")]
#[cfg_attr(feature = "solutions", path = "../lessons/09-process-pool/solution.rs")]
mod process_pool;

fn answers() -> Vec<Answers> {
    use workbook::exercises as check;
    vec![
        Answers {
            lesson: "threads",
            source: answer_file!("01-threads"),
            checks: vec![
                ("run-all", Arc::new(|| check::threads::run_all(threads::run_all))),
                ("parallel-sum", Arc::new(|| check::threads::parallel_sum(threads::parallel_sum))),
            ],
        },
        Answers {
            lesson: "gil",
            source: answer_file!("02-gil"),
            checks: vec![
                ("merge-once", Arc::new(|| check::gil::merge_once(gil::sum_work))),
                ("allow-threads", Arc::new(|| check::gil::allow_threads(gil::handle))),
            ],
        },
        Answers {
            lesson: "mutex-race",
            source: answer_file!("03-mutex-race"),
            checks: vec![
                ("decrement", Arc::new(|| check::mutex_race::decrement(mutex_race::decrement))),
                ("withdraw", Arc::new(|| check::mutex_race::withdraw(mutex_race::withdraw))),
            ],
        },
        Answers {
            lesson: "reentrant-lock",
            source: answer_file!("04-reentrant-lock"),
            checks: vec![
                (
                    "reentrant",
                    Arc::new(|| {
                        check::reentrant_lock::reentrant::<reentrant_lock::ReentrantLock>(|lock| {
                            Box::new(lock.lock())
                        })
                    }),
                ),
                (
                    "pass-the-guard",
                    Arc::new(|| check::reentrant_lock::pass_the_guard(reentrant_lock::transfer)),
                ),
            ],
        },
        Answers {
            lesson: "semaphore",
            source: answer_file!("05-semaphore"),
            checks: vec![
                (
                    "semaphore",
                    Arc::new(|| {
                        use semaphore::Semaphore as S;
                        check::semaphore::semaphore(S::new, S::acquire, S::release)
                    }),
                ),
                (
                    "bounded",
                    Arc::new(|| {
                        use semaphore::Bounded as B;
                        check::semaphore::bounded(B::new, B::acquire, B::release)
                    }),
                ),
            ],
        },
        Answers {
            lesson: "traffic-light",
            source: answer_file!("06-traffic-light"),
            checks: vec![
                (
                    "event",
                    Arc::new(|| {
                        use traffic_light::Event as E;
                        check::traffic_light::event(E::new, E::set, E::clear, E::wait, E::is_set)
                    }),
                ),
                (
                    "cross-on-green",
                    Arc::new(|| {
                        use traffic_light::Light as L;
                        check::traffic_light::cross_on_green(
                            L::new,
                            L::turn_green,
                            L::turn_red,
                            L::cross_on_green,
                        )
                    }),
                ),
            ],
        },
        Answers {
            lesson: "producer-consumer",
            source: answer_file!("07-producer-consumer"),
            checks: vec![
                (
                    "joinable",
                    Arc::new(|| {
                        use producer_consumer::Joinable as J;
                        check::producer_consumer::joinable(J::new, J::put, J::get, J::task_done, J::join)
                    }),
                ),
                ("consumer", Arc::new(|| check::producer_consumer::consumer(producer_consumer::consume))),
            ],
        },
        Answers {
            lesson: "processes",
            source: answer_file!("08-processes"),
            checks: vec![
                ("read-frame", Arc::new(|| check::processes::read_frame(processes::read_frame))),
                (
                    "add-one",
                    Arc::new(|| {
                        // The manager is this crate's `processes` binary, in worker mode.
                        let program = workbook::process::Program::new(env!("CARGO_BIN_EXE_processes"));
                        check::processes::add_one(&program, processes::add_one)
                    }),
                ),
            ],
        },
        Answers {
            lesson: "process-pool",
            source: answer_file!("09-process-pool"),
            checks: vec![
                ("in-order", Arc::new(|| check::process_pool::in_order(process_pool::results_in_order))),
                ("task-table", Arc::new(|| check::process_pool::task_table(process_pool::run))),
            ],
        },
        Answers {
            lesson: "coroutines",
            source: answer_file!("10-coroutines"),
            checks: vec![
                (
                    "averager",
                    Arc::new(|| {
                        use coroutines::Averager as A;
                        check::coroutines::averager(A::new, A::start, A::send, A::close)
                    }),
                ),
                ("ping-pong", Arc::new(|| check::coroutines::ping_pong(coroutines::ping_pong))),
            ],
        },
        Answers {
            lesson: "async",
            source: answer_file!("11-async"),
            checks: vec![
                ("race", Arc::new(|| check::r#async::race(|a, b| Box::pin(r#async::race(a, b))))),
                (
                    "concurrent",
                    Arc::new(|| {
                        check::r#async::concurrent(|names, fetch| {
                            Box::pin(r#async::fetch_all(names, move |name| fetch(name)))
                        })
                    }),
                ),
            ],
        },
        Answers {
            lesson: "io-multiplexing",
            source: answer_file!("12-io-multiplexing"),
            checks: vec![
                (
                    "drain",
                    Arc::new(|| check::io_multiplexing::drain(|s, into| io_multiplexing::drain(s, into))),
                ),
                ("flush", Arc::new(|| check::io_multiplexing::flush(|s, q| io_multiplexing::flush(s, q)))),
            ],
        },
        Answers {
            lesson: "chat",
            source: answer_file!("13-chat"),
            checks: vec![
                ("frame", Arc::new(|| check::chat::frame(chat::frame))),
                ("fan-out", Arc::new(|| check::chat::fan_out(chat::fan_out))),
            ],
        },
    ]
}

#[cfg(not(loom))]
fn main() {
    // Flags that cargo or libtest pass to every test binary (`--nocapture`,
    // `--quiet`, …) are ignored; other words filter exercises by name.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let judge = if cfg!(feature = "solutions") {
        Judge::Solutions
    } else if args.iter().any(|a| a == "--shipped") {
        Judge::Shipped
    } else {
        Judge::Learner
    };
    let filters: Vec<String> = args.into_iter().filter(|a| !a.starts_with('-')).collect();
    let report = exercises::run(&answers(), &filters, judge);
    print!("{}", report.text);
    if !report.ok {
        std::process::exit(1);
    }
}

/// The exercises whose answers may use atomics, as loom models: under
/// `RUSTFLAGS="--cfg loom"` (`just check-loom`), `workbook::sync` is loom's,
/// and these run the answers under loom's memory model too.
#[cfg(loom)]
fn loom_models() -> Vec<(&'static str, &'static str, fn())> {
    use workbook::exercises::loom as model;
    vec![
        ("mutex-race", "decrement", || model::decrement(mutex_race::decrement)),
        ("reentrant-lock", "reentrant", || {
            model::reentrant::<reentrant_lock::ReentrantLock>(|l| Box::new(l.lock()))
        }),
        ("semaphore", "semaphore", || {
            use semaphore::Semaphore as S;
            model::semaphore(S::new, S::acquire, S::release)
        }),
        ("traffic-light", "event", || {
            use traffic_light::Event as E;
            model::event(E::new, E::set, E::wait)
        }),
    ]
}

/// Under loom: each model in a child process of its own (loom aborts the
/// process on a deadlock), one line each, like the normal run.
#[cfg(loom)]
fn main() {
    const CHILD: &str = "WORKBOOK_LOOM_EXERCISE";
    if let Ok(id) = std::env::var(CHILD) {
        for (lesson, name, model) in loom_models() {
            if format!("{lesson}/{name}") == id {
                model();
            }
        }
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let sources = answers();
    let mut failed = false;
    for (lesson, name, _) in loom_models() {
        let id = format!("{lesson}/{name}");
        if !filters.is_empty() && !filters.iter().any(|f| id.contains(f.as_str())) {
            continue;
        }
        let source = sources.iter().find(|a| a.lesson == lesson).map_or("", |a| a.source);
        if exercises::is_pending(source, name) {
            println!("  · {id} (loom) pending");
            continue;
        }
        let exe = std::env::current_exe().expect("this test binary");
        let out = std::process::Command::new(exe).env(CHILD, &id).output().expect("the test binary runs");
        if out.status.success() {
            println!("  ✓ {id} (loom)");
        } else {
            failed = true;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let why: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).take(12).collect();
            println!("  ✗ {id} (loom)");
            for line in why {
                println!("      {line}");
            }
            println!("      {}", workbook::exercises::loom::ORDERING);
        }
    }
    if failed {
        std::process::exit(1);
    }
}
