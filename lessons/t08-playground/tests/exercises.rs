//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t08`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t08_playground::exercises;

#[test]
fn feature_columns() {
    checks::feature_columns(exercises::feature_columns);
}

#[test]
fn boundary_distance() {
    checks::boundary_distance(exercises::boundary_distance);
}
