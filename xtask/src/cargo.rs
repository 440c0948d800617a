//! Running Cargo: the commands every xtask subcommand is made of.

use anyhow::{bail, Context, Result};
use console::style;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `cargo`, as the one that started xtask (`$CARGO`), run from the workspace root.
pub fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command.current_dir(root);
    command
}

/// Runs a command with inherited output; `Ok(true)` if it exited 0.
pub fn succeeds(command: &mut Command) -> Result<bool> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", describe(command)))?;
    Ok(status.success())
}

/// The command line, for messages: `cargo test --workspace`.
pub fn describe(command: &Command) -> String {
    let program = Path::new(command.get_program())
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let args: Vec<String> = command
        .get_args()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    format!("{program} {}", args.join(" "))
}

/// Prints a step's title the way every xtask step is announced.
pub fn announce(title: &str) {
    eprintln!("{} {title}", style("==>").cyan().bold());
}

/// The `--features` value that compiles each given package with its `answers`.
pub fn answers_features<'a>(packages: impl IntoIterator<Item = &'a str>) -> String {
    packages
        .into_iter()
        .map(|package| format!("{package}/answers"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Builds the test target `test_target` of each package (default features), without running
/// it, and returns each package's test executable by package name. Compiler errors go to stderr.
pub fn build_test_executables(
    root: &Path,
    packages: &[&str],
    test_target: &str,
) -> Result<BTreeMap<String, PathBuf>> {
    let mut command = cargo(root);
    command.args([
        "test",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    for package in packages {
        command.args(["--package", package]);
    }
    command.args(["--test", test_target]);
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", describe(&command)))?;

    #[derive(Deserialize)]
    struct Message {
        reason: String,
        manifest_path: Option<PathBuf>,
        target: Option<Target>,
        executable: Option<PathBuf>,
    }
    #[derive(Deserialize)]
    struct Target {
        name: String,
    }

    let mut executables = BTreeMap::new();
    let stdout = child
        .stdout
        .take()
        .context("cargo's stdout was not captured")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read cargo's output")?;
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        if message.reason != "compiler-artifact" {
            continue;
        }
        let (Some(manifest), Some(target), Some(executable)) =
            (message.manifest_path, message.target, message.executable)
        else {
            continue;
        };
        if target.name == test_target {
            let package = manifest
                .parent()
                .and_then(Path::file_name)
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            executables.insert(package, executable);
        }
    }
    if !child.wait().context("cargo did not finish")?.success() {
        bail!("the exercises do not compile: fix the first error cargo printed above");
    }
    Ok(executables)
}
