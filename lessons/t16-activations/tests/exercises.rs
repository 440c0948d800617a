//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t16`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t16_activations::exercises;

#[test]
fn swish_beta() {
    checks::swish_beta(exercises::swish_beta);
}

#[test]
fn gelu_slope_peak() {
    checks::gelu_slope_peak(exercises::gelu_slope_peak);
}
