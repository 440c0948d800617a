//! Runs lesson p09 and prints it to stdout: `cargo xtask run p09` for the walkthrough,
//! `cargo xtask run p09 -- --save PATH` to train and save the weights, `-- --load PATH` to load
//! them and predict; `cargo xtask run p09 -- --help` lists the options.

use p09_save_and_load::cli::{self, Command};
use p09_save_and_load::walkthrough;
use std::process::ExitCode;
use std::sync::OnceLock;

/// `--save` or `--load` and its file, for the function that kit's runner calls.
static COMMAND: OnceLock<Command> = OnceLock::new();

fn main() -> ExitCode {
    match cli::parse(std::env::args_os()) {
        Ok(Command::Help(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        // kit's runner reads `--full` (and MNIST_DIR) itself.
        Ok(Command::Walkthrough) => kit::run_mnist_lesson(walkthrough),
        Ok(command) => {
            COMMAND.get_or_init(|| command);
            // kit's runner prints to standard output, and turns a refusal into one line on
            // standard error with exit code 2.
            kit::run_lesson(|out| cli::run(out, COMMAND.get().expect("set just before")))
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
