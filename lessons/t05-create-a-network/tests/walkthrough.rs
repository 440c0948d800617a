//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::{Mnist, CLASSES};
use kit::train;
use t05_create_a_network::{drawn_digits, predict, walkthrough, workflow, ACCURACY_FLOOR};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; these say which numbers would be wrong, not only different.
#[test]
fn the_workflow_learns_and_its_verbs_agree() {
    let mnist = Mnist::embedded();
    let done = workflow(&mnist, |_| Ok(())).unwrap();
    assert!(
        done.test.accuracy >= ACCURACY_FLOOR,
        "test accuracy {} < {ACCURACY_FLOOR}",
        done.test.accuracy
    );
    // fit scored the held-out fifth after every epoch, and the loss fell.
    assert_eq!(done.history.epochs.len(), 5);
    assert!(done.history.epochs.iter().all(|e| e.validation.is_some()));
    let losses: Vec<f32> = done.history.epochs.iter().map(|e| e.train.loss).collect();
    assert!(
        losses.windows(2).all(|pair| pair[1] < pair[0]),
        "the training loss did not fall every epoch: {losses:?}"
    );
    // The last epoch's validation record scores the last 800 training images.
    let (_, held_out) = mnist.train.split_at(3200);
    let last = done.history.epochs[4].validation.unwrap();
    let dev = dfdx::prelude::AutoDevice::default();
    assert_eq!(last, train::evaluate(done.model.network(), &held_out, &dev));

    // evaluate's accuracy is the share of test images whose predicted digit is the label.
    let (probabilities, digits) = predict(&done.model, &mnist.test);
    let right = (0..mnist.test.len())
        .filter(|&i| digits[i] == mnist.test.label(i))
        .count();
    assert_eq!(right as f32 / mnist.test.len() as f32, done.test.accuracy);
    // predict returns probabilities: each row sums to 1.
    for row in probabilities.chunks(CLASSES) {
        let sum: f32 = row.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5, "a row sums to {sum}");
    }
}

#[test]
fn the_network_has_the_curriculums_parameter_count() {
    use dfdx::prelude::*;
    let network = AutoDevice::default().build_module::<t05_create_a_network::Mlp, f32>();
    assert_eq!(
        network.num_trainable_params(),
        784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10
    );
}

#[test]
fn the_drawn_digits_are_three_images_with_ink() {
    let drawn = drawn_digits();
    assert_eq!(drawn.len(), 3);
    for i in 0..3 {
        let inked = drawn.pixels(i).iter().filter(|&&p| p > 127).count();
        assert!(
            (40..300).contains(&inked),
            "image {i} has {inked} inked pixels"
        );
    }
    assert_eq!([drawn.label(0), drawn.label(1), drawn.label(2)], [1, 7, 0]);
}

#[test]
fn centring_moves_only_the_off_centre_seven_and_then_it_reads_as_a_seven() {
    use t05_create_a_network::{centre_of_mass, centred};
    let drawn = drawn_digits();
    let (moved, moves) = centred(&drawn);
    assert_eq!(moves, [(0, 0), (-1, 2), (0, 0)]);
    for i in 0..3 {
        let (x, y) = centre_of_mass(moved.pixels(i));
        assert!(
            (x - 14.0).abs() <= 0.5 && (y - 14.0).abs() <= 0.5,
            "image {i} has its centre of mass at ({x}, {y})"
        );
    }
    let done = workflow(&Mnist::embedded(), |_| Ok(())).unwrap();
    let (_, before) = predict(&done.model, &drawn);
    let (_, after) = predict(&done.model, &moved);
    assert_eq!(after, [1, 7, 0], "before centring: {before:?}");
}
