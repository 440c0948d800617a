//! Training and evaluating a classifier: the loop Keras hides behind `compile` and `fit`.
//! Introduced in p03 for MNIST; generalised in t08 to any labelled examples; given callbacks in
//! t18.
//!
//! A model here is anything dfdx can run on a batch of rows of features and get one logit per
//! class and row back: a tuple of layers such as `((Linear<784, 64>, ReLU), Linear<64, 10>)`, or
//! a struct with its own forward pass. The softmax is not part of the model: the loss applies it
//! (see [`train_one_epoch_examples`]).
//!
//! Two families of functions share one loop:
//!
//! - [`fit`], [`train_one_epoch`], [`evaluate`] and [`predict`] take an MNIST [`Split`]: 784
//!   pixels in, 10 digits out. Every MNIST lesson uses them (p03).
//! - [`fit_examples`], [`train_one_epoch_examples`], [`evaluate_examples`] and
//!   [`predict_examples`] take any set of [`Examples`] of `IN` features in `OUT` classes, such
//!   as Playground's points ([`datasets::toy::Points`], 2 features, 2 classes). The MNIST
//!   functions are these with `IN = 784`, `OUT = 10` (t08).
//!
//! Callbacks (t18) watch and steer a run: [`fit_with`] and [`fit_examples_with`] take a list of
//! [`Callback`]s, which the loop calls when training begins, before each epoch (with the
//! optimizer's learning rate, which they may change), after each batch, after each epoch (with
//! the model) and when training ends (with the model, which they may replace). A callback can stop
//! the run after any batch or epoch by returning [`Control::Stop`]. Two come with the kit:
//! [`EarlyStopping`], which can restore the weights of the best epoch, and
//! [`LearningRateScheduler`]; [`each_epoch`] turns a closure into one. [`fit`] and
//! [`fit_examples`] run the same loop, with their `on_epoch` closure as the only callback.
//!
//! The model's gradients are allocated once and cleared after every step through
//! [`WeightGradients`], which every dfdx module has; a model whose weights dfdx cannot visit
//! (t08's layers with run-time widths) implements it by hand.

use datasets::toy::Points;
use datasets::{Batch, Split, CLASSES, PIXELS};
use dfdx::optim::{Adam, Optimizer, RMSprop, Sgd};
use dfdx::prelude::*;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::io;

/// How well a model does on a set of examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Mean cross-entropy per example, in nats: 0 for a certain and right model, ln 10 ≈ 2.303
    /// for one that spreads its bets evenly over the ten digits (ln 2 ≈ 0.693 over two classes).
    pub loss: f32,
    /// The fraction of examples whose most likely class (digit, for MNIST) is the true one.
    pub accuracy: f32,
}

/// What one epoch of [`fit`] measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    /// The epoch's number, from 1.
    pub epoch: usize,
    /// Loss and accuracy on the training batches, averaged over the epoch while the weights
    /// were still changing, as Keras reports them.
    pub train: Metrics,
    /// Loss and accuracy on the validation set after the epoch, if [`FitConfig`] named one.
    pub validation: Option<Metrics>,
}

/// Every epoch's record, in order: Keras's `History` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// One record per epoch.
    pub epochs: Vec<EpochRecord>,
}

/// The arguments of Keras's `model.fit` that a training run needs besides the model, the
/// optimizer and the data. `X` is the kind of examples: an MNIST [`Split`] unless said otherwise
/// (the parameter was added in t08, for [`fit_examples`] on other data).
#[derive(Debug)]
pub struct FitConfig<'a, X: ?Sized = Split> {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seeds the shuffle: the same seed, the same batches, the same trained weights.
    pub shuffle_seed: u64,
    /// A set to evaluate on after every epoch (Keras's `validation_data`).
    pub validation: Option<&'a X>,
}

// Written out rather than derived: a derive would ask `X` itself to be `Copy`, and a config holds
// only a reference to it.
impl<X: ?Sized> Clone for FitConfig<'_, X> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<X: ?Sized> Copy for FitConfig<'_, X> {}

/// Trains `model` for `config.epochs` epochs of shuffled batches of `B` examples, and returns
/// the history of its metrics. After each epoch `on_epoch` sees the new record (to print it, or
/// to stop early by returning an error). A progress bar counts the batches on standard error
/// when that is a terminal; standard output is left to the lesson.
///
/// [`fit_examples`] for MNIST: 784 pixels in, 10 digits out.
///
/// # Errors
///
/// What `on_epoch` returns, and [`io::ErrorKind::InvalidInput`] when `train` holds fewer than
/// `B` examples: with no full batch there would be nothing to learn from.
pub fn fit<const B: usize, M, O, D>(
    model: &mut M,
    optimizer: &mut O,
    train: &Split,
    config: FitConfig,
    dev: &D,
    mut on_epoch: impl FnMut(&EpochRecord) -> io::Result<()>,
) -> io::Result<History>
where
    D: Device<f32>,
    M: TrainableClassifier<B, D> + EvaluableClassifier<D>,
    O: Optimizer<M, D, f32>,
{
    fit_examples::<B, PIXELS, CLASSES, _, _, _, _>(
        model,
        optimizer,
        train,
        config,
        dev,
        |record, _| on_epoch(record),
    )
}

/// One pass over `train` in shuffled batches of `B`, training `model` on each: the mean loss and
/// accuracy over the epoch's batches. [`train_one_epoch_examples`] for MNIST.
pub fn train_one_epoch<const B: usize, M, O, D>(
    model: &mut M,
    optimizer: &mut O,
    train: &Split,
    rng: &mut StdRng,
    dev: &D,
    progress: &ProgressBar,
) -> Metrics
where
    D: Device<f32>,
    M: TrainableClassifier<B, D>,
    O: Optimizer<M, D, f32>,
{
    train_one_epoch_examples::<B, PIXELS, CLASSES, _, _, _, _>(
        model, optimizer, train, rng, dev, progress,
    )
}

/// Loss and accuracy of `model` on every example of `set`, without a tape (no gradients, no
/// dropout): Keras's `model.evaluate`. [`evaluate_examples`] for MNIST.
pub fn evaluate<M, D>(model: &M, set: &Split, dev: &D) -> Metrics
where
    D: Device<f32>,
    M: EvaluableClassifier<D>,
{
    evaluate_examples::<PIXELS, CLASSES, _, _, _>(model, set, dev)
}

/// The digit `model` finds most likely for each example of `set`: Keras's `model.predict`
/// followed by `argmax`. [`predict_examples`] for MNIST.
pub fn predict<M, D>(model: &M, set: &Split, dev: &D) -> Vec<usize>
where
    D: Device<f32>,
    M: EvaluableClassifier<D>,
{
    predict_examples::<PIXELS, CLASSES, _, _, _>(model, set, dev)
}

/// For each row of `logits` (10 per row, row after row), the index of its largest value; the
/// first one on a tie. A row's largest logit is also its largest softmax probability.
pub fn most_likely(logits: &[f32]) -> Vec<usize> {
    most_likely_of(logits, CLASSES)
}

/// For each row of `logits` (`classes` per row, row after row), the index of its largest value;
/// the first one on a tie. [`most_likely`] for any number of classes. Introduced in t08.
///
/// # Panics
///
/// If `classes` is 0.
pub fn most_likely_of(logits: &[f32], classes: usize) -> Vec<usize> {
    assert!(classes > 0, "a row has at least one logit");
    logits
        .chunks_exact(classes)
        .map(|row| {
            (0..classes)
                .reduce(|best, class| if row[class] > row[best] { class } else { best })
                .expect("a row has at least one logit")
        })
        .collect()
}

/// How many rows of `logits` (`classes` per row) rank the true label first.
fn count_correct(logits: &[f32], labels: &[usize], classes: usize) -> usize {
    let predicted = most_likely_of(logits, classes);
    predicted.iter().zip(labels).filter(|(p, l)| p == l).count()
}

fn metrics(loss_sum: f32, correct: usize, seen: usize) -> Metrics {
    Metrics {
        loss: loss_sum / seen as f32,
        accuracy: correct as f32 / seen as f32,
    }
}

/// A labelled set of examples, each `IN` features and one of `OUT` classes, that the training
/// loop can take batches from: an MNIST [`Split`] (784 pixels, 10 digits) or Playground's
/// [`Points`] (2 coordinates, 2 classes). Introduced in t08.
pub trait Examples<const IN: usize, const OUT: usize> {
    /// The number of examples.
    fn len(&self) -> usize;

    /// Whether there are no examples.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The examples at `indices` as one batch. `B` is the batch dimension: `Const<N>` for a size
    /// fixed at compile time, `usize` for one chosen at run time.
    ///
    /// # Panics
    ///
    /// If `B` is `Const<N>` and `indices` does not hold exactly `N` indices, or an index is out of
    /// range.
    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, IN, OUT, D>;
}

/// A batch of examples: their features row by row, and their classes both as indices and as
/// one-hot rows. Introduced in t08; for MNIST it is a [`datasets::Batch`].
#[derive(Debug, Clone)]
pub struct ExampleBatch<B: Dim, const IN: usize, const OUT: usize, D: Device<f32>> {
    /// One row of `IN` features per example.
    pub inputs: Tensor<(B, Const<IN>), f32, D>,
    /// The class of each example.
    pub labels: Vec<usize>,
    /// The same classes one-hot: row `i` is 1 at column `labels[i]`.
    pub one_hot: Tensor<(B, Const<OUT>), f32, D>,
}

impl<B: Dim, const IN: usize, const OUT: usize, D: Device<f32>> ExampleBatch<B, IN, OUT, D> {
    /// A batch from its features, `IN` per example row after row, and its classes; the one-hot
    /// rows are made here. Introduced in t08, for an [`Examples`] of one's own.
    ///
    /// # Panics
    ///
    /// If `inputs` does not hold `IN` values per label, a class is not below `OUT`, or `B` is
    /// `Const<N>` and there are not `N` labels.
    pub fn new(inputs: Vec<f32>, labels: Vec<usize>, dev: &D) -> Self {
        assert_eq!(inputs.len(), IN * labels.len(), "{IN} features per example");
        let size = batch_dim::<B>(labels.len());
        let mut one_hot = vec![0.0; OUT * labels.len()];
        for (row, &label) in labels.iter().enumerate() {
            assert!(label < OUT, "class {label} of {OUT}");
            one_hot[row * OUT + label] = 1.0;
        }
        ExampleBatch {
            inputs: dev.tensor_from_vec(inputs, (size, Const)),
            labels,
            one_hot: dev.tensor_from_vec(one_hot, (size, Const)),
        }
    }
}

impl Examples<PIXELS, CLASSES> for Split {
    fn len(&self) -> usize {
        Split::len(self)
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, PIXELS, CLASSES, D> {
        let Batch {
            images,
            labels,
            one_hot,
        } = self.batch(indices, dev);
        ExampleBatch {
            inputs: images,
            labels,
            one_hot,
        }
    }
}

impl Examples<2, 2> for Points {
    fn len(&self) -> usize {
        Points::len(self)
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, 2, 2, D> {
        let inputs: Vec<f32> = indices.iter().flat_map(|&i| self.point(i)).collect();
        let labels: Vec<usize> = indices.iter().map(|&i| self.label(i)).collect();
        ExampleBatch::new(inputs, labels, dev)
    }
}

/// The batch dimension for `rows` examples.
fn batch_dim<B: Dim>(rows: usize) -> B {
    B::from_size(rows)
        .unwrap_or_else(|| panic!("a batch of {rows} examples does not fit its batch dimension"))
}

/// The batches of one training epoch: `0..len` shuffled by `rng`, cut into runs of `B`, the last
/// `len % B` left out. The same draws from `rng` as [`Split::shuffled_batches`], so that a seed
/// gives the same batches through either.
fn shuffled_batches<const B: usize>(len: usize, rng: &mut impl Rng) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(rng);
    order.chunks_exact(B).map(<[usize]>::to_vec).collect()
}

/// Trains `model` on any [`Examples`] for `config.epochs` epochs of shuffled batches of `B`, and
/// returns the history of its metrics: [`fit`] for examples of `IN` features in `OUT` classes.
/// After each epoch `on_epoch` sees the new record and the model as it is then (to draw it, say).
/// Introduced in t08.
///
/// # Errors
///
/// What `on_epoch` returns, and [`io::ErrorKind::InvalidInput`] when `train` holds fewer than
/// `B` examples.
pub fn fit_examples<const B: usize, const IN: usize, const OUT: usize, M, O, D, X>(
    model: &mut M,
    optimizer: &mut O,
    train: &X,
    config: FitConfig<X>,
    dev: &D,
    on_epoch: impl FnMut(&EpochRecord, &M) -> io::Result<()>,
) -> io::Result<History>
where
    D: Device<f32>,
    M: Trainable<B, IN, OUT, D> + Evaluable<IN, OUT, D>,
    O: Optimizer<M, D, f32>,
    X: Examples<IN, OUT> + ?Sized,
{
    let mut on_epoch = WithModel(on_epoch);
    run::<B, IN, OUT, M, O, D, X>(
        model,
        optimizer,
        train,
        config,
        dev,
        &mut [&mut on_epoch],
        None,
    )
}

/// Trains `model` on an MNIST [`Split`] as [`fit`] does, calling `callbacks` in order at every
/// stage of the run (see [`Callback`]): Keras's `model.fit(..., callbacks=[...])`. Training ends
/// after the last epoch, or after the batch or epoch at which a callback returned
/// [`Control::Stop`]; the history then holds the epochs that ran. Introduced in t18.
///
/// ```ignore
/// # use dfdx::{optim::Adam, prelude::*};
/// # use kit::train::{self, Callback, EarlyStopping, FitConfig, LearningRateScheduler, Monitor};
/// # let dev = AutoDevice::default();
/// # let mnist = datasets::Mnist::embedded();
/// # let (fit_split, validation) = mnist.train.split_at(3200);
/// let mut model = dev.build_module::<(Linear<784, 64>, ReLU, Linear<64, 10>), f32>();
/// let mut adam = Adam::new(&model, AdamConfig::default());
/// let config = FitConfig { epochs: 30, shuffle_seed: 0, validation: Some(&validation) };
/// let mut early = EarlyStopping::new(Monitor::ValidationLoss, 3).restore_best_weights();
/// let mut halve =
///     LearningRateScheduler::new(|epoch, rate| if epoch > 5 { rate / 2.0 } else { rate });
/// let mut print = train::each_epoch(|record| {
///     println!("epoch {}: loss {:.3}", record.epoch, record.train.loss);
///     Ok(())
/// });
/// let history = train::fit_with::<32, _, _, _>(
///     &mut model, &mut adam, &fit_split, config, &dev,
///     &mut [&mut early, &mut halve, &mut print],
/// )?;
/// println!("stopped after epoch {:?}, best {:?}", early.stopped_epoch(), early.best_epoch());
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
///
/// The first error a callback returns (the run ends there, without `on_train_end`), and
/// [`io::ErrorKind::InvalidInput`] when `train` holds fewer than `B` examples.
pub fn fit_with<const B: usize, M, O, D>(
    model: &mut M,
    optimizer: &mut O,
    train: &Split,
    config: FitConfig,
    dev: &D,
    callbacks: &mut [&mut dyn Callback<M>],
) -> io::Result<History>
where
    D: Device<f32>,
    M: TrainableClassifier<B, D> + EvaluableClassifier<D>,
    O: Optimizer<M, D, f32> + LearningRate,
{
    fit_examples_with::<B, PIXELS, CLASSES, _, _, _, _>(
        model, optimizer, train, config, dev, callbacks,
    )
}

/// [`fit_with`] for any [`Examples`] of `IN` features in `OUT` classes. Introduced in t18.
///
/// # Errors
///
/// As [`fit_with`].
pub fn fit_examples_with<const B: usize, const IN: usize, const OUT: usize, M, O, D, X>(
    model: &mut M,
    optimizer: &mut O,
    train: &X,
    config: FitConfig<X>,
    dev: &D,
    callbacks: &mut [&mut dyn Callback<M>],
) -> io::Result<History>
where
    D: Device<f32>,
    M: Trainable<B, IN, OUT, D> + Evaluable<IN, OUT, D>,
    O: Optimizer<M, D, f32> + LearningRate,
    X: Examples<IN, OUT> + ?Sized,
{
    run::<B, IN, OUT, M, O, D, X>(
        model,
        optimizer,
        train,
        config,
        dev,
        callbacks,
        Some(O::learning_rate_mut),
    )
}

/// The loop behind every `fit`: epochs of [`train_epoch`], the validation set scored after each,
/// and the callbacks called at each stage. `rate` reaches the optimizer's learning rate; without
/// it (for [`fit`] and [`fit_examples`], whose only callback is a closure that never sees it) the
/// callbacks are handed a scratch value.
fn run<const B: usize, const IN: usize, const OUT: usize, M, O, D, X>(
    model: &mut M,
    optimizer: &mut O,
    train: &X,
    config: FitConfig<X>,
    dev: &D,
    callbacks: &mut [&mut dyn Callback<M>],
    rate: Option<fn(&mut O) -> &mut f64>,
) -> io::Result<History>
where
    D: Device<f32>,
    M: Trainable<B, IN, OUT, D> + Evaluable<IN, OUT, D>,
    O: Optimizer<M, D, f32>,
    X: Examples<IN, OUT> + ?Sized,
{
    if train.len() < B {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the training set holds {} examples, fewer than one batch of {B}; train on a \
                 larger set",
                train.len()
            ),
        ));
    }
    let batches = train.len() / B;
    for callback in callbacks.iter_mut() {
        callback.on_train_begin(config.epochs, batches)?;
    }
    let mut scratch = f64::NAN;
    let mut rng = StdRng::seed_from_u64(config.shuffle_seed);
    // One bar per epoch, as Keras draws them: a run that stops early never shows a bar that
    // stopped short.
    let progress = progress_bar(batches as u64);
    let mut history = History::default();
    for epoch in 1..=config.epochs {
        progress.set_message("");
        progress.set_prefix(format!("epoch {epoch}/{}", config.epochs));
        progress.reset();
        let learning_rate = match rate {
            Some(get) => get(optimizer),
            None => &mut scratch,
        };
        for callback in callbacks.iter_mut() {
            callback.on_epoch_begin(epoch, learning_rate)?;
        }
        let (train_metrics, mut control) = train_epoch::<B, IN, OUT, _, _, _, _>(
            model, optimizer, train, &mut rng, dev, &progress, epoch, callbacks,
        )?;
        let record = EpochRecord {
            epoch,
            train: train_metrics,
            validation: config
                .validation
                .map(|set| evaluate_examples::<IN, OUT, _, _, _>(model, set, dev)),
        };
        let learning_rate = match rate {
            Some(get) => get(optimizer),
            None => &mut scratch,
        };
        // The bar steps aside while the callbacks run, so that what they print stays readable.
        let asked = progress.suspend(|| {
            ask(callbacks, |callback| {
                callback.on_epoch_end(&record, model, learning_rate)
            })
        })?;
        if asked == Control::Stop {
            control = Control::Stop;
        }
        history.epochs.push(record);
        if control == Control::Stop {
            break;
        }
    }
    progress.finish_and_clear();
    for callback in callbacks.iter_mut() {
        callback.on_train_end(&history, model)?;
    }
    Ok(history)
}

/// One pass over `train` in shuffled batches of `B`: for each batch, a forward pass that
/// records a tape, the loss, the gradients, and one optimizer step. Returns the mean loss and
/// accuracy over the epoch's batches. [`train_one_epoch`] for any [`Examples`]; introduced in t08.
pub fn train_one_epoch_examples<const B: usize, const IN: usize, const OUT: usize, M, O, D, X>(
    model: &mut M,
    optimizer: &mut O,
    train: &X,
    rng: &mut StdRng,
    dev: &D,
    progress: &ProgressBar,
) -> Metrics
where
    D: Device<f32>,
    M: Trainable<B, IN, OUT, D>,
    O: Optimizer<M, D, f32>,
    X: Examples<IN, OUT> + ?Sized,
{
    let (metrics, _) = train_epoch::<B, IN, OUT, _, _, _, _>(
        model,
        optimizer,
        train,
        rng,
        dev,
        progress,
        1,
        &mut [],
    )
    .expect("with no callback, nothing in an epoch returns an error");
    metrics
}

// ANCHOR: train_one_epoch
/// Epoch number `epoch` of a run: one pass over `train` in shuffled batches of `B`. For each
/// batch, a forward pass that records a tape, the loss, the gradients, and one optimizer step;
/// then each callback sees what the batch measured. Returns the mean loss and accuracy over the
/// epoch's batches, and whether a callback asked to stop (the epoch ends at that batch).
#[allow(clippy::too_many_arguments)]
fn train_epoch<const B: usize, const IN: usize, const OUT: usize, M, O, D, X>(
    model: &mut M,
    optimizer: &mut O,
    train: &X,
    rng: &mut StdRng,
    dev: &D,
    progress: &ProgressBar,
    epoch: usize,
    callbacks: &mut [&mut dyn Callback<M>],
) -> io::Result<(Metrics, Control)>
where
    D: Device<f32>,
    M: Trainable<B, IN, OUT, D>,
    O: Optimizer<M, D, f32>,
    X: Examples<IN, OUT> + ?Sized,
{
    let batches = shuffled_batches::<B>(train.len(), rng);
    let mut grads = model.alloc_grads();
    let (mut loss_sum, mut correct, mut seen) = (0.0, 0, 0);
    for (i, indices) in batches.iter().enumerate() {
        let batch = train.batch_of::<Const<B>, D>(indices, dev);
        // `traced` attaches a tape: the forward pass records every op for backward().
        let logits = model.forward_mut(batch.inputs.traced(grads));
        let right = count_correct(&logits.as_vec(), &batch.labels, OUT);
        // The softmax happens inside the loss, on the logits (log-sum-exp, numerically safe).
        let loss = cross_entropy_with_logits_loss(logits, batch.one_hot);
        let batch_loss = loss.as_vec()[0];
        grads = loss.backward(); // d loss / d every weight, from the tape
        optimizer
            .update(model, &grads)
            .expect("every weight takes part in the loss");
        model.zero_grads(&mut grads); // gradients add up until cleared
        loss_sum += batch_loss * B as f32;
        correct += right;
        seen += B;
        progress.inc(1);
        show_progress(progress, loss_sum / seen as f32);
        let record = BatchRecord {
            epoch,
            batch: i + 1,
            batches: batches.len(),
            step: (epoch - 1) * batches.len() + i + 1,
            metrics: Metrics {
                loss: batch_loss,
                accuracy: right as f32 / B as f32,
            },
        };
        if ask(callbacks, |callback| callback.on_batch_end(&record))? == Control::Stop {
            return Ok((metrics(loss_sum, correct, seen), Control::Stop));
        }
    }
    Ok((metrics(loss_sum, correct, seen), Control::Continue))
}
// ANCHOR_END: train_one_epoch

/// Asks every callback in turn (all of them, even after one said stop) and returns
/// [`Control::Stop`] if any did.
fn ask<M>(
    callbacks: &mut [&mut dyn Callback<M>],
    mut question: impl FnMut(&mut dyn Callback<M>) -> io::Result<Control>,
) -> io::Result<Control> {
    let mut control = Control::Continue;
    for callback in callbacks.iter_mut() {
        if question(&mut **callback)? == Control::Stop {
            control = Control::Stop;
        }
    }
    Ok(control)
}

/// Loss and accuracy of `model` on every example of `set`, without a tape: [`evaluate`] for any
/// [`Examples`]. Introduced in t08.
pub fn evaluate_examples<const IN: usize, const OUT: usize, M, D, X>(
    model: &M,
    set: &X,
    dev: &D,
) -> Metrics
where
    D: Device<f32>,
    M: Evaluable<IN, OUT, D>,
    X: Examples<IN, OUT> + ?Sized,
{
    let (mut loss_sum, mut correct) = (0.0, 0);
    for batch in in_order::<IN, OUT, D, X>(set, dev) {
        let logits = model.forward(batch.inputs);
        correct += count_correct(&logits.as_vec(), &batch.labels, OUT);
        let loss = cross_entropy_with_logits_loss(logits, batch.one_hot);
        loss_sum += loss.as_vec()[0] * batch.labels.len() as f32;
    }
    metrics(loss_sum, correct, set.len())
}

/// The class `model` finds most likely for each example of `set`: [`predict`] for any
/// [`Examples`]. Introduced in t08.
pub fn predict_examples<const IN: usize, const OUT: usize, M, D, X>(
    model: &M,
    set: &X,
    dev: &D,
) -> Vec<usize>
where
    D: Device<f32>,
    M: Evaluable<IN, OUT, D>,
    X: Examples<IN, OUT> + ?Sized,
{
    in_order::<IN, OUT, D, X>(set, dev)
        .flat_map(|batch| most_likely_of(&model.forward(batch.inputs).as_vec(), OUT))
        .collect()
}

/// Every example of `set` once, in order, in batches of [`EVALUATION_BATCH`] whose size is a
/// run-time number (the last one holds the remainder), as [`Split::in_batches`] gives them.
fn in_order<
    'a,
    const IN: usize,
    const OUT: usize,
    D: Device<f32>,
    X: Examples<IN, OUT> + ?Sized,
>(
    set: &'a X,
    dev: &'a D,
) -> impl Iterator<Item = ExampleBatch<usize, IN, OUT, D>> + 'a {
    let len = set.len();
    (0..len.div_ceil(EVALUATION_BATCH)).map(move |k| {
        let rows: Vec<usize> =
            (k * EVALUATION_BATCH..((k + 1) * EVALUATION_BATCH).min(len)).collect();
        set.batch_of::<usize, D>(&rows, dev)
    })
}

/// Examples per forward pass in [`evaluate_examples`] and [`predict_examples`]. Without a tape, bigger batches are
/// only faster; the results do not depend on it.
const EVALUATION_BATCH: usize = 500;

fn progress_bar(batches: u64) -> ProgressBar {
    // Standard error, and drawn only when it is a terminal: piped or captured output stays clean.
    let bar = ProgressBar::with_draw_target(Some(batches), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{prefix:>11} [{bar:30}] {pos}/{len} batches  {msg}")
        .expect("the template is valid")
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// Shows the epoch's running mean loss on the bar, as Keras's progress bar does; skipped when
/// the bar is not drawn, so that a run with standard error piped formats nothing.
fn show_progress(progress: &ProgressBar, running_loss: f32) {
    if !progress.is_hidden() {
        progress.set_message(format!("loss {running_loss:.4}"));
    }
}

/// What a [`Callback`] tells the training loop after a batch or an epoch: go on, or stop. The
/// loop asks every callback, and stops if any of them said so: Keras's
/// `self.model.stop_training = True`. Introduced in t18.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Keep training.
    Continue,
    /// End the run: after a batch, the epoch ends there (its record covers the batches that
    /// ran, and the validation set is still scored); after an epoch, no other epoch starts.
    /// `on_train_end` is called either way.
    Stop,
}

/// What one training batch measured, handed to [`Callback::on_batch_end`] just after the
/// optimizer's update. Introduced in t18.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchRecord {
    /// The epoch, from 1.
    pub epoch: usize,
    /// The batch within its epoch, from 1.
    pub batch: usize,
    /// Batches in a full epoch.
    pub batches: usize,
    /// Optimizer updates since the run began, this one included, from 1: TensorBoard's `step`.
    pub step: usize,
    /// This batch's mean loss and accuracy, measured by the forward pass that computed the
    /// gradients, before the update.
    pub metrics: Metrics,
}

// ANCHOR: callback
/// Code that the training loop of [`fit_with`] and [`fit_examples_with`] calls at fixed points
/// of a run, to watch it (print, log, draw, save) or to steer it (stop, change the learning
/// rate, put other weights back): Keras's `keras.callbacks.Callback`. Every method has a default
/// that does nothing, so a callback implements only the ones it needs. `M` is the model's type.
/// Introduced in t18.
///
/// The loop calls the callbacks in the order they were passed, for each event:
///
/// 1. [`on_train_begin`](Callback::on_train_begin), once;
/// 2. for each epoch, [`on_epoch_begin`](Callback::on_epoch_begin); then, after each batch,
///    [`on_batch_end`](Callback::on_batch_end); then, once the validation set is scored,
///    [`on_epoch_end`](Callback::on_epoch_end);
/// 3. [`on_train_end`](Callback::on_train_end), once, after the last epoch that ran.
///
/// An error from any method ends the run at once and is returned by `fit_with`.
pub trait Callback<M> {
    /// Before the first epoch: `epochs` planned, of `batches` batches each. A callback that keeps
    /// state from run to run resets it here, as Keras's do.
    fn on_train_begin(&mut self, epochs: usize, batches: usize) -> io::Result<()> {
        let _ = (epochs, batches);
        Ok(())
    }

    /// Before epoch `epoch` (from 1). `learning_rate` is the optimizer's; what the callback
    /// writes there is the rate this epoch trains with.
    fn on_epoch_begin(&mut self, epoch: usize, learning_rate: &mut f64) -> io::Result<()> {
        let _ = (epoch, learning_rate);
        Ok(())
    }

    /// After each batch's update, with what the batch measured.
    fn on_batch_end(&mut self, batch: &BatchRecord) -> io::Result<Control> {
        let _ = batch;
        Ok(Control::Continue)
    }

    /// After each epoch, with its record (the validation set already scored) and the model as
    /// the epoch left it. `learning_rate` is the optimizer's, which the callback may change for
    /// the epochs to come. Standard output is free here: the progress bar steps aside.
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let _ = (record, model, learning_rate);
        Ok(Control::Continue)
    }

    /// After the last epoch that ran, with the whole history and the model, which the callback
    /// may change (put back the weights of a better epoch, say).
    fn on_train_end(&mut self, history: &History, model: &mut M) -> io::Result<()> {
        let _ = (history, model);
        Ok(())
    }
}
// ANCHOR_END: callback

/// An optimizer whose learning rate a [`Callback`] can read and change between epochs: dfdx's
/// `Sgd`, `Adam` and `RMSprop`, whose configuration is a public field `cfg` with the rate in
/// `cfg.lr`, read again by every update. Introduced in t18.
pub trait LearningRate {
    /// The learning rate, to read or to overwrite.
    fn learning_rate_mut(&mut self) -> &mut f64;
}

impl<M, E: Dtype, D: Storage<E>> LearningRate for Sgd<M, E, D> {
    fn learning_rate_mut(&mut self) -> &mut f64 {
        &mut self.cfg.lr
    }
}

impl<M, E: Dtype, D: Storage<E>> LearningRate for Adam<M, E, D> {
    fn learning_rate_mut(&mut self) -> &mut f64 {
        &mut self.cfg.lr
    }
}

impl<M, E: Dtype, D: Storage<E>> LearningRate for RMSprop<M, E, D> {
    fn learning_rate_mut(&mut self) -> &mut f64 {
        &mut self.cfg.lr
    }
}

/// A closure as a [`Callback`] that runs after every epoch: made by [`each_epoch`].
/// Introduced in t18.
#[derive(Debug, Clone)]
pub struct EachEpoch<F>(F);

/// Turns `on_epoch`, called with each epoch's record, into a [`Callback`] (to print the record,
/// for example): Keras's `LambdaCallback(on_epoch_end=...)`. An error it returns ends the run.
/// Introduced in t18.
pub fn each_epoch<F>(on_epoch: F) -> EachEpoch<F>
where
    F: FnMut(&EpochRecord) -> io::Result<()>,
{
    EachEpoch(on_epoch)
}

impl<M, F> Callback<M> for EachEpoch<F>
where
    F: FnMut(&EpochRecord) -> io::Result<()>,
{
    fn on_epoch_end(&mut self, record: &EpochRecord, _: &M, _: &mut f64) -> io::Result<Control> {
        (self.0)(record)?;
        Ok(Control::Continue)
    }
}

/// The `on_epoch` closure of [`fit_examples`], which also sees the model, as a callback.
struct WithModel<F>(F);

impl<M, F> Callback<M> for WithModel<F>
where
    F: FnMut(&EpochRecord, &M) -> io::Result<()>,
{
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        _: &mut f64,
    ) -> io::Result<Control> {
        (self.0)(record, model)?;
        Ok(Control::Continue)
    }
}

/// The number an [`EarlyStopping`] watches, and which way is better. Introduced in t18.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Monitor {
    /// The validation loss, lower is better: Keras's `"val_loss"`, its default.
    ValidationLoss,
    /// The validation accuracy, higher is better: `"val_accuracy"`.
    ValidationAccuracy,
    /// The training loss of the epoch, lower is better: `"loss"`.
    TrainingLoss,
    /// The training accuracy of the epoch, higher is better: `"accuracy"`.
    TrainingAccuracy,
}

impl Monitor {
    /// The value in `record`; `None` for a validation metric when no validation set was scored.
    pub fn value(self, record: &EpochRecord) -> Option<f32> {
        match self {
            Monitor::ValidationLoss => record.validation.map(|v| v.loss),
            Monitor::ValidationAccuracy => record.validation.map(|v| v.accuracy),
            Monitor::TrainingLoss => Some(record.train.loss),
            Monitor::TrainingAccuracy => Some(record.train.accuracy),
        }
    }

    /// Whether a larger value is better (accuracies) rather than a smaller one (losses).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Monitor::ValidationAccuracy | Monitor::TrainingAccuracy
        )
    }

    /// The name Keras gives the value in its logs: `"val_loss"`, `"accuracy"`, ….
    pub fn keras_name(self) -> &'static str {
        match self {
            Monitor::ValidationLoss => "val_loss",
            Monitor::ValidationAccuracy => "val_accuracy",
            Monitor::TrainingLoss => "loss",
            Monitor::TrainingAccuracy => "accuracy",
        }
    }

    /// Whether `value` beats `best` by more than `min_delta`; any value beats `None`, and a NaN
    /// beats nothing.
    pub fn improves(self, value: f32, best: Option<f32>, min_delta: f32) -> bool {
        match best {
            _ if value.is_nan() => false,
            None => true,
            Some(best) if self.higher_is_better() => value - min_delta > best,
            Some(best) => value + min_delta < best,
        }
    }
}

/// Stops training when the monitored number has not improved for `patience` epochs, and can
/// put back the weights of the best epoch when training ends: Keras's
/// `EarlyStopping(monitor, patience, min_delta, restore_best_weights)`. Introduced in t18.
///
/// An epoch improves when its value beats the best so far by more than `min_delta`; the first
/// epoch always does. After `patience` epochs in a row without improvement, it returns
/// [`Control::Stop`]: with patience 3 and the best value at epoch 5, training stops after epoch 8
/// (unless an improvement comes first). With [`restore_best_weights`](Self::restore_best_weights)
/// it keeps a copy of the model (a `Clone`: cheap, since dfdx shares a tensor's buffer until one
/// side writes to it) at each improvement, and at the end of training copies it back into the
/// model, whether it stopped early or ran out of epochs, as Keras 3 does.
#[derive(Debug, Clone)]
pub struct EarlyStopping<M> {
    monitor: Monitor,
    patience: usize,
    min_delta: f32,
    restore: bool,
    best: Option<(usize, f32)>,
    best_weights: Option<M>,
    waited: usize,
    stopped_epoch: Option<usize>,
    restored: bool,
}

impl<M: Clone> EarlyStopping<M> {
    /// Watches `monitor` and stops after `patience` epochs without improvement; `min_delta` 0,
    /// and the last epoch's weights kept, as Keras's defaults.
    pub fn new(monitor: Monitor, patience: usize) -> Self {
        EarlyStopping {
            monitor,
            patience,
            min_delta: 0.0,
            restore: false,
            best: None,
            best_weights: None,
            waited: 0,
            stopped_epoch: None,
            restored: false,
        }
    }

    /// Counts an epoch as an improvement only when it beats the best by more than `min_delta`
    /// (an absolute amount, in the monitored value's unit).
    pub fn min_delta(mut self, min_delta: f32) -> Self {
        self.min_delta = min_delta.abs();
        self
    }

    /// Puts back the weights of the best epoch when training ends: Keras's
    /// `restore_best_weights=True`.
    pub fn restore_best_weights(mut self) -> Self {
        self.restore = true;
        self
    }

    /// The epoch with the best value so far, from 1.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best.map(|(epoch, _)| epoch)
    }

    /// The best value so far.
    pub fn best_value(&self) -> Option<f32> {
        self.best.map(|(_, value)| value)
    }

    /// The epoch after which it stopped training, if it did.
    pub fn stopped_epoch(&self) -> Option<usize> {
        self.stopped_epoch
    }

    /// Whether it copied the best weights back into the model at the end of training.
    pub fn restored(&self) -> bool {
        self.restored
    }

    /// The copy of the model from the best epoch (kept only with
    /// [`restore_best_weights`](Self::restore_best_weights)).
    pub fn best_weights(&self) -> Option<&M> {
        self.best_weights.as_ref()
    }
}

// ANCHOR: early_stopping
impl<M: Clone> Callback<M> for EarlyStopping<M> {
    fn on_train_begin(&mut self, _epochs: usize, _batches: usize) -> io::Result<()> {
        self.best = None;
        self.best_weights = None;
        self.waited = 0;
        self.stopped_epoch = None;
        self.restored = false;
        Ok(())
    }

    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        _: &mut f64,
    ) -> io::Result<Control> {
        let value = self.monitor.value(record).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "EarlyStopping watches {}, but the run scores no validation set; give \
                     FitConfig a validation set or monitor a training metric",
                    self.monitor.keras_name()
                ),
            )
        })?;
        if self
            .monitor
            .improves(value, self.best_value(), self.min_delta)
        {
            self.best = Some((record.epoch, value));
            self.waited = 0;
            if self.restore {
                self.best_weights = Some(model.clone());
            }
            return Ok(Control::Continue);
        }
        self.waited += 1;
        if self.waited >= self.patience {
            self.stopped_epoch = Some(record.epoch);
            return Ok(Control::Stop);
        }
        Ok(Control::Continue)
    }

    fn on_train_end(&mut self, _: &History, model: &mut M) -> io::Result<()> {
        if let Some(best) = &self.best_weights {
            *model = best.clone();
            self.restored = true;
        }
        Ok(())
    }
}
// ANCHOR_END: early_stopping

/// Sets the learning rate before every epoch to what `schedule(epoch, rate)` returns, given the
/// epoch (from 1) and the rate so far: Keras's `LearningRateScheduler(schedule)`, whose epochs
/// count from 0. Keeps the rate each epoch trained with. Introduced in t18.
#[derive(Debug, Clone)]
pub struct LearningRateScheduler<F> {
    schedule: F,
    rates: Vec<f64>,
}

impl<F: FnMut(usize, f64) -> f64> LearningRateScheduler<F> {
    /// A scheduler that has seen no epoch yet.
    pub fn new(schedule: F) -> Self {
        LearningRateScheduler {
            schedule,
            rates: Vec::new(),
        }
    }

    /// The learning rate of each epoch so far, in order.
    pub fn rates(&self) -> &[f64] {
        &self.rates
    }
}

impl<M, F: FnMut(usize, f64) -> f64> Callback<M> for LearningRateScheduler<F> {
    fn on_train_begin(&mut self, _epochs: usize, _batches: usize) -> io::Result<()> {
        self.rates.clear();
        Ok(())
    }

    fn on_epoch_begin(&mut self, epoch: usize, learning_rate: &mut f64) -> io::Result<()> {
        *learning_rate = (self.schedule)(epoch, *learning_rate);
        self.rates.push(*learning_rate);
        Ok(())
    }
}

/// A model that can be trained on batches of `B` rows: a forward pass on a traced
/// `Rank2<B, 784>` that gives `Rank2<B, 10>` logits, and weights that an optimizer can update.
/// Implemented for every such dfdx model; it only names the bounds once.
pub trait TrainableClassifier<const B: usize, D: Device<f32>>:
    TensorCollection<f32, D>
    + ModuleMut<
        Tensor<Rank2<B, PIXELS>, f32, D, OwnedTape<f32, D>>,
        Output = Tensor<Rank2<B, CLASSES>, f32, D, OwnedTape<f32, D>>,
        Error = D::Err,
    >
{
}

impl<const B: usize, D: Device<f32>, M> TrainableClassifier<B, D> for M where
    M: TensorCollection<f32, D>
        + ModuleMut<
            Tensor<Rank2<B, PIXELS>, f32, D, OwnedTape<f32, D>>,
            Output = Tensor<Rank2<B, CLASSES>, f32, D, OwnedTape<f32, D>>,
            Error = D::Err,
        >
{
}

/// A model that can be evaluated on any number of rows: a forward pass without a tape from
/// `(usize, 784)` to `(usize, 10)` logits. Implemented for every such dfdx model.
pub trait EvaluableClassifier<D: Device<f32>>:
    Module<
    Tensor<(usize, Const<PIXELS>), f32, D>,
    Output = Tensor<(usize, Const<CLASSES>), f32, D>,
    Error = D::Err,
>
{
}

impl<D: Device<f32>, M> EvaluableClassifier<D> for M where
    M: Module<
        Tensor<(usize, Const<PIXELS>), f32, D>,
        Output = Tensor<(usize, Const<CLASSES>), f32, D>,
        Error = D::Err,
    >
{
}

/// A model whose weight gradients the training loop can allocate once and clear after each
/// step: the two calls of dfdx's `ZeroGrads`, which every dfdx module (every `TensorCollection`)
/// has, and which this trait hands on to. Introduced in t08, for models whose weights dfdx's
/// module system cannot visit (t08's layers whose widths are chosen at run time): such a model
/// implements the two methods itself.
///
/// Implement it for a concrete device (`impl WeightGradients<Cpu> for MyModel<Cpu>`): an
/// implementation for every device `D` would overlap this crate's own for dfdx's modules. And do
/// not bring this trait into scope where you call `alloc_grads` on a dfdx module: with both
/// traits in scope, the call is ambiguous.
pub trait WeightGradients<D: Device<f32>> {
    /// Gradients ready for the first backward pass, zero for every weight.
    fn alloc_grads(&self) -> Gradients<f32, D>;

    /// Clears `gradients` after an optimizer step, so that the next backward pass starts from
    /// zero for every weight.
    fn zero_grads(&self, gradients: &mut Gradients<f32, D>);
}

impl<D: Device<f32>, M: TensorCollection<f32, D>> WeightGradients<D> for M {
    fn alloc_grads(&self) -> Gradients<f32, D> {
        ZeroGrads::alloc_grads(self)
    }

    fn zero_grads(&self, gradients: &mut Gradients<f32, D>) {
        ZeroGrads::zero_grads(self, gradients);
    }
}

/// A model that can be trained on batches of `B` rows of `IN` features: a forward pass on a
/// traced `Rank2<B, IN>` that gives `Rank2<B, OUT>` logits, and weight gradients the loop can
/// manage. [`TrainableClassifier`] for any shape; introduced in t08. Implemented for every such
/// model; it only names the bounds once.
pub trait Trainable<const B: usize, const IN: usize, const OUT: usize, D: Device<f32>>:
    WeightGradients<D>
    + ModuleMut<
        Tensor<Rank2<B, IN>, f32, D, OwnedTape<f32, D>>,
        Output = Tensor<Rank2<B, OUT>, f32, D, OwnedTape<f32, D>>,
        Error = D::Err,
    >
{
}

impl<const B: usize, const IN: usize, const OUT: usize, D: Device<f32>, M> Trainable<B, IN, OUT, D>
    for M
where
    M: WeightGradients<D>
        + ModuleMut<
            Tensor<Rank2<B, IN>, f32, D, OwnedTape<f32, D>>,
            Output = Tensor<Rank2<B, OUT>, f32, D, OwnedTape<f32, D>>,
            Error = D::Err,
        >,
{
}

/// A model that can be evaluated on any number of rows of `IN` features: a forward pass
/// without a tape from `(usize, IN)` to `(usize, OUT)` logits. [`EvaluableClassifier`] for any
/// shape; introduced in t08. Implemented for every such model.
pub trait Evaluable<const IN: usize, const OUT: usize, D: Device<f32>>:
    Module<
    Tensor<(usize, Const<IN>), f32, D>,
    Output = Tensor<(usize, Const<OUT>), f32, D>,
    Error = D::Err,
>
{
}

impl<const IN: usize, const OUT: usize, D: Device<f32>, M> Evaluable<IN, OUT, D> for M where
    M: Module<
        Tensor<(usize, Const<IN>), f32, D>,
        Output = Tensor<(usize, Const<OUT>), f32, D>,
        Error = D::Err,
    >
{
}

#[cfg(test)]
mod tests {
    use super::*;
    use datasets::toy::Dataset;
    use datasets::Mnist;
    use dfdx::optim::Sgd;

    #[test]
    fn fit_refuses_a_training_set_smaller_than_one_batch() {
        let dev = Cpu::default();
        let mut model = dev.build_module::<Linear<PIXELS, CLASSES>, f32>();
        let mut sgd = Sgd::new(&model, Default::default());
        let train = Mnist::embedded().train.head(10);
        let config = FitConfig {
            epochs: 1,
            shuffle_seed: 0,
            validation: None,
        };
        let err =
            fit::<32, _, _, _>(&mut model, &mut sgd, &train, config, &dev, |_| Ok(())).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("10 examples"), "{err}");
    }

    #[test]
    fn the_generic_shuffle_draws_the_batches_of_split_shuffled_batches() {
        let split = Mnist::embedded().test.head(70);
        let dev = Cpu::default();
        let mut rng = StdRng::seed_from_u64(3);
        let through_split: Vec<Vec<usize>> = split
            .shuffled_batches::<32, _>(&mut rng, &dev)
            .map(|batch| batch.labels)
            .collect();
        let mut rng = StdRng::seed_from_u64(3);
        let through_examples: Vec<Vec<usize>> = shuffled_batches::<32>(split.len(), &mut rng)
            .into_iter()
            .map(|indices| split.batch_of::<Const<32>, _>(&indices, &dev).labels)
            .collect();
        assert_eq!(through_examples, through_split);
    }

    #[test]
    fn fit_examples_trains_on_playgrounds_points() {
        let dev = Cpu::default();
        let points = Dataset::Gauss.generate(200, 0.0, 1);
        let (train, test) = points.split(0.5);
        let mut model = dev.build_module::<Linear<2, 2>, f32>();
        let mut sgd = Sgd::new(&model, Default::default());
        let config = FitConfig {
            epochs: 5,
            shuffle_seed: 0,
            validation: Some(&test),
        };
        let mut seen = Vec::new();
        let history = fit_examples::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut sgd,
            &train,
            config,
            &dev,
            |e, _| {
                seen.push(e.epoch);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, [1, 2, 3, 4, 5]);
        let tested = history.epochs[4].validation.unwrap();
        assert!(tested.accuracy > 0.95, "{tested:?}");
        assert_eq!(tested, evaluate_examples(&model, &test, &dev));
        let predicted = predict_examples(&model, &test, &dev);
        let right = (0..test.len())
            .filter(|&i| predicted[i] == test.label(i))
            .count();
        assert_eq!(right as f32 / test.len() as f32, tested.accuracy);
    }

    /// A record whose validation loss is `loss` (and whose other numbers do not matter).
    fn record(epoch: usize, loss: f32) -> EpochRecord {
        EpochRecord {
            epoch,
            train: Metrics {
                loss: 1.0,
                accuracy: 0.5,
            },
            validation: Some(Metrics {
                loss,
                accuracy: 0.5,
            }),
        }
    }

    /// Hands `losses` to `callback` as validation losses of epochs 1, 2, …, as the loop would,
    /// and returns the epoch after which it said stop.
    fn scripted(callback: &mut impl Callback<u32>, losses: &[f32]) -> Option<usize> {
        let mut rate = 0.1;
        callback.on_train_begin(losses.len(), 1).unwrap();
        let mut stopped = None;
        for (i, &loss) in losses.iter().enumerate() {
            let model = i as u32 + 1; // the "weights" are the epoch that left them
            callback.on_epoch_begin(i + 1, &mut rate).unwrap();
            if callback
                .on_epoch_end(&record(i + 1, loss), &model, &mut rate)
                .unwrap()
                == Control::Stop
            {
                stopped = Some(i + 1);
                break;
            }
        }
        stopped
    }

    #[test]
    fn early_stopping_waits_patience_epochs_after_the_best() {
        let losses = [0.9, 0.5, 0.6, 0.4, 0.45, 0.41, 0.42, 0.3];
        let mut early = EarlyStopping::new(Monitor::ValidationLoss, 3).restore_best_weights();
        assert_eq!(scripted(&mut early, &losses), Some(7));
        assert_eq!(
            (early.best_epoch(), early.best_value()),
            (Some(4), Some(0.4))
        );
        assert_eq!(early.stopped_epoch(), Some(7));
        let mut model = 7;
        early.on_train_end(&History::default(), &mut model).unwrap();
        assert_eq!(model, 4, "the weights of epoch 4 are put back");
        assert!(early.restored());

        // Patience 0 stops at the first epoch that does not improve; min_delta raises the bar.
        let mut impatient = EarlyStopping::<u32>::new(Monitor::ValidationLoss, 0);
        assert_eq!(scripted(&mut impatient, &losses), Some(3));
        let mut demanding = EarlyStopping::<u32>::new(Monitor::ValidationLoss, 1).min_delta(0.15);
        assert_eq!(scripted(&mut demanding, &[0.9, 0.8, 0.7]), Some(2));
        // Without restore_best_weights, the last weights stay.
        let mut keep = EarlyStopping::<u32>::new(Monitor::ValidationLoss, 3);
        scripted(&mut keep, &losses);
        let mut model = 7;
        keep.on_train_end(&History::default(), &mut model).unwrap();
        assert_eq!((model, keep.restored()), (7, false));
        // Used again, it starts afresh.
        assert_eq!(scripted(&mut early, &[0.2, 0.3, 0.3, 0.3]), Some(4));
        assert_eq!(early.best_epoch(), Some(1));
    }

    #[test]
    fn monitors_know_which_way_is_better() {
        assert!(Monitor::ValidationAccuracy.improves(0.91, Some(0.9), 0.0));
        assert!(!Monitor::ValidationAccuracy.improves(0.9, Some(0.9), 0.0));
        assert!(Monitor::TrainingLoss.improves(0.2, Some(0.3), 0.05));
        assert!(!Monitor::TrainingLoss.improves(0.26, Some(0.3), 0.05));
        assert!(!Monitor::TrainingLoss.improves(f32::NAN, None, 0.0));
        assert!(Monitor::TrainingLoss.improves(5.0, None, 0.0));
    }

    #[test]
    fn early_stopping_on_the_validation_loss_needs_a_validation_set() {
        let mut early = EarlyStopping::<u32>::new(Monitor::ValidationLoss, 2);
        let mut no_validation = record(1, 0.5);
        no_validation.validation = None;
        let err = early
            .on_epoch_end(&no_validation, &1, &mut 0.1)
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("val_loss"), "{err}");
    }

    /// Playground's Gaussian clusters, a linear model and plain SGD: a run of a few
    /// milliseconds.
    fn small_run() -> (Cpu, Linear2, Points, Points) {
        let dev = Cpu::seed_from_u64(4);
        let points = Dataset::Gauss.generate(200, 0.5, 1);
        let (train, test) = points.split(0.5);
        let model = dev.build_module::<Linear<2, 2>, f32>();
        (dev, model, train, test)
    }

    type Linear2 = <Linear<2, 2> as BuildOnDevice<Cpu, f32>>::Built;

    fn sgd(model: &Linear2, lr: f64) -> Sgd<Linear2, f32, Cpu> {
        Sgd::new(
            model,
            SgdConfig {
                lr,
                momentum: None,
                weight_decay: None,
            },
        )
    }

    /// Records every call, and stops when told to.
    #[derive(Default)]
    struct Recorder {
        calls: Vec<String>,
        batches: Vec<BatchRecord>,
        stop_at_step: Option<usize>,
        stop_at_epoch: Option<usize>,
    }

    impl<M> Callback<M> for Recorder {
        fn on_train_begin(&mut self, epochs: usize, batches: usize) -> io::Result<()> {
            self.calls.push(format!("begin {epochs}x{batches}"));
            Ok(())
        }
        fn on_epoch_begin(&mut self, epoch: usize, rate: &mut f64) -> io::Result<()> {
            self.calls.push(format!("epoch {epoch} at {rate}"));
            Ok(())
        }
        fn on_batch_end(&mut self, batch: &BatchRecord) -> io::Result<Control> {
            self.batches.push(*batch);
            Ok(if self.stop_at_step == Some(batch.step) {
                Control::Stop
            } else {
                Control::Continue
            })
        }
        fn on_epoch_end(&mut self, r: &EpochRecord, _: &M, _: &mut f64) -> io::Result<Control> {
            self.calls.push(format!("end {}", r.epoch));
            Ok(if self.stop_at_epoch == Some(r.epoch) {
                Control::Stop
            } else {
                Control::Continue
            })
        }
        fn on_train_end(&mut self, history: &History, _: &mut M) -> io::Result<()> {
            self.calls
                .push(format!("done after {}", history.epochs.len()));
            Ok(())
        }
    }

    #[test]
    fn callbacks_see_every_stage_in_order_and_can_stop_after_a_batch_or_an_epoch() {
        let (dev, mut model, train, test) = small_run();
        let mut optimizer = sgd(&model, 0.1);
        let config = FitConfig {
            epochs: 4,
            shuffle_seed: 0,
            validation: Some(&test),
        };
        let mut recorder = Recorder {
            stop_at_epoch: Some(2),
            ..Recorder::default()
        };
        let history = fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut optimizer,
            &train,
            config,
            &dev,
            &mut [&mut recorder],
        )
        .unwrap();
        assert_eq!(history.epochs.len(), 2);
        assert_eq!(
            recorder.calls,
            [
                "begin 4x10",
                "epoch 1 at 0.1",
                "end 1",
                "epoch 2 at 0.1",
                "end 2",
                "done after 2"
            ]
        );
        let steps: Vec<(usize, usize, usize)> = recorder
            .batches
            .iter()
            .map(|b| (b.epoch, b.batch, b.step))
            .collect();
        assert_eq!(steps.len(), 20);
        assert_eq!(
            (steps[0], steps[10], steps[19]),
            ((1, 1, 1), (2, 1, 11), (2, 10, 20))
        );
        // The epoch's training loss is the mean of its batches' losses.
        let mean = recorder.batches[..10]
            .iter()
            .map(|b| b.metrics.loss)
            .sum::<f32>()
            / 10.0;
        assert!((history.epochs[0].train.loss - mean).abs() < 1e-6);

        // A stop after step 13 ends epoch 2 at its third batch; its validation is still scored.
        let (dev, mut model, train, test) = small_run();
        let mut optimizer = sgd(&model, 0.1);
        let mut recorder = Recorder {
            stop_at_step: Some(13),
            ..Recorder::default()
        };
        let history = fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut optimizer,
            &train,
            FitConfig {
                validation: Some(&test),
                ..config
            },
            &dev,
            &mut [&mut recorder],
        )
        .unwrap();
        assert_eq!(recorder.batches.len(), 13);
        assert_eq!(history.epochs.len(), 2);
        let last = history.epochs[1];
        let mean = recorder.batches[10..]
            .iter()
            .map(|b| b.metrics.loss)
            .sum::<f32>()
            / 3.0;
        assert!((last.train.loss - mean).abs() < 1e-6);
        assert_eq!(
            last.validation,
            Some(evaluate_examples(&model, &test, &dev))
        );
    }

    #[test]
    fn fit_with_and_fit_train_the_same_weights() {
        let (dev, mut with_callbacks, train, _) = small_run();
        let mut by_fit = with_callbacks.clone();
        let config = FitConfig {
            epochs: 3,
            shuffle_seed: 5,
            validation: None,
        };
        let mut optimizer = sgd(&with_callbacks, 0.1);
        let mut seen = Vec::new();
        let mut watch = each_epoch(|r| {
            seen.push(r.epoch);
            Ok(())
        });
        let a = fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut with_callbacks,
            &mut optimizer,
            &train,
            config,
            &dev,
            &mut [&mut watch],
        )
        .unwrap();
        let mut optimizer = sgd(&by_fit, 0.1);
        let b = fit_examples::<10, 2, 2, _, _, _, _>(
            &mut by_fit,
            &mut optimizer,
            &train,
            config,
            &dev,
            |_, _| Ok(()),
        )
        .unwrap();
        assert_eq!(seen, [1, 2, 3]);
        assert_eq!(a, b);
        assert_eq!(with_callbacks.weight.as_vec(), by_fit.weight.as_vec());
    }

    #[test]
    fn a_scheduler_sets_the_rate_each_epoch_trains_with() {
        let (dev, mut model, train, _) = small_run();
        let mut optimizer = sgd(&model, 0.1);
        let config = FitConfig {
            epochs: 3,
            shuffle_seed: 0,
            validation: None,
        };
        let mut halve =
            LearningRateScheduler::new(|epoch, rate| if epoch > 1 { rate / 2.0 } else { rate });
        let mut recorder = Recorder::default();
        fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut optimizer,
            &train,
            config,
            &dev,
            &mut [&mut halve, &mut recorder],
        )
        .unwrap();
        assert_eq!(halve.rates(), [0.1, 0.05, 0.025]);
        assert_eq!(optimizer.cfg.lr, 0.025);
        assert_eq!(recorder.calls[3], "epoch 2 at 0.05", "{:?}", recorder.calls);
        // A rate of zero freezes the weights.
        let before = model.weight.as_vec();
        let mut frozen = LearningRateScheduler::new(|_, _| 0.0);
        fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut optimizer,
            &train,
            config,
            &dev,
            &mut [&mut frozen],
        )
        .unwrap();
        assert_eq!(model.weight.as_vec(), before);
    }

    #[test]
    fn early_stopping_restores_the_weights_of_the_best_epoch() {
        // A learning rate far too high makes the validation loss jump about, so that the best
        // epoch is not the last.
        let (dev, mut model, train, test) = small_run();
        let mut optimizer = sgd(&model, 20.0);
        let config = FitConfig {
            epochs: 12,
            shuffle_seed: 0,
            validation: Some(&test),
        };
        let mut early = EarlyStopping::new(Monitor::ValidationLoss, 2).restore_best_weights();
        let history = fit_examples_with::<10, 2, 2, _, _, _, _>(
            &mut model,
            &mut optimizer,
            &train,
            config,
            &dev,
            &mut [&mut early],
        )
        .unwrap();
        let losses: Vec<f32> = history
            .epochs
            .iter()
            .map(|e| e.validation.unwrap().loss)
            .collect();
        let best = early.best_epoch().unwrap();
        let lowest = losses.iter().copied().fold(f32::INFINITY, f32::min);
        assert_eq!(losses[best - 1], lowest, "{losses:?}");
        assert!(
            best < history.epochs.len(),
            "the last epoch was the best: {losses:?}"
        );
        assert!(early.restored());
        assert_eq!(evaluate_examples(&model, &test, &dev).loss, lowest);
        assert_eq!(early.stopped_epoch(), Some(best + 2), "{losses:?}");
        assert_eq!(history.epochs.len(), best + 2);
    }

    #[test]
    fn most_likely_takes_the_largest_logit_and_the_first_on_a_tie() {
        let mut logits = vec![0.0; 2 * CLASSES];
        logits[3] = 2.0;
        logits[CLASSES + 4] = 1.0;
        logits[CLASSES + 7] = 1.0;
        assert_eq!(most_likely(&logits), [3, 4]);
    }
}
