//! The lesson's output and figure are what the book shows: any change to either fails a test.
//! The same run is then asserted on: what the lesson claims must hold, not only stay the same.

use datasets::Mnist;
use dfdx::prelude::*;
use kit::train;
use t21_pretrained_models::{
    accuracies, best, load, pretrain, save, transfer_and_scratch, walkthrough, weights, Tasks,
    FRESH_SEED, MARGIN, PRETRAIN_FLOOR, SEED,
};

#[test]
fn output_and_figure() {
    let mnist = Mnist::embedded();
    let (text, figures) =
        kit::capture_with_figures(|out, figures| walkthrough(out, figures, &mnist));
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
}

/// Pretraining learns digits 0–4; the file round-trips; the frozen extractor does not move; the
/// transfer beats training from scratch at the last epoch and at the best one of each.
#[test]
fn transfer_beats_training_from_scratch() {
    let tasks = Tasks::from(&Mnist::embedded());
    let dev = Cpu::seed_from_u64(SEED);
    let pretrained = pretrain(&tasks, &dev).unwrap();
    let accuracy = *accuracies(&pretrained.history).last().unwrap();
    assert!(accuracy >= PRETRAIN_FLOOR, "pretrained: {accuracy}");

    let dir = kit::scratch::ScratchDir::new("t21-test").unwrap();
    let path = dir.join("pretrained.safetensors");
    save(&pretrained.network, &path).unwrap();
    let loaded = load(&path, &Cpu::seed_from_u64(FRESH_SEED)).unwrap();
    assert_eq!(weights(&loaded), weights(&pretrained.network));
    // Only the finished file is left: the temporary one was renamed.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let comparison = transfer_and_scratch(loaded.extractor, &tasks, &dev).unwrap();
    assert_eq!(
        weights(&comparison.transfer.extractor),
        weights(&comparison.loaded),
        "the frozen extractor moved"
    );
    assert_ne!(
        weights(&comparison.transfer.head),
        weights(&dev.build_module::<t21_pretrained_models::Head, f32>()),
    );
    // The per-epoch figure is the whole network's accuracy, images in, computed independently.
    let whole = train::evaluate_examples(&comparison.transfer, &tasks.test, &Cpu::default());
    let transfer = accuracies(&comparison.transfer_history);
    assert_eq!(whole.accuracy, *transfer.last().unwrap());
    assert_eq!(
        weights(&comparison.head_on_cached_features),
        weights(&comparison.transfer.head)
    );

    let scratch = accuracies(&comparison.scratch_history);
    let (last_t, last_s) = (*transfer.last().unwrap(), *scratch.last().unwrap());
    let (best_t, best_s) = (best(&transfer).0, best(&scratch).0);
    assert!(
        last_t >= last_s + MARGIN,
        "last epoch: {last_t} vs {last_s}"
    );
    assert!(
        best_t >= best_s + MARGIN,
        "best epoch: {best_t} vs {best_s}"
    );
    // It is ahead at every epoch, by far after the first: the features are learned already.
    assert!(
        transfer[0] >= scratch[0] + 0.1,
        "{transfer:?} vs {scratch:?}"
    );
    assert!(
        transfer.iter().zip(&scratch).all(|(t, s)| t > s),
        "{transfer:?} vs {scratch:?}"
    );
    // Both learn the 100 images by heart: the gap is in what carries over to unseen digits.
    for history in [&comparison.transfer_history, &comparison.scratch_history] {
        let train_loss = history.epochs.last().unwrap().train.loss;
        assert!(train_loss < 0.05, "training loss {train_loss}");
    }
}
