//! Reference solutions for t03's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;

/// Exercise `max_abs_difference`: the largest `|a - b|` over all elements of two tensors of the
/// same shape, as a plain number.
pub fn max_abs_difference<S: Shape, E: Dtype>(
    a: Tensor<S, E, AutoDevice>,
    b: Tensor<S, E, AutoDevice>,
) -> E
where
    AutoDevice: Device<E>,
{
    // `Rank0` names the result: every axis of `S` goes, whatever `S` is. Every `Shape` can be
    // reduced that way (the trait demands it), so no extra bound is needed.
    (a - b).abs().max::<Rank0, _>().array()
}

/// Exercise `dense_relu`: one dense layer with ReLU, `relu(x · weightᵀ + bias)`, for a batch of
/// any size and with or without a tape.
pub fn dense_relu<B: Dim, T: Tape<f32, AutoDevice>>(
    x: Tensor<(B, Const<4>), f32, AutoDevice, T>,
    weight: &Tensor<Rank2<3, 4>, f32, AutoDevice>,
    bias: &Tensor<Rank1<3>, f32, AutoDevice>,
) -> Tensor<(B, Const<3>), f32, AutoDevice, T> {
    // Every step is a dfdx operation, so when `x` carries a tape each one is recorded. A binary
    // operation records the backward pass for both of its inputs, so the weight and the bias get
    // gradients although they arrive without a tape; `permute` and `broadcast_like` only change
    // how the same numbers are read, and the gradients still reach the tensors behind them.
    let product = x.matmul(weight.clone().permute());
    // The batch size may be known only at run time, so the bias is stretched to the product's
    // actual shape rather than to a shape named in the type.
    let shape = *product.shape();
    (product + bias.clone().broadcast_like(&shape)).relu()
}
