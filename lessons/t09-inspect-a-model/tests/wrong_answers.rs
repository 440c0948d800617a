//! Answers that look right on the lesson's own model but are wrong, and literals copied from
//! the lesson's output: the checks must reject every one, each for the reason named.
//! (Spoilers: these are near-solutions.)

mod checks;

use kit::inspect::NamedParameter;
use serde_json::Value;
use std::collections::BTreeMap;
use t09_inspect_a_model::{HeaderEntry, LayerParameters};

/// Groups by a layer name that `layer_of` picks, keeping the order of first appearance (or
/// the map's order, with `sorted`), counting trainable and non-trainable numbers apart unless
/// `all_trainable`.
fn grouped(
    parameters: &[NamedParameter<f32>],
    layer_of: impl Fn(&str) -> String,
    sorted: bool,
    all_trainable: bool,
) -> Vec<LayerParameters> {
    let mut layers: Vec<LayerParameters> = Vec::new();
    for parameter in parameters {
        let layer = layer_of(&parameter.name);
        let index = match layers.iter().position(|l| l.layer == layer) {
            Some(index) => index,
            None => {
                layers.push(LayerParameters {
                    layer,
                    trainable: 0,
                    non_trainable: 0,
                });
                layers.len() - 1
            }
        };
        if parameter.trainable || all_trainable {
            layers[index].trainable += parameter.count();
        } else {
            layers[index].non_trainable += parameter.count();
        }
    }
    if sorted {
        // What collecting into a BTreeMap<String, _> gives back: alphabetical order.
        let map: BTreeMap<String, LayerParameters> =
            layers.into_iter().map(|l| (l.layer.clone(), l)).collect();
        layers = map.into_values().collect();
    }
    layers
}

/// The name up to its last dot: right.
fn up_to_last_dot(name: &str) -> String {
    name.rsplit_once('.')
        .map_or("", |(layer, _)| layer)
        .to_string()
}

#[test]
#[should_panic(expected = "`parameters_per_layer` is wrong for a struct with fields features")]
fn parameters_per_layer_rejects_the_lessons_rows() {
    checks::parameters_per_layer(|_| {
        [
            ("0", 50_240, 0),
            ("1", 128, 128),
            ("3.0.0", 4_160, 0),
            ("4", 650, 0),
        ]
        .into_iter()
        .map(|(layer, trainable, non_trainable)| LayerParameters {
            layer: layer.to_string(),
            trainable,
            non_trainable,
        })
        .collect()
    });
}

/// `split_once` splits at the first dot: `3.0.0.weight` lands in layer `3`.
#[test]
#[should_panic(
    expected = "`parameters_per_layer` is wrong for the parameters of the lesson's SkipNet"
)]
fn parameters_per_layer_rejects_the_first_part_of_the_name() {
    checks::parameters_per_layer(|parameters| {
        let first_part = |name: &str| name.split_once('.').map_or("", |(l, _)| l).to_string();
        grouped(parameters, first_part, false, false)
    });
}

/// A BTreeMap groups correctly but returns the layers in alphabetical order, which for a
/// tuple model is the order of its layers anyway.
#[test]
#[should_panic(
    expected = "`parameters_per_layer` is wrong for a struct with fields features: Linear<12, 8>, norm: BatchNorm1D<8>, classifier: Linear<8, 3>, visited in that order:\n  expected the layers, in the order they first appear"
)]
fn parameters_per_layer_rejects_a_sorted_map() {
    checks::parameters_per_layer(|parameters| grouped(parameters, up_to_last_dot, true, false));
}

/// Counting the running mean and variance as trainable, as `count()` alone would.
#[test]
#[should_panic(
    expected = "`parameters_per_layer` is wrong for the parameters of the lesson's SkipNet:\n  expected layer \"1\"'s (trainable, non-trainable) counts = (128, 128), got (256, 0)"
)]
fn parameters_per_layer_rejects_counting_every_number_as_trainable() {
    checks::parameters_per_layer(|parameters| grouped(parameters, up_to_last_dot, false, true));
}

/// The header read right, but its entries left in the order serde_json's map keeps them:
/// alphabetical, which puts `0.bias` before `1.epsilon` although its bytes come after.
fn unsorted_header(file: &[u8]) -> Vec<HeaderEntry> {
    let length = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    let header: Value = serde_json::from_slice(&file[8..8 + length]).unwrap();
    let numbers = |value: &Value| -> Vec<usize> {
        let list = value.as_array().unwrap();
        list.iter().map(|v| v.as_u64().unwrap() as usize).collect()
    };
    header
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, _)| name.as_str() != "__metadata__")
        .map(|(name, info)| {
            let offsets = numbers(&info["data_offsets"]);
            HeaderEntry {
                name: name.clone(),
                dtype: info["dtype"].as_str().unwrap().to_string(),
                shape: numbers(&info["shape"]),
                data_offsets: (offsets[0], offsets[1]),
            }
        })
        .collect()
}

#[test]
#[should_panic(
    expected = "`read_header` is wrong for the lesson's skip-net.safetensors:\n  expected the names, in the order of their bytes"
)]
fn read_header_rejects_the_maps_order() {
    checks::read_header(unsorted_header);
}

/// Every entry taken for a tensor, `__metadata__` included: it has no `dtype`.
#[test]
#[should_panic(
    expected = "`read_header` panicked when given a file written by the safetensors crate with __metadata__"
)]
fn read_header_rejects_reading_the_metadata_as_a_tensor() {
    checks::read_header(|file| {
        let length = u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
        let header: Value = serde_json::from_slice(&file[8..8 + length]).unwrap();
        let mut entries: Vec<HeaderEntry> = header
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, info)| HeaderEntry {
                name: name.clone(),
                dtype: info["dtype"].as_str().unwrap().to_string(),
                shape: info["shape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as usize)
                    .collect(),
                data_offsets: (
                    info["data_offsets"][0].as_u64().unwrap() as usize,
                    info["data_offsets"][1].as_u64().unwrap() as usize,
                ),
            })
            .collect();
        entries.sort_by_key(|e| e.data_offsets);
        entries
    });
}

/// The length read as big-endian: a number far larger than the file.
#[test]
#[should_panic(expected = "`read_header` panicked when given the lesson's skip-net.safetensors")]
fn read_header_rejects_a_big_endian_length() {
    checks::read_header(|file| {
        let length = u64::from_be_bytes(file[..8].try_into().unwrap()) as usize;
        let _header: Value = serde_json::from_slice(&file[8..8 + length]).unwrap();
        Vec::new()
    });
}

/// The lesson's printed entries, copied.
#[test]
#[should_panic(expected = "`read_header` is wrong for the lesson's Mlp saved in f64, seed 7")]
fn read_header_rejects_the_lessons_entries() {
    checks::read_header(|_| {
        let entries = [
            ("1.epsilon", "F64", vec![], (0, 8)),
            ("1.momentum", "F64", vec![], (8, 16)),
            ("0.bias", "F32", vec![64], (16, 272)),
            ("0.weight", "F32", vec![64, 784], (272, 200_976)),
            ("1.bias", "F32", vec![64], (200_976, 201_232)),
            ("1.running_mean", "F32", vec![64], (201_232, 201_488)),
            ("1.running_var", "F32", vec![64], (201_488, 201_744)),
            ("1.scale", "F32", vec![64], (201_744, 202_000)),
            ("3.0.0.bias", "F32", vec![64], (202_000, 202_256)),
            ("3.0.0.weight", "F32", vec![64, 64], (202_256, 218_640)),
            ("4.bias", "F32", vec![10], (218_640, 218_680)),
            ("4.weight", "F32", vec![10, 64], (218_680, 221_240)),
        ];
        entries
            .into_iter()
            .map(|(name, dtype, shape, data_offsets)| HeaderEntry {
                name: name.to_string(),
                dtype: dtype.to_string(),
                shape,
                data_offsets,
            })
            .collect()
    });
}
