//! Runs lesson t06 and prints it to stdout: `cargo xtask run t06`. The figures are written to
//! `target/figures/t06-seeing-inside/`.

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson_with_figures(t06_seeing_inside::walkthrough)
}
