//! Exercises for t05. Check them with `cargo xtask verify t05`; stuck, ask for a hint with
//! `cargo xtask hint t05`. Reference solutions: `answers/t05-create-a-network.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Network;
use datasets::{Split, CLASSES, PIXELS};
use dfdx::prelude::*;
use kit::keras::KerasError;
use kit::train::{History, Metrics};

/// Exercise `predict_by_hand`: what `predict` computes, written with the network's own weights.
///
/// `network` is the lesson's built tuple: `((first, ReLU), (second, ReLU), third)`, each `Linear`
/// holding a `weight` matrix (outputs × inputs) and a `bias` vector. Return the probability of
/// each digit for each image, as `kit::keras`'s `predict` does: the three layers with a ReLU after
/// each of the first two, then a softmax over each row. Do not call `forward` on the network or on
/// a layer: write each layer's product and sum yourself.
pub fn predict_by_hand(
    #[allow(unused_variables)] network: &Network,
    #[allow(unused_variables)] images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
) -> Tensor<(usize, Const<CLASSES>), f32, AutoDevice> {
    // TODO: destructure the network, compute relu(images · W1ᵀ + b1), then the second layer,
    // then the third, and finish with a softmax along the digits.
    todo!("compute the softmax of the three layers by hand")
}

/// Exercise `create_compile_fit`: the whole workflow for the curriculum's other network,
/// 784 → 64 → 10 with a ReLU between the layers.
///
/// Create it with `kit::keras::Model::sequential` on `AutoDevice::seed_from_u64(seed)`, compile
/// it with Adam at its default learning rate of 0.001, fit it on `train` in batches of 32 for
/// `epochs` epochs with `validation_split` held out and `seed` as the shuffle seed, then
/// evaluate it on `test`. Return the history and the test metrics, or the first error.
pub fn create_compile_fit(
    #[allow(unused_variables)] train: &Split,
    #[allow(unused_variables)] test: &Split,
    #[allow(unused_variables)] seed: u64,
    #[allow(unused_variables)] epochs: usize,
    #[allow(unused_variables)] validation_split: f64,
) -> Result<(History, Metrics), KerasError> {
    // TODO: write the tuple type of the 784 → 64 → 10 network, then the four verbs.
    todo!("create, compile, fit and evaluate the 784 → 64 → 10 network")
}
