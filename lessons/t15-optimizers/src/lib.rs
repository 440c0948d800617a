//! # t15 · Optimizers compared
//!
//! **Question.** What is `torch.optim` for?
//!
//! **Answer.** `backward()` only computes gradients; an optimizer turns them into changes of the
//! weights. `torch.optim` is PyTorch's collection of these update rules (SGD, Adam, RMSprop and
//! more), each an object that keeps whatever state its rule needs (a velocity, running averages)
//! for every parameter, and applies one update per `step()`. dfdx's counterpart is
//! `dfdx::optim`: `Sgd` (with optional classic or Nesterov momentum), `Adam` and `RMSprop`, each
//! built from a config struct (`SgdConfig`, `AdamConfig`, `RMSpropConfig`) and applied with
//! `opt.update(&mut model, &grads)`. The training loop is the same in both:
//! `optimizer.zero_grad(); loss.backward(); optimizer.step()` is `backward`, `update`,
//! `zero_grads`. The choice of rule matters: on the same network, from the same weights and
//! batches, 250 steps of plain SGD at 0.01 leave the loss at 1.63 where SGD with momentum 0.9,
//! Adam and RMSprop bring it to 0.33–0.42; and on a two-parameter bowl, SGD diverges as soon
//! as its learning rate passes 2 / curvature, while Adam only slows down or jitters.
//!
//! Run it with `cargo xtask run t15`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::{Adam, Momentum, Optimizer, RMSprop, Sgd};
use dfdx::prelude::*;
use kit::figures::Figures;
use kit::plot::{LineChart, Series, CHART_SIZE, STYLES};
use kit::train::{self, Metrics};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::io::{self, Write};

mod draw;

#[cfg_attr(feature = "answers", path = "../../../answers/t15-optimizers.rs")]
pub mod exercises;

/// Seeds the initial weights and the order of the batches: one seed for every optimizer.
pub const SEED: u64 = 0;
/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the 4,000 training digits: 2 × 125 = 250 steps.
pub const EPOCHS: usize = 2;
/// The training loss is measured on every training digit after every `EVERY` steps.
pub const EVERY: usize = 25;

/// p03's network: 784 pixels → 64 ReLU units → 10 logits.
pub type Mlp = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);
/// The network once built: its layers holding weight and bias tensors.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;

// ANCHOR: choice
/// One of dfdx's three optimizers with its hyperparameters: what `torch.optim.SGD(...)`,
/// `torch.optim.Adam(...)` or `torch.optim.RMSprop(...)` would be given.
#[derive(Debug, Clone, Copy)]
pub enum Choice {
    /// Stochastic gradient descent, with or without momentum.
    Sgd(SgdConfig),
    /// Adam.
    Adam(AdamConfig),
    /// RMSprop.
    RMSprop(RMSpropConfig),
}

impl Choice {
    /// Builds the optimizer for a model of type `M`. `model` is read only for its type: the
    /// optimizer keeps its state (velocities, running averages) per tensor, created by the
    /// first update that sees the tensor's gradient.
    pub fn build<M: TensorCollection<f32, AutoDevice> + 'static>(
        &self,
        model: &M,
    ) -> Box<dyn Optimizer<M, AutoDevice, f32>> {
        match *self {
            Choice::Sgd(config) => Box::new(Sgd::new(model, config)),
            Choice::Adam(config) => Box::new(Adam::new(model, config)),
            Choice::RMSprop(config) => Box::new(RMSprop::new(model, config)),
        }
    }
}
// ANCHOR_END: choice

impl Choice {
    /// The same optimizer with another learning rate.
    pub fn with_lr(self, lr: f64) -> Self {
        match self {
            Choice::Sgd(config) => Choice::Sgd(SgdConfig { lr, ..config }),
            Choice::Adam(config) => Choice::Adam(AdamConfig { lr, ..config }),
            Choice::RMSprop(config) => Choice::RMSprop(RMSpropConfig { lr, ..config }),
        }
    }

    /// The learning rate.
    pub fn lr(&self) -> f64 {
        match self {
            Choice::Sgd(config) => config.lr,
            Choice::Adam(config) => config.lr,
            Choice::RMSprop(config) => config.lr,
        }
    }

    /// The line of dfdx that builds this optimizer, with every field of its config (`Debug`).
    pub fn code(&self) -> String {
        match self {
            Choice::Sgd(config) => format!("Sgd::new(&model, {config:?})"),
            Choice::Adam(config) => format!("Adam::new(&model, {config:?})"),
            Choice::RMSprop(config) => format!("RMSprop::new(&model, {config:?})"),
        }
    }
}

/// An optimizer of the comparison: its name, its update rule, and how it is built.
#[derive(Debug, Clone, Copy)]
pub struct Contender {
    /// The name in tables and legends.
    pub name: &'static str,
    /// The update rule of one weight `w` with gradient `g`, as dfdx's CPU kernel computes it.
    pub rule: &'static str,
    /// The optimizer and its hyperparameters.
    pub choice: Choice,
}

// ANCHOR: contenders
/// The four optimizers compared, with their learning rates for the network.
pub fn contenders() -> [Contender; 4] {
    [
        Contender {
            name: "SGD",
            rule: "w -= lr·g",
            choice: Choice::Sgd(SgdConfig {
                lr: 0.01,
                momentum: None,
                weight_decay: None,
            }),
        },
        Contender {
            name: "SGD + momentum",
            rule: "v = 0.9·v + g;  w -= lr·v",
            choice: Choice::Sgd(SgdConfig {
                lr: 0.01,
                momentum: Some(Momentum::Classic(0.9)),
                weight_decay: None,
            }),
        },
        Contender {
            name: "Adam",
            rule: "m = 0.9·m + 0.1·g;  s = 0.999·s + 0.001·g²;  w -= lr·m̂ / (√ŝ + 1e-8)",
            choice: Choice::Adam(AdamConfig {
                lr: 0.001,
                ..Default::default() // betas [0.9, 0.999], eps 1e-8, no weight decay
            }),
        },
        Contender {
            name: "RMSprop",
            rule: "s = 0.9·s + 0.1·g², from s = 1;  w -= lr·g / √(s + 1e-8)",
            choice: Choice::RMSprop(RMSpropConfig {
                lr: 0.001,
                ..Default::default() // alpha 0.9, eps 1e-8, no momentum, not centered
            }),
        },
    ]
}
// ANCHOR_END: contenders

/// What one optimizer did to the network.
#[derive(Debug, Clone)]
pub struct Run {
    /// `(step, loss on all training digits)`, every [`EVERY`] steps from step 0.
    pub curve: Vec<(usize, f32)>,
    /// Test-set metrics after the last step.
    pub test: Metrics,
}

// ANCHOR: train
/// Trains `model` with `optimizer` for [`EPOCHS`] epochs of shuffled batches of [`BATCH`], and
/// returns the loss on all of `data` every [`EVERY`] steps, from step 0.
pub fn train(
    model: &mut Network,
    optimizer: &mut dyn Optimizer<Network, AutoDevice, f32>,
    data: &Split,
    dev: &AutoDevice,
) -> Vec<(usize, f32)> {
    let measure = loss_on(data, dev);
    let mut curve = vec![(0, measure(model))];
    let mut rng = StdRng::seed_from_u64(SEED); // the same batches for every optimizer
    let mut grads = model.alloc_grads();
    let mut step = 0;
    for _epoch in 0..EPOCHS {
        for batch in data.shuffled_batches::<BATCH, _>(&mut rng, dev) {
            let logits = model.forward_mut(batch.images.traced(grads));
            let loss = cross_entropy_with_logits_loss(logits, batch.one_hot);
            grads = loss.backward(); // loss.backward()
            optimizer
                .update(model, &grads) // optimizer.step()
                .expect("every weight takes part in the loss");
            model.zero_grads(&mut grads); // optimizer.zero_grad()
            step += 1;
            if step % EVERY == 0 {
                curve.push((step, measure(model)));
            }
        }
    }
    curve
}
// ANCHOR_END: train

/// The mean cross-entropy of a network on every example of `data`, with the examples turned into
/// one tensor once.
fn loss_on<'a>(data: &Split, dev: &AutoDevice) -> impl Fn(&Network) -> f32 + 'a {
    let every: Vec<usize> = (0..data.len()).collect();
    let all = data.batch::<usize, _>(&every, dev);
    move |model| {
        let logits = model.forward(all.images.clone());
        cross_entropy_with_logits_loss(logits, all.one_hot.clone()).array()
    }
}

/// What trains the network: the four contenders, and plain SGD at ten times its rate (0.1),
/// which shows what momentum 0.9 does here. Names as in the table and the legend.
pub fn network_lineup() -> Vec<(&'static str, Choice)> {
    let mut lineup: Vec<(&'static str, Choice)> =
        contenders().iter().map(|c| (c.name, c.choice)).collect();
    lineup.push(("SGD, lr 0.1", contenders()[0].choice.with_lr(0.1)));
    lineup
}

// ANCHOR: compare
/// Trains a copy of one initial network with each optimizer: same weights, same batches.
pub fn compare(mnist: &Mnist, choices: &[Choice]) -> Vec<Run> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let initial = dev.build_module::<Mlp, f32>();
    choices
        .iter()
        .map(|choice| {
            let mut model = initial.clone(); // shares the buffers; the first update copies them
            let mut optimizer = choice.build(&model);
            let curve = train(&mut model, optimizer.as_mut(), &mnist.train, &dev);
            let test = train::evaluate(&model, &mnist.test, &dev);
            Run { curve, test }
        })
        .collect()
}
// ANCHOR_END: compare

// ANCHOR: bowl
/// Two parameters as one tensor. A tensor is a `TensorCollection` too, so an optimizer can
/// update it directly, like a model with a single weight tensor.
pub type Point = Tensor<Rank1<2>, f32, AutoDevice>;

/// The loss surface of the second part: an elongated bowl, `(flat·x² + steep·y²) / 2`, lowest
/// (0) at the origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bowl {
    /// The curvature along x.
    pub flat: f32,
    /// The curvature along y.
    pub steep: f32,
}

impl Bowl {
    /// The loss at `point`, as a tensor that carries `point`'s tape.
    pub fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        point: Tensor<Rank1<2>, f32, AutoDevice, T>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        let curvature = point.device().tensor([self.flat, self.steep]);
        (point.square() * curvature).sum::<Rank0, _>() * 0.5
    }

    /// The loss at `[x, y]`, computed on the host.
    pub fn value(&self, [x, y]: [f32; 2]) -> f32 {
        0.5 * (self.flat * x * x + self.steep * y * y)
    }
}
// ANCHOR_END: bowl

/// The bowl of the second part: 50 times more curved across (y) than along (x).
pub const BOWL: Bowl = Bowl {
    flat: 1.0,
    steep: 50.0,
};
/// Where every path on the bowl starts.
pub const START: [f32; 2] = [-4.0, 0.6];
/// Steps per path.
pub const PATH_STEPS: usize = 60;

// ANCHOR: descend
/// Takes `steps` steps of `optimizer` on `bowl` from `start`; returns every point visited, the
/// start first.
pub fn descend(
    bowl: &Bowl,
    start: [f32; 2],
    mut optimizer: Box<dyn Optimizer<Point, AutoDevice, f32>>,
    steps: usize,
) -> Vec<[f32; 2]> {
    let mut point: Point = AutoDevice::default().tensor(start);
    let mut grads = point.alloc_grads();
    let mut path = vec![start];
    for _ in 0..steps {
        // The clone keeps the tensor's id, so the gradient is filed under `point`.
        let loss = bowl.loss(point.clone().traced(grads));
        grads = loss.backward();
        optimizer
            .update(&mut point, &grads)
            .expect("the loss uses the point");
        point.zero_grads(&mut grads);
        path.push(point.array());
    }
    path
}
// ANCHOR_END: descend

/// The learning rates of the sweep: 10^(k/8) for k = -32 … 0, from 10⁻⁴ to 1.
pub fn sweep_rates() -> Vec<f64> {
    (-32..=0).map(|k| 10f64.powf(f64::from(k) / 8.0)).collect()
}

/// The loss on `bowl` after `steps` steps from `start` of `choice`, at each of `rates`: a fresh
/// optimizer for each rate.
pub fn sweep(
    choice: Choice,
    bowl: &Bowl,
    start: [f32; 2],
    rates: &[f64],
    steps: usize,
) -> Vec<f32> {
    let shape_only: Point = AutoDevice::default().zeros();
    rates
        .iter()
        .map(|&lr| {
            let optimizer = choice.with_lr(lr).build(&shape_only);
            let path = descend(bowl, start, optimizer, steps);
            bowl.value(*path.last().expect("a path holds its start"))
        })
        .collect()
}

/// What the sweep says about one optimizer on the bowl.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSummary {
    /// The loss after [`PATH_STEPS`] steps, at each rate of [`sweep_rates`].
    pub losses: Vec<f32>,
    /// The rate with the lowest loss (the first, on a tie).
    pub best_rate: f64,
    /// That loss.
    pub best_loss: f32,
    /// The first rate of the sweep at which the loss ends above where it started, or is NaN.
    pub diverges_from: Option<f64>,
}

/// Sweeps each contender's learning rate on [`BOWL`].
pub fn sweep_all() -> Vec<SweepSummary> {
    let rates = sweep_rates();
    let start_loss = BOWL.value(START);
    contenders()
        .iter()
        .map(|contender| {
            let losses = sweep(contender.choice, &BOWL, START, &rates, PATH_STEPS);
            let best = (0..rates.len())
                .filter(|&i| losses[i].is_finite())
                .min_by(|&i, &j| losses[i].total_cmp(&losses[j]))
                .expect("some rate converges");
            let diverges_from = rates
                .iter()
                .zip(&losses)
                .find(|(_, loss)| loss.is_nan() || **loss > start_loss)
                .map(|(&lr, _)| lr);
            SweepSummary {
                best_rate: rates[best],
                best_loss: losses[best],
                losses,
                diverges_from,
            }
        })
        .collect()
}

/// Prints the lesson and draws its figures.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures) -> io::Result<()> {
    lesson(out, figures).map(|_| ())
}

/// What the lesson measured: the network's runs, in the order of [`network_lineup`], and the
/// bowl's sweeps, in the order of [`contenders`].
#[derive(Debug, Clone)]
pub struct Findings {
    /// One run per optimizer of [`network_lineup`].
    pub runs: Vec<Run>,
    /// One sweep per contender.
    pub sweeps: Vec<SweepSummary>,
}

/// The walkthrough, returning what it measured, so that a test can check the numbers it
/// prints without training everything a second time.
pub fn lesson(out: &mut dyn Write, figures: &mut Figures) -> io::Result<Findings> {
    writeln!(out, "t15 · Optimizers compared")?;
    writeln!(out)?;
    write_contenders(out)?;

    let mnist = Mnist::embedded();
    let lineup = network_lineup();
    let choices: Vec<Choice> = lineup.iter().map(|&(_, choice)| choice).collect();
    let runs = compare(&mnist, &choices);
    let names: Vec<&str> = lineup.iter().map(|&(name, _)| name).collect();
    write_comparison(out, &names, &runs)?;
    figures.add("network-loss.svg", loss_chart(&names, &runs))?;

    let sweeps = sweep_all();
    write_bowl(out, &sweeps)?;
    figures.add("bowl-sweep.svg", sweep_chart(&sweeps))?;
    figures.add("bowl-paths.svg", paths_chart(&sweeps))?;
    Ok(Findings { runs, sweeps })
}

/// Prints each optimizer's rule and the line that builds it: the first part of the lesson.
pub fn write_contenders(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "The four optimizers: the update of one weight w with gradient g, and the line of dfdx"
    )?;
    writeln!(out, "that builds each (its config printed with `{{:?}}`):")?;
    for contender in contenders() {
        writeln!(out, "  {:<16}{}", contender.name, contender.rule)?;
        for line in wrap(&contender.choice.code(), 92) {
            writeln!(out, "      {line}")?;
        }
    }
    writeln!(
        out,
        "  At step t, Adam's m̂ = m / (1 - 0.9^t) and ŝ = s / (1 - 0.999^t) make up for m and s"
    )?;
    writeln!(
        out,
        "  starting at 0. RMSprop's s starts at 1 instead, and is not corrected."
    )?;
    writeln!(out)
}

/// `text` broken after `, ` into lines of at most `width` characters where it can be; the lines
/// after the first are indented by four spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for piece in text.split_inclusive(", ") {
        let line = lines.last_mut().expect("one line at least");
        if !line.trim().is_empty()
            && line.chars().count() + piece.trim_end().chars().count() > width
        {
            let trimmed = line.trim_end().to_string();
            *line = trimmed;
            lines.push(format!("    {piece}"));
        } else {
            line.push_str(piece);
        }
    }
    lines
}

/// The loss of the network at a few steps, and the test accuracy at the end.
fn write_comparison(out: &mut dyn Write, names: &[&str], runs: &[Run]) -> io::Result<()> {
    writeln!(
        out,
        "Part 1. p03's network (784 → 64 ReLU → 10), the same initial weights (seed {SEED}) and the"
    )?;
    writeln!(
        out,
        "same {} batches of {BATCH} ({EPOCHS} epochs of the 4,000 training digits) for each optimizer.",
        runs[0].curve.last().map_or(0, |&(step, _)| step)
    )?;
    writeln!(
        out,
        "Loss: mean cross-entropy on all 4,000 training digits, in nats (figure network-loss.svg)."
    )?;
    write!(out, "  step")?;
    for name in names {
        write!(out, "{name:>16}")?;
    }
    writeln!(out)?;
    for (row, &(step, _)) in runs[0].curve.iter().enumerate() {
        if step % 50 != 0 {
            continue;
        }
        write!(out, "  {step:>4}")?;
        for run in runs {
            write!(out, "{:>16.3}", run.curve[row].1)?;
        }
        writeln!(out)?;
    }
    write!(out, "  test accuracy")?;
    for (i, run) in runs.iter().enumerate() {
        let width = if i == 0 { 7 } else { 16 };
        write!(out, "{:>width$}", kit::percent(run.test.accuracy).trim())?;
    }
    writeln!(out)?;
    writeln!(out)
}

/// The sweep's findings and the rates of the paths.
fn write_bowl(out: &mut dyn Write, summaries: &[SweepSummary]) -> io::Result<()> {
    let [x, y] = START;
    writeln!(
        out,
        "Part 2. Two parameters on a bowl, loss(x, y) = (x² + {}·y²) / 2, from ({x}, {y}), where the",
        BOWL.steep
    )?;
    writeln!(
        out,
        "loss is {}. Each optimizer takes {PATH_STEPS} steps at each of {} learning rates from 1e-4 to 1",
        BOWL.value(START),
        sweep_rates().len()
    )?;
    writeln!(out, "(figure bowl-sweep.svg), a fresh optimizer each time.")?;
    writeln!(
        out,
        "                  best rate   its loss   ends above the start from rate"
    )?;
    for (contender, summary) in contenders().iter().zip(summaries) {
        let diverges = summary
            .diverges_from
            .map_or("never, up to 1".to_string(), significant);
        writeln!(
            out,
            "  {:<16}{:>9}{:>11.1e}   {diverges}",
            contender.name,
            significant(summary.best_rate),
            summary.best_loss
        )?;
    }
    let limit = 2.0 / f64::from(BOWL.steep);
    writeln!(
        out,
        "On a curvature of {}, SGD is stable for lr < 2/{} = {} and, with momentum 0.9, for",
        BOWL.steep,
        BOWL.steep,
        significant(limit)
    )?;
    writeln!(
        out,
        "lr < 2·(1 + 0.9)/{} = {}. The paths of figure bowl-paths.svg use each optimizer's best rate.",
        BOWL.steep,
        significant(1.9 * limit)
    )
}

/// A learning rate with three significant digits: `0.0316`, `0.1`, `0.133`.
pub fn significant(rate: f64) -> String {
    let decimals = (2.0 - rate.log10().floor()).max(0.0) as usize;
    let text = format!("{rate:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Figure network-loss.svg: the loss against the step, one line per optimizer.
fn loss_chart(names: &[&str], runs: &[Run]) -> String {
    let mut chart = LineChart::new(
        "p03's network on MNIST-mini: training loss",
        "step (batches of 32)",
        "loss on all training digits (nats)",
    )
    // Room above the lines for the legend.
    .y_range(0.0..3.6);
    for (name, run) in names.iter().zip(runs) {
        let points = run.curve.iter().map(|&(step, loss)| (step as f32, loss));
        chart = chart.with(Series::new(*name, points));
    }
    chart.to_svg()
}

/// Figure bowl-sweep.svg: the loss after the path's steps against the learning rate.
fn sweep_chart(summaries: &[SweepSummary]) -> String {
    let rates = sweep_rates();
    let series: Vec<draw::SweepSeries> = contenders()
        .iter()
        .zip(summaries)
        .zip(STYLES)
        .map(|((contender, summary), style)| draw::SweepSeries {
            label: contender.name.to_string(),
            points: rates.iter().copied().zip(summary.losses.clone()).collect(),
            style,
        })
        .collect();
    draw::sweep(
        &format!("The bowl: loss after {PATH_STEPS} steps, by learning rate"),
        "learning rate (log scale)",
        "loss after 60 steps (log scale)",
        &series,
        (0.8e-4..1.25, 3e-5..300.0),
        CHART_SIZE,
    )
}

/// Figure bowl-paths.svg: each optimizer's path at its best rate, over the bowl's contours.
fn paths_chart(summaries: &[SweepSummary]) -> String {
    let paths: Vec<Vec<[f32; 2]>> = contenders()
        .iter()
        .zip(summaries)
        .map(|(contender, summary)| {
            let shape_only: Point = AutoDevice::default().zeros();
            let optimizer = contender
                .choice
                .with_lr(summary.best_rate)
                .build(&shape_only);
            descend(&BOWL, START, optimizer, PATH_STEPS)
        })
        .collect();
    let panels: Vec<draw::PathPanel> = contenders()
        .iter()
        .zip(summaries)
        .zip(&paths)
        .zip(STYLES)
        .map(|(((contender, summary), path), style)| draw::PathPanel {
            title: format!(
                "{}, lr {}: loss {:.1e} after {PATH_STEPS} steps",
                contender.name,
                significant(summary.best_rate),
                summary.best_loss
            ),
            points: path,
            style,
        })
        .collect();
    let (mut low, mut high) = ([0.0f32; 2], [0.0f32; 2]);
    for &[x, y] in paths.iter().flatten() {
        low = [low[0].min(x), low[1].min(y)];
        high = [high[0].max(x), high[1].max(y)];
    }
    let pad = |i: usize| (high[i] - low[i]) * 0.06;
    let view = (
        low[0] - pad(0)..high[0] + pad(0),
        low[1] - pad(1)..high[1] + pad(1),
    );
    let start_loss = BOWL.value(START);
    let levels: Vec<f32> = (0..5).map(|k| start_loss / 4f32.powi(k)).collect();
    draw::paths(&panels, &BOWL, &levels, view, (460, 300))
}
