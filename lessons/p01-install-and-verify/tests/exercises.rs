//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p01`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p01_install_and_verify::exercises;

#[test]
fn mean_and_std() {
    checks::mean_and_std(exercises::mean_and_std);
}

#[test]
fn fraction_within_one_sigma() {
    checks::fraction_within_one_sigma(exercises::fraction_within_one_sigma);
}
