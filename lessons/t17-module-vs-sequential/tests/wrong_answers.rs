//! Answers that look right on the lesson's own data but are wrong, and literals: the checks must
//! reject every one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use checks::Traced;
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;
use t17_module_vs_sequential::{ResidualMlp, ResidualSequentialNet, SEED};

type Model = ResidualMlp<f32, AutoDevice>;

/// The skip connection detached: both uses of `h` take `with_empty_tape()`, so `h`'s own tape,
/// which holds `fc1`'s operations, is dropped. The logits are right; no gradient reaches `fc1`.
fn detached_skip(
    model: &Model,
    x: Traced<(usize, Const<PIXELS>)>,
) -> Traced<(usize, Const<CLASSES>)> {
    let h = model.fc1.forward(x).relu();
    let branch = model.fc2.forward(h.with_empty_tape()).relu();
    model.fc3.forward(branch + h.with_empty_tape())
}

#[test]
#[should_panic(expected = "expected a gradient for fc1.weight")]
fn residual_forward_rejects_a_detached_skip_connection() {
    checks::residual_forward(detached_skip);
}

/// The original ResNet's order, the ReLU after the sum: relu(h + fc2(h)). Not the tuple's
/// `Residual<(Linear, ReLU)>`, which adds after its ReLU.
fn relu_after_the_sum(
    model: &Model,
    x: Traced<(usize, Const<PIXELS>)>,
) -> Traced<(usize, Const<CLASSES>)> {
    let h = model.fc1.forward(x).relu();
    let branch = model.fc2.forward(h.with_empty_tape());
    model.fc3.forward((branch + h).relu())
}

#[test]
#[should_panic(expected = "`residual_forward` is wrong for test digits #0–#3")]
fn residual_forward_rejects_the_relu_after_the_sum() {
    checks::residual_forward(relu_after_the_sum);
}

/// The plain network: no skip connection at all.
fn no_skip(model: &Model, x: Traced<(usize, Const<PIXELS>)>) -> Traced<(usize, Const<CLASSES>)> {
    let h = model.fc1.forward(x).relu();
    model.fc3.forward(model.fc2.forward(h).relu())
}

#[test]
#[should_panic(expected = "expected the logits[0]")]
fn residual_forward_rejects_the_network_without_the_skip() {
    checks::residual_forward(no_skip);
}

/// A literal: the logits the lesson printed for test digit #0, for every row, whatever the input
/// (the input's tape is kept, so that the gradient check runs).
fn printed_logits(
    _model: &Model,
    x: Traced<(usize, Const<PIXELS>)>,
) -> Traced<(usize, Const<CLASSES>)> {
    let printed = [-2.7, -9.4, -4.6, -5.0, 8.0, 0.3, -0.6, -4.0, 0.8, 2.4];
    let rows = x.shape().0;
    let dev = x.device().clone();
    let literal = dev.tensor_from_vec(printed.repeat(rows), (rows, Const::<CLASSES>));
    let zero = x.sum::<(usize,), _>() * 0.0;
    zero.broadcast_like(&(rows, Const::<CLASSES>)) + literal
}

#[test]
#[should_panic(expected = "`residual_forward` is wrong for test digits #0–#3")]
fn residual_forward_rejects_the_printed_logits() {
    checks::residual_forward(printed_logits);
}

/// A literal: a struct built from the lesson's seed, which happens to draw the lesson's tuple's
/// weights (the fields are visited in the same order), and no other tuple's.
fn built_from_the_lessons_seed(_tuple: &ResidualSequentialNet) -> Model {
    ResidualMlp::build(&AutoDevice::seed_from_u64(SEED))
}

#[test]
#[should_panic(expected = "`residual_from_tuple` is wrong for a residual tuple built with seed 1")]
fn residual_from_tuple_rejects_a_struct_built_from_the_lessons_seed() {
    checks::residual_from_tuple(built_from_the_lessons_seed);
}

/// Copies the two outer layers and builds the one inside `Residual` afresh.
fn forgets_the_inner_layer(tuple: &ResidualSequentialNet) -> Model {
    let fresh = ResidualMlp::build(&AutoDevice::seed_from_u64(42));
    ResidualMlp {
        fc1: tuple.0.clone(),
        fc2: fresh.fc2,
        fc3: tuple.3.clone(),
    }
}

#[test]
#[should_panic(expected = "expected fc2.weight[0]")]
fn residual_from_tuple_rejects_a_fresh_inner_layer() {
    checks::residual_from_tuple(forgets_the_inner_layer);
}
