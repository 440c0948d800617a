//! What t02's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `caret_matches` is called on the chapter's examples and then on every pair of a grid of
//! requirements and versions the lesson never prints, and judged by the `semver` crate, which
//! Cargo itself uses to match versions. `matmul_by_broadcast` is called on the lesson's matrices
//! and on seeded random ones of other shapes, and judged by a product computed in `f64` here.

use dfdx::prelude::*;
use kit::check::Case;
use t02_install_tensorflow::{CaretRequirement, Version};

/// What the `semver` crate says: does `version` satisfy `requirement`?
fn semver_says(requirement: CaretRequirement, version: Version) -> bool {
    let requirement = semver::VersionReq::parse(&requirement.to_string())
        .expect("a caret requirement that semver reads");
    requirement.matches(&semver::Version::new(
        version.major,
        version.minor,
        version.patch,
    ))
}

/// The requirement `text`, such as `"0.13"`.
fn req(text: &str) -> CaretRequirement {
    CaretRequirement::parse(text).expect("a well-formed requirement")
}

/// The version `text`, such as `"0.13.0"`.
fn ver(text: &str) -> Version {
    Version::parse(text).expect("a well-formed version")
}

/// Every caret requirement with a major of 0 to 2 and, where written, a minor and a patch of 0
/// to 3: `^0`, `^0.0`, `^0.0.0`, …, `^2.3.3` (63 of them).
fn grid_requirements() -> Vec<CaretRequirement> {
    let mut requirements = Vec::new();
    for major in 0..=2 {
        requirements.push(CaretRequirement {
            major,
            minor: None,
            patch: None,
        });
        for minor in 0..=3 {
            requirements.push(CaretRequirement {
                major,
                minor: Some(minor),
                patch: None,
            });
            for patch in 0..=3 {
                requirements.push(CaretRequirement {
                    major,
                    minor: Some(minor),
                    patch: Some(patch),
                });
            }
        }
    }
    requirements
}

/// Every version with each part from 0 to 3 (64 of them).
fn grid_versions() -> Vec<Version> {
    let parts = 0..=3;
    let mut versions = Vec::new();
    for major in parts.clone() {
        for minor in parts.clone() {
            for patch in parts.clone() {
                versions.push(Version::new(major, minor, patch));
            }
        }
    }
    versions
}

/// Checks a solution of `caret_matches`.
pub fn caret_matches(solution: impl Fn(CaretRequirement, Version) -> bool) {
    // The chapter's examples first: each is a boundary of its kind of requirement.
    let examples = [
        ("0.13", "0.13.0"),
        ("0.13", "0.13.7"),
        ("0.13", "0.14.0"),
        ("0.13", "0.12.9"),
        ("1.2.3", "1.9.0"),
        ("1.2.3", "1.2.2"),
        ("1.2.3", "2.0.0"),
        ("0.0.3", "0.0.3"),
        ("0.0.3", "0.0.4"),
        ("0.0", "0.0.9"),
        ("0.0", "0.1.0"),
        ("0", "0.99.0"),
        ("0", "1.0.0"),
    ];
    for (requirement, version) in examples {
        let (requirement, version) = (req(requirement), ver(version));
        let input = format!("the requirement {requirement} and the version {version}");
        let case = Case::new("caret_matches", &input);
        let answer = case.run(|| solution(requirement, version));
        case.expect_eq(
            "whether it matches",
            answer,
            semver_says(requirement, version),
        );
        case.show(answer);
    }

    // Then every pair of the grid, judged by semver.
    let (requirements, versions) = (grid_requirements(), grid_versions());
    let pairs = requirements.len() * versions.len();
    for &requirement in &requirements {
        for &version in &versions {
            let input = format!(
                "the requirement {requirement} and the version {version} (one of {pairs} pairs \
                 judged by the semver crate)"
            );
            let case = Case::new("caret_matches", &input);
            let answer = case.run(|| solution(requirement, version));
            case.expect_eq(
                "whether it matches",
                answer,
                semver_says(requirement, version),
            );
        }
    }
    Case::new("caret_matches", "the grid of requirements and versions")
        .show(format!("agrees with the semver crate on all {pairs} pairs"));
}

/// An `M × N` matrix on the default device.
type Matrix<const M: usize, const N: usize> = Tensor<Rank2<M, N>, f32, AutoDevice>;

/// `a · b`, computed on the host in `f64` by the textbook triple loop.
fn host_product<const M: usize, const K: usize, const N: usize>(
    a: &Matrix<M, K>,
    b: &Matrix<K, N>,
) -> Vec<f32> {
    let (a, b) = (a.as_vec(), b.as_vec());
    let mut product = Vec::with_capacity(M * N);
    for i in 0..M {
        for j in 0..N {
            let sum: f64 = (0..K)
                .map(|k| f64::from(a[i * K + k]) * f64::from(b[k * N + j]))
                .sum();
            product.push(sum as f32);
        }
    }
    product
}

/// Checks a solution of `matmul_by_broadcast` on `a` and `b`.
fn product_case<const M: usize, const K: usize, const N: usize>(
    solution: impl Fn(Matrix<M, K>, Matrix<K, N>) -> Matrix<M, N>,
    input: &str,
    a: Matrix<M, K>,
    b: Matrix<K, N>,
) {
    let expected = host_product(&a, &b);
    let case = Case::new("matmul_by_broadcast", input);
    let product = case.run(|| solution(a, b)).as_vec();
    case.expect_all_close("the product", &product, &expected, 1e-4);
    case.show(format!("{M}×{N} product, first row {:?}", &product[..N]));
}

/// Checks a solution of `matmul_by_broadcast`, once per shape it is called with.
pub fn matmul_by_broadcast(
    on_2x2x2: impl Fn(Matrix<2, 2>, Matrix<2, 2>) -> Matrix<2, 2>,
    on_3x4x2: impl Fn(Matrix<3, 4>, Matrix<4, 2>) -> Matrix<3, 2>,
    on_1x5x1: impl Fn(Matrix<1, 5>, Matrix<5, 1>) -> Matrix<1, 1>,
    on_4x1x3: impl Fn(Matrix<4, 1>, Matrix<1, 3>) -> Matrix<4, 3>,
    on_6x16x5: impl Fn(Matrix<6, 16>, Matrix<16, 5>) -> Matrix<6, 5>,
) {
    let dev = AutoDevice::default();
    product_case(
        on_2x2x2,
        "the lesson's [[1, 2], [3, 4]] and [[5, 6], [7, 8]]",
        dev.tensor([[1.0, 2.0], [3.0, 4.0]]),
        dev.tensor([[5.0, 6.0], [7.0, 8.0]]),
    );
    let dev = AutoDevice::seed_from_u64(1);
    product_case(
        on_3x4x2,
        "a 3×4 and a 4×2 matrix of N(0, 1) samples, seed 1",
        dev.sample_normal(),
        dev.sample_normal(),
    );
    product_case(
        on_1x5x1,
        "a row [1, 2, 3, 4, 5] and a column [1, -1, 2, -2, 0.5] (a dot product)",
        dev.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]]),
        dev.tensor([[1.0], [-1.0], [2.0], [-2.0], [0.5]]),
    );
    product_case(
        on_4x1x3,
        "a column [1, 2, 3, 4] and a row [10, 20, 30] (an outer product)",
        dev.tensor([[1.0], [2.0], [3.0], [4.0]]),
        dev.tensor([[10.0, 20.0, 30.0]]),
    );
    let dev = AutoDevice::seed_from_u64(2);
    product_case(
        on_6x16x5,
        "a 6×16 and a 16×5 matrix of N(0, 1) samples, seed 2",
        dev.sample_normal(),
        dev.sample_normal(),
    );
}
