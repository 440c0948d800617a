//! Runs lesson t12 and prints it to stdout: `cargo xtask run t12`.

fn main() -> std::process::ExitCode {
    kit::run_lesson(t12_network_structure::walkthrough)
}
