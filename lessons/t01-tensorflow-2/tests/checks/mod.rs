//! What t01's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `value_and_grad` is given the lesson's function and functions the lesson never shows, on
//! inputs it never prints, some of them large; `symbolic_gradient` is given expressions of the
//! teaching graph and run with values the lesson never feeds. Every expected value is a
//! derivative worked out by hand and computed here in `f64`.

use dfdx::prelude::*;
use kit::check::Case;
use t01_tensorflow_2::graph::{constant, exp, placeholder, run, Node};
use t01_tensorflow_2::Taped;

/// A vector of `N` floats on the default device.
pub type Vector<const N: usize> = Tensor<Rank1<N>, f32, AutoDevice>;

/// A function from a traced vector to a traced scalar, as `value_and_grad` takes it.
pub type Function<const N: usize> = fn(Taped<Rank1<N>>) -> Taped<Rank0>;

/// A tolerance relative to the size of the expected values: 1e-4 of the largest, at least 1e-4.
fn tolerance(expected: &[f64]) -> f32 {
    let largest = expected.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    (1e-4 * largest) as f32
}

/// One case of `value_and_grad`: `f` at `x`, whose value and gradient are `value` and `gradient`
/// (computed here, in f64, from the formulas worked out by hand).
fn value_and_grad_case<const N: usize>(
    solution: &impl Fn(Function<N>, Vector<N>) -> (f32, [f32; N]),
    input: &str,
    f: Function<N>,
    x: [f32; N],
    value: impl Fn(&[f64]) -> f64,
    gradient: impl Fn(&[f64]) -> Vec<f64>,
) {
    let case = Case::new("value_and_grad", input);
    let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let (expected_value, expected_gradient) = (value(&x64), gradient(&x64));
    let dev = AutoDevice::default();
    let (got_value, got_gradient) = case.run(|| solution(f, dev.tensor(x)));
    case.expect_close(
        "the value f(x)",
        got_value,
        expected_value as f32,
        tolerance(&[expected_value]),
    );
    let expected_f32: Vec<f32> = expected_gradient.iter().map(|&g| g as f32).collect();
    case.expect_all_close(
        "the gradient df/dx",
        &got_gradient,
        &expected_f32,
        tolerance(&expected_gradient),
    );
    case.show(format!("f(x) = {got_value}, df/dx = {got_gradient:?}"));
}

/// Checks a solution of `value_and_grad`, on vectors of 3, 1 and 5 elements.
pub fn value_and_grad(
    on_3: impl Fn(Function<3>, Vector<3>) -> (f32, [f32; 3]),
    on_1: impl Fn(Function<1>, Vector<1>) -> (f32, [f32; 1]),
    on_5: impl Fn(Function<5>, Vector<5>) -> (f32, [f32; 5]),
) {
    let lessons_f: Function<3> = t01_tensorflow_2::f::<OwnedTape<f32, AutoDevice>>;
    let sum_square_plus_3x = |x: &[f64]| x.iter().map(|v| v * v + 3.0 * v).sum();
    let twice_plus_3 = |x: &[f64]| x.iter().map(|v| 2.0 * v + 3.0).collect();
    value_and_grad_case(
        &on_3,
        "the lesson's f, Σ(x² + 3x), at [1, 2, 3]",
        lessons_f,
        [1.0, 2.0, 3.0],
        sum_square_plus_3x,
        twice_plus_3,
    );
    value_and_grad_case(
        &on_3,
        "the lesson's f, Σ(x² + 3x), at [-0.5, 4.25, 10]",
        lessons_f,
        [-0.5, 4.25, 10.0],
        sum_square_plus_3x,
        twice_plus_3,
    );
    value_and_grad_case(
        &on_3,
        "½ Σ x² at large inputs [1234.567, -2345.678, 3456.789]",
        |x| (x.square() * 0.5).sum(),
        [1234.567, -2345.678, 3456.789],
        |x| x.iter().map(|v| 0.5 * v * v).sum(),
        |x| x.to_vec(),
    );
    value_and_grad_case(
        &on_3,
        "Σ exp(3x) at [1.5, -0.5, 2]",
        |x| (x * 3.0).exp().sum(),
        [1.5, -0.5, 2.0],
        |x| x.iter().map(|v| (3.0 * v).exp()).sum(),
        |x| x.iter().map(|v| 3.0 * (3.0 * v).exp()).collect(),
    );
    value_and_grad_case(
        &on_1,
        "x · sin(x), x used twice, at [0.7]",
        |x| (x.with_empty_tape() * x.sin()).sum(),
        [0.7],
        |x| x[0] * x[0].sin(),
        |x| vec![x[0].sin() + x[0] * x[0].cos()],
    );
    value_and_grad_case(
        &on_5,
        "the mean of x² at [1, -2, 3, -4, 5]",
        |x| x.square().mean(),
        [1.0, -2.0, 3.0, -4.0, 5.0],
        |x| x.iter().map(|v| v * v).sum::<f64>() / 5.0,
        |x| x.iter().map(|v| 2.0 * v / 5.0).collect(),
    );
    value_and_grad_case(
        &on_5,
        "the length √Σx² at [3, 4, 0, -12, 0]",
        |x| x.square().sum().sqrt(),
        [3.0, 4.0, 0.0, -12.0, 0.0],
        |x| x.iter().map(|v| v * v).sum::<f64>().sqrt(),
        |x| {
            let length = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            x.iter().map(|v| v / length).collect()
        },
    );
}

/// One case of `symbolic_gradient`: the derivative of `node` with respect to `wrt`, run with
/// `feeds`, must equal `expected`.
fn symbolic_gradient_case(
    solution: &impl Fn(&Node, &str) -> Node,
    input: &str,
    node: Node,
    wrt: &str,
    feeds: &[(&str, f32)],
    expected: f64,
) {
    let case = Case::new("symbolic_gradient", input);
    let derivative = case.run(|| solution(&node, wrt));
    match run(&derivative, feeds) {
        Ok(value) => {
            case.expect_close(
                &format!("d/d{wrt}"),
                value,
                expected as f32,
                tolerance(&[expected]),
            );
            case.show(format!("d/d{wrt} = {value}, from {derivative}"));
        }
        Err(err) => case.expect(
            false,
            &format!(
                "an expression that runs with {feeds:?} fed, but running {derivative} said: {err}"
            ),
        ),
    }
}

/// Checks a solution of `symbolic_gradient`.
pub fn symbolic_gradient(solution: impl Fn(&Node, &str) -> Node) {
    let x = || placeholder("x");
    let w = || placeholder("w");
    let lessons_y = || x() * x() + 3.0 * x();
    symbolic_gradient_case(
        &solution,
        "the lesson's x·x + 3·x w.r.t. x, fed x = 2",
        lessons_y(),
        "x",
        &[("x", 2.0)],
        7.0,
    );
    symbolic_gradient_case(
        &solution,
        "the lesson's x·x + 3·x w.r.t. x, fed x = -1.25",
        lessons_y(),
        "x",
        &[("x", -1.25)],
        0.5,
    );
    symbolic_gradient_case(
        &solution,
        "x·x·x w.r.t. x, fed x = 1.5",
        x() * x() * x(),
        "x",
        &[("x", 1.5)],
        3.0 * 1.5 * 1.5,
    );
    symbolic_gradient_case(
        &solution,
        "exp(2·x) w.r.t. x, fed x = 0.3",
        exp(2.0 * x()),
        "x",
        &[("x", 0.3)],
        2.0 * (0.6f64).exp(),
    );
    symbolic_gradient_case(
        &solution,
        "exp(exp(x)) w.r.t. x, fed x = 0.1",
        exp(exp(x())),
        "x",
        &[("x", 0.1)],
        (0.1f64).exp().exp() * (0.1f64).exp(),
    );
    symbolic_gradient_case(
        &solution,
        "x·w + exp(x·w) w.r.t. w, fed x = 0.5 and w = -2",
        x() * w() + exp(x() * w()),
        "w",
        &[("x", 0.5), ("w", -2.0)],
        0.5 + 0.5 * (-1.0f64).exp(),
    );
    symbolic_gradient_case(
        &solution,
        "3·x + 1 w.r.t. w, a placeholder it does not use, fed x = 4 and w = 1",
        3.0 * x() + 1.0,
        "w",
        &[("x", 4.0), ("w", 1.0)],
        0.0,
    );
    symbolic_gradient_case(
        &solution,
        "the constant 4 w.r.t. x, fed x = 9",
        constant(4.0),
        "x",
        &[("x", 9.0)],
        0.0,
    );
}
