//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p09`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use p09_save_and_load::exercises;

#[test]
fn load_torch_sequential() {
    checks::load_torch_sequential(exercises::load_torch_sequential);
}

#[test]
fn save_torch_sequential() {
    checks::save_torch_sequential(exercises::save_torch_sequential);
}
