//! Runs lesson p05 and prints it to stdout: `cargo xtask run p05`. The exit code is 2 when a check
//! of this course's setup fails.

fn main() -> std::process::ExitCode {
    kit::run_lesson(p05_verify_pytorch::walkthrough)
}
