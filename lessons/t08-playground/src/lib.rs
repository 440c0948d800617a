//! # t08 · A playground of toy data sets
//!
//! **Question.** What is TensorFlow Playground for?
//!
//! **Answer.** Playground (playground.tensorflow.org) is a web page for building intuition, not a
//! part of TensorFlow: a small fully connected network, written in TypeScript, learns one of four
//! toy data sets of points in the plane while the page paints, at every point, which class the
//! network would give it. Each control (layers, units, activation, learning rate, noise,
//! regularisation, the share of the points used for training) changes what the picture does,
//! so a learner sees under- and over-fitting happen. This lesson rebuilds it in Rust: the four
//! data sets from Playground's own generators ([`datasets::toy`]), a network whose shape is chosen
//! on the command line ([`net`]), `kit::train`'s loop, and the painted regions as figures, after
//! 1, 10, 50 and 200 epochs, for over-fitting with and without L2, and for networks too small to
//! fit.
//!
//! Run it with `cargo xtask run t08`, or with your own settings:
//! `cargo xtask run t08 -- --dataset spiral --hidden 8,8,8 --activation relu --epochs 1000`
//! (`-- --help` lists the options). The figures are written to `target/figures/`.

pub mod cli;
pub mod net;

#[cfg_attr(feature = "answers", path = "../../../answers/t08-playground.rs")]
pub mod exercises;

use datasets::toy::{Dataset, Points, EXTENT};
use dfdx::prelude::*;
use kit::figures::Figures;
use kit::percent;
use kit::plot::{line_charts, plane_maps, LineChart, PlaneMap, Series, CHART_SIZE};
use kit::train::{self, EpochRecord, FitConfig, History, Metrics};
use net::{Activation, Mlp, Sgd};
use std::io::{self, Write};

/// Points per data set: Playground's 500.
pub const POINTS: usize = 500;
/// Points per training step: Playground's default batch size.
pub const BATCH: usize = 10;
/// The width and height of each painted map, in pixels.
pub const MAP_PIXELS: usize = 200;
/// The epochs after which the run's decision regions are drawn (those within its epochs, and
/// always the last).
pub const SNAPSHOTS: [usize; 3] = [1, 10, 50];

/// The network of every run: two coordinates in, two logits out, hidden layers chosen at run
/// time.
pub type Net = Mlp<2, 2, Cpu>;

// ANCHOR: config
/// Playground's controls: what the command line sets (see [`cli`]). The default is Playground's
/// own starting point: the circle, hidden layers of 4 and 2 tanh units, learning rate 0.03, no
/// noise, no regularisation, half the points for training.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Which data set.
    pub dataset: Dataset,
    /// The widths of the hidden layers; empty for none.
    pub hidden: Vec<usize>,
    /// The activation after each hidden layer.
    pub activation: Activation,
    /// SGD's learning rate.
    pub lr: f32,
    /// Passes over the training points.
    pub epochs: usize,
    /// Noise, 0 to 0.5 (see [`datasets::toy`] for what it does to each data set).
    pub noise: f32,
    /// The L2 regularisation rate.
    pub l2: f32,
    /// The share of the points used for training; the rest are the test points.
    pub ratio: f32,
    /// Seeds the points (`seed`), the initial weights (`seed + 1`) and the batches (`seed + 2`).
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: Dataset::Circle,
            hidden: vec![4, 2],
            activation: Activation::Tanh,
            lr: 0.03,
            epochs: 200,
            noise: 0.0,
            l2: 0.0,
            ratio: 0.5,
            seed: 0,
        }
    }
}
// ANCHOR_END: config

impl Config {
    /// The options that give this configuration, as they would be typed: the data's, then the
    /// network's and its training's.
    pub fn options(&self) -> [String; 2] {
        let hidden = if self.hidden.is_empty() {
            "none".to_string()
        } else {
            widths(&self.hidden, ",")
        };
        [
            format!(
                "--dataset {} --noise {} --ratio {} --seed {}",
                self.dataset, self.noise, self.ratio, self.seed
            ),
            format!(
                "--hidden {hidden} --activation {} --lr {} --l2 {} --epochs {}",
                self.activation, self.lr, self.l2, self.epochs
            ),
        ]
    }

    /// The network's layers, such as `2 → 4 → 2 → 2`.
    pub fn architecture(&self) -> String {
        let all: Vec<usize> = [2]
            .into_iter()
            .chain(self.hidden.clone())
            .chain([2])
            .collect();
        widths(&all, " → ")
    }
}

fn widths(widths: &[usize], separator: &str) -> String {
    let shown: Vec<String> = widths.iter().map(usize::to_string).collect();
    shown.join(separator)
}

/// What a training run produced.
pub struct Trained {
    /// The network after the last epoch.
    pub model: Net,
    /// The points it trained on.
    pub train: Points,
    /// The points it was tested on after every epoch.
    pub test: Points,
    /// Training and test metrics, epoch by epoch (the test set as `validation`).
    pub history: History,
    /// The decision regions after each epoch that was asked for, in order.
    pub maps: Vec<PlaneMap>,
}

// ANCHOR: train
/// Generates the configured data set, splits it, and trains a fresh network on the training
/// points with `kit::train::fit_examples`, scoring it on the test points after every epoch and
/// painting its decision regions after each epoch of `snapshots`.
///
/// # Errors
///
/// [`io::ErrorKind::InvalidInput`] when the training points are fewer than one batch.
pub fn train(config: &Config, snapshots: &[usize]) -> io::Result<Trained> {
    let points = config.dataset.generate(POINTS, config.noise, config.seed);
    let (train, test) = points.split(config.ratio);
    let dev = Cpu::default();
    let mut model = Net::new(&config.hidden, config.activation, config.seed + 1, &dev);
    let mut sgd = Sgd {
        lr: config.lr,
        l2: config.l2,
    };
    let fit = FitConfig {
        epochs: config.epochs,
        shuffle_seed: config.seed + 2,
        validation: Some(&test),
    };
    let mut maps = Vec::new();
    let history = train::fit_examples::<BATCH, 2, 2, _, _, _, _>(
        &mut model,
        &mut sgd,
        &train,
        fit,
        &dev,
        |record, model| {
            if snapshots.contains(&record.epoch) {
                let title = format!("epoch {} · test {}", record.epoch, tested(record));
                maps.push(decision_map(model, &train, title));
            }
            Ok(())
        },
    )?;
    Ok(Trained {
        model,
        train,
        test,
        history,
        maps,
    })
}
// ANCHOR_END: train

/// A record's test accuracy, as `97%`.
fn tested(record: &EpochRecord) -> String {
    let accuracy = record.validation.map_or(f32::NAN, |v| v.accuracy);
    format!("{:.0}%", 100.0 * accuracy)
}

// ANCHOR: map
/// The network's probability of class 1 at each point: the softmax of its two logits, second
/// column. A forward pass without a tape, all points in one batch.
pub fn class_one_probabilities(model: &Net, points: &[[f32; 2]]) -> Vec<f32> {
    let dev = Cpu::default();
    let xy: Vec<f32> = points.iter().flatten().copied().collect();
    let batch = dev.tensor_from_vec(xy, (points.len(), Const::<2>));
    let probabilities = model.forward(batch).softmax::<Axis<1>>().as_vec();
    probabilities.chunks_exact(2).map(|row| row[1]).collect()
}

/// Playground's picture: the plane from −6 to 6 on both axes, each pixel coloured by the
/// network's probability of class 1 there, and `points` drawn on top.
pub fn decision_map(model: &Net, points: &Points, title: String) -> PlaneMap {
    let mut map = PlaneMap::new(title, MAP_PIXELS, EXTENT);
    map.paint(&class_one_probabilities(model, &map.pixel_centres()));
    map.draw_points(points.iter());
    map
}
// ANCHOR_END: map

/// Training and test loss per epoch as a chart, every `every` epochs (and the last), for runs
/// named in the legend.
fn loss_chart(title: &str, runs: &[(&str, &History)], every: usize) -> LineChart {
    let mut chart = LineChart::new(title, "epoch", "cross-entropy (nats per point)");
    for (name, history) in runs {
        let last = history.epochs.len();
        let shown: Vec<&EpochRecord> = history
            .epochs
            .iter()
            .filter(|e| e.epoch % every == 0 || e.epoch == 1 || e.epoch == last)
            .collect();
        let at = |metrics: fn(&EpochRecord) -> Option<Metrics>| {
            shown
                .iter()
                .filter_map(|&e| metrics(e).map(|m| (e.epoch as f32, m.loss)))
                .collect::<Vec<_>>()
        };
        let sep = if name.is_empty() { "" } else { ": " };
        chart = chart
            .with(Series::new(
                format!("{name}{sep}training"),
                at(|e| Some(e.train)),
            ))
            .with(Series::new(
                format!("{name}{sep}test"),
                at(|e| e.validation),
            ));
    }
    chart
}

/// The fixed experiment on over-fitting: the circle with noise 0.3 and only a fifth of the
/// points for training, a network with three hidden layers of 8, and a large learning rate.
pub fn overfitting_config(l2: f32) -> Config {
    Config {
        dataset: Dataset::Circle,
        hidden: vec![8, 8, 8],
        activation: Activation::Tanh,
        lr: 0.1,
        epochs: OVERFITTING_EPOCHS,
        noise: 0.3,
        l2,
        ratio: 0.2,
        seed: 0,
    }
}

/// How long the over-fitting runs train.
pub const OVERFITTING_EPOCHS: usize = 500;
/// The L2 rate that keeps the over-fitting network smooth.
pub const OVERFITTING_L2: f32 = 0.01;
/// The epoch at which the unregularised network is drawn before it over-fits.
pub const EARLY_EPOCH: usize = 50;

/// The fixed experiment on under-fitting: the default run with a single hidden layer of `units`
/// (none at all for 0).
pub fn capacity_config(dataset: Dataset, units: usize) -> Config {
    Config {
        dataset,
        hidden: if units == 0 { vec![] } else { vec![units] },
        ..Config::default()
    }
}

/// The widths of the single hidden layer in the under-fitting experiment.
pub const CAPACITIES: [usize; 4] = [0, 1, 2, 3];

/// Prints the lesson and draws its figures, for the configuration given (the book shows the
/// default).
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, config: &Config) -> io::Result<()> {
    writeln!(out, "t08 · A playground of toy data sets")?;
    writeln!(out)?;
    data_sets(out, figures, config)?;
    your_run(out, figures, config)?;
    overfitting(out, figures)?;
    underfitting(out, figures)
}

/// The four data sets, counted and drawn at noise 0 and 0.5.
fn data_sets(out: &mut dyn Write, figures: &mut Figures, config: &Config) -> io::Result<()> {
    writeln!(
        out,
        "Playground's four data sets, {POINTS} points each (seed {}):",
        config.seed
    )?;
    writeln!(out, "  data set   class 0   class 1   at noise 0.5")?;
    let effects = [
        "points near the circle of radius 2.5 may take the other class",
        "points near the axes may take the other class",
        "both clusters widen (variance 0.5 → 4) until they overlap",
        "every point moves by up to ±0.5 on each axis",
    ];
    let mut maps = Vec::new();
    for (dataset, effect) in Dataset::ALL.into_iter().zip(effects) {
        let points = dataset.generate(POINTS, 0.0, config.seed);
        let [zeros, ones] = points.class_counts();
        writeln!(out, "  {dataset:<8}   {zeros:>7}   {ones:>7}   {effect}")?;
        for noise in [0.0, 0.5] {
            let mut map = PlaneMap::new(format!("{dataset}, noise {noise}"), MAP_PIXELS, EXTENT);
            map.draw_points(dataset.generate(POINTS, noise, config.seed).iter());
            maps.push(map);
        }
    }
    // Noise 0 in the top row, noise 0.5 below, one data set per column.
    let (top, bottom): (Vec<_>, Vec<_>) =
        maps.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let ordered: Vec<PlaneMap> = top.into_iter().chain(bottom).map(|(_, map)| map).collect();
    figures.add("datasets.svg", plane_maps(&ordered, 4))?;
    writeln!(
        out,
        "Figure datasets.svg: each data set at noise 0 (top) and 0.5 (bottom)."
    )?;
    writeln!(out)
}

/// The configured run: its setting, its metrics along the way, its decision regions.
fn your_run(out: &mut dyn Write, figures: &mut Figures, config: &Config) -> io::Result<()> {
    if *config == Config::default() {
        writeln!(
            out,
            "The run, with Playground's defaults (`cargo xtask run t08 -- --help` lists the \
             options):"
        )?;
    } else {
        writeln!(out, "The run, with your options:")?;
    }
    for options in config.options() {
        writeln!(out, "  {options}")?;
    }
    let mut snapshots: Vec<usize> = SNAPSHOTS
        .into_iter()
        .filter(|&e| e < config.epochs)
        .collect();
    snapshots.push(config.epochs);
    let trained = train(config, &snapshots)?;
    writeln!(
        out,
        "  data      {}: {} training and {} test points",
        config.dataset,
        trained.train.len(),
        trained.test.len()
    )?;
    writeln!(
        out,
        "  network   {}, {} after each hidden layer, {} weights and biases",
        config.architecture(),
        config.activation,
        trained.model.parameters()
    )?;
    writeln!(
        out,
        "  training  SGD, learning rate {}, L2 rate {}, batches of {BATCH}, softmax \
         cross-entropy",
        config.lr, config.l2
    )?;
    writeln!(out)?;
    metrics_header(out, "Epoch", 5)?;
    let mut shown = vec![1, 10, 50, 100, 200, 500, 1000, 2000, 5000];
    shown.retain(|&e| e < config.epochs);
    shown.push(config.epochs);
    for record in trained
        .history
        .epochs
        .iter()
        .filter(|e| shown.contains(&e.epoch))
    {
        writeln!(
            out,
            "{}",
            metrics_row(&format!("{:>5}", record.epoch), record)
        )?;
    }
    writeln!(out)?;
    let mut epochs: Vec<String> = snapshots.iter().map(usize::to_string).collect();
    let last = epochs.pop().expect("the last epoch is drawn");
    let epochs = if epochs.is_empty() {
        last
    } else {
        format!("{} and {last}", epochs.join(", "))
    };
    figures.add(
        "training.svg",
        plane_maps(&trained.maps, trained.maps.len()),
    )?;
    let every = (config.epochs / 40).max(1);
    let chart = loss_chart("Loss per epoch", &[("", &trained.history)], every);
    figures.add("training-loss.svg", chart.to_svg())?;
    writeln!(
        out,
        "Figures training.svg (the decision regions after epochs {epochs}) and training-loss.svg."
    )?;
    writeln!(out)
}

/// A row of the metrics tables: a label, then training and test loss and accuracy.
fn metrics_row(label: &str, record: &EpochRecord) -> String {
    let test = record
        .validation
        .expect("every run is tested after every epoch");
    format!(
        "{label}   {:.3}  {:>8}   {:.3}  {:>8}",
        record.train.loss,
        percent(record.train.accuracy),
        test.loss,
        percent(test.accuracy)
    )
}

/// The two header lines of a metrics table whose labels are `width` wide, the first label
/// column headed `first`.
fn metrics_header(out: &mut dyn Write, first: &str, width: usize) -> io::Result<()> {
    writeln!(
        out,
        "{:width$}    training          test",
        "",
        width = width
    )?;
    writeln!(
        out,
        "{first:<width$}    loss  accuracy    loss  accuracy",
        width = width
    )
}

/// Over-fitting and L2 regularisation.
fn overfitting(out: &mut dyn Write, figures: &mut Figures) -> io::Result<()> {
    let plain = overfitting_config(0.0);
    writeln!(
        out,
        "Over-fitting: the {} at noise {}, with only {:.0}% of the points for training,",
        plain.dataset,
        plain.noise,
        100.0 * plain.ratio,
    )?;
    writeln!(
        out,
        "a network of {} with {}, learning rate {}, {} epochs:",
        plain.architecture(),
        plain.activation,
        plain.lr,
        plain.epochs
    )?;
    let unregularised = train(&plain, &[EARLY_EPOCH, OVERFITTING_EPOCHS])?;
    let regularised = train(&overfitting_config(OVERFITTING_L2), &[OVERFITTING_EPOCHS])?;
    writeln!(out, "                       training          test")?;
    writeln!(
        out,
        "                       loss  accuracy    loss  accuracy"
    )?;
    let rows = [
        (
            format!("no L2, epoch {EARLY_EPOCH}"),
            &unregularised,
            EARLY_EPOCH,
        ),
        (
            format!("no L2, epoch {OVERFITTING_EPOCHS}"),
            &unregularised,
            OVERFITTING_EPOCHS,
        ),
        (
            format!("L2 {OVERFITTING_L2}, epoch {OVERFITTING_EPOCHS}"),
            &regularised,
            OVERFITTING_EPOCHS,
        ),
    ];
    for (label, run, epoch) in &rows {
        let record = &run.history.epochs[epoch - 1];
        writeln!(out, "{}", metrics_row(&format!("  {label:<19}"), record))?;
    }
    let mut maps = unregularised.maps;
    maps[0].title = format!("no L2, {}", maps[0].title);
    maps[1].title = format!("no L2, {}", maps[1].title);
    let mut last = regularised.maps;
    last[0].title = format!("L2 {OVERFITTING_L2}, {}", last[0].title);
    maps.extend(last);
    figures.add("overfitting.svg", plane_maps(&maps, 3))?;
    let chart = loss_chart(
        "Loss per epoch, 100 training points",
        &[
            ("no L2", &unregularised.history),
            (&format!("L2 {OVERFITTING_L2}"), &regularised.history),
        ],
        OVERFITTING_EPOCHS / 40,
    );
    figures.add("overfitting-loss.svg", line_charts(&[chart], CHART_SIZE))?;
    writeln!(
        out,
        "Without L2 the network bends its boundary round single mislabelled points: its training"
    )?;
    writeln!(
        out,
        "loss keeps falling while its test loss climbs. L2 keeps the weights small and the boundary"
    )?;
    writeln!(
        out,
        "smooth, at a higher training loss and a lower test loss."
    )?;
    writeln!(out, "Figures overfitting.svg and overfitting-loss.svg.")?;
    writeln!(out)
}

/// Under-fitting: networks too small for the circle, and XOR without a hidden layer.
fn underfitting(out: &mut dyn Write, figures: &mut Figures) -> io::Result<()> {
    let base = capacity_config(Dataset::Circle, 1);
    writeln!(
        out,
        "Under-fitting: the {}, one hidden layer of n {} units, learning rate {}, {} epochs:",
        base.dataset, base.activation, base.lr, base.epochs
    )?;
    writeln!(out, "      n   training accuracy   test accuracy")?;
    let mut maps = Vec::new();
    for units in CAPACITIES {
        let config = capacity_config(Dataset::Circle, units);
        let run = train(&config, &[config.epochs])?;
        let last = run.history.epochs.last().expect("at least one epoch");
        let test = last
            .validation
            .expect("every run is tested after every epoch");
        writeln!(
            out,
            "  {units:>5}   {:>17}   {:>13}",
            percent(last.train.accuracy),
            percent(test.accuracy)
        )?;
        let mut map = run
            .maps
            .into_iter()
            .next()
            .expect("the last epoch is drawn");
        map.title = match units {
            0 => format!("no hidden layer · test {}", tested(last)),
            1 => format!("1 unit · test {}", tested(last)),
            n => format!("{n} units · test {}", tested(last)),
        };
        maps.push(map);
    }
    figures.add("capacity.svg", plane_maps(&maps, maps.len()))?;
    writeln!(
        out,
        "Each tanh unit gives the boundary one straight edge: the circle needs three of them."
    )?;
    let flat = train(&capacity_config(Dataset::Xor, 0), &[])?;
    let deep = train(
        &Config {
            dataset: Dataset::Xor,
            ..Config::default()
        },
        &[],
    )?;
    let accuracy = |run: &Trained| {
        let last = run.history.epochs.last().expect("at least one epoch");
        percent(last.validation.expect("tested").accuracy)
    };
    writeln!(
        out,
        "XOR's test accuracy: {} without a hidden layer (no straight line separates its classes),",
        accuracy(&flat).trim()
    )?;
    writeln!(
        out,
        "{} with the default hidden layers of 4 and 2.",
        accuracy(&deep).trim()
    )?;
    writeln!(out, "Figure capacity.svg.")
}
