//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t09`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t09_inspect_a_model::exercises;

#[test]
fn parameters_per_layer() {
    checks::parameters_per_layer(exercises::parameters_per_layer);
}

#[test]
fn read_header() {
    checks::read_header(exercises::read_header);
}
