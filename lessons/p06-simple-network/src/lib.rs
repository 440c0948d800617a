//! # p06 · A simple network, built and run
//!
//! **Question.** Build a simple neural network in PyTorch.
//!
//! **Answer.** The network is lesson t12's [`Net`] (784 → `fc1` → 64 → ReLU → `fc2` → 10),
//! used here as PyTorch code uses `Net()`: `Net::build(&dev)` creates its weights, and
//! `model.forward(x)` runs a batch. The lesson runs 8 MNIST test images through it one layer at
//! a time and prints the shape of the batch after each step, read from the tensors: `[8, 784]`
//! pixels, `[8, 64]` after `fc1` and after the ReLU, `[8, 10]` logits. In dfdx each of those
//! shapes is also part of the tensor's type, so the compiler has checked every step before the
//! program runs. The largest logit of each row is the predicted digit. With the random weights
//! that `build` draws, the predictions mean nothing (chance is 1 in 10); after three epochs of
//! `kit::train::fit` on the 4,000 embedded training digits, the same batch goes through the same
//! steps and the network classifies about nine test digits in ten correctly.
//!
//! Run it with `cargo xtask run p06`.

use datasets::{Mnist, Split};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::train::{self, FitConfig, Metrics};
use kit::{percent, thousands};
use std::io::{self, Write};
pub use t12_network_structure::Net;

#[cfg_attr(feature = "answers", path = "../../../answers/p06-simple-network.rs")]
pub mod exercises;

/// Lesson t12's network with `f32` weights on the default device.
pub type Model = Net<f32, AutoDevice>;

/// The number of test images run through the network.
pub const ROWS: usize = 8;
/// Passes over the training set before the second run.
pub const EPOCHS: usize = 3;
/// Examples per training step.
pub const BATCH: usize = 32;
/// Seeds the initial weights and the shuffle.
pub const SEED: u64 = 0;
/// The test accuracy the embedded sample must reach after training; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.85;

// ANCHOR: steps
/// One batch of `B` images as it goes through the network, kept step by step.
pub struct Steps<const B: usize> {
    /// The input: `B` rows of 784 pixels.
    pub x: Tensor<Rank2<B, 784>, f32, AutoDevice>,
    /// `fc1(x)`: 64 numbers per image.
    pub fc1: Tensor<Rank2<B, 64>, f32, AutoDevice>,
    /// `relu(fc1(x))`: the hidden layer's output, negative values set to 0.
    pub relu: Tensor<Rank2<B, 64>, f32, AutoDevice>,
    /// `fc2(relu(fc1(x)))`: 10 logits per image, the network's output.
    pub logits: Tensor<Rank2<B, 10>, f32, AutoDevice>,
}

/// What `model.forward(x)` computes, one layer at a time. Each step takes its input by value,
/// so the tensor kept for printing is a clone (which copies a pointer, not the numbers).
pub fn step_by_step<const B: usize>(
    model: &Model,
    x: Tensor<Rank2<B, 784>, f32, AutoDevice>,
) -> Steps<B> {
    let fc1 = model.fc1.forward(x.clone());
    let relu = fc1.clone().relu();
    let logits = model.fc2.forward(relu.clone());
    Steps {
        x,
        fc1,
        relu,
        logits,
    }
}
// ANCHOR_END: steps

// ANCHOR: train
/// Trains `model` on `mnist.train` for [`EPOCHS`] epochs with Adam, through the course's
/// training loop, and returns its loss and accuracy on `mnist.test`.
pub fn train(model: &mut Model, mnist: &Mnist, dev: &AutoDevice) -> io::Result<Metrics> {
    let mut adam = Adam::new(
        model,
        AdamConfig {
            lr: 1e-3,
            ..Default::default()
        },
    );
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    train::fit::<BATCH, _, _, _>(model, &mut adam, &mnist.train, config, dev, |_| Ok(()))?;
    Ok(train::evaluate(model, &mnist.test, dev))
}
// ANCHOR_END: train

/// Prints the lesson: the batch through the untrained network, step by step, then through the
/// trained one.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "p06 · A simple network, built and run")?;
    writeln!(out)?;

    // ANCHOR: build
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = Model::build(&dev); // net = Net()
    let indices: Vec<usize> = (0..ROWS).collect();
    let batch = mnist.test.batch::<Const<ROWS>, _>(&indices, &dev);
    // ANCHOR_END: build
    writeln!(
        out,
        "Net from lesson t12: fc1 = Linear(784, 64), ReLU, fc2 = Linear(64, 10); {} parameters",
        thousands(model.num_trainable_params())
    )?;
    writeln!(
        out,
        "Input: the first {ROWS} test images of {}, showing the digits {}",
        mnist.source,
        digits(&batch.labels)
    )?;
    writeln!(out)?;

    writeln!(out, "Untrained: the weights Net::build drew at random")?;
    let steps = step_by_step(&model, batch.images.clone());
    write_shapes(out, &steps)?;
    writeln!(out)?;
    let untrained = train::evaluate(&model, &mnist.test, &dev);
    write_logits(out, &steps.logits, &batch.labels, &mnist.test, untrained)?;
    writeln!(
        out,
        "  The weights are random, so these digits are guesses: chance is 1 in 10."
    )?;
    writeln!(out)?;

    let trained = train(&mut model, mnist, &dev)?;
    writeln!(
        out,
        "Trained: {EPOCHS} epochs of kit::train::fit (Adam, learning rate 0.001, batches of \
         {BATCH}), then the same batch"
    )?;
    // ANCHOR: forward
    let logits = model.forward(batch.images.clone()); // net(x)
                                                      // ANCHOR_END: forward
    let same = step_by_step(&model, batch.images).logits.as_vec() == logits.as_vec();
    write_logits(out, &logits, &batch.labels, &mnist.test, trained)?;
    writeln!(
        out,
        "  model.forward(x) and the steps one by one give {} logits.",
        if same { "the same" } else { "DIFFERENT" }
    )?;
    Ok(())
}

/// The shape of the batch after each step, read from the tensors.
fn write_shapes<const B: usize>(out: &mut dyn Write, steps: &Steps<B>) -> io::Result<()> {
    let pixels = steps.x.as_vec();
    let (low, high) = pixels
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let negative = steps.fc1.as_vec().iter().filter(|&&v| v < 0.0).count();
    let zeros = steps.relu.as_vec().iter().filter(|&&v| v == 0.0).count();
    let hidden = steps.relu.shape().num_elements();
    let rows = [
        (
            "x",
            steps.x.shape().concrete().to_vec(),
            format!("pixels from {low:.0} to {high:.0}"),
        ),
        (
            "fc1(x)",
            steps.fc1.shape().concrete().to_vec(),
            format!("{negative} of {hidden} values negative"),
        ),
        (
            "relu(fc1(x))",
            steps.relu.shape().concrete().to_vec(),
            format!("{zeros} of {hidden} values 0: the negative ones"),
        ),
        (
            "fc2(relu(fc1(x)))",
            steps.logits.shape().concrete().to_vec(),
            "the logits, one per digit".to_string(),
        ),
    ];
    writeln!(out, "  {:<19} shape", "step")?;
    for (step, shape, note) in rows {
        writeln!(out, "  {step:<19} {:<10} {note}", format!("{shape:?}"))?;
    }
    Ok(())
}

/// Each image's logits, its predicted digit (the largest logit) and its true digit, then the
/// network's score on the whole test set.
fn write_logits<const B: usize>(
    out: &mut dyn Write,
    logits: &Tensor<Rank2<B, 10>, f32, AutoDevice>,
    labels: &[usize],
    test: &Split,
    on_test: Metrics,
) -> io::Result<()> {
    let values = logits.as_vec();
    let predicted = train::most_likely(&values);
    write!(out, "  logits  ")?;
    (0..10).try_for_each(|digit| write!(out, "{digit:>6}"))?;
    writeln!(out, "   predicted  true")?;
    for (row, chunk) in values.chunks_exact(10).enumerate() {
        write!(out, "  #{row:<6}")?;
        chunk.iter().try_for_each(|v| write!(out, "{v:>6.2}"))?;
        writeln!(out, "   {:>9}  {:>4}", predicted[row], labels[row])?;
    }
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    writeln!(
        out,
        "  {right} of {B} right here; on all {} test images: {} right, loss {:.3}",
        thousands(test.len()),
        percent(on_test.accuracy).trim_start(),
        on_test.loss
    )
}

/// Digits separated by spaces.
fn digits(labels: &[usize]) -> String {
    let shown: Vec<String> = labels.iter().map(usize::to_string).collect();
    shown.join(" ")
}
