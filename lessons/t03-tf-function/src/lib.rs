//! # t03 · tf.function and ahead-of-time compilation
//!
//! **Question.** What does `tf.function` do?
//!
//! **Answer.** It turns a Python function into TensorFlow graphs. The first call with a new input
//! signature (the dtypes and shapes of the tensor arguments, the values of the plain Python ones)
//! runs the Python code once to *trace* it: each TensorFlow operation adds a node to a graph, so a
//! Python `print` inside runs only while tracing, and a `tf.print` becomes a node that runs on every
//! call. TensorFlow then optimises the graph (Grappler folds constants, simplifies arithmetic,
//! prunes unused nodes and fuses common patterns into single kernels) and runs it; a graph can also
//! be exported as a SavedModel. Rust's nearest counterpart happens at compile time: a generic
//! function is compiled once per type it is called with (monomorphisation), and in dfdx a tensor's
//! shape and its tape are part of its type, so there is one instance per shape and one with and
//! one without a tape, much as there is one graph per signature. But the compiler specialises the
//! Rust code, not the tensor program: dfdx still runs each tensor operation eagerly, one kernel
//! after another, with no graph, no fusion and nothing to export.
//!
//! Run it with `cargo xtask run t03`; time the tape with `cargo bench -p t03-tf-function`.

use datasets::Mnist;
use dfdx::prelude::*;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::ops::Add;

#[cfg_attr(feature = "answers", path = "../../../answers/t03-tf-function.rs")]
pub mod exercises;

// ANCHOR: add
/// Adds two values of any type with `+`. The compiler writes one copy of it for every `T` it is
/// called with; each copy calls that `T`'s own `+`.
pub fn add<T: Add<Output = T>>(a: T, b: T) -> T {
    a + b
}
// ANCHOR_END: add

// ANCHOR: instance
/// Calls `add` on `a` and `b` and returns the sum with the name of the instance that computed it.
///
/// `add::<T>` is the function item of one instance, and its type's name is that instance's name,
/// as in `t03_tf_function::add<f32>`: the compiler knows it, so it can be printed
/// ([`kit::short_type_name_of_val`] drops the module paths).
pub fn add_and_name_instance<T: Add<Output = T>>(a: T, b: T) -> (T, String) {
    let instance = add::<T>;
    let name = kit::short_type_name_of_val(&instance);
    (instance(a, b), name)
}
// ANCHOR_END: instance

// ANCHOR: mlp
/// The course's MNIST network, 784 → 64 → 32 → 10 with ReLU, as a dfdx builder type.
pub type Mlp = (
    (Linear<784, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, 10>,
);

/// The network with its weights, as `build_module::<Mlp, f32>()` returns it.
pub type Network = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;
// ANCHOR_END: mlp

/// The seed of the network's weights: the same weights, and output, on every run.
pub const SEED: u64 = 0;

/// The batch the walkthrough runs the network on: the first 32 training digits of MNIST-mini.
pub const BATCH: usize = 32;

// ANCHOR: count
/// How many backward operations `tape` holds: one for each differentiable operation that ran on
/// tensors carrying it.
///
/// dfdx keeps the list private and shows its length only in the tape's `Debug` text, which begins
/// `OwnedTape { num_operations: 11, gradients: … }`: this reads the number from there. (The text
/// also lists every gradient, so this is meant for a tape made by `leaky_trace`, which holds no
/// gradients until `backward` runs.)
pub fn recorded_operations(tape: &OwnedTape<f32, AutoDevice>) -> usize {
    let text = format!("{tape:?}");
    let count = text
        .split_once("num_operations: ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok());
    count.expect("dfdx 0.13's OwnedTape prints `num_operations: N` in its Debug text")
}
// ANCHOR_END: count

/// Whole numbers as the lesson's inputs are written, `row` to a row: `[2, 3, 4]`, or
/// `[[2, 3], [4, 5]]` when the values form more than one row.
fn listed(values: &[f32], row: usize) -> String {
    let rows: Vec<String> = values
        .chunks(row)
        .map(|r| {
            let numbers: Vec<String> = r.iter().map(|v| v.to_string()).collect();
            format!("[{}]", numbers.join(", "))
        })
        .collect();
    match rows.as_slice() {
        [single] => single.clone(),
        _ => format!("[{}]", rows.join(", ")),
    }
}

/// The largest absolute difference between two lists of numbers, computed on the host.
fn largest_difference(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

/// Prints the lesson: the instances of one generic function, then the network's forward pass
/// compiled with and without a tape.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t03 · tf.function and ahead-of-time compilation")?;
    writeln!(out)?;

    // ANCHOR: calls
    let dev = AutoDevice::default();
    let (sum_f32, f32_instance) = add_and_name_instance(1.0f32, 2.0);
    let (sum_f64, f64_instance) = add_and_name_instance(1.0f64, 2.0);
    let (vector, vector_instance) =
        add_and_name_instance(dev.tensor([1.0f32, 2.0, 3.0]), dev.ones());
    let (matrix, matrix_instance) =
        add_and_name_instance(dev.tensor([[1.0f32, 2.0], [3.0, 4.0]]), dev.ones());
    // These two have their length as a run-time `usize`, not as part of their type.
    let (three, three_instance) = add_and_name_instance(
        dev.tensor_from_vec(vec![1.0f32, 2.0, 3.0], (3,)),
        dev.ones_like(&(3,)),
    );
    let (five, five_instance) = add_and_name_instance(
        dev.tensor_from_vec(vec![1.0f32, 2.0, 3.0, 4.0, 5.0], (5,)),
        dev.ones_like(&(5,)),
    );
    // ANCHOR_END: calls
    let calls = [
        (&f32_instance, format!("1.0 + 2.0 = {sum_f32:.1}")),
        (&f64_instance, format!("1.0 + 2.0 = {sum_f64:.1}")),
        (
            &vector_instance,
            format!("[1, 2, 3] + ones = {}", listed(&vector.as_vec(), 3)),
        ),
        (
            &matrix_instance,
            format!("[[1, 2], [3, 4]] + ones = {}", listed(&matrix.as_vec(), 2)),
        ),
        (
            &three_instance,
            format!("[1, 2, 3] + ones = {}", listed(&three.as_vec(), 3)),
        ),
        (
            &five_instance,
            format!("[1, 2, 3, 4, 5] + ones = {}", listed(&five.as_vec(), 5)),
        ),
    ];
    writeln!(
        out,
        "One generic `add`, six calls, and the instance that ran each:"
    )?;
    let width = calls.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (instance, call) in &calls {
        writeln!(out, "  {instance:<width$}   {call}")?;
    }
    let distinct: BTreeSet<&String> = calls.iter().map(|(name, _)| *name).collect();
    writeln!(
        out,
        "  {} calls, {} instances: the two run-time lengths share one",
        calls.len(),
        distinct.len()
    )?;
    writeln!(out)?;

    // ANCHOR: eager
    // Inside an instance nothing is compiled away: three operations run as three kernels, one
    // after the other, each reading a whole tensor and writing a new one.
    let x = dev.tensor([1.0f32, -3.0, 0.5]);
    let y = (x.leaky_trace() * 2.0 + 1.0).relu();
    let (y, tape) = y.split_tape();
    let steps = recorded_operations(&tape);
    // ANCHOR_END: eager
    writeln!(out, "Each tensor operation runs on its own, at once:")?;
    writeln!(
        out,
        "  relu(x * 2 + 1) for x = [1, -3, 0.5] = {}",
        listed(&y.as_vec(), 3)
    )?;
    writeln!(
        out,
        "  operations recorded on the tape: {steps} (multiply, add, ReLU): three kernels, three passes"
    )?;
    writeln!(out)?;

    // ANCHOR: two_instances
    let dev = AutoDevice::seed_from_u64(SEED);
    let model: Network = dev.build_module::<Mlp, f32>();
    let indices: Vec<usize> = (0..BATCH).collect();
    let images = Mnist::embedded()
        .train
        .batch::<Const<BATCH>, _>(&indices, &dev)
        .images;

    // The same numbers twice: once without a tape (`NoneTape`, the default), once with one.
    let untaped: Tensor<Rank2<BATCH, 784>, f32, AutoDevice> = images;
    let taped: Tensor<Rank2<BATCH, 784>, f32, AutoDevice, OwnedTape<f32, AutoDevice>> =
        untaped.leaky_trace();
    let input_types = [
        kit::short_type_name_of_val(&untaped),
        kit::short_type_name_of_val(&taped),
    ];
    // The same `forward`, compiled twice: once for each input type.
    let plain = model.forward(untaped);
    let traced = model.forward(taped);
    // ANCHOR_END: two_instances
    writeln!(
        out,
        "The network 784 → 64 → 32 → 10 on a batch of {BATCH} digits, compiled twice:"
    )?;
    writeln!(out, "  without a tape")?;
    writeln!(out, "    input  {}", input_types[0])?;
    writeln!(out, "    output {}", kit::short_type_name_of_val(&plain))?;
    writeln!(out, "  with a tape (leaky_trace)")?;
    writeln!(out, "    input  {}", input_types[1])?;
    writeln!(out, "    output {}", kit::short_type_name_of_val(&traced))?;

    // ANCHOR: tape
    let (traced, tape) = traced.split_tape();
    let operations = recorded_operations(&tape);
    let difference = largest_difference(&plain.as_vec(), &traced.as_vec());
    // ANCHOR_END: tape
    writeln!(
        out,
        "  operations recorded on the tape: {operations} (3 matrix products, 3 bias additions, 2 ReLUs)"
    )?;
    writeln!(
        out,
        "  largest difference between the two outputs: {difference}"
    )?;
    Ok(())
}
