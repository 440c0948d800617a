//! The lesson's output and figures are what the book shows, and what the figures are meant to
//! show is asserted: the default network separates the circle, XOR needs a hidden layer, L2
//! tames over-fitting, a too-small network under-fits, and everything repeats for a seed.

use datasets::toy::Dataset;
use t08_playground::net::{Activation, DenseLayer};
use t08_playground::{
    capacity_config, overfitting_config, train, walkthrough, Config, EARLY_EPOCH,
    OVERFITTING_EPOCHS, OVERFITTING_L2,
};

#[test]
fn output_and_figures() {
    let (text, figures) =
        kit::capture_with_figures(|out, figures| walkthrough(out, figures, &Config::default()));
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
    for figure in figures.iter() {
        assert!(
            figure.bytes.len() < 150_000,
            "{} is {} bytes",
            figure.name,
            figure.bytes.len()
        );
    }
}

fn test_accuracy(config: &Config) -> f32 {
    let run = train(config, &[]).expect("the run trains");
    run.history
        .epochs
        .last()
        .unwrap()
        .validation
        .unwrap()
        .accuracy
}

#[test]
fn the_default_network_separates_the_circle() {
    let config = Config::default();
    assert_eq!((config.dataset, config.noise), (Dataset::Circle, 0.0));
    let accuracy = test_accuracy(&config);
    assert!(accuracy >= 0.95, "test accuracy {accuracy}");
}

#[test]
fn xor_needs_a_hidden_layer() {
    let flat = test_accuracy(&capacity_config(Dataset::Xor, 0));
    assert!((0.4..=0.75).contains(&flat), "no hidden layer: {flat}");
    let hidden = test_accuracy(&Config {
        dataset: Dataset::Xor,
        ..Config::default()
    });
    assert!(hidden >= 0.9, "hidden layers of 4 and 2: {hidden}");
}

#[test]
fn l2_tames_over_fitting() {
    let plain = train(&overfitting_config(0.0), &[]).unwrap().history;
    let regularised = train(&overfitting_config(OVERFITTING_L2), &[])
        .unwrap()
        .history;
    let test_loss =
        |h: &kit::train::History, epoch: usize| h.epochs[epoch - 1].validation.unwrap().loss;
    let last = OVERFITTING_EPOCHS;
    // Without L2 the test loss climbs far above where it was early on, while the training
    // loss falls below the regularised network's.
    assert!(test_loss(&plain, last) > 2.0 * test_loss(&plain, EARLY_EPOCH));
    assert!(plain.epochs[last - 1].train.loss < regularised.epochs[last - 1].train.loss);
    assert!(test_loss(&regularised, last) < 0.6 * test_loss(&plain, last));
    let accuracy = |h: &kit::train::History| h.epochs[last - 1].validation.unwrap().accuracy;
    assert!(accuracy(&regularised) > accuracy(&plain) + 0.05);
}

#[test]
fn too_small_networks_under_fit_the_circle() {
    let accuracies: Vec<f32> = [0, 1, 2, 3]
        .map(|units| test_accuracy(&capacity_config(Dataset::Circle, units)))
        .to_vec();
    assert!(
        accuracies[0] < 0.7 && accuracies[1] < 0.75,
        "{accuracies:?}"
    );
    assert!(accuracies[3] >= 0.95, "{accuracies:?}");
}

#[test]
fn a_seed_repeats_a_run_and_another_seed_changes_it() {
    let config = Config {
        epochs: 20,
        ..Config::default()
    };
    let run = |config: &Config| {
        let trained = train(config, &[20]).unwrap();
        let weights: Vec<Vec<f32>> = trained
            .model
            .layers
            .iter()
            .map(|layer: &DenseLayer<_>| layer.weight.as_vec())
            .collect();
        (trained.history, weights, trained.maps[0].raster().to_png())
    };
    assert!(run(&config) == run(&config));
    let other = Config {
        seed: 1,
        ..config.clone()
    };
    assert!(run(&config).0 != run(&other).0);
    assert_eq!(Config::default().activation, Activation::Tanh);
}
