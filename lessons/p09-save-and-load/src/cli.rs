//! The lesson on a file of your own: `--save PATH` trains the network and writes its weights,
//! `--load PATH` loads them into a fresh network and predicts. Parsed with clap.

use crate::weights::{load_weights, save_weights, SaveError};
use crate::{fresh_network, train, Architecture, FRESH_SEED, SHOWN_PREDICTIONS};
use clap::error::ErrorKind;
use clap::Parser;
use datasets::{Mnist, MnistSource};
use kit::{percent, thousands};
use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The walkthrough, as the book shows it (on full MNIST with `--full`).
    Walkthrough,
    /// Train, then save the weights to this file.
    Save {
        /// The file to write.
        path: PathBuf,
        /// Train and test on full MNIST.
        full: bool,
    },
    /// Load the weights in this file into a fresh network, and predict.
    Load {
        /// The file to read.
        path: PathBuf,
        /// Test on full MNIST.
        full: bool,
    },
    /// Print this help text and stop.
    Help(String),
}

/// Saving and loading the weights of p03's network (784→64→10) as a safetensors file. With no
/// option, the lesson's walkthrough.
#[derive(Debug, Parser)]
#[command(name = "p09-save-and-load", disable_version_flag = true)]
struct Options {
    /// Train the network and save its weights to PATH, through a temporary file and a rename:
    /// PATH is replaced only by a complete file
    #[arg(long, value_name = "PATH", conflicts_with = "load")]
    save: Option<PathBuf>,
    /// Load the weights in PATH, written by --save, into a fresh network and predict the test
    /// digits
    #[arg(long, value_name = "PATH")]
    load: Option<PathBuf>,
    /// Train and test on full MNIST (download it first with `cargo xtask fetch-data`)
    #[arg(long)]
    full: bool,
}

/// Reads the command line (`args` includes the program's name first, as `std::env::args_os`
/// gives it). A bad option is an `Err` holding one line.
pub fn parse<I, T>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let options = match Options::try_parse_from(args) {
        Ok(options) => options,
        Err(err) if err.kind() == ErrorKind::DisplayHelp => {
            return Ok(Command::Help(err.render().to_string()));
        }
        Err(err) => {
            let message = err.render().to_string();
            let line = message.lines().next().unwrap_or("bad arguments");
            return Err(format!(
                "{}; see --help for the options",
                line.strip_prefix("error: ").unwrap_or(line)
            ));
        }
    };
    let full = options.full;
    Ok(match (options.save, options.load) {
        (Some(path), _) => Command::Save { path, full },
        (None, Some(path)) => Command::Load { path, full },
        (None, None) => Command::Walkthrough,
    })
}

/// Runs `--save` or `--load`, printing to `out`. A refusal (a bad file, data that cannot be
/// loaded) is an `InvalidInput` error holding one line, which kit's runner prints with exit
/// code 2.
pub fn run(out: &mut dyn Write, command: &Command) -> io::Result<()> {
    match command {
        Command::Save { path, full } => save(out, &mnist(*full)?, path),
        Command::Load { path, full } => load(out, &mnist(*full)?, path),
        Command::Walkthrough | Command::Help(_) => Err(io::Error::other(
            "`run` is for --save and --load; main prints the walkthrough and the help",
        )),
    }
}

/// A refusal that kit's runner prints as one line with exit code 2.
fn refuse(message: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

/// The MNIST that `--full` and `MNIST_DIR` ask for, as every MNIST lesson reads it.
fn mnist(full: bool) -> io::Result<Mnist> {
    Mnist::load(&MnistSource::choose(full)).map_err(refuse)
}

/// `--save PATH`: trains the network as the walkthrough does and saves its weights.
fn save(out: &mut dyn Write, mnist: &Mnist, path: &Path) -> io::Result<()> {
    // A path that cannot be written is refused before the training, not after it.
    check_save_target(path).map_err(refuse)?;
    let trained = train(mnist)?;
    save_weights(&trained.model, path).map_err(refuse)?;
    let size = std::fs::metadata(path)?.len() as usize;
    writeln!(
        out,
        "Trained {} for {} epochs on {}.",
        kit::short_type_name::<Architecture>(),
        crate::EPOCHS,
        mnist.source
    )?;
    writeln!(
        out,
        "Saved its weights to {} ({} bytes).",
        path.display(),
        thousands(size)
    )?;
    write_predictions(out, &trained.model, mnist)?;
    writeln!(
        out,
        "Load them into a fresh network with: cargo xtask run p09 -- --load {}",
        path.display()
    )
}

/// Refuses a path that is a folder or lies in a folder that does not exist.
fn check_save_target(path: &Path) -> Result<(), SaveError> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let kind = if path.is_dir() {
        io::ErrorKind::IsADirectory
    } else if folder.is_some_and(|folder| !folder.is_dir()) {
        io::ErrorKind::NotFound
    } else {
        return Ok(());
    };
    Err(SaveError {
        file: path.to_path_buf(),
        cause: kind.into(),
    })
}

/// `--load PATH`: loads the weights into a fresh network and predicts.
fn load(out: &mut dyn Write, mnist: &Mnist, path: &Path) -> io::Result<()> {
    let mut model = fresh_network();
    load_weights(&mut model, path).map_err(refuse)?;
    writeln!(
        out,
        "Loaded {} into a fresh {} built from seed {FRESH_SEED}.",
        path.display(),
        kit::short_type_name::<Architecture>()
    )?;
    write_predictions(out, &model, mnist)
}

/// The test accuracy and the first test predictions: the lines `--save` and `--load` share.
fn write_predictions(out: &mut dyn Write, model: &crate::Network, mnist: &Mnist) -> io::Result<()> {
    let dev = dfdx::prelude::AutoDevice::default();
    let predicted = kit::train::predict(model, &mnist.test, &dev);
    let right = (0..mnist.test.len())
        .filter(|&i| predicted[i] == mnist.test.label(i))
        .count();
    writeln!(
        out,
        "Test accuracy on {}: {} ({} of {} digits)",
        mnist.source,
        percent(right as f32 / mnist.test.len() as f32).trim_start(),
        thousands(right),
        thousands(mnist.test.len())
    )?;
    let first: Vec<String> = predicted
        .iter()
        .take(SHOWN_PREDICTIONS)
        .map(usize::to_string)
        .collect();
    writeln!(
        out,
        "Predicted digits of the first {SHOWN_PREDICTIONS} test images: {}",
        first.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Command, String> {
        parse(std::iter::once("p09-save-and-load").chain(line.split_whitespace()))
    }

    #[test]
    fn options_choose_the_command() {
        assert_eq!(parse_line(""), Ok(Command::Walkthrough));
        assert_eq!(parse_line("--full"), Ok(Command::Walkthrough));
        assert_eq!(
            parse_line("--save w.safetensors"),
            Ok(Command::Save {
                path: "w.safetensors".into(),
                full: false
            })
        );
        assert_eq!(
            parse_line("--load=w.safetensors --full"),
            Ok(Command::Load {
                path: "w.safetensors".into(),
                full: true
            })
        );
        let Ok(Command::Help(text)) = parse_line("--help") else {
            panic!("--help asks for help");
        };
        assert!(
            text.contains("--save <PATH>") && text.contains("--load <PATH>"),
            "{text}"
        );
    }

    #[test]
    fn bad_options_are_refused_in_one_line() {
        for (line, expected) in [
            ("--save a --load b", "cannot be used with"),
            ("--save", "a value is required for '--save <PATH>'"),
            ("--weights w", "unexpected argument '--weights' found"),
            ("w.safetensors", "unexpected argument 'w.safetensors' found"),
        ] {
            let message = parse_line(line).expect_err(line);
            assert!(message.contains(expected), "{line}: {message}");
            assert!(!message.contains('\n'), "{line}: {message}");
        }
    }
}
