//! # t14 · The device is part of the type
//!
//! **Question.** What is the difference between `torch.Tensor` and `torch.cuda.Tensor`?
//!
//! **Answer.** Today, none that is a type: `torch.cuda.FloatTensor` and its siblings are legacy
//! names from before PyTorch 0.4. Every PyTorch tensor is a `torch.Tensor` whose `.device`
//! attribute says where its numbers live; `.to(device)` copies it elsewhere, and an operation on
//! tensors from two devices raises a `RuntimeError` ("Expected all tensors to be on the same
//! device…") when it runs. In dfdx the device *is* part of the type, `Tensor<S, E, D>`: `D` is
//! `Cpu`, or `Cuda` in a build with dfdx's `cuda` feature. `to_device` copies a tensor or a whole
//! model to another device, adding a CPU tensor to a GPU tensor is a compile error, and a
//! function generic over `D: Device<f32>` runs unchanged on either. The type tells CPU from GPU,
//! not one device value from another: two `Cpu` values, or two GPUs, share one type.
//!
//! Run it with `cargo xtask run t14`.

use dfdx::prelude::*;
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t14-devices.rs")]
pub mod exercises;

// ANCHOR: generic
/// The lesson's model: one linear layer from 4 features to 3 classes, its weights on device `D`.
/// (`dfdx::nn::modules::Linear` is the built layer; the prelude's `Linear<4, 3>` only describes
/// it: see the book's primer.)
pub type Classifier<D> = dfdx::nn::modules::Linear<4, 3, f32, D>;

/// The model's class probabilities for a batch of `B` examples: softmax of the layer's output.
///
/// Generic over the device: `D` is whatever device the model and the batch share, `Cpu` here
/// and `Cuda` in a CUDA build. `Device<f32>` is the trait that promises every tensor operation
/// for `f32` on that device. The compiler writes one copy of this function per device type.
pub fn class_probabilities<D: Device<f32>, const B: usize>(
    model: &Classifier<D>,
    x: Tensor<Rank2<B, 4>, f32, D>,
) -> Tensor<Rank2<B, 3>, f32, D> {
    model.forward(x).softmax::<Axis<1>>()
}
// ANCHOR_END: generic

/// A 2-D array with each number to `decimals` places: `[[0.25, -1.00], [3.50, 0.00]]`.
fn format_rows<const R: usize, const C: usize>(rows: &[[f32; C]; R], decimals: usize) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|v| format!("{v:.decimals$}")).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Prints the lesson: a tensor's type, moving tensors and models between devices, mixing
/// devices, and one function run on several devices.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t14 · The device is part of the type")?;
    writeln!(out)?;

    // ANCHOR: type
    let cpu = Cpu::seed_from_u64(1);
    let a: Tensor<Rank2<2, 3>, f32, Cpu> = cpu.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    // ANCHOR_END: type
    writeln!(
        out,
        "A tensor's type names its shape, its element type and its device:"
    )?;
    writeln!(out, "  a: {}", kit::short_type_name_of_val(&a))?;
    writeln!(
        out,
        "  AutoDevice in this build: {}",
        kit::install::device_name()
    )?;
    writeln!(out)?;

    // ANCHOR: move
    let other_cpu = Cpu::seed_from_u64(2);
    let b: Tensor<Rank2<2, 3>, f32, Cpu> = a.to_device(&other_cpu);
    // ANCHOR_END: move
    writeln!(out, "to_device copies a tensor to another device:")?;
    writeln!(out, "  a on cpu:                     {:?}", a.array())?;
    writeln!(out, "  b = a.to_device(&other_cpu):  {:?}", b.array())?;
    writeln!(out, "  same values: {}", a.as_vec() == b.as_vec())?;

    // ANCHOR: tape
    let traced: Tensor<Rank2<2, 3>, f32, Cpu, OwnedTape<f32, Cpu>> = a.leaky_trace();
    let moved: Tensor<Rank2<2, 3>, f32, Cpu> = traced.to_device(&other_cpu);
    // ANCHOR_END: tape
    writeln!(
        out,
        "  a traced:                     {}",
        kit::short_type_name_of_val(&traced)
    )?;
    writeln!(
        out,
        "  traced, then moved:           {}",
        kit::short_type_name_of_val(&moved)
    )?;
    writeln!(
        out,
        "  (no tape parameter: NoneTape, the default; no gradient flows back through to_device)"
    )?;
    writeln!(out)?;

    // ANCHOR: mix_cpus
    // `a` belongs to `cpu`, `b` to `other_cpu`: two values of one type, so this compiles.
    let sum = a.clone() + b.clone();
    // ANCHOR_END: mix_cpus
    writeln!(out, "Mixing devices:")?;
    writeln!(
        out,
        "  a + b, two Cpu values:      {:?}   compiles and runs",
        sum.array()
    )?;
    writeln!(
        out,
        "  a Cpu tensor + a Cuda one:  does not compile (a type error, with or without a GPU)"
    )?;
    writeln!(out)?;

    // ANCHOR: generic_use
    let model: Classifier<Cpu> = cpu.build_module::<Linear<4, 3>, f32>(); // weights from seed 1
    let x = cpu.tensor([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 3.0]]);
    let on_cpu = class_probabilities(&model, x.clone());

    let model_moved: Classifier<Cpu> = model.to_device(&other_cpu); // copies every weight
    let on_other_cpu = class_probabilities(&model_moved, x.to_device(&other_cpu));

    let model_seed_2: Classifier<Cpu> = other_cpu.build_module::<Linear<4, 3>, f32>();
    let fresh = class_probabilities(&model_seed_2, x.to_device(&other_cpu));
    // ANCHOR_END: generic_use
    writeln!(
        out,
        "One function generic over the device, class_probabilities:"
    )?;
    writeln!(
        out,
        "  model built on cpu (seed 1):          {}",
        format_rows(&on_cpu.array(), 3)
    )?;
    writeln!(
        out,
        "  the same model moved to other_cpu:    {}",
        format_rows(&on_other_cpu.array(), 3)
    )?;
    writeln!(
        out,
        "  a model built on other_cpu (seed 2):  {}",
        format_rows(&fresh.array(), 3)
    )?;
    write_cuda_run(out, &model, &x)?;
    Ok(())
}

/// The same function on the GPU: compiled only with this lesson's `cuda` feature, which needs
/// the CUDA toolkit and an NVIDIA GPU (see t11). CI never builds it.
#[cfg(feature = "cuda")]
fn write_cuda_run(
    out: &mut dyn Write,
    model: &Classifier<Cpu>,
    x: &Tensor<Rank2<2, 4>, f32, Cpu>,
) -> io::Result<()> {
    // ANCHOR: cuda
    let gpu = Cuda::default(); // GPU 0
    let model_on_gpu: Classifier<Cuda> = model.to_device(&gpu); // host → GPU memory
    let on_gpu = class_probabilities(&model_on_gpu, x.to_device(&gpu));
    let back: [[f32; 3]; 2] = on_gpu.array(); // GPU → host memory
                                              // ANCHOR_END: cuda
    writeln!(
        out,
        "  the same model moved to the GPU:      {}",
        format_rows(&back, 3)
    )
}

/// Without the `cuda` feature there is no `Cuda` type to run on: says so.
#[cfg(not(feature = "cuda"))]
fn write_cuda_run(
    out: &mut dyn Write,
    _model: &Classifier<Cpu>,
    _x: &Tensor<Rank2<2, 4>, f32, Cpu>,
) -> io::Result<()> {
    writeln!(
        out,
        "  on a GPU:                             not in this build (--features cuda)"
    )
}

// ANCHOR: mixing_does_not_compile
/// Tensors on two device types cannot be mixed: this doc test proves that the compiler rejects
/// `a + b` when `a` lives on a device of type `D1` and `b` on one of type `D2`, which may differ
/// (`Cpu` and `Cuda`). It needs no GPU: the compiler refuses the generic function itself.
///
/// ```compile_fail
/// use dfdx::prelude::*;
///
/// fn add_across<D1: Device<f32>, D2: Device<f32>>(
///     a: Tensor<Rank1<3>, f32, D1>,
///     b: Tensor<Rank1<3>, f32, D2>,
/// ) -> Tensor<Rank1<3>, f32, D1> {
///     a + b
/// }
/// ```
///
/// Its twin moves `b` to `a`'s device first, and compiles:
///
/// ```
/// use dfdx::prelude::*;
///
/// fn add_across<D1: Device<f32>, D2: Device<f32>>(
///     a: Tensor<Rank1<3>, f32, D1>,
///     b: Tensor<Rank1<3>, f32, D2>,
/// ) -> Tensor<Rank1<3>, f32, D1> {
///     let b = b.to_device(a.device());
///     a + b
/// }
///
/// let (cpu_1, cpu_2) = (Cpu::seed_from_u64(1), Cpu::seed_from_u64(2));
/// let sum = add_across(cpu_1.tensor([1.0, 2.0, 3.0]), cpu_2.tensor([10.0, 20.0, 30.0]));
/// assert_eq!(sum.array(), [11.0, 22.0, 33.0]);
/// ```
pub const MIXING_DEVICES_DOES_NOT_COMPILE: () = ();
// ANCHOR_END: mixing_does_not_compile
