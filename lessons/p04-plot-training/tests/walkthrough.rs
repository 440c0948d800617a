//! The lesson's output and figure are what the book shows: any change to either fails a test.

use datasets::Mnist;
use p04_plot_training::{train, walkthrough, EPOCHS};

#[test]
fn output_and_figure() {
    let mnist = Mnist::embedded();
    let (text, figures) =
        kit::capture_with_figures(|out, figures| walkthrough(out, figures, &mnist));
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
}

/// What the figure is meant to show, asserted: the training loss keeps falling, and the
/// validation loss reaches its lowest point well before the last epoch and ends above it.
#[test]
fn the_history_shows_over_fitting() {
    let trained = train(&Mnist::embedded().train).unwrap();
    let epochs = &trained.history.epochs;
    assert_eq!(epochs.len(), EPOCHS);
    let training: Vec<f32> = epochs.iter().map(|e| e.train.loss).collect();
    let validation: Vec<f32> = epochs.iter().map(|e| e.validation.unwrap().loss).collect();
    assert!(
        training.windows(2).all(|w| w[1] < w[0]),
        "training loss {training:?}"
    );
    let (best_index, lowest) = validation
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    let best_epoch = best_index + 1;
    assert!(
        best_epoch <= EPOCHS / 2,
        "lowest validation loss at epoch {best_epoch}"
    );
    let last = validation[EPOCHS - 1];
    assert!(
        last > lowest + 0.02,
        "validation loss ends at {last}, lowest {lowest}"
    );
    let accuracy = epochs[EPOCHS - 1].validation.unwrap().accuracy;
    assert!(accuracy > 0.9, "validation accuracy {accuracy}");
}
