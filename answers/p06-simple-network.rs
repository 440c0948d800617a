//! Reference solutions for p06's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Model;
use dfdx::nn::modules;
use dfdx::prelude::*;

/// Exercise `linear_by_hand`: what `layer.forward(x)` computes, written with tensor operations:
/// `x · Wᵀ + b`.
pub fn linear_by_hand<const I: usize, const O: usize, B: Dim>(
    layer: &modules::Linear<I, O, f32, AutoDevice>,
    x: Tensor<(B, Const<I>), f32, AutoDevice>,
) -> Tensor<(B, Const<O>), f32, AutoDevice> {
    // `permute` swaps the axes: [O, I] becomes [I, O]. (`reshape` would keep the numbers in
    // their order and only cut the rows differently: not a transpose.)
    let product = x.matmul(layer.weight.clone().permute());
    // The bias has shape [O]; broadcasting repeats it for each of the B rows.
    let bias = layer.bias.clone().broadcast_like(product.shape());
    product + bias
}

/// Exercise `one_image`: the 10 logits that `net` gives one `Rank3<1, 28, 28>` image.
pub fn one_image(
    net: &Model,
    image: Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
) -> Tensor<Rank1<10>, f32, AutoDevice> {
    // 1 × 28 × 28 = 1 × 784: the same 784 pixels, row after row, as a batch of one.
    let batch_of_one: Tensor<Rank2<1, 784>, f32, AutoDevice> = image.reshape();
    net.forward(batch_of_one).reshape()
}
