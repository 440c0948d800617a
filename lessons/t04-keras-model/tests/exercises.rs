//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t04`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use checks::Dev;
use t04_keras_model::TwoLayerModel;

#[test]
fn tensor_collection() {
    checks::tensor_collection(|model: &TwoLayerModel<f32, Dev>| {
        (model.dense1.clone(), model.dense2.clone())
    });
}

#[test]
fn forward() {
    checks::forward(|dense1, dense2| TwoLayerModel { dense1, dense2 });
}
