//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p04`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p04_plot_training::exercises;

#[test]
fn early_stopping_epoch() {
    checks::early_stopping_epoch(exercises::early_stopping_epoch);
}

#[test]
fn accuracy_per_digit() {
    checks::accuracy_per_digit(exercises::accuracy_per_digit);
}
