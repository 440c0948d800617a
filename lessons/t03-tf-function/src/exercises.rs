//! Exercises for t03. Check them with `cargo xtask verify t03`; stuck, ask for a hint with
//! `cargo xtask hint t03`. Reference solutions: `answers/t03-tf-function.rs`.
//!
//! Both functions are generic: the checks call each one with several types, and the compiler
//! makes one instance of your code for each, as it does for the lesson's `add`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use dfdx::prelude::*;

/// Exercise `max_abs_difference`: the largest `|a - b|` over all elements of two tensors of the
/// same shape, as a plain number.
///
/// It is how you check that two computations agree (`np.max(np.abs(a - b))`), and it must work
/// for any shape, `Rank0` to run-time shapes, and for `f32` and `f64` elements alike.
pub fn max_abs_difference<S: Shape, E: Dtype>(
    #[allow(unused_variables)] a: Tensor<S, E, AutoDevice>,
    #[allow(unused_variables)] b: Tensor<S, E, AutoDevice>,
) -> E
where
    AutoDevice: Device<E>,
{
    // TODO: subtract, take absolute values, reduce to a scalar with the largest of them, and
    // read the scalar out.
    todo!("return the largest |a - b| over all elements")
}

/// Exercise `dense_relu`: one dense layer with ReLU, `relu(x · weightᵀ + bias)`, written with
/// tensor operations, for a batch of any size (`Const<N>` or `usize`) and with or without a tape.
///
/// `weight` is 3 × 4 (outputs × inputs, as in `Linear<4, 3>`) and `bias` holds 3 numbers. When
/// `x` carries a tape, the result must carry it on, with everything a training step needs
/// recorded: `backward` must give the gradients with respect to `x`, `weight` and `bias`.
pub fn dense_relu<B: Dim, T: Tape<f32, AutoDevice>>(
    #[allow(unused_variables)] x: Tensor<(B, Const<4>), f32, AutoDevice, T>,
    #[allow(unused_variables)] weight: &Tensor<Rank2<3, 4>, f32, AutoDevice>,
    #[allow(unused_variables)] bias: &Tensor<Rank1<3>, f32, AutoDevice>,
) -> Tensor<(B, Const<3>), f32, AutoDevice, T> {
    // TODO: multiply by the transposed weight, add the bias to every row, apply ReLU, all with
    // tensor operations, so that a tape on `x` records every step.
    todo!("return relu(x · weightᵀ + bias)")
}
