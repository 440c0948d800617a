//! What an installation check asks about the build itself: which version of a crate was linked,
//! and which device dfdx computes on. Introduced in p01.

// ANCHOR: version
/// What `kit/build.rs` recorded from `Cargo.lock` while this crate was compiled.
mod build_info {
    include!(concat!(env!("OUT_DIR"), "/built.rs"));
}

/// The version of `crate_name` that Cargo resolved and linked into this build, if the workspace
/// depends on it: the Rust counterpart of `tf.__version__` or `torch.__version__`.
pub fn linked_version(crate_name: &str) -> Option<&'static str> {
    build_info::DEPENDENCIES
        .iter()
        .find(|(name, _)| *name == crate_name)
        .map(|(_, version)| *version)
}
// ANCHOR_END: version

// ANCHOR: device
/// The name of the device type that dfdx picked for `AutoDevice`: `Cpu`, or `Cuda` when dfdx is
/// built with its `cuda` feature.
pub fn device_name() -> &'static str {
    let path = std::any::type_name::<dfdx::tensor::AutoDevice>();
    path.rsplit("::").next().unwrap_or(path)
}
// ANCHOR_END: device

// ANCHOR: gpu
/// Whether this build can compute on an NVIDIA GPU, and whether one answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpuStatus {
    /// dfdx was compiled without its `cuda` feature: there is no GPU code in this binary.
    NotCompiled,
    /// The `cuda` build is here, but device 0 could not be opened; the driver's reason.
    Unavailable(String),
    /// The `cuda` build opened GPU device 0.
    Available,
}

/// Asks for GPU device 0, the way `torch.cuda.is_available()` does. Introduced in t11.
///
/// Only a build with `kit`'s `cuda` feature (which turns on dfdx's) contains the question at all;
/// CI never builds it, since it needs the CUDA toolkit (see t11). dfdx 0.13's CUDA library,
/// cudarc 0.9, unwraps the driver's first two answers (`cuInit`, `cuDeviceGet`) instead of
/// returning them, so on a machine whose driver finds no GPU, opening the device *panics*. The
/// panic is caught here and its message, the driver's reason, becomes the answer (Rust's panic
/// hook still prints it on standard error).
pub fn gpu_status() -> GpuStatus {
    #[cfg(feature = "cuda")]
    {
        let opened = std::panic::catch_unwind(|| dfdx::tensor::Cuda::try_build(0, 0));
        match opened {
            Ok(Ok(_)) => GpuStatus::Available,
            Ok(Err(err)) => GpuStatus::Unavailable(err.to_string()),
            Err(panic) => GpuStatus::Unavailable(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "opening GPU device 0 panicked".to_string()),
            ),
        }
    }
    #[cfg(not(feature = "cuda"))]
    {
        GpuStatus::NotCompiled
    }
}
// ANCHOR_END: gpu

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfdx_is_the_pinned_version() {
        assert_eq!(linked_version("dfdx"), Some("0.13.0"));
        assert_eq!(linked_version("no-such-crate"), None);
    }

    #[test]
    #[cfg(not(feature = "cuda"))]
    fn the_course_builds_for_the_cpu() {
        assert_eq!(device_name(), "Cpu");
        assert_eq!(gpu_status(), GpuStatus::NotCompiled);
    }
}
