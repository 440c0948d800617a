//! Runs lesson p03 and prints it to stdout: `cargo xtask run p03`, or
//! `cargo xtask run p03 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(p03_one_hidden_layer::walkthrough)
}
