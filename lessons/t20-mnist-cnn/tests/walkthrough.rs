//! The lesson's output and figure are what the book shows: any change to either fails a test.
//! The other tests check what the numbers mean, computed again another way.

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::prelude::*;
use kit::scratch::ScratchDir;
use std::sync::OnceLock;
use t20_mnist_cnn::{
    confusion_matrix, heat_map, layer_by_layer, load_weights, logits, save_weights, shifted_image,
    train, walkthrough, Cnn, Trained, ACCURACY_FLOOR, EPOCHS, SHIFT, SHIFTED_IMAGE,
};

#[test]
fn output_and_figure() {
    let mnist = Mnist::embedded();
    let (text, figures) =
        kit::capture_with_figures(|out, figures| walkthrough(out, figures, &mnist));
    insta::assert_snapshot!("output", text);
    kit::figures::assert_committed(env!("CARGO_MANIFEST_DIR"), &figures);
}

/// The network trained as the lesson trains it, once for all the tests below.
fn trained() -> &'static Trained {
    static TRAINED: OnceLock<Trained> = OnceLock::new();
    TRAINED.get_or_init(|| train(&Mnist::embedded(), |_| Ok(())).expect("training runs"))
}

#[test]
fn beats_the_one_hidden_layer_network() {
    let trained = trained();
    let accuracy = trained.test.accuracy;
    assert!(
        accuracy >= ACCURACY_FLOOR,
        "test accuracy {accuracy} < {ACCURACY_FLOOR}"
    );
    assert!(
        (trained.untrained.accuracy - 0.1).abs() < 0.07,
        "untrained is not near chance: {}",
        trained.untrained.accuracy
    );
    let losses: Vec<f32> = trained
        .history
        .epochs
        .iter()
        .map(|e| e.train.loss)
        .collect();
    assert_eq!(losses.len(), EPOCHS);
    assert!(
        losses.windows(2).all(|pair| pair[1] < pair[0]),
        "loss did not fall every epoch: {losses:?}"
    );
}

/// The parameters, counted by hand: each convolution has out·in·3·3 weights and out biases.
#[test]
fn the_parameter_count_adds_up() {
    let model = Cpu::default().build_module::<Cnn, f32>();
    let by_hand = (8 * 9 + 8) + (16 * 8 * 9 + 16) + (10 * 16 * 5 * 5 + 10);
    assert_eq!(model.num_trainable_params(), by_hand);
    assert_eq!(by_hand, 5_258);
    let names: Vec<String> = kit::inspect::named_parameters(&model)
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        [
            "1.0.weight",
            "1.0.bias",
            "2.0.weight",
            "2.0.bias",
            "4.weight",
            "4.bias"
        ]
    );
}

/// Running the layers one by one is the network's forward pass.
#[test]
fn layer_by_layer_is_the_forward_pass() {
    let dev = Cpu::seed_from_u64(5);
    let model = dev.build_module::<Cnn, f32>();
    let rows = layer_by_layer(&model, dev.zeros_like(&(3, Const::<PIXELS>)));
    let shapes: Vec<Vec<usize>> = rows.iter().map(|r| r.shape.clone()).collect();
    assert_eq!(
        shapes,
        [
            vec![3, 1, 28, 28],
            vec![3, 8, 26, 26],
            vec![3, 8, 26, 26],
            vec![3, 8, 13, 13],
            vec![3, 16, 11, 11],
            vec![3, 16, 11, 11],
            vec![3, 16, 5, 5],
            vec![3, 400],
            vec![3, 10],
        ]
    );
    let parameters: usize = rows.iter().map(|r| r.parameters).sum();
    assert_eq!(parameters, model.num_trainable_params());
}

/// The shifted test image loses no ink at the right edge, so the shifted copy holds the whole
/// digit and the equivariance shown is exact.
#[test]
fn the_shifted_image_keeps_all_its_ink() {
    let test = Mnist::embedded().test;
    let pixels = test.pixels(SHIFTED_IMAGE);
    let right_edge = (0..28).flat_map(|y| (28 - SHIFT..28).map(move |x| pixels[y * 28 + x]));
    assert!(right_edge.into_iter().all(|p| p == 0));
    let shifted = shifted_image(&test, SHIFTED_IMAGE, SHIFT).as_vec();
    let ink: f32 = shifted.iter().sum();
    let original: f32 = pixels.iter().map(|&p| f32::from(p) / 255.0).sum();
    assert!((ink - original).abs() < 1e-3);
}

/// The confusion matrix agrees with the labels and with the accuracy `evaluate` measured.
#[test]
fn the_confusion_matrix_counts_every_test_digit_once() {
    let trained = trained();
    let test = Mnist::embedded().test;
    let predicted = kit::train::predict(&trained.model, &test, &Cpu::default());
    let labels: Vec<usize> = (0..test.len()).map(|i| test.label(i)).collect();
    let matrix = confusion_matrix(&labels, &predicted);
    for (digit, row) in matrix.iter().enumerate() {
        let of_digit = labels.iter().filter(|&&l| l == digit).count();
        assert_eq!(row.iter().sum::<usize>(), of_digit, "row {digit}");
    }
    let right: usize = (0..CLASSES).map(|d| matrix[d][d]).sum();
    let accuracy = right as f32 / test.len() as f32;
    assert!((accuracy - trained.test.accuracy).abs() < 1e-6);
    assert_eq!(heat_map::shade(0, 100), 0.0);
    assert_eq!(heat_map::shade(100, 100), 1.0);
    assert!((heat_map::shade(1, 100) - 0.1).abs() < 1e-6);
}

/// The saved file loads into a fresh network that computes the same logits, bit for bit; a
/// second save replaces the first whole and leaves no temporary file behind.
#[test]
fn saving_and_loading_keeps_every_logit() {
    let trained = trained();
    let test = Mnist::embedded().test.head(200);
    let dir = ScratchDir::new("t20-test").unwrap();
    let path = dir.join("cnn.safetensors");
    std::fs::write(&path, b"an older file").unwrap();
    save_weights(&trained.model, &path).unwrap();
    let loaded = load_weights(&path).unwrap();
    assert_eq!(logits(&loaded, &test), logits(&trained.model, &test));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the saved file is left");
    // The file is dfdx's safetensors, readable by dfdx's own loader into any model of the type.
    let mut other = Cpu::seed_from_u64(9).build_module::<Cnn, f32>();
    other.load_safetensors(&path).unwrap();
    assert_eq!(logits(&other, &test), logits(&trained.model, &test));
}
