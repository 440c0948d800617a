//! Exercises for t06. Check them with `cargo xtask verify t06`; stuck, ask for a hint with
//! `cargo xtask hint t06`. Reference solutions: `answers/t06-seeing-inside.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

use crate::Network;
use datasets::PIXELS;
use dfdx::prelude::*;

/// Exercise `most_exciting_digit`: the image, among `images` (one image of 784 pixels per row),
/// on which hidden unit `unit` of `model` is largest after its ReLU; `None` when the unit is 0
/// on every image. If several images tie for the largest value, any of them will do.
///
/// It is the first digit of each row of the lesson's `top-digits.png`.
pub fn most_exciting_digit(
    #[allow(unused_variables)] model: &Network,
    #[allow(unused_variables)] images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
    #[allow(unused_variables)] unit: usize,
) -> Option<usize> {
    // TODO: run the images through the hidden layer and its ReLU only, read the column of
    // `unit`, and return the row of its largest value, or None when that value is 0.
    todo!("return the row of `images` on which hidden unit `unit` is largest")
}

/// Exercise `dead_units`: the hidden units of `model` that are 0, after their ReLU, on every one
/// of `images`, in increasing order.
pub fn dead_units(
    #[allow(unused_variables)] model: &Network,
    #[allow(unused_variables)] images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
) -> Vec<usize> {
    // TODO: run the images through the hidden layer and its ReLU, reduce over the images, and
    // keep the units that never rise above 0.
    todo!("return the hidden units that are 0 on every image")
}
