//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t01`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t01_tensorflow_2::exercises;

#[test]
fn value_and_grad() {
    // One generic function, checked on vectors of three lengths.
    checks::value_and_grad(
        exercises::value_and_grad,
        exercises::value_and_grad,
        exercises::value_and_grad,
    );
}

#[test]
fn symbolic_gradient() {
    checks::symbolic_gradient(exercises::symbolic_gradient);
}
