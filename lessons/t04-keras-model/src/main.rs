//! Runs lesson t04 and prints it to stdout: `cargo xtask run t04`, or
//! `cargo xtask run t04 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(t04_keras_model::walkthrough)
}
