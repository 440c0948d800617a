//! # t04 · A model as a Rust struct
//!
//! **Question.** What is the purpose of the Keras `Model` class?
//!
//! **Answer.** A Keras `Model` groups layers into one object that trains, evaluates and
//! predicts: a subclass creates its layers in `__init__`, writes the forward pass in `call`, and
//! inherits the rest (weight tracking, `compile`, `fit`, `evaluate`, `predict`, `summary`,
//! saving). In dfdx the same model is a struct whose fields are layers ([`MyModel`]), and
//! nothing is inherited: each ability comes from a trait the struct implements. Three impls
//! cover everything here. `TensorCollection` names the fields that hold weights; from it dfdx
//! derives building on a seeded device (`MyModel::build`), parameter counts, gradient
//! allocation and zeroing, every optimizer's update, and saving and loading. `Module` is the
//! forward pass, `call`: one generic impl serves batches of any size, with a tape (training) or
//! without (evaluation). `NonMutableModule` says that training runs the same forward pass, which
//! gives `forward_mut`, the method the training loop calls. The Keras methods `compile`, `fit`,
//! `evaluate` and `predict` are not methods of the struct: they are [`kit::train`]'s functions,
//! generic over any model with those traits, and the optimizer is a value.
//!
//! Run it with `cargo xtask run t04`.

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::nn::modules;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::train::{self, FitConfig};
use kit::{percent, thousands};
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t04-keras-model.rs")]
pub mod exercises;

// ANCHOR: struct
/// Keras' `MyModel(tf.keras.Model)` with `self.dense = Dense(10)`: a struct whose field is a
/// built layer. `modules::Linear` holds a `weight` (10 × 784) and a `bias` (10); the prelude's
/// `Linear<784, 10>` is only its builder. `E` (the element type) and `D` (the device) are
/// parameters because dfdx's conversions, such as moving a model to another device, produce
/// the same struct with other ones.
#[derive(Debug, Clone)]
pub struct MyModel<E: Dtype, D: Device<E>> {
    /// The model's one layer: 784 pixels in, 10 logits out.
    pub dense: modules::Linear<PIXELS, CLASSES, E, D>,
}
// ANCHOR_END: struct

// ANCHOR: collection
/// The fields that hold weights, each with its name and how to reach it: what Keras tracks by
/// itself when `__init__` assigns a layer to `self.dense`. dfdx walks this list to build the
/// model, count, zero and update its parameters, and save or load them (as `dense.weight` and
/// `dense.bias`). Implemented for `f32` only: dfdx's `Linear` asks more of a generic element
/// type (see the chapter).
impl<D: Device<f32>> TensorCollection<f32, D> for MyModel<f32, D> {
    /// The same struct for another element type or device.
    type To<E2: Dtype, D2: Device<E2>> = MyModel<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            // The field's name, how to read it, how to change it.
            Self::module("dense", |s| &s.dense, |s| &mut s.dense),
            // How to assemble the struct from its visited fields, when the visit builds one.
            |dense| MyModel { dense },
        )
    }
}
// ANCHOR_END: collection

// ANCHOR: forward
/// The forward pass, Keras' `call`: a batch of `B` images in, `B` rows of 10 logits out. `B` is
/// `Const<32>` for a training batch or `usize` for a batch sized at run time; `T` is the tape,
/// `OwnedTape` when the input is traced (training) and `NoneTape` when it is not (evaluation).
/// One impl covers all four combinations.
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for MyModel<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        self.dense.try_forward(x)
    }
}

/// Training runs the same forward pass as evaluation (no dropout, no batch statistics): this
/// marker gives `forward_mut`, which the training loop calls, from `forward`.
impl<E: Dtype, D: Device<E>> NonMutableModule for MyModel<E, D> {}
// ANCHOR_END: forward

/// The exercises' model: Keras' `MyModel` with `dense1 = Dense(32, activation="relu")` before
/// `dense2 = Dense(10)`. Its `TensorCollection` and `Module` impls are the exercises, in
/// `src/exercises.rs`.
#[derive(Debug, Clone)]
pub struct TwoLayerModel<E: Dtype, D: Device<E>> {
    /// The hidden layer: 784 pixels in, 32 values out, followed by a ReLU.
    pub dense1: modules::Linear<PIXELS, HIDDEN, E, D>,
    /// The output layer: 32 values in, 10 logits out.
    pub dense2: modules::Linear<HIDDEN, CLASSES, E, D>,
}

/// The width of [`TwoLayerModel`]'s hidden layer.
pub const HIDDEN: usize = 32;

/// As for [`MyModel`]: training and evaluation run the same forward pass.
impl<E: Dtype, D: Device<E>> NonMutableModule for TwoLayerModel<E, D> {}

/// Examples per training step: Keras' default `batch_size`.
pub const BATCH: usize = 32;
/// Passes over the training set.
pub const EPOCHS: usize = 5;
/// Seeds the initial weights and the shuffle.
pub const SEED: u64 = 0;
/// The test accuracy the trained model must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.84;

/// The lesson's model on the device the lessons use.
pub type Model = MyModel<f32, AutoDevice>;

/// What [`train`] produced.
pub struct Trained {
    /// The trained model.
    pub model: Model,
    /// Test-set metrics of the untrained model.
    pub untrained: train::Metrics,
    /// Training loss and accuracy, epoch by epoch.
    pub history: train::History,
    /// Test-set metrics of the trained model.
    pub test: train::Metrics,
}

// ANCHOR: train
/// Builds [`MyModel`] on a seeded device, trains it on `mnist.train` with `kit::train` and
/// evaluates it on `mnist.test`, calling `on_epoch` after every epoch.
pub fn train(
    mnist: &Mnist,
    on_epoch: impl FnMut(&train::EpochRecord) -> io::Result<()>,
) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    // model = MyModel(): `build` comes with TensorCollection and draws every weight at once.
    let mut model = Model::build(&dev);
    // compile(optimizer=Adam(0.001), ...): Adam works on any TensorCollection.
    let mut adam = Adam::new(
        &model,
        AdamConfig {
            lr: 1e-3,
            ..Default::default()
        },
    );
    let untrained = train::evaluate(&model, &mnist.test, &dev);
    // fit(x_train, y_train, batch_size=32, epochs=5): forward_mut on traced batches.
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    let history =
        train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &mnist.train, config, &dev, on_epoch)?;
    // evaluate(x_test, y_test): forward on untraced batches.
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained {
        model,
        untrained,
        history,
        test,
    })
}
// ANCHOR_END: train

/// Prints the lesson: the struct built, trained, evaluated, used to predict, saved and loaded.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t04 · A model as a Rust struct")?;
    writeln!(out)?;
    writeln!(
        out,
        "Keras:  class MyModel(tf.keras.Model) with self.dense = Dense(10); call(x) = self.dense(x)"
    )?;
    writeln!(
        out,
        "Rust:   struct MyModel {{ dense: Linear<784, 10> }}; Module: forward(x) = self.dense.forward(x)"
    )?;
    writeln!(out)?;

    write_built(out)?;
    writeln!(out)?;

    writeln!(
        out,
        "Data: {}, {} training and {} test images",
        mnist.source,
        thousands(mnist.train.len()),
        thousands(mnist.test.len())
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "model.fit       → kit::train::fit: Adam (learning rate 0.001), batches of {BATCH}, {EPOCHS} epochs"
    )?;
    writeln!(out, "Epoch   loss   accuracy   (training batches)")?;
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
    writeln!(
        out,
        "model.evaluate  → kit::train::evaluate on the {} test images",
        thousands(mnist.test.len())
    )?;
    writeln!(out, "             loss   accuracy")?;
    let rows = [("untrained", trained.untrained), ("trained", trained.test)];
    for (name, metrics) in rows {
        writeln!(
            out,
            "  {name:<9}  {:.3}   {}",
            metrics.loss,
            percent(metrics.accuracy)
        )?;
    }
    writeln!(out)?;

    let dev = AutoDevice::default();
    let predicted = train::predict(&trained.model, &mnist.test, &dev);
    const SHOWN: usize = 12;
    let shown = SHOWN.min(mnist.test.len());
    writeln!(
        out,
        "model.predict   → kit::train::predict, the first {shown} test images"
    )?;
    let digits = |of: &dyn Fn(usize) -> usize| -> String {
        (0..shown).map(|i| format!("{:>2}", of(i))).collect()
    };
    writeln!(out, "  predicted {}", digits(&|i| predicted[i]))?;
    writeln!(out, "  true      {}", digits(&|i| mnist.test.label(i)))?;
    writeln!(out)?;

    write_saved_and_loaded(out, &trained.model, mnist, &predicted)
}

// ANCHOR: built
/// The model as `build` makes it: shapes, the range of the initial weights, the parameter
/// count, and that a seed fixes every weight.
fn write_built(out: &mut dyn Write) -> io::Result<()> {
    let model = Model::build(&AutoDevice::seed_from_u64(SEED));
    let weights = model.dense.weight.as_vec();
    let (lowest, highest) = weights
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &w| {
            (lo.min(w), hi.max(w))
        });
    let (outputs, inputs) = model.dense.weight.shape().concrete().into();
    writeln!(
        out,
        "MyModel::build(&dev), dev seeded with {SEED} (`build` comes with TensorCollection):"
    )?;
    writeln!(
        out,
        "  dense.weight {outputs}×{inputs}, dense.bias {}, drawn uniformly from ±1/√{inputs} = ±{:.4}",
        model.dense.bias.shape().0.size(),
        1.0 / (inputs as f32).sqrt()
    )?;
    writeln!(out, "  the weights range from {lowest:.4} to {highest:.4}")?;
    writeln!(
        out,
        "  {} trainable parameters = {inputs}×{outputs} + {outputs}",
        thousands(model.num_trainable_params())
    )?;
    let same = Model::build(&AutoDevice::seed_from_u64(SEED));
    let other = Model::build(&AutoDevice::seed_from_u64(SEED + 1));
    let yes_no = |b: bool| if b { "the same" } else { "different" };
    writeln!(
        out,
        "  built again from seed {SEED}: {} weights; from seed {}: {} weights",
        yes_no(same.dense.weight.as_vec() == weights),
        SEED + 1,
        yes_no(other.dense.weight.as_vec() == weights)
    )
}
// ANCHOR_END: built

/// Saves the trained model's weights, loads them into a model built from another seed, and
/// compares the two models' predictions before and after.
fn write_saved_and_loaded(
    out: &mut dyn Write,
    model: &Model,
    mnist: &Mnist,
    predicted: &[usize],
) -> io::Result<()> {
    let dev = AutoDevice::seed_from_u64(SEED + 1);
    let mut fresh = Model::build(&dev);
    let before = train::predict(&fresh, &mnist.test, &dev);
    copy_through_a_file(model, &mut fresh)?;
    let after = train::predict(&fresh, &mnist.test, &dev);
    let agree = |other: &[usize]| other.iter().zip(predicted).filter(|(a, b)| a == b).count();
    writeln!(
        out,
        "model.save_weights → save_safetensors, then load_safetensors into a MyModel from seed {}:",
        SEED + 1
    )?;
    writeln!(
        out,
        "  predictions that match the trained model's: {} of {} before loading, {} after",
        thousands(agree(&before)),
        thousands(predicted.len()),
        thousands(agree(&after))
    )
}

// ANCHOR: save
/// Copies `model`'s weights into `into` through a safetensors file in the temporary folder. Both
/// calls walk the fields that `TensorCollection` names; the file holds only the weights, under
/// those names, and the struct is the architecture.
pub fn copy_through_a_file(model: &Model, into: &mut Model) -> io::Result<()> {
    let dir = kit::scratch::ScratchDir::new("t04-keras-model")?;
    let path = dir.join("model.safetensors");
    model
        .save_safetensors(&path)
        .map_err(|err| io::Error::other(format!("saving {}: {err:?}", path.display())))?;
    into.load_safetensors(&path)
        .map_err(|err| io::Error::other(format!("loading {}: {err:?}", path.display())))
    // The folder and the file in it are removed when `dir` goes out of scope.
}
// ANCHOR_END: save

// ANCHOR: needs_non_mutable
/// Training needs `NonMutableModule` (or a `ModuleMut` impl): this doc test proves that
/// `kit::train::fit` rejects a model that has `TensorCollection` and `Module` but neither, as
/// dfdx's own `07-custom-module` example has. `Bare` wraps [`MyModel`] and passes both impls on.
///
/// ```compile_fail
/// use dfdx::prelude::*;
/// use t04_keras_model::MyModel;
///
/// struct Bare<E: Dtype, D: Device<E>>(MyModel<E, D>);
///
/// impl TensorCollection<f32, Cpu> for Bare<f32, Cpu> {
///     type To<E2: Dtype, D2: Device<E2>> = Bare<E2, D2>;
///     fn iter_tensors<V: ModuleVisitor<Self, f32, Cpu>>(
///         visitor: &mut V,
///     ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
///         visitor.visit_fields(Self::module("model", |s| &s.0, |s| &mut s.0), Bare)
///     }
/// }
///
/// impl<X> Module<X> for Bare<f32, Cpu>
/// where
///     MyModel<f32, Cpu>: Module<X>,
/// {
///     type Output = <MyModel<f32, Cpu> as Module<X>>::Output;
///     type Error = <MyModel<f32, Cpu> as Module<X>>::Error;
///     fn try_forward(&self, x: X) -> Result<Self::Output, Self::Error> {
///         self.0.try_forward(x)
///     }
/// }
///
/// let dev = Cpu::default();
/// let mut model = Bare::<f32, Cpu>::build(&dev);
/// let mut adam = dfdx::optim::Adam::new(&model, Default::default());
/// let train = datasets::Mnist::embedded().train;
/// let config = kit::train::FitConfig { epochs: 1, shuffle_seed: 0, validation: None };
/// kit::train::fit::<32, _, _, _>(&mut model, &mut adam, &train, config, &dev, |_| Ok(()));
/// ```
///
/// The same code with one more line, `impl NonMutableModule for Bare<f32, Cpu> {}`, compiles
/// (it is not run: it would train):
///
/// ```no_run
/// use dfdx::prelude::*;
/// use t04_keras_model::MyModel;
///
/// struct Bare<E: Dtype, D: Device<E>>(MyModel<E, D>);
///
/// impl TensorCollection<f32, Cpu> for Bare<f32, Cpu> {
///     type To<E2: Dtype, D2: Device<E2>> = Bare<E2, D2>;
///     fn iter_tensors<V: ModuleVisitor<Self, f32, Cpu>>(
///         visitor: &mut V,
///     ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
///         visitor.visit_fields(Self::module("model", |s| &s.0, |s| &mut s.0), Bare)
///     }
/// }
///
/// impl<X> Module<X> for Bare<f32, Cpu>
/// where
///     MyModel<f32, Cpu>: Module<X>,
/// {
///     type Output = <MyModel<f32, Cpu> as Module<X>>::Output;
///     type Error = <MyModel<f32, Cpu> as Module<X>>::Error;
///     fn try_forward(&self, x: X) -> Result<Self::Output, Self::Error> {
///         self.0.try_forward(x)
///     }
/// }
///
/// impl NonMutableModule for Bare<f32, Cpu> {}
///
/// let dev = Cpu::default();
/// let mut model = Bare::<f32, Cpu>::build(&dev);
/// let mut adam = dfdx::optim::Adam::new(&model, Default::default());
/// let train = datasets::Mnist::embedded().train;
/// let config = kit::train::FitConfig { epochs: 1, shuffle_seed: 0, validation: None };
/// kit::train::fit::<32, _, _, _>(&mut model, &mut adam, &train, config, &dev, |_| Ok(()))
///     .unwrap();
/// ```
pub const TRAINING_NEEDS_NON_MUTABLE_MODULE: () = ();
// ANCHOR_END: needs_non_mutable
