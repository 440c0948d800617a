//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use datasets::{Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::keras::{Fit, KerasError, Model};
use kit::train::{History, Metrics};
use t05_create_a_network::{Mlp, Network};

type Images = Tensor<(usize, Const<PIXELS>), f32, AutoDevice>;
type Probabilities = Tensor<(usize, Const<CLASSES>), f32, AutoDevice>;

/// One dense layer by hand: x · Wᵀ + b.
fn dense<const I: usize, const O: usize>(
    x: Tensor<(usize, Const<I>), f32, AutoDevice>,
    layer: &dfdx::nn::modules::Linear<I, O, f32, AutoDevice>,
) -> Tensor<(usize, Const<O>), f32, AutoDevice> {
    let y = x.matmul(layer.weight.clone().permute());
    y.clone() + layer.bias.clone().broadcast_like(&y)
}

/// Forgets the ReLU after the second layer.
fn one_relu_missing(network: &Network, images: Images) -> Probabilities {
    let ((first, _), (second, _), third) = network;
    let hidden = dense(images, first).relu();
    let hidden = dense(hidden, second);
    dense(hidden, third).softmax::<Axis<1>>()
}

#[test]
#[should_panic(expected = "`predict_by_hand` is wrong for the first 5 test digits")]
fn predict_by_hand_rejects_a_missing_relu() {
    checks::predict_by_hand(one_relu_missing);
}

/// The softmax along the batch instead of along the digits.
fn softmax_over_the_batch(network: &Network, images: Images) -> Probabilities {
    let ((first, _), (second, _), third) = network;
    let hidden = dense(images, first).relu();
    let hidden = dense(hidden, second).relu();
    dense(hidden, third).softmax::<Axis<0>>()
}

#[test]
#[should_panic(expected = "expected the probabilities[0] = ")]
fn predict_by_hand_rejects_a_softmax_over_the_batch() {
    checks::predict_by_hand(softmax_over_the_batch);
}

/// The softmax written as exp / sum: right for small logits, NaN once exp overflows.
fn exp_over_sum(network: &Network, images: Images) -> Probabilities {
    let ((first, _), (second, _), third) = network;
    let hidden = dense(images, first).relu();
    let hidden = dense(hidden, second).relu();
    let e = dense(hidden, third).exp();
    let sums = e.clone().sum::<(usize,), _>().broadcast_like(&e);
    e / sums
}

#[test]
#[should_panic(expected = "`predict_by_hand` is wrong for 2 rows of random pixels")]
fn predict_by_hand_rejects_exp_over_sum() {
    checks::predict_by_hand(exp_over_sum);
}

/// A literal: one chance in ten for every digit.
fn uniform(_network: &Network, images: Images) -> Probabilities {
    let rows = images.shape().0;
    AutoDevice::default().ones_like(&(rows, Const::<CLASSES>)) * 0.1
}

#[test]
#[should_panic(expected = "`predict_by_hand` is wrong for the first 5 test digits")]
fn predict_by_hand_rejects_a_literal() {
    checks::predict_by_hand(uniform);
}

/// The workflow with the lesson's network, 784 → 64 → 32 → 10, and the given batch size and
/// validation split (all else as asked).
fn workflow<A, const B: usize>(
    train: &Split,
    test: &Split,
    seed: u64,
    epochs: usize,
    validation_split: f64,
) -> Result<(History, Metrics), KerasError>
where
    A: BuildOnDevice<AutoDevice, f32>,
    A::Built: kit::train::TrainableClassifier<B, AutoDevice>
        + kit::train::EvaluableClassifier<AutoDevice>
        + Clone,
{
    let dev = AutoDevice::seed_from_u64(seed);
    let model = Model::sequential::<A>(&dev);
    let adam = Adam::new(model.network(), AdamConfig::default());
    let mut model = model.compile(adam);
    let options = Fit {
        epochs,
        validation_split,
        shuffle_seed: seed,
    };
    let history = model.fit::<B>(train, options, |_| Ok(()))?;
    Ok((history, model.evaluate(test)?))
}

type Small = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);

#[test]
#[should_panic(expected = "expected the training loss of each epoch[0] = ")]
fn create_compile_fit_rejects_the_lessons_network() {
    checks::create_compile_fit(workflow::<Mlp, 32>);
}

#[test]
#[should_panic(expected = "expected the training loss of each epoch[0] = ")]
fn create_compile_fit_rejects_batches_of_64() {
    checks::create_compile_fit(workflow::<Small, 64>);
}

#[test]
#[should_panic(expected = "expected a validation record after every epoch (validation_split)")]
fn create_compile_fit_rejects_a_fit_without_validation() {
    checks::create_compile_fit(|train, test, seed, epochs, _split| {
        workflow::<Small, 32>(train, test, seed, epochs, 0.0)
    });
}

#[test]
#[should_panic(expected = "expected the number of epochs in the history = 2, got 0")]
fn create_compile_fit_rejects_a_literal() {
    checks::create_compile_fit(|_: &Split, _: &Split, _, _, _| {
        Ok((
            History::default(),
            Metrics {
                loss: 2.303,
                accuracy: 0.1,
            },
        ))
    });
}
