//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t15`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t15_optimizers::exercises;

#[test]
fn sgd_momentum_step() {
    checks::sgd_momentum_step(exercises::sgd_momentum_step, exercises::sgd_momentum_step);
}

#[test]
fn best_learning_rate() {
    checks::best_learning_rate(exercises::best_learning_rate);
}
