//! Answers that look right on the lesson's own data but are wrong, and literals copied from the
//! lesson's output: the checks must reject every one, each for the reason named. (Spoilers: these
//! are near-solutions.)

mod checks;

use checks::{Function, Vector};
use dfdx::prelude::*;
use t01_tensorflow_2::graph::{constant, exp, Node};

/// The lesson's numbers for f(x) = Σ(x² + 3x) at [1, 2, 3], whatever the function and input.
fn the_lessons_numbers<const N: usize>(_: Function<N>, _: Vector<N>) -> (f32, [f32; N]) {
    let mut gradient = [0.0; N];
    for (g, value) in gradient.iter_mut().zip([5.0, 7.0, 9.0]) {
        *g = value;
    }
    (32.0, gradient)
}

#[test]
#[should_panic(expected = "`value_and_grad` is wrong for the lesson's f, Σ(x² + 3x), at [-0.5")]
fn value_and_grad_rejects_the_lessons_numbers() {
    checks::value_and_grad(
        the_lessons_numbers,
        the_lessons_numbers,
        the_lessons_numbers,
    );
}

/// The numerical gradient: central differences (f(x + h) − f(x − h)) / 2h, element by element,
/// with no tape's backward pass. Close on small inputs; in f32 it loses the gradient to rounding
/// where f is large.
fn central_differences<const N: usize>(f: Function<N>, x: Vector<N>) -> (f32, [f32; N]) {
    const H: f32 = 0.01;
    let at = |values: [f32; N]| f(x.device().tensor(values).leaky_trace()).array();
    let values = x.array();
    let mut gradient = [0.0; N];
    for (i, g) in gradient.iter_mut().enumerate() {
        let (mut up, mut down) = (values, values);
        up[i] += H;
        down[i] -= H;
        *g = (at(up) - at(down)) / (2.0 * H);
    }
    (at(values), gradient)
}

#[test]
#[should_panic(expected = "`value_and_grad` is wrong for ½ Σ x² at large inputs")]
fn value_and_grad_rejects_central_differences() {
    checks::value_and_grad(
        central_differences,
        central_differences,
        central_differences,
    );
}

#[test]
#[should_panic(
    expected = "`symbolic_gradient` is wrong for the lesson's x·x + 3·x w.r.t. x, fed x = -1.25"
)]
fn symbolic_gradient_rejects_the_lessons_value() {
    checks::symbolic_gradient(|_, _| constant(7.0));
}

/// Differentiates correctly, except that the chain rule is forgotten: exp(a)' = exp(a).
fn without_the_chain_rule(node: &Node, wrt: &str) -> Node {
    match node {
        Node::Placeholder(name) if name == wrt => constant(1.0),
        Node::Placeholder(_) | Node::Constant(_) => constant(0.0),
        Node::Add(a, b) => without_the_chain_rule(a, wrt) + without_the_chain_rule(b, wrt),
        Node::Mul(a, b) => {
            without_the_chain_rule(a, wrt) * b.as_ref().clone()
                + a.as_ref().clone() * without_the_chain_rule(b, wrt)
        }
        Node::Exp(a) => exp(a.as_ref().clone()),
    }
}

#[test]
#[should_panic(expected = "`symbolic_gradient` is wrong for exp(2·x) w.r.t. x")]
fn symbolic_gradient_rejects_a_forgotten_chain_rule() {
    checks::symbolic_gradient(without_the_chain_rule);
}

/// Differentiates correctly, except that the product rule keeps only one of its two terms.
fn half_the_product_rule(node: &Node, wrt: &str) -> Node {
    match node {
        Node::Placeholder(name) if name == wrt => constant(1.0),
        Node::Placeholder(_) | Node::Constant(_) => constant(0.0),
        Node::Add(a, b) => half_the_product_rule(a, wrt) + half_the_product_rule(b, wrt),
        Node::Mul(a, b) => half_the_product_rule(a, wrt) * b.as_ref().clone(),
        Node::Exp(a) => exp(a.as_ref().clone()) * half_the_product_rule(a, wrt),
    }
}

#[test]
#[should_panic(
    expected = "`symbolic_gradient` is wrong for the lesson's x·x + 3·x w.r.t. x, fed x = 2"
)]
fn symbolic_gradient_rejects_half_the_product_rule() {
    checks::symbolic_gradient(half_the_product_rule);
}
