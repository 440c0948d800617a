//! Answers that look right on the lesson's own data but are wrong, and literals copied from the
//! lesson's output and figures: the checks must reject every one, each for the reason named.
//! (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use t16_activations::{swish, values_and_derivatives, Activation, Line};

/// The lesson's Swish row for β = 1, copied from its table, whatever the input.
fn printed_swish_row(_x: Line, _beta: f32) -> (Vec<f32>, Vec<f32>) {
    (
        vec![-0.2384, -0.1888, 0.0, 0.3112, 1.7616],
        vec![-0.0908, 0.26, 0.5, 0.74, 1.0908],
    )
}

#[test]
#[should_panic(expected = "`swish_beta` is wrong for the lesson's points")]
fn swish_beta_rejects_the_printed_row() {
    checks::swish_beta(printed_swish_row);
}

/// The mean of the outputs before `backward`, in place of their sum: every derivative comes out
/// divided by the number of points.
fn mean_before_backward(x: Line, beta: f32) -> (Vec<f32>, Vec<f32>) {
    let t = x.leaky_trace();
    let y = t.with_empty_tape() * (t * beta).sigmoid();
    let values = y.as_vec();
    let grads = y.mean::<Rank0, _>().backward();
    (values, grads.get(&x).as_vec())
}

#[test]
#[should_panic(expected = "with β = 1:\n  expected the derivatives df/dx[0]")]
fn swish_beta_rejects_the_mean_before_backward() {
    checks::swish_beta(mean_before_backward);
}

/// The lesson's `swish` applied to β·x: β·x · sigmoid(β·x), right only for β = 1.
fn swish_of_beta_x(x: Line, beta: f32) -> (Vec<f32>, Vec<f32>) {
    let y = swish(x.leaky_trace() * beta);
    let values = y.as_vec();
    let grads = y.sum::<Rank0, _>().backward();
    (values, grads.get(&x).as_vec())
}

#[test]
#[should_panic(
    expected = "is wrong for 101 points on [-8, 8] with β = 1.702:\n  expected the values"
)]
fn swish_beta_rejects_swish_of_beta_x() {
    checks::swish_beta(swish_of_beta_x);
}

/// The peak read off the derivative figure, whatever the grid.
fn read_off_the_figure(_xs: Line) -> (f32, f32) {
    let on_the_figure = values_and_derivatives(
        Activation::Gelu,
        &t16_activations::line(&AutoDevice::default(), &[1.5]),
    );
    (1.5, on_the_figure.1[0])
}

#[test]
#[should_panic(expected = "`gelu_slope_peak` is wrong for 2001 points on [-5, 5]")]
fn gelu_slope_peak_rejects_the_figures_peak() {
    checks::gelu_slope_peak(read_off_the_figure);
}

/// dfdx's `accurate_gelu` in place of `fast_gelu`: its backward pass is wrong in dfdx 0.13, and
/// the peak it reports is too high and too far left.
fn accurate_gelu_peak(xs: Line) -> (f32, f32) {
    let (_, slopes) = values_and_derivatives(Activation::AccurateGelu, &xs);
    xs.as_vec()
        .into_iter()
        .zip(slopes)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
}

#[test]
#[should_panic(expected = "`gelu_slope_peak` is wrong for the figures' 33 points")]
fn gelu_slope_peak_rejects_accurate_gelu() {
    checks::gelu_slope_peak(accurate_gelu_peak);
}

/// A search for the largest slope that starts from a slope of 0 at x = 0: right wherever some
/// slope is positive.
fn search_from_zero(xs: Line) -> (f32, f32) {
    let (_, slopes) = values_and_derivatives(Activation::Gelu, &xs);
    let mut best = (0.0, 0.0);
    for (x, slope) in xs.as_vec().into_iter().zip(slopes) {
        if slope > best.1 {
            best = (x, slope);
        }
    }
    best
}

#[test]
#[should_panic(expected = "where GELU slopes downward everywhere:\n  expected the x")]
fn gelu_slope_peak_rejects_a_search_from_zero() {
    checks::gelu_slope_peak(search_from_zero);
}
