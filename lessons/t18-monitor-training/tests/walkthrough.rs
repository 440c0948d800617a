//! The lesson's output and figure are what the book shows: any change to either fails a test.
//! The same run is then checked for what the lesson claims, recomputed from its history.

use datasets::Mnist;
use kit::train::{self, History};
use t18_monitor_training::{
    lesson, Run, Runs, ACCURACY_FLOOR, DECAY, DECAY_FROM, MAX_EPOCHS, PATIENCE,
};

#[test]
fn output_figure_and_what_they_show() {
    let mnist = Mnist::embedded();
    let mut runs = None;
    let (text, figures) = kit::capture_with_figures(|out, figures| {
        runs = Some(lesson(out, figures, &mnist)?);
        Ok(())
    });
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);

    let runs = runs.expect("the lesson ran");
    for (name, run) in [("run 1", &runs.constant), ("run 2", &runs.scheduled)] {
        early_stopping_did_what_it_says(name, run, &runs);
        let test = train::evaluate(&run.model, &mnist.test, &Default::default());
        assert!(
            test.accuracy >= ACCURACY_FLOOR,
            "{name}: test accuracy {} < {ACCURACY_FLOOR}",
            test.accuracy
        );
    }
    the_rates_follow_the_schedule(&runs);
    the_first_epoch_averages_its_batches(&runs.constant);
    let (constant, scheduled) = (
        lowest(&runs.constant.history),
        lowest(&runs.scheduled.history),
    );
    assert!(
        scheduled.1 < constant.1 && scheduled.0 > constant.0,
        "the schedule should reach a lower validation loss, later: {constant:?} vs {scheduled:?}"
    );
}

/// The first epoch with the lowest validation loss, and that loss.
fn lowest(history: &History) -> (usize, f32) {
    history
        .epochs
        .iter()
        .map(|e| (e.epoch, e.validation.expect("validated").loss))
        .fold(
            (0, f32::INFINITY),
            |best, e| if e.1 < best.1 { e } else { best },
        )
}

/// The best epoch is the history's lowest validation loss; the run ended `PATIENCE` epochs later
/// (or at the last epoch); the network returned scores exactly the best epoch's validation loss,
/// which is not the last epoch's.
fn early_stopping_did_what_it_says(name: &str, run: &Run, runs: &Runs) {
    let (best, best_loss) = lowest(&run.history);
    assert_eq!(run.early_stopping.best_epoch(), Some(best), "{name}");
    let ran = run.history.epochs.len();
    assert_eq!(ran, (best + PATIENCE).min(MAX_EPOCHS), "{name}: epochs run");
    assert_eq!(run.early_stopping.stopped_epoch(), Some(ran), "{name}");
    let restored = train::evaluate(&run.model, &runs.validation_split, &Default::default());
    assert_eq!(restored.loss, best_loss, "{name}: restored weights");
    let last = run.history.epochs[ran - 1]
        .validation
        .expect("validated")
        .loss;
    assert_ne!(restored.loss, last, "{name}: the restore changed nothing");
    assert_eq!(
        runs.fit_split.len() + runs.validation_split.len(),
        Mnist::embedded().train.len()
    );
    assert_eq!(runs.validation_split.len(), 800);
}

/// Run 1 trains at 0.001 throughout; run 2 too until `DECAY_FROM`, then `DECAY` times the
/// epoch before; the two are the same run until then.
fn the_rates_follow_the_schedule(runs: &Runs) {
    assert!(runs.constant.rates.iter().all(|&r| r == 1e-3));
    for (i, &rate) in runs.scheduled.rates.iter().enumerate() {
        let epoch = i + 1;
        let decays = (epoch + 1).saturating_sub(DECAY_FROM) as i32;
        let expected = 1e-3 * DECAY.powi(decays);
        assert!(
            (rate - expected).abs() < 1e-15,
            "epoch {epoch}: {rate} vs {expected}"
        );
    }
    let shared = DECAY_FROM - 1;
    assert_eq!(
        runs.constant.history.epochs[..shared],
        runs.scheduled.history.epochs[..shared]
    );
    assert_ne!(
        runs.constant.history.epochs[shared],
        runs.scheduled.history.epochs[shared]
    );
}

/// Every batch of epoch 1 was seen, numbered from step 1, and their mean loss is the epoch's.
fn the_first_epoch_averages_its_batches(run: &Run) {
    let batches = &run.first_epoch;
    assert_eq!(batches.len(), 100);
    assert!(batches
        .iter()
        .enumerate()
        .all(|(i, b)| b.step == i + 1 && b.epoch == 1));
    let mean = batches
        .iter()
        .map(|b| f64::from(b.metrics.loss))
        .sum::<f64>()
        / 100.0;
    let epoch_loss = f64::from(run.history.epochs[0].train.loss);
    assert!((mean - epoch_loss).abs() < 1e-5, "{mean} vs {epoch_loss}");
}
