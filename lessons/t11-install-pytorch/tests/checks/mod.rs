//! What t11's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Each exercise gets the lesson's own input and inputs the lesson never prints: other lengths,
//! negative values, seeded random data, and matrices that are not square or do not commute. The
//! expected values are computed here, on the host in `f64`, without dfdx.

use dfdx::prelude::*;
use kit::check::Case;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// `len` values drawn uniformly from [-1, 1) with `seed`.
fn uniform(seed: u64, len: usize) -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..len).map(|_| rng.gen_range(-1.0..1.0)).collect()
}

/// The sum of `values`, in `f64` on the host.
fn host_sum(values: &[f32]) -> f32 {
    values.iter().map(|&v| f64::from(v)).sum::<f64>() as f32
}

/// The product of the row-major `n × k` matrix `a` and `k × m` matrix `b`, in `f64` on the host.
fn host_matmul(a: &[f32], b: &[f32], n: usize, k: usize, m: usize) -> Vec<f32> {
    let mut product = vec![0.0; n * m];
    for row in 0..n {
        for col in 0..m {
            let dot: f64 = (0..k)
                .map(|i| f64::from(a[row * k + i]) * f64::from(b[i * m + col]))
                .sum();
            product[row * m + col] = dot as f32;
        }
    }
    product
}

/// Checks a solution of `sum_on_device`.
pub fn sum_on_device(solution: impl Fn(&AutoDevice, &[f32]) -> f32) {
    let dev = AutoDevice::default();
    let counting: Vec<f32> = (1..=1000).map(|i| i as f32).collect();
    let inputs: [(&str, Vec<f32>, f32); 4] = [
        ("the lesson's [1, 2, 3]", vec![1.0, 2.0, 3.0], 1e-6),
        ("a single value, [-2.5]", vec![-2.5], 1e-6),
        ("1, 2, …, 1000", counting, 1e-3),
        (
            "10,000 values drawn from U(-1, 1) with seed 11",
            uniform(11, 10_000),
            1e-3,
        ),
    ];
    for (input, values, tolerance) in inputs {
        let case = Case::new("sum_on_device", input);
        let expected = host_sum(&values);
        let sum = case.run(|| solution(&dev, &values));
        case.expect_close("the sum", sum, expected, tolerance);
        case.show(format!("sum = {sum}"));
    }
}

/// One matrix-product input: its description, `a` (n × k) and `b` (k × m), row after row.
struct Product {
    input: &'static str,
    a: Vec<f32>,
    b: Vec<f32>,
    n: usize,
    k: usize,
    m: usize,
}

/// Checks a solution of `matmul_on_device`.
pub fn matmul_on_device(
    solution: impl Fn(&AutoDevice, &[f32], &[f32], usize, usize, usize) -> Vec<f32>,
) {
    let dev = AutoDevice::default();
    let identity = vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
    let products = [
        Product {
            input: "[[1, 2, 3], [4, 5, 6], [7, 8, 9]] times the 3 × 3 identity",
            a: (1..=9).map(|i| i as f32).collect(),
            b: identity,
            n: 3,
            k: 3,
            m: 3,
        },
        Product {
            input: "[[1, 2], [3, 4]] times [[0, 1], [1, 0]] (a · b ≠ b · a)",
            a: vec![1.0, 2.0, 3.0, 4.0],
            b: vec![0.0, 1.0, 1.0, 0.0],
            n: 2,
            k: 2,
            m: 2,
        },
        Product {
            input: "a 2 × 3 matrix of 1..6 times a 3 × 4 matrix of -5..6",
            a: (1..=6).map(|i| i as f32).collect(),
            b: (-5..=6).map(|i| i as f32).collect(),
            n: 2,
            k: 3,
            m: 4,
        },
        Product {
            input: "a 1 × 5 row times a 5 × 1 column (a dot product)",
            a: vec![1.0, -2.0, 3.0, -4.0, 5.0],
            b: vec![0.5, 0.25, -1.0, 2.0, 1.0],
            n: 1,
            k: 5,
            m: 1,
        },
        Product {
            input: "a 17 × 33 times a 33 × 9 matrix, U(-1, 1) with seeds 3 and 4",
            a: uniform(3, 17 * 33),
            b: uniform(4, 33 * 9),
            n: 17,
            k: 33,
            m: 9,
        },
    ];
    for Product {
        input,
        a,
        b,
        n,
        k,
        m,
    } in products
    {
        let case = Case::new("matmul_on_device", input);
        let expected = host_matmul(&a, &b, n, k, m);
        let product = case.run(|| solution(&dev, &a, &b, n, k, m));
        case.expect_all_close("the product", &product, &expected, 1e-4);
        case.show(format!(
            "{n} × {m} product, first row {:?}",
            &product[..m.min(4)]
        ));
    }
}
