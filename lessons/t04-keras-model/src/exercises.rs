//! Exercises for t04. Check them with `cargo xtask verify t04`; stuck, ask for a hint with
//! `cargo xtask hint t04`. Reference solutions: `answers/t04-keras-model.rs`.
//!
//! Both exercises give [`TwoLayerModel`] (in `src/lib.rs`) one of the traits that make a struct
//! a dfdx model, as the lesson does for `MyModel`. Each parameter is marked
//! `#[allow(unused_variables)]` only because the starting `todo!` does not use it yet.

use crate::TwoLayerModel;
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `tensor_collection`: name the fields of [`TwoLayerModel`] that hold weights, so that
/// dfdx can build it on a seeded device, count its parameters, let an optimizer update them, and
/// save and load them.
///
/// Visit `dense1` under the name `"dense1"`, then `dense2` under `"dense2"`, in that order: a
/// seeded build draws the weights in the order the fields are visited. A saved file then holds
/// `dense1.weight`, `dense1.bias`, `dense2.weight` and `dense2.bias`.
impl<D: Device<f32>> TensorCollection<f32, D> for TwoLayerModel<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = TwoLayerModel<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        #[allow(unused_variables)] visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        // TODO: call `visitor.visit_fields` with the two fields, each as a `Self::module(name,
        // read, change)`, and a closure that assembles a `TwoLayerModel` from them.
        todo!("visit dense1, then dense2, and assemble the model from them")
    }
}

/// Exercise `forward`: the forward pass of [`TwoLayerModel`], Keras' `call`: `dense1`, then a
/// ReLU, then `dense2`. The result is the 10 logits of every image, no softmax (the loss applies
/// it). It must keep the input's tape `T`, so that training can compute gradients through it.
/// The check ends by training the model with `kit::train`, which needs `tensor_collection` too.
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for TwoLayerModel<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        #[allow(unused_variables)] x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        // TODO: run `x` through `self.dense1`, a ReLU and `self.dense2`, passing each error on
        // with `?`.
        todo!("return dense2(relu(dense1(x)))")
    }
}
