//! Reference solutions for t16's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{values_and_derivatives, Activation, Line};
use dfdx::prelude::*;

/// Exercise `swish_beta`: x · sigmoid(β·x) at every element of `x`, and its derivative by
/// autograd.
pub fn swish_beta(x: Line, beta: f32) -> (Vec<f32>, Vec<f32>) {
    let t = x.leaky_trace();
    // `t` is used twice: a copy with an empty tape for the first factor (a traced tensor cannot
    // be cloned), the tape itself through the sigmoid. Multiplying by an f32 scales each element.
    let y = t.with_empty_tape() * (t * beta).sigmoid();
    let values = y.as_vec();
    // Each output depends on its own input only: the gradient of the sum is f'(x) everywhere.
    let grads = y.sum::<Rank0, _>().backward();
    (values, grads.get(&x).as_vec())
}

/// Exercise `gelu_slope_peak`: the point of `xs` where GELU is steepest, and the slope there.
pub fn gelu_slope_peak(xs: Line) -> (f32, f32) {
    let (_, slopes) = values_and_derivatives(Activation::Gelu, &xs);
    // Start from the first pair, not from a slope of 0: on some grids every slope is negative.
    xs.as_vec()
        .into_iter()
        .zip(slopes)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("the grid holds at least one point")
}
