//! Reference solutions for t04's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::TwoLayerModel;
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `tensor_collection`: name the fields of [`TwoLayerModel`] that hold weights.
impl<D: Device<f32>> TensorCollection<f32, D> for TwoLayerModel<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = TwoLayerModel<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            // A tuple of fields, visited in order; the closure gets them back in that order.
            (
                Self::module("dense1", |s| &s.dense1, |s| &mut s.dense1),
                Self::module("dense2", |s| &s.dense2, |s| &mut s.dense2),
            ),
            |(dense1, dense2)| TwoLayerModel { dense1, dense2 },
        )
    }
}

/// Exercise `forward`: the forward pass of [`TwoLayerModel`], Keras' `call`.
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<PIXELS>), f32, D, T>>
    for TwoLayerModel<f32, D>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        let hidden = self.dense1.try_forward(x)?.try_relu()?;
        self.dense2.try_forward(hidden)
    }
}
