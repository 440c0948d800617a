//! # p04 · Plotting training progress
//!
//! **Question.** Visualise the training progress of a model with plots.
//!
//! **Answer.** Keras' `fit` returns a `History` whose `history["loss"]` and
//! `history["val_loss"]` lists Matplotlib draws; here [`kit::train::fit`] returns a
//! [`History`] of one [`kit::train::EpochRecord`] per epoch, and `kit::plot` draws it as an SVG
//! chart with `plotters`. Trained for 20 epochs on 3,200 digits, with the last 800 held out for
//! validation, the 784→64→32→10 network shows the classic picture of over-fitting: the training
//! loss falls all the way, while the validation loss reaches its lowest point after a few epochs
//! and then climbs, even though the validation accuracy barely moves.
//!
//! Run it with `cargo xtask run p04`; the figure is written to `target/figures/`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::figures::Figures;
use kit::plot::{line_charts, LineChart, Series, CHART_SIZE};
use kit::train::{self, EpochRecord, FitConfig, History};
use kit::{percent, thousands};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/p04-plot-training.rs")]
pub mod exercises;

// ANCHOR: model
/// The curriculum's deeper network: 784 pixels → 64 → 32 → 10 logits, ReLU between layers.
pub type DeeperNetwork = (
    (Linear<PIXELS, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, CLASSES>,
);
// ANCHOR_END: model

/// The network once built: its layers holding weight and bias tensors.
pub type Network = <DeeperNetwork as BuildOnDevice<AutoDevice, f32>>::Built;

/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the training examples: enough for the validation loss to turn.
pub const EPOCHS: usize = 20;
/// The share of the training set held out for validation: Keras' `validation_split=0.2`.
pub const VALIDATION_SHARE: f32 = 0.2;
/// Seeds the weights and the shuffle.
pub const SEED: u64 = 0;

/// What a training run produced.
pub struct Trained {
    /// The trained network.
    pub model: Network,
    /// The examples it trained on and those it was validated on.
    pub fit_split: Split,
    /// The held-out examples, scored after every epoch.
    pub validation_split: Split,
    /// Training and validation metrics, epoch by epoch.
    pub history: History,
}

// ANCHOR: train
/// Holds out the last fifth of `train` for validation (before any shuffling, as Keras does),
/// trains the network on the rest for [`EPOCHS`] epochs, and scores the held-out part after
/// each epoch: `model.fit(x, y, epochs=20, validation_split=0.2)`.
pub fn train(train: &Split) -> io::Result<Trained> {
    let held_out = (train.len() as f32 * VALIDATION_SHARE).round() as usize;
    let (fit_split, validation_split) = train.split_at(train.len() - held_out);
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<DeeperNetwork, f32>();
    let mut adam = Adam::new(&model, AdamConfig::default()); // learning rate 0.001
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: Some(&validation_split),
    };
    let history =
        train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &fit_split, config, &dev, |_| Ok(()))?;
    Ok(Trained {
        model,
        fit_split,
        validation_split,
        history,
    })
}
// ANCHOR_END: train

// ANCHOR: figure
/// The training history as two charts side by side: loss, and accuracy, per epoch, for the
/// training batches and for the validation set, with a dashed line at the epoch of the lowest
/// validation loss. Matplotlib's `plt.plot(history.history["loss"])` and
/// `plt.plot(history.history["val_loss"])`, and the same for accuracy.
pub fn history_figure(history: &History) -> String {
    let epochs = &history.epochs;
    let training_loss = epochs.iter().map(|e| e.train.loss);
    let validation_loss = epochs.iter().filter_map(|e| e.validation.map(|v| v.loss));
    let mut loss = LineChart::new("Loss", "epoch", "cross-entropy (nats per example)")
        .with(Series::per_epoch("training", training_loss))
        .with(Series::per_epoch("validation", validation_loss));
    let training_accuracy = epochs.iter().map(|e| 100.0 * e.train.accuracy);
    let validation_accuracy = epochs
        .iter()
        .filter_map(|e| e.validation.map(|v| 100.0 * v.accuracy));
    let mut accuracy = LineChart::new("Accuracy", "epoch", "accuracy (%)")
        .with(Series::per_epoch("training", training_accuracy))
        .with(Series::per_epoch("validation", validation_accuracy));
    if let Some(best) = lowest_validation_loss(history) {
        let label = "lowest validation loss";
        loss = loss.mark_x(best.epoch as f32, label);
        accuracy = accuracy.mark_x(best.epoch as f32, label);
    }
    line_charts(&[loss, accuracy], CHART_SIZE)
}
// ANCHOR_END: figure

/// Prints the lesson and draws its figure: the split, the training history, and where
/// over-fitting begins.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "p04 · Plotting training progress")?;
    writeln!(out)?;
    let trained = train(&mnist.train)?;
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "  training    {:>6} images   validation {:>6} images (the last {:.0}%, held out)",
        thousands(trained.fit_split.len()),
        thousands(trained.validation_split.len()),
        100.0 * VALIDATION_SHARE
    )?;
    let params = trained.model.num_trainable_params();
    writeln!(
        out,
        "Model: 784 → 64 → 32 → 10, ReLU, {} parameters; Adam 0.001, batch {BATCH}",
        thousands(params)
    )?;
    writeln!(out)?;

    writeln!(out, "         training          validation")?;
    writeln!(out, "Epoch   loss   accuracy   loss   accuracy")?;
    for record in &trained.history.epochs {
        let validation = record
            .validation
            .expect("fit scores the validation set after every epoch");
        writeln!(
            out,
            "{:>5}  {:.3}   {}   {:.3}   {}",
            record.epoch,
            record.train.loss,
            percent(record.train.accuracy),
            validation.loss,
            percent(validation.accuracy)
        )?;
    }
    writeln!(out)?;

    figures.add("history.svg", history_figure(&trained.history))?;
    let best = lowest_validation_loss(&trained.history);
    let last = trained.history.epochs.last();
    if let (Some(best), Some(last)) = (best, last) {
        let validated = "fit scores the validation set after every epoch";
        let (at_best, at_last) = (
            best.validation.expect(validated),
            last.validation.expect(validated),
        );
        writeln!(
            out,
            "Lowest validation loss: {:.3}, after epoch {} of {EPOCHS}. From there to the end:",
            at_best.loss, best.epoch
        )?;
        writeln!(
            out,
            "  training loss       {:.3} → {:.3}   the network fits its training digits ever closer",
            best.train.loss, last.train.loss
        )?;
        writeln!(
            out,
            "  validation loss     {:.3} → {:.3}   and new digits no better: over-fitting",
            at_best.loss, at_last.loss
        )?;
        writeln!(
            out,
            "  validation accuracy {} → {}   about flat: the loss rises as its mistakes grow more \
             confident",
            percent(at_best.accuracy).trim(),
            percent(at_last.accuracy).trim()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Figure: {} (loss and accuracy per epoch)",
        figures
            .iter()
            .last()
            .map_or("", |figure| figure.name.as_str())
    )
}

/// The epoch record with the lowest validation loss (the first, on a tie).
pub fn lowest_validation_loss(history: &History) -> Option<&EpochRecord> {
    history
        .epochs
        .iter()
        .filter(|e| e.validation.is_some())
        .min_by(|a, b| {
            let loss = |e: &EpochRecord| e.validation.map_or(f32::NAN, |v| v.loss);
            loss(a).total_cmp(&loss(b))
        })
}
