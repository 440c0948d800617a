//! Training and evaluating a digit classifier: the loop Keras hides behind `compile` and `fit`.
//! Introduced in p03; every lesson that trains on MNIST reuses it.
//!
//! A model here is anything dfdx can run on a batch of 784-pixel rows and get 10 logits per row
//! back: a tuple of layers such as `((Linear<784, 64>, ReLU), Linear<64, 10>)`, or a struct
//! with its own forward pass. The softmax is not part of the model: the loss applies it (see
//! [`train_one_epoch`]).

use datasets::{Split, CLASSES, PIXELS};
use dfdx::optim::Optimizer;
use dfdx::prelude::*;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::io;

/// How well a model does on a set of examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Mean cross-entropy per example, in nats: 0 for a certain and right model, ln 10 ≈ 2.303
    /// for one that spreads its bets evenly over the ten digits.
    pub loss: f32,
    /// The fraction of examples whose most likely digit is the true one.
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
/// optimizer and the data.
#[derive(Debug, Clone, Copy)]
pub struct FitConfig<'a> {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seeds the shuffle: the same seed, the same batches, the same trained weights.
    pub shuffle_seed: u64,
    /// A set to evaluate on after every epoch (Keras's `validation_data`).
    pub validation: Option<&'a Split>,
}

/// Trains `model` for `config.epochs` epochs of shuffled batches of `B` examples, and returns
/// the history of its metrics. After each epoch `on_epoch` sees the new record (to print it, or
/// to stop early by returning an error). A progress bar counts the batches on standard error
/// when that is a terminal; standard output is left to the lesson.
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
            train: train_one_epoch::<B, _, _, _>(model, optimizer, train, &mut rng, dev, &progress),
            validation: config.validation.map(|set| evaluate(model, set, dev)),
        };
        progress.suspend(|| on_epoch(&record))?;
        history.epochs.push(record);
    }
    progress.finish_and_clear();
    Ok(history)
}

// ANCHOR: train_one_epoch
/// One pass over `train` in shuffled batches of `B`: for each batch, a forward pass that
/// records a tape, the loss, the gradients, and one optimizer step. Returns the mean loss and
/// accuracy over the epoch's batches.
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
    let mut grads = model.alloc_grads();
    let (mut loss_sum, mut correct, mut seen) = (0.0, 0, 0);
    for batch in train.shuffled_batches::<B, D>(rng, dev) {
        // `traced` attaches a tape: the forward pass records every op for backward().
        let logits = model.forward_mut(batch.images.traced(grads));
        correct += count_correct(&logits.as_vec(), &batch.labels);
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

/// Loss and accuracy of `model` on every example of `set`, without a tape (no gradients, no
/// dropout): Keras's `model.evaluate`.
pub fn evaluate<M, D>(model: &M, set: &Split, dev: &D) -> Metrics
where
    D: Device<f32>,
    M: EvaluableClassifier<D>,
{
    let (mut loss_sum, mut correct) = (0.0, 0);
    for batch in set.in_batches(EVALUATION_BATCH, dev) {
        let logits = model.forward(batch.images);
        correct += count_correct(&logits.as_vec(), &batch.labels);
        let loss = cross_entropy_with_logits_loss(logits, batch.one_hot);
        loss_sum += loss.as_vec()[0] * batch.labels.len() as f32;
    }
    metrics(loss_sum, correct, set.len())
}

/// The digit `model` finds most likely for each example of `set`: Keras's `model.predict`
/// followed by `argmax`.
pub fn predict<M, D>(model: &M, set: &Split, dev: &D) -> Vec<usize>
where
    D: Device<f32>,
    M: EvaluableClassifier<D>,
{
    set.in_batches(EVALUATION_BATCH, dev)
        .flat_map(|batch| most_likely(&model.forward(batch.images).as_vec()))
        .collect()
}

/// For each row of `logits` (10 per row, row after row), the index of its largest value; the
/// first one on a tie. A row's largest logit is also its largest softmax probability.
pub fn most_likely(logits: &[f32]) -> Vec<usize> {
    logits
        .chunks_exact(CLASSES)
        .map(|row| {
            (0..CLASSES)
                .reduce(|best, class| if row[class] > row[best] { class } else { best })
                .expect("a row has ten logits")
        })
        .collect()
}

/// How many rows of `logits` rank the true label first.
fn count_correct(logits: &[f32], labels: &[usize]) -> usize {
    let predicted = most_likely(logits);
    predicted.iter().zip(labels).filter(|(p, l)| p == l).count()
}

fn metrics(loss_sum: f32, correct: usize, seen: usize) -> Metrics {
    Metrics {
        loss: loss_sum / seen as f32,
        accuracy: correct as f32 / seen as f32,
    }
}

/// Examples per forward pass in [`evaluate`] and [`predict`]. Without a tape, bigger batches are
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

#[cfg(test)]
mod tests {
    use super::*;
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
    fn most_likely_takes_the_largest_logit_and_the_first_on_a_tie() {
        let mut logits = vec![0.0; 2 * CLASSES];
        logits[3] = 2.0;
        logits[CLASSES + 4] = 1.0;
        logits[CLASSES + 7] = 1.0;
        assert_eq!(most_likely(&logits), [3, 4]);
    }
}
