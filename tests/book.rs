//! The book cannot drift from the code: every `{{#include}}` resolves to a
//! file and a non-empty anchor, every `compile_fail` block fails for the
//! reason it states, and every lesson chapter has the agreed shape.
//!
//! (`mdbook build` silently includes nothing for a missing anchor, and on
//! stable Rust `mdbook test` does not check a `compile_fail` block's error
//! code; these tests do both.)
#![cfg(not(loom))]

use std::path::{Path, PathBuf};
use std::process::Command;

use workbook::exercises::region;
use workbook::lessons::LESSONS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chapters() -> Vec<PathBuf> {
    let summary = std::fs::read_to_string(root().join("book/src/SUMMARY.md")).expect("SUMMARY.md");
    summary
        .lines()
        .filter_map(|l| Some(l[l.find("](")? + 2..l.rfind(')')?].to_owned()))
        .map(|p| root().join("book/src").join(p))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_include_resolves_to_a_file_and_a_non_empty_anchor() {
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = read(&chapter);
        for (at, _) in text.match_indices("{{#include ") {
            let end = text[at..].find("}}").expect("closed include") + at;
            let target = &text[at + "{{#include ".len()..end];
            let (file, anchor) = match target.split_once(':') {
                Some((f, a)) => (f, Some(a)),
                None => (target, None),
            };
            let path = chapter.parent().unwrap().join(file);
            let Ok(content) = std::fs::read_to_string(&path) else {
                problems.push(format!("{}: no file {file}", chapter.display()));
                continue;
            };
            let body = match anchor {
                Some(a) => region(&content, a),
                None => Some(content),
            };
            if body.is_none_or(|b| b.trim().is_empty()) {
                problems.push(format!("{}: {target} is missing or empty", chapter.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `(error code, code)` for every ```` ```rust,compile_fail,E0000 ```` block.
fn compile_fail_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(tags) = line.strip_prefix("```rust,compile_fail") {
            let code = tags.trim_start_matches(',').to_owned();
            let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            blocks.push((code, body.join("\n")));
        }
    }
    blocks
}

#[test]
fn every_compile_fail_block_fails_for_the_reason_it_states() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let dir = std::env::temp_dir().join(format!("workbook-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for chapter in chapters() {
        for (i, (code, body)) in compile_fail_blocks(&read(&chapter)).into_iter().enumerate() {
            assert!(code.starts_with('E'), "{}: block {i} states no error code", chapter.display());
            let file = dir.join(format!("block{i}.rs"));
            std::fs::write(&file, &body).unwrap();
            let out = Command::new(&rustc)
                .args(["--edition", "2024", "--error-format", "short", "--emit", "metadata", "-o"])
                .arg(dir.join(format!("block{i}.rmeta")))
                .arg(&file)
                .output()
                .expect("rustc runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{}: block {i} compiles", chapter.display());
            assert!(
                stderr.contains(&format!("error[{code}]")),
                "{}: block {i} should fail with {code}, got:\n{stderr}",
                chapter.display()
            );
            checked += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(checked >= 5, "only {checked} compile_fail blocks found");
}

#[test]
fn every_lesson_chapter_has_the_agreed_shape() {
    const SECTIONS: [&str; 8] = [
        "## From Python",
        "## Run it",
        "## The race",
        "## The fix",
        "## What Rust adds",
        "## Measure it",
        "## Exercises",
        "## Further reading",
    ];
    for lesson in LESSONS {
        let name = format!("{:02}-{}.md", lesson.number, lesson.slug);
        let path = root().join("book/src").join(&name);
        assert!(chapters().contains(&path), "SUMMARY.md does not list {name}");
        let text = read(&path);
        let mut from = 0;
        for section in SECTIONS {
            let at = text[from..]
                .find(section)
                .unwrap_or_else(|| panic!("{name}: no {section:?} after byte {from}"));
            from += at + section.len();
        }
        for exercise in lesson.exercises {
            for file in ["exercise.rs", "hints.md"] {
                let include = format!("{{{{#include ../../{}/{file}:{exercise}}}}}", lesson.dir());
                assert!(text.contains(&include), "{name} does not include {include}");
            }
        }
        assert!(text.contains(&format!("cargo run --bin {}", lesson.slug)), "{name}: no `cargo run` line");
    }
}
