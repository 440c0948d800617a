//! Answers that look right but are wrong: the checks must reject every one, each for the reason
//! named. (Spoilers: these are near-solutions.)

mod checks;

use ::safetensors::tensor::TensorView;
use ::safetensors::{serialize_to_file, Dtype as NumberType, SafeTensors};
use dfdx::prelude::*;
use p09_save_and_load::Network;
use std::path::Path;

/// dfdx's own loader: it looks for dfdx's names (`0.0.weight`), which a PyTorch file lacks.
fn with_dfdx_names(model: &mut Network, path: &Path) -> Result<(), String> {
    model
        .load_safetensors(path)
        .map_err(|err| format!("{err:?}"))
}

#[test]
#[should_panic(
    expected = "is wrong for a PyTorch nn.Sequential state_dict with weights from seed 11:\n  expected the result = Ok(())"
)]
fn load_torch_sequential_rejects_dfdx_names() {
    checks::load_torch_sequential(with_dfdx_names);
}

/// Loads the given names into the model's four tensors, naming the entry in any error.
fn load_named(
    model: &mut Network,
    path: &Path,
    names: [&str; 4],
    name_errors: bool,
) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let file = SafeTensors::deserialize(&bytes).map_err(|err| format!("{err:?}"))?;
    let ((hidden, _), output) = model;
    let say = |name: &str, err: dfdx::tensor::safetensors::Error| {
        if name_errors {
            format!("tensor {name}: {err:?}")
        } else {
            format!("{err:?}")
        }
    };
    hidden
        .weight
        .load_safetensor(&file, names[0])
        .map_err(|e| say(names[0], e))?;
    hidden
        .bias
        .load_safetensor(&file, names[1])
        .map_err(|e| say(names[1], e))?;
    output
        .weight
        .load_safetensor(&file, names[2])
        .map_err(|e| say(names[2], e))?;
    output
        .bias
        .load_safetensor(&file, names[3])
        .map_err(|e| say(names[3], e))
}

/// Counts the layers that have weights, and forgets that the ReLU takes index 1 in PyTorch's
/// Sequential: `1.weight` for the output layer.
fn skipping_the_relu(model: &mut Network, path: &Path) -> Result<(), String> {
    load_named(
        model,
        path,
        ["0.weight", "0.bias", "1.weight", "1.bias"],
        true,
    )
}

#[test]
#[should_panic(
    expected = "expected the result = Ok(()), got Err(\"tensor 1.weight: SafeTensorError(TensorNotFound(\\\"1.weight\\\"))\")"
)]
fn load_torch_sequential_rejects_skipping_the_relu() {
    checks::load_torch_sequential(skipping_the_relu);
}

/// Loads the right tensors, but passes dfdx's error on as it is: its shape error does not say
/// which tensor.
fn unnamed_errors(model: &mut Network, path: &Path) -> Result<(), String> {
    load_named(
        model,
        path,
        ["0.weight", "0.bias", "2.weight", "2.bias"],
        false,
    )
}

#[test]
#[should_panic(expected = "expected the error to name tensor 2.weight, got \"MismatchedDimension")]
fn load_torch_sequential_rejects_errors_that_name_no_tensor() {
    checks::load_torch_sequential(unnamed_errors);
}

/// A literal answer: says it loaded, and loads nothing.
fn loads_nothing(_model: &mut Network, _path: &Path) -> Result<(), String> {
    Ok(())
}

#[test]
#[should_panic(expected = "expected the hidden layer's weight (0.weight)[0] =")]
fn load_torch_sequential_rejects_a_literal() {
    checks::load_torch_sequential(loads_nothing);
}

/// dfdx's own saver: the right numbers under dfdx's names.
fn saved_with_dfdx_names(model: &Network, path: &Path) -> Result<(), String> {
    model
        .save_safetensors(path)
        .map_err(|err| format!("{err:?}"))
}

#[test]
#[should_panic(
    expected = "expected the tensor names = [\"0.bias\", \"0.weight\", \"2.bias\", \"2.weight\"], got [\"0.0.bias\""
)]
fn save_torch_sequential_rejects_dfdx_names() {
    checks::save_torch_sequential(saved_with_dfdx_names);
}

/// Writes the four tensors under `names`; with `keras_layout`, each weight is transposed to
/// `[inputs, outputs]`, the layout of a Keras `Dense` kernel.
fn save_named(
    model: &Network,
    path: &Path,
    names: [&str; 4],
    keras_layout: bool,
) -> Result<(), String> {
    let ((hidden, _), output) = model;
    let transpose = |values: Vec<f32>, rows: usize, cols: usize| -> Vec<f32> {
        (0..cols)
            .flat_map(|c| (0..rows).map(move |r| (r, c)))
            .map(|(r, c)| values[r * cols + c])
            .collect()
    };
    let (w1, w1_shape, w2, w2_shape) = if keras_layout {
        (
            transpose(hidden.weight.as_vec(), 64, 784),
            vec![784, 64],
            transpose(output.weight.as_vec(), 10, 64),
            vec![64, 10],
        )
    } else {
        (
            hidden.weight.as_vec(),
            vec![64, 784],
            output.weight.as_vec(),
            vec![10, 64],
        )
    };
    let entries = [
        (names[0], w1_shape, w1),
        (names[1], vec![64], hidden.bias.as_vec()),
        (names[2], w2_shape, w2),
        (names[3], vec![10], output.bias.as_vec()),
    ];
    let bytes: Vec<Vec<u8>> = entries
        .iter()
        .map(|(_, _, values)| values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views: Vec<(String, TensorView)> = entries
        .iter()
        .zip(&bytes)
        .map(|((name, shape, _), data)| {
            (
                name.to_string(),
                TensorView::new(NumberType::F32, shape.clone(), data).unwrap(),
            )
        })
        .collect();
    serialize_to_file(views, &None, path).map_err(|err| format!("{err:?}"))
}

/// PyTorch's names without the ReLU's index.
fn saved_skipping_the_relu(model: &Network, path: &Path) -> Result<(), String> {
    save_named(
        model,
        path,
        ["0.weight", "0.bias", "1.weight", "1.bias"],
        false,
    )
}

#[test]
#[should_panic(
    expected = "expected the tensor names = [\"0.bias\", \"0.weight\", \"2.bias\", \"2.weight\"], got [\"0.bias\", \"0.weight\", \"1.bias\", \"1.weight\"]"
)]
fn save_torch_sequential_rejects_skipping_the_relu() {
    checks::save_torch_sequential(saved_skipping_the_relu);
}

/// The right names, with each weight in Keras' `[inputs, outputs]` layout.
fn saved_in_keras_layout(model: &Network, path: &Path) -> Result<(), String> {
    save_named(
        model,
        path,
        ["0.weight", "0.bias", "2.weight", "2.bias"],
        true,
    )
}

#[test]
#[should_panic(expected = "expected the shape of 0.weight = [64, 784], got [784, 64]")]
fn save_torch_sequential_rejects_the_keras_layout() {
    checks::save_torch_sequential(saved_in_keras_layout);
}

/// A literal answer: says it saved, and writes nothing.
fn writes_nothing(_model: &Network, _path: &Path) -> Result<(), String> {
    Ok(())
}

#[test]
#[should_panic(expected = "expected a file at the path it was given")]
fn save_torch_sequential_rejects_a_literal() {
    checks::save_torch_sequential(writes_nothing);
}
