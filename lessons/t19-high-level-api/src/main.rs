//! Runs lesson t19 and prints it to stdout: `cargo xtask run t19`.

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(t19_high_level_api::walkthrough)
}
