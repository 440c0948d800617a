//! Reference solutions for t19's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;
use kit::keras::{GradientStep, Parameter};

/// Exercise `clip_each_norm`: Keras's `clipnorm`, each parameter's gradient clipped on its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipEachNorm {
    /// The largest norm any one gradient keeps.
    pub max_norm: f32,
}

impl GradientStep<AutoDevice> for ClipEachNorm {
    fn adjust(&mut self, parameters: &mut [Parameter<AutoDevice>]) {
        for parameter in parameters.iter_mut() {
            let norm = parameter
                .gradient
                .clone()
                .square()
                .sum::<Rank0, _>()
                .array()
                .sqrt();
            // `>` and not a scale of max_norm / norm for every gradient: a gradient below the
            // limit is left alone, and a zero gradient never meets a division by zero.
            if norm > self.max_norm {
                parameter.gradient = parameter.gradient.clone() * (self.max_norm / norm);
            }
        }
    }
}

/// Exercise `l2_penalty`: the gradient of `lambda / 2 × Σ value²` added to every gradient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct L2Penalty {
    /// The strength of the penalty.
    pub lambda: f32,
}

impl GradientStep<AutoDevice> for L2Penalty {
    fn adjust(&mut self, parameters: &mut [Parameter<AutoDevice>]) {
        for parameter in parameters.iter_mut() {
            // Every parameter, biases included, as dfdx's WeightDecay::L2 does.
            parameter.gradient = parameter.gradient.clone() + parameter.value.clone() * self.lambda;
        }
    }
}
