//! The lesson's output is the snapshot the book shows: any change to it fails this test.

use datasets::Mnist;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::scratch::ScratchDir;
use kit::train::FitConfig;
use p09_save_and_load::weights::{load_weights, save_weights};
use p09_save_and_load::{
    adam_config, fresh_network, logits, train, walkthrough, ACCURACY_FLOOR, BATCH,
};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    insta::assert_snapshot!("output", kit::capture(|out| walkthrough(out, &mnist)));
}

/// The snapshot pins the numbers; these say which numbers would be wrong: the network learns,
/// and both files bring back its logits exactly, in a network that started elsewhere.
#[test]
fn both_formats_bring_back_the_same_logits_bit_for_bit() {
    let mnist = Mnist::embedded();
    let trained = train(&mnist).unwrap();
    assert!(
        trained.test.accuracy >= ACCURACY_FLOOR,
        "test accuracy {} < {ACCURACY_FLOOR}",
        trained.test.accuracy
    );
    let expected = logits(&trained.model, &mnist.test);
    assert_ne!(logits(&fresh_network(), &mnist.test), expected);

    let dir = ScratchDir::new("p09-test").unwrap();
    let path = dir.join("w.safetensors");
    save_weights(&trained.model, &path).unwrap();
    let mut loaded = fresh_network();
    load_weights(&mut loaded, &path).unwrap();
    assert_eq!(logits(&loaded, &mnist.test), expected);
    // The file is its header and four bytes per weight, nothing more.
    let bytes = std::fs::read(&path).unwrap();
    let header = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    assert_eq!(
        bytes.len(),
        8 + header + 4 * trained.model.num_trainable_params()
    );

    // dfdx's calls alone, for npz.
    let npz = dir.join("w.npz");
    trained.model.save(&npz).unwrap();
    let mut loaded = fresh_network();
    loaded.load(&npz).unwrap();
    assert_eq!(logits(&loaded, &mnist.test), expected);

    // The file holds no optimizer: from the same weights, a new Adam trains differently.
    let config = FitConfig {
        epochs: 1,
        shuffle_seed: 5,
        validation: None,
    };
    let dev = AutoDevice::default();
    let (mut kept, mut adam) = (trained.model, trained.adam);
    let mut new_adam = Adam::new(&loaded, adam_config());
    kit::train::fit::<BATCH, _, _, _>(&mut kept, &mut adam, &mnist.train, config, &dev, |_| Ok(()))
        .unwrap();
    kit::train::fit::<BATCH, _, _, _>(
        &mut loaded,
        &mut new_adam,
        &mnist.train,
        config,
        &dev,
        |_| Ok(()),
    )
    .unwrap();
    let gap = p09_save_and_load::largest_weight_difference(&kept, &loaded);
    assert!(
        gap > 1e-3,
        "a new Adam trained the same as the old one: {gap}"
    );
}
