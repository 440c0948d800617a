//! Runs lesson t01 and prints it to stdout: `cargo xtask run t01`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t01_tensorflow_2::walkthrough)
}
