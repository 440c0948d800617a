//! Exercises for t10. Check them with `cargo xtask verify t10`; stuck, ask for a hint with
//! `cargo xtask hint t10`. Reference solutions: `answers/t10-static-vs-dynamic.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::ShapeError;
use dfdx::prelude::*;

/// Exercise `batch_from_rows`: a batch that arrives from outside the program as a `Vec` of rows,
/// returned as a tensor whose shape the compiler knows, `B` rows of `F` values, or an error.
///
/// - The first row whose length is not `F` gives `Err(ShapeError::Row { index, expected: F,
///   got })`, whatever the number of rows.
/// - Otherwise, a number of rows other than `B` gives `Err(ShapeError::Matrix { expected:
///   [B, F], got: [rows.len(), F] })`.
/// - Otherwise the rows, in order, as a `B`×`F` tensor on `dev`.
///
/// It must never panic: the rows come from a file or a network, and a bad one is an error to
/// report, not a bug.
pub fn batch_from_rows<const B: usize, const F: usize>(
    #[allow(unused_variables)] dev: &AutoDevice,
    #[allow(unused_variables)] rows: &[Vec<f32>],
) -> Result<Tensor<Rank2<B, F>, f32, AutoDevice>, ShapeError> {
    // TODO: check each row's length, build a tensor whose row count is a run-time value, then
    // turn it into a `Rank2<B, F>` tensor, or into the right `ShapeError`.
    todo!("return the rows as a B×F tensor, or a ShapeError")
}

/// Exercise `checked_matmul`: the matrix product `a · b` of two matrices whose shapes are known
/// only at run time, or `Err(ShapeError::MatMul { left, right })` (the two shapes, as `[rows,
/// columns]`) when `a`'s number of columns differs from `b`'s number of rows.
///
/// dfdx's own `matmul` (and `try_matmul`) panics on such a pair: this function must not.
pub fn checked_matmul(
    #[allow(unused_variables)] a: Tensor<(usize, usize), f32, AutoDevice>,
    #[allow(unused_variables)] b: Tensor<(usize, usize), f32, AutoDevice>,
) -> Result<Tensor<(usize, usize), f32, AutoDevice>, ShapeError> {
    // TODO: compare the sizes that must agree before calling `matmul`.
    todo!("return Ok(a · b), or a ShapeError naming both shapes")
}
