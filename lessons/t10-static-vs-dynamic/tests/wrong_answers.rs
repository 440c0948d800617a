//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use t10_static_vs_dynamic::ShapeError;

type Batch<const B: usize, const F: usize> =
    Result<Tensor<Rank2<B, F>, f32, AutoDevice>, ShapeError>;

/// The values 0, 1, 2, ... of the first check, whatever the rows.
fn counting_up<const B: usize, const F: usize>(
    dev: &AutoDevice,
    _rows: &[Vec<f32>],
) -> Batch<B, F> {
    let values = (0..B * F).map(|i| i as f32).collect();
    Ok(dev.tensor_from_vec(values, (Const, Const)))
}

#[test]
#[should_panic(expected = "`batch_from_rows` is wrong for 2 rows of 3 values drawn with seed 10")]
fn batch_from_rows_rejects_a_fixed_batch() {
    checks::batch_from_rows(counting_up, counting_up, counting_up);
}

/// Joins the rows and counts only the values: ragged rows with the right total slip through.
fn joined_without_looking_at_rows<const B: usize, const F: usize>(
    dev: &AutoDevice,
    rows: &[Vec<f32>],
) -> Batch<B, F> {
    let values = rows.concat();
    let count = values.len();
    dev.try_tensor_from_vec(values, (Const, Const))
        .map_err(|_| ShapeError::Matrix {
            expected: [B, F],
            got: [count / F.max(1), F],
        })
}

#[test]
#[should_panic(expected = "`batch_from_rows` is wrong for 3 rows of 4, 3 and 5 values (12 in all)")]
fn batch_from_rows_rejects_counting_values_instead_of_rows() {
    checks::batch_from_rows(
        joined_without_looking_at_rows,
        joined_without_looking_at_rows,
        joined_without_looking_at_rows,
    );
}

/// Checks the first row's length only, and trusts the others.
fn first_row_only<const B: usize, const F: usize>(
    dev: &AutoDevice,
    rows: &[Vec<f32>],
) -> Batch<B, F> {
    let width = rows.first().map_or(F, Vec::len);
    if width != F {
        return Err(ShapeError::Row {
            index: 0,
            expected: F,
            got: width,
        });
    }
    let values = rows.concat();
    let count = values.len();
    match dev.try_tensor_from_vec(values, (rows.len(), Const::<F>)) {
        Ok(batch) => batch.try_realize().map_err(|_| ShapeError::Matrix {
            expected: [B, F],
            got: [rows.len(), F],
        }),
        Err(_) => Err(ShapeError::Matrix {
            expected: [B, F],
            got: [count / F.max(1), F],
        }),
    }
}

#[test]
#[should_panic(expected = "`batch_from_rows` is wrong for 3 rows of 4, 3 and 5 values (12 in all)")]
fn batch_from_rows_rejects_checking_the_first_row_only() {
    checks::batch_from_rows(first_row_only, first_row_only, first_row_only);
}

/// Right, except that `realize` panics where `try_realize` would return the error.
fn realized<const B: usize, const F: usize>(dev: &AutoDevice, rows: &[Vec<f32>]) -> Batch<B, F> {
    if let Some((index, row)) = rows.iter().enumerate().find(|(_, row)| row.len() != F) {
        return Err(ShapeError::Row {
            index,
            expected: F,
            got: row.len(),
        });
    }
    let batch = dev.tensor_from_vec(rows.concat(), (rows.len(), Const::<F>));
    Ok(batch.realize())
}

#[test]
#[should_panic(expected = "`batch_from_rows` panicked when given 4 rows of 4 values")]
fn batch_from_rows_rejects_realize_that_panics() {
    checks::batch_from_rows(realized, realized, realized);
}

type Matrix = Tensor<(usize, usize), f32, AutoDevice>;

/// The error of the lesson's mistake, whatever the input.
fn always_refused(a: Matrix, b: Matrix) -> Result<Matrix, ShapeError> {
    let _ = (a, b);
    Err(ShapeError::MatMul {
        left: [3, 4],
        right: [3, 4],
    })
}

#[test]
#[should_panic(expected = "`checked_matmul` is wrong for the lesson's 3×4 x times its 4×2 w")]
fn checked_matmul_rejects_a_fixed_error() {
    checks::checked_matmul(always_refused);
}

/// Trusts dfdx, whose `try_matmul` panics on the mismatch instead of returning `Err`.
fn trusting_try_matmul(a: Matrix, b: Matrix) -> Result<Matrix, ShapeError> {
    let (left, right) = (a.shape().concrete(), b.shape().concrete());
    a.try_matmul(b)
        .map_err(|_| ShapeError::MatMul { left, right })
}

#[test]
#[should_panic(expected = "`checked_matmul` panicked when given a 3×4 matrix times a 3×4 one")]
fn checked_matmul_rejects_trusting_try_matmul() {
    checks::checked_matmul(trusting_try_matmul);
}

/// Accepts the pair when either order could be multiplied, as if a · b were b · a.
fn either_order(a: Matrix, b: Matrix) -> Result<Matrix, ShapeError> {
    let (left, right) = (a.shape().concrete(), b.shape().concrete());
    if left[1] != right[0] && left[0] != right[1] {
        return Err(ShapeError::MatMul { left, right });
    }
    Ok(a.matmul(b))
}

#[test]
#[should_panic(expected = "`checked_matmul` panicked when given a 5×1 matrix times a 2×5 one")]
fn checked_matmul_rejects_accepting_either_order() {
    checks::checked_matmul(either_order);
}
