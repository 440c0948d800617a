//! Runs lesson t15 and prints it to stdout, and writes its figures: `cargo xtask run t15`.

fn main() -> std::process::ExitCode {
    kit::run_lesson_with_figures(t15_optimizers::walkthrough)
}
