//! Exercises for p04. Check them with `cargo xtask verify p04`; stuck, ask for a hint with
//! `cargo xtask hint p04`. Reference solutions: `answers/p04-plot-training.rs`.
//!
//! The parameters are marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use them yet; the compiler still warns about anything else you compute and never use.

use crate::Network;
use datasets::{Split, CLASSES};
use kit::train::History;

/// Exercise `early_stopping_epoch`: the epoch at whose end Keras'
/// `EarlyStopping(monitor="val_loss", patience=patience)` would stop training on this history,
/// or `None` if it would let every epoch run.
///
/// An epoch whose validation loss is lower than every earlier one is an improvement; training
/// stops at the end of the epoch that makes `patience` epochs without one. Epochs without
/// validation metrics are not looked at.
pub fn early_stopping_epoch(
    #[allow(unused_variables)] history: &History,
    #[allow(unused_variables)] patience: usize,
) -> Option<usize> {
    // TODO: walk through the epochs, keep the best validation loss so far and how many epochs
    // have passed without beating it, and return the epoch at which that count reaches
    // `patience`.
    todo!("return the epoch at which early stopping would stop, if any")
}

/// Exercise `accuracy_per_digit`: for each digit 0–9, the share of `split`'s examples of that
/// digit that `model` classifies correctly; `None` for a digit the split does not hold.
pub fn accuracy_per_digit(
    #[allow(unused_variables)] model: &Network,
    #[allow(unused_variables)] split: &Split,
) -> [Option<f32>; CLASSES] {
    // TODO: run the model on the split in batches, without a tape, take each example's most
    // likely digit, and count the right answers per true digit.
    todo!("return the accuracy of each digit")
}
