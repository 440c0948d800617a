//! The lesson's binary on files of its own: `--save` then `--load` gives the same predictions,
//! and every bad file, or path, gets one line on standard error and exit code 2.

use dfdx::prelude::*;
use kit::scratch::ScratchDir;
use p09_save_and_load::{Architecture, SHOWN_PREDICTIONS};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_p09-save-and-load"))
        .args(args)
        // A panic would print a backtrace: there must be none to print.
        .env("RUST_BACKTRACE", "1")
        .env_remove("MNIST_DIR")
        .output()
        .expect("the lesson's binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The lines that `--save` and `--load` both print about the network's predictions.
fn predictions(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| line.starts_with("Test accuracy") || line.starts_with("Predicted digits"))
        .collect()
}

/// Asserts a refusal: exit code 2, nothing on standard output, one line on standard error that
/// starts with `error: ` and holds each of `expected`.
fn assert_refused(output: &Output, expected: &[&str]) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "{part:?} is not in {stderr}");
    }
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn save_then_load_gives_the_same_predictions_and_replaces_a_file_whole() {
    let dir = ScratchDir::new("p09-cli").unwrap();
    let path = dir.join("w.safetensors");
    fs::write(&path, b"an older file").unwrap();
    let saved = run(&["--save", arg(&path)]);
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved.stderr));
    let saved = text(&saved.stdout);
    assert!(
        saved.contains(&format!("Saved its weights to {}", path.display())),
        "{saved}"
    );
    // The old file was replaced by the new one, and no temporary file is left beside it.
    assert_ne!(fs::read(&path).unwrap(), b"an older file");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

    let loaded = run(&["--load", arg(&path)]);
    assert_eq!(loaded.status.code(), Some(0), "{}", text(&loaded.stderr));
    let loaded = text(&loaded.stdout);
    assert!(
        loaded.starts_with(&format!("Loaded {}", path.display())),
        "{loaded}"
    );
    let shown = predictions(&saved);
    assert_eq!(shown.len(), 2, "{saved}");
    assert_eq!(predictions(&loaded), shown);
    let digits = shown[1].rsplit(": ").next().unwrap().split(' ').count();
    assert_eq!(digits, SHOWN_PREDICTIONS);
}

#[test]
fn a_save_that_cannot_happen_changes_nothing() {
    let dir = ScratchDir::new("p09-cli").unwrap();
    let folder = dir.join("a-folder");
    fs::create_dir(&folder).unwrap();
    assert_refused(
        &run(&["--save", arg(&folder)]),
        &["a-folder", "it is a folder"],
    );
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
    let nowhere = dir.join("no-such-folder").join("w.safetensors");
    assert_refused(
        &run(&["--save", arg(&nowhere)]),
        &["no-such-folder does not exist"],
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn every_bad_file_gets_one_line_and_exit_code_2() {
    let dir = ScratchDir::new("p09-cli").unwrap();
    let dev = AutoDevice::seed_from_u64(3);
    let good = dir.join("good.safetensors");
    dev.build_module::<Architecture, f32>()
        .save_safetensors(&good)
        .unwrap();
    let bytes = fs::read(&good).unwrap();
    let truncated = dir.join("truncated.safetensors");
    fs::write(&truncated, &bytes[..bytes.len() - 1000]).unwrap();
    let npz = dir.join("model.npz");
    dev.build_module::<Architecture, f32>().save(&npz).unwrap();
    let text_file = dir.join("notes.txt");
    fs::write(&text_file, "not weights at all\n").unwrap();
    let deeper = dir.join("deeper.safetensors");
    dev.build_module::<(
        (Linear<784, 64>, ReLU),
        (Linear<64, 32>, ReLU),
        Linear<32, 10>,
    ), f32>()
        .save_safetensors(&deeper)
        .unwrap();
    let narrower = dir.join("narrower.safetensors");
    dev.build_module::<((Linear<784, 32>, ReLU), Linear<32, 10>), f32>()
        .save_safetensors(&narrower)
        .unwrap();
    let double = dir.join("double.safetensors");
    dev.build_module::<Architecture, f64>()
        .save_safetensors(&double)
        .unwrap();
    let missing = dir.join("missing.safetensors");

    let save = "`cargo xtask run p09 -- --save";
    let cases: [(&Path, &[&str]); 8] = [
        (&missing, &["does not exist", save]),
        (&truncated, &["is cut short", save]),
        (&npz, &["is not a safetensors file", "zip archive", save]),
        (&text_file, &["is not a safetensors file", save]),
        (
            &deeper,
            &["another architecture", "no tensor 1.weight", save],
        ),
        (
            &narrower,
            &[
                "another architecture",
                "tensor 0.0.weight is [32, 784]",
                save,
            ],
        ),
        (&double, &["tensor 0.0.weight as F64", save]),
        (dir.path(), &["is a folder", save]),
    ];
    for (path, expected) in cases {
        let output = run(&["--load", arg(path)]);
        let mut expected = expected.to_vec();
        expected.push(arg(path));
        assert_refused(&output, &expected);
    }
}

#[test]
fn bad_options_get_one_line_and_exit_code_2() {
    assert_refused(
        &run(&["--save", "a", "--load", "b"]),
        &["cannot be used with"],
    );
    assert_refused(&run(&["--weights", "w"]), &["--weights"]);
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("--load <PATH>"));
}
