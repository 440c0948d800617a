//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use dfdx::prelude::*;
use t01_tensorflow_2::graph::{placeholder, run, RunError};
use t01_tensorflow_2::{f, Mlp, SEED, X};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(t01_tensorflow_2::walkthrough));
}

/// The tape's gradient of the lesson's f is the derivative worked out by hand, 2x + 3.
#[test]
fn the_tape_gives_the_derivative_by_hand() {
    let x = AutoDevice::default().tensor(X);
    let grads = f(x.leaky_trace()).backward();
    let by_hand = X.map(|v| 2.0 * v + 3.0);
    assert_eq!(grads.get(&x).array(), by_hand);
}

/// Eager and deferred compute the same function: the graph fed x gives the eager result at x.
#[test]
fn the_graph_and_the_eager_ops_agree() {
    let y = placeholder("x") * placeholder("x") + 3.0 * placeholder("x");
    let dev = AutoDevice::default();
    let eager = (dev.tensor(X) * dev.tensor(X) + dev.tensor(X) * 3.0).array();
    for (x, eager) in X.into_iter().zip(eager) {
        assert_eq!(run(&y, &[("x", x)]), Ok(eager));
    }
    assert_eq!(
        run(&y, &[("w", 1.0)]),
        Err(RunError::MissingFeed {
            placeholder: "x".into()
        })
    );
}

/// The parameter walk finds every trainable number, under the names a safetensors file uses.
#[test]
fn the_parameter_walk_finds_every_weight() {
    let model = AutoDevice::seed_from_u64(SEED).build_module::<Mlp, f32>();
    let found = kit::inspect::named_parameters(&model);
    let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["0.weight", "0.bias", "2.weight", "2.bias"]);
    assert!(found.iter().all(|p| p.trainable));
    let count: usize = found.iter().map(|p| p.count()).sum();
    assert_eq!(count, model.num_trainable_params());
}

/// The printed gradient with respect to the last layer's weights is the hidden layer's output
/// after ReLU, recomputed here on the host from the first layer's weights.
#[test]
fn the_last_weights_gradient_is_the_hidden_activation() {
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = dev.build_module::<Mlp, f32>();
    let input = [1.0f32, -1.0];
    let x = dev.tensor(input);
    let grads = model.forward(x.trace(model.alloc_grads())).sum().backward();
    let got = grads.get(&model.2.weight).array()[0];
    let (w, b) = (model.0.weight.array(), model.0.bias.array());
    for (i, got) in got.into_iter().enumerate() {
        let hidden = (w[i][0] * input[0] + w[i][1] * input[1] + b[i]).max(0.0);
        assert!((got - hidden).abs() < 1e-6, "unit {i}: {got} vs {hidden}");
    }
}
