//! What p09's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The files "from PyTorch" are written here with the `safetensors` crate, as
//! `safetensors.torch.save_file(model.state_dict(), path)` writes them for
//! `nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))`: four `F32` tensors named
//! `0.weight` [64, 784], `0.bias` [64], `2.weight` [10, 64] and `2.bias` [10], with seeded values
//! drawn as PyTorch initialises a `Linear` (uniform on ±1/√inputs). A loaded network's logits are
//! compared with the same network computed here in `f64`; a saved file is read back here, tensor
//! by tensor.

use ::safetensors::tensor::TensorView;
use ::safetensors::{serialize_to_file, Dtype as NumberType, SafeTensors};
use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::prelude::*;
use kit::check::Case;
use kit::scratch::ScratchDir;
use p09_save_and_load::{fresh_network, Architecture, Network};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

/// Units of the hidden layer.
const HIDDEN: usize = 64;

/// One tensor of a file: its name, its shape and its values.
type Entry = (String, Vec<usize>, Vec<f32>);

/// Writes `entries` as a safetensors file, in the given order, all `F32`.
fn write_file(path: &Path, entries: &[Entry]) {
    let bytes: Vec<Vec<u8>> = entries
        .iter()
        .map(|(_, _, values)| values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views: Vec<(String, TensorView)> = entries
        .iter()
        .zip(&bytes)
        .map(|((name, shape, _), data)| {
            let view = TensorView::new(NumberType::F32, shape.clone(), data).expect("sizes agree");
            (name.clone(), view)
        })
        .collect();
    serialize_to_file(views, &None, path).expect("the check writes its file");
}

/// A PyTorch state_dict of the lesson's architecture, in PyTorch's order and names, with values
/// drawn from `seed`; `outputs_of_hidden` is 64 for the right architecture.
fn torch_state(seed: u64, outputs_of_hidden: usize) -> Vec<Entry> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut uniform = |count: usize, inputs: usize| -> Vec<f32> {
        let bound = 1.0 / (inputs as f32).sqrt();
        (0..count).map(|_| rng.gen_range(-bound..bound)).collect()
    };
    vec![
        (
            "0.weight".into(),
            vec![outputs_of_hidden, PIXELS],
            uniform(outputs_of_hidden * PIXELS, PIXELS),
        ),
        (
            "0.bias".into(),
            vec![outputs_of_hidden],
            uniform(outputs_of_hidden, PIXELS),
        ),
        (
            "2.weight".into(),
            vec![CLASSES, outputs_of_hidden],
            uniform(CLASSES * outputs_of_hidden, outputs_of_hidden),
        ),
        (
            "2.bias".into(),
            vec![CLASSES],
            uniform(CLASSES, outputs_of_hidden),
        ),
    ]
}

/// The network of a state_dict, computed here in f64 on images of 784 pixels in [0, 1]:
/// `W2 · relu(W1 · x + b1) + b2` for each image, the logits row after row.
fn host_logits(state: &[Entry], images: &[Vec<f32>]) -> Vec<f32> {
    let (w1, b1, w2, b2) = (&state[0].2, &state[1].2, &state[2].2, &state[3].2);
    let mut logits = Vec::new();
    for x in images {
        let hidden: Vec<f64> = (0..HIDDEN)
            .map(|j| {
                let sum: f64 = (0..PIXELS)
                    .map(|i| f64::from(w1[j * PIXELS + i]) * f64::from(x[i]))
                    .sum();
                (sum + f64::from(b1[j])).max(0.0)
            })
            .collect();
        for k in 0..CLASSES {
            let sum: f64 = (0..HIDDEN)
                .map(|j| f64::from(w2[k * HIDDEN + j]) * hidden[j])
                .sum();
            logits.push((sum + f64::from(b2[k])) as f32);
        }
    }
    logits
}

/// The first `n` test images, as rows of pixels in [0, 1].
fn test_images(n: usize) -> Vec<Vec<f32>> {
    let test = Mnist::embedded().test;
    (0..n)
        .map(|i| {
            test.pixels(i)
                .iter()
                .map(|&p| f32::from(p) / 255.0)
                .collect()
        })
        .collect()
}

/// The four tensors of the lesson's network, with PyTorch's names and what each is.
fn tensors_of(model: &Network) -> [(&'static str, &'static str, Vec<f32>); 4] {
    let ((hidden, _relu), output) = model;
    [
        (
            "0.weight",
            "the hidden layer's weight",
            hidden.weight.as_vec(),
        ),
        ("0.bias", "the hidden layer's bias", hidden.bias.as_vec()),
        (
            "2.weight",
            "the output layer's weight",
            output.weight.as_vec(),
        ),
        ("2.bias", "the output layer's bias", output.bias.as_vec()),
    ]
}

/// Checks a solution of `load_torch_sequential`: two PyTorch files load into the network, which
/// then computes what they describe; three files that do not fit are refused with an error
/// naming the tensor at fault.
pub fn load_torch_sequential(solution: impl Fn(&mut Network, &Path) -> Result<(), String>) {
    let dir = ScratchDir::new("p09-check-load").expect("a temporary folder");
    let images = test_images(8);
    let dev = AutoDevice::default();
    let pixels: Vec<f32> = images.iter().flatten().copied().collect();
    for seed in [11, 12] {
        let state = torch_state(seed, HIDDEN);
        let path = dir.join(&format!("torch-{seed}.safetensors"));
        write_file(&path, &state);
        let input = format!("a PyTorch nn.Sequential state_dict with weights from seed {seed}");
        let case = Case::new("load_torch_sequential", &input);
        let mut model = fresh_network();
        let result = case.run(|| solution(&mut model, &path));
        case.expect_eq("the result", result, Ok(()));
        for ((name, what, got), (_, _, want)) in tensors_of(&model).iter().zip(&state) {
            case.expect_all_close(&format!("{what} ({name})"), got, want, 0.0);
        }
        let x = dev.tensor_from_vec(pixels.clone(), (images.len(), Const::<PIXELS>));
        let got = model.forward(x).as_vec();
        let want = host_logits(&state, &images);
        case.expect_all_close("the logits of the first 8 test digits", &got, &want, 1e-4);
        case.show("the four tensors loaded; the logits of 8 test digits match");
    }

    let mut wrong_shape = torch_state(13, HIDDEN);
    wrong_shape[2] = torch_state(13, 32).remove(2);
    let mut no_bias = torch_state(14, HIDDEN);
    no_bias.remove(1);
    let dfdx_names = dir.join("dfdx-names.safetensors");
    fresh_network()
        .save_safetensors(&dfdx_names)
        .expect("the check saves a file");
    let refusals = [
        (
            "a PyTorch file whose 2.weight is [10, 32]",
            Some(wrong_shape),
            "2.weight",
        ),
        ("a PyTorch file without 0.bias", Some(no_bias), "0.bias"),
        (
            "a file saved by dfdx's save_safetensors (0.0.weight, 0.0.bias, 1.weight, 1.bias)",
            None,
            "0.weight",
        ),
    ];
    for (i, (input, entries, culprit)) in refusals.into_iter().enumerate() {
        let path = match entries {
            Some(entries) => {
                let path = dir.join(&format!("bad-{i}.safetensors"));
                write_file(&path, &entries);
                path
            }
            None => dfdx_names.clone(),
        };
        let case = Case::new("load_torch_sequential", input);
        match case.run(|| solution(&mut fresh_network(), &path)) {
            Ok(()) => case.expect(false, "an Err for a file that does not fit, got Ok(())"),
            Err(message) => {
                case.expect(
                    message.contains(culprit),
                    &format!("the error to name tensor {culprit}, got {message:?}"),
                );
                case.show(format!("refused: {message}"));
            }
        }
    }
}

/// Checks a solution of `save_torch_sequential` on networks built from two seeds: the file must
/// hold PyTorch's four names and nothing else, each `F32`, with its shape and exactly the
/// network's numbers.
pub fn save_torch_sequential(solution: impl Fn(&Network, &Path) -> Result<(), String>) {
    let dir = ScratchDir::new("p09-check-save").expect("a temporary folder");
    for seed in [3, 4] {
        let model = AutoDevice::seed_from_u64(seed).build_module::<Architecture, f32>();
        let path = dir.join(&format!("saved-{seed}.safetensors"));
        let input = format!("the lesson's network built from seed {seed}");
        let case = Case::new("save_torch_sequential", &input);
        let result = case.run(|| solution(&model, &path));
        case.expect_eq("the result", result, Ok(()));
        case.expect(path.is_file(), "a file at the path it was given");
        let bytes = std::fs::read(&path).expect("the file can be read");
        let file = match SafeTensors::deserialize(&bytes) {
            Ok(file) => file,
            Err(err) => {
                case.expect(false, &format!("a safetensors file, got {err:?}"));
                unreachable!("`expect` panics on false")
            }
        };
        let mut names: Vec<String> = file.names().into_iter().cloned().collect();
        names.sort();
        case.expect_eq(
            "the tensor names",
            names,
            ["0.bias", "0.weight", "2.bias", "2.weight"]
                .map(String::from)
                .to_vec(),
        );
        let shapes = [
            vec![HIDDEN, PIXELS],
            vec![HIDDEN],
            vec![CLASSES, HIDDEN],
            vec![CLASSES],
        ];
        for ((name, what, want), shape) in tensors_of(&model).into_iter().zip(shapes) {
            let view = file.tensor(name).expect("the names were checked");
            case.expect_eq(
                &format!("the number type of {name}"),
                view.dtype(),
                NumberType::F32,
            );
            case.expect_eq(
                &format!("the shape of {name}"),
                view.shape().to_vec(),
                shape,
            );
            let got: Vec<f32> = view
                .data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect();
            case.expect_all_close(&format!("{what} ({name})"), &got, &want, 0.0);
        }
        case.show(format!(
            "{} bytes: 0.weight [64, 784], 0.bias [64], 2.weight [10, 64], 2.bias [10]",
            kit::thousands(bytes.len())
        ));
    }
}
