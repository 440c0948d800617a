//! Exercises for p08. Check them with `cargo xtask verify p08`; stuck, ask for a hint with
//! `cargo xtask hint p08`. Reference solutions: `answers/p08-custom-loss.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Loss;
use dfdx::prelude::*;

/// Exercise `log_cosh`: the log-cosh loss, the mean over every element of log(cosh(error)), where
/// error = prediction − target. Keras has it (`keras.losses.LogCosh`); PyTorch and dfdx do not.
///
/// It behaves like half the squared error for small errors and like |error| − log 2 for large
/// ones, with a gradient of tanh(error) / n that never exceeds 1 / n. It must work for any shape,
/// keep the prediction's tape, and stay finite for errors of any size: cosh(100) overflows an
/// f32.
pub fn log_cosh<S: Shape, T: Tape<f32, AutoDevice>>(
    #[allow(unused_variables)] prediction: Tensor<S, f32, AutoDevice, T>,
    #[allow(unused_variables)] target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // TODO: compute log(cosh(error)) in a form that cannot overflow, then take the mean.
    todo!("the mean of log(cosh(prediction - target)), finite for large errors")
}

/// Exercise `weighted_cross_entropy`: PyTorch's `nn.CrossEntropyLoss(weight=weights)` with
/// class labels, as a type that implements the lesson's [`Loss`] trait for a batch of `B` rows
/// of `C` logits, the labels given as one-hot rows.
///
/// Each row's cross-entropy, −log softmax(logits)[label], is multiplied by the weight of its
/// label, and the sum is divided by the sum of those weights (not by `B`): a weighted mean. With
/// every weight 1 it is `cross_entropy_with_logits_loss`.
#[derive(Debug, Clone, Copy)]
pub struct WeightedCrossEntropy<const C: usize> {
    /// The weight of each class.
    pub weights: [f32; C],
}

impl<const B: usize, const C: usize> Loss<Rank2<B, C>> for WeightedCrossEntropy<C> {
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        #[allow(unused_variables)] logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
        #[allow(unused_variables)] one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        // TODO: weigh each row's cross-entropy by its label's weight, and divide the sum by the
        // sum of the weights of the rows' labels.
        todo!("the weighted mean of the rows' cross-entropies, weighted by class")
    }
}
