//! Runs lesson t20 and prints it to stdout: `cargo xtask run t20`, or
//! `cargo xtask run t20 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson_with_figures(t20_mnist_cnn::walkthrough)
}
