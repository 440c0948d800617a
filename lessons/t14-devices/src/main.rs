//! Runs lesson t14 and prints it to stdout: `cargo xtask run t14`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t14_devices::walkthrough)
}
