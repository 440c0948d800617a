//! Exercises for p03. Check them with `cargo xtask verify p03`; stuck, ask for a hint with
//! `cargo xtask hint p03`. Reference solutions: `answers/p03-one-hidden-layer.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Network;
use datasets::{CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;

/// Exercise `sparse_cross_entropy`: Keras' sparse categorical cross-entropy, which takes each
/// example's label as a digit instead of a one-hot row.
///
/// For one example it is `-log(softmax(logits)[label])`; the loss of a batch is the mean over
/// its examples. It must equal `cross_entropy_with_logits_loss(logits, one_hot)`, in value and
/// in gradient, even for large logits, and keep the tape `T` so that `backward()` works on it.
pub fn sparse_cross_entropy<const B: usize, T: Tape<f32, AutoDevice>>(
    #[allow(unused_variables)] logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    #[allow(unused_variables)] labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // TODO: take the log-softmax of each row, pick each row's entry at its label, and return
    // minus the mean of those B values. Stay with tensor ops, so the gradient flows.
    todo!("return the mean of -log_softmax(logits)[label] over the batch")
}

/// Exercise `sparse_training_step`: one step of Keras' `fit` with the labels as digits, written
/// by hand. It must change `model` exactly as one batch of `kit::train::train_one_epoch` does
/// (which uses one-hot labels) and return the batch's loss before the update.
pub fn sparse_training_step<const B: usize>(
    #[allow(unused_variables)] model: &mut Network,
    #[allow(unused_variables)] adam: &mut Adam<Network, f32, AutoDevice>,
    #[allow(unused_variables)] images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    #[allow(unused_variables)] labels: [usize; B],
) -> f32 {
    // TODO: run the batch forward with a tape, take the sparse cross-entropy of the logits,
    // compute the gradients, let Adam update the model, and return the loss as an f32.
    todo!("take one Adam step on the batch and return its loss before the update")
}
