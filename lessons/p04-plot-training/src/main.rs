//! Runs lesson p04, prints it and draws its figure: `cargo xtask run p04`, or
//! `cargo xtask run p04 -- --full` to train on full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson_with_figures(p04_plot_training::walkthrough)
}
