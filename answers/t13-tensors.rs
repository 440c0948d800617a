//! Reference solutions for t13's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Traced;
use dfdx::prelude::*;

/// Exercise `standardize_columns`: each column of `x` shifted to mean 0 and scaled to standard
/// deviation 1.
pub fn standardize_columns<const R: usize, const C: usize>(
    x: Tensor<Rank2<R, C>, f32, Cpu>,
) -> Tensor<Rank2<R, C>, f32, Cpu> {
    // Reducing over axis 0 (the rows) leaves one number per column. Naming the axis, rather
    // than the shape `Rank1<C>`, stays unambiguous even when R = C.
    let mean = x.clone().mean::<_, Axis<0>>();
    let centred = x - mean.broadcast();
    // The mean of the squared distances from the mean, computed after centring: subtracting
    // mean(x)² from mean(x²) instead would lose every digit to rounding for columns far from 0.
    let std = centred.clone().square().mean::<_, Axis<0>>().sqrt();
    centred / std.broadcast()
}

/// Exercise `curvature`: `Σ (x[i-1] - 2·x[i] + x[i+1])²` with a gradient that is right.
pub fn curvature<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    // Three shifted copies by `gather`, whose backward pass adds into x's gradient; three
    // slices of x would overwrite each other's gradients.
    let dev = x.device().clone();
    let shifted = |first: usize| {
        let indices: Vec<usize> = (first..first + N - 2).collect();
        dev.tensor((indices, (N - 2,)))
    };
    let before = x.with_empty_tape().gather(shifted(0));
    let at = x.with_empty_tape().gather(shifted(1));
    let after = x.gather(shifted(2));
    (before - at * 2.0 + after).square().sum()
}
