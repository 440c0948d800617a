//! # t06 · Seeing inside a network
//!
//! **Question.** Why does a 3D network visualisation such as TensorSpace matter?
//!
//! **Answer.** TensorSpace.js shows a Keras or TensorFlow.js model in the browser as a 3-D
//! scene of layers and lights up each layer's output for an input you choose. What makes that
//! worth doing is not the third dimension but what it puts in front of you: the numbers inside a
//! trained network, its weights and its activations, which a list of layers and shapes never
//! shows. In dfdx those numbers are ordinary tensors in the built model's fields
//! (`model.0 .0.weight`), and part of a tuple model runs on its own (`model.0.forward(x)`), so
//! this lesson trains a 784→32→10 network on MNIST and draws the same quantities in 2-D, where
//! they can be read and compared: the first layer's weights as 28×28 tiles, one digit's
//! activations layer by layer, each hidden unit's vote for the predicted digit, and the test
//! digits that excite the deciding units most. The pictures show real things (weights still at
//! their random initial values on pixels that are blank in every training image, a dead ReLU
//! unit, a decision shared by many units) and suggest stories that only a measurement can
//! settle, so the lesson ends with one: silencing units and scoring the network again.
//! TensorSpace itself has had no release since v0.6.1 (April 2019), and its model converter
//! pins TensorFlow 1.12.
//!
//! Run it with `cargo xtask run t06`; the figures are written to
//! `target/figures/t06-seeing-inside/`.

use datasets::{Mnist, Split, CLASSES, PIXELS, SIDE};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::figures::Figures;
use kit::plot::{self, LineChart, Raster, Series};
use kit::train::{self, FitConfig, Metrics};
use kit::{percent, thousands};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t06-seeing-inside.rs")]
pub mod exercises;

// ANCHOR: model
/// Hidden units: few enough to look at each one.
pub const HIDDEN: usize = 32;

/// 784 pixels → 32 ReLU units → 10 logits: p03's network with half its hidden units.
pub type SmallMlp = ((Linear<PIXELS, HIDDEN>, ReLU), Linear<HIDDEN, CLASSES>);

/// The network once built. Its parts are tuple fields: `model.0` is the hidden layer with its
/// ReLU, `model.0 .0` the hidden `Linear` alone (`weight: Rank2<32, 784>`, one row per hidden
/// unit; `bias: Rank1<32>`), and `model.1` the output `Linear` (`weight: Rank2<10, 32>`).
pub type Network = <SmallMlp as BuildOnDevice<AutoDevice, f32>>::Built;
// ANCHOR_END: model

/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the training set.
pub const EPOCHS: usize = 5;
/// Seeds the initial weights and the shuffle.
pub const SEED: u64 = 0;
/// The test accuracy the embedded sample must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.88;
/// The test image the lesson follows through the network.
pub const SHOWN: usize = 0;

/// A trained network, the weights it started from, and its test-set score.
pub struct Trained {
    /// The network after training.
    pub model: Network,
    /// The same network before training: its random initial weights.
    pub initial: Network,
    /// Test-set loss and accuracy after training.
    pub test: Metrics,
}

/// Builds the network and trains it on `mnist.train` with Adam (learning rate 0.001), through
/// `kit::train::fit` as p03 does, then scores it on `mnist.test`.
pub fn train(mnist: &Mnist) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<SmallMlp, f32>();
    // The clone shares the weights' buffers until Adam writes to them, and a write copies a
    // shared buffer first: `initial` keeps the random weights (see the primer on `clone`).
    let initial = model.clone();
    let mut adam: Adam<Network, f32, AutoDevice> = Adam::new(&model, Default::default());
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    train::fit::<BATCH, _, _, _>(
        &mut model,
        &mut adam,
        &mnist.train,
        config,
        &dev,
        |_| Ok(()),
    )?;
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained {
        model,
        initial,
        test,
    })
}

// ANCHOR: layer_by_layer
/// What one image becomes in each layer.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerByLayer {
    /// The 32 hidden units after the ReLU.
    pub hidden: [f32; HIDDEN],
    /// The 10 logits.
    pub logits: [f32; CLASSES],
    /// The softmax of the logits.
    pub probabilities: [f32; CLASSES],
}

/// Runs one image through the network a layer at a time, keeping what each layer hands on:
/// `model.0` (the hidden `Linear`, then the ReLU), then `model.1`. A tuple's `forward` makes
/// exactly these calls, so the logits are those of `model.forward(image)`.
pub fn layer_by_layer(
    model: &Network,
    image: Tensor<Rank1<PIXELS>, f32, AutoDevice>,
) -> LayerByLayer {
    let hidden = model.0.forward(image);
    let logits = model.1.forward(hidden.clone());
    let probabilities = logits.clone().softmax::<Axis<0>>();
    LayerByLayer {
        hidden: hidden.array(),
        logits: logits.array(),
        probabilities: probabilities.array(),
    }
}
// ANCHOR_END: layer_by_layer

// ANCHOR: hidden_activations
/// The hidden units' activations for every image of `split`: one row of 32 per image.
pub fn hidden_activations(model: &Network, split: &Split, dev: &AutoDevice) -> Vec<[f32; HIDDEN]> {
    let mut rows = Vec::with_capacity(split.len());
    for batch in split.in_batches(500, dev) {
        // The first layer and its ReLU alone: (n, 784) → (n, 32).
        let hidden = model.0.forward(batch.images).as_vec();
        rows.extend(hidden.chunks_exact(HIDDEN).map(|row| {
            let mut units = [0.0; HIDDEN];
            units.copy_from_slice(row);
            units
        }));
    }
    rows
}

/// The hidden units that are 0 on every row of `activations`: dead on that set of images.
pub fn dead(activations: &[[f32; HIDDEN]]) -> Vec<usize> {
    (0..HIDDEN)
        .filter(|&unit| activations.iter().all(|row| row[unit] == 0.0))
        .collect()
}
// ANCHOR_END: hidden_activations

/// The largest pre-activation `w·x + b` of each hidden unit over `split`: the hidden `Linear`
/// without its ReLU. A unit is dead on `split` exactly when its value here is at most 0.
pub fn largest_pre_activations(model: &Network, split: &Split, dev: &AutoDevice) -> [f32; HIDDEN] {
    let mut largest = [f32::NEG_INFINITY; HIDDEN];
    for batch in split.in_batches(500, dev) {
        let batch_largest = model.0 .0.forward(batch.images).max::<Rank1<HIDDEN>, _>();
        for (l, b) in largest.iter_mut().zip(batch_largest.array()) {
            *l = l.max(b);
        }
    }
    largest
}

/// The pixels that are 0 in every image of `split`.
pub fn blank_pixels(split: &Split) -> Vec<usize> {
    (0..PIXELS)
        .filter(|&p| (0..split.len()).all(|i| split.pixels(i)[p] == 0))
        .collect()
}

/// The hidden layer's weight matrix, row by row: one row of 784 weights per hidden unit.
pub fn unit_weights(model: &Network) -> Vec<Vec<f32>> {
    let weights = model.0 .0.weight.as_vec();
    weights.chunks_exact(PIXELS).map(<[f32]>::to_vec).collect()
}

/// The largest |value| of `values`.
fn largest_magnitude(values: &[f32]) -> f32 {
    values.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// Tiles per row in the weight figure.
pub const TILE_COLUMNS: usize = 8;
/// Pixels per weight, or per image pixel, in the tile figures.
pub const TILE_SCALE: usize = 3;

// ANCHOR: weight_tiles
/// Weight rows as 28×28 tiles, `columns` to a row, each scaled to its own largest |weight| so
/// that a weak unit's pattern shows as clearly as a strong one's: dark red is the tile's largest
/// positive weight, dark blue its most negative, white 0.
pub fn weight_tiles(rows: &[Vec<f32>], columns: usize) -> Raster {
    let tiles: Vec<Vec<f32>> = rows
        .iter()
        .map(|row| {
            let largest = largest_magnitude(row);
            row.iter().map(|w| w / largest).collect()
        })
        .collect();
    plot::tile_grid(&tiles, (SIDE, SIDE), columns, TILE_SCALE, plot::diverging)
}
// ANCHOR_END: weight_tiles

/// The indices of the `n` rows of `activations` on which `unit` is largest, strongest first
/// (on a tie, the lower index first), leaving out rows where the unit is 0.
pub fn top_images(activations: &[[f32; HIDDEN]], unit: usize, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..activations.len())
        .filter(|&i| activations[i][unit] > 0.0)
        .collect();
    order.sort_by(|&a, &b| activations[b][unit].total_cmp(&activations[a][unit]));
    order.truncate(n);
    order
}

// ANCHOR: contributions
/// What each hidden unit adds to the logit of `digit`: its activation times its weight into
/// that logit. The logit is the output bias plus the sum of these.
pub fn contributions(model: &Network, hidden: &[f32; HIDDEN], digit: usize) -> [f32; HIDDEN] {
    let weights = model.1.weight.as_vec(); // Rank2<10, 32>, row by row
    std::array::from_fn(|unit| hidden[unit] * weights[digit * HIDDEN + unit])
}

/// The network with `units` silenced: their weights into every logit set to 0, so that the
/// output layer no longer sees them, as if their activations were 0.
pub fn silence(model: &Network, units: &[usize]) -> Network {
    let mut silenced = model.clone();
    let mut weights = silenced.1.weight.as_vec();
    for digit in 0..CLASSES {
        for &unit in units {
            weights[digit * HIDDEN + unit] = 0.0;
        }
    }
    // `clone` shared the buffer with `model`; writing copies it first, so `model` is untouched.
    silenced.1.weight.copy_from(&weights);
    silenced
}
// ANCHOR_END: contributions

/// Indices of `values` from the largest value down (on a tie, the lower index first).
fn ranked(values: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    order
}

/// Rasters placed left to right, top-aligned, `gap` pixels apart on the tile grid's grey.
fn side_by_side(pictures: &[Raster], gap: usize) -> Raster {
    let width =
        pictures.iter().map(Raster::width).sum::<usize>() + gap * pictures.len().saturating_sub(1);
    let height = pictures.iter().map(Raster::height).max().unwrap_or(0);
    let mut out = Raster::new(width, height, plot::GAP);
    let mut left = 0;
    for picture in pictures {
        for y in 0..picture.height() {
            for x in 0..picture.width() {
                out.set(left + x, y, picture.get(x, y));
            }
        }
        left += picture.width() + gap;
    }
    out
}

/// Rasters placed top to bottom, left-aligned, with no gap (each brings its own border).
fn stacked(pictures: &[Raster]) -> Raster {
    let width = pictures.iter().map(Raster::width).max().unwrap_or(0);
    let height = pictures.iter().map(Raster::height).sum();
    let mut out = Raster::new(width, height, plot::GAP);
    let mut top = 0;
    for picture in pictures {
        for y in 0..picture.height() {
            for x in 0..picture.width() {
                out.set(x, top + y, picture.get(x, y));
            }
        }
        top += picture.height();
    }
    out
}

/// A series drawn as stems, one vertical line from 0 to each value at x = index + `offset`,
/// joined along 0: a bar chart drawn with a line chart, for values whose order means nothing
/// (hidden units) or little (digits), where a line from one point to the next would suggest a
/// trend.
fn stems(label: impl Into<String>, values: &[f32], offset: f32) -> Series {
    let points = values.iter().enumerate().flat_map(|(i, &v)| {
        let x = i as f32 + offset;
        [(x, 0.0), (x, v), (x, 0.0)]
    });
    Series::new(label, points)
}

/// The pixels of image `i` of `split`, scaled to [0, 1].
fn ink(split: &Split, i: usize) -> Vec<f32> {
    split
        .pixels(i)
        .iter()
        .map(|&p| f32::from(p) / 255.0)
        .collect()
}

/// Test digits shown per unit in `top-digits.png`.
pub const TOP: usize = 8;
/// Units shown in `top-digits.png`: those that add most to the shown digit's predicted logit.
pub const DECIDING: usize = 4;

/// Prints the lesson and draws its figures.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t06 · Seeing inside a network")?;
    writeln!(out)?;
    let dev = AutoDevice::default();
    let trained = train(mnist)?;
    let model = &trained.model;
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "Model: 784 pixels → Linear(784, {HIDDEN}) → ReLU → Linear({HIDDEN}, 10), trained for \
         {EPOCHS} epochs with Adam"
    )?;
    writeln!(
        out,
        "  test accuracy {} on {} digits",
        percent(trained.test.accuracy).trim_start(),
        thousands(mnist.test.len())
    )?;
    writeln!(out)?;

    write_weights(out, figures, mnist, &trained)?;
    let test_activations = hidden_activations(model, &mnist.test, &dev);
    write_dead_units(out, mnist, &trained, &test_activations, &dev)?;
    let decision = write_one_digit(out, figures, mnist, model, &dev)?;
    write_top_digits(out, figures, mnist, model, &test_activations, &decision)?;
    write_silenced(out, mnist, model, &decision, &dev)
}

/// Part 1: the first layer's weights, and the pixels whose weights never moved.
fn write_weights(
    out: &mut dyn Write,
    figures: &mut Figures,
    mnist: &Mnist,
    trained: &Trained,
) -> io::Result<()> {
    let weights = unit_weights(&trained.model);
    let largest: Vec<f32> = weights.iter().map(|row| largest_magnitude(row)).collect();
    let by_size = |a: &usize, b: &usize| largest[*a].total_cmp(&largest[*b]);
    let weakest = (0..HIDDEN).min_by(by_size).unwrap_or(0);
    let strongest = (0..HIDDEN).max_by(by_size).unwrap_or(0);
    figures.add("weights.png", weight_tiles(&weights, TILE_COLUMNS).to_png())?;
    writeln!(out, "1. The first layer's weights (weights.png)")?;
    writeln!(
        out,
        "  Hidden unit j computes relu(w_j · x + b_j): its 784 weights w_j form a 28×28 picture."
    )?;
    writeln!(
        out,
        "  {HIDDEN} tiles, unit 0 at the top left, {TILE_COLUMNS} to a row; each tile is scaled \
         to its own largest |w|,"
    )?;
    writeln!(
        out,
        "  which ranges from {:.3} (unit {weakest}) to {:.3} (unit {strongest}).",
        largest[weakest], largest[strongest]
    )?;
    let blank = blank_pixels(&mnist.train);
    let initial = unit_weights(&trained.initial);
    let unmoved = blank
        .iter()
        .map(|&p| {
            (0..HIDDEN)
                .filter(|&u| weights[u][p] == initial[u][p])
                .count()
        })
        .sum::<usize>();
    writeln!(
        out,
        "  {} of the 784 pixels are 0 in all {} training images. A weight's gradient is",
        blank.len(),
        thousands(mnist.train.len())
    )?;
    writeln!(
        out,
        "  its pixel times the unit's error signal, so those weights never moved: {} of the",
        thousands(unmoved)
    )?;
    writeln!(
        out,
        "  {} are still exactly their random initial values, the speckled rim of every tile.",
        thousands(blank.len() * HIDDEN)
    )?;
    writeln!(out)
}

/// Part 2: units that no image switches on, and how many units a digit switches on.
fn write_dead_units(
    out: &mut dyn Write,
    mnist: &Mnist,
    trained: &Trained,
    test_activations: &[[f32; HIDDEN]],
    dev: &AutoDevice,
) -> io::Result<()> {
    let model = &trained.model;
    let dead_on_test = dead(test_activations);
    let pre = largest_pre_activations(model, &mnist.train, dev);
    writeln!(out, "2. Dead units")?;
    writeln!(
        out,
        "  Units that are 0 on all {} test digits: {} ({} of {HIDDEN}).",
        thousands(mnist.test.len()),
        unit_list(&dead_on_test),
        dead_on_test.len()
    )?;
    let weights = unit_weights(model);
    let initial = unit_weights(&trained.initial);
    for &unit in &dead_on_test {
        let (row, column) = (unit / TILE_COLUMNS + 1, unit % TILE_COLUMNS + 1);
        let train_digits = thousands(mnist.train.len());
        if pre[unit] > 0.0 {
            writeln!(
                out,
                "  Unit {unit} (weights.png, row {row}, tile {column}) is on for some training \
                 digit: w·x + b reaches {:.3}.",
                pre[unit]
            )?;
            continue;
        }
        let unmoved = (0..PIXELS)
            .filter(|&p| weights[unit][p] == initial[unit][p])
            .count();
        writeln!(
            out,
            "  Unit {unit} (weights.png, row {row}, tile {column}) is 0 on the {train_digits} \
             training digits too:"
        )?;
        writeln!(
            out,
            "  its largest w·x + b over them is {:.5}. A ReLU passes no gradient back where its",
            pre[unit]
        )?;
        writeln!(
            out,
            "  input is negative, so no training digit sends this unit a gradient any more; {unmoved} \
             of"
        )?;
        writeln!(out, "  its 784 weights still hold their initial values.")?;
    }
    let on: usize = test_activations
        .iter()
        .map(|row| row.iter().filter(|&&a| a > 0.0).count())
        .sum();
    writeln!(
        out,
        "  Nor are the activations sparse: a test digit switches on {:.1} of the {HIDDEN} units \
         on average.",
        on as f32 / test_activations.len() as f32
    )?;
    writeln!(out)
}

/// The digit the network predicts for the shown image, and the units that vote most for it.
struct Decision {
    digit: usize,
    units: Vec<usize>,
}

/// Part 3: one test digit, layer by layer; returns the units that add most to its predicted
/// logit.
fn write_one_digit(
    out: &mut dyn Write,
    figures: &mut Figures,
    mnist: &Mnist,
    model: &Network,
    dev: &AutoDevice,
) -> io::Result<Decision> {
    // ANCHOR: one_digit
    let image: Tensor<Rank1<PIXELS>, f32, _> = mnist.test.image(SHOWN, dev).reshape();
    let layers = layer_by_layer(model, image);
    // Digits from the largest logit down (a stable sort: on a tie, the smaller digit first).
    let mut by_logit: Vec<usize> = (0..CLASSES).collect();
    by_logit.sort_by(|&a, &b| layers.logits[b].total_cmp(&layers.logits[a]));
    let (predicted, runner_up) = (by_logit[0], by_logit[1]);
    let votes = contributions(model, &layers.hidden, predicted);
    let runner_up_votes = contributions(model, &layers.hidden, runner_up);
    // ANCHOR_END: one_digit
    let label = mnist.test.label(SHOWN);
    writeln!(
        out,
        "3. One digit, layer by layer (digit.png, activations.svg, votes.svg): test image #{SHOWN}, \
         a {label}"
    )?;
    let inked = mnist.test.pixels(SHOWN).iter().filter(|&&p| p > 0).count();
    writeln!(out, "  input   784 pixels, {inked} of them inked")?;
    let on = layers.hidden.iter().filter(|&&a| a > 0.0).count();
    let strongest: Vec<String> = ranked(&layers.hidden)[..3]
        .iter()
        .map(|&u| format!("unit {u} = {:.2}", layers.hidden[u]))
        .collect();
    writeln!(
        out,
        "  hidden  {on} of {HIDDEN} units on; the strongest: {}",
        strongest.join(", ")
    )?;
    writeln!(
        out,
        "  output  {predicted} with probability {:.3}; the runner-up, {runner_up}, with {:.4}",
        layers.probabilities[predicted], layers.probabilities[runner_up]
    )?;
    writeln!(
        out,
        "  The logit of {predicted} is the output bias plus one vote per hidden unit, activation \
         × weight:"
    )?;
    let by_vote = ranked(&votes);
    let output_weights = model.1.weight.as_vec();
    for &unit in &by_vote[..DECIDING] {
        writeln!(
            out,
            "    unit {unit:>2}   {:>6.3} × {:>6.3} = {:>6.3}",
            layers.hidden[unit],
            output_weights[predicted * HIDDEN + unit],
            votes[unit]
        )?;
    }
    let rest: f32 = by_vote[DECIDING..].iter().map(|&u| votes[u]).sum();
    let bias = model.1.bias.array()[predicted];
    writeln!(
        out,
        "    the other {} units together {rest:.3}, the bias {bias:.3}: logit {:.3}",
        HIDDEN - DECIDING,
        layers.logits[predicted],
    )?;
    let margin: [f32; HIDDEN] = std::array::from_fn(|u| votes[u] - runner_up_votes[u]);
    let separating: Vec<String> = ranked(&margin)[..3]
        .iter()
        .map(|&u| format!("unit {u} ({:+.2})", margin[u]))
        .collect();
    writeln!(
        out,
        "  The logit of {runner_up} is {:.3}; the votes that most favour {predicted} over \
         {runner_up}:",
        layers.logits[runner_up],
    )?;
    writeln!(out, "    {}", separating.join(", "))?;
    writeln!(out)?;

    let digit = plot::tile_grid(
        &[ink(&mnist.test, SHOWN)],
        (SIDE, SIDE),
        1,
        6,
        plot::sequential,
    );
    figures.add("digit.png", digit.to_png())?;
    let hidden_chart = LineChart::new(
        &format!("Hidden layer, test image #{SHOWN}"),
        "hidden unit (index)",
        "activation (ReLU output)",
    )
    .with(stems("activation", &layers.hidden, 0.0))
    .without_markers();
    let output_chart = LineChart::new("Output layer", "digit (class)", "probability (softmax)")
        .with(stems("probability", &layers.probabilities, 0.0))
        .without_markers()
        .y_range(0.0..1.0);
    figures.add(
        "activations.svg",
        plot::line_charts(&[hidden_chart, output_chart], (460, 400)),
    )?;
    let votes_chart = LineChart::new(
        &format!("Votes of each hidden unit, test image #{SHOWN}"),
        "hidden unit (index)",
        "activation × weight (logit units)",
    )
    .with(stems(format!("for {predicted} (predicted)"), &votes, -0.18))
    .with(stems(
        format!("for {runner_up} (runner-up)"),
        &runner_up_votes,
        0.18,
    ))
    .without_markers();
    figures.add("votes.svg", votes_chart.to_svg())?;
    Ok(Decision {
        digit: predicted,
        units: by_vote[..DECIDING].to_vec(),
    })
}

/// Part 4: what the deciding units respond to across the test set.
fn write_top_digits(
    out: &mut dyn Write,
    figures: &mut Figures,
    mnist: &Mnist,
    model: &Network,
    test_activations: &[[f32; HIDDEN]],
    decision: &Decision,
) -> io::Result<()> {
    let weights = unit_weights(model);
    let digit = decision.digit;
    writeln!(
        out,
        "4. What those {} units respond to (top-digits.png): each row shows a unit's weights, then",
        decision.units.len()
    )?;
    writeln!(
        out,
        "  the {TOP} test digits that excite it most, strongest first, with these labels:"
    )?;
    let mut rows = Vec::new();
    let mut elsewhere = Vec::new();
    for &unit in &decision.units {
        let top = top_images(test_activations, unit, TOP);
        let labels: Vec<usize> = top.iter().map(|&i| mnist.test.label(i)).collect();
        let shown: Vec<String> = labels.iter().map(usize::to_string).collect();
        let images: Vec<String> = top.iter().map(|&i| format!("#{i}")).collect();
        writeln!(
            out,
            "  unit {unit:>2}: {}   (test images {})",
            shown.join(" "),
            images.join(" ")
        )?;
        if labels.iter().filter(|&&l| l == digit).count() * 2 < labels.len() {
            elsewhere.push(unit);
        }
        let digits: Vec<Vec<f32>> = top.iter().map(|&i| ink(&mnist.test, i)).collect();
        let weight_tile = weight_tiles(std::slice::from_ref(&weights[unit]), 1);
        let digit_tiles = plot::tile_grid(&digits, (SIDE, SIDE), TOP, TILE_SCALE, plot::sequential);
        rows.push(side_by_side(&[weight_tile, digit_tiles], 2 * TILE_SCALE));
    }
    figures.add("top-digits.png", stacked(&rows).to_png())?;
    if !elsewhere.is_empty() {
        writeln!(
            out,
            "  Fewer than half of the top digits of unit{} {} are {digit}s, though {} for {digit}.",
            if elsewhere.len() == 1 { "" } else { "s" },
            unit_list(&elsewhere),
            if elsewhere.len() == 1 {
                "it votes"
            } else {
                "they vote"
            },
        )?;
    }
    writeln!(out)
}

/// Part 5: the measurement a picture cannot replace: silence units and score the network.
fn write_silenced(
    out: &mut dyn Write,
    mnist: &Mnist,
    model: &Network,
    decision: &Decision,
    dev: &AutoDevice,
) -> io::Result<()> {
    let digit = decision.digit;
    let labels: Vec<usize> = (0..mnist.test.len()).map(|i| mnist.test.label(i)).collect();
    // Test accuracy on the digit's own images, and on all the others.
    let score = |network: &Network| {
        let predicted = train::predict(network, &mnist.test, dev);
        let accuracy = |keep: &dyn Fn(usize) -> bool| {
            let kept: Vec<usize> = (0..labels.len()).filter(|&i| keep(labels[i])).collect();
            let right = kept.iter().filter(|&&i| predicted[i] == labels[i]).count();
            right as f32 / kept.len().max(1) as f32
        };
        (accuracy(&|l| l == digit), accuracy(&|l| l != digit))
    };
    writeln!(
        out,
        "5. Silencing units: their weights into the output layer set to 0"
    )?;
    writeln!(
        out,
        "  silenced                    test accuracy on {digit}s   on the other digits"
    )?;
    let units = &decision.units;
    let experiments = [
        ("none".to_string(), &units[..0]),
        (format!("unit {}", units[0]), &units[..1]),
        (format!("units {}", unit_list(units)), &units[..]),
    ];
    for (name, silenced) in experiments {
        let (on_digit, on_others) = score(&silence(model, silenced));
        writeln!(
            out,
            "  {name:<25} {:>22} {:>20}",
            percent(on_digit),
            percent(on_others)
        )?;
    }
    Ok(())
}

/// Unit numbers as `3, 8 and 30`, or `none`.
fn unit_list(units: &[usize]) -> String {
    let names: Vec<String> = units.iter().map(usize::to_string).collect();
    match names.as_slice() {
        [] => "none".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
