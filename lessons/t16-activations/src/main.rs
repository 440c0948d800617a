//! Runs lesson t16 and prints it to stdout: `cargo xtask run t16`. The figures go to
//! `target/figures/t16-activations/`.

fn main() -> std::process::ExitCode {
    kit::run_lesson_with_figures(t16_activations::walkthrough)
}
