//! Runs lesson t07 and prints it to stdout: `cargo xtask run t07`. It writes its event files
//! into `target/tensorboard/t07`; `tensorboard --logdir target/tensorboard/t07` shows them.

fn main() -> std::process::ExitCode {
    kit::run_mnist_lesson(t07_tensorboard::walkthrough)
}
