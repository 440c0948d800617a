//! What p08's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both losses are compared with an f64 computation on the host, value and gradient with respect
//! to the prediction (the logits). Log-cosh is checked on three shapes, one of them with errors of
//! ±100, where cosh overflows an f32; the weighted cross-entropy on batches of two sizes, with
//! equal weights (plain cross-entropy), unequal ones, and logits large enough to overflow a
//! softmax taken apart.

use dfdx::prelude::*;
use kit::check::Case;

/// A tensor of shape `S` that records a tape.
type Traced<S> = Tensor<S, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;
/// A tensor of shape `S` without a tape.
type Plain<S> = Tensor<S, f32, AutoDevice>;
/// A loss that records a tape.
type TracedLoss = Tensor<Rank0, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// The mean of log(cosh(p − t)) in f64, and its gradient with respect to each p: tanh(p − t)/n.
fn log_cosh_on_host(prediction: &[f32], target: &[f32]) -> (f64, Vec<f64>) {
    let n = prediction.len() as f64;
    let errors: Vec<f64> = (prediction.iter().zip(target))
        .map(|(&p, &t)| f64::from(p) - f64::from(t))
        .collect();
    // cosh(100) ≈ 1.3e43 is far from f64's limit.
    let value = errors.iter().map(|e| e.cosh().ln()).sum::<f64>() / n;
    let gradient = errors.iter().map(|e| e.tanh() / n).collect();
    (value, gradient)
}

/// Checks a log-cosh on one prediction and target, value and gradient.
fn log_cosh_case<S: Shape>(
    solution: &impl Fn(Traced<S>, Plain<S>) -> TracedLoss,
    input: &str,
    prediction: Plain<S>,
    target: Plain<S>,
) {
    let (expected, gradient) = log_cosh_on_host(&prediction.as_vec(), &target.as_vec());
    let (expected, gradient): (f32, Vec<f32>) = (
        expected as f32,
        gradient.iter().map(|&g| g as f32).collect(),
    );
    let case = Case::new("log_cosh", input);
    let loss = case.run(|| solution(prediction.leaky_trace(), target));
    let got = loss.array();
    case.expect_close("the loss", got, expected, 1e-5 * expected.abs().max(1.0));
    let grad = case.run(|| loss.backward().get(&prediction).as_vec());
    case.expect_all_close("d loss / d prediction", &grad, &gradient, 1e-6);
    case.show(format!("loss = {got:.5}"));
}

/// Checks a solution of `log_cosh`, generic over the shape, on three shapes.
pub fn log_cosh(
    on_6: impl Fn(Traced<Rank1<6>>, Plain<Rank1<6>>) -> TracedLoss,
    on_4x5: impl Fn(Traced<Rank2<4, 5>>, Plain<Rank2<4, 5>>) -> TracedLoss,
    on_4: impl Fn(Traced<Rank1<4>>, Plain<Rank1<4>>) -> TracedLoss,
) {
    let dev = AutoDevice::seed_from_u64(1);
    log_cosh_case(
        &on_6,
        "6 predictions and targets from N(0, 1), seed 1",
        dev.sample_normal(),
        dev.sample_normal(),
    );
    let dev = AutoDevice::seed_from_u64(2);
    log_cosh_case(
        &on_4x5,
        "a 4×5 prediction from N(0, 3²) and a target from N(0, 1), seed 2",
        dev.sample_normal() * 3.0,
        dev.sample_normal(),
    );
    log_cosh_case(
        &on_4,
        "errors of 100, -100, 0 and 0.5",
        dev.tensor([100.0, -99.0, 2.0, 0.5]),
        dev.tensor([0.0, 1.0, 2.0, 0.0]),
    );
}

/// Logits of `B` rows of `C` classes that record a tape.
type TracedLogits<const B: usize, const C: usize> = Traced<Rank2<B, C>>;

/// A weighted cross-entropy: the class weights, the logits and the one-hot labels; the loss.
pub trait WeightedLoss<const B: usize, const C: usize>:
    Fn([f32; C], TracedLogits<B, C>, Plain<Rank2<B, C>>) -> TracedLoss
{
}

impl<const B: usize, const C: usize, F> WeightedLoss<B, C> for F where
    F: Fn([f32; C], TracedLogits<B, C>, Plain<Rank2<B, C>>) -> TracedLoss
{
}

/// PyTorch's `CrossEntropyLoss(weight=w)` with class labels, in f64: Σ w[y]·l / Σ w[y], where
/// l = −log softmax(z)[y]; and its gradient, w[y]/Σw[y] · (softmax(z) − one_hot(y)).
fn weighted_on_host(logits: &[f32], labels: &[usize], weights: &[f32]) -> (f64, Vec<f64>) {
    let classes = weights.len();
    let total: f64 = labels.iter().map(|&y| f64::from(weights[y])).sum();
    let mut loss = 0.0;
    let mut gradient = Vec::with_capacity(logits.len());
    for (row, &label) in logits.chunks_exact(classes).zip(labels) {
        let row: Vec<f64> = row.iter().map(|&z| f64::from(z)).collect();
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = max + row.iter().map(|z| (z - max).exp()).sum::<f64>().ln();
        let w = f64::from(weights[label]) / total;
        loss -= w * (row[label] - log_sum);
        for (c, z) in row.iter().enumerate() {
            let one_hot = if c == label { 1.0 } else { 0.0 };
            gradient.push(w * ((z - log_sum).exp() - one_hot));
        }
    }
    (loss, gradient)
}

/// Checks a weighted cross-entropy on one batch against the host, value and gradient.
fn weighted_case<const B: usize, const C: usize>(
    solution: &impl WeightedLoss<B, C>,
    input: &str,
    weights: [f32; C],
    logits: Plain<Rank2<B, C>>,
    labels: [usize; B],
) {
    let dev = logits.device().clone();
    let mut one_hot = [[0.0f32; C]; B];
    for (row, &label) in one_hot.iter_mut().zip(&labels) {
        row[label] = 1.0;
    }
    let (expected, gradient) = weighted_on_host(&logits.as_vec(), &labels, &weights);
    let (expected, gradient): (f32, Vec<f32>) = (
        expected as f32,
        gradient.iter().map(|&g| g as f32).collect(),
    );
    let case = Case::new("weighted_cross_entropy", input);
    let loss = case.run(|| solution(weights, logits.leaky_trace(), dev.tensor(one_hot)));
    let got = loss.array();
    case.expect_close("the loss", got, expected, 1e-4 * expected.abs().max(1.0));
    let grad = case.run(|| loss.backward().get(&logits).as_vec());
    case.expect_all_close("d loss / d logits", &grad, &gradient, 1e-5);
    case.show(format!("loss = {got:.4}"));
}

/// Checks a solution of `weighted_cross_entropy`, on batches of 4 rows of 10 classes and 6
/// rows of 3.
pub fn weighted_cross_entropy(on_4x10: impl WeightedLoss<4, 10>, on_6x3: impl WeightedLoss<6, 3>) {
    let dev = AutoDevice::seed_from_u64(3);
    let logits: Plain<Rank2<4, 10>> = dev.sample_normal() * 3.0;
    weighted_case(
        &on_4x10,
        "4 rows of N(0, 3²) logits, labels [7, 0, 3, 9], every weight 1",
        [1.0; 10],
        logits.clone(),
        [7, 0, 3, 9],
    );
    weighted_case(
        &on_4x10,
        "4 rows of N(0, 3²) logits, labels [7, 0, 3, 7], weights 0.5, 0.75, … 2.75 for digits 0 to 9",
        std::array::from_fn(|c| 0.5 + 0.25 * c as f32),
        logits,
        [7, 0, 3, 7],
    );
    let dev = AutoDevice::seed_from_u64(4);
    weighted_case(
        &on_6x3,
        "6 rows of 3 classes, N(0, 1) logits, labels [2, 0, 1, 1, 0, 2], weights [1, 5, 0.2]",
        [1.0, 5.0, 0.2],
        dev.sample_normal(),
        [2, 0, 1, 1, 0, 2],
    );
    // A confident network's logits: exp(60) overflows f32, so softmax-then-log gives -inf.
    let dev = AutoDevice::seed_from_u64(5);
    weighted_case(
        &on_6x3,
        "6 rows of 3 classes, N(0, 60²) logits, labels [1, 1, 0, 2, 0, 1], weights [2, 1, 3]",
        [2.0, 1.0, 3.0],
        dev.sample_normal() * 60.0,
        [1, 1, 0, 2, 0, 1],
    );
}
