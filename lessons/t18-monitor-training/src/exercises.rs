//! Exercises for t18. Check them with `cargo xtask verify t18`; stuck, ask for a hint with
//! `cargo xtask hint t18`. Reference solutions: `answers/t18-monitor-training.rs`.
//!
//! Both exercises are callbacks: a struct that implements `kit::train::Callback`, whose
//! `on_epoch_end` the training loop calls after every epoch with the epoch's record, the model
//! and the optimizer's learning rate. Each parameter is marked `#[allow(unused_variables)]` only
//! because the starting `todo!` does not use it yet; the compiler still warns about anything else
//! you compute and never use.

use dfdx::prelude::*;
use kit::train::{Callback, Control, EpochRecord};
use std::io;
use std::path::PathBuf;

/// Exercise `reduce_lr_on_plateau`: Keras's `ReduceLROnPlateau(monitor="val_loss", factor,
/// patience, min_lr)`, with `min_delta=0` and no cooldown. It watches the validation loss
/// (`record.validation`, which the checks always provide). An epoch whose loss is lower than every
/// earlier one is an improvement: it becomes `best`, and `waited` goes back to 0. Any other epoch
/// (an equal loss, or a NaN) adds 1 to `waited`; when `waited` reaches `patience`, the learning
/// rate is multiplied by `factor`, but never set below `min_lr`, and `waited` goes back to 0. It
/// never stops training.
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
        #[allow(unused_variables)] record: &EpochRecord,
        _model: &M,
        #[allow(unused_variables)] learning_rate: &mut f64,
    ) -> io::Result<Control> {
        // TODO: compare the epoch's validation loss with `self.best`; on an improvement keep it
        // and reset `self.waited`; otherwise count the epoch, and when the count reaches
        // `self.patience`, lower `*learning_rate` (never below `self.min_lr`) and reset the count.
        todo!("lower the learning rate when the validation loss stops improving")
    }
}

/// Exercise `best_checkpoint`: Keras's `ModelCheckpoint(path, monitor="val_loss",
/// save_best_only=True, save_weights_only=True)`. After each epoch whose validation loss is lower
/// than every earlier one (an equal loss or a NaN is not), it saves the model's weights to `path`
/// as safetensors (replacing the file there), and appends the epoch to `saved`. Other epochs leave
/// the file alone. A failed save ends the run with an `io::Error`.
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
        #[allow(unused_variables)] record: &EpochRecord,
        #[allow(unused_variables)] model: &M,
        _learning_rate: &mut f64,
    ) -> io::Result<Control> {
        // TODO: when the epoch's validation loss beats `self.best`, save `model` to `self.path`
        // with dfdx's safetensors support, turn a failure into an `io::Error`, record the loss and
        // the epoch; then let training continue.
        todo!("save the model's weights whenever the validation loss improves")
    }
}
