//! Exercises for t14. Check them with `cargo xtask verify t14`; stuck, ask for a hint with
//! `cargo xtask hint t14`. Reference solutions: `answers/t14-devices.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Classifier;
use dfdx::prelude::*;

/// Exercise `add_noise`: `x` plus Gaussian noise of standard deviation `sigma`, one sample of
/// N(0, 1) per element, times `sigma`, drawn from the random number generator of `x`'s own
/// device.
///
/// PyTorch writes it `x + sigma * torch.randn_like(x)`, where `randn_like` puts the noise on
/// `x`'s device. Here the function works for any device type `D`: the noise must be a tensor on
/// `D`, and the device that holds `x`'s seed is the one to draw from.
pub fn add_noise<D: Device<f32>, const N: usize>(
    #[allow(unused_variables)] x: Tensor<Rank1<N>, f32, D>,
    #[allow(unused_variables)] sigma: f32,
) -> Tensor<Rank1<N>, f32, D> {
    // TODO: draw N samples of N(0, 1) on x's device, scale them by sigma, and add them to x.
    todo!("return x + sigma * noise drawn on x's device")
}

/// Exercise `predict_across_devices`: the class probabilities of `model` (the lesson's
/// `class_probabilities`) for the batch `x`, where the model lives on a device of type `DM` and
/// the batch on one of type `DX`, returned on `x`'s device.
///
/// It is PyTorch's `model(x.to(device)).to(x.device)`: a model on the GPU, a batch loaded on the
/// CPU, and the answer wanted back where the batch came from.
pub fn predict_across_devices<DM: Device<f32>, DX: Device<f32>, const B: usize>(
    #[allow(unused_variables)] model: &Classifier<DM>,
    #[allow(unused_variables)] x: Tensor<Rank2<B, 4>, f32, DX>,
) -> Tensor<Rank2<B, 3>, f32, DX> {
    // TODO: copy x to the model's device, compute the probabilities there, and copy them back
    // to x's own device.
    todo!("return class_probabilities(model, x) on x's device")
}
