//! The helpers the lessons share. Each item names the lesson that introduces it; a lesson reuses
//! what is here instead of writing it again.

pub mod train;

use datasets::{Mnist, MnistSource};
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs a lesson's walkthrough with standard output as its writer: the whole body of every
/// lesson's `main`. Introduced in p01.
///
/// Every lesson is a library function `walkthrough(&mut dyn Write)`, so that the binary, the
/// snapshot test and the book print one and the same text. Standard output is line-buffered, so a
/// long lesson shows each line as soon as it is written.
/// A closed pipe (`cargo xtask run p01 | head`) ends the lesson quietly; any other write error
/// is reported in one line with a non-zero exit code, never a panic.
pub fn run_lesson(walkthrough: fn(&mut dyn Write) -> io::Result<()>) -> ExitCode {
    print_to_stdout(|out| walkthrough(out))
}

/// Runs a lesson that trains on MNIST: the whole body of its `main`. Introduced in p03.
///
/// The walkthrough gets the embedded sample, which is what the book shows, unless the command
/// line says `--full` (the downloaded full set) or `MNIST_DIR` names a folder; see
/// [`MnistSource::choose`]. Data that cannot be loaded ends the run with one line naming the
/// file and the fix, and exit code 2.
pub fn run_mnist_lesson(walkthrough: fn(&mut dyn Write, &Mnist) -> io::Result<()>) -> ExitCode {
    let mut full = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--full" => full = true,
            _ => {
                eprintln!(
                    "error: unknown argument `{arg}`; the only option is `--full`, to train on \
                     full MNIST (download it first with `cargo xtask fetch-data`)"
                );
                return ExitCode::from(2);
            }
        }
    }
    match Mnist::load(&MnistSource::choose(full)) {
        Ok(mnist) => print_to_stdout(|out| walkthrough(out, &mnist)),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

fn print_to_stdout(walkthrough: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> ExitCode {
    let mut out = io::stdout().lock();
    match walkthrough(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: could not write the lesson's output: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a lesson's walkthrough into memory and returns what it printed: what the lesson's
/// snapshot test compares with the book. Introduced in p01.
///
/// # Panics
///
/// If the walkthrough fails or prints invalid UTF-8: in a test, that is the failure to report.
pub fn capture(walkthrough: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut printed = Vec::new();
    walkthrough(&mut printed).expect("the walkthrough writes into memory without error");
    String::from_utf8(printed).expect("the walkthrough prints UTF-8")
}
