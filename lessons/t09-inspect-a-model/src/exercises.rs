//! Exercises for t09. Check them with `cargo xtask verify t09`; stuck, ask for a hint with
//! `cargo xtask hint t09`. Reference solutions: `answers/t09-inspect-a-model.rs`.
//!
//! The parameters are marked `#[allow(unused_variables)]` only because the starting `todo!`
//! does not use them yet; the compiler still warns about anything else you compute and never
//! use.

use crate::{HeaderEntry, LayerParameters};
use kit::inspect::NamedParameter;

/// Exercise `parameters_per_layer`: the summary's parameter column from the names alone.
///
/// `parameters` is what `kit::inspect::named_parameters(&model)` lists for some model. Group
/// the parameters into layers, as Netron groups the tensors of a safetensors file: a
/// parameter's layer is its name without the last dot-separated part (`0.0.weight` belongs to
/// layer `0.0`, `fc1.bias` to `fc1`, and a name without a dot, such as `weight`, to the layer
/// `""`, the model itself). Return one [`LayerParameters`] per layer, in the order in which
/// each layer first appears in `parameters`, with its trainable and non-trainable numbers
/// counted separately.
pub fn parameters_per_layer(
    #[allow(unused_variables)] parameters: &[NamedParameter<f32>],
) -> Vec<LayerParameters> {
    // TODO: group by layer, keeping the order of first appearance, and add up each
    // parameter's count (the product of its shape) as trainable or not.
    todo!("return one LayerParameters per layer")
}

/// Exercise `read_header`: the tensors a safetensors file lists, read by hand.
///
/// `file` holds a whole, valid safetensors file: 8 bytes that give the header's length `n` as
/// a little-endian `u64`, then `n` bytes of JSON, then the tensors' bytes. The JSON is an
/// object with one entry per tensor, `"name": {"dtype": "F32", "shape": [64, 784],
/// "data_offsets": [start, end]}`, and it may hold one more entry, `"__metadata__"`, which is
/// not a tensor. Return a [`HeaderEntry`] per tensor, in the order of their `data_offsets`
/// (the order of their bytes in the file). Parse the JSON with `serde_json`.
pub fn read_header(#[allow(unused_variables)] file: &[u8]) -> Vec<HeaderEntry> {
    // TODO: read the length, parse the header with serde_json::from_slice::<serde_json::Value>,
    // and turn each entry except "__metadata__" into a HeaderEntry.
    todo!("return the header's entries, in the order of their bytes")
}
