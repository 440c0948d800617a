//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t14`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t14_devices::exercises;

#[test]
fn add_noise() {
    // One generic function, checked on tensors of two lengths.
    checks::add_noise(exercises::add_noise, exercises::add_noise);
}

#[test]
fn predict_across_devices() {
    checks::predict_across_devices(
        exercises::predict_across_devices,
        exercises::predict_across_devices,
    );
}
