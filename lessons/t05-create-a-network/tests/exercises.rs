//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t05`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t05_create_a_network::exercises;

#[test]
fn predict_by_hand() {
    checks::predict_by_hand(exercises::predict_by_hand);
}

#[test]
fn create_compile_fit() {
    checks::create_compile_fit(exercises::create_compile_fit);
}
