//! Reference solutions for t21's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{HeadNet, DIGITS, FEATURES, PYTORCH_NAMES};
use ::safetensors::{serialize_to_file, SafeTensors};
use datasets::PIXELS;
use dfdx::data::OneHotEncode;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use std::fs;
use std::io;
use std::path::Path;

/// Exercise `frozen_step`: one training step of the new head on top of the frozen extractor.
pub fn frozen_step<const B: usize, X>(
    extractor: &X,
    head: &mut HeadNet,
    adam: &mut Adam<HeadNet, f32, Cpu>,
    images: Tensor<Rank2<B, PIXELS>, f32, Cpu>,
    classes: [usize; B],
) -> f32
where
    X: Module<Tensor<Rank2<B, PIXELS>, f32, Cpu>, Output = Tensor<Rank2<B, FEATURES>, f32, Cpu>>,
{
    // No tape on the images: the extractor's forward pass records nothing.
    let features = extractor.forward(images);
    // The tape starts here, at the features: only the head's operations are recorded.
    let grads = head.alloc_grads();
    let logits = head.forward_mut(features.traced(grads));
    let targets = logits.device().one_hot_encode(Const::<DIGITS>, classes);
    let loss = cross_entropy_with_logits_loss(logits, targets);
    let value = loss.array();
    let grads = loss.backward();
    adam.update(head, &grads)
        .expect("both of the head's tensors take part in the loss");
    value
}

/// Exercise `rename_pytorch_weights`: the lesson's network as PyTorch saved it, renamed for dfdx.
pub fn rename_pytorch_weights(pytorch: &Path, dfdx: &Path) -> io::Result<()> {
    let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidData, message);
    let bytes = fs::read(pytorch)?;
    let file = SafeTensors::deserialize(&bytes)
        .map_err(|err| invalid(format!("{}: {err:?}", pytorch.display())))?;
    let mut renamed = Vec::new();
    for (name, tensor) in file.tensors() {
        // `DataParallel` wraps the model in `module`, and its state dict says so.
        let theirs = name.strip_prefix("module.").unwrap_or(&name);
        let Some((ours, _)) = PYTORCH_NAMES.iter().find(|(_, t)| *t == theirs) else {
            return Err(invalid(format!(
                "no tensor of the network is called {name}"
            )));
        };
        // The same layout on both sides: [out, in, k, k] for a convolution, [out, in] for a
        // linear layer. Keras' [k, k, in, out] and [in, out] would need transposing here.
        renamed.push((ours.to_string(), tensor));
    }
    serialize_to_file(renamed, &None, dfdx)
        .map_err(|err| invalid(format!("{}: {err:?}", dfdx.display())))
}
