//! Reference solutions for t10's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::ShapeError;
use dfdx::prelude::*;

/// Exercise `batch_from_rows`: a batch that arrives from outside the program as a `Vec` of rows,
/// returned as a tensor whose shape the compiler knows, `B` rows of `F` values, or an error.
pub fn batch_from_rows<const B: usize, const F: usize>(
    dev: &AutoDevice,
    rows: &[Vec<f32>],
) -> Result<Tensor<Rank2<B, F>, f32, AutoDevice>, ShapeError> {
    // Every row first: joining ragged rows would shift values between rows without any error
    // whenever the total happens to be right.
    if let Some((index, row)) = rows.iter().enumerate().find(|(_, row)| row.len() != F) {
        return Err(ShapeError::Row {
            index,
            expected: F,
            got: row.len(),
        });
    }
    // Now exactly rows.len() × F values: the row count is a run-time value, the width is not.
    let batch: Tensor<(usize, Const<F>), f32, _> =
        dev.tensor_from_vec(rows.concat(), (rows.len(), Const));
    // Only the number of rows is left to check; `realize` would panic where this returns Err.
    batch
        .try_realize::<Rank2<B, F>>()
        .map_err(|unchanged| ShapeError::Matrix {
            expected: [B, F],
            got: unchanged.shape().concrete(),
        })
}

/// Exercise `checked_matmul`: the matrix product `a · b` of two matrices whose shapes are known
/// only at run time, or `Err(ShapeError::MatMul { left, right })`.
pub fn checked_matmul(
    a: Tensor<(usize, usize), f32, AutoDevice>,
    b: Tensor<(usize, usize), f32, AutoDevice>,
) -> Result<Tensor<(usize, usize), f32, AutoDevice>, ShapeError> {
    let left = a.shape().concrete();
    let right = b.shape().concrete();
    // The inner sizes must agree: a's columns against b's rows. The outer ones may be anything.
    if left[1] != right[0] {
        return Err(ShapeError::MatMul { left, right });
    }
    Ok(a.matmul(b))
}
