//! How long one epoch of the lesson's training takes, for the chapter's comparison with
//! PyTorch (`scripts/epoch_time.py` times the same epoch there). Not part of the lesson, which
//! never prints a time: times differ from run to run.
//!
//! ```console
//! $ cargo build --release -p t20-mnist-cnn --example epoch_time
//! $ MNIST_DIR=../shared/datasets/mnist target/release/examples/epoch_time
//! ```
//!
//! It trains the lesson's network with the lesson's settings (Adam at the lesson's learning
//! rate, batches of 32, `kit::train::fit`) on the training images of the MNIST that
//! `MNIST_DIR` names (the embedded sample without it), three epochs timed one by one, and
//! prints each epoch's seconds and their median.

use datasets::{Mnist, MnistSource};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::train::{self, FitConfig};
use std::process::ExitCode;
use std::time::Instant;
use t20_mnist_cnn::{adam_config, Cnn, BATCH, SEED};

/// Epochs timed.
const EPOCHS: u64 = 3;

fn main() -> ExitCode {
    let mnist = match Mnist::load(&MnistSource::choose(false)) {
        Ok(mnist) => mnist,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let dev = Cpu::seed_from_u64(SEED);
    let mut model = dev.build_module::<Cnn, f32>();
    let mut adam = Adam::new(&model, adam_config());
    let mut seconds = Vec::new();
    for epoch in 1..=EPOCHS {
        let config = FitConfig {
            epochs: 1,
            shuffle_seed: SEED + epoch,
            validation: None,
        };
        let start = Instant::now();
        let history =
            train::fit::<BATCH, _, _, _>(&mut model, &mut adam, &mnist.train, config, &dev, |_| {
                Ok(())
            })
            .expect("training runs");
        let elapsed = start.elapsed().as_secs_f64();
        println!(
            "epoch {epoch}: {elapsed:.3} s for {} steps of {BATCH} ({} images), loss {:.3}",
            mnist.train.len() / BATCH,
            mnist.train.len(),
            history.epochs[0].train.loss
        );
        seconds.push(elapsed);
    }
    seconds.sort_by(f64::total_cmp);
    println!(
        "dfdx + kit::conv on {} cores: median {:.3} s per epoch of {} images",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        seconds[seconds.len() / 2],
        mnist.train.len()
    );
    ExitCode::SUCCESS
}
