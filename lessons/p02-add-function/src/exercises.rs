//! Exercises for p02. Check them with `cargo xtask verify p02`; stuck, ask for a hint with
//! `cargo xtask hint p02`. Reference solutions: `answers/p02-add-function.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use dfdx::prelude::*;
use std::ops::Add;

/// Exercise `add_all`: `first + rest[0] + rest[1] + ...` for any type with `+`.
///
/// `add_all(1, &[2, 3, 4])` is 10; the same function must add floats and dfdx tensors.
pub fn add_all<T: Add<Output = T> + Clone>(
    #[allow(unused_variables)] first: T,
    #[allow(unused_variables)] rest: &[T],
) -> T {
    // TODO: add every element of `rest` to `first` and return the total.
    todo!("return first + the sum of rest")
}

/// Exercise `checked_add_integer_tensors`: the exact element-wise sum `a + b` of two `i32`
/// tensors, or `None` if any element of the sum does not fit in an `i32`.
///
/// It is `i32::checked_add`, for tensors. TensorFlow's int32 tensors wrap around on overflow
/// (2147483647 + 1 gives -2147483648) without a word; here an overflow must be reported.
/// dfdx has no `+` for integer tensors, and going through `f32` is exact only up to 2^24.
pub fn checked_add_integer_tensors<const N: usize>(
    #[allow(unused_variables)] a: Tensor<Rank1<N>, i32, AutoDevice>,
    #[allow(unused_variables)] b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Option<Tensor<Rank1<N>, i32, AutoDevice>> {
    // TODO: add in a float type that holds every possible sum exactly, check that each sum fits
    // in an i32 (`i32::MIN..=i32::MAX`), and only then convert back.
    todo!("return Some(a + b) as an i32 tensor, or None on overflow")
}
