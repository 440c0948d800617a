//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use dfdx::prelude::*;
use kit::inspect::named_parameters;
use t12_network_structure::{forward_on_host, walkthrough, Net, SequentialNet};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(walkthrough));
}

/// The snapshot pins the printed list; this says what the list must be, for any seed.
#[test]
fn the_struct_registers_both_layers_under_their_field_names() {
    let dev = AutoDevice::seed_from_u64(5);
    let model = Net::<f32, AutoDevice>::build(&dev);
    let listed = named_parameters(&model);
    let got: Vec<(&str, &[usize], bool)> = listed
        .iter()
        .map(|p| (p.name.as_str(), p.shape.as_slice(), p.trainable))
        .collect();
    assert_eq!(
        got,
        [
            ("fc1.weight", &[64, 784][..], true),
            ("fc1.bias", &[64][..], true),
            ("fc2.weight", &[10, 64][..], true),
            ("fc2.bias", &[10][..], true),
        ]
    );
    assert_eq!(listed[0].values, model.fc1.weight.as_vec());
    assert_eq!(listed[3].values, model.fc2.bias.as_vec());
    assert_eq!(model.num_trainable_params(), 784 * 64 + 64 + 64 * 10 + 10);

    let tuple = dev.build_module::<SequentialNet, f32>();
    let names: Vec<String> = named_parameters(&tuple)
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["0.0.weight", "0.0.bias", "1.weight", "1.bias"]);
}

/// `forward` is fc2(relu(fc1(x))) for a batch whose size is known only at run time, and with a
/// tape it computes the same and lets gradients reach both layers.
#[test]
fn forward_matches_the_computation_by_hand_with_and_without_a_tape() {
    let dev = AutoDevice::seed_from_u64(6);
    let mut model = Net::<f32, AutoDevice>::build(&dev);
    let x: Tensor<(usize, Const<784>), f32, _> =
        (dev.sample_normal::<Rank2<5, 784>>() * 3.0).realize();
    let expected = forward_on_host(&named_parameters(&model), &x.as_vec());
    let logits = model.forward(x.clone()).as_vec();
    assert_eq!(logits.len(), 5 * 10);
    for (got, want) in logits.iter().zip(&expected) {
        assert!((f64::from(*got) - want).abs() < 1e-4, "{got} vs {want}");
    }

    let grads = model.alloc_grads();
    let traced = model.forward_mut(x.traced(grads));
    assert_eq!(traced.as_vec(), logits);
    let grads = traced.sum::<Rank0, _>().backward();
    for gradient in [
        grads.get(&model.fc1.weight).as_vec(),
        grads.get(&model.fc2.bias).as_vec(),
    ] {
        assert!(
            gradient.iter().any(|&g| g != 0.0),
            "a layer got no gradient"
        );
    }
}
