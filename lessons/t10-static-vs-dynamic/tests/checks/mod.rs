//! What t10's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Each exercise is called on several inputs the lesson never prints: good batches of several
//! shapes with values drawn from a seeded generator, ragged rows whose total length is right,
//! too many and too few rows, and products whose outer sizes agree while the inner ones do not.
//! A generic exercise is passed once per shape it is checked with. Expected values are worked out
//! here, on plain Rust values, independently of dfdx.

use dfdx::prelude::*;
use kit::check::Case;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use t10_static_vs_dynamic::ShapeError;

/// A solution of `batch_from_rows` for batches of `B` rows of `F` values.
pub trait BatchFromRows<const B: usize, const F: usize>:
    Fn(&AutoDevice, &[Vec<f32>]) -> Result<Tensor<Rank2<B, F>, f32, AutoDevice>, ShapeError>
{
}

impl<const B: usize, const F: usize, T> BatchFromRows<B, F> for T where
    T: Fn(&AutoDevice, &[Vec<f32>]) -> Result<Tensor<Rank2<B, F>, f32, AutoDevice>, ShapeError>
{
}

/// What `batch_from_rows` must return for `rows`, worked out on the rows themselves: the values
/// row after row, or the error.
fn expected_batch<const B: usize, const F: usize>(
    rows: &[Vec<f32>],
) -> Result<Vec<f32>, ShapeError> {
    for (index, row) in rows.iter().enumerate() {
        if row.len() != F {
            return Err(ShapeError::Row {
                index,
                expected: F,
                got: row.len(),
            });
        }
    }
    if rows.len() != B {
        return Err(ShapeError::Matrix {
            expected: [B, F],
            got: [rows.len(), F],
        });
    }
    Ok(rows.iter().flatten().copied().collect())
}

/// Checks a solution of `batch_from_rows::<B, F>` on `rows`, described by `input`.
fn batch_case<const B: usize, const F: usize>(
    solution: &impl BatchFromRows<B, F>,
    input: &str,
    rows: Vec<Vec<f32>>,
) {
    let dev = AutoDevice::default();
    let case = Case::new("batch_from_rows", input);
    let got = case.run(|| solution(&dev, &rows));
    let got = got.map(|tensor| tensor.as_vec());
    case.expect_eq("the result", got.clone(), expected_batch::<B, F>(&rows));
    match got {
        Ok(values) => case.show(format!("Ok, {B}×{F}: {values:?}")),
        Err(err) => case.show(format!("Err: {err}")),
    }
}

/// `n` rows of `width` values drawn from `rng` in [-1, 1).
fn random_rows(rng: &mut StdRng, n: usize, width: usize) -> Vec<Vec<f32>> {
    (0..n)
        .map(|_| (0..width).map(|_| rng.gen_range(-1.0..1.0)).collect())
        .collect()
}

/// Rows of consecutive numbers from 0, with the given lengths.
fn counting_rows(lengths: &[usize]) -> Vec<Vec<f32>> {
    let mut next = 0.0;
    lengths
        .iter()
        .map(|&len| {
            (0..len)
                .map(|_| {
                    next += 1.0;
                    next - 1.0
                })
                .collect()
        })
        .collect()
}

/// Checks a solution of `batch_from_rows`, for batches of 3×4, 2×3 and 1×1.
pub fn batch_from_rows(
    on_3x4: impl BatchFromRows<3, 4>,
    on_2x3: impl BatchFromRows<2, 3>,
    on_1x1: impl BatchFromRows<1, 1>,
) {
    batch_case(
        &on_3x4,
        "3 rows of 4 values, 0 to 11, as 3×4",
        counting_rows(&[4, 4, 4]),
    );
    let mut rng = StdRng::seed_from_u64(10);
    batch_case(
        &on_2x3,
        "2 rows of 3 values drawn with seed 10, as 2×3",
        random_rows(&mut rng, 2, 3),
    );
    batch_case(&on_1x1, "one row holding 7.5, as 1×1", vec![vec![7.5]]);
    batch_case(
        &on_3x4,
        "3 rows of 4, 3 and 5 values (12 in all), as 3×4",
        counting_rows(&[4, 3, 5]),
    );
    batch_case(
        &on_3x4,
        "3 rows of 4, 4 and 3 values, as 3×4",
        counting_rows(&[4, 4, 3]),
    );
    batch_case(
        &on_2x3,
        "3 rows of 2 values (6 in all), as 2×3",
        counting_rows(&[2, 2, 2]),
    );
    batch_case(
        &on_3x4,
        "4 rows of 4 values, as 3×4",
        random_rows(&mut rng, 4, 4),
    );
    batch_case(
        &on_3x4,
        "2 rows of 4 values, as 3×4",
        counting_rows(&[4, 4]),
    );
    batch_case(&on_3x4, "no rows at all, as 3×4", Vec::new());
    batch_case(&on_1x1, "one empty row, as 1×1", vec![Vec::new()]);
}

/// A run-time-shaped matrix, as `checked_matmul` takes it.
type Matrix = Tensor<(usize, usize), f32, AutoDevice>;

/// Checks a solution of `checked_matmul` on an `m`×`k` matrix of `left` values times a
/// `k2`×`n` matrix of `right` values, described by `input`.
fn matmul_case(
    solution: &impl Fn(Matrix, Matrix) -> Result<Matrix, ShapeError>,
    input: &str,
    (m, k, left): (usize, usize, Vec<f32>),
    (k2, n, right): (usize, usize, Vec<f32>),
) {
    // The product on the host, in f64, or the error naming both shapes.
    let expected = if k == k2 {
        let product: Vec<f32> = (0..m * n)
            .map(|i| {
                let (row, column) = (i / n, i % n);
                let sum: f64 = (0..k)
                    .map(|j| f64::from(left[row * k + j]) * f64::from(right[j * n + column]))
                    .sum();
                sum as f32
            })
            .collect();
        Ok(([m, n], product))
    } else {
        Err(ShapeError::MatMul {
            left: [m, k],
            right: [k2, n],
        })
    };
    let dev = AutoDevice::default();
    let case = Case::new("checked_matmul", input);
    let got = case.run(|| {
        solution(
            dev.tensor_from_vec(left, (m, k)),
            dev.tensor_from_vec(right, (k2, n)),
        )
    });
    let got = got.map(|t| (t.shape().concrete(), t.as_vec()));
    let shape_of = |r: &Result<([usize; 2], Vec<f32>), ShapeError>| {
        r.as_ref().map(|(s, _)| *s).map_err(|e| *e)
    };
    case.expect_eq("the result's shape", shape_of(&got), shape_of(&expected));
    if let (Ok((_, got)), Ok((_, expected))) = (&got, &expected) {
        case.expect_all_close("the product", got, expected, 1e-5);
    }
    match got {
        Ok(([rows, columns], values)) => case.show(format!("Ok, {rows}×{columns}: {values:?}")),
        Err(err) => case.show(format!("Err: {err}")),
    }
}

/// `len` values drawn from `rng` in [-2, 2).
fn random_values(rng: &mut StdRng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.gen_range(-2.0..2.0)).collect()
}

/// Checks a solution of `checked_matmul`.
pub fn checked_matmul(solution: impl Fn(Matrix, Matrix) -> Result<Matrix, ShapeError>) {
    let x: Vec<f32> = (0..12).map(|i| i as f32).collect();
    let w = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
    matmul_case(
        &solution,
        "the lesson's 3×4 x times its 4×2 w",
        (3, 4, x.clone()),
        (4, 2, w),
    );
    matmul_case(
        &solution,
        "a 3×4 matrix times a 3×4 one",
        (3, 4, x.clone()),
        (3, 4, x),
    );
    let mut rng = StdRng::seed_from_u64(10);
    let (left, right) = (random_values(&mut rng, 6), random_values(&mut rng, 15));
    matmul_case(
        &solution,
        "a 2×3 matrix times a 3×5 one, values drawn with seed 10",
        (2, 3, left),
        (3, 5, right),
    );
    matmul_case(
        &solution,
        "[[3]] times [[-2]]",
        (1, 1, vec![3.0]),
        (1, 1, vec![-2.0]),
    );
    let (left, right) = (random_values(&mut rng, 5), random_values(&mut rng, 10));
    matmul_case(
        &solution,
        "a 5×1 matrix times a 2×5 one (b · a would work, a · b does not)",
        (5, 1, left),
        (2, 5, right),
    );
    let (left, right) = (random_values(&mut rng, 12), random_values(&mut rng, 12));
    matmul_case(
        &solution,
        "a 4×3 matrix times a 4×3 one",
        (4, 3, left),
        (4, 3, right),
    );
    let (left, right) = (random_values(&mut rng, 4), random_values(&mut rng, 4));
    matmul_case(
        &solution,
        "a 1×4 matrix times a 4×1 one (a dot product)",
        (1, 4, left),
        (4, 1, right),
    );
}
