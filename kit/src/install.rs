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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfdx_is_the_pinned_version() {
        assert_eq!(linked_version("dfdx"), Some("0.13.0"));
        assert_eq!(linked_version("no-such-crate"), None);
    }

    #[test]
    fn the_course_builds_for_the_cpu() {
        assert_eq!(device_name(), "Cpu");
    }
}
