//! What t15's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The momentum step is compared, step after step, with dfdx's own `Sgd` on the same loss, for
//! two shapes of tensor and three pairs of learning rate and momentum (one of them plain SGD).
//! The sweep is compared with an independent one: SGD with momentum on the bowl, simulated in
//! `f64` on the host, on the lesson's bowl and on two others with other starts, momenta, rates
//! and numbers of steps.

use dfdx::optim::{Momentum, Optimizer, Sgd};
use dfdx::prelude::*;
use kit::check::Case;
use t15_optimizers::{sweep_rates, Bowl, BOWL, PATH_STEPS, START};

/// A solution of `sgd_momentum_step` for tensors of shape `S`.
pub trait MomentumStep<S: Shape>:
    Fn(
    &mut Tensor<S, f32, AutoDevice>,
    &mut Tensor<S, f32, AutoDevice>,
    Tensor<S, f32, AutoDevice>,
    f32,
    f32,
)
{
}

impl<S: Shape, F> MomentumStep<S> for F where
    F: Fn(
        &mut Tensor<S, f32, AutoDevice>,
        &mut Tensor<S, f32, AutoDevice>,
        Tensor<S, f32, AutoDevice>,
        f32,
        f32,
    )
{
}

/// The loss the steps descend: `Σ curvature·(p - target)²`, whose gradient changes with `p`.
fn loss<S: ConstShape, T: Tape<f32, AutoDevice>>(
    p: Tensor<S, f32, AutoDevice, T>,
    target: &Tensor<S, f32, AutoDevice>,
    curvature: &Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    ((p - target.clone()).square() * curvature.clone()).sum()
}

/// Takes `steps` steps with the solution and with dfdx's `Sgd` from the same start, and compares
/// the parameters after every step.
fn momentum_case<S: ConstShape>(
    solution: impl MomentumStep<S>,
    input: &str,
    seed: u64,
    (lr, momentum): (f32, f32),
    steps: usize,
) {
    let dev = AutoDevice::seed_from_u64(seed);
    let mut param: Tensor<S, f32, AutoDevice> = dev.sample_normal();
    let target: Tensor<S, f32, AutoDevice> = dev.sample_normal();
    let curvature: Tensor<S, f32, AutoDevice> = dev.sample_uniform() * 3.5 + 0.5;
    let mut velocity = dev.zeros_like(&param);

    let mut reference = param.clone(); // shares the buffer; the update copies it
    let config = SgdConfig {
        lr: f64::from(lr),
        momentum: Some(Momentum::Classic(f64::from(momentum))),
        weight_decay: None,
    };
    let mut sgd = Sgd::new(&reference, config);

    for step in 1..=steps {
        let grad = loss(param.leaky_trace(), &target, &curvature)
            .backward()
            .get(&param);
        let input = format!("{input}, step {step}");
        let case = Case::new("sgd_momentum_step", &input);
        case.run(|| solution(&mut param, &mut velocity, grad, lr, momentum));

        let grads = loss(reference.leaky_trace(), &target, &curvature).backward();
        sgd.update(&mut reference, &grads)
            .expect("the loss uses the parameter");
        case.expect_all_close("the parameter", &param.as_vec(), &reference.as_vec(), 1e-5);
        if step == steps {
            let shown: Vec<String> = param.as_vec().iter().map(|v| format!("{v:.4}")).collect();
            case.show(format!("parameter = [{}]", shown.join(", ")));
        }
    }
}

/// Checks a solution of `sgd_momentum_step`, on a tensor of 5 numbers and one of 3 × 4.
pub fn sgd_momentum_step(
    on_5: impl MomentumStep<Rank1<5>>,
    on_3x4: impl MomentumStep<Rank2<3, 4>>,
) {
    momentum_case(
        &on_5,
        "5 N(0, 1) parameters, lr 0.1, momentum 0.9, seed 1",
        1,
        (0.1, 0.9),
        5,
    );
    momentum_case(
        on_3x4,
        "a 3×4 tensor of N(0, 1) parameters, lr 0.05, momentum 0.5, seed 2",
        2,
        (0.05, 0.5),
        4,
    );
    momentum_case(
        &on_5,
        "5 N(0, 1) parameters, lr 0.2, momentum 0 (plain SGD), seed 3",
        3,
        (0.2, 0.0),
        3,
    );
}

/// The loss where `steps` steps of SGD with classical momentum end on `bowl`, in `f64`.
fn host_final_loss(bowl: &Bowl, start: [f32; 2], momentum: f64, lr: f64, steps: usize) -> f64 {
    let curvature = [f64::from(bowl.flat), f64::from(bowl.steep)];
    let mut p = start.map(f64::from);
    let mut v = [0.0; 2];
    for _ in 0..steps {
        for i in 0..2 {
            v[i] = momentum * v[i] + curvature[i] * p[i];
            p[i] -= lr * v[i];
        }
    }
    0.5 * (curvature[0] * p[0] * p[0] + curvature[1] * p[1] * p[1])
}

/// One sweep: the solution's rate must be one of `rates`, and its path must end as low as the
/// lowest, within 0.1%.
fn sweep_case(
    solution: &impl Fn(&Bowl, [f32; 2], f64, &[f64], usize) -> f64,
    input: &str,
    (bowl, start): (Bowl, [f32; 2]),
    momentum: f64,
    rates: &[f64],
    steps: usize,
) {
    let case = Case::new("best_learning_rate", input);
    let losses: Vec<f64> = rates
        .iter()
        .map(|&lr| host_final_loss(&bowl, start, momentum, lr, steps))
        .collect();
    let best = (0..rates.len())
        .filter(|&i| losses[i].is_finite())
        .min_by(|&i, &j| losses[i].total_cmp(&losses[j]))
        .expect("some rate converges");
    let rate = case.run(|| solution(&bowl, start, momentum, rates, steps));
    case.expect(
        rates.contains(&rate),
        &format!("one of the rates swept, got {rate}"),
    );
    let loss = host_final_loss(&bowl, start, momentum, rate, steps);
    case.expect(
        loss <= losses[best] * 1.001,
        &format!(
            "the rate whose path ends lowest after {steps} steps, {:.4} (loss {:.2e}), not {rate:.4} \
             (loss {loss:.2e})",
            rates[best], losses[best]
        ),
    );
    case.show(format!(
        "best rate {rate:.4} (loss {loss:.2e} after {steps} steps)"
    ));
}

/// Checks a solution of `best_learning_rate`: the lesson's sweep and two others.
pub fn best_learning_rate(solution: impl Fn(&Bowl, [f32; 2], f64, &[f64], usize) -> f64) {
    sweep_case(
        &solution,
        "the lesson's bowl and start, momentum 0.9, 33 rates from 1e-4 to 1, 60 steps",
        (BOWL, START),
        0.9,
        &sweep_rates(),
        PATH_STEPS,
    );
    // From the largest rate down: the first paths diverge.
    let from_1_down: Vec<f64> = (-24..=0)
        .rev()
        .map(|k| 10f64.powf(f64::from(k) / 8.0))
        .collect();
    sweep_case(
        &solution,
        "the bowl (2x² + 20y²)/2 from (3, -1), momentum 0.5, 25 rates from 1 down to 1e-3, \
         40 steps",
        (
            Bowl {
                flat: 2.0,
                steep: 20.0,
            },
            [3.0, -1.0],
        ),
        0.5,
        &from_1_down,
        40,
    );
    let quarter_decades: Vec<f64> = (-12..=0).map(|k| 10f64.powf(f64::from(k) / 4.0)).collect();
    sweep_case(
        &solution,
        "the bowl (x² + 10y²)/2 from (-2, 2), momentum 0 (plain SGD), 13 rates from 1e-3 to 1, \
         30 steps",
        (
            Bowl {
                flat: 1.0,
                steep: 10.0,
            },
            [-2.0, 2.0],
        ),
        0.0,
        &quarter_decades,
        30,
    );
}
