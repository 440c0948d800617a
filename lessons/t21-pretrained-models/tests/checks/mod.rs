//! What t21's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The frozen step is compared with one batch of `kit::train::train_one_epoch_examples`, the loop
//! the lesson trains the head with, run on the features the extractor gives for the same images:
//! two steps in a row (the second uses the moments Adam kept from the first), on batches of two
//! sizes, from networks the lesson never prints. The renaming is checked by loading its file
//! into a fresh network with dfdx's own `load_safetensors`, for a plain state dict and for one
//! saved through `DataParallel`.

use datasets::{Mnist, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use indicatif::ProgressBar;
use kit::check::Case;
use kit::inspect::named_parameters;
use kit::scratch::ScratchDir;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::io;
use std::path::Path;
use t21_pretrained_models::{
    weights, Digits, ExtractorNet, Features, HeadNet, Network, DIGITS, FEATURES, NEW_TASK,
    PYTORCH_NAMES,
};

/// A training step: the frozen extractor, the head, the head's optimizer, a batch of images and
/// their classes; the loss.
pub trait FrozenStep<const B: usize>:
    Fn(
    &ExtractorNet,
    &mut HeadNet,
    &mut Adam<HeadNet, f32, Cpu>,
    Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    [usize; B],
) -> f32
{
}

impl<const B: usize, F> FrozenStep<B> for F where
    F: Fn(
        &ExtractorNet,
        &mut HeadNet,
        &mut Adam<HeadNet, f32, Cpu>,
        Tensor<Rank2<B, PIXELS>, f32, Cpu>,
        [usize; B],
    ) -> f32
{
}

fn adam(head: &HeadNet) -> Adam<HeadNet, f32, Cpu> {
    Adam::new(
        head,
        AdamConfig {
            lr: 0.01,
            ..Default::default()
        },
    )
}

/// Two steps of the solution on the first `B` images of `digits`, shuffled as the kit shuffles,
/// against the kit's loop training a copy of the head on the extractor's features.
fn frozen_steps_case<const B: usize>(
    solution: impl FrozenStep<B>,
    input: &str,
    digits: &Digits,
    seed: u64,
) {
    let dev = Cpu::seed_from_u64(seed);
    let mut network = Network::build(&dev);
    let extractor_before = weights(&network.extractor);
    let mut reference = network.head.clone();
    let mut optimizer = adam(&network.head);
    let mut reference_optimizer = adam(&reference);
    let examples = Digits {
        images: digits.images.head(B),
        first: digits.first,
    };
    let features = Features::extract(&network.extractor, &examples);

    for step in 1..=2 {
        let head_before = weights(&network.head);
        // The kit shuffles `0..B` with this generator exactly as `shuffled_batches` does.
        let rng = StdRng::seed_from_u64(seed * 100 + step);
        let batch = examples
            .images
            .shuffled_batches::<B, _>(&mut rng.clone(), &dev)
            .next()
            .expect("one batch");
        let classes: Vec<usize> = batch.labels.iter().map(|d| d - examples.first).collect();
        let classes: [usize; B] = classes.try_into().expect("B classes");
        let expected = kit::train::train_one_epoch_examples::<B, FEATURES, DIGITS, _, _, _, _>(
            &mut reference,
            &mut reference_optimizer,
            &features,
            &mut rng.clone(),
            &dev,
            &ProgressBar::hidden(),
        );

        let input = format!("{input}, step {step}");
        let case = Case::new("frozen_step", &input);
        let loss = case.run(|| {
            solution(
                &network.extractor,
                &mut network.head,
                &mut optimizer,
                batch.images,
                classes,
            )
        });
        case.expect_close("the loss before the update", loss, expected.loss, 1e-5);
        case.expect(
            weights(&network.extractor) == extractor_before,
            "the extractor's weights to stay exactly as they were (frozen)",
        );
        let head = weights(&network.head);
        case.expect(head != head_before, "the step to change the head's weights");
        case.expect_all_close("the head's weights", &head, &weights(&reference), 1e-5);
        case.show(format!("loss = {loss:.4}"));
    }
}

/// Checks a solution of `frozen_step`, on 25 training images of digits 5–9 and on 8 test ones.
pub fn frozen_step(on_25: impl FrozenStep<25>, on_8: impl FrozenStep<8>) {
    let mnist = Mnist::embedded();
    frozen_steps_case(
        on_25,
        "25 training images of digits 5–9, network seed 3",
        &Digits::of(&mnist.train, NEW_TASK, None),
        3,
    );
    frozen_steps_case(
        on_8,
        "8 test images of digits 5–9, network seed 4",
        &Digits::of(&mnist.test, NEW_TASK, None),
        4,
    );
}

/// Writes `network`'s tensors under PyTorch's names, each after `prefix`, as safetensors, and
/// `extra` tensors after them.
pub fn write_pytorch_file(
    network: &Network,
    prefix: &str,
    extra: &[(&str, Vec<usize>)],
    path: &Path,
) {
    let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = named_parameters(network)
        .into_iter()
        .map(|p| {
            let (_, theirs) = PYTORCH_NAMES
                .iter()
                .find(|(ours, _)| *ours == p.name)
                .expect("every tensor has a PyTorch name");
            let bytes = p.values.iter().flat_map(|v| v.to_le_bytes()).collect();
            (format!("{prefix}{theirs}"), p.shape, bytes)
        })
        .collect();
    for (name, shape) in extra {
        let bytes = vec![0; 4 * shape.iter().product::<usize>()];
        tensors.push((name.to_string(), shape.clone(), bytes));
    }
    let views = tensors.iter().map(|(name, shape, bytes)| {
        let view =
            ::safetensors::tensor::TensorView::new(::safetensors::Dtype::F32, shape.clone(), bytes)
                .expect("shape and bytes agree");
        (name.clone(), view)
    });
    ::safetensors::serialize_to_file(views, &None, path).expect("the scratch folder is writable");
}

/// The names of the tensors in the safetensors file at `path`, sorted.
fn names_in(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("the file was just written");
    let mut names: Vec<String> = ::safetensors::SafeTensors::deserialize(&bytes)
        .map(|file| file.names().into_iter().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The solution renames a file of seed `seed`'s network saved with `prefix`; a fresh network
/// must load the result with dfdx's `load_safetensors` and then hold the same weights.
fn rename_case(
    solution: &impl Fn(&Path, &Path) -> io::Result<()>,
    input: &str,
    prefix: &str,
    seed: u64,
) {
    let dir = ScratchDir::new("t21-check").expect("a scratch folder");
    let (pytorch, ours) = (
        dir.join("pytorch.safetensors"),
        dir.join("dfdx.safetensors"),
    );
    let saved = Network::build(&Cpu::seed_from_u64(seed));
    write_pytorch_file(&saved, prefix, &[], &pytorch);

    let case = Case::new("rename_pytorch_weights", input);
    let written = case.run(|| solution(&pytorch, &ours));
    if let Err(err) = &written {
        case.expect(false, &format!("Ok(()), got the error {err}"));
    }
    case.expect(ours.exists(), "a file written at the `dfdx` path");
    let mut expected: Vec<String> = PYTORCH_NAMES
        .iter()
        .map(|(ours, _)| ours.to_string())
        .collect();
    expected.sort();
    case.expect_eq("the tensors in the file", names_in(&ours), expected);
    let mut fresh = Network::build(&Cpu::seed_from_u64(seed + 1000));
    if let Err(err) = fresh.load_safetensors(&ours) {
        case.expect(
            false,
            &format!("dfdx's load_safetensors to read the file, got {err:?}"),
        );
    }
    case.expect(
        weights(&fresh) == weights(&saved),
        "every loaded weight equal to the saved one, bit for bit",
    );
    case.show("loads into the network, every weight equal");
}

/// The solution is given a state dict of another architecture (one tensor more): it must refuse
/// it with an `InvalidData` error rather than write a file that leaves the tensor out.
fn refusal_case(solution: &impl Fn(&Path, &Path) -> io::Result<()>) {
    let dir = ScratchDir::new("t21-check").expect("a scratch folder");
    let (pytorch, ours) = (
        dir.join("pytorch.safetensors"),
        dir.join("dfdx.safetensors"),
    );
    let saved = Network::build(&Cpu::seed_from_u64(7));
    write_pytorch_file(&saved, "", &[("features.6.weight", vec![5, 400])], &pytorch);

    let input = "a state dict with one tensor more, `features.6.weight` (another architecture)";
    let case = Case::new("rename_pytorch_weights", input);
    match case.run(|| solution(&pytorch, &ours)) {
        Ok(()) => case.expect(
            false,
            "an InvalidData error naming features.6.weight, got Ok(())",
        ),
        Err(err) => case.expect_eq("the error's kind", err.kind(), io::ErrorKind::InvalidData),
    }
    case.show("refused");
}

/// Checks a solution of `rename_pytorch_weights`, on a plain state dict, a `DataParallel` one and
/// one of another architecture.
pub fn rename_pytorch_weights(solution: impl Fn(&Path, &Path) -> io::Result<()>) {
    rename_case(
        &solution,
        "a state dict named `features.0.weight`, …, network seed 5",
        "",
        5,
    );
    rename_case(
        &solution,
        "a state dict saved through DataParallel, named `module.features.0.weight`, …, network \
         seed 6",
        "module.",
        6,
    );
    refusal_case(&solution);
}
