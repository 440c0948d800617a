//! Exercises for t13. Check them with `cargo xtask verify t13`; stuck, ask for a hint with
//! `cargo xtask hint t13`. Reference solutions: `answers/t13-tensors.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Traced;
#[allow(unused_imports)] // the tensor methods your solutions will call; unused until then
use dfdx::prelude::*;

/// Exercise `standardize_columns`: each column of `x` shifted to mean 0 and scaled to standard
/// deviation 1, as `(x - x.mean(dim=0)) / x.std(dim=0, correction=0)` in PyTorch.
///
/// The standard deviation divides by the number of rows `R` (as scikit-learn's `StandardScaler`
/// does). The tests give you matrices of several shapes, some of whose columns sit far from 0.
pub fn standardize_columns<const R: usize, const C: usize>(
    #[allow(unused_variables)] x: Tensor<Rank2<R, C>, f32, Cpu>,
) -> Tensor<Rank2<R, C>, f32, Cpu> {
    // TODO: reduce over the rows to get each column's mean and standard deviation, broadcast
    // them back to R × C, and centre and scale `x` with them.
    todo!("return x with every column standardised")
}

/// Exercise `curvature`: the sum of the squared second differences of `x`,
/// `Σ (x[i-1] - 2·x[i] + x[i+1])²` for i = 1 … N-2, with a gradient that is right.
///
/// It penalises bends: a straight line has curvature 0. `x` arrives traced; the tests call
/// `backward` on what you return and compare the gradient with respect to `x` as well as the
/// value. In PyTorch: `((x[:-2] - 2 * x[1:-1] + x[2:]) ** 2).sum()`. `N` is at least 3.
pub fn curvature<const N: usize>(#[allow(unused_variables)] x: Traced<Rank1<N>>) -> Traced<Rank0> {
    // TODO: build the three shifted copies of `x` in a way whose backward pass adds gradients
    // (the lesson's last section says which ops do), combine them and sum the squares.
    todo!("return the sum of squared second differences of x")
}
