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

// ANCHOR: version
/// What `build.rs` recorded from `Cargo.lock` while this crate was compiled.
mod build_info {
    include!(concat!(env!("OUT_DIR"), "/built.rs"));
}

/// The version of `crate_name` that Cargo resolved and linked into this binary, if it is a
/// dependency: the Rust counterpart of `tf.__version__`.
pub fn linked_version(crate_name: &str) -> Option<&'static str> {
    build_info::DEPENDENCIES
        .iter()
        .find(|(name, _)| *name == crate_name)
        .map(|(_, version)| *version)
}
// ANCHOR_END: version

// ANCHOR: device
/// The name of the device type that dfdx picked for `AutoDevice`: `Cpu`, or `Cuda` when the
/// crate is built with dfdx's `cuda` feature.
pub fn device_name() -> &'static str {
    let path = std::any::type_name::<AutoDevice>();
    path.rsplit("::").next().unwrap_or(path)
}
// ANCHOR_END: device

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
// ANCHOR_END: smoke_test

/// Prints the lesson: the installed version, the device, and the smoke test.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "p01 · Install dfdx and verify it")?;
    writeln!(out)?;

    let dfdx_version = linked_version("dfdx").unwrap_or("not a dependency");
    writeln!(out, "dfdx version (from Cargo.lock): {dfdx_version}")?;
    writeln!(out, "device (AutoDevice):            {}", device_name())?;
    writeln!(out)?;

    // ANCHOR: run_smoke_test
    let dev = AutoDevice::seed_from_u64(SEED);
    let x = standard_normal_samples(&dev);
    let n = x.shape().num_elements();
    let sum = sum_of(x);
    // ANCHOR_END: run_smoke_test
    writeln!(
        out,
        "Smoke test: the sum of a 1000×1000 standard-normal tensor"
    )?;
    writeln!(out, "  seed {SEED}: sum = {sum:.1}")?;

    // A sum of n independent N(0, 1) samples is itself normal with standard deviation √n.
    let spread = (n as f32).sqrt();
    writeln!(
        out,
        "  expected: N(0, {spread:.0}²), so any value within ±{:.0} passes 99.7 % of the time",
        3.0 * spread
    )?;
    let verdict = if sum.abs() <= 3.0 * spread {
        "dfdx is installed and computing"
    } else {
        "suspicious: the sampler or the reduction is broken"
    };
    writeln!(out, "  verdict:  {verdict}")?;
    Ok(())
}
