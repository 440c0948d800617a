//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! snapshot is the CPU build's; the other tests hold in either build.

use dfdx::prelude::*;
use kit::install::gpu_status;
use kit::install::GpuStatus;
use std::any::TypeId;
use t11_install_pytorch::{one_two_three_sum, walkthrough, CUDA_FEATURE};

#[test]
#[cfg(not(feature = "cuda"))]
fn output() {
    insta::assert_snapshot!("output", kit::capture(walkthrough));
}

/// The device printed is the type behind the alias, compared as a type and not as a name.
#[test]
fn auto_device_is_cuda_exactly_in_the_cuda_build() {
    let is_cpu = TypeId::of::<AutoDevice>() == TypeId::of::<Cpu>();
    assert_eq!(is_cpu, !CUDA_FEATURE);
    let expected = if CUDA_FEATURE { "Cuda" } else { "Cpu" };
    assert_eq!(kit::install::device_name(), expected);
    let output = kit::capture(walkthrough);
    assert!(output.contains(&format!("AutoDevice       {expected}\n")));
}

/// The CPU build has no GPU code; the CUDA build never reports "not compiled".
#[test]
fn the_gpu_status_matches_the_build() {
    let status = gpu_status();
    if CUDA_FEATURE {
        assert_ne!(status, GpuStatus::NotCompiled);
    } else {
        assert_eq!(status, GpuStatus::NotCompiled);
        assert!(kit::capture(walkthrough).contains("no: this build has no GPU code\n"));
    }
}

/// The printed sum, recomputed on the CPU (which every build has) and compared with the
/// sum on `AutoDevice` that the lesson prints.
#[test]
fn the_check_agrees_with_the_cpu() {
    let cpu: Tensor<Rank1<3>, f32, Cpu> = Cpu::default().tensor([1.0, 2.0, 3.0]);
    let on_cpu = cpu.as_vec().iter().sum::<f32>();
    assert_eq!(on_cpu, 6.0);
    if matches!(gpu_status(), GpuStatus::Unavailable(_)) {
        return; // a CUDA build on a machine without a GPU computes nothing
    }
    assert_eq!(one_two_three_sum(&AutoDevice::default()), on_cpu);
    let expected = format!("6 on {} (expected 6)\n", kit::install::device_name());
    assert!(kit::capture(walkthrough).contains(&expected));
}

/// The version printed is the one in `Cargo.lock`, which pins dfdx to 0.13.0.
#[test]
fn the_version_is_the_locked_one() {
    assert_eq!(kit::install::linked_version("dfdx"), Some("0.13.0"));
    assert!(kit::capture(walkthrough).contains("dfdx 0.13.0\n"));
}
