//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p03`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p03_one_hidden_layer::exercises;

#[test]
fn sparse_cross_entropy() {
    checks::sparse_cross_entropy(
        exercises::sparse_cross_entropy,
        exercises::sparse_cross_entropy,
    );
}

#[test]
fn sparse_training_step() {
    checks::sparse_training_step(
        exercises::sparse_training_step,
        exercises::sparse_training_step,
    );
}
