# The workbook's verbs: `just --list` shows them.

mdbook_version := "0.5.4"

# List the verbs
default:
    @just --list

# Run a lesson with its flags: just lesson mutex-race --trace
lesson SLUG *ARGS:
    cargo run --quiet --bin {{SLUG}} -- {{ARGS}}

# Check everything, your exercises included
test:
    cargo test

# Check one lesson's exercises: just check mutex-race
check SLUG:
    cargo test --quiet --test exercises -- {{SLUG}}

# Check your answers under loom's memory model too (those that may use atomics): just check-loom traffic-light
check-loom SLUG="":
    RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 CARGO_TARGET_DIR=target/loom cargo test --release --quiet --test exercises -- {{SLUG}}

# Print a lesson's exercise hints: just hint mutex-race
hint SLUG:
    cargo run --quiet -- hint {{SLUG}}

# Build the book into book/book (installs mdBook if it is missing)
book:
    command -v mdbook >/dev/null || cargo install --locked mdbook --version {{mdbook_version}}
    mdbook build book
    @echo "open book/book/index.html"

# Run the measurements behind the book's claims
bench:
    cargo bench

# Measure against our Python scripts, on this machine (needs python3)
compare:
    WORKBOOK_PYTHON=python3 cargo bench --bench producer_consumer --bench process_pool --bench chat

# Model-check the primitives with loom
loom:
    RUSTFLAGS="--cfg loom -D warnings" LOOM_MAX_PREEMPTIONS=2 CARGO_TARGET_DIR=target/loom cargo test --release --tests

# Run what CI runs
ci:
    bash .ci/run
