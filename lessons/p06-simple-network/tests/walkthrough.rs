//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::Mnist;
use dfdx::prelude::*;
use p06_simple_network::{step_by_step, train, walkthrough, Model, ACCURACY_FLOOR, SEED};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; this says which numbers would be wrong, not only different.
#[test]
fn the_steps_are_the_forward_pass_and_training_beats_chance() {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::seed_from_u64(SEED);
    let mut model = Model::build(&dev);
    // A batch the lesson does not print: 5 test images from the middle of the set.
    let indices = [500, 501, 502, 503, 504];
    let batch = mnist.test.batch::<Const<5>, _>(&indices, &dev);
    let steps = step_by_step(&model, batch.images.clone());
    assert_eq!(steps.x.shape().concrete(), [5, 784]);
    assert_eq!(steps.fc1.shape().concrete(), [5, 64]);
    assert_eq!(steps.relu.shape().concrete(), [5, 64]);
    assert_eq!(steps.logits.shape().concrete(), [5, 10]);
    let relu: Vec<f32> = steps.fc1.as_vec().iter().map(|v| v.max(0.0)).collect();
    assert_eq!(steps.relu.as_vec(), relu);
    assert_eq!(
        steps.logits.as_vec(),
        model.forward(batch.images.clone()).as_vec()
    );

    let untrained = kit::train::evaluate(&model, &mnist.test, &dev);
    assert!(
        (untrained.accuracy - 0.1).abs() < 0.05,
        "untrained is not near chance: {untrained:?}"
    );
    let trained = train(&mut model, &mnist, &dev).unwrap();
    assert!(
        trained.accuracy >= ACCURACY_FLOOR,
        "test accuracy {} < {ACCURACY_FLOOR}",
        trained.accuracy
    );
    assert!(trained.loss < untrained.loss / 2.0, "{trained:?}");
}
