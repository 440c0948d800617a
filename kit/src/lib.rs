//! The helpers the lessons share. Each item names the lesson that introduces it; a lesson reuses
//! what is here instead of writing it again.

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
