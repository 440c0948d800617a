//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p05`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p05_verify_pytorch::exercises;

#[test]
fn check_exact() {
    checks::check_exact(exercises::check_exact);
}
