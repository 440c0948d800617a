//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::optim::WeightDecay;
use dfdx::prelude::*;

/// A tensor of shape `S` on the default device, without a tape.
type Plain<S> = Tensor<S, f32, AutoDevice>;

/// The lesson's observation about the first step, used as the rule: every weight moves by lr
/// against the sign of its gradient. Right at step 1 with the default config, and only there.
fn sign_step<S: Shape>(
    param: &mut Plain<S>,
    _m: &mut Plain<S>,
    _v: &mut Plain<S>,
    grad: Plain<S>,
    _t: i32,
    cfg: &AdamConfig,
) {
    let sign = grad.clone() / (grad.abs() + cfg.eps as f32);
    *param = param.clone() - sign * cfg.lr as f32;
}

#[test]
#[should_panic(expected = "gradients of size ~1 (5 values, seed 1), step 2")]
fn adam_step_rejects_the_first_steps_rule_on_later_steps() {
    checks::adam_step(sign_step, sign_step);
}

/// Adam as written in the paper's Algorithm 1, but without the bias correction.
fn no_bias_correction<S: Shape>(
    param: &mut Plain<S>,
    m: &mut Plain<S>,
    v: &mut Plain<S>,
    grad: Plain<S>,
    _t: i32,
    cfg: &AdamConfig,
) {
    let [b1, b2] = cfg.betas.map(|b| b as f32);
    *m = m.clone() * b1 + grad.clone() * (1.0 - b1);
    *v = v.clone() * b2 + grad.square() * (1.0 - b2);
    let step = m.clone() * cfg.lr as f32 / (v.clone().sqrt() + cfg.eps as f32);
    *param = param.clone() - step;
}

#[test]
#[should_panic(expected = "gradients of size ~1 (5 values, seed 1), step 1")]
fn adam_step_rejects_a_step_without_bias_correction() {
    checks::adam_step(no_bias_correction, no_bias_correction);
}

/// The right rule, with eps under the square root (as dfdx's RMSprop has it): a different step
/// only when the gradients are tiny.
fn eps_under_the_root<S: Shape>(
    param: &mut Plain<S>,
    m: &mut Plain<S>,
    v: &mut Plain<S>,
    grad: Plain<S>,
    t: i32,
    cfg: &AdamConfig,
) {
    let [b1, b2] = cfg.betas.map(|b| b as f32);
    let grad = match cfg.weight_decay {
        Some(WeightDecay::L2(wd)) => grad + param.clone() * wd as f32,
        _ => grad,
    };
    *m = m.clone() * b1 + grad.clone() * (1.0 - b1);
    *v = v.clone() * b2 + grad.square() * (1.0 - b2);
    let m_hat = m.clone() / (1.0 - b1.powi(t));
    let v_hat = v.clone() / (1.0 - b2.powi(t));
    let mut step = m_hat * cfg.lr as f32 / (v_hat + cfg.eps as f32).sqrt();
    if let Some(WeightDecay::Decoupled(wd)) = cfg.weight_decay {
        step = step + param.clone() * (wd * cfg.lr) as f32;
    }
    *param = param.clone() - step;
}

#[test]
#[should_panic(expected = "gradients of size ~1e-6 (5 values, seed 2), step 1")]
fn adam_step_rejects_eps_under_the_square_root() {
    checks::adam_step(eps_under_the_root, eps_under_the_root);
}

/// The right rule, but every weight decay treated as L2: AdamW's decoupled decay goes through
/// the moments and is normalised away.
fn every_decay_as_l2<S: Shape>(
    param: &mut Plain<S>,
    m: &mut Plain<S>,
    v: &mut Plain<S>,
    grad: Plain<S>,
    t: i32,
    cfg: &AdamConfig,
) {
    let [b1, b2] = cfg.betas.map(|b| b as f32);
    let grad = match cfg.weight_decay {
        Some(WeightDecay::L2(wd) | WeightDecay::Decoupled(wd)) => grad + param.clone() * wd as f32,
        None => grad,
    };
    *m = m.clone() * b1 + grad.clone() * (1.0 - b1);
    *v = v.clone() * b2 + grad.square() * (1.0 - b2);
    let m_hat = m.clone() / (1.0 - b1.powi(t));
    let v_hat = v.clone() / (1.0 - b2.powi(t));
    *param = param.clone() - m_hat * cfg.lr as f32 / (v_hat.sqrt() + cfg.eps as f32);
}

#[test]
#[should_panic(expected = "with decoupled weight decay 0.1 (3×4 values, seed 5), step 1")]
fn adam_step_rejects_decoupled_decay_applied_as_l2() {
    checks::adam_step(every_decay_as_l2, every_decay_as_l2);
}

/// A step that leaves the parameter where it was.
fn no_step<S: Shape>(
    _param: &mut Plain<S>,
    _m: &mut Plain<S>,
    _v: &mut Plain<S>,
    _grad: Plain<S>,
    _t: i32,
    _cfg: &AdamConfig,
) {
}

#[test]
#[should_panic(expected = "`adam_step` is wrong for the default config, gradients of size ~1")]
fn adam_step_rejects_a_step_that_does_nothing() {
    checks::adam_step(no_step, no_step);
}

/// Smoothing as some libraries write it: 1 − ε on the true class and ε/(C − 1) on each other.
fn spread_over_the_others<const B: usize, const C: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
    labels: [usize; B],
    smoothing: f32,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let mut targets = [[smoothing / (C - 1) as f32; C]; B];
    for (row, &label) in targets.iter_mut().zip(&labels) {
        row[label] = 1.0 - smoothing;
    }
    let targets = logits.device().tensor(targets);
    cross_entropy_with_logits_loss(logits, targets)
}

#[test]
#[should_panic(expected = "labels [7, 0, 3, 9], smoothing 0.1")]
fn smoothed_cross_entropy_rejects_smoothing_over_the_other_classes_only() {
    checks::smoothed_cross_entropy(spread_over_the_others, spread_over_the_others);
}

/// Plain cross-entropy: the smoothing is ignored.
fn unsmoothed<const B: usize, const C: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
    labels: [usize; B],
    _smoothing: f32,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let mut targets = [[0.0; C]; B];
    for (row, &label) in targets.iter_mut().zip(&labels) {
        row[label] = 1.0;
    }
    let targets = logits.device().tensor(targets);
    cross_entropy_with_logits_loss(logits, targets)
}

#[test]
#[should_panic(expected = "labels [7, 0, 3, 9], smoothing 0.1")]
fn smoothed_cross_entropy_rejects_ignoring_the_smoothing() {
    checks::smoothed_cross_entropy(unsmoothed, unsmoothed);
}

/// A loss of ln 10, what an untrained network scores, whatever the logits.
fn ln_ten<const B: usize, const C: usize, T: Tape<f32, AutoDevice>>(
    logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
    _labels: [usize; B],
    _smoothing: f32,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    logits.sum::<Rank0, _>() * 0.0 + std::f32::consts::LN_10
}

#[test]
#[should_panic(expected = "`smoothed_cross_entropy` is wrong for 4 rows of N(0, 3²) logits")]
fn smoothed_cross_entropy_rejects_a_literal() {
    checks::smoothed_cross_entropy(ln_ten, ln_ten);
}
