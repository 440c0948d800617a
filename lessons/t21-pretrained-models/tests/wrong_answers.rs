//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use datasets::PIXELS;
use dfdx::data::OneHotEncode;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use std::io;
use std::path::Path;
use t21_pretrained_models::{ExtractorNet, HeadNet, DIGITS, PYTORCH_NAMES};

/// The head's loss on the batch, computed on the frozen extractor's features (tape on the head).
fn head_loss<const B: usize>(
    extractor: &ExtractorNet,
    head: &HeadNet,
    images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    classes: [usize; B],
) -> Tensor<Rank0, f32, Cpu, OwnedTape<f32, Cpu>> {
    let features = extractor.forward(images);
    let logits = head.forward(features.traced(head.alloc_grads()));
    let targets = logits.device().one_hot_encode(Const::<DIGITS>, classes);
    cross_entropy_with_logits_loss(logits, targets)
}

/// A literal: ln 5, what an untrained five-way head scores, and no training.
fn ln_5<const B: usize>(
    _extractor: &ExtractorNet,
    _head: &mut HeadNet,
    _adam: &mut Adam<HeadNet, f32, Cpu>,
    _images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    _classes: [usize; B],
) -> f32 {
    1.609
}

#[test]
#[should_panic(expected = "`frozen_step` is wrong for 25 training images of digits 5–9")]
fn frozen_step_rejects_a_literal() {
    checks::frozen_step(ln_5, ln_5);
}

/// The right loss, but the head is never updated.
fn forgets_the_update<const B: usize>(
    extractor: &ExtractorNet,
    head: &mut HeadNet,
    _adam: &mut Adam<HeadNet, f32, Cpu>,
    images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    classes: [usize; B],
) -> f32 {
    head_loss(extractor, head, images, classes).array()
}

#[test]
#[should_panic(expected = "expected the step to change the head's weights")]
fn frozen_step_rejects_a_step_without_the_update() {
    checks::frozen_step(forgets_the_update, forgets_the_update);
}

/// A new optimizer at every step: right on the first step, but Adam's moments (its memory of
/// earlier gradients) start again from zero at each one.
fn a_new_adam_each_step<const B: usize>(
    extractor: &ExtractorNet,
    head: &mut HeadNet,
    _adam: &mut Adam<HeadNet, f32, Cpu>,
    images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    classes: [usize; B],
) -> f32 {
    let loss = head_loss(extractor, head, images, classes);
    let value = loss.array();
    let grads = loss.backward();
    let config = AdamConfig {
        lr: 0.01,
        ..Default::default()
    };
    let mut fresh: Adam<HeadNet, f32, Cpu> = Adam::new(head, config);
    fresh.update(head, &grads).expect("used");
    value
}

#[test]
#[should_panic(expected = "25 training images of digits 5–9, network seed 3, step 2")]
fn frozen_step_rejects_a_new_optimizer_at_each_step() {
    checks::frozen_step(a_new_adam_each_step, a_new_adam_each_step);
}

/// The right step, but the loss returned is measured again after the update.
fn loss_after_the_update<const B: usize>(
    extractor: &ExtractorNet,
    head: &mut HeadNet,
    adam: &mut Adam<HeadNet, f32, Cpu>,
    images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    classes: [usize; B],
) -> f32 {
    let grads = head_loss(extractor, head, images.clone(), classes).backward();
    adam.update(head, &grads).expect("used");
    head_loss(extractor, head, images, classes).array()
}

#[test]
#[should_panic(expected = "expected the loss before the update")]
fn frozen_step_rejects_the_loss_after_the_update() {
    checks::frozen_step(loss_after_the_update, loss_after_the_update);
}

/// Copies the file as it is: PyTorch's names, which dfdx does not look for.
fn copies_the_file(pytorch: &Path, dfdx: &Path) -> io::Result<()> {
    std::fs::copy(pytorch, dfdx).map(|_| ())
}

#[test]
#[should_panic(expected = "expected the tensors in the file")]
fn rename_pytorch_weights_rejects_a_copy() {
    checks::rename_pytorch_weights(copies_the_file);
}

/// Renames by the table, but forgets that `DataParallel` puts `module.` before every name.
fn ignores_data_parallel(pytorch: &Path, dfdx: &Path) -> io::Result<()> {
    let bytes = std::fs::read(pytorch)?;
    let file = ::safetensors::SafeTensors::deserialize(&bytes).map_err(io::Error::other)?;
    let renamed: Vec<_> = file
        .tensors()
        .into_iter()
        .map(|(name, tensor)| {
            let ours = PYTORCH_NAMES
                .iter()
                .find(|(_, theirs)| *theirs == name)
                .map_or(name.clone(), |(ours, _)| ours.to_string());
            (ours, tensor)
        })
        .collect();
    ::safetensors::serialize_to_file(renamed, &None, dfdx).map_err(io::Error::other)
}

#[test]
#[should_panic(
    expected = "`rename_pytorch_weights` is wrong for a state dict saved through \
                           DataParallel"
)]
fn rename_pytorch_weights_rejects_names_left_with_their_prefix() {
    checks::rename_pytorch_weights(ignores_data_parallel);
}

/// Renames the six tensors it knows and leaves out any other: the file loads, but the model it
/// came from was not this one.
fn drops_unknown_tensors(pytorch: &Path, dfdx: &Path) -> io::Result<()> {
    let bytes = std::fs::read(pytorch)?;
    let file = ::safetensors::SafeTensors::deserialize(&bytes).map_err(io::Error::other)?;
    let renamed: Vec<_> = file
        .tensors()
        .into_iter()
        .filter_map(|(name, tensor)| {
            let theirs = name.strip_prefix("module.").unwrap_or(&name).to_string();
            PYTORCH_NAMES
                .iter()
                .find(|(_, t)| *t == theirs)
                .map(|(ours, _)| (ours.to_string(), tensor))
        })
        .collect();
    ::safetensors::serialize_to_file(renamed, &None, dfdx).map_err(io::Error::other)
}

#[test]
#[should_panic(expected = "expected an InvalidData error naming features.6.weight, got Ok(())")]
fn rename_pytorch_weights_rejects_a_file_of_another_architecture() {
    checks::rename_pytorch_weights(drops_unknown_tensors);
}
