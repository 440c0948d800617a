//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p06`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p06_simple_network::exercises;

#[test]
fn linear_by_hand() {
    checks::linear_by_hand(
        exercises::linear_by_hand,
        exercises::linear_by_hand,
        exercises::linear_by_hand,
    );
}

#[test]
fn one_image() {
    checks::one_image(exercises::one_image);
}
