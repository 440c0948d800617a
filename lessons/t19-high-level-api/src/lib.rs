//! # t19 · A high-level API on a low-level one
//!
//! **Question.** How does Keras fit into TensorFlow 2?
//!
//! **Answer.** Keras is TensorFlow 2's high-level API, and a layer of ordinary code over
//! TensorFlow's operations: a `Dense` layer is a matrix product, an addition and an activation,
//! `fit` is a loop that calls `train_step` on every batch, and on TensorFlow `train_step` is a
//! forward pass under a `GradientTape`, the loss, `tape.gradient` and
//! `optimizer.apply_gradients`. Since TensorFlow 2.16, `tf.keras` is Keras 3, a package of its
//! own that runs the same API on TensorFlow, JAX or PyTorch. The course's counterpart is
//! [`kit::keras`]: `Model::sequential`, `compile`, `fit` (with a validation split, returning a
//! `History`), `evaluate` and `predict`, each a few lines over dfdx and `kit::train`. Trained
//! from the same seed, the high-level and the low-level calls give the same weights, bit for
//! bit. In Rust the layer can be typed: only a compiled model has `fit`, so calling it before
//! `compile` does not compile; the batch size is a const generic; a bad argument comes back as
//! an `Err`. Mixing levels means plugging low-level code into the high-level loop: a
//! [`GradientStep`](kit::keras::GradientStep) sees every gradient between `backward` and the optimizer's update. Clipping
//! the gradients' global norm to 1 lets SGD with a learning rate of 1.0 reach 84% test accuracy
//! in three epochs, where the same run without clipping stalls at 42%.
//!
//! Run it with `cargo xtask run t19`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::{Adam, Sgd};
use dfdx::prelude::*;
use kit::keras::{ClipByGlobalNorm, Fit, KerasError, Model};
use kit::train::{self, EpochRecord, FitConfig, History, Metrics};
use kit::{percent, thousands};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t19-high-level-api.rs")]
pub mod exercises;

/// The curriculum's network: 784 pixels → 64 → 32 → 10 logits, with ReLU between the layers.
pub type Mlp = (
    (Linear<PIXELS, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, CLASSES>,
);

/// The network once built: its layers holding weight and bias tensors.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;

/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the training part of the data.
pub const EPOCHS: usize = 3;
/// The share of the training digits held out for validation: Keras's `validation_split=0.2`.
pub const VALIDATION_SPLIT: f64 = 0.2;
/// Seeds the weights and the shuffle of every run.
pub const SEED: u64 = 0;
/// A learning rate too large for plain SGD on this network: the mixing-levels example.
pub const LARGE_LEARNING_RATE: f64 = 1.0;
/// The global norm that [`ClipByGlobalNorm`] lets through.
pub const MAX_NORM: f32 = 1.0;
/// The test accuracy the high-level run must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.85;

/// What a training run produced.
pub struct Trained {
    /// The trained network.
    pub network: Network,
    /// Training and validation metrics, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
}

// ANCHOR: high_level
/// Builds, compiles, fits and evaluates the network with the high-level calls of
/// [`kit::keras`]: Keras's `Sequential`, `compile`, `fit(validation_split=0.2)` and `evaluate`.
pub fn high_level(train: &Split, test: &Split) -> Result<Trained, KerasError> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = Model::sequential::<Mlp>(&dev);
    let adam = Adam::new(model.network(), AdamConfig::default()); // learning rate 0.001
    let mut model = model.compile(adam);
    let options = Fit {
        epochs: EPOCHS,
        validation_split: VALIDATION_SPLIT,
        shuffle_seed: SEED,
    };
    let history = model.fit::<BATCH>(train, options, |_| Ok(()))?;
    let test = model.evaluate(test)?;
    Ok(Trained {
        network: model.into_network(),
        history,
        test,
    })
}
// ANCHOR_END: high_level

// ANCHOR: low_level
/// The same run with the low-level calls that [`high_level`] makes for you: build the tuple,
/// create the optimizer, hold out the last fifth, run `kit::train`'s loop, evaluate.
pub fn low_level(train: &Split, test: &Split) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut network = dev.build_module::<Mlp, f32>();
    let mut adam = Adam::new(&network, AdamConfig::default());
    let at = (train.len() as f64 * (1.0 - VALIDATION_SPLIT)).floor() as usize;
    let (train_part, validation_part) = train.split_at(at);
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: Some(&validation_part),
    };
    let quiet = |_: &EpochRecord| Ok(());
    let history =
        train::fit::<BATCH, _, _, _>(&mut network, &mut adam, &train_part, config, &dev, quiet)?;
    let test = train::evaluate(&network, test, &dev);
    Ok(Trained {
        network,
        history,
        test,
    })
}
// ANCHOR_END: low_level

/// Calling `fit` before `compile` is refused by the compiler, not at run time: [`Model`] has no
/// `fit` method, only the `Compiled` model that `compile` returns has one. This doc test proves
/// that the lines below do not compile:
///
// ANCHOR: fit_before_compile
/// ```compile_fail
/// use dfdx::prelude::*;
/// use kit::keras::{Fit, Model};
/// use t19_high_level_api::Mlp;
///
/// let dev = AutoDevice::default();
/// let train = datasets::Mnist::embedded().train.head(64);
/// let mut model = Model::sequential::<Mlp>(&dev);
/// let history = model.fit::<32>(&train, Fit::default(), |_| Ok(()));
/// ```
// ANCHOR_END: fit_before_compile
///
/// and that the same lines with `compile` in between do:
///
// ANCHOR: fit_after_compile
/// ```
/// use dfdx::optim::Adam;
/// use dfdx::prelude::*;
/// use kit::keras::{Fit, Model};
/// use t19_high_level_api::Mlp;
///
/// let dev = AutoDevice::default();
/// let train = datasets::Mnist::embedded().train.head(64);
/// let model = Model::sequential::<Mlp>(&dev);
/// let adam = Adam::new(model.network(), AdamConfig::default());
/// let mut model = model.compile(adam);
/// let history = model.fit::<32>(&train, Fit::default(), |_| Ok(()));
/// assert_eq!(history.unwrap().epochs.len(), 1);
/// ```
// ANCHOR_END: fit_after_compile
pub const FIT_NEEDS_COMPILE: () = ();

/// What a run of plain SGD produced, with or without clipping.
pub struct SgdRun {
    /// Training and validation metrics, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
    /// The global norm of every batch's gradients before clipping, batch after batch.
    pub norms: Vec<f32>,
}

// ANCHOR: mixing
/// Trains the network with plain SGD at [`LARGE_LEARNING_RATE`], from the same seed as the
/// other runs, with a custom step in the loop: [`ClipByGlobalNorm`], which scales every batch's
/// gradients down to a global norm of at most `max_norm`. With `f32::INFINITY` it clips
/// nothing, and the run is plain SGD's, weight for weight; it still records the norms.
pub fn sgd_run(train: &Split, test: &Split, max_norm: f32) -> Result<SgdRun, KerasError> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = Model::sequential::<Mlp>(&dev);
    let sgd = Sgd::new(
        model.network(),
        SgdConfig {
            lr: LARGE_LEARNING_RATE,
            momentum: None,
            weight_decay: None,
        },
    );
    let mut model = model
        .compile(sgd)
        .with_step(ClipByGlobalNorm::new(max_norm));
    let options = Fit {
        epochs: EPOCHS,
        validation_split: VALIDATION_SPLIT,
        shuffle_seed: SEED,
    };
    let history = model.fit::<BATCH>(train, options, |_| Ok(()))?;
    let test = model.evaluate(test)?;
    let norms = model.optimizer().step().norms.clone();
    Ok(SgdRun {
        history,
        test,
        norms,
    })
}
// ANCHOR_END: mixing

/// Every weight and bias of `network`, layer after layer.
pub fn weights(network: &Network) -> Vec<f32> {
    let ((first, _), (second, _), third) = network;
    [
        first.weight.as_vec(),
        first.bias.as_vec(),
        second.weight.as_vec(),
        second.bias.as_vec(),
        third.weight.as_vec(),
        third.bias.as_vec(),
    ]
    .concat()
}

/// The largest of some norms (0 for none).
pub fn largest(norms: &[f32]) -> f32 {
    norms.iter().copied().fold(0.0, f32::max)
}

/// Prints the lesson: the same training at two levels, the arguments the high level refuses,
/// and a custom step inside the high-level loop.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t19 · A high-level API on a low-level one")?;
    writeln!(out)?;
    writeln!(
        out,
        "One network, 784 → 64 → 32 → 10 with ReLU, Adam with learning rate 0.001, {EPOCHS} \
         epochs"
    )?;
    writeln!(
        out,
        "of batches of {BATCH}, the last {}% of the {} training digits held out for validation,",
        VALIDATION_SPLIT * 100.0,
        thousands(mnist.train.len())
    )?;
    writeln!(out, "trained twice from seed {SEED}:")?;
    writeln!(
        out,
        "  high level  kit::keras  Model::sequential, compile, fit, evaluate"
    )?;
    writeln!(
        out,
        "  low level   kit::train  build_module, Adam::new, split_at, train::fit, train::evaluate"
    )?;
    writeln!(out)?;
    let high = high_level(&mnist.train, &mnist.test)?;
    let low = low_level(&mnist.train, &mnist.test)?;
    writeln!(
        out,
        "              val_accuracy by epoch{}   test loss   test accuracy",
        " ".repeat(7 * EPOCHS.saturating_sub(3))
    )?;
    for (name, run) in [("high level", &high), ("low level ", &low)] {
        write!(out, "  {name}")?;
        for record in &run.history.epochs {
            let validation = record.validation.map_or(f32::NAN, |v| v.accuracy);
            write!(out, " {}", percent(validation))?;
        }
        writeln!(
            out,
            "     {:>9.3}          {}",
            run.test.loss,
            percent(run.test.accuracy)
        )?;
    }
    let (high_weights, low_weights) = (weights(&high.network), weights(&low.network));
    let equal = high_weights
        .iter()
        .zip(&low_weights)
        .filter(|(h, l)| h.to_bits() == l.to_bits())
        .count();
    writeln!(
        out,
        "  weights equal bit for bit: {} of {}",
        thousands(equal),
        thousands(high_weights.len())
    )?;
    writeln!(out)?;

    write_refusals(out, mnist)?;
    writeln!(out)?;

    writeln!(
        out,
        "Mixing levels: plain SGD with a learning rate of {LARGE_LEARNING_RATE:.1}, too large, \
         from the same seed,"
    )?;
    writeln!(
        out,
        "without and with a custom step that clips the gradients' global norm to {MAX_NORM:.1}:"
    )?;
    writeln!(out)?;
    let plain = sgd_run(&mnist.train, &mnist.test, f32::INFINITY)?;
    let clipped = sgd_run(&mnist.train, &mnist.test, MAX_NORM)?;
    write_clipping_table(out, &plain, &clipped)?;
    writeln!(
        out,
        "  test accuracy: {} without clipping, {} with",
        percent(plain.test.accuracy).trim_start(),
        percent(clipped.test.accuracy).trim_start()
    )
}

/// Three calls the high-level API refuses, and the message each one returns.
fn write_refusals(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(
        out,
        "Arguments the high level refuses, as values of KerasError:"
    )?;
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = Model::sequential::<Mlp>(&dev);
    let adam = Adam::new(model.network(), AdamConfig::default());
    let mut model = model.compile(adam);
    let whole_split = Fit {
        validation_split: 1.0,
        ..Fit::default()
    };
    let few = mnist.train.head(40);
    let quarter = Fit {
        validation_split: 0.25,
        ..Fit::default()
    };
    let refused = [
        (
            "fit with validation_split 1.0".to_string(),
            model
                .fit::<BATCH>(&mnist.train, whole_split, |_| Ok(()))
                .err(),
        ),
        (
            format!(
                "fit::<{BATCH}> on {} examples with validation_split 0.25",
                few.len()
            ),
            model.fit::<BATCH>(&few, quarter, |_| Ok(())).err(),
        ),
        (
            "evaluate on 0 examples".to_string(),
            model.evaluate(&mnist.test.head(0)).err(),
        ),
    ];
    for (call, error) in refused {
        writeln!(out, "  {call}")?;
        match error {
            Some(error) => writeln!(out, "    → {error}")?,
            None => writeln!(out, "    → accepted")?,
        }
    }
    writeln!(
        out,
        "  (fit before compile is no error at run time: it does not compile)"
    )
}

/// The two SGD runs side by side, epoch by epoch, with their gradients' global norms.
fn write_clipping_table(out: &mut dyn Write, plain: &SgdRun, clipped: &SgdRun) -> io::Result<()> {
    writeln!(
        out,
        "         without clipping                  with ClipByGlobalNorm({MAX_NORM:.1})"
    )?;
    writeln!(
        out,
        "  epoch   loss  val_accuracy  largest norm   loss  val_accuracy  largest norm  clipped"
    )?;
    let batches = |run: &SgdRun, epoch: usize| {
        let per_epoch = run.norms.len() / run.history.epochs.len().max(1);
        run.norms[(epoch - 1) * per_epoch..epoch * per_epoch].to_vec()
    };
    let accuracy =
        |record: &EpochRecord| percent(record.validation.map_or(f32::NAN, |v| v.accuracy));
    for (without, with) in plain.history.epochs.iter().zip(&clipped.history.epochs) {
        let (norms_without, norms_with) =
            (batches(plain, without.epoch), batches(clipped, with.epoch));
        let over = norms_with.iter().filter(|&&norm| norm > MAX_NORM).count();
        writeln!(
            out,
            "  {:>5}  {:.3}        {}  {:>12.3}  {:.3}        {}  {:>12.3}  {:>7}",
            with.epoch,
            without.train.loss,
            accuracy(without),
            largest(&norms_without),
            with.train.loss,
            accuracy(with),
            largest(&norms_with),
            format!("{}%", 100 * over / norms_with.len()),
        )?;
    }
    Ok(())
}
