//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p08`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p08_custom_loss::exercises::{self, WeightedCrossEntropy};
use p08_custom_loss::Loss;

#[test]
fn log_cosh() {
    // One generic function, checked on each shape.
    checks::log_cosh(
        exercises::log_cosh,
        exercises::log_cosh,
        exercises::log_cosh,
    );
}

#[test]
fn weighted_cross_entropy() {
    checks::weighted_cross_entropy(
        |weights, logits, one_hot| WeightedCrossEntropy { weights }.loss(logits, one_hot),
        |weights, logits, one_hot| WeightedCrossEntropy { weights }.loss(logits, one_hot),
    );
}
