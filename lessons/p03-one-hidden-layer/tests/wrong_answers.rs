//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use datasets::{CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use p03_one_hidden_layer::Network;

/// Softmax, then the logarithm: right for moderate logits, -inf or NaN for confident ones.
fn softmax_then_log<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let dev = logits.device().clone();
    let picked = logits.softmax::<Axis<1>>().ln().select(dev.tensor(labels));
    picked.mean::<Rank0, _>().negate()
}

#[test]
#[should_panic(expected = "is wrong for 6 rows of N(0, 60²) logits")]
fn sparse_cross_entropy_rejects_softmax_then_log() {
    checks::sparse_cross_entropy(softmax_then_log, softmax_then_log);
}

/// The loss the lesson's old output printed, whatever the logits: no gradient reaches them.
fn the_printed_loss<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    _labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    logits.sum::<Rank0, _>() * 0.0 + 4.8926
}

#[test]
#[should_panic(expected = "`sparse_cross_entropy` is wrong for 4 rows of N(0, 3²) logits")]
fn sparse_cross_entropy_rejects_a_literal() {
    checks::sparse_cross_entropy(the_printed_loss, the_printed_loss);
}

/// The right loss, but the step returns it after the update, from a second forward pass.
fn loss_after_the_update<const B: usize>(
    model: &mut Network,
    adam: &mut Adam<Network, f32, AutoDevice>,
    images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    labels: [usize; B],
) -> f32 {
    let grads = model.alloc_grads();
    let logits = model.forward_mut(images.clone().traced(grads));
    let grads = one_hot_loss(logits, labels).backward();
    adam.update(model, &grads).expect("every weight is used");
    one_hot_loss(model.forward(images), labels).array()
}

/// A correct loss, so that only the step itself is wrong in the answers here: dfdx's one-hot
/// loss on labels made one-hot.
fn one_hot_loss<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let mut one_hot = [[0.0f32; CLASSES]; B];
    for (row, &label) in labels.iter().enumerate() {
        one_hot[row][label] = 1.0;
    }
    let targets = logits.device().tensor(one_hot);
    cross_entropy_with_logits_loss(logits, targets)
}

#[test]
#[should_panic(expected = "expected the loss before the update")]
fn sparse_training_step_rejects_the_loss_after_the_update() {
    checks::sparse_training_step(loss_after_the_update, loss_after_the_update);
}

/// A literal: a loss near ln 10, what an untrained network scores, and no training.
fn no_update<const B: usize>(
    _model: &mut Network,
    _adam: &mut Adam<Network, f32, AutoDevice>,
    _images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    _labels: [usize; B],
) -> f32 {
    2.303
}

#[test]
#[should_panic(expected = "`sparse_training_step` is wrong for a batch of 32 training digits")]
fn sparse_training_step_rejects_a_step_that_does_not_train() {
    checks::sparse_training_step(no_update, no_update);
}

/// Computes the right loss but forgets to let Adam update the model.
fn forgets_the_update<const B: usize>(
    model: &mut Network,
    _adam: &mut Adam<Network, f32, AutoDevice>,
    images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    labels: [usize; B],
) -> f32 {
    let grads = model.alloc_grads();
    let logits = model.forward_mut(images.traced(grads));
    one_hot_loss(logits, labels).array()
}

#[test]
#[should_panic(expected = "expected the step to change the model's weights")]
fn sparse_training_step_rejects_a_step_without_the_update() {
    checks::sparse_training_step(forgets_the_update, forgets_the_update);
}
