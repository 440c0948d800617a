//! Runs lesson p08 and prints it to stdout: `cargo xtask run p08`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(p08_custom_loss::walkthrough)
}
