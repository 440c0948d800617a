//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t13`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t13_tensors::exercises;

#[test]
fn standardize_columns() {
    // One generic function, checked on each shape it must handle.
    checks::standardize_columns(
        exercises::standardize_columns,
        exercises::standardize_columns,
        exercises::standardize_columns,
    );
}

#[test]
fn curvature() {
    checks::curvature(
        exercises::curvature,
        exercises::curvature,
        exercises::curvature,
    );
}
