//! What t05's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `predict_by_hand` is compared with `predict` of `kit::keras` (dfdx's own forward pass and
//! softmax) on untrained and trained networks, on digits and on unscaled pixels large enough to
//! overflow a softmax written as exp / sum. `create_compile_fit` is compared with the same
//! workflow written with the low-level calls of `kit::train` (what each verb runs), on two sets
//! of arguments, and must return an error for a validation split that is not a share.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::check::Case;
use kit::keras::{KerasError, Model};
use kit::train::{self, FitConfig, History, Metrics};
use t05_create_a_network::{Mlp, Network};

/// Images as rows of pixels, any number of rows.
type Images = Tensor<(usize, Const<PIXELS>), f32, AutoDevice>;
/// Probabilities, one row of ten per image.
type Probabilities = Tensor<(usize, Const<CLASSES>), f32, AutoDevice>;

/// The first `n` images of `split`, scaled to [0, 1], as one batch.
fn images(split: &Split, n: usize, dev: &AutoDevice) -> Images {
    split
        .batch::<usize, _>(&(0..n).collect::<Vec<_>>(), dev)
        .images
}

/// Checks one call of `predict_by_hand` against `predict`.
fn predict_case(
    solution: &impl Fn(&Network, Images) -> Probabilities,
    input: &str,
    network: &Network,
    x: Images,
) {
    let dev = AutoDevice::default();
    let expected = Model::new(network.clone(), &dev)
        .predict(x.clone())
        .as_vec();
    let case = Case::new("predict_by_hand", input);
    let got = case.run(|| solution(network, x)).as_vec();
    case.expect_all_close("the probabilities", &got, &expected, 1e-5);
    let first = &got[..CLASSES.min(got.len())];
    let most = (0..first.len())
        .reduce(|best, d| if first[d] > first[best] { d } else { best })
        .unwrap_or(0);
    case.show(format!(
        "the first image is a {most} with probability {:.3}",
        first.get(most).copied().unwrap_or(f32::NAN)
    ));
}

/// Checks a solution of `predict_by_hand`.
pub fn predict_by_hand(solution: impl Fn(&Network, Images) -> Probabilities) {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::seed_from_u64(1);
    let untrained = dev.build_module::<Mlp, f32>();
    predict_case(
        &solution,
        "the first 5 test digits and an untrained network (seed 1)",
        &untrained,
        images(&mnist.test, 5, &dev),
    );

    let dev = AutoDevice::seed_from_u64(2);
    let mut trained = dev.build_module::<Mlp, f32>();
    let mut adam = Adam::new(&trained, AdamConfig::default());
    let config = FitConfig {
        epochs: 1,
        shuffle_seed: 2,
        validation: None,
    };
    let examples = mnist.train.head(320);
    train::fit::<32, _, _, _>(&mut trained, &mut adam, &examples, config, &dev, |_| Ok(()))
        .expect("one epoch trains");
    predict_case(
        &solution,
        "the first 3 training digits and a network trained for one epoch (seed 2)",
        &trained,
        images(&mnist.train, 3, &dev),
    );

    // Pixels up to 2,550 instead of 1: logits in the hundreds, whose exp overflows f32.
    let dev = AutoDevice::seed_from_u64(3);
    let network = dev.build_module::<Mlp, f32>();
    let x: Images = dev.sample_uniform_like(&(2, Const)) * 2550.0;
    predict_case(
        &solution,
        "2 rows of random pixels from 0 to 2,550, network seed 3 (logits in the hundreds)",
        &network,
        x,
    );
}

/// The curriculum's other network, for the reference workflow.
type Small = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);

/// The workflow of `create_compile_fit` with the low-level calls that its verbs make.
fn low_level(
    train: &Split,
    test: &Split,
    seed: u64,
    epochs: usize,
    validation_split: f64,
) -> (History, Metrics) {
    let dev = AutoDevice::seed_from_u64(seed);
    let mut network = dev.build_module::<Small, f32>();
    let mut adam = Adam::new(&network, AdamConfig::default());
    let at = (train.len() as f64 * (1.0 - validation_split)).floor() as usize;
    let (train_part, validation_part) = train.split_at(at);
    let config = FitConfig {
        epochs,
        shuffle_seed: seed,
        validation: Some(&validation_part),
    };
    let history =
        train::fit::<32, _, _, _>(&mut network, &mut adam, &train_part, config, &dev, |_| {
            Ok(())
        })
        .expect("the reference trains");
    (history, train::evaluate(&network, test, &dev))
}

/// The workflow: training and test sets, seed, epochs, validation split.
pub trait Workflow:
    Fn(&Split, &Split, u64, usize, f64) -> Result<(History, Metrics), KerasError>
{
}

impl<F> Workflow for F where
    F: Fn(&Split, &Split, u64, usize, f64) -> Result<(History, Metrics), KerasError>
{
}

/// Checks one call of `create_compile_fit` against the low-level workflow.
fn workflow_case(
    solution: &impl Workflow,
    input: &str,
    (train, test): (&Split, &Split),
    seed: u64,
    epochs: usize,
    validation_split: f64,
) {
    let (history, metrics) = low_level(train, test, seed, epochs, validation_split);
    let case = Case::new("create_compile_fit", input);
    let result = case.run(|| solution(train, test, seed, epochs, validation_split));
    let (got_history, got_metrics) = match result {
        Ok(done) => done,
        Err(err) => {
            case.expect(false, &format!("no error, got: {err}"));
            unreachable!()
        }
    };
    case.expect_eq(
        "the number of epochs in the history",
        got_history.epochs.len(),
        epochs,
    );
    case.expect(
        got_history.epochs.iter().all(|e| e.validation.is_some()),
        "a validation record after every epoch (validation_split)",
    );
    let column = |h: &History, f: fn(&train::EpochRecord) -> f32| -> Vec<f32> {
        h.epochs.iter().map(f).collect()
    };
    let val_accuracy = |e: &train::EpochRecord| e.validation.map_or(f32::NAN, |v| v.accuracy);
    case.expect_all_close(
        "the training loss of each epoch",
        &column(&got_history, |e| e.train.loss),
        &column(&history, |e| e.train.loss),
        1e-5,
    );
    case.expect_all_close(
        "the validation accuracy of each epoch",
        &column(&got_history, val_accuracy),
        &column(&history, val_accuracy),
        1e-6,
    );
    case.expect_close("the test loss", got_metrics.loss, metrics.loss, 1e-5);
    case.expect_close(
        "the test accuracy",
        got_metrics.accuracy,
        metrics.accuracy,
        1e-6,
    );
    case.show(format!(
        "val_accuracy {:.3} after the last epoch, test accuracy {:.3}",
        val_accuracy(got_history.epochs.last().expect("an epoch")),
        got_metrics.accuracy
    ));
}

/// Checks a solution of `create_compile_fit`.
pub fn create_compile_fit(solution: impl Workflow) {
    let mnist = Mnist::embedded();
    let (train, test) = (mnist.train.head(320), mnist.test.head(200));
    workflow_case(
        &solution,
        "320 training and 200 test digits, seed 1, 2 epochs, validation_split 0.25",
        (&train, &test),
        1,
        2,
        0.25,
    );
    let (train, test) = (mnist.test.head(400), mnist.train.head(100));
    workflow_case(
        &solution,
        "400 test digits to train on and 100 training digits to test on, seed 2, 1 epoch, \
         validation_split 0.2",
        (&train, &test),
        2,
        1,
        0.2,
    );
    let case = Case::new(
        "create_compile_fit",
        "320 training digits, validation_split 1.5",
    );
    let result = case.run(|| solution(&mnist.train.head(320), &test, 3, 1, 1.5));
    match result {
        Err(err @ KerasError::BadValidationSplit { .. }) => case.show(format!("refused: {err}")),
        _ => case.expect(false, "the error of fit, KerasError::BadValidationSplit"),
    }
}
