//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use kit::keras::{ClipByGlobalNorm, GradientStep, Parameter};

/// A step that leaves every gradient as it is: the "literal" of a step.
struct Unchanged;

impl GradientStep<AutoDevice> for Unchanged {
    fn adjust(&mut self, _parameters: &mut [Parameter<AutoDevice>]) {}
}

#[test]
#[should_panic(expected = "`clip_each_norm` is wrong for gradients [3, 4] (norm 5)")]
fn clip_each_norm_rejects_a_step_that_changes_nothing() {
    checks::clip_each_norm(|_| Unchanged);
}

#[test]
#[should_panic(expected = "expected the gradient of big[0] = 0.6 ± 0.000001, got 0.597")]
fn clip_each_norm_rejects_the_global_norm() {
    checks::clip_each_norm(ClipByGlobalNorm::new);
}

/// Scales every gradient to norm `max_norm`, also those below it (and divides 0 by 0).
struct AlwaysRescale(f32);

impl GradientStep<AutoDevice> for AlwaysRescale {
    fn adjust(&mut self, parameters: &mut [Parameter<AutoDevice>]) {
        for parameter in parameters.iter_mut() {
            let norm = parameter
                .gradient
                .clone()
                .square()
                .sum::<Rank0, _>()
                .array()
                .sqrt();
            parameter.gradient = parameter.gradient.clone() * (self.0 / norm);
        }
    }
}

#[test]
#[should_panic(expected = "expected the gradient of small[0] = 0.3 ± 0.000001, got 0.6")]
fn clip_each_norm_rejects_rescaling_gradients_below_the_limit() {
    checks::clip_each_norm(AlwaysRescale);
}

#[test]
#[should_panic(expected = "`l2_penalty` is wrong for a weight [1, -2, 0]")]
fn l2_penalty_rejects_a_step_that_changes_nothing() {
    checks::l2_penalty(|_| Unchanged);
}

/// Adds `factor × lambda × value`: with 2, the gradient of `lambda × Σ value²`, without the ½.
struct Penalty {
    lambda: f32,
    factor: f32,
    biases_too: bool,
}

impl GradientStep<AutoDevice> for Penalty {
    fn adjust(&mut self, parameters: &mut [Parameter<AutoDevice>]) {
        for parameter in parameters.iter_mut() {
            if self.biases_too || !parameter.name.ends_with("bias") {
                parameter.gradient = parameter.gradient.clone()
                    + parameter.value.clone() * (self.factor * self.lambda);
            }
        }
    }
}

#[test]
#[should_panic(expected = "expected the gradient of 0.weight[0] = 0.6 ± 0.000001, got 0.7")]
fn l2_penalty_rejects_twice_the_gradient() {
    checks::l2_penalty(|lambda| Penalty {
        lambda,
        factor: 2.0,
        biases_too: true,
    });
}

#[test]
#[should_panic(expected = "expected the gradient of 0.weight[0] = 0.6 ± 0.000001, got 0.4")]
fn l2_penalty_rejects_subtracting_the_penalty() {
    checks::l2_penalty(|lambda| Penalty {
        lambda,
        factor: -1.0,
        biases_too: true,
    });
}

#[test]
#[should_panic(expected = "expected the gradient of 0.bias[0] = 0.4 ± 0.000001, got 0")]
fn l2_penalty_rejects_leaving_out_the_biases() {
    checks::l2_penalty(|lambda| Penalty {
        lambda,
        factor: 1.0,
        biases_too: false,
    });
}
