//! What the chapter says dfdx's optimizers do, checked against the dfdx in `Cargo.lock` on
//! tensors small enough to compute by hand.

use dfdx::optim::{Adam, Optimizer, RMSprop, Sgd};
use dfdx::prelude::*;

/// A tensor of three numbers and the gradients of `Σ slope·w`: exactly `slope`.
fn gradients_of_slope(w: &Tensor<Rank1<3>, f32, Cpu>, slope: [f32; 3]) -> Gradients<f32, Cpu> {
    let dev = w.device().clone();
    (w.leaky_trace() * dev.tensor(slope)).sum().backward()
}

/// How far each element of a new tensor of zeros moves, against its gradient, in one update.
fn first_step(
    optimizer: &mut impl Optimizer<Tensor<Rank1<3>, f32, Cpu>, Cpu, f32>,
    slope: [f32; 3],
) -> [f32; 3] {
    let mut w: Tensor<Rank1<3>, f32, Cpu> = Cpu::default().zeros();
    let grads = gradients_of_slope(&w, slope);
    optimizer.update(&mut w, &grads).expect("w has a gradient");
    w.array().map(|v| -v)
}

/// Adam's first step is `lr` long for every weight, whatever the size of its gradient: the
/// corrected averages are `g` and `g²`, and `g / √g²` is 1.
#[test]
fn adams_first_step_is_lr_long_whatever_the_gradient() {
    let w: Tensor<Rank1<3>, f32, Cpu> = Cpu::default().zeros();
    let mut adam = Adam::new(
        &w,
        AdamConfig {
            lr: 0.001,
            ..Default::default()
        },
    );
    let moved = first_step(&mut adam, [1e-3, 1.0, 1e3]);
    for m in moved {
        assert!((m - 0.001).abs() < 1e-6, "{moved:?}");
    }
}

/// RMSprop's average of squared gradients starts at 1, not at 0: the first step is
/// `lr·g / √(0.9 + 0.1·g² + eps)`, close to plain SGD's `lr·g` for small gradients.
#[test]
fn rmsprops_average_starts_at_one() {
    let w: Tensor<Rank1<3>, f32, Cpu> = Cpu::default().zeros();
    let mut rmsprop = RMSprop::new(
        &w,
        RMSpropConfig {
            lr: 0.001,
            ..Default::default()
        },
    );
    let slope = [1e-3, 3.0, 100.0];
    let moved = first_step(&mut rmsprop, slope);
    for (m, g) in moved.iter().zip(slope) {
        let expected = 0.001 * g / (0.9 + 0.1 * g * g + 1e-8f32).sqrt();
        assert!((m - expected).abs() < 1e-4 * expected, "{moved:?}");
    }
    // Started from 0, the first step would be lr·g/√(0.1·g²) ≈ 3.16·lr for every weight.
    assert!(moved[0] < 2e-6 && moved[2] < 0.0032);
}

/// RMSprop adds `eps` under the square root (PyTorch adds it after): with `alpha` 0 the average
/// is `g²` at once, and a gradient of 0.1 with an eps of 0.01 moves by lr·0.1/√(0.01 + 0.01) =
/// lr/√2, where PyTorch's lr·0.1/(0.1 + 0.01) would be 0.91·lr.
#[test]
fn rmsprop_adds_eps_under_the_root() {
    let w: Tensor<Rank1<3>, f32, Cpu> = Cpu::default().zeros();
    let config = RMSpropConfig {
        lr: 0.001,
        alpha: 0.0,
        eps: 0.01,
        ..Default::default()
    };
    let mut rmsprop = RMSprop::new(&w, config);
    let moved = first_step(&mut rmsprop, [0.1, 0.1, 0.1]);
    assert!((moved[0] - 0.001 / 2f32.sqrt()).abs() < 1e-7, "{moved:?}");
}

/// An optimizer files its state under each tensor's id: a new tensor starts with fresh state,
/// even in an optimizer that has already taken steps; `cfg` is public and can change between
/// steps, as a learning-rate schedule would change it.
#[test]
fn state_is_kept_per_tensor_id_and_cfg_is_public() {
    let dev = Cpu::default();
    let w: Tensor<Rank1<3>, f32, Cpu> = dev.zeros();
    let mut sgd = Sgd::new(
        &w,
        SgdConfig {
            lr: 0.1,
            momentum: Some(dfdx::optim::Momentum::Classic(0.9)),
            weight_decay: None,
        },
    );
    let slope = [1.0, 1.0, 1.0];
    let first = first_step(&mut sgd, slope);
    assert!(first.iter().all(|m| (m - 0.1).abs() < 1e-6), "{first:?}");
    // A second new tensor: no velocity from the first one, the same first step again.
    let again = first_step(&mut sgd, slope);
    assert!(again.iter().all(|m| (m - 0.1).abs() < 1e-6), "{again:?}");
    // The same tensor twice: the velocity adds up, 0.1 then 0.1·(0.9 + 1).
    let mut w: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 1.0, 1.0]);
    for expected in [0.9, 0.71] {
        let grads = gradients_of_slope(&w, slope);
        sgd.update(&mut w, &grads).expect("w has a gradient");
        assert!((w.array()[0] - expected).abs() < 1e-6, "{:?}", w.array());
    }
    sgd.cfg.lr = 0.0;
    let grads = gradients_of_slope(&w, slope);
    sgd.update(&mut w, &grads).expect("w has a gradient");
    assert!(
        (w.array()[0] - 0.71).abs() < 1e-6,
        "a rate of 0 still moved w"
    );
}
