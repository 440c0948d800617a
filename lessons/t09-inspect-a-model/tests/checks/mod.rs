//! What t09's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `parameters_per_layer` is called on the parameters of models the lesson never prints (a
//! struct whose fields are not in alphabetical order, a single layer, skip connections nested
//! two deep) as well as the lesson's own; the expected counts come from dfdx's
//! `num_trainable_params()` on each layer by itself. `read_header` is called on files written
//! by dfdx, by the `safetensors` crate with metadata, and by hand with the JSON entries out of
//! order; the expected entries come from the `safetensors` crate's own reader.

#![allow(dead_code)] // each test binary uses only some of these helpers

use dfdx::nn::modules;
use dfdx::prelude::*;
use kit::check::Case;
use kit::inspect::{named_parameters, NamedParameter};
use kit::scratch::ScratchDir;
use std::collections::HashMap;
use t09_inspect_a_model::{HeaderEntry, LayerParameters, Mlp, SkipNet, SEED};

/// A layer as the check expects it.
fn layer(name: &str, trainable: usize, non_trainable: usize) -> LayerParameters {
    LayerParameters {
        layer: name.to_string(),
        trainable,
        non_trainable,
    }
}

/// A model whose fields are visited in an order that is not alphabetical: `features` first,
/// then `norm`, then `classifier`.
#[derive(Debug, Clone)]
pub struct Classifier<E: Dtype, D: Device<E>> {
    /// 12 inputs → 8 features.
    pub features: modules::Linear<12, 8, E, D>,
    /// Batch normalisation of the 8 features.
    pub norm: modules::BatchNorm1D<8, E, D>,
    /// 8 features → 3 classes.
    pub classifier: modules::Linear<8, 3, E, D>,
}

impl<D: Device<f32>> TensorCollection<f32, D> for Classifier<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = Classifier<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("features", |s| &s.features, |s| &mut s.features),
                Self::module("norm", |s| &s.norm, |s| &mut s.norm),
                Self::module("classifier", |s| &s.classifier, |s| &mut s.classifier),
            ),
            |(features, norm, classifier)| Classifier {
                features,
                norm,
                classifier,
            },
        )
    }
}

/// Checks a solution of `parameters_per_layer`.
pub fn parameters_per_layer(solution: impl Fn(&[NamedParameter<f32>]) -> Vec<LayerParameters>) {
    let dev = Cpu::seed_from_u64(SEED);

    // The lesson's second network: a BatchNorm1D with running statistics, and a skip connection.
    let skip_net = dev.build_module::<SkipNet, f32>();
    let skip_expected = vec![
        layer("0", skip_net.0.num_trainable_params(), 0),
        layer("1", skip_net.1.num_trainable_params(), 2 * 64),
        layer("3.0.0", skip_net.3 .0 .0.num_trainable_params(), 0),
        layer("4", skip_net.4.num_trainable_params(), 0),
    ];

    // A struct, its fields visited out of alphabetical order.
    let classifier = Classifier::<f32, Cpu>::build(&dev);
    let classifier_expected = vec![
        layer("features", classifier.features.num_trainable_params(), 0),
        layer("norm", classifier.norm.num_trainable_params(), 2 * 8),
        layer(
            "classifier",
            classifier.classifier.num_trainable_params(),
            0,
        ),
    ];

    // A single layer: its parameters have no dot in their names.
    let single = dev.build_module::<Linear<5, 7>, f32>();
    let single_expected = vec![layer("", single.num_trainable_params(), 0)];

    // Skip connections nested two deep, and the course's tuple network.
    type Nested = (
        Linear<10, 8>,
        Residual<(Linear<8, 8>, Residual<(Linear<8, 8>, Tanh)>)>,
    );
    let nested = dev.build_module::<Nested, f32>();
    let nested_expected = vec![
        layer("0", nested.0.num_trainable_params(), 0),
        layer("1.0.0", nested.1 .0 .0.num_trainable_params(), 0),
        layer("1.0.1.0.0", nested.1 .0 .1 .0 .0.num_trainable_params(), 0),
    ];
    let mlp = dev.build_module::<Mlp, f32>();
    let mlp_expected = vec![
        layer("0.0", mlp.0 .0.num_trainable_params(), 0),
        layer("1.0", mlp.1 .0.num_trainable_params(), 0),
        layer("2", mlp.2.num_trainable_params(), 0),
    ];

    let cases = [
        (
            "the parameters of the lesson's SkipNet",
            named_parameters(&skip_net),
            skip_expected,
            skip_net.num_trainable_params(),
        ),
        (
            "a struct with fields features: Linear<12, 8>, norm: BatchNorm1D<8>, classifier: \
             Linear<8, 3>, visited in that order",
            named_parameters(&classifier),
            classifier_expected,
            classifier.num_trainable_params(),
        ),
        (
            "a single Linear<5, 7>, whose parameters are named `weight` and `bias`",
            named_parameters(&single),
            single_expected,
            single.num_trainable_params(),
        ),
        (
            "(Linear<10, 8>, Residual<(Linear<8, 8>, Residual<(Linear<8, 8>, Tanh)>)>)",
            named_parameters(&nested),
            nested_expected,
            nested.num_trainable_params(),
        ),
        (
            "the parameters of the lesson's Mlp",
            named_parameters(&mlp),
            mlp_expected,
            mlp.num_trainable_params(),
        ),
    ];
    for (input, parameters, expected, num_trainable) in cases {
        let case = Case::new("parameters_per_layer", input);
        let got = case.run(|| solution(&parameters));
        // The model's own layer, named "", is shown as `(the model)`.
        let names = |layers: &[LayerParameters]| -> Vec<String> {
            let shown = |l: &LayerParameters| match l.layer.as_str() {
                "" => "(the model)".to_string(),
                name => name.to_string(),
            };
            layers.iter().map(shown).collect()
        };
        case.expect_eq(
            "the layers, in the order they first appear",
            names(&got).join(", "),
            names(&expected).join(", "),
        );
        for (got, expected) in got.iter().zip(&expected) {
            case.expect_eq(
                &format!(
                    "layer {:?}'s (trainable, non-trainable) counts",
                    expected.layer
                ),
                (got.trainable, got.non_trainable),
                (expected.trainable, expected.non_trainable),
            );
        }
        let trainable: usize = got.iter().map(|l| l.trainable).sum();
        case.expect_eq(
            "the trainable total, num_trainable_params()",
            trainable,
            num_trainable,
        );
        let shown: Vec<String> = got
            .iter()
            .map(|l| format!("{:?} {}+{}", l.layer, l.trainable, l.non_trainable))
            .collect();
        case.show(shown.join(", "));
    }
}

/// The entries of a safetensors file as the `safetensors` crate reads them, in the order of
/// their bytes.
fn entries_by_the_crate(file: &[u8]) -> Vec<HeaderEntry> {
    let (_, metadata) =
        ::safetensors::SafeTensors::read_metadata(file).expect("the check's file is valid");
    let mut entries: Vec<HeaderEntry> = metadata
        .tensors()
        .into_iter()
        .map(|(name, info)| HeaderEntry {
            name,
            dtype: format!("{:?}", info.dtype),
            shape: info.shape.clone(),
            data_offsets: info.data_offsets,
        })
        .collect();
    entries.sort_by_key(|entry| entry.data_offsets);
    entries
}

/// A safetensors file whose header lists its tensors in neither the order of their bytes nor
/// alphabetical order, with an `__metadata__` entry among them: valid, since readers go by the
/// offsets. `m` (I64, 2×3) holds bytes 0..48, `a` (F16, 1×2×2) bytes 48..56, `z` (U8, 4)
/// bytes 56..60.
fn handmade_file() -> Vec<u8> {
    let header = r#"{"a":{"dtype":"F16","shape":[1,2,2],"data_offsets":[48,56]},"__metadata__":{"format":"handmade"},"z":{"dtype":"U8","shape":[4],"data_offsets":[56,60]},"m":{"dtype":"I64","shape":[2,3],"data_offsets":[0,48]}}"#;
    let mut header = header.as_bytes().to_vec();
    while !header.len().is_multiple_of(8) {
        header.push(b' ');
    }
    let mut file = (header.len() as u64).to_le_bytes().to_vec();
    file.extend(&header);
    file.extend((0..60).map(|i| i as u8));
    file
}

/// A file written by the `safetensors` crate itself, with metadata, as PyTorch users' files
/// often carry (`{"format": "pt"}`).
fn file_with_metadata() -> Vec<u8> {
    let weight: Vec<u8> = (0..6u32).flat_map(|i| (i as f32).to_le_bytes()).collect();
    let bias: Vec<u8> = [0.5f64, -0.5]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let tensors = [
        (
            "encoder.layer.weight",
            ::safetensors::tensor::TensorView::new(::safetensors::Dtype::F32, vec![3, 2], &weight)
                .unwrap(),
        ),
        (
            "encoder.layer.bias",
            ::safetensors::tensor::TensorView::new(::safetensors::Dtype::F64, vec![2], &bias)
                .unwrap(),
        ),
    ];
    let metadata = HashMap::from([("format".to_string(), "pt".to_string())]);
    ::safetensors::serialize(tensors, &Some(metadata)).unwrap()
}

/// Saves `model` with dfdx's `save_safetensors` and returns the file's bytes.
fn saved<M, E>(model: &M) -> Vec<u8>
where
    M: SaveToSafetensors<E, Cpu>,
    E: Dtype + dfdx::tensor::safetensors::SafeDtype,
    Cpu: Device<E>,
{
    let dir = ScratchDir::new("t09-checks").expect("a temporary folder");
    let path = dir.join("model.safetensors");
    model.save_safetensors(&path).expect("dfdx saves the model");
    std::fs::read(&path).expect("the saved file reads back")
}

/// Checks a solution of `read_header`.
pub fn read_header(solution: impl Fn(&[u8]) -> Vec<HeaderEntry>) {
    let dev = Cpu::seed_from_u64(SEED);
    let skip_net = saved(&dev.build_module::<SkipNet, f32>());
    let other_dev = Cpu::seed_from_u64(7);
    let mlp_f64 = saved(&other_dev.build_module::<Mlp, f64>());
    let cases = [
        ("the lesson's skip-net.safetensors", skip_net),
        ("the lesson's Mlp saved in f64, seed 7", mlp_f64),
        (
            "a file written by the safetensors crate with __metadata__ {\"format\": \"pt\"}",
            file_with_metadata(),
        ),
        (
            "a hand-made file whose header lists a, __metadata__, z, m, while their bytes \
             lie in the order m, a, z",
            handmade_file(),
        ),
    ];
    for (input, file) in cases {
        let case = Case::new("read_header", input);
        let expected = entries_by_the_crate(&file);
        let got = case.run(|| solution(&file));
        let names = |entries: &[HeaderEntry]| -> Vec<String> {
            entries.iter().map(|e| e.name.clone()).collect()
        };
        case.expect_eq(
            "the names, in the order of their bytes",
            names(&got).join(", "),
            names(&expected).join(", "),
        );
        for (got, expected) in got.iter().zip(&expected) {
            case.expect_eq(
                &format!("the dtype of {}", expected.name),
                &got.dtype,
                &expected.dtype,
            );
            case.expect_eq(
                &format!("the shape of {}", expected.name),
                &got.shape,
                &expected.shape,
            );
            case.expect_eq(
                &format!("the data_offsets of {}", expected.name),
                got.data_offsets,
                expected.data_offsets,
            );
        }
        let shown: Vec<String> = got
            .iter()
            .map(|e| format!("{} {} {:?}", e.name, e.dtype, e.shape))
            .collect();
        case.show(shown.join(", "));
    }
}
