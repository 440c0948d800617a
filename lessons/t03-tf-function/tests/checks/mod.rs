//! What t03's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both exercises are generic, so each check takes the solution once per instance it calls:
//! different shapes (compile-time and run-time), element types and tapes. Expected values are
//! computed on the host, in `f64`, from the same numbers the solution is given.

use dfdx::prelude::*;
use kit::check::Case;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// `n` numbers drawn uniformly from [-1, 1) with `seed`.
fn uniform(seed: u64, n: usize) -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()
}

/// The largest `|a - b|`, computed on the host in the elements' own type.
fn host_max_abs_difference(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// Expects `got` within a relative `1e-6` of `expected` (exactly, when `expected` is 0).
fn expect_difference(case: &Case, got: f64, expected: f64) {
    let tolerance = 1e-6 * expected;
    case.expect(
        (got - expected).abs() <= tolerance,
        &format!("the largest |a - b| = {expected} ± {tolerance}, got {got}"),
    );
}

/// Checks a solution of `max_abs_difference`, once for each instance the exercise must cover.
pub fn max_abs_difference(
    on_rank0: impl Fn(Tensor<Rank0, f32, AutoDevice>, Tensor<Rank0, f32, AutoDevice>) -> f32,
    on_rank1: impl Fn(Tensor<Rank1<3>, f32, AutoDevice>, Tensor<Rank1<3>, f32, AutoDevice>) -> f32,
    on_rank2_f64: impl Fn(
        Tensor<Rank2<2, 3>, f64, AutoDevice>,
        Tensor<Rank2<2, 3>, f64, AutoDevice>,
    ) -> f64,
    on_run_time: impl Fn(Tensor<(usize,), f32, AutoDevice>, Tensor<(usize,), f32, AutoDevice>) -> f32,
) {
    let dev = AutoDevice::default();

    // The lesson's situation: two computations that agree exactly.
    let case = Case::new("max_abs_difference", "[1, 2, 3] and [1, 2, 3] (f32)");
    let got = case.run(|| on_rank1(dev.tensor([1.0, 2.0, 3.0]), dev.tensor([1.0, 2.0, 3.0])));
    expect_difference(&case, got.into(), 0.0);
    case.show(got);

    // The largest distance is where `a` is below `b`.
    let case = Case::new("max_abs_difference", "[1, 2, 3] and [4, 2, 2.5] (f32)");
    let got = case.run(|| on_rank1(dev.tensor([1.0, 2.0, 3.0]), dev.tensor([4.0, 2.0, 2.5])));
    expect_difference(&case, got.into(), 3.0);
    case.show(got);

    let case = Case::new("max_abs_difference", "the scalars 2.5 and -1 (f32, Rank0)");
    let got = case.run(|| on_rank0(dev.tensor(2.5), dev.tensor(-1.0)));
    expect_difference(&case, got.into(), 3.5);
    case.show(got);

    // A difference that f32 could not even represent next to 1.
    let a = [[1.0, -2.0, 3.0], [0.5, 0.25, 1.0]];
    let b = [[1.0, -2.0, 3.0], [0.5, 0.25, 1.0 + 3e-12]];
    let case = Case::new(
        "max_abs_difference",
        "2×3 f64 matrices that differ by 3e-12 in one element",
    );
    let got = case.run(|| on_rank2_f64(dev.tensor(a), dev.tensor(b)));
    let expected = host_max_abs_difference(&a.concat(), &b.concat());
    expect_difference(&case, got, expected);
    case.show(got);

    let a = uniform(3, 1000);
    let b: Vec<f32> = a
        .iter()
        .zip(uniform(4, 1000))
        .map(|(x, noise)| x + 0.01 * noise)
        .collect();
    let case = Case::new(
        "max_abs_difference",
        "1,000 values with a run-time length and their copies plus noise up to 0.01, seed 3",
    );
    let got = case.run(|| {
        on_run_time(
            dev.tensor_from_vec(a.clone(), (a.len(),)),
            dev.tensor_from_vec(b.clone(), (b.len(),)),
        )
    });
    let expected = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    // About ten f32 steps at 0.01: room for a solution that rounds differently.
    case.expect_close("the largest |a - b|", got, expected, 1e-8);
    case.show(got);
}

/// Shorthand for the exercise's tensors.
type Weight = Tensor<Rank2<3, 4>, f32, AutoDevice>;
type Bias = Tensor<Rank1<3>, f32, AutoDevice>;
type Input<B, T = NoneTape> = Tensor<(B, Const<4>), f32, AutoDevice, T>;
type Output<B, T = NoneTape> = Tensor<(B, Const<3>), f32, AutoDevice, T>;
type Traced = OwnedTape<f32, AutoDevice>;

/// One input of `dense_relu`: a batch of rows of 4, the weight (3 × 4) and the bias (3).
struct Layer {
    x: Vec<f32>,
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl Layer {
    fn drawn(seed: u64, rows: usize) -> Self {
        Layer {
            x: uniform(seed, 4 * rows),
            weight: uniform(seed + 100, 12),
            // Small, so that about half the outputs pass the ReLU.
            bias: uniform(seed + 200, 3).iter().map(|b| 0.1 * b).collect(),
        }
    }

    fn rows(&self) -> usize {
        self.x.len() / 4
    }

    fn parameters(&self, dev: &AutoDevice) -> (Weight, Bias) {
        (
            dev.tensor_from_vec(self.weight.clone(), (Const, Const)),
            dev.tensor_from_vec(self.bias.clone(), (Const,)),
        )
    }

    /// The layer's pre-activations `x · weightᵀ + bias`, in f64, row by row.
    fn pre_activations(&self) -> Vec<f64> {
        let mut pre = Vec::with_capacity(3 * self.rows());
        for row in self.x.chunks(4) {
            for (out, weights) in self.weight.chunks(4).enumerate() {
                let dot: f64 = row
                    .iter()
                    .zip(weights)
                    .map(|(&x, &w)| f64::from(x) * f64::from(w))
                    .sum();
                pre.push(dot + f64::from(self.bias[out]));
            }
        }
        pre
    }

    /// What `dense_relu` must return, as f32.
    fn expected_output(&self) -> Vec<f32> {
        self.pre_activations()
            .iter()
            .map(|&p| p.max(0.0) as f32)
            .collect()
    }

    /// The gradients of `loss = Σ coefficient · output` with respect to x, the weight and the bias.
    fn expected_gradients(&self, coefficients: &[f32]) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
        // d loss / d pre-activation: the coefficient where ReLU let the value through, else 0.
        let upstream: Vec<f64> = self
            .pre_activations()
            .iter()
            .zip(coefficients)
            .map(|(&p, &c)| if p > 0.0 { f64::from(c) } else { 0.0 })
            .collect();
        let mut dx = vec![0.0f64; self.x.len()];
        let mut dw = vec![0.0f64; 12];
        let mut db = vec![0.0f64; 3];
        for (r, row) in self.x.chunks(4).enumerate() {
            for out in 0..3 {
                let g = upstream[3 * r + out];
                db[out] += g;
                for k in 0..4 {
                    dx[4 * r + k] += g * f64::from(self.weight[4 * out + k]);
                    dw[4 * out + k] += g * f64::from(row[k]);
                }
            }
        }
        let narrow = |v: Vec<f64>| v.into_iter().map(|g| g as f32).collect();
        (narrow(dx), narrow(dw), narrow(db))
    }
}

/// Checks the output of one untraced instance.
fn untraced_case<B: Dim>(
    solution: impl Fn(Input<B>, &Weight, &Bias) -> Output<B>,
    input: &str,
    layer: &Layer,
    batch: B,
) {
    let dev = AutoDevice::default();
    let (weight, bias) = layer.parameters(&dev);
    let x = dev.tensor_from_vec(layer.x.clone(), (batch, Const));
    let case = Case::new("dense_relu", input);
    let y = case.run(|| solution(x, &weight, &bias));
    case.expect_all_close("the output", &y.as_vec(), &layer.expected_output(), 1e-5);
    case.show(format!("{:?}", y.as_vec()));
}

/// Checks the output of one traced instance, and the gradients its tape gives.
fn traced_case<B: Dim>(
    solution: impl Fn(Input<B, Traced>, &Weight, &Bias) -> Output<B, Traced>,
    input: &str,
    layer: &Layer,
    batch: B,
) {
    let dev = AutoDevice::default();
    let (weight, bias) = layer.parameters(&dev);
    let x: Input<B> = dev.tensor_from_vec(layer.x.clone(), (batch, Const));
    let coefficients = uniform(7, 3 * layer.rows());
    let c: Output<B> = dev.tensor_from_vec(coefficients.clone(), (batch, Const));
    // A gradient for each of the three, zero to start with: one the tape never reaches stays 0.
    let mut grads = Gradients::leaky();
    grads.try_alloc_for(&x).unwrap();
    grads.try_alloc_for(&weight).unwrap();
    grads.try_alloc_for(&bias).unwrap();
    let case = Case::new("dense_relu", input);
    let y = case.run(|| solution(x.trace(grads), &weight, &bias));
    let (y, tape) = y.split_tape();
    let output = y.as_vec();
    case.expect_all_close("the output", &output, &layer.expected_output(), 1e-5);
    let loss = (y.put_tape(tape) * c).sum::<Rank0, _>();
    let grads = loss.backward();
    let (dx, dw, db) = layer.expected_gradients(&coefficients);
    case.expect_all_close(
        "the gradient of the bias",
        &grads.get(&bias).as_vec(),
        &db,
        1e-5,
    );
    case.expect_all_close(
        "the gradient of the weight",
        &grads.get(&weight).as_vec(),
        &dw,
        1e-5,
    );
    case.expect_all_close("the gradient of x", &grads.get(&x).as_vec(), &dx, 1e-5);
    case.show(format!("{output:?}, gradients recorded"));
}

/// Checks a solution of `dense_relu`, once for each of the four instances: a batch size in the
/// type or known at run time, without a tape or with one.
pub fn dense_relu(
    on_const: impl Fn(Input<Const<2>>, &Weight, &Bias) -> Output<Const<2>>,
    on_run_time: impl Fn(Input<usize>, &Weight, &Bias) -> Output<usize>,
    on_const_traced: impl Fn(Input<Const<2>, Traced>, &Weight, &Bias) -> Output<Const<2>, Traced>,
    on_run_time_traced: impl Fn(Input<usize, Traced>, &Weight, &Bias) -> Output<usize, Traced>,
) {
    // Small numbers, chosen so that ReLU cuts some outputs to 0 and the bias matters.
    let layer = Layer {
        x: vec![1.0, 0.0, -1.0, 2.0, 0.5, 1.0, 0.0, -1.0],
        weight: vec![
            1.0, 0.0, 0.0, 0.0, //
            0.0, 1.0, 1.0, 0.0, //
            -1.0, 0.5, 0.0, 1.0,
        ],
        bias: vec![-0.75, 0.5, -0.25],
    };
    untraced_case(
        &on_const,
        "x = [[1, 0, -1, 2], [0.5, 1, 0, -1]] and small whole weights (Rank2<2, 4>)",
        &layer,
        Const,
    );
    untraced_case(
        &on_run_time,
        "5 rows drawn with seed 1, batch size known at run time",
        &Layer::drawn(1, 5),
        5,
    );
    traced_case(
        &on_const_traced,
        "x = [[1, 0, -1, 2], [0.5, 1, 0, -1]] and small whole weights, with a tape",
        &layer,
        Const,
    );
    traced_case(
        &on_run_time_traced,
        "7 rows drawn with seed 2, batch size known at run time, with a tape",
        &Layer::drawn(2, 7),
        7,
    );
}
