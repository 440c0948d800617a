//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use datasets::{Split, CLASSES};
use dfdx::prelude::*;
use kit::train::{most_likely, History};
use p04_plot_training::Network;

/// The epoch of the lowest validation loss plus the patience: right when the lowest point comes
/// first, wrong when training would have stopped before reaching it.
fn lowest_point_plus_patience(history: &History, patience: usize) -> Option<usize> {
    let best = history
        .epochs
        .iter()
        .filter_map(|e| e.validation.map(|v| (e.epoch, v.loss)))
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let stop = best.0 + patience;
    (stop <= history.epochs.len()).then_some(stop)
}

#[test]
#[should_panic(expected = "(training stops before the lowest point)")]
fn early_stopping_epoch_rejects_the_lowest_point_plus_patience() {
    checks::early_stopping_epoch(lowest_point_plus_patience);
}

#[test]
#[should_panic(expected = "`early_stopping_epoch` is wrong for")]
fn early_stopping_epoch_rejects_a_literal() {
    checks::early_stopping_epoch(|_, _| Some(5));
}

/// Counts an equal loss as an improvement (`<=` for `<`).
fn ties_improve(history: &History, patience: usize) -> Option<usize> {
    let (mut best, mut waited) = (f32::INFINITY, 0);
    for record in &history.epochs {
        let Some(validation) = record.validation else {
            continue;
        };
        if validation.loss <= best {
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

#[test]
#[should_panic(expected = "(an equal loss is no improvement)")]
fn early_stopping_epoch_rejects_a_tie_counted_as_an_improvement() {
    checks::early_stopping_epoch(ties_improve);
}

/// Right answers over all examples, shared out as if every digit did as well as the whole.
fn overall_accuracy_for_every_digit(model: &Network, split: &Split) -> [Option<f32>; CLASSES] {
    let dev = AutoDevice::default();
    let mut right = 0;
    for batch in split.in_batches(500, &dev) {
        let predicted = most_likely(&model.forward(batch.images).as_vec());
        right += predicted
            .iter()
            .zip(&batch.labels)
            .filter(|(p, l)| p == l)
            .count();
    }
    [Some(right as f32 / split.len() as f32); CLASSES]
}

#[test]
#[should_panic(expected = "`accuracy_per_digit` is wrong for a network trained for one epoch")]
fn accuracy_per_digit_rejects_the_overall_accuracy() {
    checks::accuracy_per_digit(overall_accuracy_for_every_digit);
}

#[test]
#[should_panic(expected = "(most digits absent)")]
fn accuracy_per_digit_rejects_zero_for_an_absent_digit() {
    checks::accuracy_per_digit(|model, split| {
        // The reference answer, except that a digit with no examples scores 0 instead of None.
        let dev = AutoDevice::default();
        let (mut seen, mut right) = ([0usize; CLASSES], [0usize; CLASSES]);
        for batch in split.in_batches(500, &dev) {
            let predicted = most_likely(&model.forward(batch.images).as_vec());
            for (&guess, &digit) in predicted.iter().zip(&batch.labels) {
                seen[digit] += 1;
                right[digit] += usize::from(guess == digit);
            }
        }
        std::array::from_fn(|d| Some(right[d] as f32 / seen[d].max(1) as f32))
    });
}
