//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use kit::train::{Callback, Control, EpochRecord};
use std::io;
use std::path::PathBuf;

/// A callback that does nothing at all: the "literal" of a callback.
struct Nothing;

impl<M> Callback<M> for Nothing {}

#[test]
#[should_panic(expected = "`reduce_lr_on_plateau` is wrong for validation losses 1.0, 0.8, 0.8")]
fn reduce_lr_on_plateau_rejects_a_callback_that_does_nothing() {
    checks::reduce_lr_on_plateau(|_, _, _| Nothing);
}

/// Keras's rule with one flaw or another.
struct Plateau {
    factor: f64,
    patience: usize,
    min_lr: f64,
    best: Option<f32>,
    waited: usize,
    /// `<=` for `<`: an equal loss counts as an improvement.
    ties_improve: bool,
    /// The count is not reset after a reduction: every later epoch of the plateau reduces.
    keeps_counting: bool,
    /// `min_lr` is not applied.
    no_floor: bool,
    /// The new rate is kept in the struct, not written through the reference: the optimizer
    /// never sees it.
    own_copy: Option<f64>,
}

fn plateau(factor: f64, patience: usize, min_lr: f64) -> Plateau {
    Plateau {
        factor,
        patience,
        min_lr,
        best: None,
        waited: 0,
        ties_improve: false,
        keeps_counting: false,
        no_floor: false,
        own_copy: None,
    }
}

impl<M> Callback<M> for Plateau {
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        _: &M,
        learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let loss = record.validation.expect("validated").loss;
        let improves = match self.best {
            None => true,
            Some(best) if self.ties_improve => loss <= best,
            Some(best) => loss < best,
        };
        if improves {
            self.best = Some(loss);
            self.waited = 0;
        } else {
            self.waited += 1;
            if self.waited >= self.patience {
                let mut rate = self.own_copy.unwrap_or(*learning_rate) * self.factor;
                if !self.no_floor {
                    rate = rate.max(self.min_lr);
                }
                if self.own_copy.is_some() {
                    self.own_copy = Some(rate);
                } else {
                    *learning_rate = rate;
                }
                if !self.keeps_counting {
                    self.waited = 0;
                }
            }
        }
        Ok(Control::Continue)
    }
}

#[test]
#[should_panic(expected = "expected the learning rate after epoch 4 = 5.000e-4, got 1.000e-3")]
fn reduce_lr_on_plateau_rejects_a_tie_as_an_improvement() {
    // The tie at epoch 3 resets the count, so the rate is lowered an epoch late.
    checks::reduce_lr_on_plateau(|f, p, m| Plateau {
        ties_improve: true,
        ..plateau(f, p, m)
    });
}

#[test]
#[should_panic(expected = "expected the learning rate after epoch 8 = 2.500e-4, got 1.250e-4")]
fn reduce_lr_on_plateau_rejects_a_count_never_reset() {
    checks::reduce_lr_on_plateau(|f, p, m| Plateau {
        keeps_counting: true,
        ..plateau(f, p, m)
    });
}

#[test]
#[should_panic(expected = "expected the learning rate after epoch 4 = 1.000e-4, got 1.000e-5")]
fn reduce_lr_on_plateau_rejects_ignoring_min_lr() {
    checks::reduce_lr_on_plateau(|f, p, m| Plateau {
        no_floor: true,
        ..plateau(f, p, m)
    });
}

#[test]
#[should_panic(expected = "expected the learning rate after epoch 4 = 5.000e-4, got 1.000e-3")]
fn reduce_lr_on_plateau_rejects_a_rate_the_optimizer_never_sees() {
    checks::reduce_lr_on_plateau(|f, p, m| Plateau {
        own_copy: Some(1e-3),
        ..plateau(f, p, m)
    });
}

#[test]
#[should_panic(expected = "expected a safetensors file at")]
fn best_checkpoint_rejects_a_callback_that_saves_nothing() {
    checks::best_checkpoint(|_| Nothing, |_| Vec::new());
}

/// Saves after every epoch, or on ties too, or unwraps a failed save.
struct Checkpoint {
    path: PathBuf,
    best: Option<f32>,
    saved: Vec<usize>,
    every_epoch: bool,
    ties_improve: bool,
    unwraps: bool,
}

fn checkpoint(path: PathBuf) -> Checkpoint {
    Checkpoint {
        path,
        best: None,
        saved: Vec::new(),
        every_epoch: false,
        ties_improve: false,
        unwraps: false,
    }
}

impl<M: TensorCollection<f32, AutoDevice>> Callback<M> for Checkpoint {
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        _: &mut f64,
    ) -> io::Result<Control> {
        let loss = record.validation.expect("validated").loss;
        let improves = match self.best {
            None => true,
            Some(best) if self.ties_improve => loss <= best,
            Some(best) => loss < best,
        };
        if improves || self.every_epoch {
            let saved = model.save_safetensors(&self.path);
            if self.unwraps {
                saved.unwrap();
            } else {
                saved.map_err(|err| io::Error::other(format!("{err:?}")))?;
            }
            self.saved.push(record.epoch);
        }
        if improves {
            self.best = Some(loss);
        }
        Ok(Control::Continue)
    }
}

#[test]
#[should_panic(expected = "expected the file after epoch 3 to hold the weights of epoch 2")]
fn best_checkpoint_rejects_saving_every_epoch() {
    checks::best_checkpoint(
        |path| Checkpoint {
            every_epoch: true,
            ..checkpoint(path)
        },
        |c| c.saved.clone(),
    );
}

#[test]
#[should_panic(expected = "(ties are no improvement)")]
fn best_checkpoint_rejects_saving_on_a_tie() {
    checks::best_checkpoint(
        |path| Checkpoint {
            ties_improve: true,
            ..checkpoint(path)
        },
        |c| c.saved.clone(),
    );
}

#[test]
#[should_panic(
    expected = "`best_checkpoint` panicked when given a save into a folder that does not exist"
)]
fn best_checkpoint_rejects_a_panic_on_a_failed_save() {
    checks::best_checkpoint(
        |path| Checkpoint {
            unwraps: true,
            ..checkpoint(path)
        },
        |c| c.saved.clone(),
    );
}
