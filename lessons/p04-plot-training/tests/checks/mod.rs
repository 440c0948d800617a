//! What p04's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Early stopping is checked on made-up histories, each built to catch one misreading of
//! Keras' rule (a later, lower minimum; a tie; patience 0; epochs without validation). The
//! accuracy per digit is checked against `kit::train::predict` on a briefly trained network and
//! on splits the lesson never prints, one of them missing most digits.

use datasets::{Mnist, Split, CLASSES};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::check::Case;
use kit::train::{EpochRecord, FitConfig, History, Metrics};
use p04_plot_training::{DeeperNetwork, Network};

/// A history whose validation losses are `losses` (`None`: an epoch without validation).
fn history(losses: &[Option<f32>]) -> History {
    let metrics = |loss| Metrics {
        loss,
        accuracy: 0.5,
    };
    History {
        epochs: losses
            .iter()
            .enumerate()
            .map(|(i, loss)| EpochRecord {
                epoch: i + 1,
                train: metrics(1.0 / (i + 1) as f32),
                validation: loss.map(metrics),
            })
            .collect(),
    }
}

/// Checks a solution of `early_stopping_epoch`.
pub fn early_stopping_epoch(solution: impl Fn(&History, usize) -> Option<usize>) {
    let s = Some;
    // (the input, its validation losses, the patience, the epoch training stops after)
    type StoppingCase = (&'static str, Vec<Option<f32>>, usize, Option<usize>);
    let cases: [StoppingCase; 7] = [
        (
            "validation losses 1.0, 0.8, 0.7, 0.75, 0.9, 1.0 with patience 2",
            vec![s(1.0), s(0.8), s(0.7), s(0.75), s(0.9), s(1.0)],
            2,
            Some(5),
        ),
        (
            "validation losses 1.0, 0.9, 0.95, 0.85, 0.9, 0.92, 0.99 with patience 2 (a lower \
             point resets the count)",
            vec![s(1.0), s(0.9), s(0.95), s(0.85), s(0.9), s(0.92), s(0.99)],
            2,
            Some(6),
        ),
        (
            "validation losses 1.0, 0.9, 0.95, 0.96, 0.5 with patience 2 (training stops before \
             the lowest point)",
            vec![s(1.0), s(0.9), s(0.95), s(0.96), s(0.5)],
            2,
            Some(4),
        ),
        (
            "validation losses falling every epoch, with patience 1",
            vec![s(1.0), s(0.9), s(0.8), s(0.7)],
            1,
            None,
        ),
        (
            "validation losses 1.0, 0.8, 0.8, 0.8 with patience 2 (an equal loss is no \
             improvement)",
            vec![s(1.0), s(0.8), s(0.8), s(0.8)],
            2,
            Some(4),
        ),
        (
            "validation losses 1.0, 0.9, 0.95 with patience 0",
            vec![s(1.0), s(0.9), s(0.95)],
            0,
            Some(3),
        ),
        (
            "validation after epochs 2, 4 and 5 only (losses 0.5, 0.6, 0.7), with patience 2",
            vec![None, s(0.5), None, s(0.6), s(0.7)],
            2,
            Some(5),
        ),
    ];
    for (input, losses, patience, expected) in cases {
        let case = Case::new("early_stopping_epoch", input);
        let stop = case.run(|| solution(&history(&losses), patience));
        case.expect_eq("the epoch training stops after", stop, expected);
        case.show(format!("{stop:?}"));
    }
}

/// For each digit, the share of `split`'s examples of it that `kit::train::predict` gets right.
fn expected_accuracy(model: &Network, split: &Split) -> [Option<f32>; CLASSES] {
    let predicted = kit::train::predict(model, split, &AutoDevice::default());
    std::array::from_fn(|digit| {
        let of_digit: Vec<usize> = (0..split.len())
            .filter(|&i| split.label(i) == digit)
            .collect();
        let right = of_digit.iter().filter(|&&i| predicted[i] == digit).count();
        (!of_digit.is_empty()).then(|| right as f32 / of_digit.len() as f32)
    })
}

/// Checks a solution of `accuracy_per_digit`.
pub fn accuracy_per_digit(solution: impl Fn(&Network, &Split) -> [Option<f32>; CLASSES]) {
    let mnist = Mnist::embedded();
    // A network after one epoch on 3,200 digits: good at some digits, poor at others.
    let dev = AutoDevice::seed_from_u64(5);
    let mut model = dev.build_module::<DeeperNetwork, f32>();
    let mut adam: Adam<Network, f32, AutoDevice> = Adam::new(&model, Default::default());
    let config = FitConfig {
        epochs: 1,
        shuffle_seed: 5,
        validation: None,
    };
    let (fit_split, validation) = mnist.train.split_at(3200);
    kit::train::fit::<32, _, _, _>(&mut model, &mut adam, &fit_split, config, &dev, |_| Ok(()))
        .expect("one epoch trains");
    let untrained = AutoDevice::seed_from_u64(6).build_module::<DeeperNetwork, f32>();

    let cases = [
        (
            "a network trained for one epoch (seed 5), on the 800 validation digits",
            &model,
            validation,
        ),
        (
            "the same network on the first 37 test digits",
            &model,
            mnist.test.head(37),
        ),
        (
            "the same network on the first 3 test digits (most digits absent)",
            &model,
            mnist.test.head(3),
        ),
        (
            "an untrained network (seed 6) on the first 200 test digits",
            &untrained,
            mnist.test.head(200),
        ),
    ];
    for (input, model, split) in cases {
        let case = Case::new("accuracy_per_digit", input);
        let expected = expected_accuracy(model, &split);
        let got = case.run(|| solution(model, &split));
        for digit in 0..CLASSES {
            let what = format!("the accuracy of digit {digit}");
            match (got[digit], expected[digit]) {
                (Some(g), Some(e)) => case.expect_close(&what, g, e, 1e-6),
                (g, e) => case.expect_eq(&what, g, e),
            }
        }
        let shown: Vec<String> = got
            .iter()
            .map(|a| a.map_or("-".to_string(), |a| format!("{:.0}%", 100.0 * a)))
            .collect();
        case.show(shown.join(" "));
    }
}
