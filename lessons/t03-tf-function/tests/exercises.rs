//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t03`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t03_tf_function::exercises;

#[test]
fn max_abs_difference() {
    // One generic function, handed to the check once per instance it must cover.
    checks::max_abs_difference(
        exercises::max_abs_difference,
        exercises::max_abs_difference,
        exercises::max_abs_difference,
        exercises::max_abs_difference,
    );
}

#[test]
fn dense_relu() {
    checks::dense_relu(
        exercises::dense_relu,
        exercises::dense_relu,
        exercises::dense_relu,
        exercises::dense_relu,
    );
}
