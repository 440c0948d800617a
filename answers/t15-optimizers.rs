//! Reference solutions for t15's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{descend, Bowl, Point};
use dfdx::optim::{Momentum, Sgd};
use dfdx::prelude::*;

/// Exercise `sgd_momentum_step`: one step of SGD with classical momentum, written by hand for
/// one tensor.
pub fn sgd_momentum_step<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    velocity: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    lr: f32,
    momentum: f32,
) {
    // The velocity first: the step uses the new one, which already holds this gradient.
    *velocity = velocity.clone() * momentum + grad;
    *param = param.clone() - velocity.clone() * lr;
}

/// Exercise `best_learning_rate`: the sweep behind figure bowl-sweep.svg, for SGD with classical
/// momentum.
pub fn best_learning_rate(
    bowl: &Bowl,
    start: [f32; 2],
    momentum: f64,
    rates: &[f64],
    steps: usize,
) -> f64 {
    let shape_only: Point = AutoDevice::default().zeros();
    let mut best = (rates[0], f32::INFINITY);
    for &lr in rates {
        // A fresh optimizer for every rate: a velocity left over from the last run would start
        // this one with a push.
        let config = SgdConfig {
            lr,
            momentum: Some(Momentum::Classic(momentum)),
            weight_decay: None,
        };
        let path = descend(bowl, start, Box::new(Sgd::new(&shape_only, config)), steps);
        let loss = bowl.value(*path.last().expect("a path holds its start"));
        // `<` is false for NaN and for infinity, so a diverged path never wins; a tie keeps the
        // first rate.
        if loss < best.1 {
            best = (lr, loss);
        }
    }
    best.0
}
