//! Reference solutions for t20's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{CnnNet, SamePaddingCnn};
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;
use dfdx::tensor::CpuError;
use kit::conv::{Flatten2D, MaxPool2D, Unflatten2D};

/// Exercise `same_padding_forward`: the forward pass of [`SamePaddingCnn`].
impl<B: Dim, T: Tape<f32, Cpu>> Module<Tensor<(B, Const<PIXELS>), f32, Cpu, T>>
    for SamePaddingCnn<f32, Cpu>
{
    type Output = Tensor<(B, Const<CLASSES>), f32, Cpu, T>;
    type Error = CpuError;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<PIXELS>), f32, Cpu, T>,
    ) -> Result<Self::Output, Self::Error> {
        let x = Unflatten2D::<1, 28, 28>.try_forward(x)?;
        // Padding 1 keeps 28×28; the pool halves it: 14×14.
        let x = self.conv1.try_forward(x)?.try_relu()?;
        let x = MaxPool2D::<2, 14, 14>.try_forward(x)?;
        // 14×14 stays 14×14, and the pool makes 7×7: 16 maps of 49 pixels, 784 numbers.
        let x = self.conv2.try_forward(x)?.try_relu()?;
        let x = MaxPool2D::<2, 7, 7>.try_forward(x)?;
        let x = Flatten2D::<784>.try_forward(x)?;
        self.dense.try_forward(x)
    }
}

/// Exercise `predict_digit`: the most likely digit for one image, and its probability.
pub fn predict_digit(model: &CnnNet, image: Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32) {
    // A batch of one row of 784 pixels: PyTorch's `image.reshape(1, 784)`.
    let batch: Tensor<Rank2<1, PIXELS>, f32, Cpu> = image.reshape();
    // The softmax runs over each row's 10 logits: axis 1. (Axis 0 is the batch of one.)
    let probabilities = model.forward(batch).softmax::<Axis<1>>().array()[0];
    let mut best = 0;
    for digit in 1..CLASSES {
        // `>`, not `>=`: on a tie the smaller digit stays.
        if probabilities[digit] > probabilities[best] {
            best = digit;
        }
    }
    (best, probabilities[best])
}
