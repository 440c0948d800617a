//! Reference solutions for t01's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::graph::{constant, exp, Node};
use crate::Taped;
use dfdx::prelude::*;

/// Exercise `value_and_grad`: the value of `f` at `x`, and its gradient df/dx there, computed by
/// dfdx's tape.
pub fn value_and_grad<const N: usize>(
    f: fn(Taped<Rank1<N>>) -> Taped<Rank0>,
    x: Tensor<Rank1<N>, f32, AutoDevice>,
) -> (f32, [f32; N]) {
    // `leaky_trace` clones x (a pointer, not the data) with an empty tape; the clone keeps x's
    // id, so the gradient recorded for it is found under `x`.
    let y = f(x.leaky_trace());
    // Read the value first: `backward` consumes y.
    let value = y.array();
    let grads = y.backward();
    (value, grads.get(&x).array())
}

/// Exercise `symbolic_gradient`: the expression of ∂`node`/∂`wrt`.
pub fn symbolic_gradient(node: &Node, wrt: &str) -> Node {
    match node {
        Node::Placeholder(name) if name == wrt => constant(1.0),
        Node::Placeholder(_) | Node::Constant(_) => constant(0.0),
        // (a + b)' = a' + b'
        Node::Add(a, b) => symbolic_gradient(a, wrt) + symbolic_gradient(b, wrt),
        // (a b)' = a' b + a b'
        Node::Mul(a, b) => {
            symbolic_gradient(a, wrt) * b.as_ref().clone()
                + a.as_ref().clone() * symbolic_gradient(b, wrt)
        }
        // (exp a)' = exp(a) a'
        Node::Exp(a) => exp(a.as_ref().clone()) * symbolic_gradient(a, wrt),
    }
}
