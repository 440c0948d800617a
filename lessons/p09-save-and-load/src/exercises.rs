//! Exercises for p09. Check them with `cargo xtask verify p09`; stuck, ask for a hint with
//! `cargo xtask hint p09`. Reference solutions: `answers/p09-save-and-load.rs`.
//!
//! Both exercises make the lesson's network read and write the files PyTorch writes for the
//! same architecture, `nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))`, saved
//! with `safetensors.torch.save_file(model.state_dict(), path)`. Such a file holds the same four
//! tensors, with the same shapes, as the lesson's `model.safetensors`, under other names:
//! `0.weight`, `0.bias`, `2.weight` and `2.bias` (the ReLU is item 1 of the Sequential and has no
//! weights), where dfdx's tuple says `0.0.weight`, `0.0.bias`, `1.weight` and `1.bias`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Network;
#[allow(unused_imports)] // the tensor methods your solutions call (`shape`, …)
use dfdx::prelude::*;
use std::path::Path;

/// Exercise `load_torch_sequential`: loads a PyTorch `nn.Sequential` state_dict, saved as
/// safetensors at `path`, into `model`: `0.weight` and `0.bias` into the hidden layer, `2.weight`
/// and `2.bias` into the output layer.
///
/// A file that lacks one of the four tensors, or holds one with another shape, is an `Err` (not
/// a panic) whose message names that tensor as the file calls it (`2.weight`, say).
pub fn load_torch_sequential(
    #[allow(unused_variables)] model: &mut Network,
    #[allow(unused_variables)] path: &Path,
) -> Result<(), String> {
    // TODO: read the file, open it with the `safetensors` crate, and load each of the model's
    // four tensors from the entry PyTorch gives it, naming the entry in any error.
    todo!("load 0.weight, 0.bias, 2.weight and 2.bias into the model's two layers")
}

/// Exercise `save_torch_sequential`: writes `model`'s weights to `path` as the safetensors file
/// that PyTorch's `save_file(model.state_dict(), path)` writes for the same network: the four
/// tensors under PyTorch's names, as `F32`, with their shapes (a weight is `[outputs, inputs]`
/// in PyTorch as in dfdx), and nothing else, so that `model.load_state_dict(load_file(path))`
/// works in Python.
pub fn save_torch_sequential(
    #[allow(unused_variables)] model: &Network,
    #[allow(unused_variables)] path: &Path,
) -> Result<(), String> {
    // TODO: turn each of the four tensors into its name, its shape and its numbers as
    // little-endian bytes, and write them with the `safetensors` crate.
    todo!("write 0.weight, 0.bias, 2.weight and 2.bias with the safetensors crate")
}
