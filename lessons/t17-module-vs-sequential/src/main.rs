//! Runs lesson t17 and prints it to stdout: `cargo xtask run t17`.

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(t17_module_vs_sequential::walkthrough)
}
