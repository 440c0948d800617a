//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify p03`.

use dfdx::prelude::*;
use p03_one_hidden_layer::exercises;

#[test]
fn sparse_cross_entropy() {
    let dev = AutoDevice::seed_from_u64(3);
    let logits: Tensor<Rank2<4, 10>, f32, _> = dev.sample_normal() * 3.0;
    let labels = [7, 0, 3, 9];
    let mut one_hot = [[0.0f32; 10]; 4];
    for (row, &label) in labels.iter().enumerate() {
        one_hot[row][label] = 1.0;
    }

    // The same value as dfdx's loss on one-hot targets...
    let built_in = cross_entropy_with_logits_loss(logits.leaky_trace(), dev.tensor(one_hot));
    let sparse = exercises::sparse_cross_entropy(logits.leaky_trace(), labels);
    let (expected, got) = (built_in.array(), sparse.array());
    assert!(
        (got - expected).abs() < 1e-5,
        "loss {got}, expected {expected}"
    );

    // ...and the same gradient with respect to every logit.
    let expected_grad = built_in.backward().get(&logits).array();
    let grad = sparse.backward().get(&logits).array();
    for (row, (g, e)) in grad.iter().zip(&expected_grad).enumerate() {
        for (col, (g, e)) in g.iter().zip(e).enumerate() {
            assert!(
                (g - e).abs() < 1e-5,
                "gradient [{row}][{col}] is {g}, expected {e}"
            );
        }
    }
    let shown = format!("sparse cross-entropy = {got:.4} (one-hot: {expected:.4})");
    insta::assert_snapshot!("sparse_cross_entropy", shown);
}

#[test]
fn wide_parameter_count() {
    let count = exercises::wide_parameter_count();
    assert_eq!(
        count,
        784 * 128 + 128 + 128 * 10 + 10,
        "784 → 128 → 10 has 101,770"
    );
    let shown = format!("784 → 128 → 10: {count} trainable parameters");
    insta::assert_snapshot!("wide_parameter_count", shown);
}
