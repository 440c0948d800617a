//! Reference solutions for t09's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{HeaderEntry, LayerParameters};
use kit::inspect::NamedParameter;
use serde_json::Value;

/// Exercise `parameters_per_layer`: the summary's parameter column from the names alone.
pub fn parameters_per_layer(parameters: &[NamedParameter<f32>]) -> Vec<LayerParameters> {
    let mut layers: Vec<LayerParameters> = Vec::new();
    for parameter in parameters {
        // The layer is everything before the last dot; a name without a dot is the model's own.
        let layer = match parameter.name.rsplit_once('.') {
            Some((layer, _)) => layer,
            None => "",
        };
        // A Vec keeps the order of first appearance, which a HashMap or BTreeMap would lose.
        let index = match layers.iter().position(|l| l.layer == layer) {
            Some(index) => index,
            None => {
                layers.push(LayerParameters {
                    layer: layer.to_string(),
                    trainable: 0,
                    non_trainable: 0,
                });
                layers.len() - 1
            }
        };
        if parameter.trainable {
            layers[index].trainable += parameter.count();
        } else {
            layers[index].non_trainable += parameter.count();
        }
    }
    layers
}

/// Exercise `read_header`: the tensors a safetensors file lists, read by hand.
pub fn read_header(file: &[u8]) -> Vec<HeaderEntry> {
    let length_bytes: [u8; 8] = file[..8].try_into().expect("a file of at least 8 bytes");
    let length = u64::from_le_bytes(length_bytes) as usize;
    let header: Value = serde_json::from_slice(&file[8..8 + length]).expect("the header is JSON");
    let object = header.as_object().expect("the header is a JSON object");
    let numbers = |value: &Value| -> Vec<usize> {
        let list = value.as_array().expect("a JSON list");
        let as_usize = |v: &Value| v.as_u64().expect("a whole number") as usize;
        list.iter().map(as_usize).collect()
    };
    let mut entries: Vec<HeaderEntry> = object
        .iter()
        .filter(|(name, _)| name.as_str() != "__metadata__")
        .map(|(name, info)| {
            let offsets = numbers(&info["data_offsets"]);
            HeaderEntry {
                name: name.clone(),
                dtype: info["dtype"]
                    .as_str()
                    .expect("dtype is a string")
                    .to_string(),
                shape: numbers(&info["shape"]),
                data_offsets: (offsets[0], offsets[1]),
            }
        })
        .collect();
    entries.sort_by_key(|entry| entry.data_offsets);
    entries
}
