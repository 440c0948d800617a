//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::Mnist;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::keras::{self, Fit, GradientStep, KerasError, Model, Parameter};
use t19_high_level_api::{
    high_level, low_level, sgd_run, walkthrough, weights, Mlp, ACCURACY_FLOOR, BATCH, MAX_NORM,
};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; these say which numbers would be wrong, not only different.
#[test]
fn the_high_level_trains_the_weights_of_the_low_level() {
    let mnist = Mnist::embedded();
    let high = high_level(&mnist.train, &mnist.test).unwrap();
    let low = low_level(&mnist.train, &mnist.test).unwrap();
    assert_eq!(weights(&high.network), weights(&low.network));
    assert_eq!(high.history, low.history);
    assert!(
        high.test.accuracy >= ACCURACY_FLOOR,
        "test accuracy {} < {ACCURACY_FLOOR}",
        high.test.accuracy
    );
    // Keras's validation_split=0.2 of 4,000 examples trains on 3,200 and validates on 800.
    assert_eq!(keras::split_point(4000, 0.2).unwrap(), 3200);
}

/// The final network scored on the last `n` training digits, to compare with the last epoch's
/// validation record.
fn train_metrics_on_last(
    mnist: &Mnist,
    n: usize,
    network: &t19_high_level_api::Network,
) -> kit::train::Metrics {
    let (_, last) = mnist.train.split_at(mnist.train.len() - n);
    kit::train::evaluate(network, &last, &AutoDevice::default())
}

#[test]
fn the_last_validation_record_scores_the_last_fifth() {
    let mnist = Mnist::embedded();
    let high = high_level(&mnist.train, &mnist.test).unwrap();
    let last = high.history.epochs.last().unwrap().validation.unwrap();
    assert_eq!(last, train_metrics_on_last(&mnist, 800, &high.network));
}

/// A step that lets every gradient through unchanged.
struct NoStep;

impl GradientStep<AutoDevice> for NoStep {
    fn adjust(&mut self, _parameters: &mut [Parameter<AutoDevice>]) {}
}

#[test]
fn a_step_that_changes_nothing_changes_no_weight() {
    let train = Mnist::embedded().train.head(320);
    let fit = |with_step: bool| {
        let dev = AutoDevice::seed_from_u64(5);
        let model = Model::sequential::<Mlp>(&dev);
        let adam = Adam::new(model.network(), AdamConfig::default());
        let options = Fit {
            epochs: 2,
            validation_split: 0.25,
            shuffle_seed: 5,
        };
        if with_step {
            let mut model = model.compile(adam).with_step(NoStep);
            model.fit::<BATCH>(&train, options, |_| Ok(())).unwrap();
            weights(model.network())
        } else {
            let mut model = model.compile(adam);
            model.fit::<BATCH>(&train, options, |_| Ok(())).unwrap();
            weights(model.network())
        }
    };
    assert_eq!(fit(true), fit(false));
}

#[test]
fn clipping_rescues_the_large_learning_rate() {
    let mnist = Mnist::embedded();
    let plain = sgd_run(&mnist.train, &mnist.test, f32::INFINITY).unwrap();
    let clipped = sgd_run(&mnist.train, &mnist.test, MAX_NORM).unwrap();
    assert!(
        clipped.test.accuracy > plain.test.accuracy + 0.2,
        "clipped {} vs plain {}",
        clipped.test.accuracy,
        plain.test.accuracy
    );
    // One norm per batch: 3,200 training digits make 100 batches of 32 per epoch.
    assert_eq!(clipped.norms.len(), 3 * 100);
    assert!(clipped.norms.iter().any(|&norm| norm > MAX_NORM));
    // Without the clip, some batch's gradient is longer than any the clipped run sees.
    let largest = |norms: &[f32]| norms.iter().copied().fold(0.0, f32::max);
    assert!(largest(&plain.norms) > largest(&clipped.norms));
}

#[test]
fn refused_arguments_are_errors() {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::default();
    let model = Model::sequential::<Mlp>(&dev);
    let adam = Adam::new(model.network(), AdamConfig::default());
    let mut model = model.compile(adam);
    let with_split = |validation_split| Fit {
        validation_split,
        ..Fit::default()
    };
    for split in [1.0, -0.1, f64::NAN] {
        let err = model
            .fit::<BATCH>(&mnist.train, with_split(split), |_| Ok(()))
            .unwrap_err();
        assert!(
            matches!(err, KerasError::BadValidationSplit { .. }),
            "{err}"
        );
    }
    let err = model
        .fit::<BATCH>(&mnist.train.head(1), with_split(0.5), |_| Ok(()))
        .unwrap_err();
    assert!(matches!(err, KerasError::NothingToValidate { .. }), "{err}");
    let err = model
        .fit::<BATCH>(&mnist.train.head(40), with_split(0.25), |_| Ok(()))
        .unwrap_err();
    assert!(
        matches!(
            err,
            KerasError::FewerThanOneBatch {
                examples: 30,
                batch: 32
            }
        ),
        "{err}"
    );
    let err = model.evaluate(&mnist.test.head(0)).unwrap_err();
    assert!(matches!(err, KerasError::NothingToEvaluate), "{err}");
    // A refusal becomes an InvalidInput io::Error, which `kit::run_lesson` reports in one line.
    let io: std::io::Error = KerasError::NothingToEvaluate.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
}
