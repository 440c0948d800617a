//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests check what the output claims, independently of how the lesson computes it.

use datasets::{Mnist, CLASSES, PIXELS};
use dfdx::prelude::*;
use t04_keras_model::{copy_through_a_file, train, walkthrough, Model, ACCURACY_FLOOR, SEED};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; this says which numbers would be wrong, not only different.
/// And `predict` on the struct must pick, for each image, the largest of the logits computed on
/// the host from the trained weights.
#[test]
fn learns_the_embedded_digits_and_predicts_the_largest_logit() {
    let mnist = Mnist::embedded();
    let trained = train(&mnist, |_| Ok(())).unwrap();
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

    let dev = AutoDevice::default();
    let predicted = kit::train::predict(&trained.model, &mnist.test, &dev);
    let (weight, bias) = (
        trained.model.dense.weight.as_vec(),
        trained.model.dense.bias.as_vec(),
    );
    let images = mnist
        .test
        .in_batches(mnist.test.len(), &dev)
        .next()
        .unwrap();
    let pixels = images.images.as_vec();
    for (i, row) in pixels.chunks_exact(PIXELS).enumerate() {
        let logits: Vec<f64> = (0..CLASSES)
            .map(|k| {
                let dot: f64 = (0..PIXELS)
                    .map(|p| f64::from(row[p]) * f64::from(weight[k * PIXELS + p]))
                    .sum();
                dot + f64::from(bias[k])
            })
            .collect();
        let mut order: Vec<usize> = (0..CLASSES).collect();
        order.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
        // Where the two largest logits are closer than f32 rounding, either may win.
        if logits[order[0]] - logits[order[1]] > 1e-4 {
            assert_eq!(predicted[i], order[0], "test image {i}");
        }
    }
}

/// The build the lesson prints: `MyModel::build` draws its one layer exactly as dfdx's own
/// `Linear<784, 10>` does from the same seed, with 7,850 trainable parameters.
#[test]
fn build_draws_the_weights_of_dfdx_s_linear() {
    let model = Model::build(&AutoDevice::seed_from_u64(SEED));
    let linear = AutoDevice::seed_from_u64(SEED).build_module::<Linear<PIXELS, CLASSES>, f32>();
    assert_eq!(model.dense.weight.as_vec(), linear.weight.as_vec());
    assert_eq!(model.dense.bias.as_vec(), linear.bias.as_vec());
    assert_eq!(model.num_trainable_params(), 784 * 10 + 10);
}

/// One `Module` impl serves a traced batch of compile-time size (training) and an untraced batch
/// of run-time size (evaluation) with the same logits, and the traced one reaches the weights.
#[test]
fn one_forward_serves_both_tapes() {
    let dev = AutoDevice::seed_from_u64(5);
    let mut model = Model::build(&dev);
    let x: Tensor<Rank2<4, PIXELS>, f32, _> = dev.sample_uniform();
    let untraced = model.forward(x.clone().realize::<(usize, Const<PIXELS>)>());
    let grads = model.alloc_grads();
    let traced = model.forward_mut(x.traced(grads));
    assert_eq!(untraced.as_vec(), traced.as_vec());
    let grads = traced.sum::<Rank0, _>().backward();
    // d Σ logits / d bias is 1 per row: 4 for each of the 10 biases.
    assert_eq!(grads.get(&model.dense.bias).as_vec(), vec![4.0; CLASSES]);
}

/// What the last lines of the output claim: after `copy_through_a_file`, a model built from
/// another seed holds exactly the weights of the one saved.
#[test]
fn a_saved_file_carries_every_weight() {
    let saved = Model::build(&AutoDevice::seed_from_u64(2));
    let mut loaded = Model::build(&AutoDevice::seed_from_u64(3));
    assert_ne!(saved.dense.weight.as_vec(), loaded.dense.weight.as_vec());
    copy_through_a_file(&saved, &mut loaded).unwrap();
    assert_eq!(saved.dense.weight.as_vec(), loaded.dense.weight.as_vec());
    assert_eq!(saved.dense.bias.as_vec(), loaded.dense.bias.as_vec());
}
