//! Reference solutions for t14's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Classifier;
use dfdx::prelude::*;

/// Exercise `add_noise`: `x` plus Gaussian noise of standard deviation `sigma`, drawn from the
/// random number generator of `x`'s own device.
pub fn add_noise<D: Device<f32>, const N: usize>(
    x: Tensor<Rank1<N>, f32, D>,
    sigma: f32,
) -> Tensor<Rank1<N>, f32, D> {
    // `x.device()` is the device value that holds the seed. `D::default()` would compile too,
    // but it is a new device with seed 0 (for `Cuda`, a new handle on GPU 0 as well).
    let noise: Tensor<Rank1<N>, f32, D> = x.device().sample_normal();
    x + noise * sigma
}

/// Exercise `predict_across_devices`: the class probabilities of `model` for `x`, computed on the
/// model's device and returned on `x`'s.
pub fn predict_across_devices<DM: Device<f32>, DX: Device<f32>, const B: usize>(
    model: &Classifier<DM>,
    x: Tensor<Rank2<B, 4>, f32, DX>,
) -> Tensor<Rank2<B, 3>, f32, DX> {
    // The batch is small and the model stays put: copy the batch, not the weights.
    let x_on_model = x.to_device(model.weight.device());
    let probabilities = crate::class_probabilities(model, x_on_model);
    probabilities.to_device(x.device())
}
