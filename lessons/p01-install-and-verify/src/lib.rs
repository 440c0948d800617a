//! # p01 · Install dfdx and verify it
//!
//! **Question.** How do you install TensorFlow 2 and check that the installation works?
//!
//! **Answer.** A Rust project has no global `pip install`. A library is installed *into a
//! project* by naming it in `Cargo.toml`; Cargo downloads and compiles it on the next build and
//! writes the exact versions it chose to `Cargo.lock`, which is the whole "environment". Checking
//! an installation means the same three things as in Python: ask which version was linked, see
//! which device the tensors live on, and run a first operation whose answer you can predict.
//!
//! Run it with `cargo xtask run p01`.

use dfdx::prelude::*;
use std::io::{self, Write};

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/p01-install-and-verify.rs"
)]
pub mod exercises;

// ANCHOR: smoke_test
/// The seed of every random number in this lesson: same seed, same numbers, same output.
pub const SEED: u64 = 0;

/// The smoke test's tensor: one million samples, shaped 1000 × 1000 at compile time.
pub type SmokeTensor = Tensor<Rank2<1000, 1000>, f32, AutoDevice>;

/// Draws the smoke test's tensor from the standard normal distribution N(0, 1).
pub fn standard_normal_samples(dev: &AutoDevice) -> SmokeTensor {
    dev.sample_normal()
}

/// The sum of every element, as a plain `f32`: `tf.reduce_sum(x).numpy()` in TensorFlow.
pub fn sum_of(x: SmokeTensor) -> f32 {
    x.sum::<Rank0, _>().array()
}

/// The mean of the squared elements: 1 for samples of N(0, 1), whatever their sum.
pub fn mean_square_of(x: SmokeTensor) -> f32 {
    x.square().mean::<Rank0, _>().array()
}
// ANCHOR_END: smoke_test

// ANCHOR: verdict
/// Whether `n` samples whose sum is `sum` and whose mean square is `mean_square` look like
/// N(0, 1). The sum of n such samples has standard deviation √n, and their mean square is 1 with
/// standard deviation √(2/n); each check allows three standard deviations. The sum alone could
/// not tell a sampler that returns only zeros from a good one; the mean square can. A NaN fails
/// both checks, since it compares as false.
pub fn looks_standard_normal(sum: f32, mean_square: f32, n: usize) -> bool {
    let n = n as f32;
    sum.abs() <= 3.0 * n.sqrt() && (mean_square - 1.0).abs() <= 3.0 * (2.0 / n).sqrt()
}
// ANCHOR_END: verdict

/// Prints the lesson: the installed version, the device, and the smoke test.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "p01 · Install dfdx and verify it")?;
    writeln!(out)?;

    let dfdx_version = kit::install::linked_version("dfdx").unwrap_or("not a dependency");
    writeln!(out, "dfdx version (from Cargo.lock): {dfdx_version}")?;
    writeln!(
        out,
        "device (AutoDevice):            {}",
        kit::install::device_name()
    )?;
    writeln!(out)?;

    // ANCHOR: run_smoke_test
    let dev = AutoDevice::seed_from_u64(SEED);
    let x = standard_normal_samples(&dev);
    let n = x.shape().num_elements();
    let sum = sum_of(x.clone());
    let mean_square = mean_square_of(x);
    // ANCHOR_END: run_smoke_test
    writeln!(
        out,
        "Smoke test: a 1000×1000 tensor drawn from N(0, 1), seed {SEED}"
    )?;
    // Three standard deviations of each statistic, as `looks_standard_normal` allows.
    let n_f = n as f32;
    writeln!(
        out,
        "  sum             = {sum:>7.1}   expected 0 ± {:.0}",
        3.0 * n_f.sqrt()
    )?;
    writeln!(
        out,
        "  mean of squares = {mean_square:>7.4}   expected 1 ± {:.4}",
        3.0 * (2.0 / n_f).sqrt()
    )?;
    let verdict = if looks_standard_normal(sum, mean_square, n) {
        "dfdx is installed and computing"
    } else {
        "suspicious: the sampler or the reductions are broken"
    };
    writeln!(out, "  verdict: {verdict}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::looks_standard_normal;

    const N: usize = 1_000_000;

    #[test]
    fn the_verdict_accepts_normal_statistics() {
        assert!(looks_standard_normal(-876.2, 1.0008, N));
        assert!(looks_standard_normal(2999.0, 0.996, N));
    }

    #[test]
    fn the_verdict_rejects_broken_samplers() {
        let broken = [
            ("all zeros", 0.0, 0.0),
            ("all ones", 1e6, 1.0),
            ("a constant 0.001", 1e3, 1e-6),
            ("NaN", f32::NAN, f32::NAN),
            ("N(0, 2²)", 100.0, 4.0),
            ("a sum far off", 5000.0, 1.0),
        ];
        for (sampler, sum, mean_square) in broken {
            assert!(
                !looks_standard_normal(sum, mean_square, N),
                "{sampler} passed"
            );
        }
    }
}
