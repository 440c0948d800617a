//! Runs lesson t18, prints it and draws its figure: `cargo xtask run t18`, or
//! `cargo xtask run t18 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson_with_figures(t18_monitor_training::walkthrough)
}
