//! What t18's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both callbacks are first fed made-up epochs, as the training loop would call them, each
//! sequence built to catch one misreading (a tie, a NaN, a plateau that outlasts one reduction,
//! the floor of the learning rate, a save that fails). Then each one goes into a real, short
//! `kit::train::fit_with` run, on another slice of the digits and with another seed than the
//! lesson's, and what it did is compared with what the run's own history says it should have
//! done.

use datasets::{Mnist, Split};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::check::Case;
use kit::scratch::ScratchDir;
use kit::train::{self, Callback, Control, EpochRecord, FitConfig, History, Metrics};
use std::io;
use std::path::PathBuf;
use t18_monitor_training::{DeeperNetwork, Network};

/// An epoch record whose validation loss is `loss`.
fn record(epoch: usize, loss: f32) -> EpochRecord {
    EpochRecord {
        epoch,
        train: Metrics {
            loss: 1.0,
            accuracy: 0.5,
        },
        validation: Some(Metrics {
            loss,
            accuracy: 0.5,
        }),
    }
}

fn network(seed: u64) -> Network {
    AutoDevice::seed_from_u64(seed).build_module::<DeeperNetwork, f32>()
}

/// The learning rate after each epoch, as Keras's `ReduceLROnPlateau` (min_delta 0, no
/// cooldown) sets it, computed in f64 from the validation losses.
fn plateau_rates(
    losses: &[f32],
    start: f64,
    factor: f64,
    patience: usize,
    min_lr: f64,
) -> Vec<f64> {
    let (mut rate, mut best, mut waited) = (start, f64::INFINITY, 0);
    let mut rates = Vec::new();
    for &loss in losses {
        let loss = f64::from(loss);
        if loss < best {
            best = loss;
            waited = 0;
        } else {
            waited += 1;
            if waited >= patience {
                rate = (rate * factor).max(min_lr);
                waited = 0;
            }
        }
        rates.push(rate);
    }
    rates
}

/// Writes `rates` as a short list for a message.
fn listed(rates: &[f64]) -> String {
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.3e}")).collect();
    format!("[{}]", shown.join(", "))
}

/// Calls `callback.on_epoch_end` for each of `losses` as the loop would, with the same `model`
/// and one learning rate that starts at `start`; returns the rate after each epoch, or the first
/// error.
fn drive<C: Callback<Network>>(
    callback: &mut C,
    model: &Network,
    losses: &[f32],
    start: f64,
) -> io::Result<Vec<f64>> {
    let mut rate = start;
    let mut rates = Vec::new();
    for (i, &loss) in losses.iter().enumerate() {
        let control = callback.on_epoch_end(&record(i + 1, loss), model, &mut rate)?;
        if control == Control::Stop {
            return Err(io::Error::other(format!(
                "it stopped training after epoch {}",
                i + 1
            )));
        }
        rates.push(rate);
    }
    Ok(rates)
}

/// Records the learning rate each epoch ended with (placed after the callback under test).
#[derive(Default)]
struct RateRecorder {
    rates: Vec<f64>,
}

impl<M> Callback<M> for RateRecorder {
    fn on_epoch_end(&mut self, _: &EpochRecord, _: &M, rate: &mut f64) -> io::Result<Control> {
        self.rates.push(*rate);
        Ok(Control::Continue)
    }
}

/// A short real run: `epochs` epochs of Adam at `lr` on training digits 2,000–2,639, validated on
/// the 200 after them, seed 7, with `callbacks` before a recorder of the learning rate. Returns
/// the history, the rates, the trained network and the validation split.
fn short_run(
    epochs: usize,
    lr: f64,
    callbacks: &mut [&mut dyn Callback<Network>],
) -> io::Result<(History, Vec<f64>, Network, Split)> {
    let mnist = Mnist::embedded();
    let digits = mnist.train.split_at(2000).1.head(840);
    let (fit_split, validation) = digits.split_at(640);
    let dev = AutoDevice::seed_from_u64(7);
    let mut model = dev.build_module::<DeeperNetwork, f32>();
    let mut adam = Adam::new(
        &model,
        AdamConfig {
            lr,
            ..Default::default()
        },
    );
    let config = FitConfig {
        epochs,
        shuffle_seed: 7,
        validation: Some(&validation),
    };
    let mut recorder = RateRecorder::default();
    let mut all: Vec<&mut dyn Callback<Network>> = Vec::new();
    for callback in callbacks.iter_mut() {
        all.push(&mut **callback);
    }
    all.push(&mut recorder);
    let history =
        train::fit_with::<32, _, _, _>(&mut model, &mut adam, &fit_split, config, &dev, &mut all)?;
    Ok((history, recorder.rates, model, validation))
}

fn validation_losses(history: &History) -> Vec<f32> {
    history
        .epochs
        .iter()
        .map(|e| e.validation.expect("the run is validated").loss)
        .collect()
}

/// Checks a solution of `reduce_lr_on_plateau`, given as its constructor
/// `(factor, patience, min_lr) -> callback`.
pub fn reduce_lr_on_plateau<C: Callback<Network>>(make: impl Fn(f64, usize, f64) -> C) {
    let model = network(0);
    let nan = f32::NAN;
    // (the input, its validation losses, the starting rate, factor, patience, min_lr)
    type PlateauCase = (&'static str, Vec<f32>, f64, f64, usize, f64);
    let cases: [PlateauCase; 4] = [
        (
            "validation losses 1.0, 0.8, 0.8, 0.9, 0.7, 0.75, 0.76, 0.77, 0.6 (factor 0.5, \
             patience 2, a tie at epoch 3)",
            vec![1.0, 0.8, 0.8, 0.9, 0.7, 0.75, 0.76, 0.77, 0.6],
            1e-3,
            0.5,
            2,
            0.0,
        ),
        (
            "a validation loss stuck at 1.0 for 8 epochs (factor 0.5, patience 2: a plateau that \
             outlasts one reduction)",
            vec![1.0; 8],
            1e-3,
            0.5,
            2,
            0.0,
        ),
        (
            "a validation loss stuck at 0.5 for 6 epochs from a rate of 0.01 (factor 0.1, \
             patience 1, min_lr 0.0001)",
            vec![0.5; 6],
            1e-2,
            0.1,
            1,
            1e-4,
        ),
        (
            "validation losses 1.0, NaN, NaN, 0.9, NaN (factor 0.2, patience 2: a NaN is no \
             improvement)",
            vec![1.0, nan, nan, 0.9, nan],
            0.1,
            0.2,
            2,
            0.0,
        ),
    ];
    for (input, losses, start, factor, patience, min_lr) in cases {
        let case = Case::new("reduce_lr_on_plateau", input);
        let mut callback = make(factor, patience, min_lr);
        let got = case.run(|| drive(&mut callback, &model, &losses, start));
        let got =
            got.unwrap_or_else(|err| panic!("`reduce_lr_on_plateau` failed on {input}: {err}"));
        let expected = plateau_rates(&losses, start, factor, patience, min_lr);
        compare_rates(&case, &got, &expected);
        case.show(format!("learning rates {}", listed(&got)));
    }

    let input =
        "a real run: 8 epochs of Adam at 0.01 on 640 digits, seed 7 (factor 0.5, patience 1)";
    let case = Case::new("reduce_lr_on_plateau", input);
    let mut callback = make(0.5, 1, 0.0);
    let (history, rates, _, _) = case
        .run(|| short_run(8, 0.01, &mut [&mut callback]))
        .unwrap_or_else(|err| panic!("`reduce_lr_on_plateau` failed on {input}: {err}"));
    let expected = plateau_rates(&validation_losses(&history), 0.01, 0.5, 1, 0.0);
    compare_rates(&case, &rates, &expected);
    case.expect(
        expected.iter().any(|&r| r < 0.01),
        "a run whose validation loss stalls at least once (the check's own data is at fault)",
    );
    case.show(format!("learning rates {}", listed(&rates)));
}

fn compare_rates(case: &Case, got: &[f64], expected: &[f64]) {
    case.expect_eq("the number of epochs seen", got.len(), expected.len());
    for (epoch, (&g, &e)) in got.iter().zip(expected).enumerate() {
        let close = (g - e).abs() <= 1e-9 * e.abs().max(1e-12);
        case.expect(
            close,
            &format!(
                "the learning rate after epoch {} = {e:.3e}, got {g:.3e} (all rates expected: {})",
                epoch + 1,
                listed(expected)
            ),
        );
    }
}

/// The weights of `path`, loaded into a fresh network; `None` when there is no file to load.
fn load(path: &std::path::Path) -> Option<Network> {
    let mut model = network(99);
    model.load_safetensors(path).ok()?;
    Some(model)
}

/// Whether two networks hold the same weights, to the bit.
fn same_weights(a: &Network, b: &Network) -> bool {
    let flat = |n: &Network| {
        [
            n.0 .0.weight.as_vec(),
            n.0 .0.bias.as_vec(),
            n.1 .0.weight.as_vec(),
            n.1 .0.bias.as_vec(),
            n.2.weight.as_vec(),
            n.2.bias.as_vec(),
        ]
    };
    flat(a) == flat(b)
}

/// The epochs whose validation loss is lower than every earlier one.
fn improvements(losses: &[f32]) -> Vec<usize> {
    let mut best = f32::INFINITY;
    let mut epochs = Vec::new();
    for (i, &loss) in losses.iter().enumerate() {
        if loss < best {
            best = loss;
            epochs.push(i + 1);
        }
    }
    epochs
}

/// Checks a solution of `best_checkpoint`, given as its constructor `path -> callback` and a
/// way to read the epochs it saved.
pub fn best_checkpoint<C: Callback<Network>>(
    make: impl Fn(PathBuf) -> C,
    saved: impl Fn(&C) -> Vec<usize>,
) {
    let dir = ScratchDir::new("t18-checks").expect("a temporary folder can be made");
    // (the input, its validation losses; each epoch leaves the network built with seed = epoch)
    let cases: [(&str, Vec<f32>); 3] = [
        (
            "validation losses 0.5, 0.4, 0.45, 0.3, 0.35 (each epoch with other weights)",
            vec![0.5, 0.4, 0.45, 0.3, 0.35],
        ),
        (
            "validation losses 0.5, 0.5, 0.6, 0.5 (ties are no improvement)",
            vec![0.5, 0.5, 0.6, 0.5],
        ),
        (
            "validation losses 0.7, NaN, 0.6 (a NaN is no improvement)",
            vec![0.7, f32::NAN, 0.6],
        ),
    ];
    for (n, (input, losses)) in cases.into_iter().enumerate() {
        let case = Case::new("best_checkpoint", input);
        let path = dir.join(&format!("case-{n}.safetensors"));
        let mut callback = make(path.clone());
        let models: Vec<Network> = (1..=losses.len() as u64).map(network).collect();
        let mut best: Option<(usize, f32)> = None;
        for (i, &loss) in losses.iter().enumerate() {
            let epoch = i + 1;
            let control = case
                .run(|| callback.on_epoch_end(&record(epoch, loss), &models[i], &mut 1e-3))
                .unwrap_or_else(|err| panic!("`best_checkpoint` failed on {input}: {err}"));
            case.expect_eq(
                &format!("what it tells the loop after epoch {epoch}"),
                control,
                Control::Continue,
            );
            if best.is_none_or(|(_, b)| loss < b) {
                best = Some((epoch, loss));
            }
            let (best_epoch, _) = best.expect("the first epoch always counts");
            let on_disk = load(&path);
            case.expect(
                on_disk.is_some(),
                &format!(
                    "a safetensors file at {} after epoch {epoch}",
                    path.display()
                ),
            );
            let same = on_disk.is_some_and(|m| same_weights(&m, &models[best_epoch - 1]));
            case.expect(
                same,
                &format!(
                    "the file after epoch {epoch} to hold the weights of epoch {best_epoch}, the \
                     best so far"
                ),
            );
        }
        case.expect_eq("the epochs saved", saved(&callback), improvements(&losses));
        case.show(format!("saved epochs {:?}", saved(&callback)));
    }

    let input = "a save into a folder that does not exist";
    let case = Case::new("best_checkpoint", input);
    let mut callback = make(dir.join("missing-folder/best.safetensors"));
    let result = case.run(|| callback.on_epoch_end(&record(1, 0.5), &network(1), &mut 1e-3));
    case.expect(
        result.is_err(),
        "an io::Error that ends the run, since the weights could not be saved",
    );

    let input = "a real run: 6 epochs of Adam at 0.003 on 640 digits, seed 7";
    let case = Case::new("best_checkpoint", input);
    let path = dir.join("run.safetensors");
    let mut callback = make(path.clone());
    let (history, _, _, validation) = case
        .run(|| short_run(6, 0.003, &mut [&mut callback]))
        .unwrap_or_else(|err| panic!("`best_checkpoint` failed on {input}: {err}"));
    let losses = validation_losses(&history);
    case.expect_eq("the epochs saved", saved(&callback), improvements(&losses));
    let lowest = losses.iter().copied().fold(f32::INFINITY, f32::min);
    let loaded = load(&path);
    case.expect(loaded.is_some(), "a safetensors file after the run");
    let reloaded = loaded.map(|m| train::evaluate(&m, &validation, &AutoDevice::default()));
    case.expect_eq(
        "the validation loss of the saved weights (the run's lowest)",
        reloaded.map(|m| m.loss),
        Some(lowest),
    );
    case.show(format!(
        "saved epochs {:?}, best validation loss {lowest:.4}",
        saved(&callback)
    ));
}
