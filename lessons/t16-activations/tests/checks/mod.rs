//! What t16's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both exercises are called on the lesson's own points and on inputs the lesson never prints
//! (other slopes β, finer and wider grids, large inputs, an unsorted grid, a grid where GELU
//! slopes downward everywhere). Expected values are computed here in `f64` from the closed
//! forms, independently of dfdx.

use dfdx::prelude::*;
use kit::check::Case;
use t16_activations::{figure_points, line, points, Line, TABLE_POINTS};

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// x · sigmoid(βx) and its derivative sigmoid(βx) + βx · sigmoid(βx) · (1 - sigmoid(βx)).
fn host_swish_beta(x: f64, beta: f64) -> (f64, f64) {
    let s = sigmoid(beta * x);
    (x * s, s + beta * x * s * (1.0 - s))
}

/// The slope of GELU's tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), which
/// is what dfdx's `fast_gelu` computes.
fn host_gelu_slope(x: f64) -> f64 {
    let beta = (2.0 / std::f64::consts::PI).sqrt();
    let kappa = 0.044715;
    let t = (beta * (x + kappa * x.powi(3))).tanh();
    0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * beta * (1.0 + 3.0 * kappa * x * x)
}

/// Checks a solution of `swish_beta`.
pub fn swish_beta(solution: impl Fn(Line, f32) -> (Vec<f32>, Vec<f32>)) {
    let dev = AutoDevice::default();
    let cases = [
        (
            "the lesson's points -2, -0.5, 0, 0.5, 2 with β = 1",
            TABLE_POINTS.to_vec(),
            1.0,
        ),
        (
            "101 points on [-8, 8] with β = 1.702",
            points(-8.0, 8.0, 101),
            1.702,
        ),
        (
            "41 points on [-2, 2] with β = 0.5",
            points(-2.0, 2.0, 41),
            0.5,
        ),
        (
            "21 points on [-1, 1] with β = 10",
            points(-1.0, 1.0, 21),
            10.0,
        ),
        (
            "the large inputs -100, -30, 30, 100 with β = 1",
            vec![-100.0, -30.0, 30.0, 100.0],
            1.0,
        ),
    ];
    for (input, xs, beta) in cases {
        let case = Case::new("swish_beta", input);
        let (expected_values, expected_slopes): (Vec<f32>, Vec<f32>) = xs
            .iter()
            .map(|&x| {
                let (v, d) = host_swish_beta(f64::from(x), f64::from(beta));
                (v as f32, d as f32)
            })
            .unzip();
        let (values, slopes) = case.run(|| solution(line(&dev, &xs), beta));
        // 1e-5 of the largest |f(x)|, rounded up to a whole number (for a readable tolerance).
        let scale = expected_values
            .iter()
            .fold(1.0f32, |m, v| m.max(v.abs()))
            .ceil();
        let tolerance = (1e-5 * f64::from(scale)) as f32;
        case.expect_all_close("the values f(x)", &values, &expected_values, tolerance);
        case.expect_all_close("the derivatives df/dx", &slopes, &expected_slopes, 1e-4);

        // The derivatives must also agree with central differences of your own values.
        let steps: Vec<f32> = xs.iter().map(|x| 1e-3 * x.abs().max(1.0)).collect();
        let shifted = |sign: f32| -> Vec<f32> {
            let moved: Vec<f32> = xs.iter().zip(&steps).map(|(x, h)| x + sign * h).collect();
            case.run(|| solution(line(&dev, &moved), beta)).0
        };
        let (above, below) = (shifted(1.0), shifted(-1.0));
        let differences: Vec<f32> = (0..xs.len())
            .map(|i| {
                let (a, b) = (above.get(i), below.get(i));
                a.zip(b)
                    .map_or(f32::NAN, |(a, b)| (a - b) / (2.0 * steps[i]))
            })
            .collect();
        case.expect_all_close(
            "the derivatives df/dx, by the central differences of your values,",
            &slopes,
            &differences,
            5e-3,
        );
        let shown = |v: &[f32]| {
            let head: Vec<String> = v.iter().take(3).map(|x| format!("{x:.4}")).collect();
            format!(
                "[{}{}]",
                head.join(", "),
                if v.len() > 3 { ", …" } else { "" }
            )
        };
        case.show(format!(
            "f = {}, df/dx = {}",
            shown(&values),
            shown(&slopes)
        ));
    }
}

/// Checks a solution of `gelu_slope_peak`.
pub fn gelu_slope_peak(solution: impl Fn(Line) -> (f32, f32)) {
    let dev = AutoDevice::default();
    let cases = [
        ("the figures' 33 points on [-4, 4]", figure_points()),
        ("2001 points on [-5, 5]", points(-5.0, 5.0, 2001)),
        ("41 points on [-3, 1]", points(-3.0, 1.0, 41)),
        (
            "the unsorted points 3, -1, 2, 0.5, 1.5, -2",
            vec![3.0, -1.0, 2.0, 0.5, 1.5, -2.0],
        ),
        (
            "41 points on [-4, -2], where GELU slopes downward everywhere",
            points(-4.0, -2.0, 41),
        ),
    ];
    for (input, xs) in cases {
        let case = Case::new("gelu_slope_peak", input);
        let (expected_x, expected_slope) = xs
            .iter()
            .map(|&x| (x, host_gelu_slope(f64::from(x)) as f32))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("every grid has points");
        let (x, slope) = case.run(|| solution(line(&dev, &xs)));
        case.expect_close("the x of the steepest point", x, expected_x, 0.01);
        case.expect_close("the largest slope", slope, expected_slope, 1e-4);
        case.show(format!("steepest at x = {x:.3}, slope {slope:.4}"));
    }
}
