//! What p01's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Each exercise is called on the lesson's own tensor and on inputs the lesson never prints
//! (another seed, shifted and scaled samples, tensors of a few exact values), and the answers are
//! compared with values computed here in `f64` from the same numbers.

use dfdx::prelude::*;
use kit::check::Case;
use p01_install_and_verify::{standard_normal_samples, SmokeTensor, SEED};

/// The lesson's tensor: one million N(0, 1) samples drawn with `seed`.
fn samples(seed: u64) -> SmokeTensor {
    standard_normal_samples(&AutoDevice::seed_from_u64(seed))
}

/// A 1000 × 1000 tensor that repeats `pattern` over and over.
fn repeating(pattern: &[f32]) -> SmokeTensor {
    let values: Vec<f32> = pattern.iter().copied().cycle().take(1000 * 1000).collect();
    AutoDevice::default().tensor_from_vec(values, (Const, Const))
}

/// The mean and the standard deviation (dividing by n), computed in f64 on the host.
fn host_mean_and_std(x: &SmokeTensor) -> (f32, f32) {
    let values = x.as_vec();
    let n = values.len() as f64;
    let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let squared_distance: f64 = values.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum();
    (mean as f32, (squared_distance / n).sqrt() as f32)
}

/// The share of elements with |v| ≤ 1, counted on the host.
fn host_fraction_within_one(x: &SmokeTensor) -> f32 {
    let values = x.as_vec();
    let inside = values.iter().filter(|v| v.abs() <= 1.0).count();
    (inside as f64 / values.len() as f64) as f32
}

/// Checks a solution of `mean_and_std`.
pub fn mean_and_std(solution: impl Fn(SmokeTensor) -> (f32, f32)) {
    let inputs = [
        ("the lesson's N(0, 1) samples (seed 0)", samples(SEED)),
        (
            "N(0, 1) samples with seed 1, times 2 plus 3",
            samples(1) * 2.0 + 3.0,
        ),
        ("a tensor of -1, 5, -1, 5, …", repeating(&[-1.0, 5.0])),
        ("a tensor of 7.5 everywhere", repeating(&[7.5])),
    ];
    for (input, x) in inputs {
        let case = Case::new("mean_and_std", input);
        let (expected_mean, expected_std) = host_mean_and_std(&x);
        let (mean, std) = case.run(|| solution(x));
        case.expect_close("the mean", mean, expected_mean, 1e-3);
        case.expect_close("the standard deviation", std, expected_std, 1e-3);
        case.show(format!("mean = {mean:.4}, std = {std:.4}"));
    }
}

/// Checks a solution of `fraction_within_one_sigma`.
pub fn fraction_within_one_sigma(solution: impl Fn(SmokeTensor) -> f32) {
    let inputs = [
        ("the lesson's N(0, 1) samples (seed 0)", samples(SEED)),
        ("N(0, 1) samples with seed 2, times 2", samples(2) * 2.0),
        (
            "a tensor of 1, -1, the next f32 above 1, 0.5, -3, 0, … (|±1| ≤ 1 holds)",
            repeating(&[1.0, -1.0, 1.0 + f32::EPSILON, 0.5, -3.0, 0.0]),
        ),
    ];
    for (input, x) in inputs {
        let case = Case::new("fraction_within_one_sigma", input);
        let expected = host_fraction_within_one(&x);
        let fraction = case.run(|| solution(x));
        case.expect_close("the fraction", fraction, expected, 1e-5);
        case.show(format!("{fraction:.4}"));
    }
}
