//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::nn::modules;
use dfdx::prelude::*;
use p06_simple_network::Model;

/// Zeros of the right shape, whatever the layer and the input.
fn zeros<const I: usize, const O: usize>(
    _layer: &modules::Linear<I, O, f32, AutoDevice>,
    x: Tensor<(usize, Const<I>), f32, AutoDevice>,
) -> Tensor<(usize, Const<O>), f32, AutoDevice> {
    x.device().zeros_like(&(x.shape().0, Const))
}

#[test]
#[should_panic(
    expected = "`linear_by_hand` is wrong for fc1 of a Net built with seed 1, on the \
                           8 test images #100 to #107:\n  expected the output[0]"
)]
fn linear_by_hand_rejects_zeros() {
    checks::linear_by_hand(zeros, zeros, zeros);
}

/// `x · Wᵀ` without the bias: close for the network's small initial biases, not in general.
fn without_the_bias<const I: usize, const O: usize>(
    layer: &modules::Linear<I, O, f32, AutoDevice>,
    x: Tensor<(usize, Const<I>), f32, AutoDevice>,
) -> Tensor<(usize, Const<O>), f32, AutoDevice> {
    x.matmul(layer.weight.clone().permute())
}

#[test]
#[should_panic(expected = "`linear_by_hand` is wrong for fc1 of a Net built with seed 1")]
fn linear_by_hand_rejects_a_forgotten_bias() {
    checks::linear_by_hand(without_the_bias, without_the_bias, without_the_bias);
}

/// The weight matrix reshaped to `[I, O]` instead of transposed: the right shape, so it
/// compiles, but the numbers are cut into rows in the wrong place (PyTorch's `W.view(I, O)`
/// for `W.T`).
fn reshaped_not_transposed<const I: usize, const O: usize>(
    layer: &modules::Linear<I, O, f32, AutoDevice>,
    x: Tensor<(usize, Const<I>), f32, AutoDevice>,
) -> Tensor<(usize, Const<O>), f32, AutoDevice> {
    let w: Tensor<Rank2<I, O>, f32, AutoDevice> = layer.weight.clone().reshape();
    let product = x.matmul(w);
    let bias = layer.bias.clone().broadcast_like(product.shape());
    product + bias
}

#[test]
#[should_panic(expected = "`linear_by_hand` is wrong for fc1 of a Net built with seed 1")]
fn linear_by_hand_rejects_a_reshape_for_a_transpose() {
    checks::linear_by_hand(
        reshaped_not_transposed,
        reshaped_not_transposed,
        reshaped_not_transposed,
    );
}

/// Logits printed by the lesson for its first image, untrained, whatever the image.
fn the_printed_logits(
    net: &Model,
    _image: Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
) -> Tensor<Rank1<10>, f32, AutoDevice> {
    net.fc2.bias.device().tensor([
        0.19, 0.06, 0.10, 0.05, -0.07, -0.06, -0.02, 0.02, -0.08, -0.01,
    ])
}

#[test]
#[should_panic(expected = "`one_image` is wrong for test image #0, a Net built with seed 1")]
fn one_image_rejects_the_printed_logits() {
    checks::one_image(the_printed_logits);
}

/// The image read column by column (its two pixel axes swapped) before it is flattened.
fn transposed_image(
    net: &Model,
    image: Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
) -> Tensor<Rank1<10>, f32, AutoDevice> {
    let columns: Tensor<Rank3<1, 28, 28>, f32, AutoDevice> = image.permute::<_, Axes3<0, 2, 1>>();
    let x: Tensor<Rank2<1, 784>, f32, AutoDevice> = columns.reshape();
    net.forward(x).reshape()
}

#[test]
#[should_panic(
    expected = "`one_image` is wrong for test image #0, a Net built with seed 1:\n  \
                           expected the logits["
)]
fn one_image_rejects_an_image_read_by_columns() {
    checks::one_image(transposed_image);
}
