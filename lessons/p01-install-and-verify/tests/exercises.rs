//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p01`.

use dfdx::prelude::*;
use p01_install_and_verify::{exercises, standard_normal_samples, SEED};

fn samples() -> p01_install_and_verify::SmokeTensor {
    standard_normal_samples(&AutoDevice::seed_from_u64(SEED))
}

#[test]
fn mean_and_std() {
    let (mean, std) = exercises::mean_and_std(samples());
    // A million samples pin the mean to ±0.001 (one standard error) and the std just as tightly.
    assert!(mean.abs() < 0.005, "mean {mean} is too far from 0");
    assert!((std - 1.0).abs() < 0.005, "std {std} is too far from 1");
    let shown = format!("mean = {mean:.4}\nstd  = {std:.4}");
    insta::assert_snapshot!("mean_and_std", shown);
}

#[test]
fn fraction_within_one_sigma() {
    let fraction = exercises::fraction_within_one_sigma(samples());
    assert!(
        (fraction - 0.6827).abs() < 0.002,
        "{fraction} is not close to 0.6827"
    );
    let shown = format!("{fraction:.4}");
    insta::assert_snapshot!("fraction_within_one_sigma", shown);
}
