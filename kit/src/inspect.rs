//! Looking inside a built model: every tensor it holds, under the name dfdx gives it. Introduced
//! in t12.
//!
//! [`named_parameters`] is PyTorch's `model.named_parameters()` for any dfdx model: a tuple of
//! layers, a struct of your own, a single layer. It walks the model the way dfdx itself does to
//! count, update, zero and save its weights (the `TensorCollection` visitor), so the names are
//! the keys a safetensors file of the model uses: a struct's field names (`fc1.weight`), a
//! tuple's positions (`0.0.weight`).
//!
//! ```ignore
//! // (Not run as a doc test, which would link dfdx once more; the unit tests below check it.)
//! use dfdx::prelude::*;
//! use kit::inspect::named_parameters;
//!
//! let dev = Cpu::default();
//! let model = dev.build_module::<(Linear<3, 2>, ReLU), f32>();
//! let listed: Vec<(String, Vec<usize>)> = named_parameters(&model)
//!     .into_iter()
//!     .map(|p| (p.name, p.shape))
//!     .collect();
//! assert_eq!(
//!     listed,
//!     [("0.weight".to_string(), vec![2, 3]), ("0.bias".to_string(), vec![2])]
//! );
//! ```

use dfdx::nn::tensor_collection::{
    RecursiveWalker, TensorCollection, TensorOptions, TensorVisitor, ViewTensorName, ViewTensorRef,
};
use dfdx::prelude::*;
use std::convert::Infallible;

/// One tensor of a model: its name, its shape, whether the optimizer trains it, and a copy of
/// its values.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedParameter<E> {
    /// The path of fields that leads to the tensor, joined by dots: `fc1.weight` is the field
    /// `weight` of the field `fc1`.
    pub name: String,
    /// The size of each axis, outermost first. A `Linear<I, O>`'s weight is `[O, I]`, as in
    /// PyTorch.
    pub shape: Vec<usize>,
    /// Whether an optimizer updates the tensor. Weights and biases are trainable; a batch
    /// normalisation's running mean and variance are not (PyTorch calls those *buffers* and
    /// leaves them out of `named_parameters()`; Keras calls them non-trainable variables).
    pub trainable: bool,
    /// The tensor's values in row-major order, copied to the host.
    pub values: Vec<E>,
}

impl<E> NamedParameter<E> {
    /// The number of values: the product of the shape (1 for a scalar).
    pub fn count(&self) -> usize {
        self.shape.iter().product()
    }
}

// ANCHOR: named_parameters
/// Every tensor of `model`, trainable or not, in the order the model visits them (for a struct,
/// the order its `TensorCollection::iter_tensors` lists its fields).
///
/// The trainable ones are PyTorch's `model.named_parameters()`; their counts add up to dfdx's
/// `model.num_trainable_params()`.
pub fn named_parameters<E, D, M>(model: &M) -> Vec<NamedParameter<E>>
where
    E: Dtype,
    D: Device<E>,
    M: TensorCollection<E, D>,
{
    let mut lister = Lister(Vec::new());
    let walked = M::iter_tensors(&mut RecursiveWalker {
        // Each tensor is seen by reference, together with its full name.
        m: (model, String::new()),
        f: &mut lister,
    });
    match walked {
        Ok(_) => lister.0,
        Err(never) => match never {},
    }
}

/// The visitor behind [`named_parameters`]: dfdx's walker calls `visit` once per tensor.
struct Lister<E>(Vec<NamedParameter<E>>);

impl<E: Dtype, D: Device<E>> TensorVisitor<E, D> for Lister<E> {
    /// Each tensor as a reference, and its name.
    type Viewer = (ViewTensorRef, ViewTensorName);
    /// Reading a tensor cannot fail.
    type Err = Infallible;
    type E2 = E;
    type D2 = D;

    fn visit<S: Shape>(
        &mut self,
        options: TensorOptions<S, E, D>,
        (tensor, name): (&Tensor<S, E, D>, String),
    ) -> Result<Option<Tensor<S, E, D>>, Infallible> {
        self.0.push(NamedParameter {
            name,
            shape: tensor.shape().concrete().into(),
            trainable: options.do_gradient_update,
            values: tensor.as_vec(),
        });
        // Only looking: no new model is built.
        Ok(None)
    }
}
// ANCHOR_END: named_parameters

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_tuples_tensors_by_position_with_shapes_and_values() {
        let dev = Cpu::default();
        let model = dev.build_module::<((Linear<4, 3>, ReLU), Linear<3, 2>), f32>();
        let listed = named_parameters(&model);
        let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["0.0.weight", "0.0.bias", "1.weight", "1.bias"]);
        let shapes: Vec<&[usize]> = listed.iter().map(|p| p.shape.as_slice()).collect();
        assert_eq!(shapes, [&[3, 4][..], &[3], &[2, 3], &[2]]);
        assert_eq!(listed[0].values, model.0 .0.weight.as_vec());
        assert_eq!(listed[3].values, model.1.bias.as_vec());
        let total: usize = listed.iter().map(NamedParameter::count).sum();
        assert_eq!(total, model.num_trainable_params());
    }

    #[test]
    fn marks_running_statistics_as_not_trainable() {
        let dev = Cpu::default();
        let model = dev.build_module::<BatchNorm1D<5>, f32>();
        let listed: Vec<(String, bool)> = named_parameters(&model)
            .into_iter()
            .map(|p| (p.name, p.trainable))
            .collect();
        let trainable: usize = named_parameters(&model)
            .iter()
            .filter(|p| p.trainable)
            .map(NamedParameter::count)
            .sum();
        assert_eq!(trainable, model.num_trainable_params());
        assert!(
            listed.contains(&("running_mean".to_string(), false)),
            "{listed:?}"
        );
        assert!(listed.contains(&("scale".to_string(), true)), "{listed:?}");
    }
}
