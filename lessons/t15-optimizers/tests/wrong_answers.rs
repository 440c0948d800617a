//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::optim::{Momentum, Optimizer, Sgd};
use dfdx::prelude::*;
use t15_optimizers::{descend, Bowl, Point};

/// The lesson's own rate and momentum, whatever the arguments say.
fn the_lessons_rates<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    velocity: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    _lr: f32,
    _momentum: f32,
) {
    *velocity = velocity.clone() * 0.9 + grad;
    *param = param.clone() - velocity.clone() * 0.01;
}

#[test]
#[should_panic(
    expected = "`sgd_momentum_step` is wrong for 5 N(0, 1) parameters, lr 0.1, \
                           momentum 0.9, seed 1, step 1"
)]
fn sgd_momentum_step_rejects_the_lessons_rates() {
    checks::sgd_momentum_step(the_lessons_rates, the_lessons_rates);
}

/// Momentum as a running average, like Adam's first moment: the velocity takes only a tenth of
/// the gradient, so every step is ten times too short at momentum 0.9.
fn averaged_velocity<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    velocity: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    lr: f32,
    momentum: f32,
) {
    *velocity = velocity.clone() * momentum + grad * (1.0 - momentum);
    *param = param.clone() - velocity.clone() * lr;
}

#[test]
#[should_panic(expected = "expected the parameter[0] = ")]
fn sgd_momentum_step_rejects_an_averaged_velocity() {
    checks::sgd_momentum_step(averaged_velocity, averaged_velocity);
}

/// Moves by the old velocity, then updates it: each step lags one gradient behind (and the first
/// does not move at all).
fn step_with_the_old_velocity<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    velocity: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    lr: f32,
    momentum: f32,
) {
    *param = param.clone() - velocity.clone() * lr;
    *velocity = velocity.clone() * momentum + grad;
}

#[test]
#[should_panic(expected = "step 1:\n  expected the parameter[0] = ")]
fn sgd_momentum_step_rejects_a_step_with_the_old_velocity() {
    checks::sgd_momentum_step(step_with_the_old_velocity, step_with_the_old_velocity);
}

/// Forgets to store the velocity: every step is a plain SGD step.
fn velocity_not_kept<S: Shape>(
    param: &mut Tensor<S, f32, AutoDevice>,
    velocity: &mut Tensor<S, f32, AutoDevice>,
    grad: Tensor<S, f32, AutoDevice>,
    lr: f32,
    momentum: f32,
) {
    let new_velocity = velocity.clone() * momentum + grad;
    *param = param.clone() - new_velocity * lr;
}

#[test]
#[should_panic(expected = "step 2:\n  expected the parameter[0] = ")]
fn sgd_momentum_step_rejects_a_velocity_not_kept() {
    checks::sgd_momentum_step(velocity_not_kept, velocity_not_kept);
}

/// The rate the lesson prints for SGD + momentum, whatever the bowl.
fn the_printed_rate(_: &Bowl, _: [f32; 2], _: f64, rates: &[f64], _: usize) -> f64 {
    *rates
        .iter()
        .min_by(|a, b| (*a - 0.0178).abs().total_cmp(&(*b - 0.0178).abs()))
        .expect("at least one rate")
}

#[test]
#[should_panic(expected = "`best_learning_rate` is wrong for the bowl (2x² + 20y²)/2 from (3, -1)")]
fn best_learning_rate_rejects_the_printed_rate() {
    checks::best_learning_rate(the_printed_rate);
}

/// The final loss of SGD with `config` at each rate, the rate with the lowest.
fn lowest(
    bowl: &Bowl,
    start: [f32; 2],
    rates: &[f64],
    steps: usize,
    config: impl Fn(f64) -> SgdConfig,
) -> f64 {
    let shape_only: Point = AutoDevice::default().zeros();
    let mut best = (rates[0], f32::INFINITY);
    for &lr in rates {
        let path = descend(
            bowl,
            start,
            Box::new(Sgd::new(&shape_only, config(lr))),
            steps,
        );
        let loss = bowl.value(*path.last().expect("a path holds its start"));
        if loss < best.1 {
            best = (lr, loss);
        }
    }
    best.0
}

/// Sweeps plain SGD: the momentum argument is never used.
fn without_momentum(
    bowl: &Bowl,
    start: [f32; 2],
    _momentum: f64,
    rates: &[f64],
    steps: usize,
) -> f64 {
    lowest(bowl, start, rates, steps, |lr| SgdConfig {
        lr,
        momentum: None,
        weight_decay: None,
    })
}

#[test]
#[should_panic(expected = "expected the rate whose path ends lowest after 60 steps, 0.0178")]
fn best_learning_rate_rejects_a_sweep_without_momentum() {
    checks::best_learning_rate(without_momentum);
}

/// One optimizer and one point for the whole sweep: the rate is changed through the optimizer's
/// public `cfg`, and the point is put back at the start in place (`copy_from` keeps its id). The
/// velocity `Sgd` filed under that id is still there, and pushes each path from its first step.
fn one_optimizer_for_every_rate(
    bowl: &Bowl,
    start: [f32; 2],
    momentum: f64,
    rates: &[f64],
    steps: usize,
) -> f64 {
    let mut point: Point = AutoDevice::default().tensor(start);
    let mut sgd = Sgd::new(
        &point,
        SgdConfig {
            lr: rates[0],
            momentum: Some(Momentum::Classic(momentum)),
            weight_decay: None,
        },
    );
    let mut best = (rates[0], f32::INFINITY);
    for &lr in rates {
        sgd.cfg.lr = lr;
        point.copy_from(&start);
        let mut grads = point.alloc_grads();
        for _ in 0..steps {
            grads = bowl.loss(point.clone().traced(grads)).backward();
            sgd.update(&mut point, &grads)
                .expect("the loss uses the point");
            point.zero_grads(&mut grads);
        }
        let loss = bowl.value(point.array());
        if loss < best.1 {
            best = (lr, loss);
        }
    }
    best.0
}

#[test]
#[should_panic(expected = "expected the rate whose path ends lowest after")]
fn best_learning_rate_rejects_one_optimizer_for_every_rate() {
    checks::best_learning_rate(one_optimizer_for_every_rate);
}
