//! Runs lesson p07 and prints it to stdout: `cargo xtask run p07`, or
//! `cargo xtask run p07 -- --full` to take the step on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(p07_loss_and_optimizer::walkthrough)
}
