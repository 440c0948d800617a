//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t21`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t21_pretrained_models::exercises;

#[test]
fn frozen_step() {
    checks::frozen_step(exercises::frozen_step, exercises::frozen_step);
}

#[test]
fn rename_pytorch_weights() {
    checks::rename_pytorch_weights(exercises::rename_pytorch_weights);
}
