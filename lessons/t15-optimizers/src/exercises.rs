//! Exercises for t15. Check them with `cargo xtask verify t15`; stuck, ask for a hint with
//! `cargo xtask hint t15`. Reference solutions: `answers/t15-optimizers.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Bowl;
#[allow(unused_imports)] // for `best_learning_rate`
use crate::{descend, Point};
#[allow(unused_imports)] // for `best_learning_rate`
use dfdx::optim::{Momentum, Sgd};
use dfdx::prelude::*;

/// Exercise `sgd_momentum_step`: one step of SGD with classical momentum, written by hand for
/// one tensor. It must change `param` exactly as dfdx's `Sgd` with
/// `SgdConfig { lr, momentum: Some(Momentum::Classic(momentum)), weight_decay: None }` does,
/// step after step.
///
/// `velocity` is the state `Sgd` keeps for the tensor: zeros before the first step, and
/// whatever your previous step left in it after that. `grad` is the gradient of the loss with
/// respect to `param` at its current value.
pub fn sgd_momentum_step<S: Shape>(
    #[allow(unused_variables)] param: &mut Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] velocity: &mut Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] grad: Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] lr: f32,
    #[allow(unused_variables)] momentum: f32,
) {
    // TODO: update the velocity with the new gradient, then move the parameter by it.
    todo!("velocity = momentum·velocity + grad, then param = param - lr·velocity")
}

/// Exercise `best_learning_rate`: the sweep behind figure bowl-sweep.svg, for SGD with classical
/// momentum `momentum`. For each rate of `rates`, start at `start` with a fresh optimizer, take
/// `steps` steps on `bowl`, and measure the loss where the path ends. Return the rate with the
/// lowest final loss (the first one, on a tie). A rate whose path diverges ends with an infinite
/// or NaN loss, and is never the best.
pub fn best_learning_rate(
    #[allow(unused_variables)] bowl: &Bowl,
    #[allow(unused_variables)] start: [f32; 2],
    #[allow(unused_variables)] momentum: f64,
    #[allow(unused_variables)] rates: &[f64],
    #[allow(unused_variables)] steps: usize,
) -> f64 {
    // TODO: for each rate, build an `Sgd` with classical momentum, let it descend the bowl, and
    // keep the rate whose path ends lowest.
    todo!("sweep the rates with SGD + momentum and return the one with the lowest final loss")
}
