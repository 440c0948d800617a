//! Reference solutions for t02's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{CaretRequirement, Version};
use dfdx::prelude::*;

/// Exercise `caret_matches`: whether Cargo lets `version` satisfy the caret requirement
/// `requirement`, as in `dfdx = "0.13"` (which is `^0.13`).
pub fn caret_matches(requirement: CaretRequirement, version: Version) -> bool {
    let CaretRequirement {
        major,
        minor,
        patch,
    } = requirement;
    // The version written, with the parts left out read as 0.
    let lowest = Version::new(major, minor.unwrap_or(0), patch.unwrap_or(0));
    // The first version that changes the left-most non-zero part written, or the last part
    // written when every part is 0. The order of the arms matters: `0.0.x` before `0.x`.
    let first_excluded = match (major, minor, patch) {
        (0, Some(0), Some(patch)) => Version::new(0, 0, patch + 1), // ^0.0.3: only 0.0.3
        (0, Some(minor), _) => Version::new(0, minor + 1, 0),       // ^0.13, ^0.0: up to 0.14, 0.1
        (0, None, _) => Version::new(1, 0, 0),                      // ^0: any 0.x.y
        (major, _, _) => Version::new(major + 1, 0, 0),             // ^1.2.3: up to 2.0.0
    };
    lowest <= version && version < first_excluded
}

/// Exercise `matmul_by_broadcast`: the matrix product `a · b`, computed without `matmul`.
pub fn matmul_by_broadcast<const M: usize, const K: usize, const N: usize>(
    a: Tensor<Rank2<M, K>, f32, AutoDevice>,
    b: Tensor<Rank2<K, N>, f32, AutoDevice>,
) -> Tensor<Rank2<M, N>, f32, AutoDevice> {
    // a[i][k] copied along a new last axis j, b[k][j] along a new first axis i.
    let a = a.broadcast::<Rank3<M, K, N>, Axis<2>>();
    let b = b.broadcast::<Rank3<M, K, N>, Axis<0>>();
    // (a * b)[i][k][j] = a[i][k] · b[k][j]; summing over k leaves c[i][j].
    (a * b).sum::<Rank2<M, N>, Axis<1>>()
}
