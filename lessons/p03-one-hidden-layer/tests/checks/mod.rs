//! What p03's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The loss is compared with dfdx's one-hot loss, value and gradient, on two batches; one of them
//! has logits large enough to break a softmax followed by a logarithm. The training step is
//! compared with one batch of `kit::train::train_one_epoch`, the loop the lesson trains with, on
//! batches of two sizes and over two steps in a row (the second step uses the moments Adam kept
//! from the first).

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use indicatif::ProgressBar;
use kit::check::Case;
use p03_one_hidden_layer::{Network, OneHiddenLayer};
use rand::rngs::StdRng;
use rand::SeedableRng;

/// Logits of `B` examples that record a tape.
type TracedLogits<const B: usize> =
    Tensor<Rank2<B, CLASSES>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;
/// A loss that records a tape.
type TracedLoss = Tensor<Rank0, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// Checks a loss on one batch against the built-in one-hot loss, in value and in gradient.
fn sparse_loss_case<const B: usize>(
    solution: impl Fn(TracedLogits<B>, [usize; B]) -> TracedLoss,
    input: &str,
    logits: Tensor<Rank2<B, CLASSES>, f32, AutoDevice>,
    labels: [usize; B],
) {
    let dev = logits.device().clone();
    let mut one_hot = [[0.0f32; CLASSES]; B];
    for (row, &label) in labels.iter().enumerate() {
        one_hot[row][label] = 1.0;
    }
    let built_in = cross_entropy_with_logits_loss(logits.leaky_trace(), dev.tensor(one_hot));
    let case = Case::new("sparse_cross_entropy", input);
    let sparse = case.run(|| solution(logits.leaky_trace(), labels));
    let (expected, got) = (built_in.array(), sparse.array());
    case.expect_close("the loss", got, expected, 1e-4 * expected.abs().max(1.0));

    // The gradient with respect to every logit: (softmax(logits) - one_hot) / B.
    let expected_grad = built_in.backward().get(&logits).as_vec();
    let grad = case.run(|| sparse.backward().get(&logits).as_vec());
    case.expect_all_close("d loss / d logits", &grad, &expected_grad, 1e-5);
    case.show(format!("loss = {got:.4} (one-hot: {expected:.4})"));
}

/// Checks a solution of `sparse_cross_entropy`, on batches of 4 and 6 rows.
pub fn sparse_cross_entropy(
    on_4: impl Fn(TracedLogits<4>, [usize; 4]) -> TracedLoss,
    on_6: impl Fn(TracedLogits<6>, [usize; 6]) -> TracedLoss,
) {
    let dev = AutoDevice::seed_from_u64(3);
    sparse_loss_case(
        on_4,
        "4 rows of N(0, 3²) logits, labels [7, 0, 3, 9]",
        dev.sample_normal() * 3.0,
        [7, 0, 3, 9],
    );
    // A confident network's logits: exp(60) overflows f32, so softmax-then-log gives log(0) =
    // -inf where the true digit is unlikely. The loss itself is finite.
    let dev = AutoDevice::seed_from_u64(4);
    sparse_loss_case(
        on_6,
        "6 rows of N(0, 60²) logits, labels [1, 1, 5, 2, 8, 0]",
        dev.sample_normal() * 60.0,
        [1, 1, 5, 2, 8, 0],
    );
}

/// A training step: the model, its optimizer, a batch of images and their digits; the loss.
pub trait TrainingStep<const B: usize>:
    Fn(
    &mut Network,
    &mut Adam<Network, f32, AutoDevice>,
    Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    [usize; B],
) -> f32
{
}

impl<const B: usize, F> TrainingStep<B> for F where
    F: Fn(
        &mut Network,
        &mut Adam<Network, f32, AutoDevice>,
        Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
        [usize; B],
    ) -> f32
{
}

/// The weights and biases of both layers, in order, with their names.
fn parameters(model: &Network) -> [(&'static str, Vec<f32>); 4] {
    let ((hidden, _relu), output) = model;
    [
        ("the hidden weights", hidden.weight.as_vec()),
        ("the hidden biases", hidden.bias.as_vec()),
        ("the output weights", output.weight.as_vec()),
        ("the output biases", output.bias.as_vec()),
    ]
}

/// Takes two training steps on batches of `B` drawn from the first `B` examples of `split`: the
/// solution's with digit labels, the kit's with one-hot labels, from the same initial weights and
/// the same shuffled batches. After each step, the losses and all weights must agree.
fn training_steps_case<const B: usize>(
    solution: impl TrainingStep<B>,
    input: &str,
    split: &Split,
    seed: u64,
) {
    let dev = AutoDevice::seed_from_u64(seed);
    let mut model = dev.build_module::<OneHiddenLayer, f32>();
    // `clone` shares the weights' buffers, but an update copies a shared buffer before writing.
    let mut reference = model.clone();
    let mut adam: Adam<Network, f32, AutoDevice> = Adam::new(&model, Default::default());
    let mut reference_adam: Adam<Network, f32, AutoDevice> =
        Adam::new(&reference, Default::default());
    let examples = split.head(B);

    for step in 1..=2 {
        let before = parameters(&model);
        let rng = StdRng::seed_from_u64(seed * 100 + step);
        let batch = examples
            .shuffled_batches::<B, _>(&mut rng.clone(), &dev)
            .next()
            .expect("the split holds one batch");
        let labels: [usize; B] = batch.labels.clone().try_into().expect("B labels");
        let expected = kit::train::train_one_epoch::<B, _, _, _>(
            &mut reference,
            &mut reference_adam,
            &examples,
            &mut rng.clone(),
            &dev,
            &ProgressBar::hidden(),
        );

        let input = format!("{input}, step {step}");
        let case = Case::new("sparse_training_step", &input);
        let loss = case.run(|| solution(&mut model, &mut adam, batch.images, labels));
        case.expect_close("the loss before the update", loss, expected.loss, 1e-5);
        let after = parameters(&model);
        case.expect(after != before, "the step to change the model's weights");
        for ((name, got), (_, want)) in after.iter().zip(&parameters(&reference)) {
            case.expect_all_close(name, got, want, 1e-5);
        }
        case.show(format!("loss = {loss:.4}"));
    }
}

/// Checks a solution of `sparse_training_step`, on batches of 32 and of 8.
pub fn sparse_training_step(on_32: impl TrainingStep<32>, on_8: impl TrainingStep<8>) {
    let mnist = Mnist::embedded();
    training_steps_case(
        on_32,
        "a batch of 32 training digits, model seed 1",
        &mnist.train,
        1,
    );
    training_steps_case(
        on_8,
        "a batch of 8 test digits, model seed 2",
        &mnist.test,
        2,
    );
}
