//! # p07 · A loss function and an optimizer
//!
//! **Question.** Define a loss function and an optimizer in PyTorch.
//!
//! **Answer.** PyTorch's `nn.CrossEntropyLoss()` is dfdx's function
//! `cross_entropy_with_logits_loss(logits, targets)`: the same mean cross-entropy of a softmax of
//! the logits, but a plain function with nothing to configure, whose targets are rows of
//! probabilities (one-hot rows for labels). `optim.Adam(model.parameters(), lr=0.001)` is
//! `Adam::new(&model, AdamConfig { lr: 1e-3, ..Default::default() })`, and
//! `optim.SGD(..., lr=0.01, momentum=0.9)` is `Sgd::new(&model, SgdConfig { lr: 1e-2, momentum:
//! Some(Momentum::Classic(0.9)), weight_decay: None })`. A config is a plain struct whose
//! `Debug` output lists every field, defaults included: Adam's betas (0.9, 0.999) and eps 1e-8
//! are PyTorch's defaults too. The lesson takes one step with each optimizer on the same batch
//! of 32 digits from the same weights, and prints the loss before and after: Adam lowers the
//! batch's loss by 0.090, SGD with momentum by 0.008. That says how long each first step is, not
//! which optimizer is better: momentum has not acted yet (the step equals plain SGD's, bit for
//! bit), Adam's first step moves every weight that has a gradient by about its learning rate,
//! whatever the slope, and digits outside the batch gain a third as much. Lesson t15 compares
//! the optimizers over whole runs.
//!
//! Run it with `cargo xtask run p07`.

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::optim::{Adam, Momentum, Optimizer, Sgd};
use dfdx::prelude::*;
use kit::thousands;
use kit::train::{self, Metrics};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::io::{self, Write};

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/p07-loss-and-optimizer.rs"
)]
pub mod exercises;

/// p03's network: 784 pixels → 64 ReLU units → 10 logits.
pub type Mlp = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);
/// The network once built: its layers holding weight and bias tensors.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;

/// Seeds the initial weights and the choice of the batch.
pub const SEED: u64 = 0;
/// Examples in the batch of the step.
pub const BATCH: usize = 32;

// ANCHOR: configs
/// `optim.Adam(model.parameters(), lr=0.001)`: the fields not named keep their defaults.
pub fn adam_config() -> AdamConfig {
    AdamConfig {
        lr: 1e-3,
        ..Default::default()
    }
}

/// `optim.SGD(model.parameters(), lr=0.01, momentum=0.9)`: every field named.
pub fn sgd_config() -> SgdConfig {
    SgdConfig {
        lr: 1e-2,
        momentum: Some(Momentum::Classic(0.9)),
        weight_decay: None,
    }
}
// ANCHOR_END: configs

// ANCHOR: step
/// One training step on one batch: PyTorch's `optimizer.zero_grad()`, `loss =
/// loss_fn(model(x), y)`, `loss.backward()`, `optimizer.step()`. Returns the batch's loss before
/// the update and the gradients the update used.
pub fn train_step<const B: usize, O: Optimizer<Network, AutoDevice, f32> + ?Sized>(
    model: &mut Network,
    optimizer: &mut O,
    images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    one_hot: Tensor<Rank2<B, CLASSES>, f32, AutoDevice>,
) -> (f32, Gradients<f32, AutoDevice>) {
    let grads = model.alloc_grads(); // fresh zeros: zero_grad()
    let logits = model.forward_mut(images.traced(grads)); // model(x), recording a tape
    let loss = cross_entropy_with_logits_loss(logits, one_hot); // loss_fn(logits, y)
    let before = loss.array(); // loss.item(), read before backward() consumes the loss
    let grads = loss.backward(); // loss.backward()
    optimizer
        .update(model, &grads) // optimizer.step()
        .expect("every weight takes part in the loss");
    (before, grads)
}
// ANCHOR_END: step

/// The mean cross-entropy of `model` on a batch, without a tape.
pub fn batch_loss<const B: usize>(
    model: &Network,
    images: Tensor<Rank2<B, PIXELS>, f32, AutoDevice>,
    one_hot: Tensor<Rank2<B, CLASSES>, f32, AutoDevice>,
) -> f32 {
    cross_entropy_with_logits_loss(model.forward(images), one_hot).array()
}

/// Every weight and bias of `model`, in one vector: the hidden layer's weights and biases, then
/// the output layer's.
pub fn weights_of(model: &Network) -> Vec<f32> {
    let ((hidden, _relu), output) = model;
    [
        hidden.weight.as_vec(),
        hidden.bias.as_vec(),
        output.weight.as_vec(),
        output.bias.as_vec(),
    ]
    .concat()
}

/// The gradient of every weight and bias of `model` in `grads`, in the order of [`weights_of`].
pub fn gradient_of(model: &Network, grads: &Gradients<f32, AutoDevice>) -> Vec<f32> {
    let ((hidden, _relu), output) = model;
    [
        grads.get(&hidden.weight).as_vec(),
        grads.get(&hidden.bias).as_vec(),
        grads.get(&output.weight).as_vec(),
        grads.get(&output.bias).as_vec(),
    ]
    .concat()
}

/// What one step of one optimizer did, from the shared initial weights on the shared batch.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    /// The optimizer, as the tables name it.
    pub name: &'static str,
    /// The batch's loss before and after the step.
    pub batch: (f32, f32),
    /// Loss and accuracy on the held-out test digits before and after the step.
    pub held_out: (Metrics, Metrics),
    /// Every weight's change, `after - before`, in the order of [`weights_of`].
    pub change: Vec<f32>,
    /// Every weight's gradient on the batch, in the same order.
    pub gradient: Vec<f32>,
}

impl StepReport {
    /// The change of the batch's loss that the gradient predicts for this step, to first order:
    /// the sum over the weights of gradient × change.
    pub fn first_order_change(&self) -> f32 {
        let sum: f64 = (self.gradient.iter().zip(&self.change))
            .map(|(&g, &d)| f64::from(g) * f64::from(d))
            .sum();
        sum as f32
    }

    /// The number of weights the step changed.
    pub fn moved(&self) -> usize {
        self.change.iter().filter(|d| **d != 0.0).count()
    }

    /// The largest change of any weight, in absolute value.
    pub fn largest_change(&self) -> f32 {
        self.change.iter().fold(0.0, |m, d| m.max(d.abs()))
    }

    /// The mean absolute change of the weights that moved.
    pub fn mean_change_of_moved(&self) -> f32 {
        let moved: Vec<f32> = self.change.iter().filter(|d| **d != 0.0).copied().collect();
        moved.iter().map(|d| d.abs()).sum::<f32>() / moved.len().max(1) as f32
    }
}

// ANCHOR: compare
/// Builds one network, picks one batch of [`BATCH`] training digits, and takes one step from
/// those weights on that batch with each optimizer: Adam, SGD with momentum, and plain SGD.
pub fn one_step_each(mnist: &Mnist) -> [StepReport; 3] {
    let dev = AutoDevice::seed_from_u64(SEED);
    let initial = dev.build_module::<Mlp, f32>();
    let mut rng = StdRng::seed_from_u64(SEED);
    let batch = mnist
        .train
        .shuffled_batches::<BATCH, _>(&mut rng, &dev)
        .next()
        .expect("the training set holds a batch");

    let step = |name, optimizer: &mut dyn Optimizer<Network, AutoDevice, f32>| {
        // `clone` shares the weights' buffers; the update copies a shared buffer before writing.
        let mut model = initial.clone();
        let held_out_before = train::evaluate(&model, &mnist.test, &dev);
        let (before, grads) = train_step(
            &mut model,
            optimizer,
            batch.images.clone(),
            batch.one_hot.clone(),
        );
        let after = batch_loss(&model, batch.images.clone(), batch.one_hot.clone());
        let change = (weights_of(&model).iter().zip(weights_of(&initial)))
            .map(|(a, b)| a - b)
            .collect();
        StepReport {
            name,
            batch: (before, after),
            held_out: (held_out_before, train::evaluate(&model, &mnist.test, &dev)),
            change,
            gradient: gradient_of(&initial, &grads),
        }
    };
    // Adam::new(&model, ...) reads the model only for its type: Adam<Network, f32, AutoDevice>.
    let mut adam = Adam::new(&initial, adam_config());
    let mut sgd = Sgd::new(&initial, sgd_config());
    let mut plain = Sgd::new(
        &initial,
        SgdConfig {
            momentum: None,
            ..sgd_config()
        },
    );
    [
        step("Adam, lr 0.001", &mut adam),
        step("SGD + momentum 0.9", &mut sgd),
        step("SGD, no momentum", &mut plain),
    ]
}
// ANCHOR_END: compare

/// Prints the lesson: the loss, the two optimizers' configs, and one step with each.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "p07 · A loss function and an optimizer")?;
    writeln!(out)?;
    write_configs(out)?;
    let reports = one_step_each(mnist);
    write_steps(out, mnist, &reports)?;
    write_verdict(out, &reports)
}

/// The loss, and each optimizer's config with `{:?}` beside its default.
fn write_configs(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Loss: cross_entropy_with_logits_loss(logits, one_hot)   PyTorch: nn.CrossEntropyLoss()"
    )?;
    writeln!(
        out,
        "  a function: no fields, no state; the softmax is applied inside, on the logits"
    )?;
    writeln!(out)?;
    writeln!(out, "Optimizers, each config printed with {{:?}}:")?;
    let adam = format!("{:?}", adam_config());
    let adam_default = format!("{:?}", AdamConfig::default());
    writeln!(out, "  Adam::new(&model, {adam})")?;
    writeln!(
        out,
        "      PyTorch: optim.Adam(model.parameters(), lr=0.001)"
    )?;
    if adam == adam_default {
        writeln!(out, "      this is AdamConfig::default(), field for field")?;
    } else {
        writeln!(out, "      AdamConfig::default() is {adam_default}")?;
    }
    let sgd = format!("{:?}", sgd_config());
    writeln!(out, "  Sgd::new(&model, {sgd})")?;
    writeln!(
        out,
        "      PyTorch: optim.SGD(model.parameters(), lr=0.01, momentum=0.9)"
    )?;
    writeln!(
        out,
        "      SgdConfig::default() is {:?}",
        SgdConfig::default()
    )?;
    writeln!(out)
}

/// The loss before and after each step, on the batch and on the held-out digits.
fn write_steps(out: &mut dyn Write, mnist: &Mnist, reports: &[StepReport]) -> io::Result<()> {
    let weights = reports[0].change.len();
    writeln!(
        out,
        "One step each, from the same initial weights (seed {SEED}), on the same batch of {BATCH}"
    )?;
    writeln!(
        out,
        "training digits. Loss: mean cross-entropy in nats; held out: the {} test digits.",
        thousands(mnist.test.len())
    )?;
    writeln!(
        out,
        "                        loss on the batch          loss held out         accuracy held out"
    )?;
    writeln!(
        out,
        "                        before   after   change    before   after   change   before  after"
    )?;
    for report in reports {
        let (before, after) = report.batch;
        let (held_before, held_after) = report.held_out;
        writeln!(
            out,
            "  {:<20}  {before:>6.3}  {after:>6.3}  {:>+7.4}    {:>6.3}  {:>6.3}  {:>+7.4}   {} {}",
            report.name,
            after - before,
            held_before.loss,
            held_after.loss,
            held_after.loss - held_before.loss,
            kit::percent(held_before.accuracy),
            kit::percent(held_after.accuracy),
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "What the step did to the {} weights and biases, and the change of the batch's loss",
        thousands(weights)
    )?;
    writeln!(
        out,
        "that the gradient g predicts from the changes Δw (to first order, the sum of g·Δw):"
    )?;
    writeln!(
        out,
        "                        moved    mean |Δw| of those   largest |Δw|   predicted   measured"
    )?;
    for report in reports {
        writeln!(
            out,
            "  {:<20} {:>7}        {:>9.2e}         {:>9.2e}    {:>+8.4}   {:>+8.4}",
            report.name,
            thousands(report.moved()),
            report.mean_change_of_moved(),
            report.largest_change(),
            report.first_order_change(),
            report.batch.1 - report.batch.0,
        )?;
    }
    writeln!(out)
}

/// Why the step's loss change says little about the optimizers, from the numbers measured.
fn write_verdict(out: &mut dyn Write, reports: &[StepReport; 3]) -> io::Result<()> {
    let [adam, momentum, plain] = reports;
    let l1: f64 = adam.gradient.iter().map(|g| f64::from(g.abs())).sum();
    let l2_squared: f64 = momentum
        .gradient
        .iter()
        .map(|g| f64::from(*g) * f64::from(*g))
        .sum();
    let zero_gradients = adam.gradient.iter().filter(|g| **g == 0.0).count();
    // The hidden layer's weights come first, one row of 784 per unit: a pixel whose column of
    // gradients is all 0 is blank in every digit of the batch.
    let hidden = &adam.gradient[..64 * PIXELS];
    let blank_pixels = (0..PIXELS)
        .filter(|&i| (0..64).all(|unit| hidden[unit * PIXELS + i] == 0.0))
        .count();
    writeln!(out, "Why one step is no verdict:")?;
    let same = if momentum.change == plain.change {
        "identical to plain SGD's, bit for bit"
    } else {
        "different from plain SGD's"
    };
    let (sgd_lr, adam_lr) = (sgd_config().lr, adam_config().lr);
    writeln!(
        out,
        "  SGD + momentum: the velocity starts at 0, so step 1 is {same}:"
    )?;
    writeln!(
        out,
        "    Δw = -lr·g, and the loss falls by about lr·Σg² = {sgd_lr} × {l2_squared:.3} = {:.4}.",
        sgd_lr * l2_squared
    )?;
    writeln!(
        out,
        "  Adam: step 1 is Δw = -lr·g/(|g| + eps): about lr = {adam_lr} for every weight whose gradient"
    )?;
    writeln!(
        out,
        "    is not 0, however small the slope, so the loss falls by about lr·Σ|g| = {adam_lr} × {l1:.1}"
    )?;
    writeln!(
        out,
        "    = {:.3}. {} gradients are exactly 0, and those weights stay put: {} of them read one",
        adam_lr * l1,
        thousands(zero_gradients),
        thousands(64 * blank_pixels)
    )?;
    writeln!(
        out,
        "    of the {blank_pixels} pixels that are blank in all {BATCH} digits."
    )?;
    let gain = |r: &StepReport| (r.held_out.0.loss - r.held_out.1.loss) / (r.batch.0 - r.batch.1);
    writeln!(
        out,
        "  Digits outside the batch gain less: held out, Adam's step lowers the loss {:.0}% as much"
    , 100.0 * gain(adam))?;
    writeln!(
        out,
        "    as on the batch, SGD's {:.0}%. Lesson t15 follows both over 250 steps.",
        100.0 * gain(momentum)
    )
}
