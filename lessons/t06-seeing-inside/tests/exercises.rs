//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t06`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t06_seeing_inside::exercises;

#[test]
fn most_exciting_digit() {
    checks::most_exciting_digit(exercises::most_exciting_digit);
}

#[test]
fn dead_units() {
    checks::dead_units(exercises::dead_units);
}
