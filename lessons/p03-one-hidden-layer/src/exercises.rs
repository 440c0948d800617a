//! Exercises for p03. Check them with `cargo xtask verify p03`; ask for a hint with
//! `cargo xtask hint p03`. Reference solutions: `answers/p03-one-hidden-layer.rs`.

// Until you write the bodies, the parameters and imports go unused.
#![allow(unused_variables, unused_imports)]

use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `sparse_cross_entropy`: Keras' sparse categorical cross-entropy, which takes each
/// example's label as a digit instead of a one-hot row.
///
/// For one example it is `-log(softmax(logits)[label])`; the loss of a batch is the mean over
/// its examples. It must equal `cross_entropy_with_logits_loss(logits, one_hot)`, in value and
/// in gradient, and keep the tape `T` so that `backward()` works on it.
pub fn sparse_cross_entropy<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // TODO: take the log-softmax of each row, pick each row's entry at its label, and return
    // minus the mean of those B values. Stay with tensor ops, so the gradient flows.
    todo!("return the mean of -log_softmax(logits)[label] over the batch")
}

/// Exercise `wide_parameter_count`: the trainable parameters of the p03 network with a hidden
/// layer twice as wide, `Dense(128, activation="relu")`.
pub fn wide_parameter_count() -> usize {
    // TODO: write the model type with 128 hidden units, build it on a device, and let dfdx
    // count its parameters (do not type in the number).
    todo!("build the 784 → 128 → 10 network and count its parameters")
}
