//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t11`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t11_install_pytorch::exercises;

#[test]
fn sum_on_device() {
    checks::sum_on_device(exercises::sum_on_device);
}

#[test]
fn matmul_on_device() {
    checks::matmul_on_device(exercises::matmul_on_device);
}
