//! What t19's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `clip_each_norm` is called on hand-made gradients (one above the limit, one below, one zero)
//! and on the real gradients of the lesson's network for a batch of training digits; every
//! gradient it returns is compared with one computed in `f64` on the host. `l2_penalty` is
//! compared with the same formula on hand-made parameters, and then trained with: a run with
//! the step in the loop must end with the weights of a run of dfdx's own optimizer configured
//! with `WeightDecay::L2`, for Adam and for SGD with momentum.

use datasets::{Mnist, Split};
use dfdx::optim::{Adam, Sgd};
use dfdx::prelude::*;
use kit::check::Case;
use kit::keras::{parameters_of, Fit, GradientStep, Model, Parameter};
use t19_high_level_api::{weights, Mlp, Network};

/// Parameters made by hand: names, values and gradients.
fn hand_made(dev: &AutoDevice, rows: &[(&str, Vec<f32>, Vec<f32>)]) -> Vec<Parameter<AutoDevice>> {
    rows.iter()
        .map(|(name, value, gradient)| Parameter {
            name: name.to_string(),
            value: dev.tensor_from_vec(value.clone(), (value.len(),)),
            gradient: dev.tensor_from_vec(gradient.clone(), (gradient.len(),)),
        })
        .collect()
}

/// The gradients of the lesson's network (model seed `seed`) for the first 32 digits of `split`.
fn real_parameters(split: &Split, seed: u64) -> Vec<Parameter<AutoDevice>> {
    let dev = AutoDevice::seed_from_u64(seed);
    let network: Network = dev.build_module::<Mlp, f32>();
    let batch = split.batch::<Const<32>, _>(&(0..32).collect::<Vec<_>>(), &dev);
    let grads = network.alloc_grads();
    let logits = network.forward(batch.images.traced(grads));
    let mut grads = cross_entropy_with_logits_loss(logits, batch.one_hot).backward();
    parameters_of(&network, &mut grads).expect("the CPU has memory for the gradients")
}

/// Each gradient clipped to `max_norm` on its own, in f64 on the host.
fn clipped_on_host(gradients: &[Vec<f32>], max_norm: f32) -> Vec<Vec<f32>> {
    gradients
        .iter()
        .map(|g| {
            let norm = g.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt();
            let scale = if norm > f64::from(max_norm) {
                f64::from(max_norm) / norm
            } else {
                1.0
            };
            g.iter().map(|&x| (f64::from(x) * scale) as f32).collect()
        })
        .collect()
}

/// Runs a step on `parameters` and checks every gradient against `expected`, and that the names
/// and values are left alone.
fn step_case(
    case: &Case,
    mut step: impl GradientStep<AutoDevice>,
    mut parameters: Vec<Parameter<AutoDevice>>,
    expected: &[Vec<f32>],
    tolerance: f32,
) -> Vec<Vec<f32>> {
    let names: Vec<String> = parameters.iter().map(|p| p.name.clone()).collect();
    let values: Vec<Vec<f32>> = parameters.iter().map(|p| p.value.as_vec()).collect();
    case.run(|| step.adjust(&mut parameters));
    case.expect_eq("the number of parameters", parameters.len(), expected.len());
    for (i, (parameter, want)) in parameters.iter().zip(expected).enumerate() {
        let name = &names[i];
        case.expect_eq("each parameter's name", &parameter.name, name);
        case.expect_all_close(
            &format!("the gradient of {name}"),
            &parameter.gradient.as_vec(),
            want,
            tolerance,
        );
        case.expect_all_close(
            &format!("the value of {name} (a step changes gradients only)"),
            &parameter.value.as_vec(),
            &values[i],
            0.0,
        );
    }
    parameters.iter().map(|p| p.gradient.as_vec()).collect()
}

/// Gradients as the learner reads them: `[0.6, 0.8] and [0.3, 0.4, 0]`.
fn shown(gradients: &[Vec<f32>]) -> String {
    let each: Vec<String> = gradients
        .iter()
        .map(|g| {
            let values: Vec<String> = g.iter().map(|x| format!("{x}")).collect();
            format!("[{}]", values.join(", "))
        })
        .collect();
    each.join(" and ")
}

/// Checks a solution of `clip_each_norm`: `make(max_norm)` is the step.
pub fn clip_each_norm<S: GradientStep<AutoDevice>>(make: impl Fn(f32) -> S) {
    let dev = AutoDevice::default();
    let rows = [
        ("big", vec![1.0, 1.0], vec![3.0, 4.0]),
        ("small", vec![1.0, 1.0, 1.0], vec![0.3, 0.4, 0.0]),
        ("zero", vec![2.0, -2.0], vec![0.0, 0.0]),
    ];
    let gradients: Vec<Vec<f32>> = rows.iter().map(|r| r.2.clone()).collect();
    let case = Case::new(
        "clip_each_norm",
        "gradients [3, 4] (norm 5), [0.3, 0.4, 0] (norm 0.5) and [0, 0] with max_norm 1",
    );
    let got = step_case(
        &case,
        make(1.0),
        hand_made(&dev, &rows),
        &clipped_on_host(&gradients, 1.0),
        1e-6,
    );
    case.show(shown(&got));

    let mnist = Mnist::embedded();
    let cases = [
        (
            0.1,
            real_parameters(&mnist.train, 1),
            "the gradients of the lesson's network (seed 1) on 32 training digits, max_norm 0.1",
        ),
        (
            0.07,
            real_parameters(&mnist.test, 2),
            "the gradients of the lesson's network (seed 2) on 32 test digits, max_norm 0.07",
        ),
    ];
    for (max_norm, parameters, input) in cases {
        let gradients: Vec<Vec<f32>> = parameters.iter().map(|p| p.gradient.as_vec()).collect();
        let case = Case::new("clip_each_norm", input);
        let expected = clipped_on_host(&gradients, max_norm);
        let got = step_case(&case, make(max_norm), parameters, &expected, 1e-6);
        let clipped = gradients.iter().zip(&got).filter(|(g, e)| g != e).count();
        case.show(format!(
            "{clipped} of {} gradients clipped",
            gradients.len()
        ));
    }
}

/// Trains the lesson's network from seed `seed` on `examples` for 2 epochs, once with `step`
/// in the loop and the plain optimizer `plain`, once with `reference` (an optimizer configured
/// with L2 weight decay) and no step, and checks that both end with the same weights.
fn trains_like<O, S>(case: &Case, step: S, plain: O, reference: O, examples: &Split, seed: u64)
where
    O: dfdx::optim::Optimizer<Network, AutoDevice, f32>,
    S: GradientStep<AutoDevice>,
{
    let options = Fit {
        epochs: 2,
        validation_split: 0.0,
        shuffle_seed: seed,
    };
    let build = || Model::sequential::<Mlp>(&AutoDevice::seed_from_u64(seed));
    let mut expected = build().compile(reference);
    expected
        .fit::<16>(examples, options, |_| Ok(()))
        .expect("the reference trains");
    let mut learner = build().compile(plain).with_step(step);
    let trained = case.run(|| learner.fit::<16>(examples, options, |_| Ok(())));
    case.expect(trained.is_ok(), "training with the step to succeed");
    let (got, want) = (weights(learner.network()), weights(expected.network()));
    case.expect(
        got != weights(build().network()),
        "the weights to change during training",
    );
    case.expect_all_close("the weights after training", &got, &want, 1e-5);
    let largest = got
        .iter()
        .zip(&want)
        .map(|(g, w)| (g - w).abs())
        .fold(0.0, f32::max);
    let agreement = if largest == 0.0 {
        "bit for bit".to_string()
    } else {
        format!("within {largest:.1e}")
    };
    case.show(format!(
        "all {} weights equal those of the optimizer's own L2, {agreement}",
        kit::thousands(got.len())
    ));
}

/// Checks a solution of `l2_penalty`: `make(lambda)` is the step.
pub fn l2_penalty<S: GradientStep<AutoDevice>>(make: impl Fn(f32) -> S) {
    let dev = AutoDevice::default();
    let rows = [
        ("0.weight", vec![1.0, -2.0, 0.0], vec![0.5, 0.5, -0.25]),
        ("0.bias", vec![4.0], vec![0.0]),
    ];
    let case = Case::new(
        "l2_penalty",
        "a weight [1, -2, 0] with gradient [0.5, 0.5, -0.25] and a bias [4] with gradient [0], \
         lambda 0.1",
    );
    let expected: Vec<Vec<f32>> = rows
        .iter()
        .map(|(_, value, gradient)| {
            value
                .iter()
                .zip(gradient)
                .map(|(&v, &g)| (f64::from(g) + 0.1 * f64::from(v)) as f32)
                .collect()
        })
        .collect();
    let got = step_case(&case, make(0.1), hand_made(&dev, &rows), &expected, 1e-6);
    case.show(shown(&got));

    let mnist = Mnist::embedded();
    let examples = mnist.train.head(160);
    let model = AutoDevice::default().build_module::<Mlp, f32>();
    let lambda = 0.01;
    let case = Case::new(
        "l2_penalty",
        "2 epochs of Adam on 160 training digits, lambda 0.01, against WeightDecay::L2(0.01)",
    );
    let adam = |weight_decay| -> Adam<Network, f32, AutoDevice> {
        Adam::new(
            &model,
            AdamConfig {
                weight_decay,
                ..Default::default()
            },
        )
    };
    trains_like(
        &case,
        make(lambda),
        adam(None),
        adam(Some(WeightDecay::L2(f64::from(lambda)))),
        &examples,
        3,
    );

    let examples = mnist.test.head(160);
    let lambda = 0.5;
    let case = Case::new(
        "l2_penalty",
        "2 epochs of SGD (learning rate 0.05, momentum 0.9) on 160 test digits, lambda 0.5, \
         against WeightDecay::L2(0.5)",
    );
    let sgd = |weight_decay| -> Sgd<Network, f32, AutoDevice> {
        Sgd::new(
            &model,
            SgdConfig {
                lr: 0.05,
                momentum: Some(Momentum::Classic(0.9)),
                weight_decay,
            },
        )
    };
    trains_like(
        &case,
        make(lambda),
        sgd(None),
        sgd(Some(WeightDecay::L2(f64::from(lambda)))),
        &examples,
        4,
    );
}
