//! What t17's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `residual_forward` is compared with the residual tuple, dfdx's `Residual` combinator, given
//! the same weights: its logits (and with `f64` arithmetic on the host) and the gradient of a
//! loss with respect to every weight and to the input. `residual_from_tuple` is called on tuples
//! built with seeds the lesson never uses, one of them with its weights changed afterwards, and
//! the struct it returns must hold the tuple's weights and compute the tuple's outputs.

pub mod host;

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::prelude::*;
use host::{numbers, residual, to_f32, HostLinear};
use kit::check::Case;
use t17_module_vs_sequential::{
    ResidualMlp, ResidualSequential, ResidualSequentialNet, HIDDEN, SEED,
};

/// A tensor that records a tape.
pub type Traced<S> = Tensor<S, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// A batch of images, `rows × 784`, with a run-time number of rows.
pub type Images = Tensor<(usize, Const<PIXELS>), f32, AutoDevice>;

/// The residual tuple with the weights that `seed` draws.
pub fn residual_tuple(seed: u64) -> ResidualSequentialNet {
    AutoDevice::seed_from_u64(seed).build_module::<ResidualSequential, f32>()
}

/// The struct with the tuple's weights, put together here rather than by the learner's
/// `residual_from_tuple`, so that the first exercise can be checked on its own.
fn struct_of(tuple: &ResidualSequentialNet) -> ResidualMlp<f32, AutoDevice> {
    ResidualMlp {
        fc1: tuple.0.clone(),
        fc2: tuple.2 .0 .0.clone(),
        fc3: tuple.3.clone(),
    }
}

/// Test digits `indices` as one batch.
pub fn test_digits(indices: &[usize]) -> Images {
    Mnist::embedded()
        .test
        .batch(indices, &AutoDevice::default())
        .images
}

/// `rows` images of N(0, 1) noise: negative and larger-than-one pixels that no digit has.
fn noise(rows: usize, seed: u64) -> Images {
    AutoDevice::seed_from_u64(seed).sample_normal_like(&(rows, Const::<PIXELS>))
}

/// The gradient of `loss` for `tensor`, or zeros where the tape recorded nothing for it.
fn gradient<S: Shape>(
    grads: &mut Gradients<f32, AutoDevice>,
    tensor: &Tensor<S, f32, AutoDevice>,
) -> Vec<f32> {
    grads
        .try_alloc_for(tensor)
        .expect("the CPU allocates the gradient");
    grads.get(tensor).as_vec()
}

/// The gradient of every weight and bias of the three layers, and of the input, in this order.
fn gradients(
    grads: &mut Gradients<f32, AutoDevice>,
    fc1: &modules::Linear<PIXELS, HIDDEN, f32, AutoDevice>,
    fc2: &modules::Linear<HIDDEN, HIDDEN, f32, AutoDevice>,
    fc3: &modules::Linear<HIDDEN, CLASSES, f32, AutoDevice>,
    x: &Images,
) -> [(&'static str, Vec<f32>); 7] {
    [
        ("the gradient of fc1.weight", gradient(grads, &fc1.weight)),
        ("the gradient of fc1.bias", gradient(grads, &fc1.bias)),
        ("the gradient of fc2.weight", gradient(grads, &fc2.weight)),
        ("the gradient of fc2.bias", gradient(grads, &fc2.bias)),
        ("the gradient of fc3.weight", gradient(grads, &fc3.weight)),
        ("the gradient of fc3.bias", gradient(grads, &fc3.bias)),
        ("the gradient of the input", gradient(grads, x)),
    ]
}

/// Checks a forward pass on one batch and one set of weights.
fn forward_case(
    solution: &impl Fn(
        &ResidualMlp<f32, AutoDevice>,
        Traced<(usize, Const<PIXELS>)>,
    ) -> Traced<(usize, Const<CLASSES>)>,
    input: &str,
    tuple: &ResidualSequentialNet,
    x: Images,
) {
    let rows = x.shape().0;
    let model = struct_of(tuple);
    // The loss Σ logits ⊙ g, with fixed random g, gives every logit its own gradient.
    let g: Tensor<(usize, Const<CLASSES>), f32, AutoDevice> =
        AutoDevice::seed_from_u64(99).sample_normal_like(&(rows, Const));

    let built_in = tuple.forward(x.leaky_trace());
    let expected_logits = built_in.as_vec();
    let mut expected_grads = (built_in * g.clone()).sum::<Rank0, _>().backward();
    let expected = gradients(&mut expected_grads, &tuple.0, &tuple.2 .0 .0, &tuple.3, &x);
    let on_host = residual(
        &HostLinear::of(&model.fc1),
        &HostLinear::of(&model.fc2),
        &HostLinear::of(&model.fc3),
        &numbers(&x),
    );

    let case = Case::new("residual_forward", input);
    let logits = case.run(|| solution(&model, x.leaky_trace()));
    let got_logits = logits.as_vec();
    case.expect_all_close("the logits", &got_logits, &to_f32(&on_host), 1e-4);
    case.expect_all_close("the logits", &got_logits, &expected_logits, 1e-5);
    let mut grads = case.run(|| (logits * g).sum::<Rank0, _>().backward());
    let got = gradients(&mut grads, &model.fc1, &model.fc2, &model.fc3, &x);
    case.expect(
        got[0].1.iter().any(|&g| g != 0.0),
        "a gradient for fc1.weight: the result's tape must hold h's own tape, where fc1's \
         operations are recorded",
    );
    for ((name, got), (_, want)) in got.iter().zip(&expected) {
        case.expect_all_close(name, got, want, 1e-5);
    }
    case.show(format!(
        "logits of the first row: {:?}",
        got_logits[..CLASSES]
            .iter()
            .map(|v| (v * 100.0).round() / 100.0)
            .collect::<Vec<_>>()
    ));
}

/// Checks a solution of `residual_forward`.
pub fn residual_forward(
    solution: impl Fn(
        &ResidualMlp<f32, AutoDevice>,
        Traced<(usize, Const<PIXELS>)>,
    ) -> Traced<(usize, Const<CLASSES>)>,
) {
    forward_case(
        &solution,
        "test digits #0–#3, with the weights of a residual tuple built with seed 1",
        &residual_tuple(1),
        test_digits(&[0, 1, 2, 3]),
    );
    forward_case(
        &solution,
        "3 rows of N(0, 1) noise, with the weights of a residual tuple built with seed 2",
        &residual_tuple(2),
        noise(3, 5),
    );
    forward_case(
        &solution,
        "test digit #0 alone, with the lesson's seed",
        &residual_tuple(SEED),
        test_digits(&[0]),
    );
}

/// The struct's weights and biases with their names, as numbers.
fn weights(model: &ResidualMlp<f32, AutoDevice>) -> [(&'static str, Vec<f32>); 6] {
    [
        ("fc1.weight", model.fc1.weight.as_vec()),
        ("fc1.bias", model.fc1.bias.as_vec()),
        ("fc2.weight", model.fc2.weight.as_vec()),
        ("fc2.bias", model.fc2.bias.as_vec()),
        ("fc3.weight", model.fc3.weight.as_vec()),
        ("fc3.bias", model.fc3.bias.as_vec()),
    ]
}

/// Checks a conversion on one tuple: the weights, then the outputs on some test digits.
fn conversion_case(
    solution: &impl Fn(&ResidualSequentialNet) -> ResidualMlp<f32, AutoDevice>,
    input: &str,
    tuple: ResidualSequentialNet,
) {
    let case = Case::new("residual_from_tuple", input);
    let model = case.run(|| solution(&tuple));
    for ((name, got), (_, want)) in weights(&model).iter().zip(&weights(&struct_of(&tuple))) {
        case.expect_all_close(name, got, want, 0.0);
    }
    // The struct's forward pass is the other exercise: compute it on the host instead.
    let x = test_digits(&[7, 8, 9]);
    let on_host = residual(
        &HostLinear::of(&model.fc1),
        &HostLinear::of(&model.fc2),
        &HostLinear::of(&model.fc3),
        &numbers(&x),
    );
    let from_tuple = tuple.forward(x).as_vec();
    case.expect_all_close(
        "the struct's logits for test digits #7–#9",
        &to_f32(&on_host),
        &from_tuple,
        1e-4,
    );
    case.show("the tuple's weights, and its outputs");
}

/// Checks a solution of `residual_from_tuple`.
pub fn residual_from_tuple(
    solution: impl Fn(&ResidualSequentialNet) -> ResidualMlp<f32, AutoDevice>,
) {
    conversion_case(
        &solution,
        "a residual tuple built with seed 1",
        residual_tuple(1),
    );
    conversion_case(
        &solution,
        "a residual tuple built with seed 2",
        residual_tuple(2),
    );
    // Weights no seed draws: the middle layer's scaled up, as training might leave them.
    let mut trained = residual_tuple(3);
    trained.2 .0 .0.weight = trained.2 .0 .0.weight.clone() * 3.0;
    trained.2 .0 .0.bias = trained.2 .0 .0.bias.clone() + 0.5;
    conversion_case(
        &solution,
        "a residual tuple built with seed 3 whose middle layer was then changed",
        trained,
    );
}
