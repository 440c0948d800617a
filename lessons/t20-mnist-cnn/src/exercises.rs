//! Exercises for t20. Check them with `cargo xtask verify t20`; stuck, ask for a hint with
//! `cargo xtask hint t20`. Reference solutions: `answers/t20-mnist-cnn.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::{CnnNet, SamePaddingCnn};
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;
use dfdx::tensor::CpuError;
// Only a solution uses these: the layers without weights that the forward pass needs.
#[allow(unused_imports)]
use kit::conv::{Flatten2D, MaxPool2D, Unflatten2D};

/// Exercise `same_padding_forward`: the forward pass of [`SamePaddingCnn`], Keras'
///
/// ```text
/// Conv2D(8, 3, padding="same", activation="relu"), MaxPooling2D(2),
/// Conv2D(16, 3, padding="same", activation="relu"), MaxPooling2D(2),
/// Flatten(), Dense(10)
/// ```
///
/// on rows of 784 pixels: turn each row into a 1×28×28 image, then `conv1`, a ReLU, a 2×2 max
/// pool, `conv2`, a ReLU, a 2×2 max pool, flatten, and `dense`. The layers without weights are
/// not fields: create them where you use them (they are unit structs, such as
/// `MaxPool2D::<2, OUT_H, OUT_W>`), with the output sizes that follow from their inputs; the
/// build tells you when a size is wrong. It must keep the tape `T`, so that training works.
impl<B: Dim, T: Tape<f32, Cpu>> Module<Tensor<(B, Const<PIXELS>), f32, Cpu, T>>
    for SamePaddingCnn<f32, Cpu>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, Cpu, T>;
    type Error = CpuError;

    fn try_forward(
        &self,
        #[allow(unused_variables)] x: Tensor<(B, Const<PIXELS>), f32, Cpu, T>,
    ) -> Result<Self::Output, Self::Error> {
        // TODO: unflatten x to (B, 1, 28, 28); then conv1, ReLU, max pool; conv2, ReLU, max
        // pool; flatten to (B, 784); dense. Pass each error on with `?`.
        todo!("return dense(flatten(pool(relu(conv2(pool(relu(conv1(unflatten(x)))))))))")
    }
}

/// Exercise `predict_digit`: what a deployed model does with one uploaded image. Return the
/// digit `model` finds most likely for `image` (one channel of 28×28 pixels in [0, 1], as
/// `Split::image` gives it) and the probability the softmax gives that digit. On a tie, the
/// smaller digit.
pub fn predict_digit(
    #[allow(unused_variables)] model: &CnnNet,
    #[allow(unused_variables)] image: Tensor<Rank3<1, 28, 28>, f32, Cpu>,
) -> (usize, f32) {
    // TODO: the network takes batches of rows of 784 pixels: make the image a batch of one
    // such row, run the network, turn the logits into probabilities, and pick the largest.
    todo!("return (the most likely digit, its probability)")
}
