//! One slug names one lesson everywhere. The lesson list in
//! `src/lessons/mod.rs` is the only hand-kept list; this test checks that
//! Cargo.toml, `lessons/`, `tests/`, the exercise runner, the book, the
//! README and the justfile all agree with it.
#![cfg(not(loom))]

use std::path::PathBuf;

use workbook::exercises::regions;
use workbook::lessons::LESSONS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_lesson_folder_is_a_registered_lesson_and_back() {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| format!("lessons/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    dirs.sort();
    let registered: Vec<String> = LESSONS.iter().map(|l| l.dir()).collect();
    assert_eq!(dirs, registered);
    let numbers: Vec<u8> = LESSONS.iter().map(|l| l.number).collect();
    assert_eq!(numbers, (1..=LESSONS.len() as u8).collect::<Vec<_>>(), "numbered 1, 2, 3, … in order");
}

#[test]
fn every_lesson_has_its_files_and_exercise_regions() {
    for lesson in LESSONS {
        let dir = lesson.dir();
        for file in ["main.rs", "exercise.rs", "solution.rs", "hints.md"] {
            assert!(root().join(&dir).join(file).is_file(), "{dir}/{file} is missing");
        }
        for file in ["exercise.rs", "solution.rs", "hints.md"] {
            let found = regions(&read(&format!("{dir}/{file}")));
            assert_eq!(found, lesson.exercises, "{dir}/{file}'s regions");
        }
        let exercise = read(&format!("{dir}/exercise.rs"));
        for name in lesson.exercises {
            let todo = workbook::exercises::region(&exercise, name).unwrap_or_default();
            assert!(
                todo.contains("// TODO"),
                "{dir}/exercise.rs: {name} has no `// TODO` at the spot to edit"
            );
        }
        assert!(
            root().join(format!("tests/{}.rs", lesson.module())).is_file(),
            "tests/{}.rs",
            lesson.module()
        );
        assert!(root().join(format!("src/lessons/{}.rs", lesson.module())).is_file());
        assert!(root().join(format!("book/src/{:02}-{}.md", lesson.number, lesson.slug)).is_file());
    }
}

#[test]
fn cargo_toml_has_a_binary_per_lesson() {
    let manifest = read("Cargo.toml");
    for lesson in LESSONS {
        let bin = format!("[[bin]]\nname = \"{}\"\npath = \"{}/main.rs\"", lesson.slug, lesson.dir());
        assert!(manifest.contains(&bin), "Cargo.toml lacks:\n{bin}");
    }
    assert!(manifest.contains("default-run = \"workbook\""));
}

#[test]
fn the_exercise_runner_binds_every_lesson() {
    let runner = read("tests/exercises.rs");
    for lesson in LESSONS {
        for file in ["exercise.rs", "solution.rs"] {
            let path = format!("\"../{}/{file}\"", lesson.dir());
            assert!(runner.contains(&path), "tests/exercises.rs does not include {path}");
        }
        assert!(runner.contains(&format!("lesson: \"{}\"", lesson.slug)));
    }
}

#[test]
fn the_readme_and_the_introduction_list_every_lesson() {
    let readme = read("README.md");
    let intro = read("book/src/introduction.md");
    for lesson in LESSONS {
        let row = format!("| {:02} | `{}` |", lesson.number, lesson.slug);
        assert!(readme.contains(&row), "README.md has no row {row}");
        let link = format!("[{}]({:02}-{}.md)", lesson.slug, lesson.number, lesson.slug);
        assert!(intro.contains(&link), "introduction.md has no link {link}");
    }
    for command in ["cargo run --bin threads", "cargo test"] {
        assert!(readme.contains(command), "README.md does not give `{command}`");
    }
}

#[test]
fn the_justfile_has_every_verb_and_ci_runs_the_readme_command() {
    let justfile = read("justfile");
    for verb in
        ["lesson SLUG", "test:", "check SLUG", "hint SLUG", "book:", "bench:", "compare:", "loom:", "ci:"]
    {
        assert!(justfile.contains(verb), "justfile lacks {verb}");
    }
    let ci = read(".ci/run");
    assert!(ci.lines().any(|l| l.trim() == "cargo test"), ".ci/run does not run `cargo test`");
}

#[test]
fn the_readme_and_the_introduction_count_every_exercise() {
    let total: usize = LESSONS.iter().map(|l| l.exercises.len()).sum();
    let line = format!("`exercises: 0/{total} done, {total} pending`");
    for file in ["README.md", "book/src/introduction.md"] {
        assert!(read(file).contains(&line), "{file} should say {line}");
    }
}
