//! Running Cargo: the commands every xtask subcommand is made of.

use anyhow::{Context, Result};
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

/// What to do with the compiler's messages while building.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CompilerOutput {
    /// Print the compiler's warnings and errors about the packages asked for, as cargo would.
    Show,
    /// Print nothing: the caller reports the outcome in its own words.
    Hide,
}

/// The test target `test_target` of every workspace member that has one, built by one cargo
/// command: the executable of each package whose target compiled, and the compiler's rendered
/// messages (warnings and errors), per package.
#[derive(Debug, Default)]
pub struct TestBuild {
    /// Package name → its compiled test executable. A package missing here did not compile.
    pub executables: BTreeMap<String, PathBuf>,
    /// Package name → the compiler's messages about it, rendered for a terminal.
    pub messages: BTreeMap<String, Vec<String>>,
}

/// Builds the test target `test_target` of every workspace member (default features), without
/// running them, going on past a package that does not compile (`--keep-going`).
///
/// One command for the whole workspace, and not one per package, for two reasons: cargo
/// resolves dependency features from the packages a command selects, so a package built on its
/// own could resolve them differently from `cargo test --workspace` and rebuild dfdx and its
/// dependencies in a second variant; and one broken lesson still hides nothing about the others.
/// `Err` only if cargo cannot run.
pub fn build_test_executables(root: &Path, test_target: &str) -> Result<TestBuild> {
    let mut command = cargo(root);
    // Colours in the rendered messages only where they will be shown in colour.
    let format = if console::colors_enabled_stderr() {
        "--message-format=json-diagnostic-rendered-ansi"
    } else {
        "--message-format=json"
    };
    command.args([
        "build",
        "--workspace",
        "--keep-going",
        format,
        "--test",
        test_target,
    ]);
    // JSON on stdout; cargo's own progress lines on stderr, which are dropped: the caller shows
    // the messages of the packages it asked about.
    command.stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", describe(&command)))?;

    #[derive(Deserialize)]
    struct Message {
        reason: String,
        manifest_path: Option<PathBuf>,
        target: Option<Target>,
        executable: Option<PathBuf>,
        message: Option<Diagnostic>,
    }
    #[derive(Deserialize)]
    struct Target {
        name: String,
    }
    #[derive(Deserialize)]
    struct Diagnostic {
        rendered: Option<String>,
    }

    let mut build = TestBuild::default();
    let stdout = child
        .stdout
        .take()
        .context("cargo's stdout was not captured")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read cargo's output")?;
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        // A package's name is its folder's name (curriculum.rs checks that it is).
        let Some(package) = message
            .manifest_path
            .as_deref()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
        else {
            continue;
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(target), Some(executable)) = (message.target, message.executable) {
                    if target.name == test_target {
                        build.executables.insert(package, executable);
                    }
                }
            }
            "compiler-message" => {
                if let Some(rendered) = message.message.and_then(|m| m.rendered) {
                    build.messages.entry(package).or_default().push(rendered);
                }
            }
            _ => {}
        }
    }
    // Failure is read per package above: a package without an executable did not compile.
    child.wait().context("cargo did not finish")?;
    Ok(build)
}
