//! Runs lesson p01 and prints it to stdout: `cargo xtask run p01`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(p01_install_and_verify::walkthrough)
}
