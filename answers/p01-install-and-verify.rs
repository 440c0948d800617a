//! Reference solutions for p01's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::SmokeTensor;
use dfdx::prelude::*;

/// Exercise `mean_and_std`: the mean and the standard deviation of every element of `x`.
pub fn mean_and_std(x: SmokeTensor) -> (f32, f32) {
    // Reducing to the shape `Rank0` averages over every axis and leaves a scalar tensor.
    let mean = x.clone().mean::<Rank0, _>();
    // Broadcast the scalar back to 1000 × 1000 to centre every sample.
    let centred = x - mean.clone().broadcast();
    let variance = centred.square().mean::<Rank0, _>();
    (mean.array(), variance.sqrt().array())
}

/// Exercise `fraction_within_one_sigma`: the share of elements `v` of `x` with `|v| ≤ 1`.
pub fn fraction_within_one_sigma(x: SmokeTensor) -> f32 {
    let dev = x.device().clone();
    // A comparison gives a tensor of bools; `choose` turns it back into numbers.
    let inside = x.clone().abs().le(1.0);
    let ones = dev.ones_like(&x);
    let zeros = dev.zeros_like(&x);
    inside.choose(ones, zeros).mean::<Rank0, _>().array()
}
