//! `cargo run`: the list of lessons, and `cargo run -- hint <slug>`.

use clap::{Parser, Subcommand};
use workbook::cli::Style;
use workbook::lessons::{self, LESSONS};

/// A workbook of concurrency primitives: every race shown, forced and fixed.
#[derive(Parser)]
#[command(name = "workbook")]
struct Args {
    #[command(subcommand)]
    command: Option<Verb>,
}

#[derive(Subcommand)]
enum Verb {
    /// List the lessons (the default)
    List,
    /// Print a lesson's exercise hints
    Hint {
        /// The lesson, e.g. mutex-race
        slug: String,
    },
}

fn main() {
    workbook::cli::quiet_on_closed_pipe();
    let style = Style::detect();
    match Args::parse().command.unwrap_or(Verb::List) {
        Verb::List => list(style),
        Verb::Hint { slug } => hint(&slug, style),
    }
}

fn list(style: Style) {
    println!("{}", style.bold("A workbook of concurrency primitives. Run a lesson with:"));
    println!("    cargo run --bin <lesson>          (add -- --help for its flags)\n");
    let width = LESSONS.iter().map(|l| l.slug.len()).max().unwrap_or(0);
    for lesson in LESSONS {
        println!("  {:02}  {:<width$}  {}", lesson.number, lesson.slug, lesson.summary);
    }
    println!("\nCheck your exercises: cargo test (one lesson: just check <lesson>).");
    println!("Read the book: just book. Hints: cargo run -- hint <lesson>.");
}

fn hint(slug: &str, style: Style) {
    let Some(lesson) = lessons::find(slug) else {
        let known: Vec<&str> = LESSONS.iter().map(|l| l.slug).collect();
        eprintln!("error: no lesson is named {slug:?}; the lessons are: {}", known.join(", "));
        std::process::exit(2);
    };
    println!("{}", style.bold(&format!("Hints for {}/exercise.rs", lesson.dir())));
    for name in lesson.exercises {
        let text = workbook::exercises::hint(slug, name).unwrap_or_default();
        println!("\n{}\n{text}", style.bold(name));
    }
}
