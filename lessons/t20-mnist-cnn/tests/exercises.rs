//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t20`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use dfdx::prelude::*;
use t20_mnist_cnn::exercises;

#[test]
fn same_padding_forward() {
    checks::same_padding_forward(|net, x| net.forward(x), |net, x| net.forward(x));
}

#[test]
fn predict_digit() {
    checks::predict_digit(exercises::predict_digit);
}
