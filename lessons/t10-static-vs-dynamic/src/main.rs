//! Runs lesson t10 and prints it to stdout: `cargo xtask run t10`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t10_static_vs_dynamic::walkthrough)
}
