//! Runs lesson t02 and prints it to stdout: `cargo xtask run t02`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t02_install_tensorflow::walkthrough)
}
