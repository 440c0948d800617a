//! A Keras-like layer on top of dfdx and [`crate::train`]: build a model, `compile` it with an
//! optimizer, `fit` it with a validation split, `evaluate` it, `predict` with it, and plug a
//! custom step into the training loop. Introduced in t19; t05 walks through the whole workflow
//! with it.
//!
//! Keras is a thin layer over its backend's operations: `Dense` is a matrix product, an addition
//! and an activation, and `Model.fit` is a loop of `train_step` calls, each a forward pass under
//! a `GradientTape`, the loss, the gradients and `optimizer.apply_gradients`. This module is the
//! same kind of layer over dfdx: each verb is a few lines that call [`crate::train`], whose loop
//! is written out once (p03). Nothing here computes anything that the low-level calls do not:
//! t19 checks that [`Compiled::fit`] and [`train::fit`] train the very same weights.
//!
//! The API is small and typed. The model keeps its dfdx type ([`Model<M, D>`]); an optimizer
//! turns it into a [`Compiled`] model, and only that has `fit` and `evaluate`, so that calling
//! `fit` before `compile` (a `ValueError` at run time in Keras) does not compile. The batch size
//! is a const generic (`fit::<32>`), because the training loop's batches have a compile-time
//! shape. Bad arguments to `fit` and `evaluate` come back as a [`KerasError`], not as a panic.
//!
//! What is fixed: the loss is softmax cross-entropy on the network's logits and the metric is
//! accuracy, both computed by [`crate::train`] (Keras's
//! `loss=SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"]`). The data are
//! MNIST [`Split`]s: 784 pixels in, 10 digits out.

use crate::train::{
    self, EpochRecord, EvaluableClassifier, FitConfig, History, Metrics, TrainableClassifier,
};
use datasets::{Split, CLASSES, PIXELS};
use dfdx::optim::{Optimizer, OptimizerUpdateError};
use dfdx::prelude::*;
use std::fmt;
use std::io;

/// A built network and the device it lives on, not yet compiled: Keras's `Sequential` (or any
/// `Model`) before `compile`. It can [`predict`](Model::predict), which needs no loss; to train
/// or evaluate it, [`compile`](Model::compile) it. Introduced in t19.
#[derive(Debug, Clone)]
pub struct Model<M, D> {
    network: M,
    device: D,
}

impl<M, D: Device<f32>> Model<M, D> {
    // ANCHOR: sequential
    /// Builds the architecture `A`, a tuple of dfdx layer builders such as
    /// `((Linear<784, 64>, ReLU), Linear<64, 10>)`, with fresh weights drawn from `device`'s
    /// random generator: Keras's `Sequential([...])`. Introduced in t19.
    pub fn sequential<A>(device: &D) -> Self
    where
        A: BuildOnDevice<D, f32, Built = M>,
    {
        // What `device.build_module::<A, f32>()` runs: the weights drawn from the device's RNG.
        let network = A::build_on_device(device);
        Model::new(network, device)
    }
    // ANCHOR_END: sequential

    /// Wraps a network that is already built: a struct of your own (t04), or one whose weights
    /// were loaded from a file. Introduced in t19.
    pub fn new(network: M, device: &D) -> Self {
        Model {
            network,
            device: device.clone(),
        }
    }

    /// The dfdx network inside, to read its weights or run it by hand. Introduced in t19.
    pub fn network(&self) -> &M {
        &self.network
    }

    /// The dfdx network inside, by value. Introduced in t19.
    pub fn into_network(self) -> M {
        self.network
    }

    // ANCHOR: compile
    /// Chooses how the weights will change: Keras's `model.compile(optimizer=...)`. Nothing is
    /// computed; the optimizer is kept for [`Compiled::fit`]. The loss (softmax cross-entropy on
    /// the logits) and the metric (accuracy) are those of [`crate::train`]. Introduced in t19.
    pub fn compile<O>(self, optimizer: O) -> Compiled<M, O, D>
    where
        O: Optimizer<M, D, f32>,
    {
        Compiled {
            network: self.network,
            optimizer,
            device: self.device,
        }
    }
    // ANCHOR_END: compile

    /// The probability of each digit for each image: [`Compiled::predict`], which needs no
    /// optimizer and so works before `compile` too, as in Keras. Introduced in t19.
    pub fn predict(
        &self,
        images: Tensor<(usize, Const<PIXELS>), f32, D>,
    ) -> Tensor<(usize, Const<CLASSES>), f32, D>
    where
        M: EvaluableClassifier<D>,
    {
        probabilities(&self.network, images)
    }
}

/// A network with its optimizer, ready to train: what Keras's `model` is after
/// `model.compile(...)`. Made by [`Model::compile`]. Introduced in t19.
#[derive(Debug, Clone)]
pub struct Compiled<M, O, D> {
    network: M,
    optimizer: O,
    device: D,
}

/// The arguments of Keras's `model.fit` besides the data and the batch size (which is
/// [`Compiled::fit`]'s const generic). `Fit::default()` is Keras's default: one epoch, no
/// validation. Introduced in t19.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Passes over the training part of the data.
    pub epochs: usize,
    /// The share of the data held out for validation, at least 0 and below 1: the last
    /// examples, taken before any shuffling, as Keras's `validation_split` (see
    /// [`split_point`]). A `f64`, as Python's floats are, so that `0.2` splits where Keras does.
    pub validation_split: f64,
    /// Seeds the shuffle of the training batches.
    pub shuffle_seed: u64,
}

impl Default for Fit {
    fn default() -> Self {
        Fit {
            epochs: 1,
            validation_split: 0.0,
            shuffle_seed: 0,
        }
    }
}

impl<M, O, D: Device<f32>> Compiled<M, O, D> {
    // ANCHOR: fit
    /// Trains the network in batches of `B` for `options.epochs` epochs, holding out the last
    /// `options.validation_split` of `x` and scoring it after every epoch: Keras's
    /// `model.fit(x, y, batch_size=B, epochs=..., validation_split=...)`. `on_epoch` sees each
    /// epoch's record as it ends (to print it, like Keras's `verbose=2`, or to stop early by
    /// returning an error, like a callback). Returns the [`History`]. Introduced in t19.
    ///
    /// # Errors
    ///
    /// [`KerasError::BadValidationSplit`] or [`KerasError::NothingToValidate`] when the split
    /// cannot be made, [`KerasError::FewerThanOneBatch`] when fewer than `B` examples are left
    /// to train on, and [`KerasError::Stopped`] with what `on_epoch` returned.
    pub fn fit<const B: usize>(
        &mut self,
        x: &Split,
        options: Fit,
        on_epoch: impl FnMut(&EpochRecord) -> io::Result<()>,
    ) -> Result<History, KerasError>
    where
        M: TrainableClassifier<B, D> + EvaluableClassifier<D>,
        O: Optimizer<M, D, f32>,
    {
        let at = split_point(x.len(), options.validation_split)?;
        let (train_part, validation_part) = x.split_at(at);
        if train_part.len() < B {
            return Err(KerasError::FewerThanOneBatch {
                examples: train_part.len(),
                batch: B,
            });
        }
        let config = FitConfig {
            epochs: options.epochs,
            shuffle_seed: options.shuffle_seed,
            validation: (at < x.len()).then_some(&validation_part),
        };
        let (network, optimizer, device) = (&mut self.network, &mut self.optimizer, &self.device);
        train::fit::<B, _, _, _>(network, optimizer, &train_part, config, device, on_epoch)
            .map_err(KerasError::Stopped)
    }
    // ANCHOR_END: fit

    // ANCHOR: evaluate
    /// The loss and accuracy of the network on every example of `x`, without a tape: Keras's
    /// `model.evaluate(x, y)`. Introduced in t19.
    ///
    /// # Errors
    ///
    /// [`KerasError::NothingToEvaluate`] when `x` is empty.
    pub fn evaluate(&self, x: &Split) -> Result<Metrics, KerasError>
    where
        M: EvaluableClassifier<D>,
    {
        if x.is_empty() {
            return Err(KerasError::NothingToEvaluate);
        }
        Ok(train::evaluate(&self.network, x, &self.device))
    }
    // ANCHOR_END: evaluate

    /// The probability of each digit for each image, row by row: Keras's `model.predict(x)` for
    /// a model whose last layer is a softmax. The network outputs logits; the softmax is applied
    /// here. `train::most_likely` turns the rows into digits, as `argmax` does in Python.
    /// Introduced in t19.
    pub fn predict(
        &self,
        images: Tensor<(usize, Const<PIXELS>), f32, D>,
    ) -> Tensor<(usize, Const<CLASSES>), f32, D>
    where
        M: EvaluableClassifier<D>,
    {
        probabilities(&self.network, images)
    }

    /// Plugs a custom step into the training loop, run on every batch between the gradients and
    /// the optimizer's update: Keras's optimizer arguments such as `global_clipnorm`, or the part
    /// of an overridden `train_step` that changes the gradients. The compiled model's optimizer
    /// becomes a [`WithStep`], which [`train::fit`] uses like any optimizer. Introduced in t19.
    pub fn with_step<S>(self, step: S) -> Compiled<M, WithStep<O, S>, D> {
        Compiled {
            network: self.network,
            optimizer: WithStep {
                optimizer: self.optimizer,
                step,
            },
            device: self.device,
        }
    }

    /// The dfdx network inside. Introduced in t19.
    pub fn network(&self) -> &M {
        &self.network
    }

    /// The dfdx network inside, by value. Introduced in t19.
    pub fn into_network(self) -> M {
        self.network
    }

    /// The optimizer: a dfdx optimizer, or a [`WithStep`] around one (its
    /// [`step`](WithStep::step) holds what a custom step recorded). Introduced in t19.
    pub fn optimizer(&self) -> &O {
        &self.optimizer
    }
}

// ANCHOR: predict
/// The softmax of the network's logits for each image: what a Keras model ending in
/// `Dense(10, activation="softmax")` returns from `predict`.
fn probabilities<M, D>(
    network: &M,
    images: Tensor<(usize, Const<PIXELS>), f32, D>,
) -> Tensor<(usize, Const<CLASSES>), f32, D>
where
    D: Device<f32>,
    M: EvaluableClassifier<D>,
{
    network.forward(images).softmax::<Axis<1>>()
}
// ANCHOR_END: predict

/// Where Keras's `validation_split` cuts `len` examples: the first `floor(len × (1 − split))`
/// are trained on, the rest validated on. With a split of 0 nothing is held out. Introduced in
/// t19.
///
/// # Errors
///
/// [`KerasError::BadValidationSplit`] unless `0 ≤ split < 1`; [`KerasError::NothingToValidate`]
/// when a split above 0 leaves no example on one side (Keras raises a `ValueError` there too).
pub fn split_point(len: usize, split: f64) -> Result<usize, KerasError> {
    if !(0.0..1.0).contains(&split) {
        return Err(KerasError::BadValidationSplit { split });
    }
    if split == 0.0 {
        return Ok(len);
    }
    let at = (len as f64 * (1.0 - split)).floor() as usize;
    if at == 0 || at == len {
        return Err(KerasError::NothingToValidate {
            examples: len,
            split,
        });
    }
    Ok(at)
}

/// Why a Keras-like call refused its arguments. Introduced in t19.
#[derive(Debug)]
pub enum KerasError {
    /// `validation_split` is not in [0, 1).
    BadValidationSplit {
        /// The share asked for.
        split: f64,
    },
    /// The split leaves no example to train on or none to validate on.
    NothingToValidate {
        /// The examples given to `fit`.
        examples: usize,
        /// The share asked for.
        split: f64,
    },
    /// Fewer examples are left to train on than one batch holds.
    FewerThanOneBatch {
        /// The examples left to train on.
        examples: usize,
        /// The batch size, `fit`'s const generic.
        batch: usize,
    },
    /// `evaluate` was given no example.
    NothingToEvaluate,
    /// Training stopped: `fit`'s `on_epoch` returned this error (a failed write, or a
    /// deliberate stop).
    Stopped(io::Error),
}

impl fmt::Display for KerasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KerasError::BadValidationSplit { split } => write!(
                f,
                "validation_split must be at least 0 and below 1, got {split}"
            ),
            KerasError::NothingToValidate { examples, split } => write!(
                f,
                "validation_split = {split} of {examples} examples leaves one side empty; give \
                 more examples or another split"
            ),
            KerasError::FewerThanOneBatch { examples, batch } => write!(
                f,
                "{examples} examples left to train on: fewer than one batch of {batch}; train on \
                 more or in smaller batches"
            ),
            KerasError::NothingToEvaluate => write!(f, "evaluate was given no examples"),
            KerasError::Stopped(err) => write!(f, "training stopped: {err}"),
        }
    }
}

impl std::error::Error for KerasError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KerasError::Stopped(err) => Some(err),
            _ => None,
        }
    }
}

/// A lesson's walkthrough returns `io::Result`: a refused argument becomes
/// [`io::ErrorKind::InvalidInput`] (which `kit::run_lesson` reports in one line), and an error
/// from `on_epoch` is handed back as it was.
impl From<KerasError> for io::Error {
    fn from(err: KerasError) -> Self {
        match err {
            KerasError::Stopped(err) => err,
            refused => io::Error::new(io::ErrorKind::InvalidInput, refused.to_string()),
        }
    }
}

// ANCHOR: step
/// One trainable tensor of a network with its gradient for the current batch, both flattened
/// to one dimension: what a [`GradientStep`] reads and may change. Introduced in t19.
#[derive(Debug, Clone)]
pub struct Parameter<D: Device<f32>> {
    /// Its path in the network, as dfdx names it for saving: `"0.0.weight"` is the weight
    /// matrix of the first layer of the first element of a tuple.
    pub name: String,
    /// Its current values (a copy: a step changes gradients, not weights).
    pub value: Tensor<(usize,), f32, D>,
    /// The gradient of the batch's loss with respect to it. Replace it (with a tensor of the
    /// same length) to change what the optimizer sees.
    pub gradient: Tensor<(usize,), f32, D>,
}

/// A custom step inside the training loop: after `backward`, before the optimizer's update, it
/// sees every trainable parameter with its gradient and may change the gradients. Clipping,
/// penalties, freezing and gradient statistics are all such steps. Plug one in with
/// [`Compiled::with_step`]. A step must keep every gradient's length: the loop panics, naming
/// the parameter, if one changes. Introduced in t19.
pub trait GradientStep<D: Device<f32>> {
    /// Called once per training batch, with the parameters in the network's order. Introduced
    /// in t19.
    fn adjust(&mut self, parameters: &mut [Parameter<D>]);
}
// ANCHOR_END: step

/// An optimizer with a [`GradientStep`] in front of it: its `update` hands the gradients to the
/// step, then the step's gradients to the optimizer. Made by [`Compiled::with_step`]; it is
/// itself a dfdx `Optimizer`, so [`train::fit`] runs it unchanged. Introduced in t19.
#[derive(Debug, Clone)]
pub struct WithStep<O, S> {
    optimizer: O,
    step: S,
}

impl<O, S> WithStep<O, S> {
    /// The step, with whatever it recorded. Introduced in t19.
    pub fn step(&self) -> &S {
        &self.step
    }

    /// The optimizer the step hands its gradients to. Introduced in t19.
    pub fn optimizer(&self) -> &O {
        &self.optimizer
    }
}

/// A device whose gradients live in the computer's main memory as plain `f32`s, so that a
/// [`GradientStep`]'s new gradients can be copied into them: dfdx's `Cpu`. dfdx 0.13 offers no
/// public way to overwrite a gradient on a GPU. Introduced in t19.
pub trait HostGradients: Device<f32> {
    /// The gradient buffer as a slice of `f32`. Introduced in t19.
    fn as_mut_slice(gradient: &mut <Self as Storage<f32>>::Vec) -> &mut [f32];
}

impl HostGradients for Cpu {
    fn as_mut_slice(gradient: &mut <Self as Storage<f32>>::Vec) -> &mut [f32] {
        gradient
    }
}

// ANCHOR: update
impl<M, D, O, S> Optimizer<M, D, f32> for WithStep<O, S>
where
    D: HostGradients,
    M: TensorCollection<f32, D>,
    O: Optimizer<M, D, f32>,
    S: GradientStep<D>,
{
    fn update(
        &mut self,
        module: &mut M,
        gradients: &Gradients<f32, D>,
    ) -> Result<(), OptimizerUpdateError<D::Err>> {
        let mut adjusted = gradients.clone();
        let mut parameters =
            parameters_of(module, &mut adjusted).map_err(OptimizerUpdateError::DeviceError)?;
        self.step.adjust(&mut parameters);
        write_gradients(module, &parameters, &mut adjusted)
            .map_err(OptimizerUpdateError::DeviceError)?;
        self.optimizer.update(module, &adjusted)
    }
}
// ANCHOR_END: update

/// Every trainable tensor of `module` with its gradient in `gradients`, flattened, in the
/// order dfdx visits them (the order of its saved files). A tensor that has no gradient yet is
/// given a zero one. Introduced in t19.
pub fn parameters_of<M, D>(
    module: &M,
    gradients: &mut Gradients<f32, D>,
) -> Result<Vec<Parameter<D>>, D::Err>
where
    D: Device<f32>,
    M: TensorCollection<f32, D>,
{
    let mut collect = CollectParameters {
        gradients,
        parameters: Vec::new(),
    };
    M::iter_tensors(&mut RecursiveWalker {
        m: (module, String::new()),
        f: &mut collect,
    })?;
    Ok(collect.parameters)
}

/// Copies each parameter's gradient back into `gradients`, in the order of [`parameters_of`].
///
/// # Panics
///
/// If a step changed the number of parameters or the length of a gradient.
fn write_gradients<M, D>(
    module: &M,
    parameters: &[Parameter<D>],
    gradients: &mut Gradients<f32, D>,
) -> Result<(), D::Err>
where
    D: HostGradients,
    M: TensorCollection<f32, D>,
{
    let mut write = WriteGradients {
        gradients,
        parameters: parameters.iter(),
    };
    M::iter_tensors(&mut RecursiveWalker {
        m: module,
        f: &mut write,
    })?;
    assert!(
        write.parameters.next().is_none(),
        "a GradientStep must keep the network's parameters: it added some"
    );
    Ok(())
}

struct CollectParameters<'a, D: Device<f32>> {
    gradients: &'a mut Gradients<f32, D>,
    parameters: Vec<Parameter<D>>,
}

impl<D: Device<f32>> TensorVisitor<f32, D> for CollectParameters<'_, D> {
    type Viewer = (ViewTensorRef, ViewTensorName);
    type Err = D::Err;
    type E2 = f32;
    type D2 = D;

    fn visit<S: Shape>(
        &mut self,
        opts: TensorOptions<S, f32, D>,
        (tensor, name): (&Tensor<S, f32, D>, String),
    ) -> Result<Option<Tensor<S, f32, D>>, D::Err> {
        if opts.do_gradient_update {
            let len = (tensor.shape().num_elements(),);
            self.gradients.try_alloc_for(tensor)?;
            self.parameters.push(Parameter {
                name,
                value: tensor.clone().try_reshape_like(&len)?,
                gradient: self.gradients.get(tensor).try_reshape_like(&len)?,
            });
        }
        Ok(None)
    }
}

struct WriteGradients<'a, 'p, D: Device<f32>> {
    gradients: &'a mut Gradients<f32, D>,
    parameters: std::slice::Iter<'p, Parameter<D>>,
}

impl<D: HostGradients> TensorVisitor<f32, D> for WriteGradients<'_, '_, D> {
    type Viewer = ViewTensorRef;
    type Err = D::Err;
    type E2 = f32;
    type D2 = D;

    fn visit<S: Shape>(
        &mut self,
        opts: TensorOptions<S, f32, D>,
        tensor: &Tensor<S, f32, D>,
    ) -> Result<Option<Tensor<S, f32, D>>, D::Err> {
        if opts.do_gradient_update {
            let parameter = self
                .parameters
                .next()
                .expect("a GradientStep must keep the network's parameters: it removed some");
            let len = tensor.shape().num_elements();
            assert_eq!(
                parameter.gradient.shape().0,
                len,
                "a GradientStep must keep the length of each gradient: {} has {len} values",
                parameter.name
            );
            let slot = self.gradients.get_or_alloc_mut(tensor)?;
            parameter.gradient.copy_into(D::as_mut_slice(slot));
        }
        Ok(None)
    }
}

// ANCHOR: clip
/// Clips the gradients by their global norm: when the square root of the sum of the squares
/// of every gradient value exceeds `max_norm`, all gradients are scaled down by the same factor
/// so that it equals `max_norm`; otherwise they are left alone. Keras's
/// `Adam(global_clipnorm=...)`, PyTorch's `clip_grad_norm_`. Records each batch's norm before
/// clipping. Introduced in t19.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClipByGlobalNorm {
    /// The largest global norm let through.
    pub max_norm: f32,
    /// The global norm of each batch's gradients before clipping, in order.
    pub norms: Vec<f32>,
}

impl ClipByGlobalNorm {
    /// A clip at `max_norm` that has seen no batch yet. Introduced in t19.
    pub fn new(max_norm: f32) -> Self {
        ClipByGlobalNorm {
            max_norm,
            norms: Vec::new(),
        }
    }
}

impl<D: Device<f32>> GradientStep<D> for ClipByGlobalNorm {
    fn adjust(&mut self, parameters: &mut [Parameter<D>]) {
        let norm = global_norm(parameters);
        self.norms.push(norm);
        if norm > self.max_norm {
            let scale = self.max_norm / norm;
            for parameter in parameters.iter_mut() {
                parameter.gradient = parameter.gradient.clone() * scale;
            }
        }
    }
}

/// The square root of the sum of the squares of every gradient value of `parameters`: the
/// length of all gradients taken as one vector. Introduced in t19.
pub fn global_norm<D: Device<f32>>(parameters: &[Parameter<D>]) -> f32 {
    parameters
        .iter()
        .map(|p| p.gradient.clone().square().sum::<Rank0, _>().as_vec()[0])
        .sum::<f32>()
        .sqrt()
}
// ANCHOR_END: clip

#[cfg(test)]
mod tests {
    use super::*;
    use dfdx::optim::Sgd;

    #[test]
    fn split_point_cuts_where_keras_does() {
        assert_eq!(split_point(4000, 0.2).unwrap(), 3200);
        assert_eq!(split_point(10, 0.25).unwrap(), 7); // floor(7.5)
        assert_eq!(split_point(10, 0.0).unwrap(), 10);
        for bad in [1.0, -0.1, f64::NAN] {
            assert!(matches!(
                split_point(10, bad),
                Err(KerasError::BadValidationSplit { .. })
            ));
        }
        assert!(matches!(
            split_point(1, 0.5),
            Err(KerasError::NothingToValidate { .. })
        ));
        // 1 - 1e-20 rounds to 1: nothing would be held out.
        assert!(matches!(
            split_point(10, 1e-20),
            Err(KerasError::NothingToValidate { .. })
        ));
    }

    type Tiny = ((Linear<2, 3>, ReLU), Linear<3, 1>);

    /// Gradients of a small network on two examples.
    fn gradients_of(
        network: &<Tiny as BuildOnDevice<Cpu, f32>>::Built,
        dev: &Cpu,
    ) -> Gradients<f32, Cpu> {
        let x = dev.tensor([[1.0f32, -2.0], [0.5, 3.0]]);
        let y = network.forward(x.traced(network.alloc_grads()));
        y.square().mean::<Rank0, _>().backward()
    }

    #[test]
    fn parameters_come_in_the_networks_order_with_their_names() {
        let dev = Cpu::seed_from_u64(1);
        let network = dev.build_module::<Tiny, f32>();
        let mut grads = gradients_of(&network, &dev);
        let parameters = parameters_of(&network, &mut grads).unwrap();
        let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["0.0.weight", "0.0.bias", "1.weight", "1.bias"]);
        assert_eq!(parameters[0].value.as_vec(), network.0 .0.weight.as_vec());
        assert_eq!(
            parameters[2].gradient.as_vec(),
            grads.get(&network.1.weight).as_vec()
        );
    }

    /// Doubles every gradient.
    struct Double;

    impl GradientStep<Cpu> for Double {
        fn adjust(&mut self, parameters: &mut [Parameter<Cpu>]) {
            for p in parameters.iter_mut() {
                p.gradient = p.gradient.clone() * 2.0;
            }
        }
    }

    #[test]
    fn the_optimizer_sees_the_gradients_of_the_step() {
        let dev = Cpu::seed_from_u64(2);
        let sgd = |lr| SgdConfig {
            lr,
            momentum: None,
            weight_decay: None,
        };
        let mut stepped = dev.build_module::<Tiny, f32>();
        let mut doubled_rate = stepped.clone();
        let grads = gradients_of(&stepped, &dev);
        let mut with_step = WithStep {
            optimizer: Sgd::new(&stepped, sgd(0.1)),
            step: Double,
        };
        with_step.update(&mut stepped, &grads).unwrap();
        Sgd::new(&doubled_rate, sgd(0.2))
            .update(&mut doubled_rate, &grads)
            .unwrap();
        assert_eq!(stepped.1.weight.as_vec(), doubled_rate.1.weight.as_vec());
        assert_eq!(stepped.0 .0.bias.as_vec(), doubled_rate.0 .0.bias.as_vec());
    }

    #[test]
    fn clipping_scales_to_the_limit_and_records_the_norm() {
        let dev = Cpu::default();
        let mut parameters = vec![Parameter {
            name: "w".to_string(),
            value: dev.tensor_from_vec(vec![0.0, 0.0], (2,)),
            gradient: dev.tensor_from_vec(vec![3.0, 4.0], (2,)),
        }];
        let mut clip = ClipByGlobalNorm::new(1.0);
        clip.adjust(&mut parameters);
        clip.adjust(&mut parameters);
        assert_eq!(clip.norms, [5.0, 1.0]);
        assert_eq!(parameters[0].gradient.as_vec(), [0.6, 0.8]);
    }
}
