//! # t20 · A convolutional network on MNIST
//!
//! **Question.** What does an example deep-learning project look like?
//!
//! **Answer.** The classic one is MNIST digit classification with a small convolutional network,
//! and it has five parts, each of which this lesson runs: the data (28×28 grey-scale digits,
//! pixels scaled to [0, 1]), the architecture ([`Cnn`]: two blocks of convolution, ReLU and max
//! pooling, then one dense layer), training (Adam on shuffled batches, with
//! [`kit::train::fit`]), evaluation (test accuracy, a confusion matrix, the digits it gets wrong)
//! and saving the trained weights (safetensors, written whole or not at all, and loaded back
//! into a fresh model that predicts the same). Convolution suits images because each output
//! looks at a small neighbourhood (locality), applies the same small filter everywhere (weight
//! sharing), and so moves with the image when the image moves (translation equivariance): the
//! network has 5,258 parameters, a tenth of p03's one-hidden-layer network, and after five epochs
//! on the 4,000 embedded training digits it classifies 96% of the 1,000 test digits correctly,
//! where p03's network reaches 92%.
//!
//! dfdx 0.13 has convolution layers only behind its `nightly` feature, which no longer compiles;
//! the layers here come from [`kit::conv`], written for stable Rust. They name each output size in
//! the type (`Conv2D<1, 8, 3, 26, 26>` makes 26×26 maps), and the build fails where a size does
//! not follow from the layer's input. They run on the CPU (`Cpu`) only.
//!
//! Run it with `cargo xtask run t20`; `cargo xtask run t20 -- --full` trains on full MNIST after
//! `cargo xtask fetch-data`, and `MNIST_DIR=folder` on any folder of MNIST files.

use ::safetensors::SafeTensors;
use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::conv::{self, Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
use kit::figures::Figures;
use kit::scratch::ScratchDir;
use kit::train::{self, EpochRecord, FitConfig, History, Metrics};
use kit::{percent, short_type_name, thousands};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

#[cfg_attr(feature = "answers", path = "../../../answers/t20-mnist-cnn.rs")]
pub mod exercises;
pub mod heat_map;

// ANCHOR: model
/// The network, as Keras would write it:
///
/// ```text
/// Sequential([Input((28, 28, 1)),
///             Conv2D(8, 3, activation="relu"), MaxPooling2D(2),
///             Conv2D(16, 3, activation="relu"), MaxPooling2D(2),
///             Flatten(), Dense(10)])
/// ```
///
/// Images are `(batch, channels, height, width)`, as in PyTorch. `Unflatten2D` turns the rows of
/// 784 pixels that `kit::train` hands every model into one-channel 28×28 images. Each `Conv2D`
/// names its channels in and out, its kernel size, and the height and width of what it makes
/// (28 − 3 + 1 = 26); each `MaxPool2D` its window and its output size (26 / 2 = 13).
pub type Cnn = (
    Unflatten2D<1, 28, 28>,
    (Conv2D<1, 8, 3, 26, 26>, ReLU, MaxPool2D<2, 13, 13>),
    (Conv2D<8, 16, 3, 11, 11>, ReLU, MaxPool2D<2, 5, 5>),
    Flatten2D<400>,
    Linear<400, CLASSES>,
);

/// The network once built on the CPU: its layers holding their weights.
pub type CnnNet = <Cnn as BuildOnDevice<Cpu, f32>>::Built;
// ANCHOR_END: model

/// p03's network, 784 pixels → 64 ReLU units → 10 logits, for comparison.
pub type OneHiddenLayer = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);

/// Examples per training step: Keras' default `batch_size`.
pub const BATCH: usize = 32;
/// Passes over the training set.
pub const EPOCHS: usize = 5;
/// Adam's learning rate: twice Keras' default, since the data are few and so are the epochs.
pub const LEARNING_RATE: f64 = 2e-3;
/// Seeds the initial weights and the shuffle, so that every run trains the same network.
pub const SEED: u64 = 0;
/// Seeds the fresh network that the saved weights are loaded into.
pub const FRESH_SEED: u64 = 1;
/// The test accuracy the embedded sample must reach; the lesson's test checks it. p03's
/// one-hidden-layer network reaches 92.3%.
pub const ACCURACY_FLOOR: f32 = 0.95;
/// The test image whose shifted copy shows translation equivariance.
pub const SHIFTED_IMAGE: usize = 0;
/// How many pixels that image is shifted to the right.
pub const SHIFT: usize = 2;
/// How many of the test digits the network gets wrong are drawn.
pub const MISTAKES_DRAWN: usize = 3;

/// What a training run produced.
pub struct Trained {
    /// The trained network.
    pub model: CnnNet,
    /// Test-set metrics before training.
    pub untrained: Metrics,
    /// Training loss and accuracy, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
}

/// Adam with the lesson's learning rate.
pub fn adam_config() -> AdamConfig {
    AdamConfig {
        lr: LEARNING_RATE,
        ..Default::default()
    }
}

// ANCHOR: train
/// Builds the network from [`SEED`], trains it on `mnist.train` for [`EPOCHS`] epochs and
/// evaluates it on `mnist.test`, calling `on_epoch` after every epoch.
pub fn train(
    mnist: &Mnist,
    on_epoch: impl FnMut(&EpochRecord) -> io::Result<()>,
) -> io::Result<Trained> {
    // The layers of kit::conv run on the CPU: the device is `Cpu`, not `AutoDevice`.
    let dev = Cpu::seed_from_u64(SEED);
    let mut model = dev.build_module::<Cnn, f32>();
    let mut adam = Adam::new(&model, adam_config());
    let untrained = train::evaluate(&model, &mnist.test, &dev);
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    let history =
        train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &mnist.train, config, &dev, on_epoch)?;
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained {
        model,
        untrained,
        history,
        test,
    })
}
// ANCHOR_END: train

/// Prints the lesson and draws its figure: the data, the network and why it is convolutional,
/// its training, its evaluation, and its weights saved and loaded back.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t20 · A convolutional network on MNIST")?;
    writeln!(out)?;
    write_data(out, mnist)?;
    writeln!(out)?;
    write_model(out, &mnist.test)?;
    writeln!(out)?;

    writeln!(
        out,
        "3. Training: kit::train::fit, Adam (learning rate {LEARNING_RATE}), {EPOCHS} epochs of {} \
         batches of {BATCH}",
        thousands(mnist.train.len() / BATCH)
    )?;
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

    write_evaluation(out, figures, &trained, &mnist.test)?;
    writeln!(out)?;
    write_saved(out, &trained.model, &mnist.test)
}

/// Section 1: the two splits, a batch's shapes, the scaling of the pixels, and one digit.
fn write_data(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "1. The data: {}", mnist.source)?;
    writeln!(
        out,
        "  training {:>6} images, test {:>6} images, each 28×28 grey-scale pixels and a label 0–9",
        thousands(mnist.train.len()),
        thousands(mnist.test.len())
    )?;
    let dev = Cpu::default();
    let first: Vec<usize> = (0..BATCH.min(mnist.train.len())).collect();
    let batch = mnist.train.batch::<usize, _>(&first, &dev);
    writeln!(
        out,
        "  a training batch: images {:?} (one row of 784 pixels per image), labels {:?} one-hot",
        batch.images.shape().concrete(),
        batch.one_hot.shape().concrete()
    )?;
    let bytes = first.iter().flat_map(|&i| mnist.train.pixels(i));
    let (low, high) = bytes.fold((u8::MAX, u8::MIN), |(lo, hi), &b| (lo.min(b), hi.max(b)));
    let values = batch.images.as_vec();
    let (min, max) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let mean = values.iter().sum::<f32>() / values.len() as f32;
    writeln!(
        out,
        "  pixels are stored as bytes, {low} (paper) to {high} (ink), and divided by 255: in this \
         batch"
    )?;
    writeln!(
        out,
        "  they run from {min:.3} to {max:.3}, with a mean of {mean:.3} (most of an image is paper)"
    )?;
    writeln!(out, "  training image #0, a {}:", mnist.train.label(0))?;
    for line in inked(&mnist.train.draw(0)) {
        writeln!(out, "    {}", line.trim_end())?;
    }
    Ok(())
}

/// The lines of a drawing that hold ink: MNIST centres each digit in its 28×28 box, so the
/// lines above and below are empty.
fn inked(lines: &[String]) -> &[String] {
    let has_ink = |line: &String| !line.trim().is_empty();
    let first = lines.iter().position(has_ink).unwrap_or(0);
    let last = lines.iter().rposition(has_ink).unwrap_or(0);
    &lines[first..=last]
}

/// Section 2: the shape after every layer, the parameters, weight sharing and translation
/// equivariance.
fn write_model(out: &mut dyn Write, test: &Split) -> io::Result<()> {
    writeln!(
        out,
        "2. The model, layer by layer, on a batch of {BATCH}: shapes read from the tensors, as \
         Keras' summary()"
    )?;
    let dev = Cpu::seed_from_u64(SEED);
    let model = dev.build_module::<Cnn, f32>();
    let rows: Vec<usize> = (0..BATCH.min(test.len())).collect();
    let images = test.batch::<usize, _>(&rows, &dev).images;
    let layers = layer_by_layer(&model, images);
    writeln!(
        out,
        "  {:<32} {:<18} {:>10}",
        "layer (its type)", "output shape", "parameters"
    )?;
    for layer in &layers {
        writeln!(
            out,
            "  {:<32} {:<18} {:>10}",
            layer.name,
            format!("{:?}", layer.shape),
            thousands(layer.parameters)
        )?;
    }
    let total = model.num_trainable_params();
    let mlp = dev
        .build_module::<OneHiddenLayer, f32>()
        .num_trainable_params();
    writeln!(out, "  {:<51} {:>10}", "total", thousands(total))?;
    writeln!(
        out,
        "  p03's network, 784 → 64 → 10, has {} parameters: {:.1} times as many",
        thousands(mlp),
        mlp as f32 / total as f32
    )?;
    writeln!(out)?;

    // Weight sharing: the first convolution's 8 filters of 3×3 make every one of its outputs.
    let conv1 = &model.1 .0;
    let inputs = PIXELS;
    let outputs = layers[1].shape[1..].iter().product::<usize>();
    let conv_parameters = conv1.weight.shape().num_elements() + conv1.bias.shape().num_elements();
    writeln!(
        out,
        "Weight sharing: conv 1 turns {} pixels into {} numbers (8 maps of 26×26) with {} \
         parameters,",
        inputs,
        thousands(outputs),
        conv_parameters
    )?;
    writeln!(
        out,
        "  the same 8 filters of 3×3 (and 8 biases) at every position; a Linear layer from the same"
    )?;
    writeln!(
        out,
        "  inputs to the same outputs would need {} × {} + {} = {} parameters.",
        inputs,
        thousands(outputs),
        thousands(outputs),
        thousands(inputs * outputs + outputs)
    )?;
    write_equivariance(out, &model, test)
}

/// One layer's row of the summary.
pub struct LayerRow {
    /// The layer's builder type, without module paths.
    pub name: String,
    /// The shape of its output, read from the tensor.
    pub shape: Vec<usize>,
    /// Its trainable parameters.
    pub parameters: usize,
}

// ANCHOR: summary
/// Runs `images` through the network one layer at a time and records each layer's output shape,
/// read from the tensor it returns: what Keras' `model.summary()` prints. The tuple's fields
/// are the built layers, so the same code is also the network's forward pass, written out.
pub fn layer_by_layer(
    model: &CnnNet,
    images: Tensor<(usize, Const<PIXELS>), f32, Cpu>,
) -> Vec<LayerRow> {
    let (unflatten, (conv1, relu1, pool1), (conv2, relu2, pool2), flatten, dense) = model;
    let mut rows = Vec::new();
    let mut row = |name: String, shape: &[usize], parameters: usize| {
        rows.push(LayerRow {
            name,
            shape: shape.to_vec(),
            parameters,
        });
    };
    let x = unflatten.forward(images); // (batch, 784) → (batch, 1, 28, 28)
    row(
        short_type_name::<Unflatten2D<1, 28, 28>>(),
        &x.shape().concrete(),
        0,
    );
    let x = conv1.forward(x);
    let parameters = conv1.num_trainable_params();
    row(
        short_type_name::<Conv2D<1, 8, 3, 26, 26>>(),
        &x.shape().concrete(),
        parameters,
    );
    let x = relu1.forward(x);
    row(short_type_name::<ReLU>(), &x.shape().concrete(), 0);
    let x = pool1.forward(x);
    row(
        short_type_name::<MaxPool2D<2, 13, 13>>(),
        &x.shape().concrete(),
        0,
    );
    let x = conv2.forward(x);
    let parameters = conv2.num_trainable_params();
    row(
        short_type_name::<Conv2D<8, 16, 3, 11, 11>>(),
        &x.shape().concrete(),
        parameters,
    );
    let x = relu2.forward(x);
    row(short_type_name::<ReLU>(), &x.shape().concrete(), 0);
    let x = pool2.forward(x);
    row(
        short_type_name::<MaxPool2D<2, 5, 5>>(),
        &x.shape().concrete(),
        0,
    );
    let x = flatten.forward(x); // (batch, 16, 5, 5) → (batch, 400)
    row(
        short_type_name::<Flatten2D<400>>(),
        &x.shape().concrete(),
        0,
    );
    let x = dense.forward(x);
    let parameters = dense.num_trainable_params();
    row(
        short_type_name::<Linear<400, 10>>(),
        &x.shape().concrete(),
        parameters,
    );
    rows
}
// ANCHOR_END: summary

/// Test image `i` as a batch of one image, shifted `shift` pixels to the right (the columns that
/// come in on the left are paper).
pub fn shifted_image(
    test: &Split,
    i: usize,
    shift: usize,
) -> Tensor<Rank4<1, 1, 28, 28>, f32, Cpu> {
    let side = 28;
    let pixels = test.pixels(i);
    let mut moved = vec![0.0f32; PIXELS];
    for y in 0..side {
        for x in shift..side {
            moved[y * side + x] = f32::from(pixels[y * side + x - shift]) / 255.0;
        }
    }
    Cpu::default().tensor_from_vec(moved, (Const, Const, Const, Const))
}

// ANCHOR: equivariance
/// The largest difference between `shifted`'s maps and `original`'s moved `by` columns to the
/// right, over the columns both cover. Zero when the layer is translation equivariant.
pub fn largest_difference_after_moving<const C: usize, const H: usize, const W: usize>(
    original: &[[[[f32; W]; H]; C]; 1],
    shifted: &[[[[f32; W]; H]; C]; 1],
    by: usize,
) -> f32 {
    let mut largest = 0.0f32;
    for c in 0..C {
        for y in 0..H {
            for x in 0..W - by {
                largest = largest.max((shifted[0][c][y][x + by] - original[0][c][y][x]).abs());
            }
        }
    }
    largest
}
// ANCHOR_END: equivariance

/// Translation equivariance: test image [`SHIFTED_IMAGE`] and its copy shifted [`SHIFT`] pixels
/// right, through the first convolution and the first pooling.
fn write_equivariance(out: &mut dyn Write, model: &CnnNet, test: &Split) -> io::Result<()> {
    let (_, (conv1, relu1, pool1), ..) = model;
    let original = shifted_image(test, SHIFTED_IMAGE, 0);
    let shifted = shifted_image(test, SHIFTED_IMAGE, SHIFT);
    let maps = conv1.forward(original.clone()).array();
    let shifted_maps = conv1.forward(shifted.clone()).array();
    let pooled = pool1
        .forward(relu1.forward(conv1.forward(original)))
        .array();
    let shifted_pooled = pool1.forward(relu1.forward(conv1.forward(shifted))).array();
    writeln!(
        out,
        "Translation equivariance, with the untrained weights (it holds for any weights):"
    )?;
    writeln!(
        out,
        "  test image #{SHIFTED_IMAGE}, and a copy of it moved {SHIFT} pixels to the right"
    )?;
    writeln!(
        out,
        "  conv 1's maps of the copy are the original's, moved {SHIFT} columns: largest difference \
         {:.6}",
        largest_difference_after_moving(&maps, &shifted_maps, SHIFT)
    )?;
    writeln!(
        out,
        "  after ReLU and 2×2 max pooling, moved {} column: largest difference {:.6}",
        SHIFT / 2,
        largest_difference_after_moving(&pooled, &shifted_pooled, SHIFT / 2)
    )
}

// ANCHOR: confusion
/// The confusion matrix: `matrix[true digit][predicted digit]` counts the test images of each
/// true digit by the digit the network predicted. The diagonal holds the right answers.
pub fn confusion_matrix(labels: &[usize], predicted: &[usize]) -> [[usize; CLASSES]; CLASSES] {
    let mut matrix = [[0; CLASSES]; CLASSES];
    for (&label, &guess) in labels.iter().zip(predicted) {
        matrix[label][guess] += 1;
    }
    matrix
}
// ANCHOR_END: confusion

/// Section 4: test accuracy, the confusion matrix (figure and worst cells), the digits the
/// network gets wrong.
fn write_evaluation(
    out: &mut dyn Write,
    figures: &mut Figures,
    trained: &Trained,
    test: &Split,
) -> io::Result<()> {
    writeln!(
        out,
        "4. Evaluation on the {} test images",
        thousands(test.len())
    )?;
    writeln!(out, "               loss   accuracy")?;
    for (name, metrics) in [("untrained", trained.untrained), ("trained", trained.test)] {
        writeln!(
            out,
            "  {name:<10}  {:.3}    {}",
            metrics.loss,
            percent(metrics.accuracy)
        )?;
    }
    let dev = Cpu::default();
    let predicted = train::predict(&trained.model, test, &dev);
    let labels: Vec<usize> = (0..test.len()).map(|i| test.label(i)).collect();
    let matrix = confusion_matrix(&labels, &predicted);
    figures.add(
        "confusion.svg",
        heat_map::confusion_figure(&matrix, "Confusion matrix of the test set"),
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Confusion matrix (figure confusion.svg): right answers per digit, and the most frequent \
         mistakes"
    )?;
    write!(out, "  digit    ")?;
    (0..CLASSES).try_for_each(|digit| write!(out, "{digit:>6}"))?;
    writeln!(out)?;
    write!(out, "  right    ")?;
    for (digit, row) in matrix.iter().enumerate() {
        let all: usize = row.iter().sum();
        let share = row[digit] as f32 / all.max(1) as f32;
        write!(out, "{:>6}", format!("{:.0}%", 100.0 * share))?;
    }
    writeln!(out)?;
    let mut mistakes: Vec<(usize, usize, usize)> = (0..CLASSES)
        .flat_map(|t| (0..CLASSES).map(move |p| (t, p)))
        .filter(|&(t, p)| t != p)
        .map(|(t, p)| (matrix[t][p], t, p))
        .filter(|&(count, _, _)| count > 0)
        .collect();
    // The most frequent first; on a tie, in the order of the true digit, then the predicted one.
    mistakes.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let shown: Vec<String> = mistakes
        .iter()
        .take(3)
        .map(|&(count, t, p)| format!("{t} read as {p} ({count} times)"))
        .collect();
    writeln!(out, "  most frequent: {}", shown.join(", "))?;
    writeln!(out)?;

    let wrong: Vec<usize> = (0..test.len())
        .filter(|&i| predicted[i] != test.label(i))
        .collect();
    writeln!(
        out,
        "It gets {} of the {} test digits wrong; the first {}, with the probability it gave its \
         answer:",
        wrong.len(),
        thousands(test.len()),
        MISTAKES_DRAWN.min(wrong.len())
    )?;
    let drawn = &wrong[..MISTAKES_DRAWN.min(wrong.len())];
    let captions: Vec<String> = drawn
        .iter()
        .map(|&i| {
            let image: Tensor<Rank2<1, PIXELS>, f32, Cpu> = test.image(i, &dev).reshape();
            let probabilities = trained.model.forward(image).softmax::<Axis<1>>().array()[0];
            format!(
                "#{i}: a {}, read as {} ({:.2})",
                test.label(i),
                predicted[i],
                probabilities[predicted[i]]
            )
        })
        .collect();
    write_side_by_side(out, test, drawn, &captions)
}

/// Test digits drawn side by side, each with its caption underneath.
fn write_side_by_side(
    out: &mut dyn Write,
    test: &Split,
    shown: &[usize],
    captions: &[String],
) -> io::Result<()> {
    const GAP: &str = "    ";
    if shown.is_empty() {
        return Ok(());
    }
    let drawings: Vec<Vec<String>> = shown.iter().map(|&i| test.draw(i)).collect();
    let lines: Vec<String> = (0..drawings[0].len())
        .map(|line| {
            let row: Vec<&str> = drawings.iter().map(|d| d[line].as_str()).collect();
            format!("  {}", row.join(GAP)).trim_end().to_string()
        })
        .collect();
    for line in inked(&lines) {
        writeln!(out, "{line}")?;
    }
    let captions: Vec<String> = captions.iter().map(|c| format!("{c:<28}")).collect();
    writeln!(out, "  {}", captions.join(GAP).trim_end())
}

// ANCHOR: save
/// Saves `model`'s weights as a safetensors file at `path`, whole or not at all (p09's
/// convention, `kit::save`): into a temporary file in the same folder first, which is then
/// renamed to `path`. A rename within a folder replaces the old file in one step, so a reader
/// never sees half a file, and a failed save leaves the old one in place.
pub fn save_weights(model: &CnnNet, path: &Path) -> io::Result<()> {
    kit::save::save_safetensors(model, path)
}

/// A fresh network built from another seed, with the weights in the file at `path` loaded
/// into it: PyTorch's `model = Net(); model.load_state_dict(torch.load(path))`.
pub fn load_weights(path: &Path) -> io::Result<CnnNet> {
    let mut model = Cpu::seed_from_u64(FRESH_SEED).build_module::<Cnn, f32>();
    model
        .load_safetensors(path)
        .map_err(|err| io::Error::other(format!("{err:?}")))?;
    Ok(model)
}
// ANCHOR_END: save

/// The logits of `model` for every image of `set`, row after row.
pub fn logits(model: &CnnNet, set: &Split) -> Vec<f32> {
    let dev = Cpu::default();
    set.in_batches(500, &dev)
        .flat_map(|batch| model.forward(batch.images).as_vec())
        .collect()
}

/// Section 5: the weights saved, what the file holds, and the same predictions after loading.
fn write_saved(out: &mut dyn Write, model: &CnnNet, test: &Split) -> io::Result<()> {
    let dir = ScratchDir::new("t20-mnist-cnn")?;
    let path = dir.join("cnn.safetensors");
    save_weights(model, &path)?;
    let bytes = fs::read(&path)?;
    writeln!(
        out,
        "5. Saving: save_safetensors into a temporary file, renamed to cnn.safetensors ({} bytes)",
        thousands(bytes.len())
    )?;
    let (_, metadata) =
        SafeTensors::read_metadata(&bytes).map_err(|err| io::Error::other(format!("{err:?}")))?;
    let mut tensors: Vec<_> = metadata.tensors().into_iter().collect();
    tensors.sort_by_key(|(_, info)| info.data_offsets);
    writeln!(out, "  tensor       type  shape")?;
    for (name, info) in &tensors {
        writeln!(
            out,
            "  {name:<12} {:<5} {:?}",
            format!("{:?}", info.dtype),
            info.shape
        )?;
    }
    let loaded = load_weights(&path)?;
    let (saved_logits, loaded_logits) = (logits(model, test), logits(&loaded, test));
    let same = train::most_likely(&saved_logits)
        .iter()
        .zip(train::most_likely(&loaded_logits))
        .filter(|(a, b)| **a == *b)
        .count();
    let largest = saved_logits
        .iter()
        .zip(&loaded_logits)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    writeln!(
        out,
        "Loaded into a fresh network built from seed {FRESH_SEED}: the same digit for {} of the {} \
         test images,",
        thousands(same),
        thousands(test.len())
    )?;
    writeln!(out, "  largest difference between the logits: {largest}")
}

// ANCHOR: same_padding
/// The exercises' network: [`Cnn`] with Keras' `padding="same"`, a border of one pixel of zeros
/// around each convolution's input so that a 3×3 kernel keeps the height and width. The fields
/// hold the layers with weights; the pooling, flattening and ReLU layers hold none and appear
/// only in the forward pass (exercise `same_padding_forward`).
///
/// ```text
/// Sequential([Input((28, 28, 1)),
///             Conv2D(8, 3, padding="same", activation="relu"), MaxPooling2D(2),
///             Conv2D(16, 3, padding="same", activation="relu"), MaxPooling2D(2),
///             Flatten(), Dense(10)])
/// ```
#[derive(Debug, Clone)]
pub struct SamePaddingCnn<E: Dtype, D: Device<E>> {
    /// 1 channel in, 8 out, a 3×3 kernel, padding 1: 28×28 in, 28×28 out.
    pub conv1: conv::modules::Conv2D<1, 8, 3, 28, 28, 1, 1, E, D>,
    /// 8 channels in, 16 out, a 3×3 kernel, padding 1: 14×14 in, 14×14 out.
    pub conv2: conv::modules::Conv2D<8, 16, 3, 14, 14, 1, 1, E, D>,
    /// The 16 maps of 7×7 pixels, flattened, in; one logit per digit out.
    pub dense: modules::Linear<784, CLASSES, E, D>,
}
// ANCHOR_END: same_padding

impl<D: Device<f32>> TensorCollection<f32, D> for SamePaddingCnn<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = SamePaddingCnn<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("conv1", |net| &net.conv1, |net| &mut net.conv1),
                Self::module("conv2", |net| &net.conv2, |net| &mut net.conv2),
                Self::module("dense", |net| &net.dense, |net| &mut net.dense),
            ),
            |(conv1, conv2, dense)| SamePaddingCnn {
                conv1,
                conv2,
                dense,
            },
        )
    }
}

/// `forward` changes nothing inside the network: training's `forward_mut` is the same.
impl<E: Dtype, D: Device<E>> NonMutableModule for SamePaddingCnn<E, D> {}

// ANCHOR: no_padding
/// A network's sizes are checked where it runs, not where its type is written: the type below
/// forgets the padding that keeps 28×28 at 28×28, builds, and fails to compile at the forward
/// pass, when rustc evaluates each layer's size assertion for the input's type.
///
/// ```compile_fail,E0080
/// use dfdx::prelude::*;
/// use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
/// type Forgotten = (
///     Unflatten2D<1, 28, 28>,
///     (Conv2D<1, 8, 3, 28, 28>, ReLU, MaxPool2D<2, 14, 14>), // 28 − 3 + 1 is 26, not 28
///     Flatten2D<1568>,
///     Linear<1568, 10>,
/// );
/// let dev = Cpu::default();
/// let model = dev.build_module::<Forgotten, f32>();
/// let images: Tensor<Rank2<2, 784>, f32, Cpu> = dev.zeros();
/// let _ = model.forward(images);
/// ```
///
/// With the padding, `PADDING = 1` after `STRIDE = 1`, the same lines compile and run:
///
/// ```
/// use dfdx::prelude::*;
/// use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
/// type Padded = (
///     Unflatten2D<1, 28, 28>,
///     (Conv2D<1, 8, 3, 28, 28, 1, 1>, ReLU, MaxPool2D<2, 14, 14>), // 28 + 2 − 3 + 1 = 28
///     Flatten2D<1568>,
///     Linear<1568, 10>,
/// );
/// let dev = Cpu::default();
/// let model = dev.build_module::<Padded, f32>();
/// let images: Tensor<Rank2<2, 784>, f32, Cpu> = dev.zeros();
/// assert_eq!(model.forward(images).shape().concrete(), [2, 10]);
/// ```
pub const SIZES_ARE_CHECKED_WHERE_THE_NETWORK_RUNS: () = ();
// ANCHOR_END: no_padding
