//! # t07 · TensorBoard logs from Rust
//!
//! **Question.** How is TensorBoard integrated with TensorFlow 2?
//!
//! **Answer.** TensorBoard is a separate program that reads *event files* from a folder and draws
//! what they hold; TensorFlow 2 integrates with it by writing those files, through
//! `tf.summary` or the Keras callback `tf.keras.callbacks.TensorBoard`, and nothing else passes
//! between the two. So a Rust training loop is integrated the same way, by writing the same
//! files. An event file is a sequence of TFRecord records (a length, its masked CRC-32C, the data,
//! the data's masked CRC-32C), and each record's data is an `Event` protocol buffer holding a
//! summary of tagged values: a number (`simple_value`) for the scalars dashboard, or a
//! `HistogramProto` for the histograms. The lesson declares those messages as Rust structs that
//! `prost` encodes, frames them with the `crc32c` crate's checksum, and writes them from a
//! callback of `kit::train`'s loop: the loss and accuracy of every batch and of every epoch, and
//! a histogram of every weight tensor after every epoch, into `train/` and `validation/` folders
//! as the Keras callback does. `tensorboard --logdir target/tensorboard/t07` then shows them, and
//! TensorBoard's own reader, run on them, reads back every value written.
//!
//! Run it with `cargo xtask run t07`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::nn::tensor_collection::TensorCollection;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use events::{Clock, EventWriter};
use kit::inspect::named_parameters;
use kit::train::{self, BatchRecord, Callback, Control, EpochRecord, FitConfig, History, Metrics};
use kit::{percent, thousands};
use prost::Message;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub mod events;
pub mod proto;
pub mod tfrecord;

#[cfg_attr(feature = "answers", path = "../../../answers/t07-tensorboard.rs")]
pub mod exercises;

/// The curriculum's network, 784 → 64 → 32 → 10 with ReLUs, as builder types.
pub type Mlp = (
    (Linear<PIXELS, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, CLASSES>,
);

/// The network once built: its `Linear`s hold the weights the histograms show.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;

/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the training examples.
pub const EPOCHS: usize = 5;
/// Seeds the weights and the shuffle.
pub const SEED: u64 = 0;
/// The share of the training examples held out for validation, the last ones, as Keras'
/// `validation_split=0.2` does.
pub const VALIDATION_SPLIT: f32 = 0.2;
/// The test accuracy the embedded sample must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.85;
/// The folder the lesson writes its logs into and points TensorBoard at, from the workspace
/// root: under the git-ignored `target/`.
pub const LOG_DIR: &str = "target/tensorboard/t07";

/// [`LOG_DIR`] as a path that works from any folder.
pub fn log_dir() -> PathBuf {
    // The lesson's crate sits two folders below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap_or(Path::new("."))
        .join(LOG_DIR)
}

// ANCHOR: callback
/// Keras' `TensorBoard(log_dir, update_freq="batch", histogram_freq=1)` as a callback of
/// `kit::train`'s loop: one event file in `train/` and one in `validation/`, under the tags
/// Keras uses. Each batch adds `batch_loss` and `batch_accuracy` at its step; each epoch adds
/// `epoch_loss`, `epoch_accuracy` (both folders) and `epoch_learning_rate` at the epoch's
/// number, and a histogram of every weight tensor, tagged with its name.
#[derive(Debug)]
pub struct TensorBoard {
    train: EventWriter,
    validation: EventWriter,
}

impl TensorBoard {
    /// Opens a new event file in `log_dir/train` and in `log_dir/validation`.
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn create(log_dir: &Path, clock: Clock) -> io::Result<Self> {
        Ok(TensorBoard {
            train: EventWriter::create(&log_dir.join("train"), clock)?,
            validation: EventWriter::create(&log_dir.join("validation"), clock)?,
        })
    }

    /// Writes a histogram of each of `model`'s tensors at `step`, under the tensor's name
    /// (`0.0.weight` is the weight matrix of the first `Linear`).
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn log_weights<M: TensorCollection<f32, AutoDevice>>(
        &mut self,
        model: &M,
        step: i64,
    ) -> io::Result<()> {
        for tensor in named_parameters::<f32, AutoDevice, M>(model) {
            self.train.histogram(&tensor.name, step, &tensor.values)?;
        }
        Ok(())
    }
}

impl<M: TensorCollection<f32, AutoDevice>> Callback<M> for TensorBoard {
    fn on_batch_end(&mut self, batch: &BatchRecord) -> io::Result<Control> {
        let step = batch.step as i64;
        self.train.scalar("batch_loss", step, batch.metrics.loss)?;
        self.train
            .scalar("batch_accuracy", step, batch.metrics.accuracy)?;
        Ok(Control::Continue)
    }

    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let step = record.epoch as i64;
        self.train.scalar("epoch_loss", step, record.train.loss)?;
        self.train
            .scalar("epoch_accuracy", step, record.train.accuracy)?;
        self.train
            .scalar("epoch_learning_rate", step, *learning_rate as f32)?;
        if let Some(validation) = record.validation {
            self.validation
                .scalar("epoch_loss", step, validation.loss)?;
            self.validation
                .scalar("epoch_accuracy", step, validation.accuracy)?;
        }
        self.log_weights(model, step)?;
        // Once per epoch, so that a TensorBoard watching the folder sees the run as it goes.
        self.train.flush()?;
        self.validation.flush()?;
        Ok(Control::Continue)
    }

    fn on_train_end(&mut self, _history: &History, _model: &mut M) -> io::Result<()> {
        self.train.flush()?;
        self.validation.flush()
    }
}
// ANCHOR_END: callback

impl TensorBoard {
    /// The event file of the training metrics and histograms.
    pub fn train_file(&self) -> &EventWriter {
        &self.train
    }

    /// The event file of the validation metrics.
    pub fn validation_file(&self) -> &EventWriter {
        &self.validation
    }
}

/// What a training run produced.
#[derive(Debug)]
pub struct Trained {
    /// The network as the weights were before training: what step 0's histograms show.
    pub initial: Network,
    /// The trained network.
    pub model: Network,
    /// Training and validation metrics, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
    /// The callback, with its two event files, flushed at the end of training.
    pub tensorboard: TensorBoard,
}

// ANCHOR: train
/// Trains the network on the first 80% of `mnist.train`, validating on the rest, with a
/// [`TensorBoard`] callback that writes its event files into `log_dir`; `clock` stamps them.
///
/// # Errors
///
/// What the file system says, and `kit::train::fit_with`'s refusal of a training set with no
/// full batch.
pub fn train(mnist: &Mnist, log_dir: &Path, clock: Clock) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<Mlp, f32>();
    let initial = model.clone();
    let mut adam = Adam::new(
        &model,
        AdamConfig {
            lr: 1e-3,
            ..Default::default()
        },
    );
    let (fit_on, validation) = validation_split(&mnist.train);

    let mut tensorboard = TensorBoard::create(log_dir, clock)?;
    tensorboard.log_weights(&model, 0)?; // step 0: the weights before training
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: Some(&validation),
    };
    let history = train::fit_with::<BATCH, _, _, _>(
        &mut model,
        &mut adam,
        &fit_on,
        config,
        &dev,
        &mut [&mut tensorboard],
    )?;
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained {
        initial,
        model,
        history,
        test,
        tensorboard,
    })
}
// ANCHOR_END: train

/// The training examples to fit on and the ones held out for validation: Keras'
/// `validation_split`, which holds out the last [`VALIDATION_SPLIT`] of them, unshuffled.
pub fn validation_split(train: &Split) -> (Split, Split) {
    let held_out = (train.len() as f32 * VALIDATION_SPLIT).round() as usize;
    train.split_at(train.len() - held_out)
}

/// Removes the event files a previous run left in `log_dir`'s `train/` and `validation/`, and
/// nothing else: TensorBoard would otherwise read the old run and the new one as one run, whose
/// steps start again from 1 halfway through.
///
/// # Errors
///
/// What the file system says; a folder that does not exist yet is not an error.
pub fn remove_old_event_files(log_dir: &Path) -> io::Result<()> {
    for run in ["train", "validation"] {
        let entries = match std::fs::read_dir(log_dir.join(run)) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err),
        };
        for entry in entries {
            let path = entry?.path();
            let is_event_file = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().contains("tfevents"));
            if is_event_file && path.is_file() {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

/// The event that the lesson dissects byte by byte: the scalar `loss` = 0.25 at step 3, with
/// the wall time fixed at 1.5 s after the epoch so that its bytes are the same on every run.
pub fn example_event() -> proto::Event {
    proto::Event {
        wall_time: 1.5,
        step: 3,
        what: Some(proto::event::What::Summary(proto::Summary {
            value: vec![proto::summary::Value {
                tag: "loss".to_string(),
                value: Some(proto::summary::value::Value::SimpleValue(0.25)),
            }],
        })),
    }
}

/// Prints the lesson: one event dissected, then a training run that writes event files, and
/// how to look at them.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t07 · TensorBoard logs from Rust")?;
    writeln!(out)?;
    write_example_record(out)?;
    writeln!(out)?;

    let dir = log_dir();
    remove_old_event_files(&dir)?;
    let trained = train(mnist, &dir, Clock::System)?;
    write_training(out, mnist, &trained)?;
    writeln!(out)?;
    write_files(out, mnist, &trained)?;
    writeln!(out)?;
    write_first_layer(out, &trained)?;
    writeln!(out)?;
    writeln!(
        out,
        "To see them (`pip install tensorboard` first), from the workspace root:"
    )?;
    writeln!(out, "  tensorboard --logdir {LOG_DIR}")?;
    writeln!(
        out,
        "and open http://localhost:6006 (Scalars: the curves; Histograms and Distributions: the weights)."
    )
}

/// The example event, encoded by prost and framed as a TFRecord, annotated.
fn write_example_record(out: &mut dyn Write) -> io::Result<()> {
    let data = example_event().encode_to_vec();
    let mut record = Vec::new();
    tfrecord::write_record(&mut record, &data)?;
    writeln!(
        out,
        "One event: the scalar \"loss\" = 0.25 at step 3, wall_time 1.5 (fixed for this printout)"
    )?;
    writeln!(out, "  encoded by prost, {} bytes:", data.len())?;
    // Protocol buffers write each field as a key, (field number << 3) | wire type, then its value.
    let (wall_time, rest) = data.split_at(9);
    let (step, summary) = rest.split_at(2);
    writeln!(
        out,
        "    {:<36}field 1 wall_time, 8-byte double",
        hex(wall_time)
    )?;
    writeln!(out, "    {:<36}field 2 step, varint", hex(step))?;
    writeln!(
        out,
        "    {:<36}field 5 summary, {} bytes: value {{ tag \"loss\", simple_value 0.25 }}",
        format!("{} …", hex(&summary[..2])),
        summary.len() - 2
    )?;
    writeln!(out, "  framed as a TFRecord, {} bytes:", record.len())?;
    let rows = [
        (&record[..8], "length, u64 little-endian"),
        (&record[8..12], "masked CRC-32C of the length"),
        (&record[12..record.len() - 4], "the event's bytes"),
        (&record[record.len() - 4..], "masked CRC-32C of the event"),
    ];
    for (bytes, what) in rows {
        let shown = if bytes.len() > 8 {
            format!("{} … {}", hex(&bytes[..2]), hex(&bytes[bytes.len() - 1..]))
        } else {
            hex(bytes)
        };
        writeln!(out, "    {shown:<36}{what}")?;
    }
    Ok(())
}

/// Bytes in hexadecimal, separated by spaces.
fn hex(bytes: &[u8]) -> String {
    let pairs: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    pairs.join(" ")
}

/// The run's metrics, epoch by epoch, as the event files hold them.
fn write_training(out: &mut dyn Write, mnist: &Mnist, trained: &Trained) -> io::Result<()> {
    let (fit_on, validation) = validation_split(&mnist.train);
    writeln!(
        out,
        "Training 784 → 64 → 32 → 10 on {} training digits, {} held out for validation,",
        thousands(fit_on.len()),
        thousands(validation.len()),
    )?;
    writeln!(
        out,
        "{EPOCHS} epochs of batches of {BATCH}, Adam 0.001, with the TensorBoard callback:"
    )?;
    writeln!(
        out,
        "  epoch   epoch_loss  epoch_accuracy   validation: epoch_loss  epoch_accuracy"
    )?;
    for record in &trained.history.epochs {
        let validation = record.validation.unwrap_or(Metrics {
            loss: f32::NAN,
            accuracy: f32::NAN,
        });
        writeln!(
            out,
            "  {:>5}   {:>10.3}  {:>14}               {:>10.3}  {:>14}",
            record.epoch,
            record.train.loss,
            percent(record.train.accuracy),
            validation.loss,
            percent(validation.accuracy),
        )?;
    }
    writeln!(
        out,
        "  test set after training: loss {:.3}, accuracy {}",
        trained.test.loss,
        percent(trained.test.accuracy).trim_start()
    )
}

/// What went into each file: records, bytes, and the tags at each step.
fn write_files(out: &mut dyn Write, mnist: &Mnist, trained: &Trained) -> io::Result<()> {
    let epochs = trained.history.epochs.len();
    // Every full batch is a step; `fit` drops a last partial one.
    let steps = validation_split(&mnist.train).0.len() / BATCH * epochs;
    let tensors: Vec<String> = named_parameters::<f32, AutoDevice, _>(&trained.model)
        .into_iter()
        .map(|tensor| tensor.name)
        .collect();
    writeln!(
        out,
        "Written to {LOG_DIR}, one folder per run, as Keras names them:"
    )?;
    let files = [
        ("train", trained.tensorboard.train_file()),
        ("validation", trained.tensorboard.validation_file()),
    ];
    for (run, file) in files {
        writeln!(
            out,
            "  {run}/events.out.tfevents.<seconds>.<host>.<process>.<n>: {} records, {} bytes",
            thousands(file.records()),
            thousands(file.bytes())
        )?;
        let mut rows = vec![(
            "step 0".to_string(),
            format!("file_version \"{}\"", events::FILE_VERSION),
        )];
        if run == "train" {
            rows.push((
                format!("steps 1 … {steps}"),
                "batch_loss, batch_accuracy (every batch)".to_string(),
            ));
            rows.push((
                format!("steps 1 … {epochs}"),
                "epoch_loss, epoch_accuracy, epoch_learning_rate (every epoch)".to_string(),
            ));
            rows.push((
                format!("steps 0 … {epochs}"),
                format!("histograms of {}", tensors.join(", ")),
            ));
        } else {
            rows.push((
                format!("steps 1 … {epochs}"),
                "epoch_loss, epoch_accuracy (every epoch)".to_string(),
            ));
        }
        for (step, tags) in rows {
            writeln!(out, "    {step:<14} {tags}")?;
        }
    }
    Ok(())
}

/// The first layer's weights before and after training, as the histograms dashboard shows them.
fn write_first_layer(out: &mut dyn Write, trained: &Trained) -> io::Result<()> {
    let first = |model: &Network| {
        named_parameters::<f32, AutoDevice, _>(model)
            .into_iter()
            .next()
            .expect("the network has tensors")
    };
    let (before, after) = (first(&trained.initial), first(&trained.model));
    writeln!(
        out,
        "The first layer's weights, {} ({} values), in {} buckets from min to max:",
        before.name,
        thousands(before.values.len()),
        events::BUCKETS
    )?;
    let steps = [
        ("step 0, before training", &before.values),
        (&*format!("step {EPOCHS}, after training"), &after.values),
    ];
    for (step, values) in steps {
        let h = events::histogram(values, events::BUCKETS);
        let mean = h.sum / h.num;
        let std = (h.sum_squares / h.num - mean * mean).max(0.0).sqrt();
        writeln!(
            out,
            "  {step:<24} {:>6.3} {} {:<5.3}  mean {mean:>7.4}, std {std:.4}",
            h.min,
            bars(&h.bucket),
            h.max
        )?;
    }
    Ok(())
}

/// Bucket counts as a row of bars, the fullest bucket the tallest.
fn bars(counts: &[f64]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let most = counts.iter().copied().fold(0.0, f64::max);
    counts
        .iter()
        .map(|&count| {
            if count == 0.0 {
                ' '
            } else {
                let level = (count / most * LEVELS.len() as f64).ceil() as usize;
                LEVELS[level.clamp(1, LEVELS.len()) - 1]
            }
        })
        .collect()
}
