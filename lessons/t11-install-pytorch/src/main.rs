//! Runs lesson t11 and prints it to stdout: `cargo xtask run t11`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t11_install_pytorch::walkthrough)
}
