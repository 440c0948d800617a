//! Speed of the reference CNN (t20's `Cnn`: conv 1→8 3×3, ReLU, max-pool 2, conv 8→16 3×3, ReLU,
//! max-pool 2, flatten, linear 400→10) on the CPU: one training step on a batch of 32 (forward,
//! loss, backward, Adam update), id `cnn_step`, and inference on 1,000 test images, id
//! `cnn_inference_1k`. The same two measurements as `../shared/peers/pytorch_reference.py`
//! makes of PyTorch: run both in one session, on a quiet machine, and compare.
//!
//!     ~/.cache/peers-venv/bin/python ../shared/peers/pytorch_reference.py
//!     cargo bench -p t20-mnist-cnn

#![allow(
    missing_docs,
    reason = "criterion_group! defines `pub fn benches` without a doc comment"
)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use datasets::Mnist;
use dfdx::optim::Adam;
use dfdx::prelude::*;
use t20_mnist_cnn::Cnn;

fn training_step(c: &mut Criterion) {
    let dev = Cpu::seed_from_u64(0);
    let mut model = dev.build_module::<Cnn, f32>();
    let mut adam = Adam::new(&model, Default::default());
    let indices: Vec<usize> = (0..32).collect();
    let batch = Mnist::embedded()
        .train
        .batch::<Const<32>, _>(&indices, &dev);
    // The gradients move into the traced input and come back from backward(): the Option
    // carries them from one iteration to the next, as in kit::train.
    let mut grads = Some(model.alloc_grads());
    // ANCHOR: step
    c.bench_function("cnn_step", |b| {
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
    // ANCHOR_END: step
}

fn inference(c: &mut Criterion) {
    let dev = Cpu::seed_from_u64(0);
    let model = dev.build_module::<Cnn, f32>();
    let images = Mnist::embedded()
        .test
        .in_batches(1000, &dev)
        .next()
        .unwrap()
        .images;
    assert_eq!(images.shape().0, 1000);
    c.bench_function("cnn_inference_1k", |b| {
        b.iter(|| black_box(model.forward(images.clone())))
    });
}

criterion_group!(benches, training_step, inference);
criterion_main!(benches);
