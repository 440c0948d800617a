//! Reference solutions for p02's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;
use std::ops::Add;

/// Exercise `add_all`: `first + rest[0] + rest[1] + ...` for any type with `+`.
pub fn add_all<T: Add<Output = T> + Clone>(first: T, rest: &[T]) -> T {
    // The slice only lends its elements, so each one is cloned into the running total.
    rest.iter().cloned().fold(first, crate::add)
}

/// Exercise `add_integer_tensors`: element-wise `a + b` for two `i32` tensors.
pub fn add_integer_tensors<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Tensor<Rank1<N>, i32, AutoDevice> {
    // f32 represents every integer up to 2^24 exactly, so the round trip is lossless there.
    (a.to_dtype::<f32>() + b.to_dtype::<f32>()).to_dtype::<i32>()
}
