//! # p03 · A network with one hidden layer
//!
//! **Question.** Build a network with one hidden layer of 64 ReLU units and a 10-way softmax
//! output, compile it with Adam and sparse categorical cross-entropy, and train it on MNIST.
//!
//! **Answer.** In dfdx the network is described by a type,
//! `((Linear<784, 64>, ReLU), Linear<64, 10>)`, made of builder types that hold no weights;
//! `dev.build_module` creates seeded random weights and returns the built network ([`Network`]),
//! whose `Linear`s hold `weight` and `bias` tensors. Keras' `compile` has no counterpart: the
//! optimizer is a value, `Adam::new(&model, ...)`, which takes the model only for its type (Adam's
//! moment estimates start empty and fill in on the first update), and the loss is a function
//! called in the loop. `fit` is that loop, written out in [`kit::train::train_one_epoch`]:
//! `forward_mut` on a traced batch, the loss, `backward`, `optimizer.update`, `zero_grads`. The
//! softmax is not a layer of the model: `cross_entropy_with_logits_loss` applies it inside the
//! loss, where the log of a softmax can be computed without overflow, and prediction only needs
//! the largest logit. Trained for 10 epochs on the 4,000 embedded digits, the network classifies
//! 92% of the 1,000 test digits correctly, in under a second (release build).
//!
//! Run it with `cargo xtask run p03`; `cargo xtask run p03 -- --full` trains on full MNIST
//! after `cargo xtask fetch-data`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::train::{self, EpochRecord, FitConfig, History, Metrics};
use kit::{percent, thousands};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/p03-one-hidden-layer.rs")]
pub mod exercises;

// ANCHOR: model
/// Keras: `Sequential([Dense(64, activation="relu"), Dense(10, activation="softmax")])` on
/// flattened 28×28 images, minus the softmax, which the loss applies. The tuple runs its layers
/// in order. These are builder types and hold no weights: `build_module` turns them into
/// [`Network`], in which each `Linear` holds a `weight` matrix and a `bias` vector.
pub type OneHiddenLayer = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);
// ANCHOR_END: model

/// Examples per training step: Keras' default `batch_size`.
pub const BATCH: usize = 32;
/// Passes over the training set.
pub const EPOCHS: usize = 10;
/// Seeds the initial weights and the shuffle, so every run trains the same network.
pub const SEED: u64 = 0;
/// The test accuracy the embedded sample must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.88;

/// The network once built on a device: its layers holding weight and bias tensors.
pub type Network = <OneHiddenLayer as BuildOnDevice<AutoDevice, f32>>::Built;

/// What a training run produced: the trained network and what was measured on the way.
pub struct Trained {
    /// The trained network.
    pub model: Network,
    /// Test-set metrics before training: what random weights score.
    pub untrained: Metrics,
    /// Training loss and accuracy, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
}

// ANCHOR: train
/// Builds the network, trains it on `mnist.train` and evaluates it on `mnist.test`, calling
/// `on_epoch` after every epoch.
pub fn train(
    mnist: &Mnist,
    on_epoch: impl FnMut(&EpochRecord) -> io::Result<()>,
) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<OneHiddenLayer, f32>();
    // compile(optimizer=Adam(learning_rate=0.001), ...). `&model` only fixes the type of model
    // the optimizer updates: its moment estimates start empty and fill in on the first update.
    let mut adam = Adam::new(
        &model,
        AdamConfig {
            lr: 1e-3,
            ..Default::default()
        },
    );
    let untrained = train::evaluate(&model, &mnist.test, &dev);
    // fit(x_train, y_train, epochs=10, batch_size=32)
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    let history =
        train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &mnist.train, config, &dev, on_epoch)?;
    // evaluate(x_test, y_test)
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained {
        model,
        untrained,
        history,
        test,
    })
}
// ANCHOR_END: train

/// Prints the lesson: the data, the network, its training, and its predictions.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "p03 · A network with one hidden layer")?;
    writeln!(out)?;
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "  training  {:>6} images of 28×28 pixels",
        thousands(mnist.train.len())
    )?;
    writeln!(out, "  test      {:>6} images", thousands(mnist.test.len()))?;
    writeln!(out)?;

    let dev = AutoDevice::default();
    let params = dev
        .build_module::<OneHiddenLayer, f32>()
        .num_trainable_params();
    writeln!(
        out,
        "Model: 784 pixels → Linear(784, 64) → ReLU → Linear(64, 10) → 10 logits"
    )?;
    writeln!(
        out,
        "  {} trainable parameters = 784×64 + 64 + 64×10 + 10",
        thousands(params)
    )?;
    writeln!(
        out,
        "  optimizer Adam (learning rate 0.001); loss softmax cross-entropy on the logits"
    )?;
    writeln!(out)?;

    writeln!(
        out,
        "Epoch   loss   accuracy   (training batches, as Keras reports them)"
    )?;
    let trained = train(mnist, |record| {
        writeln!(
            out,
            "{:>5}  {:.3}   {}",
            record.epoch,
            record.train.loss,
            percent(record.train.accuracy)
        )
    })?;
    writeln!(out)?;
    writeln!(out, "Test set     loss   accuracy")?;
    let rows = [("untrained", trained.untrained), ("trained", trained.test)];
    for (name, metrics) in rows {
        writeln!(
            out,
            "  {name:<9}  {:.3}   {}",
            metrics.loss,
            percent(metrics.accuracy)
        )?;
    }
    writeln!(out, "  (guessing scores 10%, with a loss of ln 10 = 2.303)")?;
    writeln!(out)?;

    // predict(x_test).argmax(axis=1)
    let predicted = train::predict(&trained.model, &mnist.test, &dev);
    // The first two test images, and the first one after them that the model gets wrong.
    let mut shown: Vec<usize> = (0..mnist.test.len().min(2)).collect();
    let first_miss = (shown.len()..mnist.test.len()).find(|&i| predicted[i] != mnist.test.label(i));
    shown.extend(first_miss);
    write_probabilities(out, &trained.model, &mnist.test, &shown, &dev)?;
    writeln!(out)?;
    match first_miss {
        Some(i) => writeln!(
            out,
            "The first test images, and #{i}, the first one after them that the model gets wrong:"
        )?,
        None => writeln!(
            out,
            "The first test images (the model gets every later one right):"
        )?,
    }
    write_digits(out, &mnist.test, &shown, &predicted)
}

// ANCHOR: softmax
/// The softmax of the model's logits for some test digits: the probabilities that Keras'
/// `Dense(10, activation="softmax")` layer would output.
fn write_probabilities(
    out: &mut dyn Write,
    model: &Network,
    test: &Split,
    shown: &[usize],
    dev: &AutoDevice,
) -> io::Result<()> {
    writeln!(out, "Probabilities: the softmax of the logits")?;
    write!(out, "  test image ")?;
    (0..CLASSES).try_for_each(|digit| write!(out, "{digit:>6}"))?;
    writeln!(out)?;
    for &i in shown {
        // One image through the network: a Rank1<784> input gives Rank1<10> logits.
        let image: Tensor<Rank1<PIXELS>, f32, _> = test.image(i, dev).reshape();
        let probabilities = model.forward(image).softmax::<Axis<0>>().array();
        write!(out, "  #{i:<4} a {}  ", test.label(i))?;
        probabilities
            .iter()
            .try_for_each(|p| write!(out, "{p:>6.3}"))?;
        writeln!(out)?;
    }
    Ok(())
}
// ANCHOR_END: softmax

/// Test digits drawn side by side, with the predicted and the true label under each.
fn write_digits(
    out: &mut dyn Write,
    test: &Split,
    shown: &[usize],
    predicted: &[usize],
) -> io::Result<()> {
    const GAP: &str = "    ";
    let drawings: Vec<Vec<String>> = shown.iter().map(|&i| test.draw(i)).collect();
    let lines: Vec<String> = (0..drawings[0].len())
        .map(|line| {
            let row: Vec<&str> = drawings.iter().map(|d| d[line].as_str()).collect();
            format!("  {}", row.join(GAP)).trim_end().to_string()
        })
        .collect();
    // MNIST centres each digit in its 28×28 box: skip the empty lines above and below.
    let inked = |line: &&String| !line.trim().is_empty();
    let first = lines.iter().position(|l| inked(&l)).unwrap_or(0);
    let last = lines.iter().rposition(|l| inked(&l)).unwrap_or(0);
    for line in &lines[first..=last] {
        writeln!(out, "{line}")?;
    }
    let captions: Vec<String> = shown
        .iter()
        .map(|&i| {
            format!(
                "{:<28}",
                format!("#{i}: predicted {}, true {}", predicted[i], test.label(i))
            )
        })
        .collect();
    writeln!(out, "  {}", captions.join(GAP).trim_end())
}
