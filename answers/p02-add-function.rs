//! Reference solutions for p02's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;
use std::ops::Add;

/// Exercise `add_all`: `first + rest[0] + rest[1] + ...` for any type with `+`.
pub fn add_all<T: Add<Output = T> + Clone>(first: T, rest: &[T]) -> T {
    // The slice only lends its elements, so each one is cloned into the running total.
    rest.iter().cloned().fold(first, crate::add)
}

/// Exercise `checked_add_integer_tensors`: the exact element-wise sum `a + b` of two `i32`
/// tensors, or `None` if any element of the sum does not fit in an `i32`.
pub fn checked_add_integer_tensors<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Option<Tensor<Rank1<N>, i32, AutoDevice>> {
    // An f64 has a 53-bit significand: every i32, and every sum of two (at most 2^32 in size),
    // is exact in it. f32, with 24 bits, would round sums above 2^24.
    let sum = a.to_dtype::<f64>() + b.to_dtype::<f64>();
    let smallest = sum.clone().min::<Rank0, _>().array();
    let largest = sum.clone().max::<Rank0, _>().array();
    // Converting back would saturate an out-of-range value to i32::MIN or i32::MAX: refuse it.
    let fits = f64::from(i32::MIN) <= smallest && largest <= f64::from(i32::MAX);
    fits.then(|| sum.to_dtype::<i32>())
}
