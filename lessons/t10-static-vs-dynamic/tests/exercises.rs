//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t10`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t10_static_vs_dynamic::exercises;

#[test]
fn batch_from_rows() {
    // One generic function, checked with each batch shape it must build.
    checks::batch_from_rows(
        exercises::batch_from_rows,
        exercises::batch_from_rows,
        exercises::batch_from_rows,
    );
}

#[test]
fn checked_matmul() {
    checks::checked_matmul(exercises::checked_matmul);
}
