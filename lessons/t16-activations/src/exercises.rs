//! Exercises for t16. Check them with `cargo xtask verify t16`; stuck, ask for a hint with
//! `cargo xtask hint t16`. Reference solutions: `answers/t16-activations.rs`.
//!
//! The parameters, and the imports, are marked `#[allow(...)]` only because the starting
//! `todo!` does not use them yet; the compiler still warns about anything else you compute and
//! never use.

use crate::Line;
#[allow(unused_imports)] // the lesson's helpers, which your solutions may call
use crate::{values_and_derivatives, Activation};
#[allow(unused_imports)] // the tensor methods your solutions will call; unused until then
use dfdx::prelude::*;

/// Exercise `swish_beta`: Swish with a slope parameter β, f(x) = x · sigmoid(β·x), at every
/// element of `x`: its values, and its derivative df/dx computed by dfdx's autograd.
///
/// β = 1 is the lesson's Swish (SiLU); β = 1.702 gives a close copy of GELU; a large β gives
/// something close to ReLU. The check also passes large inputs, such as ±100.
pub fn swish_beta(
    #[allow(unused_variables)] x: Line,
    #[allow(unused_variables)] beta: f32,
) -> (Vec<f32>, Vec<f32>) {
    // TODO: trace x, build x · sigmoid(beta · x) from dfdx ops, read its values, then reduce it
    // to one number, call backward, and read the gradient of x. Return (values, derivatives).
    todo!("return the values and the autograd derivative of x · sigmoid(beta · x)")
}

/// Exercise `gelu_slope_peak`: the point of `xs` where GELU (dfdx's `fast_gelu`, as in the
/// lesson) is steepest, and the slope there, as `(x, df/dx)`.
///
/// On the figures' grid you can read it off the derivative figure. The check also uses finer
/// grids, an unsorted one, and one where GELU slopes downward everywhere.
pub fn gelu_slope_peak(#[allow(unused_variables)] xs: Line) -> (f32, f32) {
    // TODO: compute GELU's derivative at every point by autograd, and return the point with the
    // largest derivative together with that derivative.
    todo!("return (x, slope) where GELU's slope is largest among the points of xs")
}
