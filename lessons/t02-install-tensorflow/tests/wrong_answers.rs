//! Answers that look right on some inputs but are wrong, and literals copied from the lesson:
//! the checks must reject every one, each for the reason named. (Spoilers: these are
//! near-solutions.)

mod checks;

use dfdx::prelude::*;
use t02_install_tensorflow::{CaretRequirement, Version};

/// The range of the lesson's `0.13`, whatever the requirement says.
fn the_lessons_range(_: CaretRequirement, version: Version) -> bool {
    version.major == 0 && version.minor == 13
}

#[test]
#[should_panic(expected = "is wrong for the requirement ^1.2.3 and the version 1.9.0")]
fn caret_matches_rejects_the_range_of_the_lessons_requirement() {
    checks::caret_matches(the_lessons_range);
}

/// The rule for 1.x applied to every version: the same major, and at least the version
/// written. It is what npm and Cargo do for 1.0.0 and later, but a 0.x minor is a major.
fn same_major_everywhere(requirement: CaretRequirement, version: Version) -> bool {
    let lowest = Version::new(
        requirement.major,
        requirement.minor.unwrap_or(0),
        requirement.patch.unwrap_or(0),
    );
    version.major == requirement.major && lowest <= version
}

#[test]
#[should_panic(expected = "is wrong for the requirement ^0.13 and the version 0.14.0")]
fn caret_matches_rejects_the_1x_rule_for_0x_versions() {
    checks::caret_matches(same_major_everywhere);
}

/// The 0.x rule right, but `0.0.x` treated like any other 0.x: `^0.0.3` admitting 0.0.4.
fn forgets_0_0_x(requirement: CaretRequirement, version: Version) -> bool {
    let lowest = Version::new(
        requirement.major,
        requirement.minor.unwrap_or(0),
        requirement.patch.unwrap_or(0),
    );
    let first_excluded = match (requirement.major, requirement.minor) {
        (0, Some(minor)) => Version::new(0, minor + 1, 0),
        (0, None) => Version::new(1, 0, 0),
        (major, _) => Version::new(major + 1, 0, 0),
    };
    lowest <= version && version < first_excluded
}

#[test]
#[should_panic(expected = "is wrong for the requirement ^0.0.3 and the version 0.0.4")]
fn caret_matches_rejects_treating_0_0_x_like_0_x() {
    checks::caret_matches(forgets_0_0_x);
}

/// A tensor of `M × N` zeros but for the lesson's 2 × 2 product, copied from its output.
fn the_lessons_product<const M: usize, const K: usize, const N: usize>(
    a: Tensor<Rank2<M, K>, f32, AutoDevice>,
    _b: Tensor<Rank2<K, N>, f32, AutoDevice>,
) -> Tensor<Rank2<M, N>, f32, AutoDevice> {
    let copied = [19.0, 22.0, 43.0, 50.0];
    let values = (0..M * N).map(|i| copied.get(i).copied().unwrap_or(0.0));
    a.device().tensor_from_vec(values.collect(), (Const, Const))
}

#[test]
#[should_panic(expected = "is wrong for a 3×4 and a 4×2 matrix of N(0, 1) samples, seed 1")]
fn matmul_by_broadcast_rejects_the_lessons_product() {
    checks::matmul_by_broadcast(
        the_lessons_product,
        the_lessons_product,
        the_lessons_product,
        the_lessons_product,
        the_lessons_product,
    );
}

/// `mean` where the product needs `sum`: the average of the K products, K times too small. It
/// is right only when K = 1, as in an outer product.
fn mean_over_k<const M: usize, const K: usize, const N: usize>(
    a: Tensor<Rank2<M, K>, f32, AutoDevice>,
    b: Tensor<Rank2<K, N>, f32, AutoDevice>,
) -> Tensor<Rank2<M, N>, f32, AutoDevice> {
    let a = a.broadcast::<Rank3<M, K, N>, Axis<2>>();
    let b = b.broadcast::<Rank3<M, K, N>, Axis<0>>();
    (a * b).mean::<Rank2<M, N>, Axis<1>>()
}

#[test]
#[should_panic(expected = "is wrong for the lesson's [[1, 2], [3, 4]] and [[5, 6], [7, 8]]")]
fn matmul_by_broadcast_rejects_a_mean_over_k() {
    checks::matmul_by_broadcast(
        mean_over_k,
        mean_over_k,
        mean_over_k,
        mean_over_k,
        mean_over_k,
    );
}
