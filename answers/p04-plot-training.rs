//! Reference solutions for p04's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Network;
use datasets::{Split, CLASSES};
use dfdx::prelude::*;
use kit::train::{most_likely, History};

/// Exercise `early_stopping_epoch`: the epoch at whose end Keras'
/// `EarlyStopping(monitor="val_loss", patience=patience)` would stop training on this history.
pub fn early_stopping_epoch(history: &History, patience: usize) -> Option<usize> {
    let mut best = f32::INFINITY;
    let mut waited = 0;
    for record in &history.epochs {
        let Some(validation) = record.validation else {
            continue;
        };
        // Keras counts the epoch first and forgets the count on an improvement.
        if validation.loss < best {
            best = validation.loss;
            waited = 0;
        } else {
            waited += 1;
            if waited >= patience {
                return Some(record.epoch);
            }
        }
    }
    None
}

/// Exercise `accuracy_per_digit`: for each digit 0–9, the share of `split`'s examples of that
/// digit that `model` classifies correctly.
pub fn accuracy_per_digit(model: &Network, split: &Split) -> [Option<f32>; CLASSES] {
    let dev = AutoDevice::default();
    let (mut seen, mut right) = ([0usize; CLASSES], [0usize; CLASSES]);
    // Evaluation: `forward` without a tape, in batches whose size is a run-time number.
    for batch in split.in_batches(500, &dev) {
        let predicted = most_likely(&model.forward(batch.images).as_vec());
        for (&guess, &digit) in predicted.iter().zip(&batch.labels) {
            seen[digit] += 1;
            right[digit] += usize::from(guess == digit);
        }
    }
    std::array::from_fn(|digit| (seen[digit] > 0).then(|| right[digit] as f32 / seen[digit] as f32))
}
