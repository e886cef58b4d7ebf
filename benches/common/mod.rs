//! What every bench does last.

use workbook::measure::Bench;

/// Prints the bench's report; exits with code 1 if a claim did not hold.
pub fn report(bench: Bench) {
    let (text, ok) = bench.finish();
    print!("{text}");
    if !ok {
        std::process::exit(1);
    }
}
