//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t17`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t17_module_vs_sequential::exercises;

#[test]
fn residual_forward() {
    checks::residual_forward(exercises::residual_forward);
}

#[test]
fn residual_from_tuple() {
    checks::residual_from_tuple(exercises::residual_from_tuple);
}
