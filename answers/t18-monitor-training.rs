//! Reference solutions for t18's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;
use kit::train::{Callback, Control, EpochRecord};
use std::io;
use std::path::PathBuf;

/// Exercise `reduce_lr_on_plateau`: Keras's `ReduceLROnPlateau` on the validation loss.
#[derive(Debug, Clone, PartialEq)]
pub struct ReduceLrOnPlateau {
    /// What the learning rate is multiplied by on a plateau (below 1).
    pub factor: f64,
    /// Epochs without improvement before the rate is lowered.
    pub patience: usize,
    /// The lowest learning rate it sets.
    pub min_lr: f64,
    /// The lowest validation loss so far; `None` before the first epoch.
    pub best: Option<f32>,
    /// Epochs since the last improvement or the last reduction.
    pub waited: usize,
}

impl ReduceLrOnPlateau {
    /// A callback that has seen no epoch yet.
    pub fn new(factor: f64, patience: usize, min_lr: f64) -> Self {
        ReduceLrOnPlateau {
            factor,
            patience,
            min_lr,
            best: None,
            waited: 0,
        }
    }
}

impl<M> Callback<M> for ReduceLrOnPlateau {
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        _model: &M,
        learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let loss = record
            .validation
            .expect("ReduceLrOnPlateau watches the validation loss")
            .loss;
        // `<`, not `<=`: an equal loss is no improvement. A NaN compares false: no improvement.
        if self.best.is_none_or(|best| loss < best) {
            self.best = Some(loss);
            self.waited = 0;
        } else {
            self.waited += 1;
            if self.waited >= self.patience {
                *learning_rate = (*learning_rate * self.factor).max(self.min_lr);
                self.waited = 0;
            }
        }
        Ok(Control::Continue)
    }
}

/// Exercise `best_checkpoint`: Keras's `ModelCheckpoint(save_best_only=True)` for the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct BestCheckpoint {
    /// Where the weights go.
    pub path: PathBuf,
    /// The lowest validation loss so far; `None` before the first epoch.
    pub best: Option<f32>,
    /// The epochs whose weights were saved, in order.
    pub saved: Vec<usize>,
}

impl BestCheckpoint {
    /// A checkpoint to `path` that has saved nothing yet.
    pub fn new(path: PathBuf) -> Self {
        BestCheckpoint {
            path,
            best: None,
            saved: Vec::new(),
        }
    }
}

impl<M: TensorCollection<f32, AutoDevice>> Callback<M> for BestCheckpoint {
    fn on_epoch_end(
        &mut self,
        record: &EpochRecord,
        model: &M,
        _learning_rate: &mut f64,
    ) -> io::Result<Control> {
        let loss = record
            .validation
            .expect("BestCheckpoint watches the validation loss")
            .loss;
        if self.best.is_none_or(|best| loss < best) {
            model
                .save_safetensors(&self.path)
                .map_err(|err| io::Error::other(format!("{}: {err:?}", self.path.display())))?;
            self.best = Some(loss);
            self.saved.push(record.epoch);
        }
        Ok(Control::Continue)
    }
}
