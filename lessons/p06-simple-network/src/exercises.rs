//! Exercises for p06. Check them with `cargo xtask verify p06`; stuck, ask for a hint with
//! `cargo xtask hint p06`. Reference solutions: `answers/p06-simple-network.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Model;
use dfdx::nn::modules;
use dfdx::prelude::*;

/// Exercise `linear_by_hand`: what `layer.forward(x)` computes, written with tensor operations:
/// `x · Wᵀ + b` for a batch `x` of `B` rows, where `W = layer.weight` is stored `[O, I]` (one
/// row per output, as in PyTorch) and `b = layer.bias` is added to every row.
///
/// PyTorch writes it `x @ W.T + b`, or `F.linear(x, W, b)`.
pub fn linear_by_hand<const I: usize, const O: usize, B: Dim>(
    #[allow(unused_variables)] layer: &modules::Linear<I, O, f32, AutoDevice>,
    #[allow(unused_variables)] x: Tensor<(B, Const<I>), f32, AutoDevice>,
) -> Tensor<(B, Const<O>), f32, AutoDevice> {
    // TODO: multiply x by the transposed weight matrix, then add the bias to every row.
    todo!("return x · weightᵀ + bias, one row per input row")
}

/// Exercise `one_image`: the 10 logits that `net` gives one image, which comes as MNIST's
/// `Rank3<1, 28, 28>` (one channel of 28×28 pixels, as `Split::image` returns it).
///
/// `Net`'s forward takes a batch of rows of 784 pixels: PyTorch code writes
/// `net(image.view(1, 784))[0]`.
pub fn one_image(
    #[allow(unused_variables)] net: &Model,
    #[allow(unused_variables)] image: Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
) -> Tensor<Rank1<10>, f32, AutoDevice> {
    // TODO: turn the image into a batch of one row of 784 pixels, run the network, and return
    // the one row of logits that comes out.
    todo!("return the logits of the image as a batch of one")
}
