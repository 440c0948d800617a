//! What t13's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Each exercise is called on the lesson's own numbers and on inputs the lesson never prints
//! (seeded samples, columns far from 0, a square matrix, the shortest vector allowed), and its
//! answer is compared with values computed here in `f64` on the host from the same numbers.

use dfdx::prelude::*;
use kit::check::Case;
use t13_tensors::Traced;

/// A tensor of `f32` on the CPU with the compile-time shape `R × C`.
type Matrix<const R: usize, const C: usize> = Tensor<Rank2<R, C>, f32, Cpu>;

/// Each column of the row-major `R × C` matrix `x` standardised in `f64`: minus its mean,
/// divided by its standard deviation (dividing by `R`).
fn host_standardized(x: &[f32], r: usize, c: usize) -> Vec<f32> {
    let mut z = vec![0.0; r * c];
    for j in 0..c {
        let column: Vec<f64> = (0..r).map(|i| f64::from(x[i * c + j])).collect();
        let mean = column.iter().sum::<f64>() / r as f64;
        let variance = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / r as f64;
        for i in 0..r {
            z[i * c + j] = ((column[i] - mean) / variance.sqrt()) as f32;
        }
    }
    z
}

/// Runs one case of `standardize_columns` and compares every element with the host's.
fn standardize_case<const R: usize, const C: usize>(
    solution: impl Fn(Matrix<R, C>) -> Matrix<R, C>,
    input: &str,
    x: Matrix<R, C>,
) {
    let case = Case::new("standardize_columns", input);
    let expected = host_standardized(&x.as_vec(), R, C);
    let z = case.run(|| solution(x)).as_vec();
    case.expect_all_close("the result (row-major)", &z, &expected, 1e-3);
    let first_row: Vec<String> = z.iter().take(C.min(4)).map(|v| format!("{v:.3}")).collect();
    case.show(format!("first row starts [{}]", first_row.join(", ")));
}

/// Checks a solution of `standardize_columns`, on matrices of three shapes.
pub fn standardize_columns(
    on_2x3: impl Fn(Matrix<2, 3>) -> Matrix<2, 3>,
    on_3x3: impl Fn(Matrix<3, 3>) -> Matrix<3, 3>,
    on_200x4: impl Fn(Matrix<200, 4>) -> Matrix<200, 4>,
) {
    let dev = Cpu::default();
    standardize_case(
        &on_2x3,
        "the lesson's x, [[1, 2, 3], [4, 5, 6]]",
        t13_tensors::example(&dev),
    );
    standardize_case(
        &on_3x3,
        "the square matrix [[1, 0, 5], [2, 4, 5.5], [6, -2, 8]]",
        dev.tensor([[1.0, 0.0, 5.0], [2.0, 4.0, 5.5], [6.0, -2.0, 8.0]]),
    );
    let samples: Matrix<200, 4> = Cpu::seed_from_u64(3).sample_normal();
    let scale: Tensor<Rank1<4>, f32, Cpu> = dev.tensor([1.0, 10.0, 0.1, 2.0]);
    let offset: Tensor<Rank1<4>, f32, Cpu> = dev.tensor([1000.0, -50.0, 0.0, 3.0]);
    standardize_case(
        &on_200x4,
        "200 × 4 samples of N(0, 1) with seed 3, the columns times [1, 10, 0.1, 2] \
         plus [1000, -50, 0, 3]",
        samples * scale.broadcast() + offset.broadcast(),
    );
}

/// `Σ (x[i-1] - 2 x[i] + x[i+1])²` and its gradient, in `f64` on the host.
fn host_curvature(x: &[f32]) -> (f32, Vec<f32>) {
    let x: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let mut value = 0.0;
    let mut gradient = vec![0.0; x.len()];
    for i in 1..x.len() - 1 {
        let bend = x[i - 1] - 2.0 * x[i] + x[i + 1];
        value += bend * bend;
        gradient[i - 1] += 2.0 * bend;
        gradient[i] -= 4.0 * bend;
        gradient[i + 1] += 2.0 * bend;
    }
    (value as f32, gradient.iter().map(|&g| g as f32).collect())
}

/// Runs one case of `curvature`: the value, then the gradient that `backward` finds for `x`.
fn curvature_case<const N: usize>(
    solution: impl Fn(Traced<Rank1<N>>) -> Traced<Rank0>,
    input: &str,
    x: Tensor<Rank1<N>, f32, Cpu>,
) {
    let case = Case::new("curvature", input);
    let (expected_value, expected_gradient) = host_curvature(&x.as_vec());
    let loss = case.run(|| solution(x.leaky_trace()));
    let value = loss.array();
    // f32 rounding grows with the size of the numbers: allow a relative error of 1e-5.
    let scale = expected_value.abs().max(1.0);
    case.expect_close("the value", value, expected_value, 1e-5 * scale);
    let gradient = loss.backward().get(&x).as_vec();
    let largest = expected_gradient.iter().fold(1.0f32, |m, g| m.max(g.abs()));
    case.expect_all_close(
        "the gradient with respect to x",
        &gradient,
        &expected_gradient,
        1e-5 * largest,
    );
    let start: Vec<String> = gradient.iter().take(3).map(|g| format!("{g:.3}")).collect();
    case.show(format!(
        "value {value:.3}, gradient starts [{}]",
        start.join(", ")
    ));
}

/// Checks a solution of `curvature`, value and gradient, on vectors of 3, 6 and 50 elements.
pub fn curvature(
    on_3: impl Fn(Traced<Rank1<3>>) -> Traced<Rank0>,
    on_6: impl Fn(Traced<Rank1<6>>) -> Traced<Rank0>,
    on_50: impl Fn(Traced<Rank1<50>>) -> Traced<Rank0>,
) {
    let dev = Cpu::default();
    curvature_case(
        &on_6,
        "the lesson's x, [0, 1, 4, 9, 16, 25]",
        dev.tensor([0.0, 1.0, 4.0, 9.0, 16.0, 25.0]),
    );
    curvature_case(
        &on_6,
        "the straight line [3, 1, -1, -3, -5, -7], whose curvature is 0",
        dev.tensor([3.0, 1.0, -1.0, -3.0, -5.0, -7.0]),
    );
    curvature_case(
        &on_3,
        "the shortest vector, [1, 5, 2]",
        dev.tensor([1.0, 5.0, 2.0]),
    );
    curvature_case(
        &on_50,
        "50 samples of N(0, 1) with seed 5",
        Cpu::seed_from_u64(5).sample_normal(),
    );
}
