//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use t14_devices::{class_probabilities, Classifier};

/// Returns `x` untouched: the noise of a call with `sigma = 0`, whatever `sigma` is.
fn no_noise<D: Device<f32>, const N: usize>(
    x: Tensor<Rank1<N>, f32, D>,
    _sigma: f32,
) -> Tensor<Rank1<N>, f32, D> {
    x
}

#[test]
#[should_panic(expected = "`add_noise` is wrong for x = [1, 2, 3, 4, 5] on a Cpu seeded with 3")]
fn add_noise_rejects_returning_x_unchanged() {
    checks::add_noise(no_noise, no_noise);
}

/// Draws the noise from a new device of the same type: it compiles, but starts from seed 0.
fn noise_from_a_new_device<D: Device<f32>, const N: usize>(
    x: Tensor<Rank1<N>, f32, D>,
    sigma: f32,
) -> Tensor<Rank1<N>, f32, D> {
    let noise: Tensor<Rank1<N>, f32, D> = D::default().sample_normal();
    x + noise * sigma
}

#[test]
#[should_panic(expected = "but it is what a new device with seed 0 draws")]
fn add_noise_rejects_noise_from_a_new_device() {
    checks::add_noise(noise_from_a_new_device, noise_from_a_new_device);
}

/// Forgets to scale the noise: right only for `sigma = 1`.
fn unscaled_noise<D: Device<f32>, const N: usize>(
    x: Tensor<Rank1<N>, f32, D>,
    _sigma: f32,
) -> Tensor<Rank1<N>, f32, D> {
    let noise: Tensor<Rank1<N>, f32, D> = x.device().sample_normal();
    x + noise
}

#[test]
#[should_panic(expected = "sigma = 0.5:\n  expected the result[0]")]
fn add_noise_rejects_noise_that_ignores_sigma() {
    checks::add_noise(unscaled_noise, unscaled_noise);
}

/// The probabilities the lesson prints for its own batch, repeated for every row.
fn the_lessons_probabilities<DM: Device<f32>, DX: Device<f32>, const B: usize>(
    _model: &Classifier<DM>,
    x: Tensor<Rank2<B, 4>, f32, DX>,
) -> Tensor<Rank2<B, 3>, f32, DX> {
    let printed = [[0.375, 0.099, 0.526], [0.396, 0.023, 0.581]];
    let values = (0..B).flat_map(|row| printed[row % 2]).collect();
    x.device().tensor_from_vec(values, (Const, Const))
}

#[test]
#[should_panic(expected = "`predict_across_devices` is wrong for the lesson's model (seed 1)")]
fn predict_across_devices_rejects_the_lessons_printed_probabilities() {
    checks::predict_across_devices(the_lessons_probabilities, the_lessons_probabilities);
}

/// Computes the right numbers, then hands them back on a new device instead of `x`'s.
fn result_on_a_new_device<DM: Device<f32>, DX: Device<f32>, const B: usize>(
    model: &Classifier<DM>,
    x: Tensor<Rank2<B, 4>, f32, DX>,
) -> Tensor<Rank2<B, 3>, f32, DX> {
    let probabilities = class_probabilities(model, x.to_device(model.weight.device()));
    probabilities.to_device(&DX::default())
}

#[test]
#[should_panic(expected = "the probabilities on x's own device (the Cpu seeded with 9)")]
fn predict_across_devices_rejects_a_result_on_a_new_device() {
    checks::predict_across_devices(result_on_a_new_device, result_on_a_new_device);
}

/// Moves the batch and back, but returns the layer's logits: the softmax is missing.
fn logits<DM: Device<f32>, DX: Device<f32>, const B: usize>(
    model: &Classifier<DM>,
    x: Tensor<Rank2<B, 4>, f32, DX>,
) -> Tensor<Rank2<B, 3>, f32, DX> {
    model
        .forward(x.to_device(model.weight.device()))
        .to_device(x.device())
}

#[test]
#[should_panic(expected = "expected the probabilities[0]")]
fn predict_across_devices_rejects_logits() {
    checks::predict_across_devices(logits, logits);
}
