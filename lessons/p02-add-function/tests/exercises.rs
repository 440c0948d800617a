//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p02`.

use dfdx::prelude::*;
use p02_add_function::exercises;

#[test]
fn add_all() {
    let integers = exercises::add_all(1, &[2, 3, 4]);
    let floats = exercises::add_all(0.5f32, &[0.25, 0.125]);
    let only_first = exercises::add_all(7u8, &[]);
    let dev = AutoDevice::default();
    let tensors = exercises::add_all(
        dev.tensor([1.0f32, 2.0, 3.0]),
        &[
            dev.tensor([10.0, 20.0, 30.0]),
            dev.tensor([100.0, 200.0, 300.0]),
        ],
    );
    assert_eq!(integers, 10);
    assert_eq!(only_first, 7);
    let shown = format!(
        "add_all(1, [2, 3, 4]) = {integers}\n\
         add_all(0.5, [0.25, 0.125]) = {floats}\n\
         add_all(7, []) = {only_first}\n\
         add_all(tensors) = {:?}",
        tensors.array()
    );
    insta::assert_snapshot!("add_all", shown);
}

#[test]
fn add_integer_tensors() {
    let dev = AutoDevice::default();
    let sum = exercises::add_integer_tensors(dev.tensor([3, 1, -5]), dev.tensor([4, 1, 5]));
    assert_eq!(sum.array(), [7, 2, 0]);
    let shown = format!("[3, 1, -5] + [4, 1, 5] = {:?}", sum.array());
    insta::assert_snapshot!("add_integer_tensors", shown);
}
