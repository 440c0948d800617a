//! Runs lesson t05 and prints it to stdout: `cargo xtask run t05`, or
//! `cargo xtask run t05 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(t05_create_a_network::walkthrough)
}
