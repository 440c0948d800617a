//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::Mnist;
use p03_one_hidden_layer::{train, walkthrough, ACCURACY_FLOOR};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; this says which numbers would be wrong, not only different.
#[test]
fn learns_the_embedded_digits() {
    let trained = train(&Mnist::embedded(), |_| Ok(())).unwrap();
    let accuracy = trained.test.accuracy;
    assert!(
        accuracy >= ACCURACY_FLOOR,
        "test accuracy {accuracy} < {ACCURACY_FLOOR}"
    );
    assert!(
        (trained.untrained.accuracy - 0.1).abs() < 0.05,
        "untrained is not near chance"
    );
    let losses: Vec<f32> = trained
        .history
        .epochs
        .iter()
        .map(|e| e.train.loss)
        .collect();
    assert!(
        losses.windows(2).all(|pair| pair[1] < pair[0]),
        "loss did not fall every epoch: {losses:?}"
    );
}
