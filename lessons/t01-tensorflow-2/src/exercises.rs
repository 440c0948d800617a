//! Exercises for t01. Check them with `cargo xtask verify t01`; stuck, ask for a hint with
//! `cargo xtask hint t01`. Reference solutions: `answers/t01-tensorflow-2.rs`.
//!
//! The parameters, and the imports, are marked `#[allow(...)]` only because the starting `todo!`
//! does not use them yet; the compiler still warns about anything else you compute and never use.

use crate::graph::Node;
#[allow(unused_imports)] // the graph's helpers, which your solution may call
use crate::graph::{constant, exp};
use crate::Taped;
#[allow(unused_imports)] // the tensor methods your solutions will call; unused until then
use dfdx::prelude::*;

/// Exercise `value_and_grad`: the value of `f` at `x`, and its gradient df/dx there, computed by
/// dfdx's tape: what `tf.GradientTape` gives in TensorFlow 2 (and `jax.value_and_grad` in JAX).
///
/// `f` is any function from a traced vector to a traced scalar, such as the lesson's
/// `f::<OwnedTape<f32, AutoDevice>>`. The check passes functions and inputs the lesson never
/// shows, some of them with large values.
pub fn value_and_grad<const N: usize>(
    #[allow(unused_variables)] f: fn(Taped<Rank1<N>>) -> Taped<Rank0>,
    #[allow(unused_variables)] x: Tensor<Rank1<N>, f32, AutoDevice>,
) -> (f32, [f32; N]) {
    // TODO: give x a tape, call f on it, read the value, then play the tape backwards and read
    // the gradient of x. Return (value, gradient).
    todo!("return (f(x), df/dx) computed with a tape")
}

/// Exercise `symbolic_gradient`: a new expression of the teaching graph that computes
/// ∂`node`/∂`wrt`, the derivative of `node` with respect to the placeholder named `wrt`.
///
/// This is what TensorFlow 1.x's `tf.gradients(y, x)` did: it computed nothing, it added the
/// nodes of the derivative to the graph, to be run later like any other node. The check runs
/// your expression with fed values the lesson never shows.
pub fn symbolic_gradient(
    #[allow(unused_variables)] node: &Node,
    #[allow(unused_variables)] wrt: &str,
) -> Node {
    // TODO: match on the node and build its derivative from the derivatives of its inputs: the
    // rules for a sum, a product and an exponential, and what a placeholder or a constant gives.
    todo!("return the expression of d(node)/d(wrt)")
}
