//! Exercises for t17. Check them with `cargo xtask verify t17`; stuck, ask for a hint with
//! `cargo xtask hint t17`. Reference solutions: `answers/t17-module-vs-sequential.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::{ResidualMlp, ResidualSequentialNet};
use datasets::{CLASSES, PIXELS};
use dfdx::prelude::*;

/// Exercise `residual_forward`: the forward pass of [`ResidualMlp`], the struct version of the
/// tuple `(Linear<784, 64>, ReLU, Residual<(Linear<64, 64>, ReLU)>, Linear<64, 10>)`:
///
/// `h = relu(fc1(x))`, then `h + relu(fc2(h))`, then `fc3` of that.
///
/// `ResidualMlp`'s `Module` impl calls this function, so once it is written the struct is a
/// complete module. It must work with and without a tape `T`, and with a tape it must let the
/// gradient reach every weight, through the skip and through `fc2`.
pub fn residual_forward<B: Dim, T: Tape<f32, AutoDevice>>(
    #[allow(unused_variables)] model: &ResidualMlp<f32, AutoDevice>,
    #[allow(unused_variables)] x: Tensor<(B, Const<PIXELS>), f32, AutoDevice, T>,
) -> Tensor<(B, Const<CLASSES>), f32, AutoDevice, T> {
    // TODO: run `model.fc1` and a ReLU, add the skip connection around `model.fc2` and its
    // ReLU, and finish with `model.fc3`. The hidden vector is used twice: see how the lesson's
    // highway block uses `h` more than once.
    todo!("return fc3(h + relu(fc2(h))) with h = relu(fc1(x))")
}

/// Exercise `residual_from_tuple`: the struct [`ResidualMlp`] holding the same weights as a
/// built residual tuple, so that both compute the same outputs.
///
/// The tuple is `(Linear, ReLU, Residual<(Linear, ReLU)>, Linear)` once built: find each of its
/// three `Linear`s and put it in the struct's matching field.
pub fn residual_from_tuple(
    #[allow(unused_variables)] tuple: &ResidualSequentialNet,
) -> ResidualMlp<f32, AutoDevice> {
    // TODO: take the three layers out of the tuple (the middle one sits inside `Residual`) and
    // build the struct from copies of them.
    todo!("return a ResidualMlp with the tuple's three Linear layers")
}
