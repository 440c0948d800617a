//! Exercises for t19. Check them with `cargo xtask verify t19`; stuck, ask for a hint with
//! `cargo xtask hint t19`. Reference solutions: `answers/t19-high-level-api.rs`.
//!
//! Both exercises are custom steps for the high-level loop: a struct that implements
//! `kit::keras::GradientStep`, whose `adjust` sees every trainable parameter of the network
//! with its gradient (both flattened to one dimension) and may replace the gradients.
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use dfdx::prelude::*;
use kit::keras::{GradientStep, Parameter};

/// Exercise `clip_each_norm`: Keras's `clipnorm`, the other clipping of its optimizers. Where
/// `global_clipnorm` (the lesson's `ClipByGlobalNorm`) measures all gradients together, this
/// step clips each parameter's gradient on its own: a gradient whose norm (the square root of
/// the sum of its squared values) exceeds `max_norm` is scaled down to norm `max_norm`; the
/// others, a zero gradient among them, are left as they are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipEachNorm {
    /// The largest norm any one gradient keeps.
    pub max_norm: f32,
}

impl GradientStep<AutoDevice> for ClipEachNorm {
    fn adjust(&mut self, #[allow(unused_variables)] parameters: &mut [Parameter<AutoDevice>]) {
        // TODO: for each parameter, compute the norm of its gradient with tensor ops; when it is
        // above `self.max_norm`, replace the gradient by the gradient times max_norm / norm.
        todo!("clip each parameter's gradient to a norm of at most max_norm")
    }
}

/// Exercise `l2_penalty`: an L2 penalty on the weights as a custom step. Adding
/// `lambda / 2 × (the sum of every parameter's squared values)` to the loss adds `lambda × value`
/// to each parameter's gradient; `kit::train`'s loss is fixed, but a step can add that
/// gradient itself. With this step in the loop, Adam must train exactly as dfdx's
/// `Adam` with `weight_decay: Some(WeightDecay::L2(lambda))` does without it, and SGD likewise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct L2Penalty {
    /// The strength of the penalty.
    pub lambda: f32,
}

impl GradientStep<AutoDevice> for L2Penalty {
    fn adjust(&mut self, #[allow(unused_variables)] parameters: &mut [Parameter<AutoDevice>]) {
        // TODO: for each parameter, replace its gradient by the gradient plus lambda times the
        // parameter's value.
        todo!("add lambda × value to every parameter's gradient")
    }
}
