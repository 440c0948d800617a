//! # t17 · Hand-written modules and tuple Sequentials
//!
//! **Question.** What is the difference between `nn.Module` and `nn.Sequential`?
//!
//! **Answer.** In PyTorch, `nn.Module` is the base class of every layer and every model: a
//! subclass creates its layers in `__init__` and says in `forward`, in any Python it likes, how
//! data flows through them. `nn.Sequential` is one ready-made subclass whose `forward` runs its
//! children in order, each one's output the next one's input. dfdx has the same pair. A tuple of
//! layers is the Sequential: its `Module` impl runs the elements in order. A struct of layers
//! with a `Module` impl written by hand is the subclass. Both hold the same layer types, so the
//! same weights give the same outputs, bit for bit, whichever container holds them.
//!
//! A tuple can only chain, but dfdx adds combinators that are small modules themselves:
//! `Residual` (a skip connection, f(x) + x), `GeneralizedResidual` (f(x) + r(x)), `SplitInto`
//! (several heads on one input), `AddInto` (several inputs, outputs summed) and `Repeated`.
//! What they cannot express needs a struct: branches combined other than by adding (a gate
//! that multiplies, a concatenation), one layer used twice, a forward pass that depends on the
//! data. The lesson's example is a highway block, whose learned gate multiplies.
//!
//! Run it with `cargo xtask run t17`.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::inspect::named_parameters;
use kit::train::{self, FitConfig, History, Metrics};
use kit::{percent, short_type_name, thousands};
use std::io::{self, Write};

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/t17-module-vs-sequential.rs"
)]
pub mod exercises;

/// Units in each hidden layer.
pub const HIDDEN: usize = 64;
/// Seeds the initial weights and the shuffle, so every run trains the same networks.
pub const SEED: u64 = 0;
/// Passes over the 4,000 training digits, for each of the three networks.
pub const EPOCHS: usize = 3;
/// Examples per training step.
pub const BATCH: usize = 32;
/// The test accuracy every network must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.85;

// ANCHOR: sequential
/// PyTorch: `nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
/// nn.Linear(64, 10))`. The tuple's `Module` impl runs its elements in order.
pub type Sequential = (
    Linear<PIXELS, HIDDEN>,
    ReLU,
    Linear<HIDDEN, HIDDEN>,
    ReLU,
    Linear<HIDDEN, CLASSES>,
);

/// The tuple once built: the same five elements, each `Linear` now holding its weights.
pub type SequentialNet = <Sequential as BuildOnDevice<AutoDevice, f32>>::Built;
// ANCHOR_END: sequential

// ANCHOR: mlp
/// PyTorch: a subclass of `nn.Module` whose `__init__` creates `fc1`, `fc2` and `fc3`. The
/// fields are built layers (`modules::Linear`, which holds weights), not the prelude's
/// `Linear<I, O>` builders of the tuple above.
#[derive(Debug, Clone)]
pub struct Mlp<E: Dtype, D: Device<E>> {
    /// 784 pixels → 64 hidden units.
    pub fc1: modules::Linear<PIXELS, HIDDEN, E, D>,
    /// 64 → 64 hidden units.
    pub fc2: modules::Linear<HIDDEN, HIDDEN, E, D>,
    /// 64 hidden units → 10 logits.
    pub fc3: modules::Linear<HIDDEN, CLASSES, E, D>,
}

/// PyTorch's `forward`: the same chain as the tuple, written out. Generic over the batch
/// dimension `B` (a compile-time or a run-time size) and the tape `T` (training or not).
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for Mlp<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        let h = self.fc1.try_forward(x)?.try_relu()?;
        let h = self.fc2.try_forward(h)?.try_relu()?;
        self.fc3.try_forward(h)
    }
}
// ANCHOR_END: mlp

/// Lets dfdx walk the struct's weights (to build it, count, save, zero gradients and update
/// them), naming each field as a safetensors file would. t04 explains each of these traits.
impl<D: Device<f32>> TensorCollection<f32, D> for Mlp<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = Mlp<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("fc1", |s| &s.fc1, |s| &mut s.fc1),
                Self::module("fc2", |s| &s.fc2, |s| &mut s.fc2),
                Self::module("fc3", |s| &s.fc3, |s| &mut s.fc3),
            ),
            |(fc1, fc2, fc3)| Mlp { fc1, fc2, fc3 },
        )
    }
}

/// Training (`forward_mut`) computes what evaluation (`forward`) does: no dropout here.
impl<E: Dtype, D: Device<E>> NonMutableModule for Mlp<E, D> {}

// ANCHOR: from_sequential
impl Mlp<f32, AutoDevice> {
    /// The struct with the tuple's weights. The layers are the same types in both containers,
    /// so each is cloned across; a clone shares the weight buffers until one side is trained.
    pub fn from_sequential(tuple: &SequentialNet) -> Self {
        let (fc1, _relu, fc2, _relu2, fc3) = tuple;
        Mlp {
            fc1: fc1.clone(),
            fc2: fc2.clone(),
            fc3: fc3.clone(),
        }
    }
}
// ANCHOR_END: from_sequential

// ANCHOR: residual
/// The same layers with a skip connection around the middle one, still a tuple: `Residual<F>`
/// is a module whose forward is `F(x) + x`. PyTorch has no such class; there one writes a small
/// `nn.Module` for the block and puts it inside the `nn.Sequential`.
pub type ResidualSequential = (
    Linear<PIXELS, HIDDEN>,
    ReLU,
    Residual<(Linear<HIDDEN, HIDDEN>, ReLU)>,
    Linear<HIDDEN, CLASSES>,
);

/// The residual tuple once built.
pub type ResidualSequentialNet = <ResidualSequential as BuildOnDevice<AutoDevice, f32>>::Built;
// ANCHOR_END: residual

// ANCHOR: residual_mlp
/// The residual network as a struct: the same three layers as [`Mlp`]. Its forward pass,
/// `h = relu(fc1(x))`, then `h + relu(fc2(h))`, then `fc3`, is exercise 1
/// ([`exercises::residual_forward`]), which the `Module` impl below calls.
#[derive(Debug, Clone)]
pub struct ResidualMlp<E: Dtype, D: Device<E>> {
    /// 784 pixels → 64 hidden units.
    pub fc1: modules::Linear<PIXELS, HIDDEN, E, D>,
    /// The layer inside the skip connection, 64 → 64.
    pub fc2: modules::Linear<HIDDEN, HIDDEN, E, D>,
    /// 64 hidden units → 10 logits.
    pub fc3: modules::Linear<HIDDEN, CLASSES, E, D>,
}

impl<B: Dim, T: Tape<f32, AutoDevice>> Module<Tensor<(B, Const<PIXELS>), f32, AutoDevice, T>>
    for ResidualMlp<f32, AutoDevice>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, AutoDevice, T>;
    type Error = <AutoDevice as HasErr>::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, AutoDevice, T>,
    ) -> Result<Self::Output, Self::Error> {
        Ok(exercises::residual_forward(self, x))
    }
}
// ANCHOR_END: residual_mlp

impl<D: Device<f32>> TensorCollection<f32, D> for ResidualMlp<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = ResidualMlp<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("fc1", |s| &s.fc1, |s| &mut s.fc1),
                Self::module("fc2", |s| &s.fc2, |s| &mut s.fc2),
                Self::module("fc3", |s| &s.fc3, |s| &mut s.fc3),
            ),
            |(fc1, fc2, fc3)| ResidualMlp { fc1, fc2, fc3 },
        )
    }
}

impl<E: Dtype, D: Device<E>> NonMutableModule for ResidualMlp<E, D> {}

// ANCHOR: highway
/// A network with a highway block (Srivastava, Greff and Schmidhuber, 2015) in the middle: a
/// learned gate `t` between 0 and 1 decides, unit by unit, how much of the block's new value
/// to take and how much of its input to carry through unchanged:
///
/// `h = relu(fc1(x))`, `t = sigmoid(gate(h))`, `y = t ⊙ relu(transform(h)) + (1 − t) ⊙ h`,
/// logits `= out(y)`.
///
/// `h` feeds three branches, and two of them are multiplied: no tuple or combinator says that.
#[derive(Debug, Clone)]
pub struct HighwayMlp<E: Dtype, D: Device<E>> {
    /// 784 pixels → 64 hidden units.
    pub fc1: modules::Linear<PIXELS, HIDDEN, E, D>,
    /// The block's new value, before its ReLU.
    pub transform: modules::Linear<HIDDEN, HIDDEN, E, D>,
    /// The gate, before its sigmoid.
    pub gate: modules::Linear<HIDDEN, HIDDEN, E, D>,
    /// 64 units → 10 logits.
    pub out: modules::Linear<HIDDEN, CLASSES, E, D>,
}

impl<D: Device<f32>> HighwayMlp<f32, D> {
    /// The highway block on hidden vectors `h`: the gate `t` and the block's output `y`.
    ///
    /// `h` is used three times. A traced tensor cannot be cloned (its tape is not `Clone`), so
    /// each extra use takes `with_empty_tape()`, a copy of `h` with the same data and the same
    /// id and a new, empty tape; the ops on each branch are recorded on that branch's tape, and
    /// every binary op merges the tapes of its two operands again, so that `y`'s tape holds
    /// everything. `t` is used twice, the same way.
    pub fn block<B: Dim, T: Tape<f32, D>>(
        &self,
        h: Tensor<(B, Const<HIDDEN>), f32, D, T>,
    ) -> Result<HighwayBlock<B, D, T>, D::Err> {
        let t = self.gate.try_forward(h.with_empty_tape())?.try_sigmoid()?;
        let candidate = self
            .transform
            .try_forward(h.with_empty_tape())?
            .try_relu()?;
        let keep = t.with_empty_tape().try_negate()?.try_add(1.0)?; // 1 − t
        let gate_values = t.retaped::<NoneTape>();
        let y = t.try_mul(candidate)?.try_add(keep.try_mul(h)?)?;
        Ok(HighwayBlock { y, gate_values })
    }
}

/// What [`HighwayMlp::block`] computes: its output, and its gate's values (without a tape).
pub struct HighwayBlock<B: Dim, D: Device<f32>, T> {
    /// `t ⊙ relu(transform(h)) + (1 − t) ⊙ h`, with the tape.
    pub y: Tensor<(B, Const<HIDDEN>), f32, D, T>,
    /// The gate `t`, one value per example and unit: 1 takes the new value, 0 carries `h`.
    pub gate_values: Tensor<(B, Const<HIDDEN>), f32, D>,
}

impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for HighwayMlp<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        let h = self.fc1.try_forward(x)?.try_relu()?;
        let block = self.block(h)?;
        self.out.try_forward(block.y)
    }
}
// ANCHOR_END: highway

impl<D: Device<f32>> TensorCollection<f32, D> for HighwayMlp<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = HighwayMlp<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("fc1", |s| &s.fc1, |s| &mut s.fc1),
                Self::module("transform", |s| &s.transform, |s| &mut s.transform),
                Self::module("gate", |s| &s.gate, |s| &mut s.gate),
                Self::module("out", |s| &s.out, |s| &mut s.out),
            ),
            |(fc1, transform, gate, out)| HighwayMlp {
                fc1,
                transform,
                gate,
                out,
            },
        )
    }
}

impl<E: Dtype, D: Device<E>> NonMutableModule for HighwayMlp<E, D> {}

/// The mean of the highway gate `t` over every unit of every example of `set`.
pub fn mean_gate(model: &HighwayMlp<f32, AutoDevice>, set: &Split, dev: &AutoDevice) -> f32 {
    let (mut sum, mut count) = (0.0, 0);
    for batch in set.in_batches(500, dev) {
        let h = model.fc1.forward(batch.images).relu();
        let t = model.block(h).expect("the CPU does not fail").gate_values;
        let values = t.as_vec();
        count += values.len();
        sum += values.iter().sum::<f32>();
    }
    sum / count as f32
}

/// What training one network produced.
pub struct Run<M> {
    /// The trained network.
    pub model: M,
    /// Training loss and accuracy, epoch by epoch.
    pub history: History,
    /// Test-set metrics after training.
    pub test: Metrics,
}

// ANCHOR: train
/// Trains `model` on `mnist.train` through the course's loop and evaluates it on `mnist.test`.
/// The loop takes any model with dfdx's module traits: a tuple and a struct alike.
pub fn train<M>(mut model: M, mnist: &Mnist, dev: &AutoDevice) -> io::Result<Run<M>>
where
    M: train::TrainableClassifier<BATCH, AutoDevice> + train::EvaluableClassifier<AutoDevice>,
{
    let mut adam: Adam<M, f32, AutoDevice> = Adam::new(
        &model,
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
    let history =
        train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &mnist.train, config, dev, |_| Ok(()))?;
    let test = train::evaluate(&model, &mnist.test, dev);
    Ok(Run {
        model,
        history,
        test,
    })
}
// ANCHOR_END: train

/// The three networks of the lesson, each built with [`SEED`] and trained by [`train`].
pub struct Trained {
    /// The plain network, as a tuple.
    pub plain: Run<SequentialNet>,
    /// The network with a skip connection, as a tuple with `Residual`.
    pub residual: Run<ResidualSequentialNet>,
    /// The network with a highway block, as a struct.
    pub highway: Run<HighwayMlp<f32, AutoDevice>>,
    /// The highway gate's mean on the test digits before training.
    pub gate_before: f32,
}

/// Builds and trains the lesson's three networks.
pub fn train_all(mnist: &Mnist) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let plain = train(dev.build_module::<Sequential, f32>(), mnist, &dev)?;
    let dev = AutoDevice::seed_from_u64(SEED);
    let residual = train(dev.build_module::<ResidualSequential, f32>(), mnist, &dev)?;
    let dev = AutoDevice::seed_from_u64(SEED);
    let highway = HighwayMlp::<f32, AutoDevice>::build(&dev);
    let gate_before = mean_gate(&highway, &mnist.test, &dev);
    let highway = train(highway, mnist, &dev)?;
    Ok(Trained {
        plain,
        residual,
        highway,
        gate_before,
    })
}

/// The logits of every example of `set`, row after row.
pub fn logits<M: train::EvaluableClassifier<AutoDevice>>(
    model: &M,
    set: &Split,
    dev: &AutoDevice,
) -> Vec<f32> {
    set.in_batches(500, dev)
        .flat_map(|batch| model.forward(batch.images).as_vec())
        .collect()
}

/// The names of a model's tensors, separated by spaces: the keys of its safetensors file.
fn tensor_names<M: TensorCollection<f32, AutoDevice>>(model: &M) -> String {
    let names: Vec<String> = named_parameters(model)
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.join(" ")
}

/// Logits with one decimal, each in six columns.
fn row(values: &[f32]) -> String {
    values.iter().map(|v| format!("{v:>6.1}")).collect()
}

/// Prints the lesson: one network as a tuple and as a struct, a skip connection as a tuple,
/// a gate as a struct, and all of them trained through the same loop.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t17 · Hand-written modules and tuple Sequentials")?;
    writeln!(out)?;
    writeln!(
        out,
        "Data: {}, {} training and {} test digits",
        mnist.source,
        thousands(mnist.train.len()),
        thousands(mnist.test.len())
    )?;
    writeln!(out)?;
    let trained = train_all(mnist)?;
    same_network_twice(out, mnist, &trained)?;
    skip_connection(out, mnist, &trained)?;
    highway(out, &trained)?;
    training_table(out, mnist, &trained)
}

/// Part 1: the trained tuple's layers copied into the struct, and their outputs compared.
fn same_network_twice(out: &mut dyn Write, mnist: &Mnist, trained: &Trained) -> io::Result<()> {
    let dev = AutoDevice::default();
    writeln!(out, "1. One network, written twice")?;
    writeln!(out, "  tuple:  {}", short_type_name::<Sequential>())?;
    writeln!(
        out,
        "  struct: Mlp {{ fc1, fc2, fc3 }}, forward = fc3(relu(fc2(relu(fc1(x)))))"
    )?;
    // ANCHOR: compare
    let tuple = &trained.plain.model;
    let mlp = Mlp::from_sequential(tuple);
    let from_tuple = logits(tuple, &mnist.test, &dev);
    let from_struct = logits(&mlp, &mnist.test, &dev);
    let differing = from_tuple
        .iter()
        .zip(&from_struct)
        .filter(|(a, b)| a.to_bits() != b.to_bits())
        .count();
    // ANCHOR_END: compare
    writeln!(
        out,
        "  trainable parameters: tuple {}, struct {}",
        thousands(tuple.num_trainable_params()),
        thousands(mlp.num_trainable_params())
    )?;
    writeln!(out, "  tensor names (a safetensors file's keys):")?;
    writeln!(out, "    tuple   {}", tensor_names(tuple))?;
    writeln!(out, "    struct  {}", tensor_names(&mlp))?;
    writeln!(out)?;
    writeln!(
        out,
        "  The tuple trained ({EPOCHS} epochs), then its layers copied into the struct."
    )?;
    writeln!(
        out,
        "  Logits for test digit #0 (a {}):",
        mnist.test.label(0)
    )?;
    write!(out, "           ")?;
    (0..CLASSES).try_for_each(|digit| write!(out, "{digit:>6}"))?;
    writeln!(out)?;
    writeln!(out, "    tuple  {}", row(&from_tuple[..CLASSES]))?;
    writeln!(out, "    struct {}", row(&from_struct[..CLASSES]))?;
    writeln!(
        out,
        "  Logits that differ, over all {} test digits: {differing} of {} (compared bit for bit)",
        thousands(mnist.test.len()),
        thousands(from_tuple.len())
    )?;
    writeln!(
        out,
        "  Test accuracy: tuple {}, struct {}",
        percent(trained.plain.test.accuracy).trim_start(),
        percent(train::evaluate(&mlp, &mnist.test, &dev).accuracy).trim_start()
    )?;
    writeln!(out)
}

/// Part 2: a skip connection as a tuple with `Residual`, and what `Residual` computes.
fn skip_connection(out: &mut dyn Write, mnist: &Mnist, trained: &Trained) -> io::Result<()> {
    let dev = AutoDevice::default();
    writeln!(out, "2. A skip connection, still a tuple")?;
    writeln!(out, "  {}", short_type_name::<ResidualSequential>())?;
    let model = &trained.residual.model;
    writeln!(
        out,
        "  trainable parameters: {} (the skip connection has no weights)",
        thousands(model.num_trainable_params())
    )?;
    writeln!(out, "  tensor names: {}", tensor_names(model))?;
    // ANCHOR: residual_check
    // Element 2 of the tuple is the Residual block; element 0 of the block is its inner tuple.
    let image: Tensor<Rank2<1, PIXELS>, f32, _> = mnist.test.batch(&[0], &dev).images;
    let h = model.1.forward(model.0.forward(image)); // the hidden vector entering the block
    let block = model.2.forward(h.clone()).as_vec();
    let inner = model.2 .0.forward(h.clone()); // the same layers without the skip
    let inner_plus_h = (inner + h).as_vec();
    // ANCHOR_END: residual_check
    let same = block
        .iter()
        .zip(&inner_plus_h)
        .all(|(a, b)| a.to_bits() == b.to_bits());
    writeln!(
        out,
        "  On test digit #0's hidden vector h: block(h) {} relu(fc(h)) + h, bit for bit",
        if same { "equals" } else { "DIFFERS FROM" }
    )?;
    writeln!(out)
}

/// Part 3: the highway network, a struct.
fn highway(out: &mut dyn Write, trained: &Trained) -> io::Result<()> {
    writeln!(out, "3. A gate, which needs a struct")?;
    writeln!(
        out,
        "  HighwayMlp {{ fc1, transform, gate, out }}, forward: h = relu(fc1(x)),"
    )?;
    writeln!(
        out,
        "    t = sigmoid(gate(h)), y = t ⊙ relu(transform(h)) + (1 − t) ⊙ h, logits = out(y)"
    )?;
    writeln!(
        out,
        "  trainable parameters: {} (the gate's 64×64 + 64 more)",
        thousands(trained.highway.model.num_trainable_params())
    )?;
    writeln!(out)
}

/// Part 4: the three histories side by side.
fn training_table(out: &mut dyn Write, mnist: &Mnist, trained: &Trained) -> io::Result<()> {
    let dev = AutoDevice::default();
    writeln!(
        out,
        "4. All three through kit::train::fit (Adam 0.001, batches of {BATCH}, seed {SEED})"
    )?;
    let names = ["plain (tuple)", "residual (tuple)", "highway (struct)"];
    writeln!(out, "       {}", names.map(|n| format!("{n:>19}")).concat())?;
    writeln!(out, "  epoch{}", ["     loss  accuracy"; 3].concat())?;
    let cells = |metrics: [Metrics; 3]| -> String {
        metrics
            .iter()
            .map(|m| format!("    {:.3}  {:>8}", m.loss, percent(m.accuracy)))
            .collect()
    };
    for epoch in 0..EPOCHS {
        let record = |history: &History| history.epochs[epoch].train;
        let metrics = [
            record(&trained.plain.history),
            record(&trained.residual.history),
            record(&trained.highway.history),
        ];
        writeln!(out, "  {:>5}{}", epoch + 1, cells(metrics))?;
    }
    let tested = [
        trained.plain.test,
        trained.residual.test,
        trained.highway.test,
    ];
    writeln!(out, "  test {}", cells(tested))?;
    writeln!(
        out,
        "  (epoch rows: means over the training batches, as Keras reports them; test: all {} test digits)",
        thousands(mnist.test.len())
    )?;
    writeln!(out)?;
    let gate_after = mean_gate(&trained.highway.model, &mnist.test, &dev);
    writeln!(
        out,
        "The highway gate t, averaged over the test digits and the 64 units: {:.2} before \
         training, {gate_after:.2} after",
        trained.gate_before
    )
}

// ANCHOR: no_clone
/// A traced tensor has no `clone()`: `Tensor` is `Clone` only when its tape is, and
/// `OwnedTape` is not. This doc test proves that the line below is rejected by the compiler:
///
/// ```compile_fail
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let h: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, -2.0, 3.0]);
/// let traced = h.leaky_trace();
/// let y = traced.clone().relu() + traced; // a skip connection around a ReLU
/// ```
///
/// With `with_empty_tape()` in place of `clone()` it compiles, and the gradient reaches `h`
/// through both uses: d/dh (relu(h) + h) is 2 where h > 0 and 1 elsewhere.
///
/// ```
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let h: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, -2.0, 3.0]);
/// let traced = h.leaky_trace();
/// let y = traced.with_empty_tape().relu() + traced;
/// let grads = y.sum().backward();
/// assert_eq!(grads.get(&h).array(), [2.0, 1.0, 2.0]);
/// ```
pub const TRACED_TENSORS_HAVE_NO_CLONE: () = ();
// ANCHOR_END: no_clone
