//! Training and evaluating a classifier: the loop Keras hides behind `compile` and `fit`.
//! Introduced in p03 for MNIST; generalised in t08 to any labelled examples.
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
//! The model's gradients are allocated once and cleared after every step through
//! [`WeightGradients`], which every dfdx module has; a model whose weights dfdx cannot visit
//! (t08's layers with run-time widths) implements it by hand.

use datasets::toy::Points;
use datasets::{Batch, Split, CLASSES, PIXELS};
use dfdx::optim::Optimizer;
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
    mut on_epoch: impl FnMut(&EpochRecord, &M) -> io::Result<()>,
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
    let mut rng = StdRng::seed_from_u64(config.shuffle_seed);
    let progress = progress_bar((config.epochs * (train.len() / B)) as u64);
    let mut history = History::default();
    for epoch in 1..=config.epochs {
        progress.set_message(format!("epoch {epoch}/{}", config.epochs));
        let record = EpochRecord {
            epoch,
            train: train_one_epoch_examples::<B, IN, OUT, _, _, _, _>(
                model, optimizer, train, &mut rng, dev, &progress,
            ),
            validation: config
                .validation
                .map(|set| evaluate_examples::<IN, OUT, _, _, _>(model, set, dev)),
        };
        progress.suspend(|| on_epoch(&record, model))?;
        history.epochs.push(record);
    }
    progress.finish_and_clear();
    Ok(history)
}

// ANCHOR: train_one_epoch
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
    let mut grads = model.alloc_grads();
    let (mut loss_sum, mut correct, mut seen) = (0.0, 0, 0);
    for indices in shuffled_batches::<B>(train.len(), rng) {
        let batch = train.batch_of::<Const<B>, D>(&indices, dev);
        // `traced` attaches a tape: the forward pass records every op for backward().
        let logits = model.forward_mut(batch.inputs.traced(grads));
        correct += count_correct(&logits.as_vec(), &batch.labels, OUT);
        seen += B;
        // The softmax happens inside the loss, on the logits (log-sum-exp, numerically safe).
        let loss = cross_entropy_with_logits_loss(logits, batch.one_hot);
        loss_sum += loss.as_vec()[0] * B as f32;
        grads = loss.backward(); // d loss / d every weight, from the tape
        optimizer
            .update(model, &grads)
            .expect("every weight takes part in the loss");
        model.zero_grads(&mut grads); // gradients add up until cleared
        progress.inc(1);
    }
    metrics(loss_sum, correct, seen)
}
// ANCHOR_END: train_one_epoch

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
    let style = ProgressStyle::with_template("{msg:>11} [{bar:30}] {pos}/{len} batches")
        .expect("the template is valid")
        .progress_chars("=> ");
    bar.set_style(style);
    bar
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

    #[test]
    fn most_likely_takes_the_largest_logit_and_the_first_on_a_tie() {
        let mut logits = vec![0.0; 2 * CLASSES];
        logits[3] = 2.0;
        logits[CLASSES + 4] = 1.0;
        logits[CLASSES + 7] = 1.0;
        assert_eq!(most_likely(&logits), [3, 4]);
    }
}
