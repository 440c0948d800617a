//! Reference solutions for p09's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Network;
// `::` because dfdx's prelude has a module named `safetensors` too.
use ::safetensors::tensor::TensorView;
use ::safetensors::{serialize_to_file, Dtype as NumberType, SafeTensors};
use dfdx::prelude::*;
use std::path::Path;

/// Exercise `load_torch_sequential`: loads a PyTorch `nn.Sequential` state_dict, saved as
/// safetensors at `path`, into `model`.
pub fn load_torch_sequential(model: &mut Network, path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let file = SafeTensors::deserialize(&bytes)
        .map_err(|err| format!("{} is not a safetensors file: {err:?}", path.display()))?;
    // The tuple's parts are the layers: PyTorch's item 0 is the hidden Linear, item 2 the output.
    let ((hidden, _relu), output) = model;
    load_entry(&mut hidden.weight, &file, "0.weight")?;
    load_entry(&mut hidden.bias, &file, "0.bias")?;
    load_entry(&mut output.weight, &file, "2.weight")?;
    load_entry(&mut output.bias, &file, "2.bias")
}

/// Copies the file's entry `name` into `tensor`; dfdx checks that it exists and that its shape
/// is the tensor's, and the error gets the entry's name, which dfdx's shape error lacks.
fn load_entry<S: Shape>(
    tensor: &mut Tensor<S, f32, AutoDevice>,
    file: &SafeTensors,
    name: &str,
) -> Result<(), String> {
    tensor
        .load_safetensor(file, name)
        .map_err(|err| format!("tensor {name}: {err:?}"))
}

/// Exercise `save_torch_sequential`: writes `model`'s weights to `path` as PyTorch's
/// `save_file(model.state_dict(), path)` would.
pub fn save_torch_sequential(model: &Network, path: &Path) -> Result<(), String> {
    let ((hidden, _relu), output) = model;
    let entries = [
        entry("0.weight", &hidden.weight),
        entry("0.bias", &hidden.bias),
        entry("2.weight", &output.weight),
        entry("2.bias", &output.bias),
    ];
    let views = entries
        .iter()
        .map(|(name, shape, bytes)| {
            let view = TensorView::new(NumberType::F32, shape.clone(), bytes);
            view.map(|view| (name.clone(), view))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format!("{err:?}"))?;
    serialize_to_file(views, &None, path).map_err(|err| format!("{}: {err:?}", path.display()))
}

/// A tensor's name, its shape, and its numbers as little-endian bytes, as safetensors stores
/// them.
fn entry<S: Shape>(
    name: &str,
    tensor: &Tensor<S, f32, AutoDevice>,
) -> (String, Vec<usize>, Vec<u8>) {
    let shape = tensor.shape().concrete().into();
    let bytes = tensor
        .as_vec()
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    (name.to_string(), shape, bytes)
}
