//! Runs lesson p02 and prints it to stdout: `cargo xtask run p02`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(p02_add_function::walkthrough)
}
