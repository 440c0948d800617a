//! # t09 · Inspecting a model without running it
//!
//! **Question.** What is Netron, and how is it useful?
//!
//! **Answer.** Netron is a viewer for model files (ONNX, Keras, TensorFlow Lite, PyTorch and
//! TorchScript, Core ML, safetensors and more): open a file in the browser app or the desktop
//! app and it draws the network, one box per layer with its weights' shapes and types, and
//! lets you read every tensor, without running any of your code or installing the framework
//! that wrote the file. That is how you check a model you did not write, or one you exported,
//! before trusting it. A dfdx model has the same two halves, but in different places: the
//! architecture is a Rust type, and only the weights go to a file. So the lesson inspects each
//! where it lives. [`summary::summary`] is Keras' `model.summary()`: a row per layer with its
//! output shape, read from the types by the compiler, and its parameter counts, read from the
//! weights with [`kit::inspect::named_parameters`]. `save_safetensors` writes the weights in a
//! format Netron opens; Netron then shows a flat list of named tensors, grouped by name, and
//! nothing of the architecture: no activations, no connections, no skip connection. The figure
//! `architecture.svg` draws what the file leaves out.
//!
//! Run it with `cargo xtask run t09`; the figure is written to
//! `target/figures/t09-inspect-a-model/`.

use dfdx::prelude::*;
use kit::figures::Figures;
use kit::inspect::named_parameters;
use kit::scratch::ScratchDir;
use kit::thousands;
use std::io::{self, Write};
use summary::{summary, Row, Totals};

pub mod diagram;
pub mod summary;

#[cfg_attr(feature = "answers", path = "../../../answers/t09-inspect-a-model.rs")]
pub mod exercises;

// ANCHOR: models
/// The course's network, 784 pixels → 64 → 32 → 10 logits, as a tuple: p04's model.
pub type Mlp = (
    (Linear<784, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, 10>,
);

/// A network that is not a chain: a batch normalisation after the first layer, and a skip
/// connection around the second (`Residual<F>` computes `F(x) + x`; t17 has more on it).
pub type SkipNet = (
    Linear<784, 64>,
    BatchNorm1D<64>,
    ReLU,
    Residual<(Linear<64, 64>, ReLU)>,
    Linear<64, 10>,
);

/// What both take: a batch of images of 784 pixels, the batch size known only at run time.
pub type Input = Tensor<(usize, Const<784>), f32, AutoDevice>;
// ANCHOR_END: models

/// [`Mlp`] once built, holding its weights.
pub type MlpNet = <Mlp as BuildOnDevice<AutoDevice, f32>>::Built;
/// [`SkipNet`] once built, holding its weights.
pub type SkipNetNet = <SkipNet as BuildOnDevice<AutoDevice, f32>>::Built;

/// Seeds the initial weights.
pub const SEED: u64 = 0;

/// The file the walkthrough saves [`SkipNet`] to, in a temporary folder.
pub const FILE_NAME: &str = "skip-net.safetensors";

/// A layer as a reader of the parameters' names finds it: exercise 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerParameters {
    /// The layer's path: a parameter's name without its last part (`0.0` for `0.0.weight`).
    pub layer: String,
    /// The numbers of its parameters that the optimizer trains.
    pub trainable: usize,
    /// The numbers of its parameters that the optimizer leaves alone.
    pub non_trainable: usize,
}

/// One tensor listed in a safetensors file's header: exercise 2, and what Netron reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderEntry {
    /// The tensor's name, as dfdx saved it: `0.weight`.
    pub name: String,
    /// The type of its numbers, as the file spells it: `F32`, `F64`, …
    pub dtype: String,
    /// The size of each axis, outermost first; empty for a single number.
    pub shape: Vec<usize>,
    /// Where its bytes lie, counted from the first byte after the header: `[start, end)`.
    pub data_offsets: (usize, usize),
}

// ANCHOR: read_header
/// The tensors a safetensors file lists, in the order their bytes lie in the file, read with
/// the `safetensors` crate (the reader dfdx's `load_safetensors` uses). Also returns the
/// header's length in bytes.
pub fn header_entries(file: &[u8]) -> io::Result<(usize, Vec<HeaderEntry>)> {
    let (length, metadata) = ::safetensors::SafeTensors::read_metadata(file)
        .map_err(|err| io::Error::other(format!("{err:?}")))?;
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
    Ok((length, entries))
}
// ANCHOR_END: read_header

/// Prints the lesson and draws its figure: both networks summarised, one saved as safetensors
/// and its header read back as Netron reads it, and both drawn.
pub fn walkthrough(out: &mut dyn Write, figures: &mut Figures) -> io::Result<()> {
    writeln!(out, "t09 · Inspecting a model without running it")?;
    writeln!(out)?;

    // ANCHOR: run_summary
    let dev = AutoDevice::seed_from_u64(SEED);
    let mlp = dev.build_module::<Mlp, f32>();
    // Keras' model.summary(): the shapes from the types, the counts from the weights.
    let mlp_rows = summary::<Input, _>(&mlp);
    // ANCHOR_END: run_summary
    writeln!(out, "1. The course's network, a tuple:")?;
    writeln!(
        out,
        "   ((Linear<784, 64>, ReLU), (Linear<64, 32>, ReLU), Linear<32, 10>)"
    )?;
    writeln!(
        out,
        "   summary::<Input, _>(&model), for an Input of shape (usize, Const<784>):"
    )?;
    write_summary(out, &mlp_rows, mlp.num_trainable_params())?;
    let zeros: Tensor<Rank2<1, 784>, f32, _> = dev.zeros();
    let logits = mlp.forward(zeros);
    writeln!(
        out,
        "   Run once, for comparison: a zero batch of one, [1, 784], comes out {:?}.",
        logits.shape().concrete()
    )?;
    writeln!(out)?;

    let skip_net = dev.build_module::<SkipNet, f32>();
    let skip_rows = summary::<Input, _>(&skip_net);
    writeln!(
        out,
        "2. A network that is not a chain: batch normalisation, and a skip connection:"
    )?;
    writeln!(
        out,
        "   (Linear<784, 64>, BatchNorm1D<64>, ReLU, Residual<(Linear<64, 64>, ReLU)>, Linear<64, 10>)"
    )?;
    writeln!(out, "   summary::<Input, _>(&model):")?;
    write_summary(out, &skip_rows, skip_net.num_trainable_params())?;
    writeln!(out)?;

    // ANCHOR: save
    let dir = ScratchDir::new("t09-inspect-a-model")?;
    let path = dir.join(FILE_NAME);
    skip_net
        .save_safetensors(&path)
        .map_err(|err| io::Error::other(format!("cannot save {}: {err:?}", path.display())))?;
    let file = std::fs::read(&path)?;
    let (header_length, entries) = header_entries(&file)?;
    // ANCHOR_END: save
    write_file_contents(out, &file, header_length, &entries)?;
    writeln!(out)?;
    write_what_netron_shows(out, &skip_net, &skip_rows, &entries)?;

    figures.add(
        "architecture.svg",
        diagram::architecture(&[
            ("784 → 64 → 32 → 10 (Mlp)", &mlp_rows),
            ("With a skip connection (SkipNet)", &skip_rows),
        ]),
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "architecture.svg: both networks drawn from their summaries, with the skip connection."
    )?;
    Ok(())
}

/// Prints rows as Keras' `model.summary()` does: a table, then the totals.
fn write_summary(out: &mut dyn Write, rows: &[Row], num_trainable: usize) -> io::Result<()> {
    writeln!(
        out,
        "   {:<7}{:<19}{:<14}{:>8}",
        "Layer", "Kind", "Output shape", "Param #"
    )?;
    for row in rows {
        let not_trained = if row.non_trainable > 0 {
            format!("  ({} not trained)", thousands(row.non_trainable))
        } else {
            String::new()
        };
        let kind = match row.adds {
            Some(from) => format!("add {}'s output", rows[from].name),
            None => row.kind.clone(),
        };
        writeln!(
            out,
            "   {:<7}{:<19}{:<14}{:>8}{not_trained}",
            row.name,
            kind,
            row.output,
            thousands(row.trainable + row.non_trainable)
        )?;
    }
    let totals = Totals::of(rows);
    writeln!(
        out,
        "   Total params: {} ({})",
        thousands(totals.all()),
        readable_size(4 * totals.all())
    )?;
    writeln!(
        out,
        "   Trainable params: {} (num_trainable_params() says {})",
        thousands(totals.trainable),
        thousands(num_trainable)
    )?;
    writeln!(
        out,
        "   Non-trainable params: {}",
        thousands(totals.non_trainable)
    )?;
    Ok(())
}

/// A size in bytes as Keras writes it: two decimals, in B, KB or MB of 1,024.
fn readable_size(bytes: usize) -> String {
    let mut size = bytes as f64;
    for unit in ["B", "KB", "MB"] {
        if size < 1024.0 {
            return format!("{size:.2} {unit}");
        }
        size /= 1024.0;
    }
    format!("{size:.2} GB")
}

/// Prints the three parts of the file and the tensors its header lists.
fn write_file_contents(
    out: &mut dyn Write,
    file: &[u8],
    header_length: usize,
    entries: &[HeaderEntry],
) -> io::Result<()> {
    writeln!(
        out,
        "3. SkipNet saved with save_safetensors: {FILE_NAME}, {} bytes",
        thousands(file.len())
    )?;
    let data_start = 8 + header_length;
    let json = String::from_utf8_lossy(&file[8..data_start]);
    let first_entry = json.split("},").next().unwrap_or_default();
    let ranges = [
        "0..8".to_string(),
        format!("8..{data_start}"),
        format!("{data_start}..{}", file.len()),
    ];
    writeln!(
        out,
        "   bytes {:<14} the header's length, {header_length}, as a little-endian u64",
        ranges[0]
    )?;
    writeln!(
        out,
        "   bytes {:<14} the header, JSON: {first_entry}}}, …",
        ranges[1]
    )?;
    writeln!(
        out,
        "   bytes {:<14} the numbers, tensor after tensor, little-endian",
        ranges[2]
    )?;
    writeln!(
        out,
        "   The header's {} entries, in the order of their bytes: all that Netron reads",
        entries.len()
    )?;
    writeln!(
        out,
        "     {:<16}{:<7}{:<11}bytes after the header",
        "name", "dtype", "shape"
    )?;
    for entry in entries {
        let (start, end) = entry.data_offsets;
        // A single number: Netron writes its value in the box, so the lesson does too.
        let value = match (entry.dtype.as_str(), entry.shape.is_empty()) {
            ("F64", true) => {
                let bytes = &file[data_start + start..data_start + end];
                let number = f64::from_le_bytes(bytes.try_into().expect("8 bytes"));
                format!("= {number}")
            }
            _ => String::new(),
        };
        let line = format!(
            "     {:<16}{:<7}{:<11}{:<16}{value}",
            entry.name,
            entry.dtype,
            format!("{:?}", entry.shape),
            format!("{start}..{end}")
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Prints what the file holds that the parameter list does not, and what the summary knows
/// that the file does not.
fn write_what_netron_shows(
    out: &mut dyn Write,
    model: &SkipNetNet,
    rows: &[Row],
    entries: &[HeaderEntry],
) -> io::Result<()> {
    let parameters = named_parameters(model);
    let extra: Vec<&str> = entries
        .iter()
        .filter(|entry| !parameters.iter().any(|p| p.name == entry.name))
        .map(|entry| entry.name.as_str())
        .collect();
    writeln!(
        out,
        "   Not parameters: {}, BatchNorm1D's settings, saved as f64 numbers.",
        extra.join(" and ")
    )?;
    writeln!(out)?;
    writeln!(out, "4. What the file cannot tell Netron")?;
    let weightless: Vec<String> = rows[1..]
        .iter()
        .filter(|row| row.trainable + row.non_trainable == 0)
        .map(|row| match row.adds {
            Some(from) => format!("{} (adds {}'s output)", row.name, rows[from].name),
            None => format!("{} ({})", row.name, row.kind),
        })
        .collect();
    writeln!(
        out,
        "   Summary rows with nothing in the file: {}.",
        weightless.join(", ")
    )?;
    writeln!(
        out,
        "   Nor what kind of layer 0 or 1 is, which output feeds which layer, or any shape"
    )?;
    writeln!(
        out,
        "   between them: those live in the type SkipNet, and load_safetensors needs that type."
    )?;
    Ok(())
}
