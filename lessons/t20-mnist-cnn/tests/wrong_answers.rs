//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use checks::{RowLogits, Rows, TracedLogits, TracedRows};
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;
use kit::conv::{Flatten2D, MaxPool2D, Unflatten2D};
use t20_mnist_cnn::{CnnNet, SamePaddingCnn};

type Net = SamePaddingCnn<f32, Cpu>;

/// Logits of zero whatever the image, keeping the tape: the shape is right, nothing else.
fn zeros<B: Dim, T: Tape<f32, Cpu>>(
    _net: &Net,
    x: Tensor<(B, Const<PIXELS>), f32, Cpu, T>,
) -> Tensor<(B, Const<CLASSES>), f32, Cpu, T> {
    let batch = x.shape().0;
    let (x, tape) = x.split_tape();
    x.device().zeros_like(&(batch, Const)).put_tape(tape)
}

#[test]
#[should_panic(
    expected = "`same_padding_forward` is wrong for 5 test digits, #0 to #4, network seed 1"
)]
fn same_padding_forward_rejects_logits_of_zero() {
    checks::same_padding_forward(zeros, zeros);
}

/// The forward pass without the ReLU after the second convolution.
fn one_relu<B: Dim, T: Tape<f32, Cpu>>(
    net: &Net,
    x: Tensor<(B, Const<PIXELS>), f32, Cpu, T>,
) -> Tensor<(B, Const<CLASSES>), f32, Cpu, T> {
    let x = Unflatten2D::<1, 28, 28>.forward(x);
    let x = MaxPool2D::<2, 14, 14>.forward(net.conv1.forward(x).relu());
    let x = MaxPool2D::<2, 7, 7>.forward(net.conv2.forward(x));
    net.dense.forward(Flatten2D::<784>.forward(x))
}

#[test]
#[should_panic(expected = "expected the logits[")]
fn same_padding_forward_rejects_a_missing_relu() {
    checks::same_padding_forward(one_relu, one_relu);
}

/// Right without a tape, but with one it starts a new tape after the first block (PyTorch's
/// `detach()`): the gradient never reaches the first convolution's weights.
fn detached_first_block(net: &Net, x: TracedRows) -> TracedLogits {
    let x = Unflatten2D::<1, 28, 28>.forward(x);
    let x = MaxPool2D::<2, 14, 14>.forward(net.conv1.forward(x).relu());
    let x = x.retaped::<NoneTape>().traced(net.alloc_grads());
    let x = MaxPool2D::<2, 7, 7>.forward(net.conv2.forward(x).relu());
    net.dense.forward(Flatten2D::<784>.forward(x))
}

fn untraced(net: &Net, x: Rows) -> RowLogits {
    let x = Unflatten2D::<1, 28, 28>.forward(x);
    let x = MaxPool2D::<2, 14, 14>.forward(net.conv1.forward(x).relu());
    let x = MaxPool2D::<2, 7, 7>.forward(net.conv2.forward(x).relu());
    net.dense.forward(Flatten2D::<784>.forward(x))
}

#[test]
#[should_panic(expected = "d loss / d conv1.weight")]
fn same_padding_forward_rejects_a_tape_cut_after_the_first_block() {
    checks::same_padding_forward(untraced, detached_first_block);
}

/// A literal: a confident 7, whatever the image.
fn always_seven(_model: &CnnNet, _image: Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32) {
    (7, 0.99)
}

#[test]
#[should_panic(expected = "`predict_digit` is wrong for test digits #0 to #3")]
fn predict_digit_rejects_a_literal() {
    checks::predict_digit(always_seven);
}

/// The right digit, but its logit where its probability was asked for.
fn largest_logit(model: &CnnNet, image: Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32) {
    let logits = model.forward(image.reshape::<Rank2<1, PIXELS>>()).array()[0];
    let best = (1..CLASSES).fold(0, |b, d| if logits[d] > logits[b] { d } else { b });
    (best, logits[best])
}

#[test]
#[should_panic(expected = "expected the probability of")]
fn predict_digit_rejects_the_logit_for_the_probability() {
    checks::predict_digit(largest_logit);
}

/// The softmax over the batch axis: with a batch of one, every probability is 1.
fn softmax_over_the_batch(
    model: &CnnNet,
    image: Tensor<Rank3<1, 28, 28>, f32, Cpu>,
) -> (usize, f32) {
    let logits = model.forward(image.reshape::<Rank2<1, PIXELS>>());
    let p = logits.softmax::<Axis<0>>().array()[0];
    let best = (1..CLASSES).fold(0, |b, d| if p[d] > p[b] { d } else { b });
    (best, p[best])
}

#[test]
#[should_panic(expected = "expected the digit for #0")]
fn predict_digit_rejects_a_softmax_over_the_batch() {
    checks::predict_digit(softmax_over_the_batch);
}

/// `>=` in the search: on a tie, the larger digit wins.
fn last_on_a_tie(model: &CnnNet, image: Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32) {
    let logits = model.forward(image.reshape::<Rank2<1, PIXELS>>());
    let p = logits.softmax::<Axis<1>>().array()[0];
    let best = (1..CLASSES).fold(0, |b, d| if p[d] >= p[b] { d } else { b });
    (best, p[best])
}

#[test]
#[should_panic(expected = "all ten logits tie:\n  expected the digit for test digit #0 = 0, got 9")]
fn predict_digit_rejects_the_last_digit_on_a_tie() {
    checks::predict_digit(last_on_a_tie);
}
