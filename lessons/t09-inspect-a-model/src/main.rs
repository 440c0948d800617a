//! Runs lesson t09, prints it and draws its figure: `cargo xtask run t09`.

fn main() -> std::process::ExitCode {
    kit::run_lesson_with_figures(t09_inspect_a_model::walkthrough)
}
