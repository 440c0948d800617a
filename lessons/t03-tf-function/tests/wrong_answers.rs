//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;

/// The lesson's printed difference, 0, whatever the input.
fn always_zero<S: Shape, E: Dtype>(
    _a: Tensor<S, E, AutoDevice>,
    _b: Tensor<S, E, AutoDevice>,
) -> E {
    E::default()
}

#[test]
#[should_panic(
    expected = "`max_abs_difference` is wrong for [1, 2, 3] and [4, 2, 2.5] (f32):\n  expected the largest |a - b| = 3 ± 0.000003, got 0"
)]
fn max_abs_difference_rejects_the_lessons_zero() {
    checks::max_abs_difference(always_zero, always_zero, always_zero, always_zero);
}

/// Forgets the absolute value: the largest `a - b`, blind to where `a` is below `b`.
fn without_abs<S: Shape, E: Dtype>(a: Tensor<S, E, AutoDevice>, b: Tensor<S, E, AutoDevice>) -> E
where
    AutoDevice: Device<E>,
{
    (a - b).max::<Rank0, _>().array()
}

#[test]
#[should_panic(
    expected = "`max_abs_difference` is wrong for [1, 2, 3] and [4, 2, 2.5] (f32):\n  expected the largest |a - b| = 3 ± 0.000003, got 0.5"
)]
fn max_abs_difference_rejects_a_difference_without_abs() {
    checks::max_abs_difference(without_abs, without_abs, without_abs, without_abs);
}

/// The mean distance instead of the largest: 0 where the lesson's outputs agree, wrong elsewhere.
fn mean_distance<S: Shape, E: Dtype>(a: Tensor<S, E, AutoDevice>, b: Tensor<S, E, AutoDevice>) -> E
where
    AutoDevice: Device<E>,
{
    (a - b).abs().mean::<Rank0, _>().array()
}

#[test]
#[should_panic(expected = "expected the largest |a - b| = 3 ± 0.000003, got 1.1666")]
fn max_abs_difference_rejects_the_mean_distance() {
    checks::max_abs_difference(mean_distance, mean_distance, mean_distance, mean_distance);
}

type Weight = Tensor<Rank2<3, 4>, f32, AutoDevice>;
type Bias = Tensor<Rank1<3>, f32, AutoDevice>;

/// An output of zeros with the input's tape: the right type, and nothing computed.
fn zeros<B: Dim, T: Tape<f32, AutoDevice>>(
    x: Tensor<(B, Const<4>), f32, AutoDevice, T>,
    _weight: &Weight,
    _bias: &Bias,
) -> Tensor<(B, Const<3>), f32, AutoDevice, T> {
    let (x, tape) = x.split_tape();
    let shape = (x.shape().0, Const::<3>);
    x.device().zeros_like(&shape).put_tape(tape)
}

#[test]
#[should_panic(
    expected = "`dense_relu` is wrong for x = [[1, 0, -1, 2], [0.5, 1, 0, -1]] and small whole weights (Rank2<2, 4>):\n  expected the output[0] = 0.25 ± 0.00001, got 0"
)]
fn dense_relu_rejects_zeros() {
    checks::dense_relu(zeros, zeros, zeros, zeros);
}

/// Adds the bias after the ReLU instead of before it.
fn bias_after_relu<B: Dim, T: Tape<f32, AutoDevice>>(
    x: Tensor<(B, Const<4>), f32, AutoDevice, T>,
    weight: &Weight,
    bias: &Bias,
) -> Tensor<(B, Const<3>), f32, AutoDevice, T> {
    let product = x.matmul(weight.retaped::<T>().permute()).relu();
    let shape = *product.shape();
    product + bias.retaped::<T>().broadcast_like(&shape)
}

#[test]
#[should_panic(
    expected = "`dense_relu` is wrong for x = [[1, 0, -1, 2], [0.5, 1, 0, -1]] and small whole weights (Rank2<2, 4>):\n  expected the output[1] = 0 ± 0.00001, got 0.5"
)]
fn dense_relu_rejects_the_bias_after_the_relu() {
    checks::dense_relu(
        bias_after_relu,
        bias_after_relu,
        bias_after_relu,
        bias_after_relu,
    );
}

/// Right numbers, computed on the host: the tape records dfdx operations only, so it never sees
/// this arithmetic, and no gradient reaches x, the weight or the bias. (NumPy code inside a
/// `tf.GradientTape` fails the same way.)
fn computed_on_the_host<B: Dim, T: Tape<f32, AutoDevice>>(
    x: Tensor<(B, Const<4>), f32, AutoDevice, T>,
    weight: &Weight,
    bias: &Bias,
) -> Tensor<(B, Const<3>), f32, AutoDevice, T> {
    let (x, tape) = x.split_tape();
    let (w, b) = (weight.as_vec(), bias.as_vec());
    let mut output = Vec::new();
    for row in x.as_vec().chunks(4) {
        for out in 0..3 {
            let dot: f32 = row
                .iter()
                .zip(&w[4 * out..4 * out + 4])
                .map(|(x, w)| x * w)
                .sum();
            output.push((dot + b[out]).max(0.0));
        }
    }
    let shape = (x.shape().0, Const::<3>);
    x.device().tensor_from_vec(output, shape).put_tape(tape)
}

#[test]
#[should_panic(
    expected = "small whole weights, with a tape:\n  expected the gradient of the bias[0]"
)]
fn dense_relu_rejects_arithmetic_the_tape_cannot_see() {
    checks::dense_relu(
        computed_on_the_host,
        computed_on_the_host,
        computed_on_the_host,
        computed_on_the_host,
    );
}
