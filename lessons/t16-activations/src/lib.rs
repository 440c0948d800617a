//! # t16 · Activation functions
//!
//! **Question.** What are the common activation functions?
//!
//! **Answer.** An activation function is the elementwise non-linearity between two linear layers;
//! without one, a stack of layers collapses into a single linear map. Seven cover most networks:
//! ReLU, max(0, x), the default for hidden layers; leaky ReLU, which keeps a small slope for
//! x < 0 so that a unit whose inputs are all negative still learns; sigmoid, which squashes to
//! (0, 1) for gates and yes/no outputs; tanh, which squashes to (-1, 1) and sits inside recurrent
//! cells; GELU, x·Φ(x), the smooth ReLU of transformers; Swish (SiLU), x·sigmoid(x), in
//! EfficientNet and in the feed-forward layers of recent language models; and softmax, which maps
//! a vector of scores to probabilities and belongs inside the loss of a classifier. dfdx 0.13 has
//! all of them but Swish, which takes two ops to write. The lesson computes each function's
//! values and its derivative by autograd (trace the input, sum, `backward`), checks the
//! derivatives against finite differences, and draws both; the check finds that dfdx's
//! `accurate_gelu` has a wrong backward pass, so the lesson uses `fast_gelu`.
//!
//! Run it with `cargo xtask run t16`.

use dfdx::prelude::*;
use kit::figures::Figures;
use kit::plot::{line_charts, LineChart, Series, CHART_SIZE};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t16-activations.rs")]
pub mod exercises;

/// Points on the real line, as many as the caller has: the inputs of a curve. The length is a
/// run-time `usize`, so one function serves five points and a thousand.
pub type Line = Tensor<(usize,), f32, AutoDevice>;

/// Rows of three logits each: the inputs of a 3-way softmax.
pub type Logits = Tensor<(usize, Const<3>), f32, AutoDevice>;

/// The slope of leaky ReLU for x < 0: dfdx's `LeakyReLU::default()` (PyTorch's default is 0.01,
/// Keras' `LeakyReLU` layer's 0.3).
pub const LEAKY_SLOPE: f32 = 0.05;

/// The points of the lesson's table.
pub const TABLE_POINTS: [f32; 5] = [-2.0, -0.5, 0.0, 0.5, 2.0];

/// The figures' curves run over [-FIGURE_RANGE, FIGURE_RANGE] ...
pub const FIGURE_RANGE: f32 = 4.0;
/// ... through this many points, 0.25 apart; every one carries a marker.
pub const FIGURE_POINTS: usize = 33;

/// The step of the central differences that check autograd: (f(x + h) - f(x - h)) / 2h.
pub const DIFFERENCE_STEP: f32 = 0.01;

/// The logits of the softmax table, and the temperatures they are divided by.
pub const SOFTMAX_LOGITS: [f32; 3] = [2.0, 1.0, 0.1];
/// See [`SOFTMAX_LOGITS`].
pub const TEMPERATURES: [f32; 4] = [0.5, 1.0, 2.0, 10.0];

// ANCHOR: activation
/// The elementwise activation functions of the lesson, each one dfdx call (Swish two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// max(0, x).
    Relu,
    /// x for x ≥ 0, [`LEAKY_SLOPE`]·x for x < 0.
    LeakyRelu,
    /// 1 / (1 + e^(-x)).
    Sigmoid,
    /// (e^x - e^(-x)) / (e^x + e^(-x)).
    Tanh,
    /// GELU by its tanh approximation: dfdx's `fast_gelu`, PyTorch's `approximate="tanh"`.
    Gelu,
    /// x · sigmoid(x), also called SiLU: [`swish`].
    Swish,
    /// GELU computed exactly, with erf: dfdx's `accurate_gelu`. Not drawn: its derivative is
    /// wrong in dfdx 0.13 (the lesson shows by how much).
    AccurateGelu,
}

impl Activation {
    /// The six the lesson tabulates and draws, in order.
    pub const DRAWN: [Activation; 6] = [
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Gelu,
        Activation::Swish,
    ];

    /// Applies the function to every element of `x`. The tape `T` comes along: on a traced
    /// input, each op records how to send a gradient back.
    pub fn apply<S: Shape, T: Tape<f32, AutoDevice>>(
        self,
        x: Tensor<S, f32, AutoDevice, T>,
    ) -> Tensor<S, f32, AutoDevice, T> {
        match self {
            Activation::Relu => x.relu(),
            Activation::LeakyRelu => x.prelu(LEAKY_SLOPE),
            Activation::Sigmoid => x.sigmoid(),
            Activation::Tanh => x.tanh(),
            Activation::Gelu => x.fast_gelu(),
            Activation::Swish => swish(x),
            Activation::AccurateGelu => x.accurate_gelu(),
        }
    }
    // ANCHOR_END: activation

    /// The name the lesson prints and the figures' legends show.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "leaky ReLU",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Gelu => "GELU",
            Activation::Swish => "Swish (SiLU)",
            Activation::AccurateGelu => "accurate_gelu",
        }
    }
}

// ANCHOR: swish
/// Swish, or SiLU: x · sigmoid(x). dfdx 0.13 has no op for it, so it is a product of two.
///
/// `x` is needed twice, but a traced tensor cannot be cloned: its tape holds the recorded
/// backward steps, which are not `Clone`. `with_empty_tape` copies `x` (the same data and the
/// same id) with an empty tape, and the product merges both tapes. Gradients are kept by id,
/// so the derivative collects both paths: sigmoid(x) from the first factor and
/// x · sigmoid'(x) through the second.
pub fn swish<S: Shape, T: Tape<f32, AutoDevice>>(
    x: Tensor<S, f32, AutoDevice, T>,
) -> Tensor<S, f32, AutoDevice, T> {
    x.with_empty_tape() * x.sigmoid()
}
// ANCHOR_END: swish

// ANCHOR: autograd
/// The values f(x) and the derivatives f'(x) at every point of `x`, the derivatives by autograd.
///
/// `leaky_trace` starts a tape on a copy of `x` that keeps every gradient, the input's
/// included. Each output depends on its own input only, so the gradient of the sum of the
/// outputs with respect to `x` holds f'(x) at every point: torch's
/// `y.sum().backward(); x.grad`.
pub fn values_and_derivatives(f: Activation, x: &Line) -> (Vec<f32>, Vec<f32>) {
    let y = f.apply(x.leaky_trace());
    let values = y.as_vec(); // read now: `backward` consumes `y`
    let grads = y.sum::<Rank0, _>().backward();
    (values, grads.get(x).as_vec())
}
// ANCHOR_END: autograd

// ANCHOR: differences
/// The central differences (f(x + h) - f(x - h)) / 2h at every point of `x`: derivatives
/// estimated from values alone, with no tape, to check autograd against. Their error is of
/// order h² for a smooth function; at a kink they give the mean of the two slopes.
pub fn central_differences(f: Activation, x: &Line, h: f32) -> Vec<f32> {
    let above = f.apply(x.clone() + h).as_vec();
    let below = f.apply(x.clone() - h).as_vec();
    above
        .iter()
        .zip(&below)
        .map(|(a, b)| (a - b) / (2.0 * h))
        .collect()
}
// ANCHOR_END: differences

// ANCHOR: softmax
/// The softmax of every row of `logits`: probabilities that are positive and sum to 1.
pub fn softmax_rows(logits: &Logits) -> Vec<[f32; 3]> {
    rows_of_three(&logits.clone().softmax::<Axis<1>>().as_vec())
}

/// The Jacobian of the softmax, by autograd, for every row of `logits`: entry `[i][row][j]` is
/// ∂p_i/∂z_j of that row. One backward pass per output i: select p_i in every row (torch's
/// `p[:, i]`), sum over the rows (which do not interact), and read the logits' gradient.
pub fn softmax_jacobians(logits: &Logits) -> [Vec<[f32; 3]>; 3] {
    let dev = logits.device().clone();
    let rows = logits.shape().0;
    [0, 1, 2].map(|i| {
        let p = logits.leaky_trace().softmax::<Axis<1>>();
        let p_i = p.select(dev.tensor_from_vec(vec![i; rows], (rows,)));
        let grads = p_i.sum::<Rank0, _>().backward();
        rows_of_three(&grads.get(logits).as_vec())
    })
}
// ANCHOR_END: softmax

/// A flat row-major buffer of rows of three, as arrays.
fn rows_of_three(flat: &[f32]) -> Vec<[f32; 3]> {
    flat.chunks_exact(3)
        .map(|row| [row[0], row[1], row[2]])
        .collect()
}

/// `count` evenly spaced points from `from` to `to`, both included.
pub fn points(from: f32, to: f32, count: usize) -> Vec<f32> {
    let (from, to) = (f64::from(from), f64::from(to));
    let last = (count.max(2) - 1) as f64;
    (0..count)
        .map(|i| (from + (to - from) * i as f64 / last) as f32)
        .collect()
}

/// A [`Line`] holding `values`.
pub fn line(dev: &AutoDevice, values: &[f32]) -> Line {
    dev.tensor_from_vec(values.to_vec(), (values.len(),))
}

/// [`Logits`] holding `rows`.
pub fn logits(dev: &AutoDevice, rows: &[[f32; 3]]) -> Logits {
    let flat: Vec<f32> = rows.iter().flatten().copied().collect();
    dev.tensor_from_vec(flat, (rows.len(), Const))
}

/// The points of the figures: [-4, 4] in steps of 0.25.
pub fn figure_points() -> Vec<f32> {
    points(-FIGURE_RANGE, FIGURE_RANGE, FIGURE_POINTS)
}

/// Whether the central difference at `x` straddles a kink of `f`, where it cannot match a
/// one-sided derivative: x = 0 for ReLU and leaky ReLU.
pub fn straddles_kink(f: Activation, x: f32, h: f32) -> bool {
    matches!(f, Activation::Relu | Activation::LeakyRelu) && x.abs() < h
}

/// The largest |autograd - central difference| of `f` over `x`, kinks left out.
pub fn largest_autograd_error(f: Activation, x: &Line, h: f32) -> f32 {
    let (_, autograd) = values_and_derivatives(f, x);
    let differences = central_differences(f, x, h);
    x.as_vec()
        .iter()
        .zip(autograd.iter().zip(&differences))
        .filter(|(&at, _)| !straddles_kink(f, at, h))
        .map(|(_, (a, d))| (a - d).abs())
        .fold(0.0, f32::max)
}

/// Prints the lesson and draws its figures: the functions and their slopes, checked against
/// finite differences; the two GELUs; the softmax with a temperature.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures) -> io::Result<()> {
    writeln!(out, "t16 · Activation functions")?;
    writeln!(out)?;
    let dev = AutoDevice::default();

    write_table(out, &dev)?;
    writeln!(out)?;
    write_autograd_check(out, &dev)?;
    writeln!(out)?;
    write_gelus(out, &dev)?;
    writeln!(out)?;
    write_softmax(out, &dev)?;

    let (values, slopes) = curve_figures(&dev);
    figures.add("values.svg", values)?;
    figures.add("derivatives.svg", slopes)?;
    figures.add("softmax.svg", softmax_figure(&dev))?;
    Ok(())
}

/// A number with four decimals, without the sign of a value that rounds to zero.
fn cell(value: f32) -> String {
    let value = if value.abs() < 5e-5 { 0.0 } else { value };
    format!("{value:>8.4}")
}

/// The values and the derivatives of every function at the table's points.
fn write_table(out: &mut dyn Write, dev: &AutoDevice) -> io::Result<()> {
    writeln!(
        out,
        "Values f(x) and slopes f'(x) from dfdx, f' by autograd (leaky_trace, sum, backward)"
    )?;
    writeln!(
        out,
        "leaky ReLU's slope for x < 0 is {LEAKY_SLOPE}; GELU is fast_gelu, the tanh approximation"
    )?;
    writeln!(out)?;
    write!(out, "{:<22}", "                  x =")?;
    for x in TABLE_POINTS {
        write!(out, "{:>8}", x)?;
    }
    writeln!(out)?;
    let x = line(dev, &TABLE_POINTS);
    let mut at_zero = Vec::new();
    for f in Activation::DRAWN {
        let (values, slopes) = values_and_derivatives(f, &x);
        for (name, row, numbers) in [(f.name(), "f(x) ", &values), ("", "f'(x)", &slopes)] {
            write!(out, "{name:<14}{row}   ")?;
            for &v in numbers.iter() {
                write!(out, "{}", cell(v))?;
            }
            writeln!(out)?;
        }
        let zero = TABLE_POINTS.iter().position(|&p| p == 0.0).unwrap_or(0);
        at_zero.push(slopes[zero]);
    }
    writeln!(out)?;
    writeln!(
        out,
        "At the kink x = 0 dfdx's autograd picks ReLU'(0) = {} and leaky ReLU'(0) = {}",
        at_zero[0], at_zero[1]
    )?;
    writeln!(
        out,
        "(PyTorch gives 0 and the slope: its backward passes test x > 0, dfdx's leaky ReLU x < 0)"
    )
}

/// Autograd against central differences, on the points the figures draw.
fn write_autograd_check(out: &mut dyn Write, dev: &AutoDevice) -> io::Result<()> {
    writeln!(
        out,
        "Autograd against central differences (f(x + h) - f(x - h)) / 2h, h = {DIFFERENCE_STEP},"
    )?;
    writeln!(
        out,
        "at the {FIGURE_POINTS} points of the figures (x = 0 left out for the two ReLUs, a kink)"
    )?;
    let x = line(dev, &figure_points());
    let all = Activation::DRAWN
        .into_iter()
        .chain([Activation::AccurateGelu]);
    for f in all {
        let error = largest_autograd_error(f, &x, DIFFERENCE_STEP);
        let verdict = if error < 1e-3 { "agree" } else { "DISAGREE" };
        writeln!(
            out,
            "  {:<14} largest |autograd - difference| = {error:.1e}   {verdict}",
            f.name()
        )?;
    }
    Ok(())
}

/// dfdx's two GELUs: how far apart their values are, and whose derivative is right.
fn write_gelus(out: &mut dyn Write, dev: &AutoDevice) -> io::Result<()> {
    writeln!(
        out,
        "dfdx's two GELUs: fast_gelu (tanh approximation, torch's approximate=\"tanh\")"
    )?;
    writeln!(
        out,
        "and accurate_gelu (x·Φ(x) with erf, the default of torch.nn.GELU)"
    )?;
    let fine = points(-FIGURE_RANGE, FIGURE_RANGE, 801);
    let x = line(dev, &fine);
    let fast = Activation::Gelu.apply(x.clone()).as_vec();
    let accurate = Activation::AccurateGelu.apply(x).as_vec();
    let (worst_x, gap) = fine
        .iter()
        .zip(fast.iter().zip(&accurate))
        .map(|(&x, (a, b))| (x, (a - b).abs()))
        .fold(
            (0.0, 0.0),
            |best, next| if next.1 > best.1 { next } else { best },
        );
    writeln!(
        out,
        "  values: they differ by at most {gap:.5} on [-4, 4] (at x = {worst_x:.2})"
    )?;
    let one = line(dev, &[1.0]);
    let (_, fast_slope) = values_and_derivatives(Activation::Gelu, &one);
    let (_, accurate_slope) = values_and_derivatives(Activation::AccurateGelu, &one);
    let accurate_difference = central_differences(Activation::AccurateGelu, &one, DIFFERENCE_STEP);
    writeln!(
        out,
        "  slopes at x = 1: fast_gelu {:.4} by autograd; accurate_gelu {:.4} by autograd",
        fast_slope[0], accurate_slope[0]
    )?;
    writeln!(
        out,
        "  but {:.4} by central difference; the exact slope, Φ(1) + φ(1), is 1.0833",
        accurate_difference[0]
    )?;
    writeln!(
        out,
        "  so this lesson uses fast_gelu: accurate_gelu's backward pass is wrong in dfdx 0.13"
    )
}

/// The softmax of three logits at several temperatures, and its Jacobian by autograd.
fn write_softmax(out: &mut dyn Write, dev: &AutoDevice) -> io::Result<()> {
    let [a, b, c] = SOFTMAX_LOGITS;
    writeln!(
        out,
        "Softmax of the logits z = [{a}, {b}, {c}] divided by a temperature T"
    )?;
    writeln!(out, "      T      p0      p1      p2     sum")?;
    let scaled: Vec<[f32; 3]> = TEMPERATURES
        .iter()
        .map(|t| SOFTMAX_LOGITS.map(|z| z / t))
        .collect();
    let probabilities = softmax_rows(&logits(dev, &scaled));
    for (t, p) in TEMPERATURES.iter().zip(&probabilities) {
        write!(out, "  {t:>5}")?;
        for v in p {
            write!(out, "{}", cell(*v))?;
        }
        writeln!(out, "{}", cell(p.iter().sum()))?;
    }
    writeln!(
        out,
        "Jacobian ∂p_i/∂z_j at T = 1, by autograd, one backward pass per row; each row sums to 0"
    )?;
    let jacobian = softmax_jacobians(&logits(dev, &[SOFTMAX_LOGITS]));
    for (i, rows) in jacobian.iter().enumerate() {
        write!(out, "  i = {i}  ")?;
        for v in rows[0] {
            write!(out, "{}", cell(v))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The two panels of a figure: the ReLU family on the left, the squashing functions on the
/// right.
const PANELS: [(&str, &[Activation]); 2] = [
    (
        "ReLU and its smooth relatives",
        &[
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Gelu,
            Activation::Swish,
        ],
    ),
    (
        "The squashing functions",
        &[Activation::Sigmoid, Activation::Tanh],
    ),
];

/// The figures of the values and of the derivatives: two panels each.
fn curve_figures(dev: &AutoDevice) -> (String, String) {
    let xs = figure_points();
    let x = line(dev, &xs);
    let mut value_charts = Vec::new();
    let mut slope_charts = Vec::new();
    for (title, members) in PANELS {
        let mut values = LineChart::new(title, "input x (unitless)", "f(x) (unitless)");
        let mut slopes = LineChart::new(
            &format!("{title}: slopes"),
            "input x (unitless)",
            "f'(x) by autograd (unitless)",
        );
        for &f in members {
            let (v, d) = values_and_derivatives(f, &x);
            values = values.with(Series::new(f.name(), xs.iter().copied().zip(v)));
            slopes = slopes.with(Series::new(f.name(), xs.iter().copied().zip(d)));
        }
        value_charts.push(values);
        slope_charts.push(slopes);
    }
    // Fixed ranges with round ends: the same axes in every panel of a kind, 0 and 1 in view.
    value_charts[0] = value_charts[0].clone().y_range(-0.5..4.2);
    value_charts[1] = value_charts[1].clone().y_range(-1.2..1.2);
    slope_charts[0] = slope_charts[0].clone().y_range(-0.2..1.2);
    slope_charts[1] = slope_charts[1].clone().y_range(-0.05..1.05);
    (
        line_charts(&value_charts, CHART_SIZE),
        line_charts(&slope_charts, CHART_SIZE),
    )
}

/// The softmax of [x, 1, 0] against x, and its derivatives by autograd.
fn softmax_figure(dev: &AutoDevice) -> String {
    let xs = figure_points();
    let rows: Vec<[f32; 3]> = xs.iter().map(|&x| [x, 1.0, 0.0]).collect();
    let z = logits(dev, &rows);
    let p = softmax_rows(&z);
    let jacobians = softmax_jacobians(&z);
    let x_label = "first logit x (unitless; the others are 1 and 0)";
    let mut probabilities = LineChart::new("softmax([x, 1, 0])", x_label, "probability (unitless)")
        .y_range(-0.05..1.25);
    let mut slopes = LineChart::new(
        "Their slopes, by autograd",
        x_label,
        "∂p_i/∂x (per unit of logit)",
    )
    .y_range(-0.2..0.3);
    for i in 0..3 {
        probabilities = probabilities.with(Series::new(
            format!("p{i}"),
            xs.iter().zip(&p).map(|(&x, row)| (x, row[i])),
        ));
        slopes = slopes.with(Series::new(
            format!("∂p{i}/∂x"),
            xs.iter().zip(&jacobians[i]).map(|(&x, row)| (x, row[0])),
        ));
    }
    line_charts(&[probabilities, slopes], CHART_SIZE)
}
