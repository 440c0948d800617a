//! Runs lesson t08 with the defaults (`cargo xtask run t08`), or with Playground's controls as
//! options: `cargo xtask run t08 -- --dataset spiral --hidden 8,8 --activation relu`;
//! `cargo xtask run t08 -- --help` lists them.

use std::process::ExitCode;
use std::sync::OnceLock;
use t08_playground::cli::{self, Command};
use t08_playground::{walkthrough, Config};

/// The configuration the command line asked for, for the walkthrough that kit's runner calls.
static CONFIG: OnceLock<Config> = OnceLock::new();

fn main() -> ExitCode {
    match cli::parse(std::env::args_os()) {
        Ok(Command::Help(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Ok(Command::Run(config)) => {
            CONFIG.get_or_init(|| config);
            // kit's runner prints to standard output, then writes the figures to
            // target/figures/t08-playground/ and names them on standard error.
            kit::run_lesson_with_figures(|out, figures| {
                walkthrough(out, figures, CONFIG.get_or_init(Config::default))
            })
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
