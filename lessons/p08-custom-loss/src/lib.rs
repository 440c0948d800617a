//! # p08 · A custom loss function
//!
//! **Question.** Write a custom loss function in PyTorch.
//!
//! **Answer.** A loss is a function from the model's output and the target to one number, built
//! from tensor operations, so that the tape recorded by the forward pass runs through it and
//! `backward()` can differentiate it. In dfdx it is an ordinary generic Rust function, [`mse`]:
//! generic over the shape `S`, so that one definition serves every shape, and over the tape `T`,
//! which it hands on from the prediction to the result. The lesson checks it against dfdx's
//! built-in `mse_loss` on four shapes and seeds, value and gradient, to 1e-6. As a type, the
//! loss is a struct implementing a small trait of the lesson's own, [`Loss`] (dfdx 0.13 has no
//! loss trait: its losses are functions), which can carry parameters, as [`Huber`] carries its
//! `delta`, and lets training code take any loss. Trained with it, a line fitted to 64 points
//! ends on the exact least-squares line computed in f64; six outliers among the points pull
//! that line far from the truth, and Huber's loss much less. A custom loss is worth writing when
//! the built-in ones cannot say what matters: robustness to outliers (dfdx has Huber), weights
//! per class or per example, or a loss dfdx lacks, such as log-cosh.
//!
//! Run it with `cargo xtask run p08`.

use dfdx::optim::{Momentum, Sgd};
use dfdx::prelude::*;
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/p08-custom-loss.rs")]
pub mod exercises;

// ANCHOR: function
/// The mean squared error between a prediction and a target of any shape `S`: the mean over
/// every element of (prediction − target)². PyTorch's `nn.MSELoss()` with its default
/// `reduction="mean"`.
///
/// The prediction carries the tape `T` of the forward pass that made it (`OwnedTape` in
/// training, `NoneTape` in evaluation); each operation passes the tape on, so the loss carries
/// it too and `loss.backward()` reaches the weights. The target carries none.
pub fn mse<S: Shape, D: Device<f32>, T: Tape<f32, D>>(
    prediction: Tensor<S, f32, D, T>,
    target: Tensor<S, f32, D>,
) -> Tensor<Rank0, f32, D, T> {
    let error = prediction - target;
    error.square().mean()
}
// ANCHOR_END: function

// ANCHOR: trait
/// A loss as a type: PyTorch's `nn.Module` subclass with a `forward(input, target)`, or Keras'
/// `keras.losses.Loss` subclass with a `call(y_true, y_pred)`. dfdx 0.13 has no such trait (its
/// losses are functions), so the lesson declares this one.
///
/// `S` is the shape of the prediction and the target: an implementation for every shape (as
/// [`MeanSquaredError`]'s) works anywhere, one for `Rank2<B, C>` only on a batch of `C` classes.
pub trait Loss<S: Shape> {
    /// The loss of `prediction` against `target`, carrying the prediction's tape.
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        prediction: Tensor<S, f32, AutoDevice, T>,
        target: Tensor<S, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T>;
}

/// The hand-written [`mse`] as a type: PyTorch's `nn.MSELoss()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeanSquaredError;

impl<S: Shape> Loss<S> for MeanSquaredError {
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        prediction: Tensor<S, f32, AutoDevice, T>,
        target: Tensor<S, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        mse(prediction, target)
    }
}

/// Huber's loss, a type with a parameter: squared error for errors smaller than `delta`, and
/// growing only linearly beyond, so that a few large errors weigh less. PyTorch's
/// `nn.HuberLoss(delta=...)`; the computation is dfdx's built-in `huber_loss`.
#[derive(Debug, Clone, Copy)]
pub struct Huber {
    /// Where the loss turns from squared to linear.
    pub delta: f32,
}

impl<S: Shape> Loss<S> for Huber {
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        prediction: Tensor<S, f32, AutoDevice, T>,
        target: Tensor<S, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        huber_loss(prediction, target, self.delta)
    }
}
// ANCHOR_END: trait

/// The hand-written loss and dfdx's on one prediction and target.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The shape, as the table prints it.
    pub shape: String,
    /// [`mse`]'s value.
    pub mine: f32,
    /// dfdx's `mse_loss` value.
    pub built_in: f32,
    /// The largest difference between the two gradients with respect to the prediction.
    pub gradient_difference: f32,
}

/// The tolerance of the comparison: relative for the value (1e-6 × the loss, or 1e-6 below
/// a loss of 1), absolute for each element of the gradient.
pub const TOLERANCE: f32 = 1e-6;

impl Comparison {
    /// Whether the values and every gradient element agree within [`TOLERANCE`].
    pub fn agrees(&self) -> bool {
        (self.mine - self.built_in).abs() <= TOLERANCE * self.built_in.abs().max(1.0)
            && self.gradient_difference <= TOLERANCE
    }
}

// ANCHOR: compare
/// Computes [`mse`] and dfdx's `mse_loss` on the same prediction and target, each with a tape
/// of its own, and the gradients of both with respect to the prediction.
pub fn compare<S: Shape>(
    prediction: Tensor<S, f32, AutoDevice>,
    target: Tensor<S, f32, AutoDevice>,
) -> Comparison {
    // `leaky_trace` starts a tape whose gradients keep the prediction's own entry, so that
    // `grads.get(&prediction)` can read d loss / d prediction after `backward()`.
    let mine = mse(prediction.leaky_trace(), target.clone());
    let built_in = mse_loss(prediction.leaky_trace(), target);
    let (mine_value, built_in_value) = (mine.array(), built_in.array());
    let mine_grad = mine.backward().get(&prediction).as_vec();
    let built_in_grad = built_in.backward().get(&prediction).as_vec();
    let gradient_difference = (mine_grad.iter().zip(&built_in_grad))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    Comparison {
        shape: format!("{:?}", prediction.shape().concrete()),
        mine: mine_value,
        built_in: built_in_value,
        gradient_difference,
    }
}
// ANCHOR_END: compare

/// The four comparisons the lesson prints: three shapes fixed at compile time and one whose
/// number of rows is chosen at run time, each drawn from N(0, 1) with its own seed.
pub fn comparisons() -> Vec<Comparison> {
    let draw = |seed| AutoDevice::seed_from_u64(seed);
    let dev = draw(1);
    let a: Tensor<Rank1<5>, f32, _> = dev.sample_normal();
    let dev = draw(2);
    let b: Tensor<Rank2<8, 3>, f32, _> = dev.sample_normal();
    let dev = draw(3);
    let c: Tensor<Rank3<2, 3, 4>, f32, _> = dev.sample_normal();
    let dev = draw(4);
    let rows = 7; // known only at run time: the shape is (usize, Const<3>)
    let d = dev.sample_normal_like(&(rows, Const::<3>));
    vec![
        compare(a.clone(), dev.sample_normal_like(a.shape())),
        compare(b.clone() * 3.0, dev.sample_normal_like(b.shape())),
        compare(c.clone(), dev.sample_normal_like(c.shape()) + 2.0),
        compare(d.clone(), dev.sample_normal_like(d.shape())),
    ]
}

/// Points on the line.
pub const POINTS: usize = 64;
/// The line the points are drawn around: `y = SLOPE·x + INTERCEPT`.
pub const SLOPE: f32 = 2.0;
/// See [`SLOPE`].
pub const INTERCEPT: f32 = 0.5;
/// The standard deviation of the noise added to every point.
pub const NOISE: f32 = 0.1;
/// How far below the line each outlier reads.
pub const OUTLIER_DROP: f32 = 6.0;
/// Seeds the noise and the line's initial weights.
pub const SEED: u64 = 0;
/// Steps of gradient descent on all the points at once.
pub const STEPS: usize = 200;

/// The points of the regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// x, evenly spaced from -1 to 1.
    pub x: [[f32; 1]; POINTS],
    /// y: the line, noise, and the outliers' drop.
    pub y: [[f32; 1]; POINTS],
    /// The indices of the outliers.
    pub outliers: Vec<usize>,
}

/// 64 points of `y = 2x + 0.5` plus N(0, 0.1²) noise; every fourth from index 40 on (x ≈ 0.27
/// to 0.90) reads [`OUTLIER_DROP`] too low, as a faulty sensor might.
pub fn points() -> Points {
    let dev = AutoDevice::seed_from_u64(SEED);
    let noise: Tensor<Rank1<POINTS>, f32, _> = dev.sample_normal();
    let noise = noise.array();
    let outliers: Vec<usize> = (40..POINTS).step_by(4).collect();
    let x: [[f32; 1]; POINTS] =
        std::array::from_fn(|i| [-1.0 + 2.0 * i as f32 / (POINTS - 1) as f32]);
    let y = std::array::from_fn(|i| {
        let drop = if outliers.contains(&i) {
            OUTLIER_DROP
        } else {
            0.0
        };
        [SLOPE * x[i][0] + INTERCEPT + NOISE * noise[i] - drop]
    });
    Points { x, y, outliers }
}

/// A fitted line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// a in y = a·x + b.
    pub slope: f32,
    /// b in y = a·x + b.
    pub intercept: f32,
}

// ANCHOR: fit
/// Fits `y = a·x + b` to `points` by minimising `loss`: [`STEPS`] steps of SGD with momentum on
/// all the points at once, from the same initial line whatever the loss. Any type that
/// implements [`Loss`] for the batch's shape can be passed.
pub fn fit_line<L: Loss<Rank2<POINTS, 1>>>(loss: &L, points: &Points) -> Line {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut line = dev.build_module::<Linear<1, 1>, f32>(); // y = w·x + b: one weight, one bias
    let mut sgd = Sgd::new(
        &line,
        SgdConfig {
            lr: 0.1,
            momentum: Some(Momentum::Classic(0.9)),
            weight_decay: None,
        },
    );
    let (x, y) = (dev.tensor(points.x), dev.tensor(points.y));
    let mut grads = line.alloc_grads();
    for _ in 0..STEPS {
        let prediction = line.forward_mut(x.clone().traced(grads));
        let value = loss.loss(prediction, y.clone()); // the only line that names the loss
        grads = value.backward();
        sgd.update(&mut line, &grads)
            .expect("the weight and the bias take part in the loss");
        line.zero_grads(&mut grads);
    }
    Line {
        slope: line.weight.array()[0][0],
        intercept: line.bias.array()[0],
    }
}
// ANCHOR_END: fit

/// The line that minimises the mean squared error on `points`, in closed form and in f64:
/// slope = cov(x, y) / var(x), intercept = mean(y) − slope · mean(x).
pub fn least_squares(points: &Points) -> Line {
    let n = POINTS as f64;
    let x: Vec<f64> = points.x.iter().map(|p| f64::from(p[0])).collect();
    let y: Vec<f64> = points.y.iter().map(|p| f64::from(p[0])).collect();
    let (mean_x, mean_y) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let covariance: f64 = x
        .iter()
        .zip(&y)
        .map(|(a, b)| (a - mean_x) * (b - mean_y))
        .sum();
    let variance: f64 = x.iter().map(|a| (a - mean_x).powi(2)).sum();
    let slope = covariance / variance;
    Line {
        slope: slope as f32,
        intercept: (mean_y - slope * mean_x) as f32,
    }
}

/// Prints the lesson: the hand-written loss checked, then used to train.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "p08 · A custom loss function")?;
    writeln!(out)?;
    write_comparisons(out)?;
    write_fits(out)
}

/// The comparison with dfdx's `mse_loss`.
fn write_comparisons(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "mse(prediction, target), written by hand, against dfdx's mse_loss on the same tensors:"
    )?;
    writeln!(
        out,
        "  shape            mse   mse_loss   difference   largest difference   within {TOLERANCE:e}"
    )?;
    writeln!(
        out,
        "                                     of values    of the gradients"
    )?;
    let all = comparisons();
    for c in &all {
        writeln!(
            out,
            "  {:<10} {:>8.5}  {:>8.5}      {:>7.1e}              {:>7.1e}   {}",
            c.shape,
            c.mine,
            c.built_in,
            (c.mine - c.built_in).abs(),
            c.gradient_difference,
            if c.agrees() { "yes" } else { "NO" }
        )?;
    }
    writeln!(
        out,
        "  ([7, 3] has its 7 rows chosen at run time: the shape (usize, Const<3>) goes through"
    )?;
    writeln!(out, "  the same generic function.)")?;
    writeln!(out)
}

/// The three lines fitted, the exact one, and the truth.
fn write_fits(out: &mut dyn Write) -> io::Result<()> {
    let points = points();
    writeln!(
        out,
        "Fitting y = a·x + b to {POINTS} points of y = {SLOPE}x + {INTERCEPT} + N(0, {NOISE}²) noise, x from -1 to 1,"
    )?;
    writeln!(
        out,
        "of which {} (every 4th from x = {:.2}) read {OUTLIER_DROP} too low: {STEPS} steps of SGD, lr 0.1,",
        points.outliers.len(),
        points.x[points.outliers[0]][0]
    )?;
    writeln!(
        out,
        "momentum 0.9, from the same initial line for each loss."
    )?;
    writeln!(
        out,
        "                                      slope a   intercept b"
    )?;
    let mse_line = fit_line(&MeanSquaredError, &points);
    let exact = least_squares(&points);
    let huber = Huber { delta: 1.0 };
    let huber_line = fit_line(&huber, &points);
    let rows = [
        (format!("{MeanSquaredError:?}"), mse_line),
        ("least squares, in f64".to_string(), exact),
        (format!("{huber:?}"), huber_line),
        (
            "the truth".to_string(),
            Line {
                slope: SLOPE,
                intercept: INTERCEPT,
            },
        ),
    ];
    for (name, line) in &rows {
        writeln!(
            out,
            "  {name:<34} {:>8.4}  {:>8.4}",
            line.slope, line.intercept
        )?;
    }
    let gap = (mse_line.slope - exact.slope)
        .abs()
        .max((mse_line.intercept - exact.intercept).abs());
    if gap < 5e-5 {
        writeln!(
            out,
            "MeanSquaredError's line is the least-squares line to 4 decimals: trained with the"
        )?;
        writeln!(out, "hand-written loss, SGD finds that loss's minimum.")?;
    } else {
        writeln!(
            out,
            "MeanSquaredError's line is {gap:.1e} away from the least-squares line: not converged."
        )?;
    }
    let off = |line: &Line| (line.slope - SLOPE).abs() + (line.intercept - INTERCEPT).abs();
    writeln!(
        out,
        "Off the truth (|Δa| + |Δb|): {:.3} for the squared error, {:.3} for Huber's. Huber's gradient",
        off(&mse_line),
        off(&huber_line)
    )?;
    writeln!(
        out,
        "stops growing at an error of delta = {}: an outlier {OUTLIER_DROP} off pulls on the line no harder than",
        huber.delta
    )?;
    writeln!(
        out,
        "a point {} off, where the squared error lets it pull {OUTLIER_DROP} times as hard.",
        huber.delta
    )
}
