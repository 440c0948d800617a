//! Running Cargo: the commands every xtask subcommand is made of.

use anyhow::{bail, Context, Result};
use console::style;
use serde::Deserialize;
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

/// What to do with the compiler's messages while building.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompilerOutput {
    /// Let cargo print its progress, warnings and errors, as `cargo build` would.
    Show,
    /// Print nothing: the caller reports the outcome in its own words.
    Hide,
}

/// Builds the test target `test_target` of `package` (default features) without running it.
/// Returns its executable, or `None` if it does not compile; `Err` only if cargo cannot run or
/// does not say where it put the executable.
pub fn build_test_executable(
    root: &Path,
    package: &str,
    test_target: &str,
    output: CompilerOutput,
) -> Result<Option<PathBuf>> {
    let mut command = cargo(root);
    command.args([
        "test",
        "--no-run",
        "--message-format=json-render-diagnostics",
        "--package",
        package,
        "--test",
        test_target,
    ]);
    // Cargo's own messages and the rendered diagnostics go to stderr; JSON to stdout.
    command.stdout(Stdio::piped()).stderr(match output {
        CompilerOutput::Show => Stdio::inherit(),
        CompilerOutput::Hide => Stdio::null(),
    });
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

    let mut executable = None;
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
        let (Some(manifest), Some(target), Some(built)) =
            (message.manifest_path, message.target, message.executable)
        else {
            continue;
        };
        let built_package = manifest.parent().and_then(Path::file_name);
        if target.name == test_target && built_package.is_some_and(|name| name == package) {
            executable = Some(built);
        }
    }
    if !child.wait().context("cargo did not finish")?.success() {
        return Ok(None);
    }
    match executable {
        Some(executable) => Ok(Some(executable)),
        None => {
            bail!("cargo built {package} but named no executable for its tests/{test_target}.rs")
        }
    }
}
