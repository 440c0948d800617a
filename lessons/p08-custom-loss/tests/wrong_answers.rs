//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;

/// cosh written out: right for moderate errors, infinite from |error| ≈ 89 on.
fn naive_log_cosh<S: Shape, T: Tape<f32, AutoDevice>>(
    prediction: Tensor<S, f32, AutoDevice, T>,
    target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let error = prediction - target;
    let cosh = (error.with_empty_tape().exp() + error.negate().exp()) * 0.5;
    cosh.ln().mean()
}

#[test]
#[should_panic(expected = "`log_cosh` is wrong for errors of 100, -100, 0 and 0.5")]
fn log_cosh_rejects_cosh_written_out() {
    checks::log_cosh(naive_log_cosh, naive_log_cosh, naive_log_cosh);
}

/// The stable form without its constant: the gradient is right, the value 0.693 too high.
fn without_log_two<S: Shape, T: Tape<f32, AutoDevice>>(
    prediction: Tensor<S, f32, AutoDevice, T>,
    target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let size = (prediction - target).abs();
    let tail = ((size.with_empty_tape() * -2.0).exp() + 1.0).ln();
    (size + tail).mean()
}

#[test]
#[should_panic(expected = "6 predictions and targets from N(0, 1), seed 1:\n  expected the loss")]
fn log_cosh_rejects_a_loss_without_its_constant() {
    checks::log_cosh(without_log_two, without_log_two, without_log_two);
}

/// Half the squared error: log-cosh's value for small errors, wrong for large ones.
fn half_squared_error<S: Shape, T: Tape<f32, AutoDevice>>(
    prediction: Tensor<S, f32, AutoDevice, T>,
    target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    (prediction - target).square().mean() * 0.5
}

#[test]
#[should_panic(expected = "`log_cosh` is wrong for 6 predictions and targets from N(0, 1), seed 1")]
fn log_cosh_rejects_half_the_squared_error() {
    checks::log_cosh(half_squared_error, half_squared_error, half_squared_error);
}

/// A literal: the lesson's first printed loss, whatever the input.
fn a_printed_number<S: Shape, T: Tape<f32, AutoDevice>>(
    prediction: Tensor<S, f32, AutoDevice, T>,
    _target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    prediction.sum::<Rank0, _>() * 0.0 + 2.07424
}

#[test]
#[should_panic(expected = "`log_cosh` is wrong for 6 predictions and targets from N(0, 1), seed 1")]
fn log_cosh_rejects_a_literal() {
    checks::log_cosh(a_printed_number, a_printed_number, a_printed_number);
}

/// A loss that records a tape.
type TracedLoss = Tensor<Rank0, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// The weighted sum divided by the number of rows: what PyTorch computes for the same weights
/// when the targets are given as probabilities (one-hot rows) instead of class numbers.
fn divided_by_rows<const B: usize, const C: usize>(
    weights: [f32; C],
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>,
    one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
) -> TracedLoss {
    let w: Tensor<Rank2<B, C>, f32, _> = logits.device().tensor(weights).broadcast();
    let picked = logits.log_softmax::<Axis<1>>() * (one_hot * w);
    picked.sum::<Rank0, _>().negate() / B as f32
}

#[test]
#[should_panic(expected = "weights 0.5, 0.75, … 2.75 for digits 0 to 9")]
fn weighted_cross_entropy_rejects_dividing_by_the_number_of_rows() {
    checks::weighted_cross_entropy(divided_by_rows, divided_by_rows);
}

/// The weights forgotten: plain cross-entropy.
fn unweighted<const B: usize, const C: usize>(
    _weights: [f32; C],
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>,
    one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
) -> TracedLoss {
    cross_entropy_with_logits_loss(logits, one_hot)
}

#[test]
#[should_panic(expected = "weights 0.5, 0.75, … 2.75 for digits 0 to 9")]
fn weighted_cross_entropy_rejects_forgetting_the_weights() {
    checks::weighted_cross_entropy(unweighted, unweighted);
}

/// Softmax, then the logarithm: right for moderate logits, -inf or NaN for confident ones.
fn softmax_then_log<const B: usize, const C: usize>(
    weights: [f32; C],
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>,
    one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
) -> TracedLoss {
    let w: Tensor<Rank2<B, C>, f32, _> = logits.device().tensor(weights).broadcast();
    let weighted = one_hot * w;
    let total = weighted.clone().sum::<Rank0, _>().array();
    let picked = logits.softmax::<Axis<1>>().ln() * weighted;
    picked.sum::<Rank0, _>().negate() / total
}

#[test]
#[should_panic(expected = "N(0, 60²) logits")]
fn weighted_cross_entropy_rejects_softmax_then_log() {
    checks::weighted_cross_entropy(softmax_then_log, softmax_then_log);
}

/// A literal: a loss near ln 10, whatever the logits.
fn ln_ten<const B: usize, const C: usize>(
    _weights: [f32; C],
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>,
    _one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
) -> TracedLoss {
    logits.sum::<Rank0, _>() * 0.0 + std::f32::consts::LN_10
}

#[test]
#[should_panic(expected = "`weighted_cross_entropy` is wrong for 4 rows of N(0, 3²) logits")]
fn weighted_cross_entropy_rejects_a_literal() {
    checks::weighted_cross_entropy(ln_ten, ln_ten);
}
