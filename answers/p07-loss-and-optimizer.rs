//! Reference solutions for p07's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::optim::WeightDecay;
use dfdx::prelude::*;

/// Exercise `adam_step`: step `t` of Adam (1 for the first step), written by hand for one tensor.
pub fn adam_step<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    moment1: &mut Tensor<S, f32, AutoDevice>,
    moment2: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    t: i32,
    cfg: &AdamConfig,
) {
    let [beta1, beta2] = cfg.betas.map(|b| b as f32);
    let (lr, eps) = (cfg.lr as f32, cfg.eps as f32);
    // L2 decay is part of the gradient, so it goes through the moments (PyTorch's
    // `weight_decay`); decoupled decay is applied to the weight after the rule (AdamW).
    let grad = match cfg.weight_decay {
        Some(WeightDecay::L2(wd)) => grad + param.clone() * wd as f32,
        _ => grad,
    };
    *moment1 = moment1.clone() * beta1 + grad.clone() * (1.0 - beta1);
    *moment2 = moment2.clone() * beta2 + grad.square() * (1.0 - beta2);
    // Both moments start at 0; dividing by 1 - beta^t removes that pull towards 0.
    let m_hat = moment1.clone() / (1.0 - beta1.powi(t));
    let v_hat = moment2.clone() / (1.0 - beta2.powi(t));
    let mut step = m_hat * lr / (v_hat.sqrt() + eps);
    if let Some(WeightDecay::Decoupled(wd)) = cfg.weight_decay {
        step = step + param.clone() * (wd * cfg.lr) as f32;
    }
    *param = param.clone() - step;
}

/// Exercise `smoothed_cross_entropy`: PyTorch's `nn.CrossEntropyLoss(label_smoothing=smoothing)`
/// applied to `logits` and class labels, with dfdx's loss.
pub fn smoothed_cross_entropy<const B: usize, const C: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
    labels: [usize; B],
    smoothing: f32,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // Every class gets smoothing / C; the true class keeps 1 - smoothing on top of it.
    let mut targets = [[smoothing / C as f32; C]; B];
    for (row, &label) in targets.iter_mut().zip(&labels) {
        row[label] += 1.0 - smoothing;
    }
    let targets = logits.device().tensor(targets);
    cross_entropy_with_logits_loss(logits, targets)
}
