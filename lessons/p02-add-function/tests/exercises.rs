//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p02`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p02_add_function::exercises;

#[test]
fn add_all() {
    // One generic function, checked on each type it must add.
    checks::add_all(
        exercises::add_all,
        exercises::add_all,
        exercises::add_all,
        exercises::add_all,
        exercises::add_all,
    );
}

#[test]
fn checked_add_integer_tensors() {
    checks::checked_add_integer_tensors(
        exercises::checked_add_integer_tensors,
        exercises::checked_add_integer_tensors,
        exercises::checked_add_integer_tensors,
    );
}
