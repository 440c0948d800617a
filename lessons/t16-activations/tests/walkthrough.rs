//! The lesson's output and figures are what the book shows: any change to either fails a test.
//! The other tests assert what the table and the figures only show.

use dfdx::prelude::*;
use t16_activations::{
    central_differences, line, logits, points, softmax_jacobians, softmax_rows, straddles_kink,
    values_and_derivatives, walkthrough, Activation, Line,
};

#[test]
fn output_and_figures() {
    let (text, figures) = kit::capture_with_figures(walkthrough);
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
}

/// 1,201 points on [-6, 6], 0 among them: wider and finer than anything the lesson prints.
fn fine_line() -> (Vec<f32>, Line) {
    let xs = points(-6.0, 6.0, 1201);
    let x = line(&AutoDevice::default(), &xs);
    (xs, x)
}

#[test]
fn relus_slope_is_zero_or_one_everywhere_sampled() {
    let (_, x) = fine_line();
    let extremes = [0.0, -0.0, 1e-30, -1e-30, f32::MIN_POSITIVE, 1e30, -1e30];
    let x_extremes = line(&AutoDevice::default(), &extremes);
    for x in [x, x_extremes] {
        let (_, slopes) = values_and_derivatives(Activation::Relu, &x);
        for (at, slope) in x.as_vec().iter().zip(&slopes) {
            assert!(*slope == 0.0 || *slope == 1.0, "ReLU'({at}) = {slope}");
        }
    }
}

#[test]
fn the_kinks_follow_dfdxs_conventions() {
    let zero = line(&AutoDevice::default(), &[0.0]);
    assert_eq!(values_and_derivatives(Activation::Relu, &zero).1, [0.0]);
    assert_eq!(
        values_and_derivatives(Activation::LeakyRelu, &zero).1,
        [1.0]
    );
}

/// Autograd and central differences agree within 1e-3, with h = 0.01, at every point that is not
/// a kink, for every function the lesson draws. (Their gap is about 3e-5: h² terms and f32
/// rounding.)
#[test]
fn autograd_matches_central_differences() {
    let (xs, x) = fine_line();
    let h = 0.01;
    for f in Activation::DRAWN {
        let (_, autograd) = values_and_derivatives(f, &x);
        let differences = central_differences(f, &x, h);
        for i in 0..xs.len() {
            if straddles_kink(f, xs[i], h) {
                continue;
            }
            let gap = (autograd[i] - differences[i]).abs();
            assert!(
                gap <= 1e-3,
                "{}'({}): autograd {} but central difference {}",
                f.name(),
                xs[i],
                autograd[i],
                differences[i]
            );
        }
    }
}

#[test]
fn the_softmax_jacobian_matches_central_differences() {
    let dev = AutoDevice::default();
    let rows = [
        [2.0, 1.0, 0.1],
        [-3.0, 0.5, 4.0],
        [0.0, 0.0, 0.0],
        [10.0, -10.0, 1.0],
    ];
    let jacobians = softmax_jacobians(&logits(&dev, &rows));
    let h = 0.01;
    for (r, row) in rows.iter().enumerate() {
        for j in 0..3 {
            let (mut above, mut below) = (*row, *row);
            above[j] += h;
            below[j] -= h;
            let p = softmax_rows(&logits(&dev, &[above, below]));
            for i in 0..3 {
                let difference = (p[0][i] - p[1][i]) / (2.0 * h);
                let autograd = jacobians[i][r][j];
                assert!(
                    (autograd - difference).abs() <= 1e-3,
                    "∂p{i}/∂z{j} of {row:?}: autograd {autograd}, central difference {difference}"
                );
            }
        }
    }
}

#[test]
fn sigmoid_and_tanh_slopes_follow_from_their_values() {
    let (xs, x) = fine_line();
    let (s, ds) = values_and_derivatives(Activation::Sigmoid, &x);
    let (t, dt) = values_and_derivatives(Activation::Tanh, &x);
    for i in 0..xs.len() {
        let sigmoid_rule = s[i] * (1.0 - s[i]);
        let tanh_rule = 1.0 - t[i] * t[i];
        assert!((ds[i] - sigmoid_rule).abs() <= 1e-6, "sigmoid'({})", xs[i]);
        assert!((dt[i] - tanh_rule).abs() <= 1e-6, "tanh'({})", xs[i]);
    }
}

#[test]
fn swish_is_x_times_sigmoid_with_the_product_rule() {
    let (xs, x) = fine_line();
    let (s, _) = values_and_derivatives(Activation::Sigmoid, &x);
    let (f, df) = values_and_derivatives(Activation::Swish, &x);
    for i in 0..xs.len() {
        assert!((f[i] - xs[i] * s[i]).abs() <= 1e-6, "swish({})", xs[i]);
        let product_rule = s[i] * (1.0 + xs[i] * (1.0 - s[i]));
        assert!((df[i] - product_rule).abs() <= 1e-5, "swish'({})", xs[i]);
    }
}

#[test]
fn softmax_rows_sum_to_one_even_for_huge_logits() {
    let dev = AutoDevice::default();
    let rows = [
        [2.0, 1.0, 0.1],
        [1000.0, 0.0, -1000.0],
        [-100.0, -100.0, -100.0],
        [88.0, 89.0, 90.0],
        [0.0, 0.0, 0.0],
    ];
    let z = logits(&dev, &rows);
    for (row, p) in rows.iter().zip(softmax_rows(&z)) {
        let sum: f32 = p.iter().sum();
        assert!((sum - 1.0).abs() <= 1e-6, "softmax({row:?}) sums to {sum}");
        assert!(
            p.iter().all(|v| (0.0..=1.0).contains(v)),
            "softmax({row:?}) = {p:?}"
        );
    }
    // The Jacobian J[i][j] = ∂p_i/∂z_j sums to 0 along both directions: over i because the
    // probabilities sum to 1 whatever the logits, over j because adding one number to every
    // logit leaves the probabilities unchanged.
    let jacobians = softmax_jacobians(&z);
    for (r, row) in rows.iter().enumerate() {
        let j_of = |i: usize, j: usize| jacobians[i][r][j];
        for k in 0..3 {
            let over_i: f32 = (0..3).map(|i| j_of(i, k)).sum();
            let over_j: f32 = (0..3).map(|j| j_of(k, j)).sum();
            assert!(
                over_i.abs() <= 1e-6,
                "Σ_i ∂p_i/∂z_{k} of {row:?} = {over_i}"
            );
            assert!(
                over_j.abs() <= 1e-6,
                "Σ_j ∂p_{k}/∂z_j of {row:?} = {over_j}"
            );
        }
    }
}

/// dfdx 0.13's `accurate_gelu` computes GELU's value right and its derivative wrong: its
/// backward kernel uses 2/√π·e^(-x²/2) where the normal density is 1/√(2π)·e^(-x²/2), so the
/// term x·φ(x) comes out √2 times too large. If this test fails, dfdx has changed: the lesson's
/// text and its choice of `fast_gelu` need another look.
#[test]
fn accurate_gelus_derivative_is_wrong_in_dfdx_0_13() {
    let x = line(&AutoDevice::default(), &[1.0, 2.0]);
    let (values, autograd) = values_and_derivatives(Activation::AccurateGelu, &x);
    let differences = central_differences(Activation::AccurateGelu, &x, 0.01);
    // Φ(1) = 0.841345, φ(1) = 0.241971; Φ(2) = 0.977250, φ(2) = 0.053991.
    let exact = [0.841345 + 0.241971, 0.977250 + 2.0 * 0.053991];
    assert!((values[0] - 0.841345).abs() < 1e-5);
    for i in 0..2 {
        assert!((differences[i] - exact[i]).abs() < 1e-3);
        let as_dfdx_computes =
            exact[i] + (2f32.sqrt() - 1.0) * (exact[i] - [0.841345, 0.977250][i]);
        assert!(
            (autograd[i] - as_dfdx_computes).abs() < 1e-4,
            "accurate_gelu' = {} at x = {}: fixed?",
            autograd[i],
            i + 1
        );
    }
}
