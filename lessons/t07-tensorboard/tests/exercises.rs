//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t07`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t07_tensorboard::exercises;

#[test]
fn read_records() {
    checks::read_records(exercises::read_records);
}

#[test]
fn scalar_series() {
    checks::scalar_series(exercises::scalar_series);
}
