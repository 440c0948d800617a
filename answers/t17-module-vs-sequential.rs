//! Reference solutions for t17's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{ResidualMlp, ResidualSequentialNet};
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `residual_forward`: the forward pass of [`ResidualMlp`].
pub fn residual_forward<B: Dim, T: Tape<f32, AutoDevice>>(
    model: &ResidualMlp<f32, AutoDevice>,
    x: Tensor<(B, Const<PIXELS>), f32, AutoDevice, T>,
) -> Tensor<(B, Const<CLASSES>), f32, AutoDevice, T> {
    let h = model.fc1.forward(x).relu();
    // `h` is used twice: the branch gets a copy with an empty tape (same data, same id), and
    // `+` merges the branch's tape back into `h`'s, so the gradient reaches fc1 both ways.
    let branch = model.fc2.forward(h.with_empty_tape()).relu();
    model.fc3.forward(branch + h)
}

/// Exercise `residual_from_tuple`: the struct with the tuple's weights.
pub fn residual_from_tuple(tuple: &ResidualSequentialNet) -> ResidualMlp<f32, AutoDevice> {
    // Built, `Residual<F>` is a tuple struct whose field `.0` is F, here `(Linear, ReLU)`.
    let (fc1, _relu, Residual((fc2, _inner_relu)), fc3) = tuple;
    ResidualMlp {
        fc1: fc1.clone(),
        fc2: fc2.clone(),
        fc3: fc3.clone(),
    }
}
