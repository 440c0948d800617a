//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p07`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p07_loss_and_optimizer::exercises;

#[test]
fn adam_step() {
    checks::adam_step(exercises::adam_step, exercises::adam_step);
}

#[test]
fn smoothed_cross_entropy() {
    checks::smoothed_cross_entropy(
        exercises::smoothed_cross_entropy,
        exercises::smoothed_cross_entropy,
    );
}
