//! Exercises for p01. Check them with `cargo xtask verify p01`; stuck, ask for a hint with
//! `cargo xtask hint p01`. Reference solutions: `answers/p01-install-and-verify.rs`.
//!
//! The parameters, and the prelude's import, are marked `#[allow(...)]` only because the starting
//! `todo!` does not use them yet; the compiler still warns about anything else you compute and
//! never use.

use crate::SmokeTensor;
#[allow(unused_imports)] // the tensor methods your solutions will call; unused until then
use dfdx::prelude::*;

/// Exercise `mean_and_std`: the mean and the standard deviation of every element of `x`.
///
/// Samples from N(0, 1) should give a mean near 0 and a standard deviation near 1; the tests also
/// give you shifted and scaled samples, and tensors that hold only a few distinct values.
pub fn mean_and_std(#[allow(unused_variables)] x: SmokeTensor) -> (f32, f32) {
    // TODO: compute both statistics with dfdx tensor ops (not by copying the data into a Vec),
    // and return them as `(mean, std)`. The standard deviation divides by the number of elements.
    todo!("return (mean, std) of x")
}

/// Exercise `fraction_within_one_sigma`: the share of elements `v` of `x` with `|v| ≤ 1`.
///
/// For N(0, 1) this is about 0.6827, the "68" of the 68-95-99.7 rule.
pub fn fraction_within_one_sigma(#[allow(unused_variables)] x: SmokeTensor) -> f32 {
    // TODO: build a tensor that holds 1.0 where |v| ≤ 1 and 0.0 elsewhere, and average it.
    todo!("return the fraction of elements with |v| <= 1")
}
