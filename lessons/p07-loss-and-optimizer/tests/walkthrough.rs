//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::Mnist;
use p07_loss_and_optimizer::{adam_config, one_step_each, sgd_config, walkthrough};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; these recompute each optimizer's first step on the host from
/// the gradient alone, so that a wrong number is caught as wrong, not only as different.
#[test]
fn each_first_step_follows_its_rule() {
    let [adam, momentum, plain] = one_step_each(&Mnist::embedded());

    // SGD with momentum: v = g, so Δw = -lr·g, exactly as plain SGD.
    assert_eq!(momentum.change, plain.change, "momentum acted on step 1");
    let lr = sgd_config().lr as f32;
    for (i, (&d, &g)) in momentum.change.iter().zip(&momentum.gradient).enumerate() {
        // The change is read back as after - before, which rounds in f32 like the update does.
        assert!(
            (d + lr * g).abs() <= 1e-7,
            "weight {i}: Δw = {d}, -lr·g = {}",
            -lr * g
        );
    }

    // Adam: m̂ = g and v̂ = g², so Δw = -lr·g/(|g| + eps).
    let (lr, eps) = (adam_config().lr, adam_config().eps);
    for (i, (&d, &g)) in adam.change.iter().zip(&adam.gradient).enumerate() {
        let g = f64::from(g);
        let expected = -lr * g / (g.abs() + eps);
        assert!(
            (f64::from(d) - expected).abs() <= 1e-7,
            "weight {i}: Δw = {d}, expected {expected}"
        );
    }
    assert!(adam.largest_change() <= 1.0001e-3);
    assert!(adam.mean_change_of_moved() >= 0.99e-3);

    // Both steps lower the batch's loss, and by about what the gradient predicts.
    for report in [&adam, &momentum] {
        let (before, after) = report.batch;
        assert!(after < before, "{}: {before} → {after}", report.name);
        let predicted = report.first_order_change();
        let measured = after - before;
        assert!(
            (measured - predicted).abs() <= 0.15 * predicted.abs(),
            "{}: predicted {predicted}, measured {measured}",
            report.name
        );
    }
    // An untrained network spreads its bets: the loss starts near ln 10.
    assert!((adam.batch.0 - 10f32.ln()).abs() < 0.1);
}
