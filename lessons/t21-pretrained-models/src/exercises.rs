//! Exercises for t21. Check them with `cargo xtask verify t21`; stuck, ask for a hint with
//! `cargo xtask hint t21`. Reference solutions: `answers/t21-pretrained-models.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::{HeadNet, FEATURES};
use datasets::PIXELS;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use std::io;
use std::path::Path;

/// Exercise `frozen_step`: one training step of the new head on top of the frozen extractor,
/// written by hand: what `kit::train` does for each batch of the lesson's transfer.
///
/// `extractor` is anything that turns a batch of images *without a tape* into features: its type
/// has no forward pass for traced tensors, so the extractor can record nothing and learn nothing.
/// `classes` holds each image's class in the new task (digit − 5, so 0 to 4). Compute the
/// features; run the head on them *with* a tape; take the softmax cross-entropy against the
/// classes one-hot; compute the gradients and let `adam`, which is built for the head, update the
/// head. Return the batch's loss before the update.
pub fn frozen_step<const B: usize, X>(
    #[allow(unused_variables)] extractor: &X,
    #[allow(unused_variables)] head: &mut HeadNet,
    #[allow(unused_variables)] adam: &mut Adam<HeadNet, f32, Cpu>,
    #[allow(unused_variables)] images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    #[allow(unused_variables)] classes: [usize; B],
) -> f32
where
    X: Module<Tensor<Rank2<B, PIXELS>, f32, Cpu>, Output = Tensor<Rank2<B, FEATURES>, f32, Cpu>>,
{
    // TODO: features = the extractor on the images; logits = the head on the features traced
    // into the head's gradients; the cross-entropy loss; backward; adam.update on the head.
    todo!("train the head one step on the frozen extractor's features and return the loss")
}

/// Exercise `rename_pytorch_weights`: turn the lesson's network as PyTorch saved it into a file
/// that dfdx's `load_safetensors` reads.
///
/// The file at `pytorch` holds the six tensors of a PyTorch module with a `features`
/// `nn.Sequential` and a `classifier` `nn.Linear` (the names the lesson prints beside its own),
/// possibly each prefixed with `module.`, as PyTorch's `DataParallel` saves them. Write at `dfdx`
/// a safetensors file holding the same tensors, values and shapes unchanged, under the names dfdx
/// gives them in [`crate::Network`], and no other tensor. Return an `InvalidData` error for a file
/// that is not safetensors or holds a tensor you cannot name.
pub fn rename_pytorch_weights(
    #[allow(unused_variables)] pytorch: &Path,
    #[allow(unused_variables)] dfdx: &Path,
) -> io::Result<()> {
    // TODO: read the file, deserialize it with the `safetensors` crate, give each tensor its
    // dfdx name, and serialize the renamed tensors to `dfdx`.
    todo!("write the tensors of `pytorch` under dfdx's names to `dfdx`")
}
