//! Runs lesson t21, prints it and draws its figure: `cargo xtask run t21`, or
//! `cargo xtask run t21 -- --full` to use full MNIST (after `cargo xtask fetch-data`).

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson_with_figures(t21_pretrained_models::walkthrough)
}
