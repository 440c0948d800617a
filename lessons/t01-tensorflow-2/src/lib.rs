//! # t01 · Eager execution, graphs and tapes
//!
//! **Question.** What is TensorFlow 2, and how does it differ from TensorFlow 1.x?
//!
//! **Answer.** TensorFlow 2 (2019) runs each operation when Python reaches it (eager
//! execution), where TensorFlow 1.x made you build a graph first and run it later in a session,
//! feeding a value to every placeholder. TensorFlow 2 records operations for gradients only
//! inside a `tf.GradientTape`, made Keras (`tf.keras`) its one high-level API, and cleaned up the
//! API: sessions, placeholders, `tf.contrib` and global collections are gone from it. dfdx works
//! the TensorFlow 2 way. Each op computes when its line runs. Gradients are recorded only for a
//! tensor that carries a tape (`.trace(grads)`, `.leaky_trace()`); the tape is part of the
//! tensor's type, so `backward()` exists only on a traced scalar. A model is a value whose type
//! is built from layers, its parameters are reached by walking it (`TensorCollection`), and
//! there is no global graph and no session. For contrast, the lesson builds a TensorFlow 1-style
//! deferred expression with a small teaching model ([`graph`]) and runs it with fed values.
//!
//! Run it with `cargo xtask run t01`.

use dfdx::prelude::*;
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t01-tensorflow-2.rs")]
pub mod exercises;
pub mod graph;

use graph::{placeholder, run};

/// A tensor of shape `S` that carries a tape: every operation on it, and on whatever is computed
/// from it, is recorded for the backward pass.
pub type Taped<S> = Tensor<S, f32, AutoDevice, OwnedTape<f32, AutoDevice>>;

/// The input of the lesson's eager examples.
pub const X: [f32; 3] = [1.0, 2.0, 3.0];

// ANCHOR: f
/// f(x) = Σ (x² + 3x), for a tensor with or without a tape: the type `T` decides whether the ops
/// are recorded. `x` is used twice; `with_empty_tape` makes the second use a copy (same data, same
/// id) with a fresh tape, and `+` merges the two tapes again.
pub fn f<T: Tape<f32, AutoDevice>>(
    x: Tensor<Rank1<3>, f32, AutoDevice, T>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    let three_x = x.with_empty_tape() * 3.0;
    (x.square() + three_x).sum()
}
// ANCHOR_END: f

// ANCHOR: model
/// A small network, described by its type: Keras' `Sequential([Dense(3, "relu"), Dense(1)])` on
/// 2 inputs.
pub type Mlp = (Linear<2, 3>, ReLU, Linear<3, 1>);

/// The seed of the network's initial weights.
pub const SEED: u64 = 0;
// ANCHOR_END: model

/// Numbers with one decimal, in brackets: `[1.0, 4.0, 9.0]`.
fn list(values: &[f32]) -> String {
    let shown: Vec<String> = values.iter().map(|v| format!("{v:.1}")).collect();
    format!("[{}]", shown.join(", "))
}

/// Numbers with four decimals, in brackets.
fn list4(values: &[f32]) -> String {
    let shown: Vec<String> = values.iter().map(|v| format!("{v:.4}")).collect();
    format!("[{}]", shown.join(", "))
}

/// Prints the lesson: eager ops, a deferred graph, tapes, and a model as a value.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t01 · Eager execution, graphs and tapes")?;
    writeln!(out)?;
    eager(out)?;
    deferred(out)?;
    tapes(out)?;
    model_as_a_value(out)
}

/// Part 1: every dfdx op computes its result on the line that calls it.
fn eager(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "1. Eager, as in TensorFlow 2 and PyTorch: each op runs where it is written"
    )?;
    // ANCHOR: eager
    let dev = AutoDevice::default();
    let x = dev.tensor(X);
    let squared = x.clone() * x.clone(); // computed here, before the next line runs
    writeln!(out, "  x           = {}", list(&x.array()))?;
    writeln!(out, "  x * x       = {}", list(&squared.array()))?;
    let y = squared + x * 3.0;
    writeln!(out, "  x * x + 3x  = {}", list(&y.array()))?;
    // ANCHOR_END: eager
    writeln!(out)
}

/// Part 2: the teaching model of TensorFlow 1.x's graphs: build first, run later.
fn deferred(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "2. Deferred, as in TensorFlow 1.x (the lesson's teaching model, not a library)"
    )?;
    // ANCHOR: deferred
    let x = placeholder("x");
    let y = x.clone() * x.clone() + 3.0 * x; // builds a tree of nodes; computes nothing
    writeln!(out, "  built:             y = {y}   (no value yet)")?;
    for fed in [2.0, -1.5] {
        match run(&y, &[("x", fed)]) {
            Ok(value) => writeln!(out, "  run, x fed {fed:>4}:   y = {value}")?,
            Err(err) => writeln!(out, "  run, x fed {fed:>4}:   error: {err}")?,
        }
    }
    match run(&y, &[]) {
        Ok(value) => writeln!(out, "  run, nothing fed:  y = {value}")?,
        Err(err) => writeln!(out, "  run, nothing fed:  error: {err}")?,
    }
    // ANCHOR_END: deferred
    writeln!(out)
}

/// Part 3: a tape records operations only when a tensor is traced.
fn tapes(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "3. Gradients are recorded only when asked for")?;
    let dev = AutoDevice::default();

    // ANCHOR: no_tape
    let x = dev.tensor(X);
    // Computes Σ(x² + 3x) and records nothing.
    let y = f(x.clone());
    // ANCHOR_END: no_tape
    writeln!(
        out,
        "  without a tape (its type's fourth parameter is NoneTape, a default the name omits):"
    )?;
    writeln!(out, "    x    : {}", kit::short_type_name_of_val(&x))?;
    writeln!(
        out,
        "    f(x) : {} = {:.1}",
        kit::short_type_name_of_val(&y),
        y.array()
    )?;
    writeln!(
        out,
        "    f(x).backward()   does not compile: without a tape there is nothing to play back"
    )?;

    // ANCHOR: tape
    let traced: Taped<Rank1<3>> = x.leaky_trace(); // ≈ tape.watch(x) in a tf.GradientTape
    let traced_type = kit::short_type_name_of_val(&traced);
    let y = f(traced);
    // ANCHOR_END: tape
    writeln!(out, "  with a tape, x.leaky_trace():")?;
    writeln!(out, "    x    : {traced_type}")?;
    writeln!(
        out,
        "    f(x) : {} = {:.1}",
        kit::short_type_name_of_val(&y),
        y.array()
    )?;
    // ANCHOR: inspect_tape
    let (value, tape) = y.split_tape(); // the tape is a field of the tensor
    writeln!(out, "    f(x)'s tape, as dfdx's Debug prints it:")?;
    writeln!(out, "      {tape:?}")?;
    let y = value.put_tape(tape);
    // ANCHOR_END: inspect_tape
    // ANCHOR: backward
    let grads = y.backward(); // plays the tape backwards; consumes y and its tape
    let dy_dx = grads.get(&x).array();
    // ANCHOR_END: backward
    writeln!(
        out,
        "    f(x).backward() gives df/dx = {}   (2x + 3)",
        list(&dy_dx)
    )?;

    // ANCHOR: untraced_use
    // The tape follows values, not the name `x`: an op on the untraced `x` is not recorded.
    let traced = x.leaky_trace();
    let y = (traced.square() + x.clone() * 3.0).sum();
    let only_the_square = y.backward().get(&x).array();
    // ANCHOR_END: untraced_use
    writeln!(out, "  x² on the traced x, 3x on the untraced x:")?;
    writeln!(
        out,
        "    df/dx = {}   (only x² was recorded)",
        list(&only_the_square)
    )?;
    writeln!(out)
}

/// Part 4: TensorFlow 2's clean-up in dfdx's terms: the model is a value you hold.
fn model_as_a_value(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "4. No session, no global collections: the model is a value"
    )?;
    // ANCHOR: build
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = dev.build_module::<Mlp, f32>();
    let parameters = kit::inspect::named_parameters(&model);
    // ANCHOR_END: build
    writeln!(
        out,
        "  Mlp = {}, built with seed {SEED}, holds:",
        kit::short_type_name::<Mlp>()
    )?;
    for parameter in parameters.iter().filter(|p| p.trainable) {
        writeln!(out, "    {:<9} {:?}", parameter.name, parameter.shape)?;
    }
    writeln!(
        out,
        "    {} trainable numbers in all",
        model.num_trainable_params()
    )?;

    // ANCHOR: model_forward
    let x = dev.tensor([1.0f32, -1.0]);
    let y = model.forward(x.clone()); // runs now: nothing to feed, no session
    let grads = model.alloc_grads(); // a zeroed gradient for every parameter
    let y_traced = model.forward(x.trace(grads)); // the input's tape reaches every weight
    let grads = y_traced.sum().backward();
    let last_weight_grad = grads.get(&model.2.weight).array();
    // ANCHOR_END: model_forward
    writeln!(out, "  model.forward([1, -1]) = {}", list4(&y.array()))?;
    writeln!(
        out,
        "  its gradient with respect to 2.weight = {}   (the ReLU's outputs)",
        list4(&last_weight_grad[0])
    )?;
    Ok(())
}
