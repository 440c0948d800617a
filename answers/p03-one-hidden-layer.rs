//! Reference solutions for p03's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Network;
use datasets::{CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;

/// Exercise `sparse_cross_entropy`: Keras' sparse categorical cross-entropy, which takes each
/// example's label as a digit instead of a one-hot row.
pub fn sparse_cross_entropy<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let dev = logits.device().clone();
    // log_softmax, not softmax followed by ln: it stays finite for large logits.
    // `select` with one index per row picks one column in each row: Rank2<B, 10> → Rank1<B>.
    let picked = logits.log_softmax::<Axis<1>>().select(dev.tensor(labels));
    picked.mean::<Rank0, _>().negate()
}

/// Exercise `sparse_training_step`: one step of Keras' `fit` with the labels as digits, written
/// by hand.
pub fn sparse_training_step<const B: usize>(
    model: &mut Network,
    adam: &mut Adam<Network, f32, AutoDevice>,
    images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    labels: [usize; B],
) -> f32 {
    // Gradients start at zero; `traced` moves them into the tape, `backward` hands them back.
    let grads = model.alloc_grads();
    let logits = model.forward_mut(images.traced(grads));
    let loss = sparse_cross_entropy(logits, labels);
    let value = loss.array();
    let grads = loss.backward();
    adam.update(model, &grads)
        .expect("every weight of the network takes part in the loss");
    value
}
