//! # t18 · Monitoring training
//!
//! **Question.** How do you monitor training progress?
//!
//! **Answer.** By measuring at three grains and acting on what is measured. After every batch
//! the loop knows that batch's loss and accuracy (a progress bar shows their running mean); after
//! every epoch it knows the epoch's training metrics and, on data held out from training, the
//! validation metrics; at the end it has the whole history, to print or draw. Keras hands these
//! moments to *callbacks*; [`kit::train::fit_with`] does the same with the
//! [`kit::train::Callback`] trait, whose methods the loop calls when training begins, before and
//! after each epoch, after each batch and when training ends. Callbacks turn watching into
//! acting: [`kit::train::EarlyStopping`] stops the run once the validation loss has not improved
//! for `patience` epochs and puts back the weights of the best epoch, and
//! [`kit::train::LearningRateScheduler`] sets the learning rate of each epoch. The lesson trains
//! the 784→64→32→10 network twice on 3,200 digits, with 800 held out for validation. At a
//! constant learning rate the validation loss is lowest after epoch 8, training stops after epoch
//! 11, and the network returned scores exactly epoch 8's validation loss, not the worse one of
//! epoch 11. With the rate lowered by 30% each epoch from epoch 9, the validation loss goes on
//! falling to a lower minimum at epoch 12, and the run stops after epoch 15.
//!
//! Run it with `cargo xtask run t18` in a terminal to see the progress bar as well (it is drawn
//! on standard error, and only on a terminal); the figures are written to `target/figures/`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::figures::Figures;
use kit::keras::split_point;
use kit::plot::{line_charts, LineChart, Series, CHART_SIZE};
use kit::train::{
    self, BatchRecord, Callback, Control, EarlyStopping, EpochRecord, FitConfig, History,
    LearningRateScheduler, Metrics, Monitor,
};
use kit::{percent, thousands};
use std::io::{self, Write};
use std::ops::Range;

#[cfg_attr(feature = "answers", path = "../../../answers/t18-monitor-training.rs")]
pub mod exercises;

/// The curriculum's deeper network, as in p04: 784 pixels → 64 → 32 → 10 logits.
pub type DeeperNetwork = (
    (Linear<PIXELS, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, CLASSES>,
);

/// The network once built: its layers holding weight and bias tensors.
pub type Network = <DeeperNetwork as BuildOnDevice<AutoDevice, f32>>::Built;

/// Examples per training step.
pub const BATCH: usize = 32;
/// The most epochs the run may take; early stopping ends it sooner.
pub const MAX_EPOCHS: usize = 30;
/// Epochs without a lower validation loss that early stopping waits before it stops.
pub const PATIENCE: usize = 3;
/// The share of the training digits held out for validation: Keras's `validation_split=0.2`.
pub const VALIDATION_SPLIT: f64 = 0.2;
/// The first epoch whose learning rate is lowered by the schedule.
pub const DECAY_FROM: usize = 9;
/// What the schedule multiplies the learning rate by, each epoch from [`DECAY_FROM`] on.
pub const DECAY: f64 = 0.7;
/// Seeds the weights and the shuffle.
pub const SEED: u64 = 0;
/// The test accuracy the restored network must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.88;

// ANCHOR: schedule
/// The learning rate of epoch `epoch` (from 1), given the rate of the epoch before: Adam's
/// default 0.001 before epoch [`DECAY_FROM`], then 30% less each epoch. Keras:
/// `LearningRateScheduler(lambda epoch, lr: lr if epoch < 8 else lr * 0.7)`, whose epochs count
/// from 0.
pub fn schedule(epoch: usize, rate: f64) -> f64 {
    if epoch < DECAY_FROM {
        rate
    } else {
        rate * DECAY
    }
}
// ANCHOR_END: schedule

// ANCHOR: log
/// Prints one line per epoch, training and validation metrics and the learning rate, as
/// Keras's `fit(verbose=2)` does: a callback that only watches.
pub struct EpochLog<'a> {
    out: &'a mut dyn Write,
}

impl<M> Callback<M> for EpochLog<'_> {
    fn on_train_begin(&mut self, epochs: usize, batches: usize) -> io::Result<()> {
        writeln!(self.out, "At most {epochs} epochs of {batches} batches:")?;
        let groups = format!("{:5}{:^19}{:^20}", "", "training", "validation");
        writeln!(self.out, "{}", groups.trim_end())?;
        writeln!(
            self.out,
            "{:>5}{:>8}{:>11}{:>9}{:>11}{:>16}",
            "Epoch", "loss", "accuracy", "loss", "accuracy", "learning rate"
        )
    }

    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        _model: &M,
        learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let validation = record
            .validation
            .expect("fit_with scores the validation set");
        writeln!(
            self.out,
            "{:>5}{:>8.4}{:>11}{:>9.4}{:>11}{learning_rate:>16.2e}",
            record.epoch,
            record.train.loss,
            percent(record.train.accuracy),
            validation.loss,
            percent(validation.accuracy),
        )?;
        Ok(Control::Continue)
    }
}
// ANCHOR_END: log

// ANCHOR: batches
/// Keeps what every batch of the first epoch measured: what a progress bar shows as it fills.
#[derive(Debug, Default)]
pub struct FirstEpoch {
    /// The batches of epoch 1, in order.
    pub batches: Vec<BatchRecord>,
}

impl<M> Callback<M> for FirstEpoch {
    fn on_batch_end(&mut self, batch: &BatchRecord) -> io::Result<Control> {
        if batch.epoch == 1 {
            self.batches.push(*batch);
        }
        Ok(Control::Continue)
    }
}
// ANCHOR_END: batches

/// What a monitored run produced.
pub struct Run {
    /// The network, with the weights of the best epoch put back.
    pub model: Network,
    /// Training and validation metrics of each epoch that ran.
    pub history: History,
    /// The early-stopping callback after the run: the best epoch, the epoch it stopped at.
    pub early_stopping: EarlyStopping<Network>,
    /// The learning rate of each epoch that ran.
    pub rates: Vec<f64>,
    /// Every batch of the first epoch.
    pub first_epoch: Vec<BatchRecord>,
}

// ANCHOR: train
/// Trains the network on `fit_split` for up to [`MAX_EPOCHS`] epochs, scoring `validation`
/// after each, with four callbacks; `schedule` gives each epoch's learning rate (`None`: Adam's
/// 0.001 throughout). Each epoch's line goes to `log`. Keras:
/// `model.fit(x, y, epochs=30, validation_data=..., callbacks=[...])`.
pub fn train(
    fit_split: &Split,
    validation: &Split,
    schedule: Option<fn(usize, f64) -> f64>,
    log: &mut dyn Write,
) -> io::Result<Run> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<DeeperNetwork, f32>();
    let mut adam = Adam::new(&model, AdamConfig::default()); // learning rate 0.001
    let config = FitConfig {
        epochs: MAX_EPOCHS,
        shuffle_seed: SEED,
        validation: Some(validation),
    };
    let mut scheduler = LearningRateScheduler::new(schedule.unwrap_or(|_, rate| rate));
    let mut first_epoch = FirstEpoch::default();
    let mut epoch_log = EpochLog { out: log };
    let mut early_stopping =
        EarlyStopping::new(Monitor::ValidationLoss, PATIENCE).restore_best_weights();
    let history = train::fit_with::<BATCH, _, _, _>(
        &mut model,
        &mut adam,
        fit_split,
        config,
        &dev,
        &mut [
            &mut scheduler,
            &mut first_epoch,
            &mut epoch_log,
            &mut early_stopping,
        ],
    )?;
    Ok(Run {
        model,
        history,
        early_stopping,
        rates: scheduler.rates().to_vec(),
        first_epoch: first_epoch.batches,
    })
}
// ANCHOR_END: train

/// Both runs of the lesson, on the same split, from the same initial weights.
pub struct Runs {
    /// The examples trained on.
    pub fit_split: Split,
    /// The held-out examples, scored after every epoch.
    pub validation_split: Split,
    /// Early stopping at a constant learning rate.
    pub constant: Run,
    /// Early stopping with [`schedule`].
    pub scheduled: Run,
}

// ANCHOR: figure
/// A run as a chart: training and validation loss per epoch, a dashed line at the best epoch,
/// whose weights were put back. The last point is the epoch after which training stopped.
pub fn loss_chart(title: &str, run: &Run, axis: Range<f32>) -> LineChart {
    let epochs = &run.history.epochs;
    let training = epochs.iter().map(|e| e.train.loss);
    let validation = epochs.iter().filter_map(|e| e.validation.map(|v| v.loss));
    let chart = LineChart::new(title, "epoch", "cross-entropy (nats per example)")
        .with(Series::per_epoch("training", training))
        .with(Series::per_epoch("validation", validation))
        .y_range(axis);
    match run.early_stopping.best_epoch() {
        Some(best) => chart.mark_x(best as f32, "best epoch (weights restored)"),
        None => chart,
    }
}

/// Both runs' losses side by side, on one scale so that they compare at a glance.
pub fn history_figure(runs: &Runs) -> String {
    let losses = |run: &Run| {
        let epochs = run.history.epochs.clone();
        epochs
            .into_iter()
            .flat_map(|e| [Some(e.train.loss), e.validation.map(|v| v.loss)])
    };
    let highest = losses(&runs.constant)
        .chain(losses(&runs.scheduled))
        .flatten()
        .fold(0.0, f32::max);
    let axis = 0.0..1.05 * highest;
    let charts = [
        loss_chart(
            "Run 1: constant learning rate",
            &runs.constant,
            axis.clone(),
        ),
        loss_chart("Run 2: learning rate scheduled", &runs.scheduled, axis),
    ];
    line_charts(&charts, CHART_SIZE)
}

/// The learning rate of each epoch of both runs: what the scheduler set.
pub fn learning_rate_figure(runs: &Runs) -> String {
    let rates = |run: &Run| {
        let per_thousand: Vec<f32> = run
            .rates
            .iter()
            .map(|&rate| (rate * 1000.0) as f32)
            .collect();
        per_thousand
    };
    LineChart::new("Learning rate", "epoch", "learning rate (× 0.001)")
        .with(Series::per_epoch("run 1, constant", rates(&runs.constant)))
        .with(Series::per_epoch(
            "run 2, scheduled",
            rates(&runs.scheduled),
        ))
        .y_range(0.0..1.1)
        .to_svg()
}
// ANCHOR_END: figure

/// Trains both runs, printing each, and returns them (for the lesson's tests).
pub fn lesson(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<Runs> {
    writeln!(out, "t18 · Monitoring training")?;
    writeln!(out)?;
    let at = split_point(mnist.train.len(), VALIDATION_SPLIT)?;
    let (fit_split, validation_split) = mnist.train.split_at(at);
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "  training {:>6} images   validation {:>6} images (the last {:.0}%, held out)",
        thousands(fit_split.len()),
        thousands(validation_split.len()),
        100.0 * VALIDATION_SPLIT
    )?;
    writeln!(
        out,
        "Model: 784 → 64 → 32 → 10, ReLU; Adam, batches of {BATCH}, at most {MAX_EPOCHS} epochs"
    )?;
    writeln!(out, "Callbacks, in the order fit_with calls them:")?;
    writeln!(
        out,
        "  LearningRateScheduler  sets each epoch's learning rate (run 2; run 1 keeps 0.001)"
    )?;
    writeln!(
        out,
        "  FirstEpoch             keeps what every batch of epoch 1 measured"
    )?;
    writeln!(out, "  EpochLog               prints one line per epoch")?;
    writeln!(
        out,
        "  EarlyStopping          val_loss, patience {PATIENCE}, restore_best_weights"
    )?;
    writeln!(out)?;

    writeln!(out, "Run 1: a constant learning rate")?;
    let constant = train(&fit_split, &validation_split, None, out)?;
    write_early_stopping(out, &constant, &validation_split)?;
    writeln!(out)?;
    write_first_epoch(out, &constant.first_epoch)?;
    writeln!(out)?;

    writeln!(
        out,
        "Run 2: the same, with the learning rate times {DECAY} each epoch from epoch {DECAY_FROM} on"
    )?;
    let scheduled = train(&fit_split, &validation_split, Some(schedule), out)?;
    write_early_stopping(out, &scheduled, &validation_split)?;
    writeln!(out)?;

    let dev = AutoDevice::default();
    writeln!(
        out,
        "Test set ({} digits, used neither to train nor to stop):",
        thousands(mnist.test.len())
    )?;
    for (name, run) in [("run 1", &constant), ("run 2", &scheduled)] {
        let test = train::evaluate(&run.model, &mnist.test, &dev);
        let best = run.early_stopping.best_epoch().unwrap_or(0);
        writeln!(
            out,
            "  {name}, the weights of epoch {best:>2}   loss {:.4}   accuracy {}",
            test.loss,
            percent(test.accuracy)
        )?;
    }
    writeln!(
        out,
        "  (The 800 held-out digits chose both stops, so their losses flatter both runs.)"
    )?;
    writeln!(out)?;
    let runs = Runs {
        fit_split,
        validation_split,
        constant,
        scheduled,
    };
    figures.add("history.svg", history_figure(&runs))?;
    figures.add("learning-rate.svg", learning_rate_figure(&runs))?;
    writeln!(
        out,
        "Figures: history.svg (each run's losses, its best epoch marked), learning-rate.svg"
    )?;
    Ok(runs)
}

/// Prints the lesson and draws its figure: two monitored runs, early stopping at a constant
/// learning rate and with a schedule, what each stopped at and restored, and the first epoch
/// batch by batch.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<()> {
    lesson(out, figures, mnist).map(|_| ())
}

/// Some batches of epoch 1: each one's loss and accuracy, and the running mean loss that a
/// progress bar shows, which ends at the epoch's training loss.
fn write_first_epoch(out: &mut dyn Write, batches: &[BatchRecord]) -> io::Result<()> {
    writeln!(
        out,
        "Epoch 1 batch by batch (the progress bar shows the running mean as it fills):"
    )?;
    writeln!(out, "  batch   loss   accuracy   running mean loss")?;
    let mut sum = 0.0;
    for (i, batch) in batches.iter().enumerate() {
        sum += batch.metrics.loss;
        let shown = i == 0 || (i + 1) % 20 == 0 || i + 1 == batches.len();
        if shown {
            writeln!(
                out,
                "  {:>5}  {:.4}   {}   {:.4}",
                batch.batch,
                batch.metrics.loss,
                percent(batch.metrics.accuracy),
                sum / (i + 1) as f32
            )?;
        }
    }
    writeln!(
        out,
        "  The first batches meet random weights: epoch 1's mean is far above its last batches."
    )
}

/// What early stopping saw and did, and the proof that the weights put back are the best
/// epoch's: their validation loss, computed again, is the one the history recorded.
fn write_early_stopping(out: &mut dyn Write, run: &Run, validation: &Split) -> io::Result<()> {
    let early = &run.early_stopping;
    let (Some(best), Some(best_loss)) = (early.best_epoch(), early.best_value()) else {
        return writeln!(out, "Early stopping saw no validation loss.");
    };
    let ran = run.history.epochs.len();
    writeln!(
        out,
        "Early stopping: the lowest validation loss came after epoch {best}."
    )?;
    match early.stopped_epoch() {
        Some(stopped) => writeln!(
            out,
            "  Epochs {}–{stopped} did not beat it: training stopped after epoch {stopped} of \
             {MAX_EPOCHS}.",
            best + 1
        )?,
        None => writeln!(out, "  It never waited {PATIENCE} epochs: all {ran} ran.")?,
    }
    let dev = AutoDevice::default();
    let restored = train::evaluate(&run.model, validation, &dev);
    let last = last_validation(&run.history);
    let same = if restored.loss == best_loss {
        "the same, to the last bit"
    } else {
        "DIFFERENT"
    };
    writeln!(
        out,
        "  The weights of epoch {best} were put back (restored: {}). Validation loss:",
        if early.restored() { "yes" } else { "no" }
    )?;
    let rows = [
        (format!("recorded after epoch {best}"), best_loss, ""),
        (
            "of the network fit_with returned".to_string(),
            restored.loss,
            same,
        ),
        (
            format!("of the last epoch's weights (epoch {ran})"),
            last.loss,
            "",
        ),
    ];
    for (what, loss, remark) in rows {
        let line = format!("    {what:<42}{loss:.4}   {remark}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The validation metrics of the history's last epoch.
fn last_validation(history: &History) -> Metrics {
    history
        .epochs
        .last()
        .and_then(|e| e.validation)
        .expect("fit_with ran at least one epoch with a validation set")
}
