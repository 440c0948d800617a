//! Answers that look right on the lesson's own data but are wrong, and a literal copied from the
//! lesson's output: the checks must reject every one, each for the reason named. (Spoilers: these
//! are near-solutions.)

mod checks;

use dfdx::prelude::*;
use p01_install_and_verify::SmokeTensor;

/// The root mean square, √mean(x²), in place of the standard deviation: the spread about 0, not
/// about the mean. On N(0, 1) samples, whose mean is near 0, the two agree to four decimals.
fn uncentred_std(x: SmokeTensor) -> (f32, f32) {
    let mean = x.clone().mean::<Rank0, _>().array();
    let root_mean_square = x.square().mean::<Rank0, _>().sqrt().array();
    (mean, root_mean_square)
}

#[test]
#[should_panic(expected = "is wrong for N(0, 1) samples with seed 1, times 2 plus 3")]
fn mean_and_std_rejects_the_uncentred_std() {
    checks::mean_and_std(uncentred_std);
}

#[test]
#[should_panic(expected = "is wrong for N(0, 1) samples with seed 1, times 2 plus 3")]
fn mean_and_std_rejects_the_values_of_the_lessons_samples() {
    checks::mean_and_std(|_| (-0.0009, 1.0002));
}

#[test]
#[should_panic(expected = "`fraction_within_one_sigma` is wrong for")]
fn fraction_within_one_sigma_rejects_the_value_of_the_lessons_samples() {
    checks::fraction_within_one_sigma(|_| 0.6822);
}

#[test]
#[should_panic(expected = "is wrong for a tensor of 1, -1, the next f32 above 1")]
fn fraction_within_one_sigma_rejects_a_strict_inequality() {
    checks::fraction_within_one_sigma(|x| {
        let dev = x.device().clone();
        let inside = x.clone().abs().lt(1.0);
        inside
            .choose(dev.ones_like(&x), dev.zeros_like(&x))
            .mean::<Rank0, _>()
            .array()
    });
}
