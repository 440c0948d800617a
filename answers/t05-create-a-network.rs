//! Reference solutions for t05's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Network;
use datasets::{Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::keras::{Fit, KerasError, Model};
use kit::train::{History, Metrics};

/// Exercise `predict_by_hand`: what `predict` computes, written with the network's own weights.
pub fn predict_by_hand(
    network: &Network,
    images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
) -> Tensor<(usize, Const<CLASSES>), f32, AutoDevice> {
    let ((first, _), (second, _), third) = network;
    // A Linear layer: x · Wᵀ + b, the bias added to every row (`broadcast_like`).
    let hidden = images.matmul(first.weight.clone().permute());
    let hidden = (hidden.clone() + first.bias.clone().broadcast_like(&hidden)).relu();
    let hidden = hidden.matmul(second.weight.clone().permute());
    let hidden = (hidden.clone() + second.bias.clone().broadcast_like(&hidden)).relu();
    let logits = hidden.matmul(third.weight.clone().permute());
    let logits = logits.clone() + third.bias.clone().broadcast_like(&logits);
    // The softmax of each row: along axis 1, the digits, not along the batch.
    logits.softmax::<Axis<1>>()
}

/// The curriculum's other network: 784 pixels → 64 → 10 logits.
type Small = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);

/// Exercise `create_compile_fit`: the whole workflow for the 784 → 64 → 10 network.
pub fn create_compile_fit(
    train: &Split,
    test: &Split,
    seed: u64,
    epochs: usize,
    validation_split: f64,
) -> Result<(History, Metrics), KerasError> {
    let dev = AutoDevice::seed_from_u64(seed);
    let model = Model::sequential::<Small>(&dev);
    let adam = Adam::new(model.network(), AdamConfig::default());
    let mut model = model.compile(adam);
    let options = Fit {
        epochs,
        validation_split,
        shuffle_seed: seed,
    };
    let history = model.fit::<32>(train, options, |_| Ok(()))?;
    let metrics = model.evaluate(test)?;
    Ok((history, metrics))
}
