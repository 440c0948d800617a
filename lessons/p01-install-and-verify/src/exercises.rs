//! Exercises for p01. Check them with `cargo xtask verify p01`; ask for a hint with
//! `cargo xtask hint p01`. Reference solutions: `answers/p01-install-and-verify.rs`.

// Until you write the bodies, the parameters and imports go unused.
#![allow(unused_variables, unused_imports)]

use crate::SmokeTensor;
use dfdx::prelude::*;

/// Exercise `mean_and_std`: the mean and the standard deviation of every element of `x`.
///
/// Samples from N(0, 1) should give a mean near 0 and a standard deviation near 1.
pub fn mean_and_std(x: SmokeTensor) -> (f32, f32) {
    // TODO: compute both statistics with dfdx tensor ops (not by copying the data into a Vec),
    // and return them as `(mean, std)`.
    todo!("return (mean, std) of x")
}

/// Exercise `fraction_within_one_sigma`: the share of elements `v` of `x` with `|v| ≤ 1`.
///
/// For N(0, 1) this is about 0.6827, the "68" of the 68-95-99.7 rule.
pub fn fraction_within_one_sigma(x: SmokeTensor) -> f32 {
    // TODO: build a tensor that holds 1.0 where |v| ≤ 1 and 0.0 elsewhere, and average it.
    todo!("return the fraction of elements with |v| <= 1")
}
