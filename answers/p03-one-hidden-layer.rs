//! Reference solutions for p03's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `sparse_cross_entropy`: Keras' sparse categorical cross-entropy, which takes each
/// example's label as a digit instead of a one-hot row.
pub fn sparse_cross_entropy<const B: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice, T>,
    labels: [usize; B],
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let dev = logits.device().clone();
    // `select` with one index per row picks one column in each row: Rank2<B, 10> → Rank1<B>.
    let picked = logits.log_softmax::<Axis<1>>().select(dev.tensor(labels));
    picked.mean::<Rank0, _>().negate()
}

/// Exercise `wide_parameter_count`: the trainable parameters of the p03 network with a hidden
/// layer twice as wide, `Dense(128, activation="relu")`.
pub fn wide_parameter_count() -> usize {
    type WideHiddenLayer = ((Linear<PIXELS, 128>, ReLU), Linear<128, CLASSES>);
    let dev = AutoDevice::default();
    dev.build_module::<WideHiddenLayer, f32>()
        .num_trainable_params()
}
