//! Runs lesson t13 and prints it to stdout: `cargo xtask run t13`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t13_tensors::walkthrough)
}
