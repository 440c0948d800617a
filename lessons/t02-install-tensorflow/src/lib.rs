//! # t02 · Installing dfdx: Cargo, features and the lock file
//!
//! **Question.** How do you install TensorFlow 2?
//!
//! **Answer.** A Rust project installs dfdx by naming it in `Cargo.toml`: a *version
//! requirement* (`=0.13.0` pins one version; `0.13` accepts any 0.13.x) and a list of
//! *features*, the optional parts to compile in (`cpu` by default; `cuda`, `safetensors`,
//! `numpy`, `f16`). Cargo picks the versions, writes them to `Cargo.lock`, the project's frozen
//! environment, and compiles dfdx once with the union of the features that everything in the
//! build asks for. Features are chosen at compile time and no list of them survives into the
//! program: what a program can observe is what was compiled in, namely the versions Cargo.lock
//! recorded, the device type `AutoDevice` stands for, and the functions that exist.
//!
//! Run it with `cargo xtask run t02`.

use dfdx::prelude::*;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/t02-install-tensorflow.rs"
)]
pub mod exercises;

// ANCHOR: version
/// A release number `major.minor.patch`, as Cargo.lock records it (pre-releases such as
/// `1.0.0-beta.1` are left out of this lesson). Versions compare part by part, major first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The first number.
    pub major: u64,
    /// The second number.
    pub minor: u64,
    /// The third number.
    pub patch: u64,
}

/// A caret requirement as written in `Cargo.toml`: `"1.2.3"`, `"1.2"` or `"1"`, with or without
/// the `^` (a bare version in `Cargo.toml` *is* a caret requirement). The parts left out are
/// `None`; `patch` is only ever written after a `minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaretRequirement {
    /// The first number, always written.
    pub major: u64,
    /// The second number, if written.
    pub minor: Option<u64>,
    /// The third number, if written (then `minor` is written too).
    pub patch: Option<u64>,
}
// ANCHOR_END: version

impl Version {
    /// The version `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Reads `"0.13.0"`; `None` unless the text is exactly three numbers separated by dots.
    pub fn parse(text: &str) -> Option<Self> {
        match *numbers(text)?.as_slice() {
            [major, minor, patch] => Some(Version::new(major, minor, patch)),
            _ => None,
        }
    }
}

impl CaretRequirement {
    /// Reads `"^0.13"`, `"0.13"`, `"1"` or `"0.0.3"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix('^').unwrap_or(text);
        let (major, minor, patch) = match *numbers(text)?.as_slice() {
            [major] => (major, None, None),
            [major, minor] => (major, Some(minor), None),
            [major, minor, patch] => (major, Some(minor), Some(patch)),
            _ => return None,
        };
        Some(CaretRequirement {
            major,
            minor,
            patch,
        })
    }
}

/// The dot-separated numbers of `text`, or `None` if a part is not a number.
fn numbers(text: &str) -> Option<Vec<u64>> {
    text.split('.').map(|part| part.parse().ok()).collect()
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl fmt::Display for CaretRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "^{}", self.major)?;
        if let Some(minor) = self.minor {
            write!(f, ".{minor}")?;
        }
        if let Some(patch) = self.patch {
            write!(f, ".{patch}")?;
        }
        Ok(())
    }
}

// ANCHOR: requirement
/// The workspace's `Cargo.toml`, compiled into the program (`include_str!` reads it at compile
/// time), so that the lesson can quote the line that installs dfdx.
const WORKSPACE_MANIFEST: &str = include_str!("../../../Cargo.toml");

/// The line of the workspace's `Cargo.toml` that asks for dfdx: its version requirement and its
/// features.
pub fn dfdx_requirement() -> Option<&'static str> {
    WORKSPACE_MANIFEST
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("dfdx ="))
}
// ANCHOR_END: requirement

// ANCHOR: locked
/// dfdx's optional dependencies, each with the dfdx feature that brings it into a build.
pub const OPTIONAL_DEPENDENCIES: [(&str, &str); 5] = [
    ("gemm", "cpu"),
    ("rayon", "cpu"),
    ("safetensors", "safetensors"),
    ("zip", "numpy"),
    ("cudarc", "cuda"),
];
// ANCHOR_END: locked

// ANCHOR: first_op
/// The lesson's first op: a 2 × 2 matrix product whose every product and sum is a small
/// integer, so that `f32` holds the answer exactly: `[[19, 22], [43, 50]]`.
pub fn first_op(dev: &AutoDevice) -> Tensor<Rank2<2, 2>, f32, AutoDevice> {
    let a = dev.tensor([[1.0, 2.0], [3.0, 4.0]]);
    let b = dev.tensor([[5.0, 6.0], [7.0, 8.0]]);
    a.matmul(b) // [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]]
}
// ANCHOR_END: first_op

// ANCHOR: round_trips
/// Saves `x` as a `.safetensors` file in `dir` and loads it into a fresh tensor of zeros.
/// `save_safetensors` and `load_safetensors` exist only when dfdx's `safetensors` feature is
/// on: without it, this function would not compile.
pub fn through_safetensors(
    x: &Tensor<Rank2<2, 2>, f32, AutoDevice>,
    dir: &Path,
) -> io::Result<Tensor<Rank2<2, 2>, f32, AutoDevice>> {
    let path = dir.join("x.safetensors");
    x.save_safetensors(&path).map_err(io::Error::other)?;
    let mut loaded = x.device().zeros_like(x);
    loaded
        .load_safetensors(&path)
        .map_err(|err| io::Error::other(format!("{err:?}")))?;
    Ok(loaded)
}

/// The same through a NumPy `.npy` file, which needs dfdx's `numpy` feature.
pub fn through_npy(
    x: &Tensor<Rank2<2, 2>, f32, AutoDevice>,
    dir: &Path,
) -> io::Result<Tensor<Rank2<2, 2>, f32, AutoDevice>> {
    let path = dir.join("x.npy");
    x.save_to_npy(&path)?;
    let mut loaded = x.device().zeros_like(x);
    loaded
        .load_from_npy(&path)
        .map_err(|err| io::Error::other(format!("{err:?}")))?;
    Ok(loaded)
}
// ANCHOR_END: round_trips

// ANCHOR: f16_is_off
/// A feature that is off cannot be asked about at run time, because the items it adds do not
/// exist: code that names them does not compile. This workspace leaves dfdx's `f16` feature off,
/// so the half-precision type is missing, and this doc test proves it for the build in
/// `Cargo.lock`:
///
/// ```compile_fail
/// use dfdx::dtypes::f16;
/// let half = f16::from_f32(0.5);
/// ```
///
/// The `safetensors` feature is on, so the trait it adds is there:
///
/// ```
/// use dfdx::nn::SaveToSafetensors;
/// ```
pub const FEATURES_ARE_SEEN_AT_COMPILE_TIME: () = ();
// ANCHOR_END: f16_is_off

/// `[[19, 22], [43, 50]]`: a matrix with each number printed as Rust's `Display` prints it.
pub fn matrix<const M: usize, const N: usize>(rows: [[f32; N]; M]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let row: Vec<String> = row.iter().map(f32::to_string).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Prints the lesson: the requirement, what Cargo.lock recorded, a first op, and what the
/// program can observe of dfdx's features.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "t02 · Installing dfdx: Cargo, features and the lock file"
    )?;
    writeln!(out)?;

    writeln!(out, "Cargo.toml asks for (the workspace's line):")?;
    writeln!(
        out,
        "  {}",
        dfdx_requirement().unwrap_or("(no dfdx line found)")
    )?;
    writeln!(out)?;

    // ANCHOR: print_locked
    writeln!(
        out,
        "Cargo.lock recorded (read while `kit` was compiled, not at run time):"
    )?;
    let locked = |name| kit::install::linked_version(name).unwrap_or("not in Cargo.lock");
    writeln!(out, "  {:<12} {}", "dfdx", locked("dfdx"))?;
    for (name, feature) in OPTIONAL_DEPENDENCIES {
        writeln!(
            out,
            "  {name:<12} {:<8} optional: dfdx's feature `{feature}` brings it",
            locked(name)
        )?;
    }
    // ANCHOR_END: print_locked
    let no_gpu_code = kit::install::gpu_status() == kit::install::GpuStatus::NotCompiled;
    if no_gpu_code && kit::install::linked_version("cudarc").is_some() {
        writeln!(
            out,
            "  Listed is not compiled: cudarc is in Cargo.lock, but the feature `cuda` is off."
        )?;
    }
    writeln!(out)?;

    let dev = AutoDevice::default();
    let product = first_op(&dev);
    writeln!(
        out,
        "A first op: {} · {} = {}",
        matrix([[1.0, 2.0], [3.0, 4.0]]),
        matrix([[5.0, 6.0], [7.0, 8.0]]),
        matrix(product.array())
    )?;
    writeln!(out)?;

    let dir = kit::scratch::ScratchDir::new("t02-install-tensorflow")?;
    let same = |loaded: Tensor<Rank2<2, 2>, f32, AutoDevice>| {
        if loaded.array() == product.array() {
            "the same 4 numbers came back"
        } else {
            "DIFFERENT numbers came back"
        }
    };
    let safetensors = same(through_safetensors(&product, dir.path())?);
    let npy = same(through_npy(&product, dir.path())?);

    // ANCHOR: print_features
    writeln!(out, "dfdx's features, as far as this program can see them:")?;
    let cuda = if no_gpu_code {
        "no GPU code was compiled"
    } else {
        "the Cuda device was compiled in"
    };
    let device = kit::install::device_name();
    writeln!(out, "  cuda         AutoDevice = {device}: {cuda}")?;
    writeln!(
        out,
        "  safetensors  saved the product and loaded it: {safetensors}"
    )?;
    writeln!(out, "  numpy        the same through a .npy file: {npy}")?;
    writeln!(
        out,
        "  cpu          not observable: without it matmul runs a plain loop, same numbers"
    )?;
    writeln!(
        out,
        "  f16          cannot be asked: while it is off, dfdx::dtypes::f16 does not compile"
    )?;
    // ANCHOR_END: print_features
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_requirements_parse_and_print_back() {
        assert_eq!(Version::parse("0.13.0"), Some(Version::new(0, 13, 0)));
        assert_eq!(Version::parse("0.13"), None);
        assert_eq!(Version::parse("0.x.1"), None);
        for text in ["^1", "^0.13", "^0.0.3"] {
            let requirement = CaretRequirement::parse(text).expect("it parses");
            assert_eq!(requirement.to_string(), text);
        }
        assert_eq!(
            CaretRequirement::parse("0.13"),
            CaretRequirement::parse("^0.13")
        );
        assert_eq!(CaretRequirement::parse("1.2.3.4"), None);
        assert_eq!(CaretRequirement::parse(""), None);
    }

    #[test]
    fn versions_compare_major_first() {
        assert!(Version::new(0, 13, 9) < Version::new(0, 14, 0));
        assert!(Version::new(1, 0, 0) > Version::new(0, 99, 99));
    }

    #[test]
    fn a_matrix_prints_its_numbers_without_trailing_zeros() {
        assert_eq!(
            matrix([[19.0, 22.0], [43.0, 50.5]]),
            "[[19, 22], [43, 50.5]]"
        );
    }
}
