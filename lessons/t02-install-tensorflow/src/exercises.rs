//! Exercises for t02. Check them with `cargo xtask verify t02`; stuck, ask for a hint with
//! `cargo xtask hint t02`. Reference solutions: `answers/t02-install-tensorflow.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::{CaretRequirement, Version};
use dfdx::prelude::*;

/// Exercise `caret_matches`: whether Cargo lets `version` satisfy the caret requirement
/// `requirement`, as in `dfdx = "0.13"` (which is `^0.13`).
///
/// A caret requirement admits every version from the one written (missing parts count as 0) up
/// to, not including, the next version that changes its left-most non-zero part: `^1.2.3`
/// admits `1.2.3` up to `2.0.0`, `^0.13` admits `0.13.0` up to `0.14.0`. Mind `0.0.x`, and
/// requirements written with fewer parts (`^0.0`, `^0`). The check compares your answer with
/// the `semver` crate, the one Cargo itself uses, on thousands of pairs.
pub fn caret_matches(
    #[allow(unused_variables)] requirement: CaretRequirement,
    #[allow(unused_variables)] version: Version,
) -> bool {
    // TODO: work out the lowest admitted version and the first version no longer admitted,
    // then test whether `version` lies between them (`Version` compares with `<` and `<=`).
    todo!("return whether version satisfies requirement")
}

/// Exercise `matmul_by_broadcast`: the matrix product `a · b`, computed without `matmul`.
///
/// dfdx's `matmul` hands the work to the `gemm` crate when the `cpu` feature is on, and to a
/// plain triple loop when it is off; both compute `c[i][j] = Σ_k a[i][k] · b[k][j]`. Write that
/// sum with tensor ops: stretch both matrices to `M × K × N`, multiply, and sum over `K`.
pub fn matmul_by_broadcast<const M: usize, const K: usize, const N: usize>(
    #[allow(unused_variables)] a: Tensor<Rank2<M, K>, f32, AutoDevice>,
    #[allow(unused_variables)] b: Tensor<Rank2<K, N>, f32, AutoDevice>,
) -> Tensor<Rank2<M, N>, f32, AutoDevice> {
    // TODO: broadcast `a` and `b` to `Rank3<M, K, N>` (each along the axis it lacks), multiply
    // them element by element, and reduce the product to `Rank2<M, N>` by summing over `K`.
    todo!("return a · b without calling matmul")
}
