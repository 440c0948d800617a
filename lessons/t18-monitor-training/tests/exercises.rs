//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t18`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t18_monitor_training::exercises;

#[test]
fn reduce_lr_on_plateau() {
    checks::reduce_lr_on_plateau(exercises::ReduceLrOnPlateau::new);
}

#[test]
fn best_checkpoint() {
    checks::best_checkpoint(exercises::BestCheckpoint::new, |callback| {
        callback.saved.clone()
    });
}
