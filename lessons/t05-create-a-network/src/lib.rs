//! # t05 · Create, compile, fit, evaluate and predict
//!
//! **Question.** How do you create a neural network in TensorFlow 2?
//!
//! **Answer.** With Keras, in five calls: `Sequential([...])` creates the network, `compile`
//! chooses the optimizer, the loss and the metrics, `fit` trains it while scoring a held-out
//! part of the data, `evaluate` scores it on test data, and `predict` applies it to new inputs.
//! In Rust the network, 784 → 64 → 32 → 10 with ReLU, is a tuple type ([`Mlp`]), and the five
//! verbs are the calls of [`kit::keras`] (introduced in t19), each a few lines of dfdx:
//! `Model::sequential` is `build_module`, which draws the weights; `compile` keeps an `Adam`;
//! `fit::<32>` cuts off the last 20% for validation and runs `kit::train::fit`, the loop of
//! `forward_mut`, loss, `backward` and `update`; `evaluate` runs the network without a tape over
//! the test set; `predict` is a forward pass and a softmax. Trained for 5 epochs on 3,200 of the
//! embedded digits, the network classifies 90% of the 1,000 test digits. Of three digits drawn
//! by the program itself it reads the 1 and the 0, and takes the 7 for a 2; moved by two pixels
//! so that its centre of mass sits in the middle, as MNIST's digits do, the same 7 is read as a
//! 7. New images must be prepared as the training images were.
//!
//! Run it with `cargo xtask run t05`; `cargo xtask run t05 -- --full` trains on full MNIST after
//! `cargo xtask fetch-data`.

use datasets::{Mnist, Split, CLASSES, PIXELS, SIDE};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::keras::{self, Compiled, Fit, KerasError, Model};
use kit::train::{self, EpochRecord, History, Metrics};
use kit::{percent, thousands};
use std::io::{self, Write};
use std::path::Path;

#[cfg_attr(feature = "answers", path = "../../../answers/t05-create-a-network.rs")]
pub mod exercises;

// ANCHOR: model
/// The curriculum's network: 784 pixels → 64 → 32 → 10 logits, ReLU after the first two layers.
/// Keras: `Sequential([Input((784,)), Dense(64, "relu"), Dense(32, "relu"), Dense(10)])`.
pub type Mlp = (
    (Linear<PIXELS, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, CLASSES>,
);
// ANCHOR_END: model

/// The network once built: its layers holding weight and bias tensors.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;

/// The compiled model: the network and its Adam optimizer.
pub type Trainable = Compiled<Network, Adam<Network, f32, AutoDevice>, AutoDevice>;

/// Examples per training step: Keras's default `batch_size`.
pub const BATCH: usize = 32;
/// Passes over the training part of the data.
pub const EPOCHS: usize = 5;
/// The share of the training data held out for validation.
pub const VALIDATION_SPLIT: f64 = 0.2;
/// Seeds the weights and the shuffle, so every run trains the same network.
pub const SEED: u64 = 0;
/// The test accuracy the embedded sample must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.87;

/// What the workflow produced.
pub struct Workflow {
    /// The trained model, ready to predict.
    pub model: Trainable,
    /// Training and validation metrics, epoch by epoch: `fit`'s return value.
    pub history: History,
    /// Test-set metrics: `evaluate`'s return value.
    pub test: Metrics,
}

/// Creates, compiles, fits and evaluates the network, calling `on_epoch` after every epoch.
pub fn workflow(
    mnist: &Mnist,
    on_epoch: impl FnMut(&EpochRecord) -> io::Result<()>,
) -> Result<Workflow, KerasError> {
    let dev = AutoDevice::seed_from_u64(SEED);
    // ANCHOR: create
    // model = keras.Sequential([...])
    let model = Model::sequential::<Mlp>(&dev);
    // ANCHOR_END: create
    // ANCHOR: compile
    // model.compile(optimizer=Adam(0.001), loss=..., metrics=["accuracy"])
    let adam = Adam::new(model.network(), AdamConfig::default()); // learning rate 0.001
    let mut model = model.compile(adam);
    // ANCHOR_END: compile
    // ANCHOR: fit
    // history = model.fit(x_train, y_train, batch_size=32, epochs=5, validation_split=0.2)
    let options = Fit {
        epochs: EPOCHS,
        validation_split: VALIDATION_SPLIT,
        shuffle_seed: SEED,
    };
    let history = model.fit::<BATCH>(&mnist.train, options, on_epoch)?;
    // ANCHOR_END: fit
    // ANCHOR: evaluate
    // loss, accuracy = model.evaluate(x_test, y_test)
    let test = model.evaluate(&mnist.test)?;
    // ANCHOR_END: evaluate
    Ok(Workflow {
        model,
        history,
        test,
    })
}

// ANCHOR: predict
/// The probability of each digit for each of `images`, and the most likely digit:
/// `probabilities = model.predict(x_new)`, then `probabilities.argmax(axis=1)`.
pub fn predict(model: &Trainable, images: &Split) -> (Vec<f32>, Vec<usize>) {
    let dev = AutoDevice::default();
    let all: Vec<usize> = (0..images.len()).collect();
    // The same preparation as for training: 784 pixels in a row, scaled to [0, 1].
    let x = images.batch::<usize, _>(&all, &dev).images;
    let probabilities = model.predict(x).as_vec();
    let digits = train::most_likely(&probabilities);
    (probabilities, digits)
}
// ANCHOR_END: predict

/// A stroke of a pen, from one point of the 28 × 28 image to another (x to the right, y down).
type Stroke = [(f32, f32); 2];

/// Three digits drawn by this program, as a set in MNIST's own format (white ink on black,
/// bytes 0 to 255), each labelled with the digit it is meant to be: images that are not in
/// MNIST, for `predict`.
pub fn drawn_digits() -> Split {
    let one = [[(15.0, 4.0), (13.0, 24.0)]];
    let seven = [[(8.0, 6.0), (20.0, 6.0)], [(20.0, 6.0), (12.0, 24.0)]];
    let zero: Vec<Stroke> = (0..32)
        .map(|k| {
            let at = |k: usize| {
                let angle = k as f32 / 32.0 * std::f32::consts::TAU;
                (14.0 + 6.0 * angle.cos(), 14.0 + 9.0 * angle.sin())
            };
            [at(k), at(k + 1)]
        })
        .collect();
    let digits: [(&[Stroke], u8); 3] = [(&one, 1), (&seven, 7), (&zero, 0)];
    split_of(
        digits
            .map(|(strokes, digit)| (ink(strokes, 3.0), digit))
            .to_vec(),
    )
}

/// Images of 784 bytes with their labels, as a set in MNIST's IDX format (a magic number and
/// the sizes as big-endian `u32`s, then the bytes), read back by the loader the lessons use.
fn split_of(examples: Vec<(Vec<u8>, u8)>) -> Split {
    let count = examples.len() as u32;
    let mut images: Vec<u8> = [0x0803, count, SIDE as u32, SIDE as u32]
        .iter()
        .flat_map(|field: &u32| field.to_be_bytes())
        .collect();
    let mut labels: Vec<u8> = [0x0801, count]
        .iter()
        .flat_map(|field: &u32| field.to_be_bytes())
        .collect();
    for (pixels, label) in examples {
        images.extend(pixels);
        labels.push(label);
    }
    let path = Path::new("drawn by t05");
    Split::parse(path, &images, path, &labels).expect("the drawn digits are valid IDX")
}

/// Where the ink of an image weighs in: the mean position of its pixels weighted by their ink,
/// in pixels from the top left corner (the image's centre is at 14, 14).
pub fn centre_of_mass(pixels: &[u8]) -> (f32, f32) {
    let (mut x, mut y, mut total) = (0.0, 0.0, 0.0);
    for (i, &p) in pixels.iter().enumerate() {
        let ink = f32::from(p);
        x += ink * ((i % SIDE) as f32 + 0.5);
        y += ink * ((i / SIDE) as f32 + 0.5);
        total += ink;
    }
    (x / total, y / total)
}

/// Each image moved by whole pixels so that its centre of mass is as near the image's centre
/// as it gets: how MNIST placed every digit in its 28 × 28 box. Returns the moved images and
/// how far each one moved, (right, down).
pub fn centred(images: &Split) -> (Split, Vec<(i32, i32)>) {
    let mut moves = Vec::new();
    let mut examples = Vec::new();
    for i in 0..images.len() {
        let pixels = images.pixels(i);
        let (x, y) = centre_of_mass(pixels);
        let half = SIDE as f32 / 2.0;
        let (right, down) = ((half - x).round() as i32, (half - y).round() as i32);
        let moved = (0..PIXELS)
            .map(|j| {
                let from_x = (j % SIDE) as i32 - right;
                let from_y = (j / SIDE) as i32 - down;
                let inside =
                    (0..SIDE as i32).contains(&from_x) && (0..SIDE as i32).contains(&from_y);
                if inside {
                    pixels[from_y as usize * SIDE + from_x as usize]
                } else {
                    0
                }
            })
            .collect();
        moves.push((right, down));
        examples.push((moved, images.label(i) as u8));
    }
    (split_of(examples), moves)
}

/// The 784 pixels of a pen of width `width` drawn along `strokes`: each pixel's ink falls from
/// 255 to 0 over the pixel at the pen's edge.
fn ink(strokes: &[Stroke], width: f32) -> Vec<u8> {
    (0..PIXELS)
        .map(|i| {
            let (x, y) = ((i % SIDE) as f32 + 0.5, (i / SIDE) as f32 + 0.5);
            let distance = strokes
                .iter()
                .map(|&[(ax, ay), (bx, by)]| {
                    let (dx, dy) = (bx - ax, by - ay);
                    let t = (((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
                    ((x - ax - t * dx).powi(2) + (y - ay - t * dy).powi(2)).sqrt()
                })
                .fold(f32::INFINITY, f32::min);
            ((width / 2.0 + 0.5 - distance).clamp(0.0, 1.0) * 255.0).round() as u8
        })
        .collect()
}

/// Prints the lesson: the data, then each of the five verbs and what it gave.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t05 · Create, compile, fit, evaluate and predict")?;
    writeln!(out)?;
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "  {} training images of 28×28 pixels, {} test images",
        thousands(mnist.train.len()),
        thousands(mnist.test.len())
    )?;
    writeln!(out)?;

    write_created(out)?;
    writeln!(out)?;
    writeln!(
        out,
        "compile   Adam with learning rate 0.001; loss: softmax cross-entropy on the logits,"
    )?;
    writeln!(out, "          labels as digits; metric: accuracy")?;
    writeln!(out)?;

    let at = keras::split_point(mnist.train.len(), VALIDATION_SPLIT)?;
    writeln!(
        out,
        "fit       {EPOCHS} epochs of batches of {BATCH}, validation_split {VALIDATION_SPLIT}: \
         trains on the first {}",
        thousands(at)
    )?;
    writeln!(
        out,
        "          training images and validates on the last {}",
        thousands(mnist.train.len() - at)
    )?;
    writeln!(out, "  epoch    loss   accuracy   val_loss   val_accuracy")?;
    let done = workflow(mnist, |record| {
        let validation = record.validation.unwrap_or(Metrics {
            loss: f32::NAN,
            accuracy: f32::NAN,
        });
        writeln!(
            out,
            "  {:>5}   {:.3}     {}      {:.3}         {}",
            record.epoch,
            record.train.loss,
            percent(record.train.accuracy),
            validation.loss,
            percent(validation.accuracy)
        )
    })?;
    writeln!(out)?;
    writeln!(
        out,
        "evaluate  on the {} test images: loss {:.3}, accuracy {}",
        thousands(mnist.test.len()),
        done.test.loss,
        percent(done.test.accuracy).trim_start()
    )?;
    writeln!(out)?;

    let drawn = drawn_digits();
    writeln!(
        out,
        "predict   on new images: {} digits drawn by this program, not taken from MNIST",
        drawn.len()
    )?;
    write_predictions(out, &done.model, &drawn)?;
    writeln!(out)?;

    // MNIST's digits sit with their centre of mass in the middle of the box; move ours there.
    let (moved, moves) = centred(&drawn);
    let off_centre: Vec<usize> = (0..drawn.len()).filter(|&i| moves[i] != (0, 0)).collect();
    if off_centre.is_empty() {
        return writeln!(
            out,
            "All drawn digits have their centre of mass in the middle."
        );
    }
    writeln!(
        out,
        "          MNIST moved each digit to put its centre of mass in the middle, at (14, 14)."
    )?;
    for &i in &off_centre {
        let (x, y) = centre_of_mass(drawn.pixels(i));
        let (right, down) = moves[i];
        let across = match right {
            0 => String::new(),
            r if r < 0 => format!("{} left and ", -r),
            r => format!("{r} right and "),
        };
        let along = match down {
            d if d < 0 => format!("{} up", -d),
            d => format!("{d} down"),
        };
        writeln!(
            out,
            "          The drawn {}'s centre of mass is at ({x:.1}, {y:.1}); moved {across}{along}:",
            drawn.label(i)
        )?;
    }
    let examples = off_centre
        .iter()
        .map(|&i| (moved.pixels(i).to_vec(), moved.label(i) as u8))
        .collect();
    write_predictions(out, &done.model, &split_of(examples))
}

/// The network's layers with their output sizes and parameter counts: the created model.
fn write_created(out: &mut dyn Write) -> io::Result<()> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = Model::sequential::<Mlp>(&dev);
    let ((first, _), (second, _), third) = model.network();
    writeln!(out, "create    Model::sequential::<Mlp>(&dev)")?;
    writeln!(out, "  layer            output   parameters")?;
    let rows = [
        (
            "Linear(784, 64)",
            64,
            first.num_trainable_params(),
            "then ReLU",
        ),
        (
            "Linear(64, 32)",
            32,
            second.num_trainable_params(),
            "then ReLU",
        ),
        (
            "Linear(32, 10)",
            10,
            third.num_trainable_params(),
            "the logits: the softmax is in the loss",
        ),
    ];
    for (layer, outputs, params, after) in rows {
        writeln!(
            out,
            "  {layer:<15}  {outputs:>6}   {:>10}   {after}",
            thousands(params)
        )?;
    }
    writeln!(
        out,
        "  total                     {:>10}",
        thousands(model.network().num_trainable_params())
    )
}

/// The drawn digits side by side, and under each what the model predicts.
fn write_predictions(out: &mut dyn Write, model: &Trainable, drawn: &Split) -> io::Result<()> {
    const GAP: &str = "    ";
    let (probabilities, digits) = predict(model, drawn);
    let pictures: Vec<Vec<String>> = (0..drawn.len()).map(|i| drawn.draw(i)).collect();
    for line in 0..pictures[0].len() {
        let row: Vec<&str> = pictures.iter().map(|p| p[line].as_str()).collect();
        let text = format!("  {}", row.join(GAP));
        if !text.trim().is_empty() {
            writeln!(out, "{}", text.trim_end())?;
        }
    }
    // A digit with its probability for image `i`: "7 (61.2%)".
    let with_probability = |i: usize, digit: usize| {
        let p = probabilities[i * CLASSES + digit];
        format!("{digit} ({})", percent(p).trim_start())
    };
    let runner_up = |i: usize| {
        let p = &probabilities[i * CLASSES..(i + 1) * CLASSES];
        (0..CLASSES)
            .filter(|&digit| digit != digits[i])
            .reduce(|best, digit| if p[digit] > p[best] { digit } else { best })
            .expect("ten digits")
    };
    let n = drawn.len();
    let rows: [(&str, Vec<String>); 3] = [
        (
            "drawn as",
            (0..n).map(|i| drawn.label(i).to_string()).collect(),
        ),
        (
            "predicted",
            (0..n).map(|i| with_probability(i, digits[i])).collect(),
        ),
        (
            "runner-up",
            (0..n).map(|i| with_probability(i, runner_up(i))).collect(),
        ),
    ];
    for (name, cells) in rows {
        let cells: Vec<String> = cells
            .iter()
            .map(|cell| format!("{:<28}", format!("{name:<9} {cell}")))
            .collect();
        writeln!(out, "  {}", cells.join(GAP).trim_end())?;
    }
    Ok(())
}
