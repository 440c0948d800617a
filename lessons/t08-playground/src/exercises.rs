//! Exercises for t08. Check them with `cargo xtask verify t08`; stuck, ask for a hint with
//! `cargo xtask hint t08`. Reference solutions: `answers/t08-playground.rs`.
//!
//! The parameters are marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use them yet; the compiler still warns about anything else you compute and never use.

use crate::Net;
use dfdx::prelude::*;

/// Exercise `feature_columns`: Playground's seven input features of each point (row) of `xy`,
/// in Playground's order: x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂.
///
/// With these as inputs, a network without any hidden layer can separate the circle: the check
/// shows it once your features are right.
pub fn feature_columns(
    #[allow(unused_variables)] xy: Tensor<(usize, Const<2>), f32, Cpu>,
) -> Tensor<(usize, Const<7>), f32, Cpu> {
    // TODO: take the two columns apart, compute the five new ones with dfdx's elementwise ops,
    // and put the seven side by side.
    todo!("return the seven feature columns")
}

/// Exercise `boundary_distance`: walking from the origin in the direction of `direction` (any
/// length but 0), the distance at which `model`'s most likely class first differs from its class
/// at the origin, to within 0.01, looking no further than 6 (the edge of the figures); `None` if
/// the class does not change by then.
///
/// On the chapter's figure of the trained circle network, read it off first: where does the
/// blue region end along the x₁ axis?
pub fn boundary_distance(
    #[allow(unused_variables)] model: &Net,
    #[allow(unused_variables)] direction: [f32; 2],
) -> Option<f32> {
    // TODO: make points along the ray, run the model on all of them at once, and find the first
    // whose most likely class is not the origin's.
    todo!("return the distance to the decision boundary along the direction")
}
