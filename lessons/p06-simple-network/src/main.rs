//! Runs lesson p06 and prints it to stdout: `cargo xtask run p06`, or
//! `cargo xtask run p06 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(p06_simple_network::walkthrough)
}
