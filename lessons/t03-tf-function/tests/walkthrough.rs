//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests recompute what the output claims, by other means.

use datasets::Mnist;
use dfdx::prelude::*;
use std::any::TypeId;
use std::collections::BTreeSet;
use t03_tf_function::{recorded_operations, walkthrough, Mlp, Network, SEED};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(walkthrough));
}

/// The instances of `add` are told apart by their `TypeId`s here, not by their printed names:
/// the six calls of the lesson, with the argument types they had, make five instances.
#[test]
fn six_calls_make_five_instances() {
    fn instance<T: std::ops::Add<Output = T> + 'static>() -> TypeId {
        fn id_of<F: 'static>(_: &F) -> TypeId {
            TypeId::of::<F>()
        }
        id_of(&t03_tf_function::add::<T>)
    }
    let calls = [
        instance::<f32>(),
        instance::<f64>(),
        instance::<Tensor<Rank1<3>, f32, AutoDevice>>(),
        instance::<Tensor<Rank2<2, 2>, f32, AutoDevice>>(),
        instance::<Tensor<(usize,), f32, AutoDevice>>(), // length 3
        instance::<Tensor<(usize,), f32, AutoDevice>>(), // length 5
    ];
    assert_eq!(calls.iter().collect::<BTreeSet<_>>().len(), 5);
    assert_ne!(
        calls[2], calls[4],
        "Rank1<3> and (usize,) are different types"
    );
}

/// The count read from the tape's text grows by one per operation, as the lesson says.
#[test]
fn the_tape_holds_one_backward_operation_per_operation() {
    let dev = AutoDevice::default();
    let x: Tensor<Rank2<2, 3>, f32, AutoDevice> = dev.sample_normal();
    let count = |t: Tensor<Rank2<2, 3>, f32, AutoDevice, OwnedTape<f32, AutoDevice>>| {
        recorded_operations(&t.split_tape().1)
    };
    assert_eq!(count(x.leaky_trace()), 0);
    assert_eq!(count(x.leaky_trace().relu()), 1);
    assert_eq!(count((x.leaky_trace() * 2.0 + 1.0).relu()), 3);
    // A broadcast only changes how the numbers are read: nothing to record.
    let bias: Tensor<Rank1<3>, f32, AutoDevice> = dev.sample_normal();
    assert_eq!(count(x.leaky_trace() + bias.broadcast()), 1);
    // One Linear layer: a matrix product and a bias addition.
    let layer = dev.build_module::<Linear<3, 3>, f32>();
    assert_eq!(count(layer.forward(x.leaky_trace())), 2);
}

/// The network computes what its weights say (checked on the host, in f64), and the instance
/// with a tape gives exactly the numbers of the one without, on another batch.
#[test]
fn both_instances_compute_the_same_logits() {
    let dev = AutoDevice::seed_from_u64(SEED);
    let model: Network = dev.build_module::<Mlp, f32>();
    let test = Mnist::embedded().test;
    let images = test.in_batches(200, &dev).next().unwrap().images;
    let plain = model.forward(images.clone());
    let traced = model.forward(images.leaky_trace()).split_tape().0;
    assert_eq!(plain.as_vec(), traced.as_vec());

    let layers = [
        (model.0 .0.weight.as_vec(), model.0 .0.bias.as_vec()),
        (model.1 .0.weight.as_vec(), model.1 .0.bias.as_vec()),
        (model.2.weight.as_vec(), model.2.bias.as_vec()),
    ];
    let pixels = images.as_vec();
    for (row, logits) in pixels.chunks(784).zip(plain.as_vec().chunks(10)) {
        let mut values: Vec<f64> = row.iter().map(|&v| f64::from(v)).collect();
        for (i, (weight, bias)) in layers.iter().enumerate() {
            values = bias
                .iter()
                .zip(weight.chunks(values.len()))
                .map(|(&b, w)| {
                    let sum: f64 = w.iter().zip(&values).map(|(&w, v)| f64::from(w) * v).sum();
                    let pre = sum + f64::from(b);
                    if i < 2 {
                        pre.max(0.0)
                    } else {
                        pre
                    }
                })
                .collect();
        }
        for (&got, expected) in logits.iter().zip(values) {
            assert!(
                (f64::from(got) - expected).abs() < 1e-4,
                "{got} vs {expected}"
            );
        }
    }
}
