//! Exercises for p02. Check them with `cargo xtask verify p02`; ask for a hint with
//! `cargo xtask hint p02`. Reference solutions: `answers/p02-add-function.rs`.

// Until you write the bodies, the parameters and imports go unused.
#![allow(unused_variables, unused_imports)]

use dfdx::prelude::*;
use std::ops::Add;

/// Exercise `add_all`: `first + rest[0] + rest[1] + ...` for any type with `+`.
///
/// `add_all(1, &[2, 3, 4])` is 10; the same function must add floats and dfdx tensors.
pub fn add_all<T: Add<Output = T> + Clone>(first: T, rest: &[T]) -> T {
    // TODO: add every element of `rest` to `first` and return the total.
    todo!("return first + the sum of rest")
}

/// Exercise `add_integer_tensors`: element-wise `a + b` for two `i32` tensors.
///
/// `+` does not compile on integer tensors in dfdx 0.13, so go through `f32`.
pub fn add_integer_tensors<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Tensor<Rank1<N>, i32, AutoDevice> {
    // TODO: convert both to f32, add them, and convert the sum back to i32.
    todo!("return a + b as an i32 tensor")
}
