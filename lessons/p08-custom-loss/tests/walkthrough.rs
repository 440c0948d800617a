//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use dfdx::prelude::*;
use p08_custom_loss::{
    compare, comparisons, fit_line, least_squares, points, Huber, Line, Loss, MeanSquaredError,
    INTERCEPT, SLOPE,
};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(p08_custom_loss::walkthrough));
}

/// The hand-written loss on numbers worked out by hand: errors 1, 2, 3 give (1 + 4 + 9) / 3, and
/// the gradient 2·error / 3.
#[test]
fn mse_of_a_small_example() {
    let dev = AutoDevice::default();
    let c = compare(dev.tensor([1.0, 2.0, 3.0]), dev.tensor([0.0; 3]));
    assert!((c.mine - 14.0 / 3.0).abs() < 1e-6, "{c:?}");
    assert!(c.agrees(), "{c:?}");
    let x = dev.tensor([1.0f32, 2.0, 3.0]);
    let grad = p08_custom_loss::mse(x.leaky_trace(), dev.zeros())
        .backward()
        .get(&x)
        .array();
    for (g, e) in grad.iter().zip([1.0f32, 2.0, 3.0]) {
        assert!((g - 2.0 * e / 3.0).abs() < 1e-6, "{grad:?}");
    }
    assert!(comparisons().iter().all(|c| c.agrees()));
}

/// dfdx's own `mse_loss` as a type, to train with it too.
struct BuiltInMse;

impl<S: Shape> Loss<S> for BuiltInMse {
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        prediction: Tensor<S, f32, AutoDevice, T>,
        target: Tensor<S, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        mse_loss(prediction, target)
    }
}

/// The fits the lesson prints, checked against what each loss's minimum must satisfy.
#[test]
fn each_fit_reaches_its_losss_minimum() {
    let points = points();
    let mine = fit_line(&MeanSquaredError, &points);
    assert_eq!(
        mine,
        fit_line(&BuiltInMse, &points),
        "the same loss trains the same line"
    );
    let exact = least_squares(&points);
    assert!(
        (mine.slope - exact.slope).abs() < 1e-4,
        "{mine:?} vs {exact:?}"
    );
    assert!(
        (mine.intercept - exact.intercept).abs() < 1e-4,
        "{mine:?} vs {exact:?}"
    );

    // At Huber's minimum the clipped residuals balance: Σ ψ(r) = 0 and Σ ψ(r)·x = 0, where
    // ψ(r) = r clamped to [-delta, delta], computed here in f64.
    let huber = Huber { delta: 1.0 };
    let line = fit_line(&huber, &points);
    let psi: Vec<f64> = (points.x.iter().zip(&points.y))
        .map(|(x, y)| {
            let r = f64::from(line.slope) * f64::from(x[0]) + f64::from(line.intercept)
                - f64::from(y[0]);
            r.clamp(-f64::from(huber.delta), f64::from(huber.delta))
        })
        .collect();
    let n = psi.len() as f64;
    let along_b = psi.iter().sum::<f64>() / n;
    let along_a = psi
        .iter()
        .zip(&points.x)
        .map(|(p, x)| p * f64::from(x[0]))
        .sum::<f64>()
        / n;
    assert!(
        along_a.abs() < 1e-4 && along_b.abs() < 1e-4,
        "{along_a}, {along_b}"
    );

    // And Huber's line is the one the outliers pull less.
    let off = |l: &Line| (l.slope - SLOPE).abs() + (l.intercept - INTERCEPT).abs();
    assert!(off(&line) < 0.5 * off(&mine), "{line:?} vs {mine:?}");
}
