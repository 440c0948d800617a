//! # t11 · CPU and CUDA builds
//!
//! **Question.** How do you install PyTorch?
//!
//! **Answer.** By choosing a *build*. On Linux x86-64, `pip install torch` gives a CUDA build
//! and pulls NVIDIA's CUDA libraries in as pip packages; a CPU-only build, or one for another
//! CUDA version, comes from PyTorch's own package index
//! (`--index-url https://download.pytorch.org/whl/cpu`, `…/whl/cu128`). A CUDA build still runs on
//! a machine without a GPU: `torch.cuda.is_available()` says `False` and the tensors stay on the
//! CPU. dfdx makes the same choice when the program is compiled: the default build computes on
//! the CPU, and the `cuda` feature compiles the NVIDIA device in and makes `AutoDevice` mean
//! `Cuda`. That build needs the CUDA toolkit and a GPU on the machine that compiles it, and it has
//! no CPU to fall back on when it runs. Either build is verified the PyTorch way: the version,
//! `[1, 2, 3].sum() = 6` on `AutoDevice`, and whether a GPU is in use.
//!
//! Run it with `cargo xtask run t11`; the CUDA build with
//! `cargo run --release -p t11-install-pytorch --features cuda`.

use dfdx::prelude::*;
use kit::install::GpuStatus;
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t11-install-pytorch.rs")]
pub mod exercises;

/// Whether this crate was compiled with its `cuda` feature, which turns on `kit/cuda` and so
/// dfdx's `cuda`: the Rust counterpart of choosing a CUDA wheel rather than a CPU one.
pub const CUDA_FEATURE: bool = cfg!(feature = "cuda");

// ANCHOR: smoke_test
/// The installation check's computation, `torch.tensor([1, 2, 3]).sum()`, on whichever device
/// this build's `AutoDevice` is. The same source compiles in both builds: only the type behind
/// the alias changes.
pub fn one_two_three_sum(dev: &AutoDevice) -> f32 {
    let x: Tensor<Rank1<3>, f32, AutoDevice> = dev.tensor([1.0, 2.0, 3.0]);
    x.sum::<Rank0, _>().array()
}
// ANCHOR_END: smoke_test

/// Prints the lesson: what this build is, and the check run on it.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t11 · CPU and CUDA builds")?;
    writeln!(out)?;

    // ANCHOR: report
    let feature = if CUDA_FEATURE { "on" } else { "off" };
    let device = kit::install::device_name();
    writeln!(out, "This build")?;
    writeln!(out, "  `cuda` feature   {feature}")?;
    writeln!(out, "  AutoDevice       {device}")?;
    writeln!(out)?;

    let dfdx = kit::install::linked_version("dfdx").unwrap_or("not a dependency");
    let gpu = kit::install::gpu_status();
    // A CUDA build's `AutoDevice` is `Cuda`: without a GPU there is nothing to compute on.
    let sum = match gpu {
        GpuStatus::Unavailable(_) => None,
        GpuStatus::NotCompiled | GpuStatus::Available => {
            Some(one_two_three_sum(&AutoDevice::default()))
        }
    };
    let sum_here = match sum {
        Some(sum) => format!("{sum} on {device} (expected 6)"),
        None => "not run: AutoDevice is Cuda here, and no GPU answered".to_string(),
    };
    let gpu_here = match &gpu {
        GpuStatus::NotCompiled => "no: this build has no GPU code".to_string(),
        GpuStatus::Available => "yes: GPU device 0 opened".to_string(),
        GpuStatus::Unavailable(reason) => format!("no: {reason}"),
    };
    let rows = [
        ("The check", "in PyTorch", "here".to_string()),
        ("  version", "torch.__version__", format!("dfdx {dfdx}")),
        (
            "  [1, 2, 3].sum()",
            "torch.tensor([1, 2, 3]).sum()",
            sum_here,
        ),
        ("  GPU in use", "torch.cuda.is_available()", gpu_here),
    ];
    for (check, in_pytorch, here) in rows {
        writeln!(out, "{check:<19}{in_pytorch:<32}{here}")?;
    }
    let verdict = match (sum, gpu) {
        (None, _) => "this CUDA build needs a GPU: run the CPU build on this machine",
        (Some(sum), _) if sum != 6.0 => "broken: the sum is wrong",
        (Some(_), GpuStatus::Available) => "dfdx is installed and computes on the GPU",
        (Some(_), _) => "dfdx is installed and computes on the CPU",
    };
    writeln!(out, "Verdict: {verdict}")?;
    // ANCHOR_END: report

    if !CUDA_FEATURE {
        writeln!(out)?;
        writeln!(
            out,
            "The CUDA build (needs the CUDA toolkit and an NVIDIA GPU where it compiles):"
        )?;
        writeln!(
            out,
            "  cargo run --release -p t11-install-pytorch --features cuda"
        )?;
    }
    Ok(())
}
