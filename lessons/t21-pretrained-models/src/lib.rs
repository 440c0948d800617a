//! # t21 · Transfer learning
//!
//! **Question.** Why use pre-trained models?
//!
//! **Answer.** Because the features a network learns on one task (strokes, curves, loops for
//! digits; edges, textures, parts for photos) are useful on a related task, and a new task
//! rarely comes with enough labelled data to learn them again. Transfer learning takes the
//! layers that compute those features (the *extractor*) from a network trained on plenty of
//! data, freezes them, and trains only a new *head* on the small data set of the new task. Here
//! a small CNN learns digits 0–4 from 2,000 images; its extractor is saved, loaded into a fresh
//! network, frozen, and given a new five-way head for digits 5–9, trained on 20 images of each.
//! Trained the same way, the same network from scratch is worse at every epoch and in the end
//! (92.0% against 89.8% at best on 500 test digits), and the transfer gets there in a few epochs.
//! On digits the gain is real but modest, and varies with the seed: the chapter shows 24 runs.
//!
//! dfdx has no `requires_grad` or `trainable` flag: an optimizer updates exactly the model it
//! was built for, with the gradients it is given. So the model is written in two parts, a
//! [`Classifier`] with an `extractor` and a `head`; the extractor runs *without* a tape (no
//! gradient is even computed for it) and the optimizer is built for the head alone. The frozen
//! weights stay bit-identical, which the lesson checks.
//!
//! Run it with `cargo xtask run t21`; `cargo xtask run t21 -- --full` uses full MNIST (after
//! `cargo xtask fetch-data`).

use datasets::{Mnist, Split, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
use kit::figures::Figures;
use kit::inspect::named_parameters;
use kit::plot::{LineChart, Series};
use kit::scratch::ScratchDir;
use kit::train::{self, ExampleBatch, Examples, FitConfig, History, Metrics};
use kit::{percent, thousands};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/t21-pretrained-models.rs"
)]
pub mod exercises;

/// Classes of each task: digits 0–4 for the first, 5–9 for the second.
pub const DIGITS: usize = 5;
/// The first digit of the new task: its digits 5–9 are the head's classes 0–4.
pub const NEW_TASK: usize = 5;
/// Numbers the extractor computes for each image, the head's input: 16 channels of 5×5.
pub const FEATURES: usize = 400;

// ANCHOR: model
/// The feature extractor: t20's convolutional layers, without the classifier on top. Each row of
/// 784 pixels becomes a 1×28×28 image, and two blocks of convolution, ReLU and max pooling turn
/// it into 16 maps of 5×5, flattened to 400 features.
pub type Extractor = (
    Unflatten2D<1, 28, 28>,
    (Conv2D<1, 8, 3, 26, 26>, ReLU, MaxPool2D<2, 13, 13>),
    (Conv2D<8, 16, 3, 11, 11>, ReLU, MaxPool2D<2, 5, 5>),
    Flatten2D<FEATURES>,
);

/// The head: one logit per class of a task, from the 400 features.
pub type Head = Linear<FEATURES, DIGITS>;

/// The extractor once built, holding the two convolutions' weights (`kit::conv` runs on `Cpu`).
pub type ExtractorNet = <Extractor as BuildOnDevice<Cpu, f32>>::Built;
/// The head once built.
pub type HeadNet = <Head as BuildOnDevice<Cpu, f32>>::Built;

/// A classifier in two parts, so that each part can be trained, frozen, saved or replaced on its
/// own: Keras' `Model(inputs, head(base_model(inputs)))`, PyTorch's module with a `features` and
/// a `classifier` attribute.
#[derive(Debug, Clone)]
pub struct Classifier<X, H> {
    /// Turns an image into features.
    pub extractor: X,
    /// Turns the features into one logit per class.
    pub head: H,
}

/// The lesson's network: [`Extractor`] and [`Head`], built.
pub type Network = Classifier<ExtractorNet, HeadNet>;

/// The two fields, by name: dfdx builds, counts, zeroes, updates, saves and loads the tensors of
/// both, as `extractor.…` and `head.…` (t04 explains the trait).
impl<E, D, X, H> TensorCollection<E, D> for Classifier<X, H>
where
    E: Dtype,
    D: Device<E>,
    X: TensorCollection<E, D>,
    H: TensorCollection<E, D>,
{
    type To<E2: Dtype, D2: Device<E2>> = Classifier<X::To<E2, D2>, H::To<E2, D2>>;

    fn iter_tensors<V: ModuleVisitor<Self, E, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("extractor", |s| &s.extractor, |s| &mut s.extractor),
                Self::module("head", |s| &s.head, |s| &mut s.head),
            ),
            |(extractor, head)| Classifier { extractor, head },
        )
    }
}

/// The whole forward pass: the head on the extractor's output, with a tape or without one.
impl<Input, X, H> Module<Input> for Classifier<X, H>
where
    X: Module<Input>,
    H: Module<X::Output, Error = X::Error>,
{
    type Output = H::Output;
    type Error = X::Error;

    fn try_forward(&self, images: Input) -> Result<Self::Output, Self::Error> {
        self.head.try_forward(self.extractor.try_forward(images)?)
    }
}

/// Training runs the same forward pass (`forward_mut` is `forward`): no layer here behaves
/// differently while training.
impl<X, H> NonMutableModule for Classifier<X, H> {}
// ANCHOR_END: model

// ANCHOR: digits
/// The images of five consecutive digits, `first` to `first + 4`, each labelled with its place
/// among them: digit 7 is class 2 of the task 5–9. A five-way head then needs no output for the
/// digits the task never shows.
#[derive(Debug, Clone)]
pub struct Digits {
    /// The images, in the order of the split they came from.
    pub images: Split,
    /// The digit that is class 0.
    pub first: usize,
}

impl Digits {
    /// The examples of digits `first..first + 5` in `split`: all of them, or the first
    /// `per_digit` of each digit.
    pub fn of(split: &Split, first: usize, per_digit: Option<usize>) -> Self {
        let mut taken = [0; DIGITS];
        let chosen: Vec<usize> = (0..split.len())
            .filter(|&i| {
                let Some(class) = split.label(i).checked_sub(first).filter(|&c| c < DIGITS) else {
                    return false;
                };
                taken[class] += 1;
                per_digit.is_none_or(|n| taken[class] <= n)
            })
            .collect();
        Digits {
            images: split.select(&chosen),
            first,
        }
    }

    /// The class of example `i`: its digit minus [`Digits::first`].
    pub fn class(&self, i: usize) -> usize {
        self.images.label(i) - self.first
    }
}

/// What `kit::train` needs to draw batches: 784 pixels in, five classes out.
impl Examples<PIXELS, DIGITS> for Digits {
    fn len(&self) -> usize {
        self.images.len()
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, PIXELS, DIGITS, D> {
        let pixels = self.images.batch::<B, D>(indices, dev).images.as_vec();
        let classes = indices.iter().map(|&i| self.class(i)).collect();
        ExampleBatch::new(pixels, classes, dev)
    }
}
// ANCHOR_END: digits

// ANCHOR: frozen
/// A frozen extractor in front of a set of digits: each batch of images comes out as the
/// extractor's features, computed on a tensor without a tape. The training loop then sees
/// 400 numbers per example and trains whatever model it is given on them (the head): nothing in
/// it can reach the extractor, which it holds only by a shared reference.
#[derive(Debug, Clone, Copy)]
pub struct FrozenExtractor<'a> {
    /// The pretrained layers.
    pub extractor: &'a ExtractorNet,
    /// The images they run on.
    pub digits: &'a Digits,
}

impl Examples<FEATURES, DIGITS> for FrozenExtractor<'_> {
    fn len(&self) -> usize {
        self.digits.len()
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, FEATURES, DIGITS, D> {
        let cpu = Cpu::default();
        let images: ExampleBatch<B, PIXELS, DIGITS, Cpu> = self.digits.batch_of(indices, &cpu);
        // No `.traced(...)`: the forward pass records nothing, and nothing can flow back.
        let features = self.extractor.forward(images.inputs);
        ExampleBatch::new(features.as_vec(), images.labels, dev)
    }
}
// ANCHOR_END: frozen

// ANCHOR: features
/// Keras' "feature extraction" recipe: the frozen extractor run once over every image, and its
/// features kept. Training a head on them gives the head that [`FrozenExtractor`] trains, bit
/// for bit, without running the extractor every epoch; what it cannot do is show the extractor
/// a new version of each image every epoch (data augmentation).
#[derive(Debug, Clone)]
pub struct Features {
    /// [`FEATURES`] numbers per example, example after example.
    pub values: Vec<f32>,
    /// The class of each example.
    pub classes: Vec<usize>,
}

impl Features {
    /// Runs `extractor` once over `digits`, in batches, without a tape.
    pub fn extract(extractor: &ExtractorNet, digits: &Digits) -> Self {
        let all: Vec<usize> = (0..digits.len()).collect();
        let frozen = FrozenExtractor { extractor, digits };
        let mut values = Vec::with_capacity(digits.len() * FEATURES);
        for rows in all.chunks(EXTRACTION_BATCH) {
            let batch: ExampleBatch<usize, FEATURES, DIGITS, Cpu> =
                frozen.batch_of(rows, &Cpu::default());
            values.extend(batch.inputs.as_vec());
        }
        let classes = all.iter().map(|&i| digits.class(i)).collect();
        Features { values, classes }
    }
}

impl Examples<FEATURES, DIGITS> for Features {
    fn len(&self) -> usize {
        self.classes.len()
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, FEATURES, DIGITS, D> {
        let values = indices
            .iter()
            .flat_map(|&i| &self.values[i * FEATURES..(i + 1) * FEATURES])
            .copied()
            .collect();
        let classes = indices.iter().map(|&i| self.classes[i]).collect();
        ExampleBatch::new(values, classes, dev)
    }
}
// ANCHOR_END: features

/// Images per forward pass in [`Features::extract`]; without a tape, the size changes nothing but
/// speed.
const EXTRACTION_BATCH: usize = 500;

/// Seeds the pretrained network and the new head, and through them everything the lesson prints.
pub const SEED: u64 = 0;
/// Seeds the fresh network the saved file is loaded into: other weights, which only the file can
/// replace by the pretrained ones.
pub const FRESH_SEED: u64 = 1;
/// Passes over digits 0–4 when pretraining.
pub const PRETRAIN_EPOCHS: usize = 2;
/// Examples per step when pretraining.
pub const PRETRAIN_BATCH: usize = 32;
/// Training images of each digit 5–9: the new task's small data set.
pub const PER_DIGIT: usize = 20;
/// Passes over the small data set, for the transfer and for training from scratch.
pub const EPOCHS: usize = 30;
/// Examples per step on the small data set: 4 steps an epoch.
pub const BATCH: usize = 25;
/// Adam's learning rate for every run: with 4 steps an epoch, the default 0.001 would need
/// hundreds of epochs.
pub const LEARNING_RATE: f64 = 0.01;
/// Test accuracy on digits 0–4 that pretraining must reach; the lesson's test checks it.
pub const PRETRAIN_FLOOR: f32 = 0.95;
/// By how much the transfer must beat training from scratch in test accuracy, at the last epoch
/// and at the best one of each; the lesson's test checks it.
pub const MARGIN: f32 = 0.015;

fn adam<M>(model: &M) -> Adam<M, f32, Cpu> {
    Adam::new(
        model,
        AdamConfig {
            lr: LEARNING_RATE,
            ..Default::default()
        },
    )
}

/// The two tasks' data.
#[derive(Debug, Clone)]
pub struct Tasks {
    /// Training images of digits 0–4, all of them.
    pub pretrain: Digits,
    /// Test images of digits 0–4.
    pub pretrain_test: Digits,
    /// The first [`PER_DIGIT`] training images of each digit 5–9.
    pub small: Digits,
    /// Test images of digits 5–9.
    pub test: Digits,
}

impl Tasks {
    /// Picks the tasks' images from `mnist`.
    pub fn from(mnist: &Mnist) -> Self {
        Tasks {
            pretrain: Digits::of(&mnist.train, 0, None),
            pretrain_test: Digits::of(&mnist.test, 0, None),
            small: Digits::of(&mnist.train, NEW_TASK, Some(PER_DIGIT)),
            test: Digits::of(&mnist.test, NEW_TASK, None),
        }
    }
}

/// Trains `model` on `set` for `epochs` in batches of `B` (shuffled with `shuffle_seed`), and
/// returns the history with each epoch's test accuracy and loss, measured by `test(model)`.
fn fit_and_test<const B: usize, const IN: usize, M, X>(
    model: &mut M,
    set: &X,
    epochs: usize,
    shuffle_seed: u64,
    test: impl Fn(&M) -> Metrics,
) -> io::Result<History>
where
    M: TensorCollection<f32, Cpu>
        + train::Trainable<B, IN, DIGITS, Cpu>
        + train::Evaluable<IN, DIGITS, Cpu>,
    X: Examples<IN, DIGITS>,
{
    let mut optimizer = adam(&*model);
    let config = FitConfig {
        epochs,
        shuffle_seed,
        validation: None,
    };
    let mut measured = Vec::new();
    let mut history = train::fit_examples::<B, IN, DIGITS, _, _, _, _>(
        model,
        &mut optimizer,
        set,
        config,
        &Cpu::default(),
        |_, model| {
            measured.push(test(model));
            Ok(())
        },
    )?;
    for (record, metrics) in history.epochs.iter_mut().zip(measured) {
        record.validation = Some(metrics);
    }
    Ok(history)
}

/// A network trained on digits 0–4.
pub struct Pretrained {
    /// The network: its head has one logit per digit 0–4.
    pub network: Network,
    /// Its test metrics on digits 0–4 after each epoch.
    pub history: History,
}

// ANCHOR: pretrain
/// Builds a network and trains it on digits 0–4: the "pre-trained model", as someone else would
/// have trained it on a large data set.
pub fn pretrain(tasks: &Tasks, dev: &Cpu) -> io::Result<Pretrained> {
    let mut network = Network::build(dev);
    let test = &tasks.pretrain_test;
    let history = fit_and_test::<PRETRAIN_BATCH, PIXELS, _, _>(
        &mut network,
        &tasks.pretrain,
        PRETRAIN_EPOCHS,
        SEED,
        |model| train::evaluate_examples(model, test, &Cpu::default()),
    )?;
    Ok(Pretrained { network, history })
}
// ANCHOR_END: pretrain

// ANCHOR: save_and_load
/// Saves `network` as safetensors at `path` as p09 does (`kit::save`): into a temporary file in the same
/// folder, flushed to the disk and renamed to `path` once complete, so that `path` never holds
/// half a file. If anything fails, the temporary file is removed and `path` is left as it was.
///
/// # Errors
///
/// What writing or renaming the file returns.
pub fn save(network: &Network, path: &Path) -> io::Result<()> {
    kit::save::save_safetensors(network, path)
}

/// Loads the network saved at `path` into a freshly built one: the same code path as for any
/// safetensors file whose tensor names and shapes match the [`Network`] type.
///
/// # Errors
///
/// When the file cannot be read or does not hold the network's tensors.
pub fn load(path: &Path, dev: &Cpu) -> io::Result<Network> {
    let mut network = Network::build(dev);
    network
        .load_safetensors(path)
        .map_err(|err| io::Error::other(format!("{}: {err:?}", path.display())))?;
    Ok(network)
}
// ANCHOR_END: save_and_load

/// What the new task's two runs produced.
pub struct Comparison {
    /// The extractor as loaded, before the head was trained on top of it.
    pub loaded: ExtractorNet,
    /// The transfer: the frozen extractor and the head trained on it.
    pub transfer: Network,
    /// The transfer's test metrics on digits 5–9 after each epoch.
    pub transfer_history: History,
    /// The same network trained whole from random weights.
    pub scratch: Network,
    /// Its test metrics on digits 5–9 after each epoch.
    pub scratch_history: History,
    /// A second head trained on features extracted once ([`Features`]).
    pub head_on_cached_features: HeadNet,
}

// ANCHOR: transfer
/// Freezes `extractor`, puts a new head on it and trains the head on the small data set of
/// digits 5–9; then trains the whole network from scratch on the same data, the same way.
pub fn transfer_and_scratch(
    extractor: ExtractorNet,
    tasks: &Tasks,
    dev: &Cpu,
) -> io::Result<Comparison> {
    // The new head, and an optimizer built for it alone: the extractor is not even its type.
    let new_head = dev.build_module::<Head, f32>();
    let mut head = new_head.clone();
    let frozen = FrozenExtractor {
        extractor: &extractor,
        digits: &tasks.small,
    };
    // The frozen extractor's output on each test image never changes: extract it once.
    let test_features = Features::extract(&extractor, &tasks.test);
    let transfer_history =
        fit_and_test::<BATCH, FEATURES, _, _>(&mut head, &frozen, EPOCHS, SEED + 1, |head| {
            train::evaluate_examples(head, &test_features, &Cpu::default())
        })?;

    // The cached-features recipe, from the same new head.
    let mut head_on_cached_features = new_head;
    let small_features = Features::extract(&extractor, &tasks.small);
    fit_and_test::<BATCH, FEATURES, _, _>(
        &mut head_on_cached_features,
        &small_features,
        EPOCHS,
        SEED + 1,
        |_| Metrics {
            loss: f32::NAN,
            accuracy: f32::NAN,
        },
    )?;

    // From scratch: the same network, every weight random and trained.
    let mut scratch = Network::build(dev);
    let scratch_history = fit_and_test::<BATCH, PIXELS, _, _>(
        &mut scratch,
        &tasks.small,
        EPOCHS,
        SEED + 1,
        |model| train::evaluate_examples(model, &tasks.test, &Cpu::default()),
    )?;
    Ok(Comparison {
        loaded: extractor.clone(),
        transfer: Classifier { extractor, head },
        transfer_history,
        scratch,
        scratch_history,
        head_on_cached_features,
    })
}
// ANCHOR_END: transfer

/// Each epoch's test accuracy in `history`.
pub fn accuracies(history: &History) -> Vec<f32> {
    history
        .epochs
        .iter()
        .map(|e| e.validation.map_or(f32::NAN, |m| m.accuracy))
        .collect()
}

/// The highest value and its epoch (from 1; the first on a tie).
pub fn best(values: &[f32]) -> (f32, usize) {
    values
        .iter()
        .enumerate()
        .fold((f32::NEG_INFINITY, 0), |(best, at), (i, &v)| {
            if v > best {
                (v, i + 1)
            } else {
                (best, at)
            }
        })
}

/// Every value of every tensor of `model`, in order.
pub fn weights<M: TensorCollection<f32, Cpu>>(model: &M) -> Vec<f32> {
    named_parameters(model)
        .into_iter()
        .flat_map(|p| p.values)
        .collect()
}

/// The accuracy curves of the transfer and of training from scratch, as an SVG chart.
pub fn curves_figure(comparison: &Comparison) -> String {
    let percent = |h: &History| -> Vec<f32> { accuracies(h).iter().map(|a| 100.0 * a).collect() };
    let title = format!("Digits 5–9 from {PER_DIGIT} training images each");
    LineChart::new(&title, "epoch", "test accuracy (%)")
        .with(Series::per_epoch(
            "pretrained extractor, frozen; new head trained",
            percent(&comparison.transfer_history),
        ))
        .with(Series::per_epoch(
            "the same network trained from scratch",
            percent(&comparison.scratch_history),
        ))
        .y_range(50.0..100.0)
        .to_svg()
}

/// The names PyTorch gives the same network's tensors, for a module with a `features`
/// `nn.Sequential` (conv, ReLU, pool, conv, ReLU, pool, flatten) and a `classifier` `nn.Linear`.
pub const PYTORCH_NAMES: [(&str, &str); 6] = [
    ("extractor.1.0.weight", "features.0.weight"),
    ("extractor.1.0.bias", "features.0.bias"),
    ("extractor.2.0.weight", "features.3.weight"),
    ("extractor.2.0.bias", "features.3.bias"),
    ("head.weight", "classifier.weight"),
    ("head.bias", "classifier.bias"),
];

/// Prints the lesson: pretraining, saving, loading, freezing, the new task both ways, and the
/// figure of both accuracy curves.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "t21 · Transfer learning")?;
    writeln!(out)?;
    let tasks = Tasks::from(mnist);
    writeln!(out, "Data: {}", mnist.source)?;
    writeln!(
        out,
        "  pretraining task  digits 0–4: {:>5} training images, {:>5} test images",
        thousands(tasks.pretrain.len()),
        thousands(tasks.pretrain_test.len())
    )?;
    writeln!(
        out,
        "  new task          digits 5–9: {:>5} training images ({PER_DIGIT} of each), {:>5} test \
         images",
        thousands(tasks.small.len()),
        thousands(tasks.test.len())
    )?;
    writeln!(
        out,
        "  each task has a five-way head: class = digit − first digit (7 is class 2 of 5–9)"
    )?;
    writeln!(out)?;

    let dev = Cpu::seed_from_u64(SEED);
    let shape = Network::build(&Cpu::default());
    writeln!(
        out,
        "Model: Classifier {{ extractor, head }}, {} parameters",
        thousands(shape.num_trainable_params())
    )?;
    writeln!(
        out,
        "  extractor  {:>5}  1×28×28 → conv 3×3, 8 channels → ReLU → max-pool 2",
        thousands(shape.extractor.num_trainable_params())
    )?;
    writeln!(
        out,
        "                    → conv 3×3, 16 channels → ReLU → max-pool 2 → {FEATURES} features"
    )?;
    writeln!(
        out,
        "  head       {:>5}  Linear({FEATURES}, {DIGITS}): one logit per class",
        thousands(shape.head.num_trainable_params())
    )?;
    writeln!(out)?;

    // 1. Pretraining.
    let pretrained = pretrain(&tasks, &dev)?;
    let pretrained_accuracy = accuracies(&pretrained.history);
    writeln!(
        out,
        "1. Pretrain on digits 0–4: {PRETRAIN_EPOCHS} epochs, batches of {PRETRAIN_BATCH}, Adam \
         at {LEARNING_RATE}"
    )?;
    writeln!(
        out,
        "   test accuracy on digits 0–4: {}",
        percent(*pretrained_accuracy.last().unwrap_or(&f32::NAN)).trim_start()
    )?;
    writeln!(out)?;

    // 2. Saving and 3. loading.
    let dir = ScratchDir::new("t21-pretrained-models")?;
    let path = dir.join("pretrained.safetensors");
    save(&pretrained.network, &path)?;
    let size = fs::metadata(&path)?.len() as usize;
    writeln!(
        out,
        "2. Save it: pretrained.safetensors ({} bytes), written to a temporary file beside it, then renamed",
        thousands(size)
    )?;
    writeln!(
        out,
        "   tensor                shape          PyTorch's name for the same tensor"
    )?;
    for parameter in named_parameters(&pretrained.network) {
        let pytorch = PYTORCH_NAMES
            .iter()
            .find(|(ours, _)| *ours == parameter.name)
            .map_or("", |(_, theirs)| theirs);
        writeln!(
            out,
            "   {:<21} {:<14} {pytorch}",
            parameter.name,
            format!("{:?}", parameter.shape)
        )?;
    }
    writeln!(out)?;

    let loaded = load(&path, &Cpu::seed_from_u64(FRESH_SEED))?;
    let same = weights(&loaded) == weights(&pretrained.network);
    writeln!(
        out,
        "3. Load it into a fresh network (seed {FRESH_SEED}): every weight equal to the saved \
         one, bit for bit: {same}"
    )?;
    writeln!(
        out,
        "   keep its extractor; drop its head, whose five outputs mean digits 0–4"
    )?;
    writeln!(out)?;

    // 4. Freezing, and the new task both ways.
    writeln!(
        out,
        "4. Freeze the extractor: it runs without a tape, and Adam is built for the new head alone"
    )?;
    writeln!(
        out,
        "   trained: {} of {} parameters (the head); from scratch: all {}",
        thousands(shape.head.num_trainable_params()),
        thousands(shape.num_trainable_params()),
        thousands(shape.num_trainable_params())
    )?;
    writeln!(out)?;
    let comparison = transfer_and_scratch(loaded.extractor, &tasks, &dev)?;
    let transfer = accuracies(&comparison.transfer_history);
    let scratch = accuracies(&comparison.scratch_history);
    writeln!(
        out,
        "5. Train on the {} images of digits 5–9: {EPOCHS} epochs, batches of {BATCH}, Adam at \
         {LEARNING_RATE}",
        tasks.small.len()
    )?;
    writeln!(out, "   test accuracy on digits 5–9")?;
    writeln!(out, "   epoch   transfer   from scratch")?;
    for epoch in (1..=EPOCHS).filter(|&e| e <= 5 || e % 5 == 0) {
        writeln!(
            out,
            "   {epoch:>5}     {}        {}",
            percent(transfer[epoch - 1]),
            percent(scratch[epoch - 1])
        )?;
    }
    let ((t_best, t_at), (s_best, s_at)) = (best(&transfer), best(&scratch));
    writeln!(
        out,
        "    best     {}        {}     (epochs {t_at} and {s_at})",
        percent(t_best),
        percent(s_best)
    )?;
    writeln!(out)?;

    let frozen_still = weights(&comparison.transfer.extractor) == weights(&comparison.loaded);
    writeln!(
        out,
        "6. The extractor after {EPOCHS} epochs under the new head: the loaded weights, bit for \
         bit: {frozen_still}"
    )?;
    let cached_same =
        weights(&comparison.head_on_cached_features) == weights(&comparison.transfer.head);
    writeln!(
        out,
        "   features computed once, and a head trained on them (Keras' feature extraction):"
    )?;
    writeln!(out, "   the same head, bit for bit: {cached_same}")?;

    figures.add("accuracy.svg", curves_figure(&comparison))?;
    Ok(())
}
