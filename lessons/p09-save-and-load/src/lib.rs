//! # p09 · Saving and loading a model
//!
//! **Question.** Save and load a model in PyTorch.
//!
//! **Answer.** PyTorch saves a model's `state_dict`, a dictionary from names (`0.weight`) to
//! tensors, and loads it into a model built again by the code that defines its class; Keras can
//! save only the weights (`save_weights`) too, or the whole model (`model.save("m.keras")`): the
//! architecture as configuration, the weights, and the optimizer's state. dfdx has only the first
//! kind, and needs no other: the architecture is a Rust type, so the program that loads a file
//! already contains it. `save_safetensors` writes every tensor of the model under the name its
//! place in the type gives it (`0.0.weight` is the first layer's weight), `save` writes the same
//! as NumPy arrays in an `.npz` zip, and `load_safetensors` / `load` read them into a model built
//! from any seed, which then predicts exactly what the saved one did, bit for bit. Neither file
//! holds Adam's state, which dfdx 0.13 keeps in private fields: a training run cannot be resumed
//! exactly from a file. On the command line, `--save PATH` writes through a temporary file and a
//! rename, so a file is never half-written, and `--load PATH` checks the file's header against
//! the model first, so that every bad file gets one line: dfdx's own loader panics on one kind of
//! bad file and half-loads another.
//!
//! Run it with `cargo xtask run p09`; `cargo xtask run p09 -- --save PATH` and
//! `cargo xtask run p09 -- --load PATH` work on a file of your own.

use ::safetensors::SafeTensors;
use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::inspect::named_parameters;
use kit::scratch::ScratchDir;
use kit::train::{self, FitConfig, Metrics};
use kit::{percent, thousands};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

pub mod cli;
#[cfg_attr(feature = "answers", path = "../../../answers/p09-save-and-load.rs")]
pub mod exercises;
pub mod weights;

use kit::save::write_atomically;
use weights::{load_weights, save_weights, LoadError};

// ANCHOR: model
/// The architecture: p03's network, 784 pixels → 64 ReLU units → 10 logits. Keras keeps this in
/// the `.keras` file's `config.json`; here it is a type, compiled into every program that saves
/// or loads the network, and no file needs to hold it.
pub type Architecture = ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>);

/// The network once built: the layers holding their weight and bias tensors.
pub type Network = <Architecture as BuildOnDevice<AutoDevice, f32>>::Built;
// ANCHOR_END: model

/// Examples per training step.
pub const BATCH: usize = 32;
/// Passes over the training set: enough for a network worth saving.
pub const EPOCHS: usize = 3;
/// Seeds the trained network's initial weights and its shuffles.
pub const SEED: u64 = 0;
/// Seeds the fresh network that a file is loaded into: other weights than [`SEED`]'s, so that
/// only the file can make the two agree.
pub const FRESH_SEED: u64 = 1;
/// The test accuracy the trained network must reach; the lesson's test checks it.
pub const ACCURACY_FLOOR: f32 = 0.85;
/// Test predictions the command line prints, so that `--save` and `--load` can be compared.
pub const SHOWN_PREDICTIONS: usize = 20;

/// Adam with Keras' default learning rate, 0.001.
pub fn adam_config() -> AdamConfig {
    AdamConfig {
        lr: 1e-3,
        ..Default::default()
    }
}

/// A trained network, with the optimizer that trained it.
pub struct Trained {
    /// The network.
    pub model: Network,
    /// The Adam that trained it, with its step count and moment estimates.
    pub adam: Adam<Network, f32, AutoDevice>,
    /// Test-set loss and accuracy.
    pub test: Metrics,
}

/// Builds the network from [`SEED`] and trains it for [`EPOCHS`] epochs on `mnist.train`.
pub fn train(mnist: &Mnist) -> io::Result<Trained> {
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = dev.build_module::<Architecture, f32>();
    let mut adam = Adam::new(&model, adam_config());
    let config = FitConfig {
        epochs: EPOCHS,
        shuffle_seed: SEED,
        validation: None,
    };
    train::fit::<BATCH, _, _, _>(
        &mut model,
        &mut adam,
        &mnist.train,
        config,
        &dev,
        |_| Ok(()),
    )?;
    let test = train::evaluate(&model, &mnist.test, &dev);
    Ok(Trained { model, adam, test })
}

/// A fresh, untrained network built from [`FRESH_SEED`]: what a file is loaded into.
pub fn fresh_network() -> Network {
    AutoDevice::seed_from_u64(FRESH_SEED).build_module::<Architecture, f32>()
}

/// The logits of `model` for every example of `set`, row after row.
pub fn logits(model: &Network, set: &Split) -> Vec<f32> {
    let dev = AutoDevice::default();
    set.in_batches(500, &dev)
        .flat_map(|batch| model.forward(batch.images).as_vec())
        .collect()
}

/// How two networks compare on `set`: in how many examples they predict the same digit, and
/// the largest difference between their logits.
pub fn agreement(a: &Network, b: &Network, set: &Split) -> (usize, f32) {
    let (a, b) = (logits(a, set), logits(b, set));
    let same = train::most_likely(&a)
        .iter()
        .zip(train::most_likely(&b))
        .filter(|(x, y)| **x == *y)
        .count();
    let largest = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    (same, largest)
}

/// The largest difference between two networks' weights.
pub fn largest_weight_difference(a: &Network, b: &Network) -> f32 {
    named_parameters(a)
        .iter()
        .zip(&named_parameters(b))
        .flat_map(|(x, y)| x.values.iter().zip(&y.values).map(|(p, q)| (p - q).abs()))
        .fold(0.0, f32::max)
}

/// An error for `?` in a walkthrough, from anything that can be displayed.
fn failed(what: &str, err: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{what}: {err}"))
}

/// Prints the lesson: train, save in two formats, look inside the files, load them into a
/// fresh network, resume training, and refuse bad files.
pub fn walkthrough(out: &mut dyn Write, mnist: &Mnist) -> io::Result<()> {
    writeln!(out, "p09 · Saving and loading a model")?;
    writeln!(out)?;
    let trained = train(mnist)?;
    writeln!(
        out,
        "Trained {}, built from seed {SEED},",
        kit::short_type_name::<Architecture>()
    )?;
    writeln!(
        out,
        "  for {EPOCHS} epochs ({} steps of Adam) on {}: test accuracy {}",
        thousands(EPOCHS * (mnist.train.len() / BATCH)),
        mnist.source,
        percent(trained.test.accuracy).trim_start()
    )?;
    writeln!(out)?;

    let dir = ScratchDir::new("p09-save-and-load")?;
    let (safetensors_file, npz_file) = (dir.join("model.safetensors"), dir.join("model.npz"));
    save_both(&trained.model, &safetensors_file, &npz_file)?;
    writeln!(out, "Saved the weights in two formats:")?;
    for (path, call) in [
        (&safetensors_file, "save_safetensors(path)"),
        (&npz_file, "save(path), a zip of NumPy .npy files"),
    ] {
        writeln!(
            out,
            "  {:<18} {:>7} bytes   {call}",
            file_name(path),
            thousands(fs::metadata(path)?.len() as usize)
        )?;
    }
    writeln!(out)?;
    write_contents(out, &safetensors_file, &npz_file)?;
    writeln!(out)?;

    let untrained = fresh_network();
    // ANCHOR: load
    // Keras: load_weights on a model built by the same code; PyTorch: load_state_dict.
    let mut from_safetensors = fresh_network();
    load_weights(&mut from_safetensors, &safetensors_file).map_err(|e| failed("loading", e))?;
    let mut from_npz = fresh_network();
    from_npz
        .load(&npz_file)
        .map_err(|e| failed("loading", format!("{e:?}")))?;
    // ANCHOR_END: load
    writeln!(
        out,
        "Loaded into a network built from seed {FRESH_SEED}, compared with the trained one on the \
         {} test digits:",
        thousands(mnist.test.len())
    )?;
    writeln!(
        out,
        "  weights                    same digit predicted   largest logit difference"
    )?;
    for (name, network) in [
        (format!("seed {FRESH_SEED}'s, untrained"), &untrained),
        (
            format!("from {}", file_name(&safetensors_file)),
            &from_safetensors,
        ),
        (format!("from {}", file_name(&npz_file)), &from_npz),
    ] {
        let (same, largest) = agreement(&trained.model, network, &mnist.test);
        let largest = if largest == 0.0 {
            "0: bit for bit the same".to_string()
        } else {
            format!("{largest:.2}")
        };
        writeln!(
            out,
            "  {name:<26} {:>5} of {}         {largest}",
            thousands(same),
            thousands(mnist.test.len())
        )?;
    }
    writeln!(out)?;

    write_resumed(out, trained, from_safetensors, mnist)?;
    writeln!(out)?;
    write_bad_files(out, &dir, &safetensors_file, &npz_file)
}

/// Saves `model` as safetensors and as npz, each whole or not at all.
fn save_both(model: &Network, safetensors_file: &Path, npz_file: &Path) -> io::Result<()> {
    // ANCHOR: save
    // Keras: model.save_weights(path); PyTorch: torch.save(model.state_dict(), path).
    save_weights(model, safetensors_file).map_err(|e| failed("saving", e))?;
    write_atomically(npz_file, |temporary| {
        model.save(temporary).map_err(io::Error::other)
    })?;
    // ANCHOR_END: save
    Ok(())
}

/// The tensors in the safetensors file's header, and the entries of the npz archive.
fn write_contents(out: &mut dyn Write, safetensors_file: &Path, npz_file: &Path) -> io::Result<()> {
    let bytes = fs::read(safetensors_file)?;
    let (header, metadata) =
        SafeTensors::read_metadata(&bytes).map_err(|e| failed("reading", format!("{e:?}")))?;
    writeln!(
        out,
        "{}: 8 bytes giving the header's length, a JSON header of {} bytes, then the numbers.",
        file_name(safetensors_file),
        header
    )?;
    writeln!(
        out,
        "The header lists each tensor, sorted by name, and where its numbers lie in the data:"
    )?;
    writeln!(out, "  tensor      type  shape       bytes")?;
    let mut tensors: Vec<_> = metadata.tensors().into_iter().collect();
    tensors.sort_by_key(|(_, info)| info.data_offsets);
    let mut numbers = 0;
    for (name, info) in &tensors {
        numbers += info.shape.iter().product::<usize>();
        let (start, end) = info.data_offsets;
        writeln!(
            out,
            "  {name:<11} {:<5} {:<11} {:>7} to {:>7}",
            format!("{:?}", info.dtype),
            format!("{:?}", info.shape),
            thousands(start),
            thousands(end)
        )?;
    }
    writeln!(
        out,
        "  {} numbers: the weights, and nothing about layers, activations or the optimizer.",
        thousands(numbers)
    )?;
    let archive = zip::ZipArchive::new(fs::File::open(npz_file)?).map_err(io::Error::other)?;
    let entries: Vec<&str> = archive.file_names().collect();
    let mut entries: Vec<String> = entries.into_iter().map(str::to_string).collect();
    entries.sort();
    writeln!(
        out,
        "{} holds one .npy file per tensor, under the same names:",
        file_name(npz_file)
    )?;
    writeln!(out, "  {}", entries.join("  "))
}

/// One more epoch from the same weights, with the Adam that trained them and with a new one.
fn write_resumed(
    out: &mut dyn Write,
    trained: Trained,
    loaded: Network,
    mnist: &Mnist,
) -> io::Result<()> {
    let Trained {
        model: mut kept,
        mut adam,
        ..
    } = trained;
    let mut restarted = loaded;
    let mut new_adam = Adam::new(&restarted, adam_config());
    let dev = AutoDevice::default();
    let config = FitConfig {
        epochs: 1,
        shuffle_seed: SEED + 1,
        validation: None,
    };
    let quiet = |_: &train::EpochRecord| Ok(());
    train::fit::<BATCH, _, _, _>(&mut kept, &mut adam, &mnist.train, config, &dev, quiet)?;
    train::fit::<BATCH, _, _, _>(
        &mut restarted,
        &mut new_adam,
        &mnist.train,
        config,
        &dev,
        quiet,
    )?;
    writeln!(
        out,
        "Not in either file: Adam's state, a step count and two running averages per weight."
    )?;
    writeln!(
        out,
        "One more epoch from the same weights, on the same batches:"
    )?;
    for (name, network) in [
        ("with the Adam that trained them", &kept),
        ("with a new Adam, as after loading", &restarted),
    ] {
        let test = train::evaluate(network, &mnist.test, &dev);
        writeln!(
            out,
            "  {name:<34} test accuracy {}",
            percent(test.accuracy).trim_start()
        )?;
    }
    writeln!(
        out,
        "  the two networks' weights now differ by up to {:.4}",
        largest_weight_difference(&kept, &restarted)
    )
}

/// Bad files, each refused by `--load` in one line.
fn write_bad_files(
    out: &mut dyn Write,
    dir: &ScratchDir,
    safetensors_file: &Path,
    npz_file: &Path,
) -> io::Result<()> {
    let good = fs::read(safetensors_file)?;
    let truncated = dir.join("truncated.safetensors");
    fs::write(&truncated, &good[..good.len() / 2])?;
    let dev = AutoDevice::seed_from_u64(SEED);
    let deeper = dir.join("deeper.safetensors");
    type Deeper = (
        (Linear<PIXELS, 64>, ReLU),
        (Linear<64, 32>, ReLU),
        Linear<32, CLASSES>,
    );
    save_weights(&dev.build_module::<Deeper, f32>(), &deeper).map_err(|e| failed("saving", e))?;
    let narrower = dir.join("narrower.safetensors");
    type Narrower = ((Linear<PIXELS, 32>, ReLU), Linear<32, CLASSES>);
    save_weights(&dev.build_module::<Narrower, f32>(), &narrower)
        .map_err(|e| failed("saving", e))?;
    // The same architecture with f64 numbers: dfdx's own loader panics on this one.
    let double = dir.join("f64.safetensors");
    dev.build_module::<Architecture, f64>()
        .save_safetensors(&double)
        .map_err(|e| failed("saving", format!("{e:?}")))?;

    writeln!(
        out,
        "Bad files, as `cargo xtask run p09 -- --load FILE` reports them, each in one line with \
         exit\ncode 2 (wrapped here):"
    )?;
    let cases = [
        ("a missing file", dir.join("missing.safetensors")),
        ("half of model.safetensors", truncated),
        ("the npz file", npz_file.to_path_buf()),
        ("saved from 784→64→32→10", deeper),
        ("saved from 784→32→10", narrower),
        ("saved from 784→64→10 with f64 numbers", double),
    ];
    for (what, path) in cases {
        let err = load_weights(&mut fresh_network(), &path).expect_err("a bad file is refused");
        // The file's name only: the temporary folder's path changes from run to run.
        let shown = LoadError {
            file: file_name(&path).into(),
            ..err
        };
        writeln!(out, "  {what}:")?;
        write_wrapped(out, &format!("error: {shown}"), "    ", "      ")?;
    }
    Ok(())
}

/// Writes `text` in lines of at most [`WIDTH`] characters where it has spaces to break at, the
/// first line after `first`, the others after `rest`. A command in backticks, or a shape in
/// brackets, is never broken.
fn write_wrapped(out: &mut dyn Write, text: &str, first: &str, rest: &str) -> io::Result<()> {
    // The words: runs of text between the spaces that lie outside backticks and brackets.
    let mut words = vec![String::new()];
    let (mut in_code, mut depth) = (false, 0);
    for c in text.chars() {
        match c {
            ' ' if !in_code && depth == 0 => words.push(String::new()),
            _ => {
                match c {
                    '`' => in_code = !in_code,
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => {}
                }
                words.last_mut().expect("one word at least").push(c);
            }
        }
    }
    let mut line = first.to_string();
    for (i, word) in words.iter().enumerate() {
        if i > 0 && line.chars().count() + 1 + word.chars().count() > WIDTH {
            writeln!(out, "{line}")?;
            line = format!("{rest}{word}");
        } else {
            if i > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    writeln!(out, "{line}")
}

/// The widest line [`write_wrapped`] writes, so that the book shows the lines whole.
const WIDTH: usize = 96;

/// The last component of a path, for printing.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
