//! What p07's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The Adam step is compared with dfdx's `Adam` over five steps in a row, on two shapes, with
//! the default config, another lr, betas and eps, each kind of weight decay, and gradients as
//! small as 10⁻⁶ (where the place of eps decides the step). The smoothed loss is compared with an
//! f64 computation on the host, value and gradient, for three amounts of smoothing and for
//! logits large enough to overflow a softmax taken apart.

use dfdx::optim::{Adam, Optimizer, WeightDecay};
use dfdx::prelude::*;
use kit::check::Case;

/// A tensor of shape `S` on the default device, without a tape.
type Plain<S> = Tensor<S, f32, AutoDevice>;

/// A hand-written Adam step: parameter, first and second moment, gradient, step number, config.
pub trait AdamStep<S: Shape>:
    Fn(&mut Plain<S>, &mut Plain<S>, &mut Plain<S>, Plain<S>, i32, &AdamConfig)
{
}

impl<S: Shape, F> AdamStep<S> for F where
    F: Fn(&mut Plain<S>, &mut Plain<S>, &mut Plain<S>, Plain<S>, i32, &AdamConfig)
{
}

/// Five steps of the solution and of dfdx's `Adam` from the same start; after each step the
/// parameters must agree. Step t's loss is `Σ p · r_t` for a new random `r_t` of size `scale`,
/// so the gradient changes size and sign from step to step, as on real batches.
fn adam_case<S: ConstShape>(
    solution: &impl AdamStep<S>,
    input: &str,
    cfg: AdamConfig,
    scale: f32,
    seed: u64,
) {
    let dev = AutoDevice::seed_from_u64(seed);
    let start: Plain<S> = dev.sample_normal();
    let mut reference = start.clone();
    let mut adam: Adam<Plain<S>, f32, AutoDevice> = Adam::new(&reference, cfg);
    let (mut param, mut m, mut v) = (start, dev.zeros(), dev.zeros());
    for t in 1..=5 {
        let r: Plain<S> = dev.sample_normal() * scale;
        let loss = (reference.leaky_trace() * r.clone()).sum::<Rank0, _>();
        adam.update(&mut reference, &loss.backward())
            .expect("the loss uses the parameter");
        let input = format!("{input}, step {t}");
        let case = Case::new("adam_step", &input);
        // The gradient of Σ p · r with respect to p is r.
        case.run(|| solution(&mut param, &mut m, &mut v, r, t, &cfg));
        let (got, want) = (param.as_vec(), reference.as_vec());
        // Each step moves a weight by about lr; 1e-6 is float rounding, not a different rule.
        case.expect_all_close("the parameter after the step", &got, &want, 1e-6);
        if t == 5 {
            case.show(format!("{:?}", &got[..got.len().min(3)]));
        }
    }
}

/// Checks a solution of `adam_step`, on a vector of 5 and a 3×4 matrix.
pub fn adam_step(on_5: impl AdamStep<Rank1<5>>, on_3x4: impl AdamStep<Rank2<3, 4>>) {
    let default = AdamConfig::default();
    adam_case(
        &on_5,
        "the default config, gradients of size ~1 (5 values, seed 1)",
        default,
        1.0,
        1,
    );
    adam_case(
        &on_5,
        "the default config, gradients of size ~1e-6 (5 values, seed 2)",
        default,
        1e-6,
        2,
    );
    let other = AdamConfig {
        lr: 0.01,
        betas: [0.5, 0.25],
        eps: 1e-6,
        weight_decay: None,
    };
    adam_case(
        &on_3x4,
        "lr 0.01, betas [0.5, 0.25], eps 1e-6 (3×4 values, seed 3)",
        other,
        1.0,
        3,
    );
    adam_case(
        &on_3x4,
        "lr 0.01 with L2 weight decay 0.1 (3×4 values, seed 4)",
        AdamConfig {
            lr: 0.01,
            weight_decay: Some(WeightDecay::L2(0.1)),
            ..default
        },
        1.0,
        4,
    );
    adam_case(
        &on_3x4,
        "lr 0.01 with decoupled weight decay 0.1 (3×4 values, seed 5)",
        AdamConfig {
            lr: 0.01,
            weight_decay: Some(WeightDecay::Decoupled(0.1)),
            ..default
        },
        1.0,
        5,
    );
}

/// Logits of `B` rows of `C` classes that record a tape.
type TracedLogits<const B: usize, const C: usize> =
    Tensor<Rank2<B, C>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;
/// A loss that records a tape.
type TracedLoss = Tensor<Rank0, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// PyTorch's smoothed cross-entropy, computed in f64 on the host, and its gradient with respect
/// to every logit: (softmax − target) / B.
fn smoothed_on_host(logits: &[f32], labels: &[usize], classes: usize, eps: f64) -> (f64, Vec<f64>) {
    let rows = labels.len();
    let mut loss = 0.0;
    let mut grad = Vec::with_capacity(logits.len());
    for (row, &label) in logits.chunks_exact(classes).zip(labels) {
        let row: Vec<f64> = row.iter().map(|&z| f64::from(z)).collect();
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = max + row.iter().map(|z| (z - max).exp()).sum::<f64>().ln();
        for (c, z) in row.iter().enumerate() {
            let target = eps / classes as f64 + if c == label { 1.0 - eps } else { 0.0 };
            let log_p = z - log_sum;
            loss -= target * log_p / rows as f64;
            grad.push((log_p.exp() - target) / rows as f64);
        }
    }
    (loss, grad)
}

/// Checks a smoothed loss on one batch against the host computation, value and gradient.
fn smoothed_case<const B: usize, const C: usize>(
    solution: &impl Fn(TracedLogits<B, C>, [usize; B], f32) -> TracedLoss,
    input: &str,
    logits: Tensor<Rank2<B, C>, f32, AutoDevice>,
    labels: [usize; B],
    smoothing: f32,
) {
    let (expected, expected_grad) =
        smoothed_on_host(&logits.as_vec(), &labels, C, f64::from(smoothing));
    let expected_grad: Vec<f32> = expected_grad.iter().map(|&g| g as f32).collect();
    let case = Case::new("smoothed_cross_entropy", input);
    let loss = case.run(|| solution(logits.leaky_trace(), labels, smoothing));
    let got = loss.array();
    let expected = expected as f32;
    case.expect_close("the loss", got, expected, 1e-4 * expected.abs().max(1.0));
    let grad = case.run(|| loss.backward().get(&logits).as_vec());
    case.expect_all_close("d loss / d logits", &grad, &expected_grad, 1e-5);
    case.show(format!("loss = {got:.4}"));
}

/// Checks a solution of `smoothed_cross_entropy`, on batches of 4 rows of 10 classes and of 6
/// rows of 3 classes.
pub fn smoothed_cross_entropy(
    on_4x10: impl Fn(TracedLogits<4, 10>, [usize; 4], f32) -> TracedLoss,
    on_6x3: impl Fn(TracedLogits<6, 3>, [usize; 6], f32) -> TracedLoss,
) {
    let dev = AutoDevice::seed_from_u64(7);
    let logits: Tensor<Rank2<4, 10>, f32, _> = dev.sample_normal() * 3.0;
    let labels = [7, 0, 3, 9];
    smoothed_case(
        &on_4x10,
        "4 rows of N(0, 3²) logits, labels [7, 0, 3, 9], smoothing 0 (plain cross-entropy)",
        logits.clone(),
        labels,
        0.0,
    );
    smoothed_case(
        &on_4x10,
        "4 rows of N(0, 3²) logits, labels [7, 0, 3, 9], smoothing 0.1",
        logits,
        labels,
        0.1,
    );
    let dev = AutoDevice::seed_from_u64(8);
    smoothed_case(
        &on_6x3,
        "6 rows of 3 classes, N(0, 1) logits, labels [2, 0, 1, 1, 0, 2], smoothing 0.3",
        dev.sample_normal(),
        [2, 0, 1, 1, 0, 2],
        0.3,
    );
    // A confident network's logits: exp(60) overflows f32, so a softmax followed by a log fails.
    let dev = AutoDevice::seed_from_u64(9);
    smoothed_case(
        &on_4x10,
        "4 rows of N(0, 60²) logits, labels [1, 5, 2, 8], smoothing 0.2",
        dev.sample_normal() * 60.0,
        [1, 5, 2, 8],
        0.2,
    );
}
