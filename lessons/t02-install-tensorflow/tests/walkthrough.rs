//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests check what the lesson prints against sources the lesson does not use.

use dfdx::prelude::*;
use t02_install_tensorflow::{dfdx_requirement, first_op, through_npy, through_safetensors};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(t02_install_tensorflow::walkthrough));
}

/// The text of a file at the workspace's root, read now, while the test runs.
fn workspace_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The version of `package` in Cargo.lock, read with a plain text search instead of `kit`.
fn version_in_lock_file(package: &str) -> String {
    let lock = workspace_file("Cargo.lock");
    let entry = lock
        .split("[[package]]")
        .find(|entry| entry.contains(&format!("name = \"{package}\"\n")))
        .unwrap_or_else(|| panic!("{package} is in Cargo.lock"));
    let line = entry
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .expect("every package entry has a version");
    line.trim_end_matches('"').to_string()
}

#[test]
fn the_printed_versions_are_those_in_cargo_lock() {
    let printed = kit::capture(t02_install_tensorflow::walkthrough);
    for package in ["dfdx", "gemm", "rayon", "safetensors", "zip", "cudarc"] {
        let version = version_in_lock_file(package);
        let row = format!("  {package:<12} {version}");
        assert!(printed.contains(&row), "no row `{row}` in:\n{printed}");
    }
}

#[test]
fn the_quoted_requirement_is_the_manifests_line() {
    let manifest = workspace_file("Cargo.toml");
    let line = dfdx_requirement().expect("the lesson finds the line");
    assert!(manifest.lines().any(|l| l.trim() == line));
    assert!(line.contains("\"=0.13.0\""), "{line}");
}

#[test]
fn the_first_op_is_the_matrix_product() {
    let (a, b) = ([[1.0f64, 2.0], [3.0, 4.0]], [[5.0f64, 6.0], [7.0, 8.0]]);
    let expected: [[f32; 2]; 2] = std::array::from_fn(|i| {
        std::array::from_fn(|j| (a[i][0] * b[0][j] + a[i][1] * b[1][j]) as f32)
    });
    assert_eq!(first_op(&AutoDevice::default()).array(), expected);
}

#[test]
fn both_files_give_back_other_numbers_too() {
    let dev = AutoDevice::seed_from_u64(7);
    let x: Tensor<Rank2<2, 2>, f32, AutoDevice> = dev.sample_normal();
    let dir = std::env::temp_dir().join(format!("t02-walkthrough-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let from_safetensors = through_safetensors(&x, &dir).unwrap();
    let from_npy = through_npy(&x, &dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(from_safetensors.array(), x.array());
    assert_eq!(from_npy.array(), x.array());
}
