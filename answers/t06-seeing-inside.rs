//! Reference solutions for t06's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::{Network, HIDDEN};
use datasets::PIXELS;
use dfdx::prelude::*;

/// Exercise `most_exciting_digit`: the image on which hidden unit `unit` is largest after its
/// ReLU; `None` when the unit is 0 on every image.
pub fn most_exciting_digit(
    model: &Network,
    images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
    unit: usize,
) -> Option<usize> {
    // `model.0` is the hidden `Linear` with its ReLU: (n, 784) → (n, 32), row after row.
    let activations = model.0.forward(images).as_vec();
    let column = activations.iter().skip(unit).step_by(HIDDEN);
    // Start from 0, not from the first image: an image must beat 0 to count, so a unit that is
    // 0 everywhere gives None.
    let mut best = None;
    let mut largest = 0.0;
    for (image, &value) in column.enumerate() {
        if value > largest {
            (best, largest) = (Some(image), value);
        }
    }
    best
}

/// Exercise `dead_units`: the hidden units that are 0 on every image.
pub fn dead_units(
    model: &Network,
    images: Tensor<(usize, Const<PIXELS>), f32, AutoDevice>,
) -> Vec<usize> {
    // A ReLU's output is never negative, so a unit is 0 on every image exactly when its largest
    // value over the images (the reduction removes the image axis) is 0.
    let largest = model.0.forward(images).max::<Rank1<HIDDEN>, _>().array();
    (0..HIDDEN).filter(|&unit| largest[unit] == 0.0).collect()
}
