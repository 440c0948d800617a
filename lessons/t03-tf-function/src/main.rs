//! Runs lesson t03 and prints it to stdout: `cargo xtask run t03`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t03_tf_function::walkthrough)
}
