//! Reference solutions for p08's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Loss;
use dfdx::prelude::*;

/// Exercise `log_cosh`: the mean over every element of log(cosh(prediction − target)).
pub fn log_cosh<S: Shape, T: Tape<f32, AutoDevice>>(
    prediction: Tensor<S, f32, AutoDevice, T>,
    target: Tensor<S, f32, AutoDevice>,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // log(cosh(e)) = |e| + log(1 + exp(-2|e|)) - log 2: exp of a negative number cannot
    // overflow, where cosh(e) = (exp(e) + exp(-e)) / 2 does from |e| ≈ 89 on in f32.
    // `size` is used twice, but a tensor carrying a generic tape `T` has no `clone`: the copy
    // gets an empty tape of its own, and `+` merges the two tapes again.
    let size = (prediction - target).abs();
    let tail = ((size.with_empty_tape() * -2.0).exp() + 1.0).ln();
    (size + tail - std::f32::consts::LN_2).mean()
}

/// Exercise `weighted_cross_entropy`: PyTorch's `nn.CrossEntropyLoss(weight=weights)` as a type.
#[derive(Debug, Clone, Copy)]
pub struct WeightedCrossEntropy<const C: usize> {
    /// The weight of each class.
    pub weights: [f32; C],
}

impl<const B: usize, const C: usize> Loss<Rank2<B, C>> for WeightedCrossEntropy<C> {
    fn loss<T: Tape<f32, AutoDevice>>(
        &self,
        logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
        one_hot: Tensor<Rank2<B, C>, f32, AutoDevice>,
    ) -> Tensor<Rank0, f32, AutoDevice, T> {
        let dev = logits.device().clone();
        // Row i of `weighted` is one-hot row i times the class weights: its label's weight at
        // its label, 0 elsewhere.
        let weights: Tensor<Rank2<B, C>, f32, _> = dev.tensor(self.weights).broadcast();
        let weighted = one_hot * weights;
        let total_weight = weighted.clone().sum::<Rank0, _>().array();
        // log_softmax, not softmax then ln: it stays finite for large logits.
        let picked = logits.log_softmax::<Axis<1>>() * weighted;
        picked.sum::<Rank0, _>().negate() / total_weight
    }
}
