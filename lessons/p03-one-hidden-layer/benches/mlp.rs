//! Speed of the curriculum's MNIST network, 784 → 64 → 32 → 10 with ReLU, on the CPU:
//! one training step on a batch of 32 (forward, loss, backward, Adam update), and inference
//! on 1,000 test images. Run with `cargo bench -p p03-one-hidden-layer`.
//!
//! Both use real digits from the embedded sample, and the step is the one
//! `kit::train::train_one_epoch` takes, gradients reused from step to step.

#![allow(
    missing_docs,
    reason = "criterion_group! defines `pub fn benches` without a doc comment"
)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use datasets::Mnist;
use dfdx::optim::Adam;
use dfdx::prelude::*;

type Mlp = (
    (Linear<784, 64>, ReLU),
    (Linear<64, 32>, ReLU),
    Linear<32, 10>,
);

fn training_step(c: &mut Criterion) {
    let dev = AutoDevice::seed_from_u64(0);
    let mut model = dev.build_module::<Mlp, f32>();
    let mut adam = Adam::new(&model, Default::default());
    let indices: Vec<usize> = (0..32).collect();
    let batch = Mnist::embedded()
        .train
        .batch::<Const<32>, _>(&indices, &dev);
    // The gradients move into the traced input and come back from backward(): the Option
    // carries them from one iteration to the next.
    let mut grads = Some(model.alloc_grads());
    c.bench_function("training step, 784-64-32-10, batch 32", |b| {
        b.iter(|| {
            let traced = batch.images.clone().traced(grads.take().unwrap());
            let logits = model.forward_mut(traced);
            let loss = cross_entropy_with_logits_loss(logits, batch.one_hot.clone());
            let mut new_grads = loss.backward();
            adam.update(&mut model, &new_grads).unwrap();
            model.zero_grads(&mut new_grads);
            grads = Some(new_grads);
        })
    });
}

fn inference(c: &mut Criterion) {
    let dev = AutoDevice::seed_from_u64(0);
    let model = dev.build_module::<Mlp, f32>();
    let test = Mnist::embedded().test;
    let images = test.in_batches(1000, &dev).next().unwrap().images;
    assert_eq!(images.shape().0, 1000);
    c.bench_function("inference, 784-64-32-10, 1,000 images", |b| {
        b.iter(|| black_box(model.forward(images.clone())))
    });
}

criterion_group!(benches, training_step, inference);
criterion_main!(benches);
