//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t02`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t02_install_tensorflow::exercises;

#[test]
fn caret_matches() {
    checks::caret_matches(exercises::caret_matches);
}

#[test]
fn matmul_by_broadcast() {
    // One generic function, checked on each shape it is called with.
    checks::matmul_by_broadcast(
        exercises::matmul_by_broadcast,
        exercises::matmul_by_broadcast,
        exercises::matmul_by_broadcast,
        exercises::matmul_by_broadcast,
        exercises::matmul_by_broadcast,
    );
}
